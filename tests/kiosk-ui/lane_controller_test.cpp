// The officer lane: every path of issue 7 without ImGui.
#include <catch2/catch.hpp>

#include <algorithm>

#include "test_support.h"

using namespace bordergate::kiosk_ui;
using namespace bordergate::kiosk_ui::testing;
using bordergate::ErrorCode;
using namespace std::chrono_literals;

namespace {
std::vector<std::pair<std::string, std::string>> docs() {
  return {{"admit", admitText()}, {"refuse", refuseText()}, {"refer", referText()}};
}
std::size_t countType(const FileJournal& j, const std::string& type) {
  std::size_t n = 0;
  for (const auto& e : j.entries()) n += e.record.type == type;
  return n;
}
// The newest record of `type` (the test fails, not crashes, when there is none).
JournalRecord lastOfType(const FileJournal& j, const std::string& type) {
  for (auto it = j.entries().rbegin(); it != j.entries().rend(); ++it)
    if (it->record.type == type) return it->record;
  FAIL("no " << type << " record in the journal");
  return {};
}
}  // namespace

TEST_CASE("the lane needs a signed-in officer for every action") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", docs());
  REQUIRE(rig.lane->start());
  rig.place();
  REQUIRE(rig.lane->state() == LaneState::Recommendation);
  auto r = rig.lane->admit();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Busy);
  CHECK_FALSE(rig.lane->recordProtectionRequest());
  CHECK(rig.gate.openCount() == 0);
  CHECK_FALSE(rig.lane->signIn("1001", "000000"));
  CHECK(countType(*rig.journal, "officer.sign_in_failed") == 1);
  REQUIRE(rig.lane->signIn("1001", "111111"));
  CHECK(rig.lane->admit());
}

TEST_CASE("admit opens the gate, the passage is journaled and the lane returns to idle") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", docs());
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->recommendation());
  CHECK(rig.lane->recommendation()->verdict == Verdict::Admit);
  REQUIRE(rig.lane->admit());
  CHECK(rig.lane->state() == LaneState::GateOpen);
  CHECK(rig.gate.status(rig.clock.monotonic()).open);
  rig.clock.advance(3s);
  rig.lane->tick();
  CHECK(rig.lane->state() == LaneState::Idle);
  CHECK_FALSE(rig.lane->currentRead());
  CHECK(countType(*rig.journal, "crossing") == 1);
  auto log = rig.lane->takeDecisionLog();
  REQUIRE(log.size() == 2);
  CHECK(log[0].find("RECOMMEND ADMIT") != std::string::npos);
  CHECK(log[1].find("DECISION ADMIT") != std::string::npos);
}

TEST_CASE("refuse needs a ground, shows the Art. 7(2) notice and keeps the gate shut") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"refuse", refuseText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->recommendation()->verdict == Verdict::Refuse);
  CHECK(rig.lane->recommendation()->reasons.at(0).article == "Law 6458 Art. 7(1)(a)");
  CHECK_FALSE(rig.lane->refuse("NOT_A_GROUND"));
  REQUIRE(rig.lane->refuse("NO_VALID_DOCUMENT"));
  CHECK(rig.lane->state() == LaneState::RefusalNotice);
  REQUIRE(rig.lane->notice());
  CHECK(rig.lane->notice()->ground.article == "Law 6458 Art. 7(1)(a)");
  CHECK(rig.gate.openCount() == 0);
  REQUIRE(rig.lane->acknowledgeNotice());
  CHECK(rig.lane->state() == LaneState::Idle);
  CHECK(countType(*rig.journal, "notice.given") == 1);
}

TEST_CASE("admitting against a refusal recommendation needs a supervisor") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"refuse", refuseText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  CHECK_FALSE(rig.lane->admit());
  CHECK(rig.gate.openCount() == 0);
  REQUIRE(rig.lane->signIn("2001", "222222"));
  REQUIRE(rig.lane->admit());
  const auto& last = rig.journal->entries().back().record;
  CHECK(*last.field("override") == "yes");
}

