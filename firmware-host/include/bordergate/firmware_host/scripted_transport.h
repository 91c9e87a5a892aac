// ScriptedTransport: a libusb-style scripted conversation for tests — each step is the exact
// bytes the host must send and the canned bytes (or the error) the "device" answers with.
// Host heartbeat frames are let through unless a step expects them (their timing is
// the client's business, not the script's).
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/firmware_host/clock.h"
#include "bordergate/firmware_host/frame_codec.h"
#include "bordergate/firmware_host/transport.h"

namespace bordergate::firmware_host {

class ScriptedTransport final : public Transport {
 public:
  // `clock` advances by the timeout of every receive() that finds nothing queued.
  explicit ScriptedTransport(ManualClock& clock) : clock_(clock) {}

  // Next, the host must send exactly `frameOut` (a whole encoded frame); the device then
  // answers with `reply` (may be empty = silence, or garbage).
  void expect(const Frame& frameOut, std::vector<std::uint8_t> reply);
  void expect(const Frame& frameOut, const Frame& reply);
  // Next, the host sends `frameOut` and the transfer fails with `error` (e.g. unplugged).
  void expectError(const Frame& frameOut, Error error);

  Result<void> send(std::span<const std::uint8_t> bytes) override;
  Result<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override;
  std::string describe() const override { return "scripted"; }

  // True when every step was consumed and nothing unexpected was sent.
  bool complete() const { return steps_.empty() && mismatch_.empty(); }
  const std::string& mismatch() const { return mismatch_; }
  int heartbeatsSeen() const { return heartbeats_; }

 private:
  struct Step {
    std::vector<std::uint8_t> out;
    std::vector<std::uint8_t> reply;
    std::optional<Error> error;
  };
  ManualClock& clock_;
  std::deque<Step> steps_;
  std::vector<std::uint8_t> pending_;
  std::string mismatch_;
  int heartbeats_ = 0;
};

}  // namespace bordergate::firmware_host
