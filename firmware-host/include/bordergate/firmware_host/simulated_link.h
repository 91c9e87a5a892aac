// SimulatedLink: a Transport that connects a ControllerClient to an in-process
// BoardSimulator through a fault injector (dropped, duplicated, corrupted, delayed frames),
// in simulated time on a ManualClock: deterministic for a given seed, and fast (no sleeps).
#pragma once

#include <chrono>
#include <functional>
#include <cstdint>
#include <random>
#include <vector>

#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/clock.h"
#include "bordergate/firmware_host/frame_codec.h"
#include "bordergate/firmware_host/transport.h"

namespace bordergate::firmware_host {

// Per-frame fault probabilities (0..1) for one direction. Faults are decided per whole
// frame (split at the 0x00 delimiter) and independently of each other, except that a
// dropped frame gets no other fault.
struct FaultConfig {
  double drop = 0;
  double duplicate = 0;
  double corrupt = 0;    // one random bit flipped in one random byte of the frame
  double delay = 0;      // extra delay, uniform in [1 ms, maxDelay]
  std::chrono::milliseconds maxDelay{40};
};

struct FaultStats {
  std::uint64_t frames = 0;
  std::uint64_t dropped = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t corrupted = 0;
  std::uint64_t delayed = 0;
};

// Contract: the client, the link and the board share `clock`; receive() advances it (to the
// next in-flight delivery or board timer, or the timeout), running the board meanwhile.
// Single-threaded. Borrowed references must outlive the link.
class SimulatedLink final : public Transport {
 public:
  SimulatedLink(BoardSimulator& board, ManualClock& clock, std::uint64_t seed = 1);

  void setFaults(const FaultConfig& toBoard, const FaultConfig& toHost);
  void setFaults(const FaultConfig& both) { setFaults(both, both); }
  // One-way latency of the link (default 1 ms: one USB full-speed frame, USB 2.0 §5.8).
  void setLatency(std::chrono::milliseconds latency) { latency_ = latency; }
  // Simulates the cable pulled (send/receive fail with Io) or plugged back.
  void setUnplugged(bool unplugged) { unplugged_ = unplugged; }
  // Drops every frame to the host that `drop` picks (an intact frame, decoded), besides the
  // random faults: for a loss at one exact moment (tests). Empty: none.
  void dropToHostIf(std::function<bool(const Frame&)> drop) { dropToHost_ = std::move(drop); }

  Result<void> send(std::span<const std::uint8_t> bytes) override;
  Result<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override;
  std::string describe() const override { return "simulator"; }

  // Runs the world for `d` without the host reading (a frozen host process). Bytes for the
  // host are kept and returned by the next receive().
  void run(std::chrono::milliseconds d);

  const FaultStats& toBoardStats() const { return toBoardStats_; }
  const FaultStats& toHostStats() const { return toHostStats_; }

 private:
  struct InFlight {
    Clock::TimePoint at;
    std::uint64_t order;
    bool toBoard;
    std::vector<std::uint8_t> bytes;
  };
  void inject(std::span<const std::uint8_t> bytes, bool toBoard);
  void schedule(std::vector<std::uint8_t> frame, bool toBoard, std::chrono::microseconds extra);
  // Delivers what is due at the current time and runs the board's timers.
  void settle();
  Clock::TimePoint nextEvent() const;
  bool roll(double p);

  BoardSimulator& board_;
  ManualClock& clock_;
  std::mt19937_64 rng_;
  FaultConfig toBoard_, toHost_;
  FaultStats toBoardStats_, toHostStats_;
  std::chrono::milliseconds latency_{1};
  std::function<bool(const Frame&)> dropToHost_;
  bool unplugged_ = false;
  std::vector<InFlight> inFlight_;
  std::uint64_t order_ = 0;
  std::vector<std::uint8_t> hostInbox_;
};

}  // namespace bordergate::firmware_host
