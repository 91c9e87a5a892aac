// OmpSerialScope and the libgomp interposers (see tess_omp.h).
#include "tess_omp.h"

#include <dlfcn.h>
#include <omp.h>

#include <vector>

namespace bordergate::vision {
namespace {

// Open OmpSerialScope instances on this thread.
thread_local int tSerialDepth = 0;

// Sections regions whose body runs as a direct call on this thread, innermost last: the
// next section number to hand out (1-based) and how many there are.
struct DirectSections {
  unsigned next;
  unsigned count;
};
thread_local std::vector<DirectSections> tSections;

template <typename Fn>
Fn nextDefinition(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

}  // namespace

OmpSerialScope::OmpSerialScope() : savedLevels_(omp_get_max_active_levels()) {
  omp_set_max_active_levels(0);
  ++tSerialDepth;
}

OmpSerialScope::~OmpSerialScope() {
  --tSerialDepth;
  omp_set_max_active_levels(savedLevels_);
}

}  // namespace bordergate::vision

// The libgomp entry points libtesseract imports (GCC >= 4.9 ABI; `nm -D libtesseract.so.5`).
// Each forwards to libgomp (found once through RTLD_NEXT, thread-safe static initialisation;
// the caller links libgomp) unless an OmpSerialScope is open on this thread.
using bordergate::vision::tSections;
using bordergate::vision::tSerialDepth;

// `#pragma omp parallel` and a combined `parallel for` with the default (static) schedule:
// `fn(data)` is the region's outlined body, which libgomp runs once per thread of a new team.
// Outside any team the body's loop shares its iterations among omp_get_num_threads() == 1
// thread, so one direct call runs them all.
extern "C" void GOMP_parallel(void (*fn)(void*), void* data, unsigned numThreads, unsigned flags) {
  using Fn = void (*)(void (*)(void*), void*, unsigned, unsigned);
  static const Fn next = bordergate::vision::nextDefinition<Fn>("GOMP_parallel");
  if (tSerialDepth > 0 || next == nullptr) {
    fn(data);
    return;
  }
  next(fn, data, numThreads, flags);
}

// `#pragma omp parallel sections` (LSTM::Forward's four gates, once per time step): libgomp
// starts a team with a work share of `count` sections, and each thread's body asks
// GOMP_sections_next for section numbers until it gets 0, then calls
// GOMP_sections_end_nowait. A direct call hands the one thread every section, 1..count, in
// order, from tSections.
extern "C" void GOMP_parallel_sections(void (*fn)(void*), void* data, unsigned numThreads, unsigned count,
                                       unsigned flags) {
  using Fn = void (*)(void (*)(void*), void*, unsigned, unsigned, unsigned);
  static const Fn next = bordergate::vision::nextDefinition<Fn>("GOMP_parallel_sections");
  if (tSerialDepth > 0 || next == nullptr) {
    struct Direct {
      explicit Direct(unsigned n) { tSections.push_back({1, n}); }
      ~Direct() { tSections.pop_back(); }
    } const direct(count);
    fn(data);
    return;
  }
  next(fn, data, numThreads, count, flags);
}

extern "C" unsigned GOMP_sections_next() {
  if (!tSections.empty()) {
    auto& s = tSections.back();
    return s.next <= s.count ? s.next++ : 0;
  }
  using Fn = unsigned (*)();
  static const Fn next = bordergate::vision::nextDefinition<Fn>("GOMP_sections_next");
  return next ? next() : 0;
}

extern "C" void GOMP_sections_end_nowait() {
  if (!tSections.empty()) return;  // the direct call's own end: nothing to release
  using Fn = void (*)();
  static const Fn next = bordergate::vision::nextDefinition<Fn>("GOMP_sections_end_nowait");
  if (next) next();
}
