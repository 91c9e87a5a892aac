// Test rig: a ControllerClient talking to a BoardSimulator over a SimulatedLink on one
// ManualClock (deterministic, no sleeps), plus a raw-frame host for protocol-level tests.
#pragma once

#include <catch2/catch.hpp>

#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/simulated_controller.h"
#include "bordergate/firmware_host/simulated_link.h"

namespace bgtest {

using namespace bordergate::firmware_host;
using namespace std::chrono_literals;

struct Rig : SimulatedController {
  explicit Rig(std::uint64_t seed = 1, BoardConfig config = {}) : SimulatedController(seed, config) {}

  bool hasEvent(const std::vector<ControllerEvent>& ev, ControllerEvent::Kind k) {
    for (const auto& e : ev)
      if (e.kind == k) return true;
    return false;
  }
};

// Talks to the board directly with hand-made frames (no ARQ), for protocol edge cases.
struct RawHost {
  ManualClock clock;
  BoardSimulator board{BoardConfig{}, clock.now()};
  FrameReader reader;
  std::uint16_t seq = 100;

  // Sends one reliable frame with the next seq; returns every frame the board wrote.
  std::vector<Frame> send(MessageType t, std::vector<std::uint8_t> payload = {}, std::optional<std::uint16_t> useSeq = {}) {
    Frame f;
    f.type = static_cast<std::uint8_t>(t);
    f.seq = useSeq ? *useSeq : (seq = nextSeq(seq));
    f.payload = std::move(payload);
    auto bytes = encodeFrame(f);
    REQUIRE(bytes);
    board.receive(*bytes, clock.now());
    std::vector<Frame> out;
    reader.feed(board.takeOutput(), out);
    return out;
  }
  // The ACK/NAK answering the last sent seq.
  static const Frame* replyTo(const std::vector<Frame>& frames, std::uint16_t s) {
    for (const auto& f : frames)
      if ((f.messageType() == MessageType::Ack || f.messageType() == MessageType::Nak) && f.ack == s) return &f;
    return nullptr;
  }
  std::vector<Frame> hello() { return send(MessageType::Hello, {1, 1}); }
  // Sends one command and returns the board's ACK/NAK for it (nullopt: no reply).
  std::optional<Frame> call(MessageType t, std::vector<std::uint8_t> payload = {}) {
    auto out = send(t, std::move(payload));
    const Frame* r = replyTo(out, seq);
    return r ? std::optional<Frame>(*r) : std::nullopt;
  }
};

}  // namespace bgtest