TEST_CASE("a technician cannot decide on a traveller") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", docs());
  REQUIRE(rig.lane->start());
  REQUIRE(rig.lane->signIn("3001", "333333"));
  rig.place();
  CHECK_FALSE(rig.lane->admit());
  CHECK_FALSE(rig.lane->refer());
  CHECK_FALSE(rig.lane->refuse("NO_VALID_DOCUMENT"));
  CHECK_FALSE(rig.lane->can(Permission::ViewPersonalData));
}

TEST_CASE("refer starts a control case with a four-hour countdown, amber, red and overdue are journaled") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"refer", referText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->recommendation()->verdict == Verdict::Refer);
  REQUIRE(rig.lane->refer());
  CHECK(rig.lane->state() == LaneState::Idle);
  REQUIRE(rig.lane->board().cases().size() == 1);
  const auto id = rig.lane->board().cases()[0].record.caseId;
  CHECK(rig.lane->board().cases()[0].record.reasons.at(0).code == "MRZ_INVALID");
  for (std::chrono::milliseconds t : {std::chrono::milliseconds(3h), std::chrono::milliseconds(45min), std::chrono::milliseconds(15min)}) {
    rig.clock.advance(t);
    rig.lane->noteActivity();
    rig.lane->tick();
  }
  std::vector<std::string> marks;
  for (const auto& e : rig.journal->entries())
    if (e.record.type == "control.mark") marks.push_back(*e.record.field("mark"));
  CHECK(marks == std::vector<std::string>{"amber", "red", "overdue"});
  REQUIRE(rig.lane->overdueCase());
  CHECK(rig.lane->overdueCase()->record.caseId == id);
}

TEST_CASE("at four hours the case cannot be left open: lane decisions wait, protection requests never do") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"refer", referText()}, {"admit", admitText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->refer());
  const auto id = rig.lane->board().cases()[0].record.caseId;
  rig.clock.advance(4h);
  rig.lane->tick();
  REQUIRE(rig.lane->signIn("1001", "111111"));  // auto-locked meanwhile
  rig.place();
  REQUIRE(rig.lane->state() == LaneState::Recommendation);
  auto blocked = rig.lane->admit();
  REQUIRE_FALSE(blocked);
  CHECK(blocked.error().message.find("four hours") != std::string::npos);
  CHECK_FALSE(rig.lane->refer());
  // Art. 65 requests are never blocked.
  REQUIRE(rig.lane->recordProtectionRequest());
  CHECK(rig.lane->state() == LaneState::Idle);
  // Releasing the overdue case unblocks the lane.
  REQUIRE(rig.lane->closeControl(id, ControlOutcome::Released));
  CHECK_FALSE(rig.lane->overdueCase());
  const auto& close = rig.journal->entries().back().record;
  CHECK(close.type == "control.close");
  CHECK(*close.field("outcome") == "released");
  CHECK(std::stoll(*close.field("elapsed_ms")) >= 4LL * 3600 * 1000);
}

TEST_CASE("a held person may leave and go back: one action closes the case and stops the clock") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"refer", referText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->refer());
  const auto id = rig.lane->board().cases()[0].record.caseId;
  rig.clock.advance(90min);
  REQUIRE(rig.lane->markReturned(id));
  CHECK(rig.lane->board().cases().empty());
  const auto& r = rig.journal->entries().back().record;
  CHECK(*r.field("outcome") == "returned_voluntarily");
  CHECK(*r.field("article") == "Law 6458 Art. 6(5)");
  CHECK(*r.field("elapsed_ms") == std::to_string(90 * 60 * 1000));
  auto open = rig.journal->openControlCases();
  REQUIRE(open);
  CHECK(open->empty());
}

