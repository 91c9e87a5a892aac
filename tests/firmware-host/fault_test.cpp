// Fault injection (issue 6 acceptance): every fault type of the SimulatedLink — dropped,
// duplicated, corrupted, delayed frames — is survived: each command is acknowledged or
// reported failed, executed at most once, and the gate state the host shows is true.
#include "sim_rig.h"

#include <random>

using namespace bgtest;

namespace {

// Runs `n` gate/lights commands; checks after each that a known host gate state is the
// board's real state. Returns {acknowledged, failed}.
std::pair<int, int> drive(Rig& rig, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  int ok = 0, failed = 0;
  for (int i = 0; i < n; ++i) {
    bool success = false;
    switch (rng() % 4) {
      case 0: success = rig.client.openGate(std::chrono::milliseconds(60000)).has_value(); break;
      case 1: success = rig.client.closeGate().has_value(); break;
      case 2: success = rig.client.status().has_value(); break;
      default: success = rig.client.setLights(static_cast<LightColor>(rng() % 5)).has_value(); break;
    }
    (success ? ok : failed)++;
    const auto shown = rig.client.gateState();
    if (shown != GateState::Unknown) {
      const auto truth = rig.board.gate();
      const bool match = (shown == GateState::Open && truth == BoardGateState::Open) ||
                         (shown == GateState::Closed && truth == BoardGateState::Closed) ||
                         (shown == GateState::FailSafe && truth == BoardGateState::FailSafe);
      if (!match) FAIL("host shows gate " << gateStateName(shown) << " but the board is " << static_cast<int>(truth) << " at command " << i);
    }
  }
  return {ok, failed};
}

void checkAccounting(Rig& rig) {
  const auto& s = rig.client.stats();
  // Every reliable frame the host sent ended as exactly one of: ACK, NAK, reported failure.
  CHECK(s.commands == s.acknowledged + s.refused + s.failed);
  // The board executed each command at most once: never more than the host issued.
  CHECK(rig.board.counters().commandsExecuted <= s.commands);
}

}  // namespace

TEST_CASE("fault: dropped frames are recovered by retransmission") {
  Rig rig(11);
  FaultConfig f;
  f.drop = 0.2;
  rig.link.setFaults(f);
  auto [ok, failed] = drive(rig, 300, 1);
  CHECK(rig.link.toBoardStats().dropped > 20);
  CHECK(rig.link.toHostStats().dropped > 20);
  CHECK(rig.client.stats().retransmissions > 20);
  CHECK(ok >= 295);  // p(6 losses in a row) ~ 0.36^6 per command
  CHECK(ok + failed == 300);
  checkAccounting(rig);
}

TEST_CASE("fault: duplicated frames are executed once") {
  Rig rig(12);
  FaultConfig f;
  f.duplicate = 0.5;
  rig.link.setFaults(f);
  auto [ok, failed] = drive(rig, 300, 2);
  CHECK(failed == 0);
  CHECK(ok == 300);
  CHECK(rig.link.toBoardStats().duplicated > 100);
  CHECK(rig.board.counters().duplicatesAnswered > 100);
  // With no losses every command got exactly one reply: executed == issued, exactly once.
  CHECK(rig.board.counters().commandsExecuted == rig.client.stats().commands);
  CHECK(rig.client.stats().duplicateEvents + rig.client.stats().acknowledged >= 300);
  checkAccounting(rig);
}

TEST_CASE("fault: corrupted frames are rejected by the CRC and recovered") {
  Rig rig(13);
  FaultConfig f;
  f.corrupt = 0.2;
  rig.link.setFaults(f);
  auto [ok, failed] = drive(rig, 300, 3);
  CHECK(rig.link.toBoardStats().corrupted > 20);
  CHECK(rig.board.counters().framesRejected > 20);
  CHECK(rig.client.stats().framesRejected > 20);
  CHECK(ok >= 295);
  CHECK(ok + failed == 300);
  checkAccounting(rig);
}

TEST_CASE("fault: delayed and reordered frames do not confuse sequence numbers") {
  Rig rig(14);
  FaultConfig f;
  f.delay = 0.5;
  f.maxDelay = std::chrono::milliseconds(120);  // longer than kAckTimeout: forces spurious retransmissions
  rig.link.setFaults(f);
  auto [ok, failed] = drive(rig, 300, 4);
  CHECK(rig.link.toBoardStats().delayed > 100);
  CHECK(rig.client.stats().retransmissions > 10);
  CHECK(rig.board.counters().duplicatesAnswered + rig.board.counters().staleDropped > 10);
  CHECK(rig.client.stats().staleReports > 0);  // late heartbeats were recognised as old
  CHECK(ok + failed == 300);
  CHECK(ok >= 290);
  checkAccounting(rig);
}

TEST_CASE("soak: 10000 commands over a faulty link are each acknowledged or reported failed and the gate state is always true") {
  Rig rig(2026);
  FaultConfig f;
  f.drop = 0.03;
  f.duplicate = 0.03;
  f.corrupt = 0.03;
  f.delay = 0.05;
  f.maxDelay = std::chrono::milliseconds(60);
  rig.link.setFaults(f);
  auto [ok, failed] = drive(rig, 10000, 99);
  CHECK(ok + failed == 10000);
  CHECK(ok >= 9990);
  checkAccounting(rig);
  // The board never failed safe: the host kept heart-beating through the faults.
  CHECK(rig.board.counters().failSafeTrips == 0);
  const auto& tb = rig.link.toBoardStats();
  const auto& th = rig.link.toHostStats();
  CHECK(tb.dropped > 0);
  CHECK(tb.duplicated > 0);
  CHECK(tb.corrupted > 0);
  CHECK(tb.delayed > 0);
  CHECK(th.dropped + th.duplicated + th.corrupted + th.delayed > 0);
  WARN("soak: " << ok << " acknowledged, " << failed << " reported failed, " << rig.client.stats().retransmissions
                << " retransmissions; link to board: " << tb.frames << " frames, " << tb.dropped << " dropped, " << tb.duplicated
                << " duplicated, " << tb.corrupted << " corrupted, " << tb.delayed << " delayed");
}

TEST_CASE("fault: on a very poor link failed commands are reported and the shown gate state is never wrong") {
  Rig rig(31);
  FaultConfig f;
  f.drop = 0.35;
  f.corrupt = 0.1;
  f.duplicate = 0.1;
  f.delay = 0.3;
  f.maxDelay = std::chrono::milliseconds(80);
  rig.link.setFaults(f);
  auto [ok, failed] = drive(rig, 1000, 5);
  CHECK(ok + failed == 1000);
  CHECK(failed > 0);  // this link is bad enough that some commands exhaust their retries
  CHECK(ok > 500);
  checkAccounting(rig);
}
