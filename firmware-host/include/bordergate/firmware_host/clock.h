// Injectable monotonic clock: real time for the product, manual time for deterministic
// tests and the in-process board simulator (no sleeps in unit tests).
#pragma once

#include <chrono>

namespace bordergate::firmware_host {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// std::chrono::steady_clock.
class SteadyClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

// Time moves only when told to. Not thread-safe: one thread drives a simulation.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{} + std::chrono::hours(1)) : now_(start) {}
  TimePoint now() const override { return now_; }
  void advance(std::chrono::steady_clock::duration d) { now_ += d; }
  // Moves to `t` if it is later; time never runs backwards.
  void advanceTo(TimePoint t) {
    if (t > now_) now_ = t;
  }

 private:
  TimePoint now_;
};

}  // namespace bordergate::firmware_host