TEST_CASE("a control refusal needs a ground and gives the notice, protection request closes a held case") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"a", referText()}, {"b", referText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->refer());
  rig.place();
  REQUIRE(rig.lane->refer());
  REQUIRE(rig.lane->board().cases().size() == 2);
  const auto a = rig.lane->board().cases()[0].record.caseId, b = rig.lane->board().cases()[1].record.caseId;
  CHECK_FALSE(rig.lane->closeControl(a, ControlOutcome::Refused));
  REQUIRE(rig.lane->closeControl(a, ControlOutcome::Refused, "NO_VALID_DOCUMENT"));
  CHECK(rig.lane->state() == LaneState::RefusalNotice);
  REQUIRE(rig.lane->acknowledgeNotice());
  REQUIRE(rig.lane->closeControl(b, ControlOutcome::ProtectionRequested));
  CHECK(rig.lane->board().cases().empty());
  CHECK(countType(*rig.journal, "protection.request") == 1);
}

TEST_CASE("an exit lane refuses no one: no refusal notice of entry, the traveller is cleared or held") {
  // Law 6458 Art. 7 refuses entry, with the notice of Art. 7(2); an exit lane used to hand out
  // that notice ("refused entry to Türkiye") to a person leaving.
  TempDir dir;
  LaneConfig exitLane;
  exitLane.exitLane = true;
  LaneRig rig(dir.path / "j.log", {{"a", referText()}, {"b", referText()}}, exitLane);
  REQUIRE(rig.startSignedIn());
  rig.place();
  auto refused = rig.lane->refuse("NO_VALID_DOCUMENT");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("exit lane refuses no one") != std::string::npos);
  CHECK(rig.lane->state() == LaneState::Recommendation);
  CHECK_FALSE(rig.lane->notice());
  CHECK(countType(*rig.journal, "decision") == 0);
  // Held for control instead, then not refused there either; cleared for exit.
  REQUIRE(rig.lane->refer());
  const auto id = rig.lane->board().cases().at(0).record.caseId;
  CHECK_FALSE(rig.lane->closeControl(id, ControlOutcome::Refused, "NO_VALID_DOCUMENT"));
  CHECK_FALSE(rig.lane->notice());
  // Nor "left and returned" (Art. 6(5), entry): leaving is clearing for exit, which records it.
  auto returned = rig.lane->markReturned(id);
  REQUIRE_FALSE(returned);
  CHECK(returned.error().message.find("cleared for exit (F6)") != std::string::npos);
  REQUIRE(rig.lane->closeControl(id, ControlOutcome::Admitted));
  REQUIRE(lastOfType(*rig.journal, "crossing").field("case"));
  CHECK(rig.lane->board().cases().empty());
  // The next traveller is cleared at the lane.
  rig.place();
  CHECK(rig.lane->admit());
}

TEST_CASE("a person admitted after control is a crossing, with every field, also after a restart, and no other outcome is") {
  // Until 8 Dec 2026 only control.close was journaled: the stay was missing from the 90/180-day
  // count and the person's exit found no entry record.
  TempDir dir;
  const auto path = dir.path / "j.log";
  ManualClock clock;
  std::string kept;
  {
    LaneRig rig(path, {{"a", referText()}, {"b", referText()}, {"c", referText()}, {"d", referText()}, {"e", referText()}, {"f", referText()}},
                {}, clock);
    REQUIRE(rig.startSignedIn());
    for (int i = 0; i < 6; ++i) {
      rig.place();
      REQUIRE(rig.lane->refer());
    }
    const auto cases = rig.lane->board().cases();
    REQUIRE(cases.size() == 6);
    REQUIRE(rig.lane->closeControl(cases[0].record.caseId, ControlOutcome::Admitted));
    const auto close = lastOfType(*rig.journal, "control.close");
    REQUIRE(close.field("crossing"));
    CHECK(*close.field("crossing") == "follows");
    const auto crossing = lastOfType(*rig.journal, "crossing");
    REQUIRE(crossing.field("passage"));
    CHECK(*crossing.field("passage") == "after_control");
    REQUIRE(crossing.field("case"));
    CHECK(*crossing.field("case") == cases[0].record.caseId);
    for (const char* key : {"document_number", "document_code", "issuing_state", "nationality", "birth_date", "surname", "given_names"}) {
      INFO(key);
      REQUIRE(crossing.field(key));
      CHECK_FALSE(crossing.field(key)->empty());
    }
    CHECK(*crossing.field("document_number") == cases[0].record.documentNumber);
    REQUIRE(rig.lane->closeControl(cases[1].record.caseId, ControlOutcome::Released));
    REQUIRE(rig.lane->closeControl(cases[2].record.caseId, ControlOutcome::Refused, "NO_VALID_DOCUMENT"));
    REQUIRE(rig.lane->acknowledgeNotice());
    REQUIRE(rig.lane->closeControl(cases[4].record.caseId, ControlOutcome::ReturnedVoluntarily));
    REQUIRE(rig.lane->closeControl(cases[5].record.caseId, ControlOutcome::ProtectionRequested));
    CHECK(countType(*rig.journal, "crossing") == 1);
    kept = cases[3].record.caseId;
    clock = rig.clock;
    // Crash: the fourth person is still held.
  }
  LaneRig again(path, {{"e", referText()}}, {}, clock);
  REQUIRE(again.startSignedIn());
  REQUIRE(again.lane->board().find(kept));
  REQUIRE(again.lane->closeControl(kept, ControlOutcome::Admitted));
  const auto crossing = lastOfType(*again.journal, "crossing");
  REQUIRE(crossing.field("case"));
  CHECK(*crossing.field("case") == kept);
  REQUIRE(crossing.field("birth_date"));
  CHECK_FALSE(crossing.field("birth_date")->empty());
  REQUIRE(crossing.field("surname"));
  CHECK(countType(*again.journal, "crossing") == 2);
}

