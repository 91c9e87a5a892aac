// Tesseract's OpenMP regions, run as plain calls in the reading thread.
//
// Debian's libtesseract is built with OpenMP: LSTM::Forward opens a parallel region for its
// four gates at every time step (tesseract/src/lstm/lstm.cpp, PARALLEL_IF_OPENMP(GFS):
// `#pragma omp parallel sections`, one section per gate), thousands of regions per frame. The
// reader wants one thread per frame (mrz_reader.h), so regions must not fork. With no active
// parallel level (omp_set_max_active_levels(0)) libgomp runs each region in the calling
// thread, but it still builds a one-thread team and ends it at a barrier whose release is a
// futex wake system call, whether or not anyone waits: about 7,900 system calls per frame
// (strace, camera-easy). Without them a read costs about 15 % less CPU (docs/vision.md,
// "Fourteenth round").
//
// tess_omp.cpp therefore defines the libgomp entry points libtesseract imports itself
// (GOMP_parallel, GOMP_parallel_sections, GOMP_sections_next, GOMP_sections_end_nowait; ELF
// symbol interposition, as tess_png.h does for libpng: the executable's definition comes first
// in the dynamic linker's lookup, so libtesseract's calls reach it). Inside an OmpSerialScope,
// on the same thread, a region's body is called once, directly: it sees one thread
// (omp_get_num_threads() 1, omp_get_thread_num() 0), a loop runs every iteration and a
// `sections` body is handed every section in order, exactly as in a team of one, without the
// team. Elsewhere (other threads, outside any scope) every call goes to libgomp unchanged.
//
// Contract: the interposition needs the symbols in the executable's dynamic symbol table; the
// bordergate_vision target asks the linker for that (vision/src/reader/CMakeLists.txt), and
// tests/vision/tess_omp_test.cpp checks both the lookup and the behaviour. If it were ever
// missing, the scope still serialises the regions through libgomp (max active levels 0):
// reads stay the same, only the speed-up is lost. A region inside a direct `sections` body
// must not open an orphaned `sections` construct (GOMP_sections_start, not interposed); no
// Tesseract code does.
#pragma once

namespace bordergate::vision {

// While alive, OpenMP parallel regions started on this thread run in this thread only: as
// direct calls of their body where they come through GOMP_parallel or GOMP_parallel_sections
// (libtesseract's only kinds of region), through libgomp with no active parallel level
// otherwise. Nests; other threads are unaffected; the thread's own max-active-levels setting
// is restored at the end.
class OmpSerialScope {
 public:
  OmpSerialScope();
  ~OmpSerialScope();
  OmpSerialScope(const OmpSerialScope&) = delete;
  OmpSerialScope& operator=(const OmpSerialScope&) = delete;

 private:
  int savedLevels_;
};

}  // namespace bordergate::vision
