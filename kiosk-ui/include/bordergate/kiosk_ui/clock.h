// Clocks: the system clock for the appliance and a manual clock for tests and the benchmark.
#pragma once

#include <chrono>

#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

// steady_clock + system_clock. The real adapter (not interim).
class SystemClock final : public Clock {
 public:
  MonoTime monotonic() const override { return std::chrono::steady_clock::now(); }
  WallTime wall() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told. advance() moves both clocks together (time passing);
// jumpWall() moves only the wall clock (an NTP step or an operator setting the date), which
// must not change any running timer.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(WallTime wallStart = WallTime{std::chrono::hours(24 * 20000)})
      : wall_(wallStart) {}
  MonoTime monotonic() const override { return mono_; }
  WallTime wall() const override { return wall_; }
  void advance(std::chrono::milliseconds d) {
    mono_ += d;
    wall_ += d;
  }
  void jumpWall(std::chrono::milliseconds d) { wall_ += d; }
  // A reboot: the monotonic clock restarts from an unrelated origin, wall time keeps going.
  void reboot(std::chrono::milliseconds downtime) {
    mono_ = MonoTime{} + std::chrono::hours(1);
    wall_ += downtime;
  }

 private:
  MonoTime mono_ = MonoTime{} + std::chrono::hours(1000);
  WallTime wall_;
};

}  // namespace bordergate::kiosk_ui
