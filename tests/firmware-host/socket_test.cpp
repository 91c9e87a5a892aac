// The ControllerClient on the real clock against the board simulator on its own thread over
// a socketpair: the protocol across a real OS boundary with real timeouts (about 1.5 s).
#include <catch2/catch.hpp>

#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/socket_transport.h"

using namespace bordergate;
using namespace bordergate::firmware_host;
using namespace std::chrono_literals;

TEST_CASE("real time over a socketpair: handshake, gate commands and events") {
  BoardSimulatorThread sim;
  auto transport = sim.start();
  REQUIRE(transport);
  SteadyClock clock;
  ControllerClient client(**transport, clock);
  REQUIRE(client.connect());
  REQUIRE(client.openGate());
  BoardGateState truth = BoardGateState::Closed;
  sim.withBoard([&](BoardSimulator& b) { truth = b.gate(); });
  CHECK(truth == BoardGateState::Open);
  sim.withBoard([](BoardSimulator& b) { b.setDocumentPresent(true); });
  client.poll(150ms);
  bool doc = false;
  for (const auto& e : client.takeEvents()) doc = doc || e.kind == ControllerEvent::Kind::DocumentPresent;
  CHECK(doc);
  REQUIRE(client.closeGate());
  CHECK(client.gateState() == GateState::Closed);
}

TEST_CASE("real time over a socketpair: the board fails safe when the host stops heart-beating") {
  BoardSimulatorThread sim;
  auto transport = sim.start();
  REQUIRE(transport);
  SteadyClock clock;
  ControllerClient client(**transport, clock);
  REQUIRE(client.openGate(60000ms));
  client.setHeartbeatsEnabled(false);
  const auto t0 = clock.now();
  while (client.gateState() != GateState::FailSafe && clock.now() - t0 < 2s) client.poll(20ms);
  CHECK(client.gateState() == GateState::FailSafe);
  // Not a timed assertion on a loaded machine: only that it happened within 4x the bound.
  CHECK(clock.now() - t0 < 4 * kHostLossTimeout);
}

TEST_CASE("real time over a socketpair: a vanished board is an Io error, not a hang or a signal") {
  BoardSimulatorThread sim;
  auto transport = sim.start();
  REQUIRE(transport);
  SteadyClock clock;
  ControllerClient client(**transport, clock);
  REQUIRE(client.connect());
  sim.stop();
  auto r = client.status();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Io);
  CHECK(client.gateState() == GateState::Unknown);
}