namespace {
// The lane's journal file, refusing records of one type while `refuseType` is set.
class RefusingJournal final : public EventJournal {
 public:
  explicit RefusingJournal(FileJournal& inner) : inner_(inner) {}
  std::string refuseType;
  bordergate::Result<void> append(const JournalRecord& r, WallTime at) override {
    if (!refuseType.empty() && r.type == refuseType) return bordergate::fail(bordergate::ErrorCode::Io, "disk full (test)");
    return inner_.append(r, at);
  }
  bordergate::Result<std::vector<OpenControlCase>> openControlCases() override { return inner_.openControlCases(); }
  bordergate::Result<std::vector<UnrecordedCrossing>> admittedWithoutCrossing() override { return inner_.admittedWithoutCrossing(); }

 private:
  FileJournal& inner_;
};
}  // namespace

TEST_CASE("a crossing after control that never reached the journal is journaled at the next start, at the admission's time") {
  TempDir dir;
  const auto path = dir.path / "j.log";
  ManualClock clock;
  OfficerDirectory officers = testOfficers();
  DocumentCheckDecisionService decisions;
  WallTime admittedAt{};
  std::string id;
  {
    auto file = FileJournal::open(path);
    REQUIRE(file);
    RefusingJournal journal(**file);
    ReplayDocumentSource docs = LaneRig::makeSource({{"doc", referText()}});
    SimulatedGate gate{clock};
    LaneController lane{{}, {docs, decisions, gate, journal, clock, nullptr}, officers};
    REQUIRE(lane.start());
    REQUIRE(lane.signIn("1001", "111111"));
    docs.placeNow();
    lane.tick();
    REQUIRE(lane.refer());
    id = lane.board().cases().at(0).record.caseId;
    clock.advance(10min);
    journal.refuseType = "crossing";  // the disk fills as the person is admitted
    admittedAt = clock.wall();
    REQUIRE(lane.closeControl(id, ControlOutcome::Admitted));
    CHECK(lane.board().cases().empty());
    // The kiosk stops (or crashes) before a tick saves the kept crossing.
  }
  clock.advance(1h);
  auto file = FileJournal::open(path);
  REQUIRE(file);
  auto lost = (*file)->admittedWithoutCrossing();
  REQUIRE(lost);
  REQUIRE(lost->size() == 1);
  ReplayDocumentSource docs = LaneRig::makeSource({{"doc", referText()}});
  SimulatedGate gate{clock};
  {
    LaneController lane{{}, {docs, decisions, gate, **file, clock, nullptr}, officers};
    REQUIRE(lane.start());
  }
  const auto crossing = lastOfType(**file, "crossing");
  REQUIRE(crossing.field("case"));
  CHECK(*crossing.field("case") == id);
  CHECK(crossing.officer == "1001");  // who admitted, though nobody is signed in at start
  REQUIRE(crossing.field("birth_date"));
  CHECK_FALSE(crossing.field("birth_date")->empty());
  CHECK((*file)->entries().back().wallMs == std::chrono::duration_cast<std::chrono::milliseconds>(admittedAt.time_since_epoch()).count());
  // Once: a second start finds nothing left to recover.
  REQUIRE((*file)->admittedWithoutCrossing()->empty());
  LaneController again{{}, {docs, decisions, gate, **file, clock, nullptr}, officers};
  REQUIRE(again.start());
  CHECK(countType(**file, "crossing") == 1);
}

