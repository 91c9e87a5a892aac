// OmpSerialScope (vision/src/reader/tess_omp.h): libtesseract's OpenMP regions must run in the
// reading thread as direct calls, without libgomp's team (whose end costs a futex system call
// per region), and every section and loop iteration must still run exactly once. Outside the
// scope, and on other threads, OpenMP must behave as usual. The regions here are compiled
// with -fopenmp, so they call the same libgomp entry points as libtesseract's
// (GOMP_parallel_sections for LSTM::Forward's gates, GOMP_parallel).
#include <catch2/catch.hpp>

#include <dlfcn.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "tess_omp.h"

using bordergate::vision::OmpSerialScope;

extern "C" void GOMP_parallel(void (*fn)(void*), void* data, unsigned numThreads, unsigned flags);
extern "C" void GOMP_parallel_sections(void (*fn)(void*), void* data, unsigned numThreads, unsigned count,
                                       unsigned flags);
extern "C" unsigned GOMP_sections_next();
extern "C" void GOMP_sections_end_nowait();

namespace {

// What one `parallel sections` region with four sections saw: the order the sections ran in,
// whether each ran in the calling thread, and the nesting level inside (0: no team was made).
struct SectionsRun {
  std::vector<int> order;
  bool allInCaller = true;
  int level = -1;
  int threads = 0;
};

SectionsRun runFourSections() {
  SectionsRun run;
  const std::thread::id caller = std::this_thread::get_id();
  auto note = [&](int i) {
#pragma omp critical
    {
      run.order.push_back(i);
      run.allInCaller = run.allInCaller && std::this_thread::get_id() == caller;
      run.level = omp_get_level();
      run.threads = std::max(run.threads, omp_get_num_threads());
    }
  };
#pragma omp parallel sections num_threads(4)
  {
#pragma omp section
    note(1);
#pragma omp section
    note(2);
#pragma omp section
    note(3);
#pragma omp section
    note(4);
  }
  return run;
}

}  // namespace

TEST_CASE("libtesseract's OpenMP entry points resolve to the reader's direct-call versions") {
  // The dynamic linker binds libtesseract's GOMP_* references to the first definition in the
  // global lookup scope: the executable's, if it exports them (vision/src/reader/CMakeLists.txt).
  CHECK(dlsym(RTLD_DEFAULT, "GOMP_parallel") == reinterpret_cast<void*>(&GOMP_parallel));
  CHECK(dlsym(RTLD_DEFAULT, "GOMP_parallel_sections") == reinterpret_cast<void*>(&GOMP_parallel_sections));
  CHECK(dlsym(RTLD_DEFAULT, "GOMP_sections_next") == reinterpret_cast<void*>(&GOMP_sections_next));
  CHECK(dlsym(RTLD_DEFAULT, "GOMP_sections_end_nowait") == reinterpret_cast<void*>(&GOMP_sections_end_nowait));
  // ... and libgomp's own definitions are still there to forward to.
  CHECK(dlsym(RTLD_NEXT, "GOMP_parallel_sections") != nullptr);
  CHECK(dlsym(RTLD_NEXT, "GOMP_parallel_sections") != reinterpret_cast<void*>(&GOMP_parallel_sections));
}

TEST_CASE("inside OmpSerialScope a parallel sections region runs each section once, in the caller, without a team") {
  SectionsRun run;
  {
    const OmpSerialScope serial;
    run = runFourSections();
  }
  CHECK(run.order == std::vector<int>{1, 2, 3, 4});
  CHECK(run.allInCaller);
  CHECK(run.threads == 1);
  CHECK(run.level == 0);  // libgomp's team of one would be level 1

  // Twice in a row, and nested in a section of another region.
  std::vector<int> inner;
  {
    const OmpSerialScope serial;
    CHECK(runFourSections().order == std::vector<int>{1, 2, 3, 4});
#pragma omp parallel sections num_threads(2)
    {
#pragma omp section
      inner.push_back(10);
#pragma omp section
      for (int i : runFourSections().order) inner.push_back(i);
    }
  }
  CHECK(inner == std::vector<int>{10, 1, 2, 3, 4});
}

TEST_CASE("inside OmpSerialScope a parallel for region runs every iteration once, in the caller") {
  std::vector<int> hits(1000, 0);
  std::atomic<int> elsewhere{0}, level{-1};
  const std::thread::id caller = std::this_thread::get_id();
  {
    const OmpSerialScope serial;
#pragma omp parallel for num_threads(4)
    for (int i = 0; i < 1000; ++i) {
      ++hits[static_cast<std::size_t>(i)];
      if (std::this_thread::get_id() != caller) ++elsewhere;
      level = omp_get_level();
    }
  }
  CHECK(std::count(hits.begin(), hits.end(), 1) == 1000);
  CHECK(elsewhere == 0);
  CHECK(level == 0);
}

TEST_CASE("outside OmpSerialScope, and on other threads, OpenMP regions get their team") {
  const int levelsBefore = omp_get_max_active_levels();
  {
    const OmpSerialScope serial;
    CHECK(omp_get_max_active_levels() == 0);
    // Another thread is not in the scope: its region is a real one (level 1, its sections
    // all run once).
    SectionsRun other;
    std::thread([&] { other = runFourSections(); }).join();
    CHECK(other.level == 1);
    std::sort(other.order.begin(), other.order.end());
    CHECK(other.order == std::vector<int>{1, 2, 3, 4});
  }
  CHECK(omp_get_max_active_levels() == levelsBefore);
  SectionsRun after = runFourSections();
  CHECK(after.level == 1);
  std::sort(after.order.begin(), after.order.end());
  CHECK(after.order == std::vector<int>{1, 2, 3, 4});
  int level = -1;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    level = omp_get_level();
  }
  CHECK(level == 1);  // a parallel region after the scope went through libgomp again
}
