// Heartbeat safety (docs/controller-protocol.md §4), both directions: the board fails safe
// when the host's heartbeats stop; the host detects a silent board within a bounded time.
#include "sim_rig.h"

using namespace bgtest;
using bordergate::ErrorCode;

TEST_CASE("board closes the gate and latches fail-safe within kHostLossTimeout of the host's last frame") {
  Rig rig;
  REQUIRE(rig.client.openGate(std::chrono::milliseconds(60000)));
  rig.client.setHeartbeatsEnabled(false);  // a stalled heartbeat thread; reading goes on
  const auto lastHostFrame = rig.clock.now();
  rig.client.poll(kHostLossTimeout - 10ms);
  CHECK(rig.board.gate() == BoardGateState::Open);
  rig.client.poll(20ms);
  CHECK(rig.board.gate() == BoardGateState::FailSafe);
  CHECK(rig.clock.now() - lastHostFrame <= kHostLossTimeout + 10ms);
  rig.client.poll(100ms);
  // The board reported it: event + state.
  auto ev = rig.client.takeEvents();
  CHECK(rig.hasEvent(ev, ControllerEvent::Kind::FailSafe));
  CHECK(rig.client.gateState() == GateState::FailSafe);
  CHECK(rig.board.counters().failSafeTrips == 1);
}

TEST_CASE("fail-safe holds the gate closed until a new handshake, and the gate stays closed after it") {
  Rig rig;
  std::vector<ControllerEvent> events;
  REQUIRE(rig.client.connect());
  rig.link.run(700ms);  // the whole host process froze
  CHECK(rig.board.failSafe());
  rig.client.poll(100ms);
  CHECK(rig.client.gateState() == GateState::FailSafe);
  auto info = rig.client.connect();
  REQUIRE(info);
  CHECK(rig.board.gate() == BoardGateState::Closed);
  CHECK(rig.client.gateState() == GateState::Closed);
  rig.client.poll(100ms);
  events = rig.client.takeEvents();
  // §4: the board said when it failed safe (cleared = 0) and when the new session cleared the
  // latch (cleared = 1); the host told them apart (it called the clearing a closure).
  bool closed = false, cleared = false;
  for (const auto& e : events)
    if (e.kind == ControllerEvent::Kind::FailSafe) {
      if (e.value == 0) closed = e.gate == GateState::FailSafe && e.text.find("closed the gate") != std::string::npos;
      if (e.value == 1) cleared = e.gate == GateState::Closed && e.text.find("cleared") != std::string::npos;
    }
  CHECK(closed);
  CHECK(cleared);
  CHECK(rig.client.openGate());
}

TEST_CASE("a fail-safe latched while the link stayed up: opening re-handshakes, then retries (§5.2)") {
  Rig rig;
  REQUIRE(rig.client.connect());
  rig.link.run(700ms);  // the host stalled; the board latched and the link is still up
  CHECK(rig.board.failSafe());
  // Until 7 Dec 2026 this was refused (NAK FailSafeActive) until something called connect(),
  // which the kiosk never did while the board was online: "board FAIL-SAFE" until a restart.
  REQUIRE(rig.client.openGate());
  CHECK(rig.board.gate() == BoardGateState::Open);
  CHECK(rig.client.gateState() == GateState::Open);
}

TEST_CASE("heart-beating host keeps the gate open through a long idle period") {
  Rig rig;
  REQUIRE(rig.client.openGate(std::chrono::milliseconds(60000)));
  rig.client.poll(std::chrono::milliseconds(30000));
  CHECK(rig.board.gate() == BoardGateState::Open);
  CHECK(rig.board.counters().failSafeTrips == 0);
  CHECK(rig.client.stats().heartbeatsSent >= 299);
}

TEST_CASE("host detects a silent board within kBoardSilentTimeout plus one poll slice") {
  Rig rig;
  REQUIRE(rig.client.openGate());
  rig.client.poll(50ms);
  const auto hungAt = rig.clock.now();
  rig.board.hang(true, hungAt);
  ControllerEvent silent{ControllerEvent::Kind::BoardBack, 0, 0, GateState::Unknown, {}, {}};
  bool found = false;
  for (int i = 0; i < 100 && !found; ++i) {
    rig.client.poll(10ms);
    for (const auto& e : rig.client.takeEvents())
      if (e.kind == ControllerEvent::Kind::BoardSilent) {
        silent = e;
        found = true;
      }
  }
  REQUIRE(found);
  // Last board frame was <= one heartbeat period before the hang.
  CHECK(silent.at - hungAt <= kBoardSilentTimeout + 20ms);
  CHECK(silent.at - hungAt >= kBoardSilentTimeout - kHeartbeatPeriod);
  CHECK(rig.client.gateState() == GateState::Unknown);
  CHECK(rig.client.boardSilent());
  // While silent a command fails fast (one attempt), not after the full retry budget.
  const auto t0 = rig.clock.now();
  auto r = rig.client.status();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Timeout);
  CHECK(rig.clock.now() - t0 <= kAckTimeout + 20ms);
  // The hardware watchdog held the gate closed.
  CHECK(rig.board.gate() == BoardGateState::Closed);
}

TEST_CASE("the host recovers by itself when a silent board comes back") {
  Rig rig;
  REQUIRE(rig.client.connect());
  rig.board.hang(true, rig.clock.now());
  rig.client.poll(700ms);
  REQUIRE(rig.client.boardSilent());
  rig.board.hang(false, rig.clock.now());
  rig.client.poll(800ms);
  auto ev = rig.client.takeEvents();
  CHECK(rig.hasEvent(ev, ControllerEvent::Kind::BoardBack));
  CHECK_FALSE(rig.client.boardSilent());
  CHECK(rig.client.sessionOpen());
  CHECK(rig.client.gateState() == GateState::Closed);
}