TEST_CASE("control timers survive a restart and a wall-clock jump while running") {
  TempDir dir;
  const auto path = dir.path / "j.log";
  ManualClock clock;
  std::string id;
  {
    LaneRig rig(path, {{"refer", referText()}}, {}, clock);
    REQUIRE(rig.startSignedIn());
    rig.place();
    REQUIRE(rig.lane->refer());
    id = rig.lane->board().cases()[0].record.caseId;
    rig.clock.advance(1h);
    rig.clock.jumpWall(-std::chrono::milliseconds(std::chrono::hours(5)));  // NTP step back while running
    rig.lane->tick();
    CHECK(rig.lane->board().cases()[0].elapsed(rig.clock.monotonic()) == 1h);
    rig.clock.jumpWall(std::chrono::milliseconds(std::chrono::hours(5)));  // corrected again
    rig.clock.advance(30min);
    rig.lane->tick();
    clock = rig.clock;
    // Crash: no stop(), the journal is simply abandoned.
  }
  clock.reboot(20min);  // 20 minutes down; the monotonic clock restarts from elsewhere
  LaneRig again(path, {{"x", admitText()}}, {}, clock);
  REQUIRE(again.lane->start());
  REQUIRE(again.lane->board().cases().size() == 1);
  const auto& c = again.lane->board().cases()[0];
  CHECK(c.record.caseId == id);
  CHECK(c.elapsed(again.clock.monotonic()) == 1h + 30min + 20min);
  again.clock.advance(1h + 15min);
  again.lane->tick();
  CHECK(c.mark(again.clock.monotonic(), again.lane->board().policy()) == ControlMark::Amber);
}

TEST_CASE("after a restart with the wall clock set back, the journaled checkpoint bounds the timer") {
  TempDir dir;
  const auto path = dir.path / "j.log";
  ManualClock clock;
  {
    LaneRig rig(path, {{"refer", referText()}}, {}, clock);
    REQUIRE(rig.startSignedIn());
    rig.place();
    REQUIRE(rig.lane->refer());
    for (int i = 0; i < 24; ++i) {  // two hours of 5-minute ticks
      rig.clock.advance(5min);
      rig.lane->tick();
    }
    clock = rig.clock;
  }
  clock.reboot(0ms);
  clock.jumpWall(-std::chrono::milliseconds(std::chrono::hours(3)));  // RTC battery flat: clock far behind
  LaneRig again(path, {{"x", admitText()}}, {}, clock);
  REQUIRE(again.lane->start());
  REQUIRE(again.lane->board().cases().size() == 1);
  CHECK(again.lane->board().cases()[0].elapsed(again.clock.monotonic()) >= 2h);
}

TEST_CASE("the lane locks itself after two minutes without input and unlocks with a PIN") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", docs());
  REQUIRE(rig.startSignedIn());
  rig.clock.advance(119s);
  rig.lane->tick();
  CHECK_FALSE(rig.lane->locked());
  rig.lane->noteActivity();
  rig.clock.advance(119s);
  rig.lane->tick();
  CHECK_FALSE(rig.lane->locked());
  rig.clock.advance(1s);
  rig.lane->tick();
  CHECK(rig.lane->locked());
  CHECK(countType(*rig.journal, "officer.auto_lock") == 1);
  rig.place();  // reads still arrive while locked
  CHECK(rig.lane->state() == LaneState::Recommendation);
  CHECK_FALSE(rig.lane->admit());
  REQUIRE(rig.lane->signIn("1001", "111111"));
  CHECK(countType(*rig.journal, "officer.unlock") == 1);
  CHECK(rig.lane->admit());
}

