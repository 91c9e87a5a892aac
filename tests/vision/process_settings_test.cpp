// configureProcessForReading (vision/include/bordergate/vision/mrz_reader.h), by what it is
// for, not by the settings it makes: OpenCV's parallel loops run in the calling thread, and a
// read's frame-sized buffers, taken and freed at once, are faulted in once rather than on every
// frame (counted as this thread's minor page faults, not timed).
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

#include <opencv2/core.hpp>

#include "bordergate/vision/mrz_reader.h"

namespace {

long minorFaults() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return u.ru_minflt;
}

// One "frame": six grey 1280x720 buffers alive together, written, then all freed.
void frameLikeRound(int fill) {
  constexpr std::size_t kBytes = 1280 * 720;
  std::array<char*, 6> buffers{};
  for (char*& b : buffers) {
    b = static_cast<char*>(std::malloc(kBytes));
    REQUIRE(b != nullptr);
    std::memset(b, fill, kBytes);
    asm volatile("" : : "r"(b) : "memory");  // the buffers are used: no allocation elided
  }
  for (char* b : buffers) std::free(b);
}

}  // namespace

TEST_CASE("configureProcessForReading: OpenCV's parallel loops run in the calling thread") {
  const auto settings = bordergate::vision::configureProcessForReading();
  CHECK(settings.imageWorkInCallingThread);
  std::mutex m;
  std::set<std::thread::id> threads;
  // 16 stripes of 2 ms each: long enough that a thread pool, if OpenCV had one, would take some.
  cv::parallel_for_(cv::Range(0, 16), [&](const cv::Range&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::lock_guard<std::mutex> lock(m);
    threads.insert(std::this_thread::get_id());
  }, 16);
  CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("configureProcessForReading: a frame's buffers are faulted in once, not on every frame") {
  if (!bordergate::vision::configureProcessForReading().freedMemoryKept) {
    WARN("this allocator has no such setting (not glibc, or a sanitizer's malloc): nothing to check");
    return;
  }
  frameLikeRound(1);  // the first frame maps its pages
  const long before = minorFaults();
  for (int i = 0; i < 10; ++i) frameLikeRound(i);
  const long faults = minorFaults() - before;
  INFO("minor page faults for 10 frames after the first: " << faults);
  // glibc's default trimming faults all 6 x 225 pages in again every frame (13,212 measured);
  // kept, 10 frames together fault fewer than one frame's pages (226 measured: the heap's top
  // creeps up with the test framework's small allocations).
  CHECK(faults < 1350);
}
