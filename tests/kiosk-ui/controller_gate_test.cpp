// ControllerGate over the in-process board simulator (real time, bounded waits) and over
// USB with no board attached.
#include <catch2/catch.hpp>

#include <thread>

#include "bordergate/kiosk_adapters/controller_gate.h"

using namespace bordergate;
using namespace bordergate::kiosk_adapters;
using namespace bordergate::kiosk_ui;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

namespace {

template <class Cond>
bool waitFor(Cond cond, Steady::duration limit = 3s) {
  const auto end = Steady::now() + limit;
  while (Steady::now() < end && !cond()) std::this_thread::sleep_for(5ms);
  return cond();
}

}  // namespace

TEST_CASE("controller gate: open, the board reports it open, a passage is detected, close") {
  ControllerGateOptions o;
  o.simulatedWalkThrough = 300ms;
  auto gate = ControllerGate::simulated(o);
  REQUIRE(waitFor([&] { return gate->status(Steady::now()).healthy; }));
  CHECK(gate->status(Steady::now()).health.rfind("board ok (simulator", 0) == 0);
  CHECK_FALSE(gate->status(Steady::now()).open);
  REQUIRE(gate->open());
  REQUIRE(gate->setLight(GateLight::Green));
  CHECK(waitFor([&] { return gate->status(Steady::now()).open; }));
  CHECK(gate->status(Steady::now()).light == GateLight::Green);
  CHECK(waitFor([&] { return gate->status(Steady::now()).passageDetected; }));
  REQUIRE(gate->close());
  CHECK(waitFor([&] { return !gate->status(Steady::now()).open; }));
  CHECK_FALSE(gate->status(Steady::now()).passageDetected);
}

TEST_CASE("controller gate: nobody walks through, no passage is reported") {
  ControllerGateOptions o;
  o.simulatedWalkThrough = std::nullopt;
  auto gate = ControllerGate::simulated(o);
  REQUIRE(waitFor([&] { return gate->status(Steady::now()).healthy; }));
  REQUIRE(gate->open());
  std::this_thread::sleep_for(500ms);
  CHECK(gate->status(Steady::now()).open);
  CHECK_FALSE(gate->status(Steady::now()).passageDetected);
}

TEST_CASE("controller gate: a board gone offline fails open() with a message and says 'board offline'") {
  auto gate = ControllerGate::simulated();
  REQUIRE(waitFor([&] { return gate->status(Steady::now()).healthy; }));
  gate->simulateUnplugged(true);
  REQUIRE(waitFor([&] { return !gate->status(Steady::now()).healthy; }));
  const auto st = gate->status(Steady::now());
  CHECK(st.health.rfind("board offline", 0) == 0);
  CHECK_FALSE(st.open);
  auto r = gate->open();
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("board offline") != std::string::npos);
  CHECK(r.error().message.find("cannot open the gate") != std::string::npos);
  // Plugged back: the gate re-handshakes by itself (within its 1 s reconnect interval).
  gate->simulateUnplugged(false);
  REQUIRE(waitFor([&] { return gate->status(Steady::now()).healthy; }, 5s));
  CHECK(gate->open());
}

TEST_CASE("controller gate over USB with no board attached: offline, open() fails, no crash") {
  auto gate = ControllerGate::usb();
  std::this_thread::sleep_for(100ms);
  const auto st = gate->status(Steady::now());
  CHECK_FALSE(st.healthy);
  CHECK(st.health.rfind("board offline", 0) == 0);
  auto r = gate->open();
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("board offline") != std::string::npos);
  // The simulator hint names the kiosk's own option (it said `--sim`, the CLI's spelling).
  const auto& why = r.error().message;
  INFO(why);
  if (why.find("no controller board") != std::string::npos) {
    CHECK(why.find("--board sim") != std::string::npos);
    CHECK(why.find("use --sim") == std::string::npos);
  }
}