namespace {
// A signed-in lane on a journal that can be made to fail, with one document placed and read.
struct FailingJournalLane {
  ManualClock clock;
  ReplayDocumentSource docsSrc;
  DocumentCheckDecisionService decisions;
  SimulatedGate gate{clock};
  FailingJournal journal;
  OfficerDirectory officers = testOfficers();
  LaneController lane{{}, {docsSrc, decisions, gate, journal, clock, nullptr}, officers};
  explicit FailingJournalLane(const std::string& text) : docsSrc(LaneRig::makeSource({{"doc", text}})) {
    REQUIRE(lane.start());
    REQUIRE(lane.signIn("1001", "111111"));
    docsSrc.placeNow();
    lane.tick();
  }
};
}  // namespace

TEST_CASE("nothing is done when the journal cannot record it") {
  FailingJournalLane rig(referText());
  auto& lane = rig.lane;
  auto& journal = rig.journal;
  journal.failing = true;
  auto r = lane.refer();
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("not recorded") != std::string::npos);
  CHECK(lane.board().cases().empty());
  CHECK(lane.state() == LaneState::Recommendation);
  CHECK_FALSE(lane.lastError().empty());
  journal.failing = false;
  CHECK(lane.refer());
  CHECK(lane.board().cases().size() == 1);
}

TEST_CASE("a passage the journal refuses is kept and saved on a later tick, with its own time") {
  FailingJournalLane rig(admitText());
  auto& lane = rig.lane;
  auto& journal = rig.journal;
  auto& clock = rig.clock;
  REQUIRE(lane.admit());
  REQUIRE(lane.state() == LaneState::GateOpen);
  // The person walks through while the disk is full: the crossing cannot be written.
  journal.failing = true;
  clock.advance(3s);
  const WallTime passedAt = clock.wall();
  lane.tick();
  CHECK(lane.state() == LaneState::Idle);
  CHECK(lane.unrecordedFacts() == 1);
  CHECK(lane.lastError().find("not saved") != std::string::npos);
  const auto missing = [&] {
    return std::none_of(journal.records.begin(), journal.records.end(), [](const JournalRecord& r) { return r.type == "crossing"; });
  };
  CHECK(missing());
  const auto attempts = [&] { return journal.refused; };
  const auto before = attempts();
  lane.tick();  // at once: not retried yet (every tick would rewrite the audit trail)
  CHECK(attempts() == before);
  clock.advance(1s);
  lane.tick();  // after a second: retried, still failing, kept
  CHECK(attempts() == before + 1);
  CHECK(lane.unrecordedFacts() == 1);
  journal.failing = false;
  clock.advance(1s);
  lane.tick();  // the next retry is 2 s after the last
  CHECK(lane.unrecordedFacts() == 1);
  clock.advance(1s);
  lane.tick();
  CHECK(lane.unrecordedFacts() == 0);
  REQUIRE_FALSE(missing());
  for (std::size_t i = 0; i < journal.records.size(); ++i)
    if (journal.records[i].type == "crossing") CHECK(journal.times[i] == passedAt);
}

TEST_CASE("when the gate does not open the officer is told and the fault journaled") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", docs());
  REQUIRE(rig.startSignedIn());
  rig.place();
  rig.gate.setOnline(false);
  auto r = rig.lane->admit();
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("gate did not open") != std::string::npos);
  CHECK(countType(*rig.journal, "gate.fault") == 1);
}

TEST_CASE("the journal written by the lane verifies end to end") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", docs());
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->admit());
  rig.clock.advance(3s);
  rig.lane->tick();
  rig.place();
  REQUIRE(rig.lane->refuse("NO_VALID_DOCUMENT"));
  REQUIRE(rig.lane->acknowledgeNotice());
  REQUIRE(rig.lane->stop());
  auto v = verifyJournal(dir.path / "j.log");
  REQUIRE(v);
  CHECK(v->records == rig.journal->entries().size());
}

