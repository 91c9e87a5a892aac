// ControllerClient against the BoardSimulator on a clean link: handshake, gate, lights,
// buzzer, illumination, events, auto-close, tamper, version mismatch, board reboot.
#include "sim_rig.h"

using namespace bgtest;
using bordergate::ErrorCode;

TEST_CASE("handshake reports firmware version, serial and a closed gate") {
  Rig rig;
  auto info = rig.client.connect();
  REQUIRE(info);
  CHECK(info->protocolVersion == kProtocolVersion);
  CHECK(info->firmwareVersion == 0x010000);
  CHECK(info->serial == BoardConfig{}.serial);
  CHECK_FALSE(info->rolledBack);
  CHECK(rig.client.gateState() == GateState::Closed);
  CHECK(rig.board.sessionOpen());
}

TEST_CASE("gate state is Unknown before the board has reported") {
  Rig rig;
  CHECK(rig.client.gateState() == GateState::Unknown);
}

TEST_CASE("open and close: the acknowledged status matches the board") {
  Rig rig;
  auto open = rig.client.openGate();  // connects on demand
  REQUIRE(open);
  CHECK(open->gate == GateState::Open);
  CHECK(rig.board.gate() == BoardGateState::Open);
  CHECK(rig.client.gateState() == GateState::Open);
  auto closed = rig.client.closeGate();
  REQUIRE(closed);
  CHECK(closed->gate == GateState::Closed);
  CHECK(rig.board.gate() == BoardGateState::Closed);
  auto st = rig.client.status();
  REQUIRE(st);
  CHECK(st->gate == GateState::Closed);
}

TEST_CASE("lights, buzzer and illumination reach the board") {
  Rig rig;
  REQUIRE(rig.client.setLights(LightColor::Green, true));
  CHECK(rig.board.lights() == LightColor::Green);
  CHECK(rig.board.lightsBlink());
  REQUIRE(rig.client.buzzer(BuzzerPattern::Short, 200ms));
  CHECK(rig.board.buzzer() == BuzzerPattern::Short);
  rig.client.poll(300ms);
  CHECK(rig.board.buzzer() == BuzzerPattern::Off);  // the board ends the beep itself
  for (auto m : {IlluminationMode::White, IlluminationMode::Infrared, IlluminationMode::Ultraviolet, IlluminationMode::Off}) {
    REQUIRE(rig.client.setIllumination(m, 80));
    CHECK(rig.board.illumination() == m);
  }
  CHECK(rig.board.illuminationLevel() == 0);
}

TEST_CASE("invalid arguments are refused before anything is sent") {
  Rig rig;
  REQUIRE(rig.client.connect());
  const auto sent = rig.client.stats().commands;
  auto r = rig.client.openGate(500ms);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  CHECK_FALSE(rig.client.setIllumination(IlluminationMode::White, 101));
  CHECK(rig.client.stats().commands == sent);
}

TEST_CASE("a passage through the exit light barrier reaches the host once, with the gate generation of that opening") {
  Rig rig;
  auto open = rig.client.openGate();
  REQUIRE(open);
  const auto generation = open->generation;
  rig.board.passage();
  rig.client.poll(200ms);
  int passages = 0;
  for (const auto& e : rig.client.takeEvents())
    if (e.kind == ControllerEvent::Kind::Passage) {
      ++passages;
      CHECK(e.value == generation);
    }
  CHECK(passages == 1);
  // After a close and a new open the generation moved on: an old passage cannot match it.
  REQUIRE(rig.client.closeGate());
  auto again = rig.client.openGate();
  REQUIRE(again);
  CHECK(again->generation != generation);
}

TEST_CASE("document, tamper and error events reach the host exactly once") {
  Rig rig;
  REQUIRE(rig.client.connect());
  rig.board.setDocumentPresent(true);
  rig.board.reportError(7, "IR LED current low");
  rig.client.poll(200ms);
  auto ev = rig.client.takeEvents();
  int docs = 0, errors = 0;
  for (const auto& e : ev) {
    if (e.kind == ControllerEvent::Kind::DocumentPresent) {
      ++docs;
      CHECK(e.value == 1);
    }
    if (e.kind == ControllerEvent::Kind::BoardError) {
      ++errors;
      CHECK(e.value == 7);
      CHECK(e.text == "IR LED current low");
    }
  }
  CHECK(docs == 1);
  CHECK(errors == 1);
  CHECK(rig.client.lastStatus().documentPresent);
}

TEST_CASE("tamper closes an open gate and opening is refused while it lasts") {
  Rig rig;
  REQUIRE(rig.client.openGate());
  rig.board.setTamper(true);
  rig.client.poll(100ms);
  CHECK(rig.board.gate() == BoardGateState::Closed);
  CHECK(rig.client.gateState() == GateState::Closed);
  auto ev = rig.client.takeEvents();
  CHECK(rig.hasEvent(ev, ControllerEvent::Kind::Tamper));
  CHECK(rig.hasEvent(ev, ControllerEvent::Kind::GateChanged));
  auto r = rig.client.openGate();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Busy);
  CHECK(r.error().message.find("TamperActive") != std::string::npos);
  rig.board.setTamper(false);
  rig.client.poll(100ms);
  CHECK(rig.client.openGate());
}

TEST_CASE("an open gate closes by itself after its maximum open time") {
  Rig rig;
  REQUIRE(rig.client.openGate(1000ms));
  rig.client.poll(900ms);
  CHECK(rig.board.gate() == BoardGateState::Open);
  rig.client.poll(200ms);
  CHECK(rig.board.gate() == BoardGateState::Closed);
  CHECK(rig.client.gateState() == GateState::Closed);
  bool autoClose = false;
  for (const auto& e : rig.client.takeEvents())
    if (e.kind == ControllerEvent::Kind::GateChanged && e.detail == static_cast<int>(GateChangeReason::AutoClose)) autoClose = true;
  CHECK(autoClose);
}

TEST_CASE("a protocol version mismatch is reported as Unsupported with what to do") {
  BoardConfig cfg;
  cfg.minProtocol = 2;
  cfg.maxProtocol = 3;
  Rig rig(1, cfg);
  auto r = rig.client.connect();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Unsupported);
  CHECK(r.error().message.find("update the host software or the board firmware") != std::string::npos);
}

TEST_CASE("after a board reboot the client re-opens the session by itself") {
  Rig rig;
  REQUIRE(rig.client.openGate());
  rig.board.hang(true, rig.clock.now());
  rig.board.hang(false, rig.clock.now());  // watchdog reset -> reboot
  rig.client.poll(600ms);
  auto ev = rig.client.takeEvents();
  CHECK(rig.hasEvent(ev, ControllerEvent::Kind::BoardRebooted));
  CHECK(rig.client.sessionOpen());
  CHECK(rig.client.gateState() == GateState::Closed);
  CHECK(rig.board.gate() == BoardGateState::Closed);
  CHECK(rig.client.openGate());
}

TEST_CASE("an unplugged link fails commands with Io and leaves the gate Unknown") {
  Rig rig;
  REQUIRE(rig.client.connect());
  rig.link.setUnplugged(true);
  auto r = rig.client.closeGate();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Io);
  CHECK(r.error().message.find("plug") != std::string::npos);
  CHECK(rig.client.gateState() == GateState::Unknown);
  rig.link.setUnplugged(false);
  rig.client.poll(700ms);
  auto st = rig.client.status();
  REQUIRE(st);
  CHECK(rig.client.gateState() != GateState::Unknown);
}