TEST_CASE("a person held over a REFUSE is admitted from the board only by a supervisor, as at the lane") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"refuse", refuseText()}, {"refer", referText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->recommendation()->verdict == Verdict::Refuse);
  REQUIRE_FALSE(rig.lane->admit());  // at the lane: needs a supervisor
  REQUIRE(rig.lane->refer());
  REQUIRE(rig.lane->board().cases().size() == 1);
  const auto& held = rig.lane->board().cases()[0].record;
  const auto id = held.caseId;
  CHECK(held.heldOverRefusal);
  CHECK(holdSummary(held) == "held over REFUSE: DOC_EXPIRED Law 6458 Art. 7(1)(a)");
  // Through the board (F6): the same authority is needed.
  auto r = rig.lane->closeControl(id, ControlOutcome::Admitted);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("needs a supervisor") != std::string::npos);
  CHECK(r.error().message.find("DOC_EXPIRED Law 6458 Art. 7(1)(a)") != std::string::npos);
  CHECK(rig.lane->board().find(id));
  CHECK(countType(*rig.journal, "control.close") == 0);
  // The journal remembers it across a restart.
  auto open = rig.journal->openControlCases();
  REQUIRE(open);
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].heldOverRefusal);
  // A plain officer may still release or refuse; a supervisor may admit.
  REQUIRE(rig.lane->signIn("2001", "222222"));
  REQUIRE(rig.lane->closeControl(id, ControlOutcome::Admitted));
  CHECK(*lastOfType(*rig.journal, "control.close").field("override") == "yes");
  // A person held over a REFER is admitted by the officer, as before.
  REQUIRE(rig.lane->signIn("1001", "111111"));
  rig.place();
  REQUIRE(rig.lane->refer());
  const auto& referred = rig.lane->board().cases()[0].record;
  CHECK_FALSE(referred.heldOverRefusal);
  REQUIRE(rig.lane->closeControl(referred.caseId, ControlOutcome::Admitted));
  CHECK(*lastOfType(*rig.journal, "control.close").field("override") == "no");
}

TEST_CASE("the recommendation's reasons are shown and journaled most serious first: a ban, a lost document, then expiry") {
  TempDir dir;
  FixedDecisionService decide;
  decide.answer.verdict = Verdict::Refuse;
  decide.answer.reasons = {{"VISA_EXEMPT", "Law 6458 Art. 11(1)", "visa-exempt"},
                           {"DOC_EXPIRED", "Law 6458 Art. 5(1), 7(1)(a)", "expired"},
                           {"SOMETHING_NEW", "Law 6458", "a code this kiosk does not know"},
                           {"DOC_LOST_STOLEN", "Law 6458 Art. 7(1)(a), 5(1)", "reported lost"},
                           {"ENTRY_BAN", "Law 6458 Art. 7(1)(c), 15(1)(b), 9", "banned"}};
  LaneRig rig(dir.path / "j.log", {{"refuse", refuseText()}}, {}, ManualClock(), &decide);
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->recommendation());
  std::vector<std::string> codes;
  for (const auto& r : rig.lane->recommendation()->reasons) codes.push_back(r.code);
  CHECK(codes == std::vector<std::string>{"ENTRY_BAN", "DOC_LOST_STOLEN", "DOC_EXPIRED", "SOMETHING_NEW", "VISA_EXEMPT"});
  const auto& journaled = rig.journal->entries().back().record;
  REQUIRE(journaled.type == "recommendation");
  CHECK(*journaled.field("reason.0.code") == "ENTRY_BAN");
  // Referred: the board's case keeps that order.
  REQUIRE(rig.lane->signIn("2001", "222222"));
  REQUIRE(rig.lane->refer());
  CHECK(rig.lane->board().cases()[0].record.reasons.front().code == "ENTRY_BAN");
}

TEST_CASE("board offline: an admission is journaled once and the lane moves on once the officer says how the traveller passed") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"a", admitText()}, {"b", admitText()}, {"c", admitText()}});
  REQUIRE(rig.startSignedIn());
  rig.gate.setOnline(false);
  rig.place();
  auto first = rig.lane->admit();
  REQUIRE_FALSE(first);
  CHECK(first.error().message.find("ADMIT recorded, but the gate did not open") != std::string::npos);
  CHECK(first.error().message.find("let the traveller through by hand") != std::string::npos);
  CHECK(first.error().message.size() < 160);  // the board's own long error is in the journal, not here
  CHECK(rig.lane->state() == LaneState::ManualPassage);
  // F1 again does not journal a second admission.
  CHECK_FALSE(rig.lane->admit());
  auto admits = [&] {
    std::size_t n = 0;
    for (const auto& e : rig.journal->entries()) n += e.record.type == "decision" && *e.record.field("decision") == "ADMIT";
    return n;
  };
  CHECK(admits() == 1);
  CHECK(countType(*rig.journal, "gate.fault") == 1);
  // Through by hand: a crossing with passage "manual"; the lane takes the next traveller.
  REQUIRE(rig.lane->confirmManualPassage(true));
  const auto& crossing = rig.journal->entries().back().record;
  CHECK(crossing.type == "crossing");
  CHECK(*crossing.field("passage") == "manual");
  CHECK(*crossing.field("document_number") == "A1234567");
  CHECK(rig.lane->state() == LaneState::Idle);
  CHECK_FALSE(rig.lane->confirmManualPassage(true));  // nothing waiting any more
  rig.place();
  CHECK(rig.lane->state() == LaneState::Recommendation);
  REQUIRE_FALSE(rig.lane->admit());
  // Did not pass: recorded as such, no crossing.
  REQUIRE(rig.lane->confirmManualPassage(false));
  CHECK(rig.journal->entries().back().record.type == "passage.none");
  CHECK(countType(*rig.journal, "crossing") == 1);
  CHECK(admits() == 2);
  CHECK(rig.lane->state() == LaneState::Idle);
}

TEST_CASE("F4 on the refusal notice of a held person records that person's protection request") {
  TempDir dir;
  LaneRig rig(dir.path / "j.log", {{"a", referText()}, {"b", referText()}, {"at-lane", admitText()}});
  REQUIRE(rig.startSignedIn());
  rig.place();
  REQUIRE(rig.lane->refer());
  rig.place();
  REQUIRE(rig.lane->refer());
  const auto a = rig.lane->board().cases()[0].record, b = rig.lane->board().cases()[1].record;
  // The lane is free: the notice takes it.
  REQUIRE(rig.lane->closeControl(a.caseId, ControlOutcome::Refused, "NO_VALID_DOCUMENT"));
  REQUIRE(rig.lane->state() == LaneState::RefusalNotice);
  REQUIRE(rig.lane->recordProtectionRequest());
  const auto& r = rig.journal->entries().back().record;
  CHECK(r.type == "protection.request");
  CHECK(*r.field("document_number") == a.documentNumber);
  CHECK(*r.field("article") == "Law 6458 Art. 65");
  CHECK_FALSE(rig.lane->notice());
  CHECK(rig.lane->state() == LaneState::Idle);
  // A traveller at the lane: the request is still the refused person's; the traveller stays.
  rig.place();
  REQUIRE(rig.lane->state() == LaneState::Recommendation);
  REQUIRE(rig.lane->closeControl(b.caseId, ControlOutcome::Refused, "ENTRY_BAN"));
  REQUIRE(rig.lane->notice());
  REQUIRE(rig.lane->recordProtectionRequest());
  CHECK(*rig.journal->entries().back().record.field("refusal_ground") == "ENTRY_BAN");
  CHECK_FALSE(rig.lane->notice());
  CHECK(rig.lane->state() == LaneState::Recommendation);
  CHECK(rig.lane->currentRead()->record.documentNumber == "A1234567");
  CHECK(countType(*rig.journal, "protection.request") == 2);
}
