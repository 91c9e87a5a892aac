// The kiosk's real port adapters (kiosk-ui/adapters): RulesDecisionService on a small list in
// a sync state directory, StateJournal (state database + outbox + audit chain),
// SyncStatusSource, and one lane run end to end on them.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "bordergate/core/text.h"
#include "bordergate/kiosk_adapters/rules_decision_service.h"
#include "bordergate/kiosk_adapters/state_journal.h"
#include "bordergate/kiosk_adapters/sync_status_source.h"
#include "bordergate/kiosk_ui/traveller_self_check.h"
#include "bordergate/mrz/parser.h"
#include "bordergate/sync/staleness.h"
#include "test_support.h"

using namespace bordergate;
using namespace bordergate::kiosk_ui;
using namespace bordergate::kiosk_ui::testing;
using namespace bordergate::kiosk_adapters;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The manual clock starts at day 20000, 00:00:00 UTC; the lists were built an hour before.
constexpr std::int64_t kDay = 20000;
constexpr std::int64_t kBuiltAt = kDay * 86400 - 3600;

Date iso(const char* s) { return *Date::parseIso(s); }

// A small list: UTO ordinary passports visa-exempt (90 days in 180), one entry ban on
// document Z9999999, one document reported stolen (UTO L1234567).
void writeList(const fs::path& path, std::int64_t version, std::int64_t builtAt = kBuiltAt) {
  rules::ListMeta meta;
  meta.version = version;
  meta.builtAt = builtAt;
  meta.lostDocumentKey = rules::randomHashKey();
  auto w = rules::ListWriter::create(path.string(), meta);
  REQUIRE(w);
  rules::RegimeRule regime;
  regime.nationality = "UTO";
  regime.documentKind = rules::DocumentKind::Ordinary;
  regime.regime = rules::Regime::Exempt;
  regime.maxDays = 90;
  regime.periodDays = 180;
  REQUIRE((*w)->add(regime));
  rules::EntryBan ban;
  ban.banId = "BAN-1";
  ban.surname = "BANNED";
  ban.givenNames = "ANNA";
  ban.birthDate = iso("1980-05-06");
  ban.nationality = "UTO";
  ban.sex = 'F';
  ban.documentNumber = "Z9999999";
  ban.article = "9(1)";
  ban.validity = {iso("2020-01-01"), iso("2030-01-01")};
  REQUIRE((*w)->add(ban));
  REQUIRE((*w)->addLostDocument("UTO", "L1234567", iso("2024-01-02")));
  REQUIRE((*w)->commit());
}

// Installs a list the way `bordergate sync` does (sync/list_store.h layout): the file under
// lists/, then `current` switched by rename(2).
void install(const fs::path& stateDir, std::int64_t version, std::int64_t builtAt = kBuiltAt) {
  fs::create_directories(stateDir / "lists");
  const std::string name = "list-" + std::to_string(version) + ".db";
  writeList(stateDir / "lists" / name, version, builtAt);
  fs::create_symlink(fs::path("lists") / name, stateDir / "current.tmp");
  fs::rename(stateDir / "current.tmp", stateDir / "current");
}

DocumentRead readOf(const std::string& text) {
  DocumentRead r;
  r.id = 1;
  r.mrzLines = bordergate::text::nonBlankLines(text);
  mrz::ParseOptions po;
  po.today = testToday();
  r.record = mrz::parseLines(r.mrzLines, po);
  return r;
}

std::string bannedText() { return td3("BANNED", "Z9999999", "2030-01-01"); }
std::string stolenText() { return td3("STOLEN", "L1234567", "2030-01-01"); }

RulesDecisionOptions decisionOptions(const fs::path& stateDir) {
  RulesDecisionOptions o;
  o.list.stateDir = stateDir;
  return o;
}

Date clockDay(const ManualClock& c) {
  return Date::fromDays(std::chrono::duration_cast<std::chrono::days>(c.wall().time_since_epoch()).count());
}

bool hasReason(const Recommendation& r, const std::string& code) {
  for (const auto& x : r.reasons)
    if (x.code == code) return true;
  return false;
}

const Reason* reason(const Recommendation& r, const std::string& code) {
  for (const auto& x : r.reasons)
    if (x.code == code) return &x;
  return nullptr;
}

nlohmann::json payloadOf(const sync::OutboxEvent& e) { return nlohmann::json::parse(e.payload); }

// Makes every further outbox insert of the state database fail, as a full or failing disk would.
void breakOutbox(const fs::path& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(h,
                              "CREATE TRIGGER test_disk_full BEFORE INSERT ON outbox "
                              "BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END;",
                              nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  sqlite3_close(h);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// RulesDecisionService

TEST_CASE("rules decisions: an ordinary visa-exempt passport is admitted with its stay and the list version") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  RulesDecisionService s(decisionOptions(dir.path), clock);
  auto r = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(r);
  CHECK(r->verdict == Verdict::Admit);
  CHECK(r->travellerOutcome == TravellerOutcome::Proceed);
  CHECK(r->listVersion == "7");
  REQUIRE(r->stayUntil);
  CHECK(*r->stayUntil == testToday().addDays(89));  // 90 days, entry day included (Art. 11(1))
  const auto* exempt = reason(*r, "VISA_EXEMPT");
  REQUIRE(exempt);
  CHECK(exempt->article == "Law 6458 Art. 11(1), 12(1)(a)");
  CHECK_FALSE(exempt->message.empty());
  CHECK(s.activeList().origin() == ListOrigin::Synced);
}

TEST_CASE("rules decisions: a banned person is refused with the ban's articles and the traveller learns nothing") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  RulesDecisionService s(decisionOptions(dir.path), clock);
  auto r = s.recommend(readOf(bannedText()), clockDay(clock));
  REQUIRE(r);
  CHECK(r->verdict == Verdict::Refuse);
  CHECK(r->travellerOutcome == TravellerOutcome::SeeOfficer);
  CHECK_FALSE(r->stayUntil);
  const auto* ban = reason(*r, "ENTRY_BAN");
  REQUIRE(ban);
  CHECK(ban->article == "Law 6458 Art. 7(1)(c), 15(1)(b), 9");
}

TEST_CASE("rules decisions: a document reported stolen is referred (Art. 7(1)(a))") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  RulesDecisionService s(decisionOptions(dir.path), clock);
  auto r = s.recommend(readOf(stolenText()), clockDay(clock));
  REQUIRE(r);
  CHECK(r->verdict == Verdict::Refer);
  CHECK(r->travellerOutcome == TravellerOutcome::SeeOfficer);
  const auto* lost = reason(*r, "DOC_LOST_STOLEN");
  REQUIRE(lost);
  CHECK(lost->article == "Law 6458 Art. 7(1)(a), 5(1)");
  CHECK(lost->message.find("2024-01-02") != std::string::npos);
}

TEST_CASE("rules decisions: past the sync policy's hard age every traveller is referred with LIST_STALE") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  auto o = decisionOptions(dir.path);
  o.staleness = sync::StalenessPolicy{};  // the documented defaults: warn 24 h, refer 72 h
  RulesDecisionService s(o, clock);
  // One second before the hard age: the policy says Warning, the engine still admits.
  clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(o.staleness.hardAfter - 1h - 1s));
  CHECK(sync::evaluateStaleness(o.staleness, o.staleness.hardAfter - 1s).freshness == sync::Freshness::Warning);
  auto before = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(before);
  CHECK(before->verdict == Verdict::Admit);
  CHECK_FALSE(hasReason(*before, "LIST_STALE"));
  // At the hard age exactly, both the policy and the kiosk refer.
  clock.advance(1s);
  CHECK(sync::evaluateStaleness(o.staleness, o.staleness.hardAfter).referEveryTraveller());
  auto at = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(at);
  CHECK(at->verdict == Verdict::Refer);
  CHECK(at->travellerOutcome == TravellerOutcome::SeeOfficer);
  const auto* stale = reason(*at, "LIST_STALE");
  REQUIRE(stale);
  CHECK(stale->article == "Law 6458 Art. 6(4)");
  // A sync that confirms the list is still the newest makes it fresh again (ListStore::age).
  std::ofstream(dir.path / "confirmed_at") << sync::formatIsoUtc(clock.wall() - 1h) << "\n";
  auto confirmed = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(confirmed);
  CHECK(confirmed->verdict == Verdict::Admit);
}

TEST_CASE("rules decisions: this kiosk's own recorded crossings count towards 90 days in 180 before any list carries them") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  auto store = sync::StateStore::open((dir.path / "state.db").string());
  REQUIRE(store);
  auto o = decisionOptions(dir.path);
  o.ownCrossings = &*store;
  RulesDecisionService s(o, clock);
  const auto firstVisit = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(firstVisit);
  REQUIRE(firstVisit->stayUntil);
  CHECK(*firstVisit->stayUntil == testToday().addDays(89));
  // The traveller entered here 30 days ago and left 10 days ago (recorded only by this kiosk).
  sync::CrossingRecord c;
  c.lane = "L1";
  c.documentNumber = "A1234567";
  c.nationality = "UTO";
  c.birthDate = "1980-05-06";
  c.direction = "entry";
  c.occurredAt = sync::formatIsoUtc(clock.wall() - 30 * 24h);
  REQUIRE(store->recordCrossing(c));
  c.direction = "exit";
  c.occurredAt = sync::formatIsoUtc(clock.wall() - 10 * 24h);
  REQUIRE(store->recordCrossing(c));
  const auto again = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(again);
  CHECK(again->verdict == Verdict::Admit);
  REQUIRE(again->stayUntil);
  // 21 days used (entry and exit days both count, Art. 11(1)): 69 left, today included.
  CHECK(*again->stayUntil == testToday().addDays(68));
}

TEST_CASE("rules decisions: no list at all, or a corrupt one, is an Error a person can act on") {
  TempDir dir;
  ManualClock clock;
  RulesDecisionService s(decisionOptions(dir.path), clock);
  auto none = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE_FALSE(none);
  CHECK(none.error().code == ErrorCode::NotFound);
  CHECK(none.error().message.find("bordergate sync") != std::string::npos);

  fs::create_directories(dir.path / "lists");
  std::ofstream(dir.path / "lists/list-9.db") << "this is not a SQLite database, it was cut short by a bad disk";
  fs::create_symlink("lists/list-9.db", dir.path / "current");
  auto corrupt = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE_FALSE(corrupt);
  CHECK(corrupt.error().message.find("list-9.db") != std::string::npos);
  CHECK(corrupt.error().message.find("call a technician") != std::string::npos);
}

TEST_CASE("rules decisions: a newly synced list version is picked up without a restart, opened once per version") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  RulesDecisionService s(decisionOptions(dir.path), clock);
  for (int i = 0; i < 3; ++i) {
    auto r = s.recommend(readOf(admitText()), clockDay(clock));
    REQUIRE(r);
    CHECK(r->listVersion == "7");
  }
  CHECK(s.activeList().opens() == 1);
  install(dir.path, 8);
  auto r = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(r);
  CHECK(r->listVersion == "8");
  CHECK(s.activeList().opens() == 2);
}

TEST_CASE("rules decisions: the sample list stands in until a sync installs one, and says so") {
  TempDir dir;
  writeList(dir.path / "sample-list.db", 3);
  ManualClock clock;
  auto o = decisionOptions(dir.path);
  o.list.fallbackList = dir.path / "sample-list.db";
  RulesDecisionService s(o, clock);
  auto r = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(r);
  CHECK(r->listVersion == "3");
  CHECK(s.activeList().origin() == ListOrigin::Sample);
  install(dir.path, 9);
  r = s.recommend(readOf(admitText()), clockDay(clock));
  REQUIRE(r);
  CHECK(r->listVersion == "9");
  CHECK(s.activeList().origin() == ListOrigin::Synced);
}

TEST_CASE("sample list: built from rules/data when missing, kept while young, rebuilt when old") {
  const fs::path data = fs::path(BORDERGATE_SOURCE_DIR) / "rules/data";
  TempDir dir;
  const auto out = dir.path / "state/sample-list.db";
  const auto t0 = sync::Clock::now();
  REQUIRE(prepareSampleList(data, out, 24h, t0));
  auto first = rules::ListReader::open(out.string());
  REQUIRE(first);
  const auto built0 = (*first)->builtAt();
  CHECK((*first)->version() > 0);
  REQUIRE(prepareSampleList(data, out, 24h, t0 + 1h));
  CHECK((*rules::ListReader::open(out.string()))->builtAt() == built0);
  REQUIRE(prepareSampleList(data, out, 24h, t0 + 25h));
  CHECK((*rules::ListReader::open(out.string()))->builtAt() > built0);
  auto missing = prepareSampleList(dir.path / "no-such-data", dir.path / "x.db", 24h, t0);
  CHECK_FALSE(missing);
}

// ---------------------------------------------------------------------------------------
// StateJournal

namespace {

struct JournalRig {
  TempDir dir;
  StateJournalOptions options() const {
    StateJournalOptions o;
    o.stateDatabase = dir.path / "state.db";
    o.auditJournal = dir.path / "kiosk-L1.journal";
    return o;
  }
};

// One record of every type the lane controller and the traveller self-check write
// (kiosk-ui/src/lane_controller.cpp, traveller_self_check.cpp), with the kind it must become.
std::vector<std::pair<JournalRecord, std::string>> everyRecordType() {
  auto rec = [](std::string type, std::string officer, std::vector<std::pair<std::string, std::string>> f) {
    return JournalRecord{std::move(type), "L1", std::move(officer), std::move(f)};
  };
  JournalRecord recommendation = rec("recommendation", "", {{"document_number", "A1234567"}, {"nationality", "UTO"},
                                                            {"mrz_valid", "yes"}, {"verdict", "REFUSE"}, {"list_version", "7"}});
  appendReasonFields(recommendation, {{"ENTRY_BAN", "Law 6458 Art. 9", "ban BAN-1 matches"}});
  return {
      {rec("lane.start", "", {{"open_control_cases", "0"}}), "timer_event"},
      {rec("officer.sign_in_failed", "", {{"badge", "1001"}, {"reason", "wrong PIN"}}), "officer_action"},
      {rec("officer.sign_in", "1001", {{"role", "officer"}}), "officer_action"},
      {recommendation, "decision"},
      {rec("decision", "1001", {{"decision", "ADMIT"}, {"document_number", "A1234567"}, {"recommended", "ADMIT"}, {"override", "no"}}),
       "officer_action"},
      {rec("crossing", "1001", {{"document_number", "A1234567"}, {"document_code", "P"}, {"issuing_state", "UTO"},
                                {"nationality", "UTO"}, {"birth_date", "1980-05-06"}, {"surname", "VALID"},
                                {"given_names", "ANNA"}, {"list_version", "7"}}),
       "crossing"},
      {rec("gate.timeout", "1001", {{"document_number", "A1234567"}}), "timer_event"},
      {rec("gate.fault", "1001", {{"error", "board offline"}}), "officer_action"},
      {rec("control.start", "1001", {{"case", "L1-1"}, {"person", "X, Y"}, {"document_number", "C1"}, {"nationality", "UTO"},
                                     {"started_ms", "1728000000000"}}),
       "timer_event"},
      {rec("control.checkpoint", "", {{"case", "L1-1"}, {"elapsed_ms", "300000"}}), "timer_event"},
      {rec("control.mark", "", {{"case", "L1-1"}, {"mark", "amber"}, {"elapsed_ms", "10800000"}}), "timer_event"},
      {rec("control.close", "1001", {{"case", "L1-1"}, {"outcome", "released"}, {"elapsed_ms", "10900000"}}), "timer_event"},
      {rec("decision", "1001", {{"decision", "REFUSE"}, {"ground", "ENTRY_BAN"}, {"article", "Law 6458 Art. 9"}}), "officer_action"},
      {rec("notice.given", "1001", {{"document_number", "B1"}, {"ground", "ENTRY_BAN"}, {"article", "Law 6458 Art. 7(2)"}}),
       "officer_action"},
      {rec("protection.request", "1001", {{"document_number", "B1"}, {"article", "Law 6458 Art. 65"}}), "officer_action"},
      {rec("officer.auto_lock", "1001", {}), "officer_action"},
      {rec("officer.unlock", "1001", {{"role", "officer"}}), "officer_action"},
      {rec("officer.lock", "1001", {}), "officer_action"},
      {rec("officer.sign_out", "1001", {}), "officer_action"},
      {rec("traveller.check", "", {{"document_number", "A1"}, {"nationality", "UTO"}, {"outcome", "see_officer"}}), "decision"},
      {rec("lane.stop", "", {}), "timer_event"},
  };
}

}  // namespace

TEST_CASE("state journal: every lane record type becomes exactly one outbox event of the right kind, and the audit chain holds") {
  JournalRig rig;
  auto j = StateJournal::open(rig.options());
  REQUIRE(j);
  const auto records = everyRecordType();
  ManualClock clock;
  for (const auto& [r, kind] : records) {
    INFO(r.type);
    CHECK(stateKindOf(r.type) == kind);
    REQUIRE((*j)->append(r, clock.wall()));
    clock.advance(1s);
  }
  auto events = (*j)->store().pendingOutbox(1000);
  REQUIRE(events);
  REQUIRE(events->size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    INFO(records[i].first.type);
    CHECK((*events)[i].kind == records[i].second);
    const auto p = payloadOf((*events)[i]);
    CHECK(p.at("details").at("type") == records[i].first.type);
    CHECK(p.at("details").at("lane") == "L1");
    CHECK(p.at("occurred_at") == sync::formatIsoUtc(ManualClock().wall() + std::chrono::seconds(i)));
  }
  // Mapped columns, and the fields without a column kept in details.
  const auto failed = payloadOf((*events)[1]);
  CHECK(failed.at("officer_id") == kSystemOfficer);
  CHECK(failed.at("details").at("badge") == "1001");
  const auto decision = payloadOf((*events)[3]);
  CHECK(decision.at("outcome") == "refuse");
  CHECK(decision.at("reason_codes") == nlohmann::json::array({"ENTRY_BAN"}));
  CHECK(decision.at("list_version") == 7);
  CHECK(decision.at("details").at("reason.0.article") == "Law 6458 Art. 9");
  CHECK(payloadOf((*events)[4]).at("action") == "decision.admit");
  const auto crossing = payloadOf((*events)[5]);
  CHECK(crossing.at("direction") == "entry");
  CHECK(crossing.at("document_number") == "A1234567");
  CHECK(crossing.at("birth_date") == "1980-05-06");
  CHECK(crossing.at("surname") == "VALID");
  CHECK(crossing.at("list_version") == 7);
  const auto amber = payloadOf((*events)[10]);
  CHECK(amber.at("timer") == "comprehensive_control");
  CHECK(amber.at("event") == "amber");
  CHECK(amber.at("elapsed_ms") == 10800000);
  CHECK(amber.at("details").at("case") == "L1-1");
  CHECK(payloadOf((*events)[6]).at("timer") == "gate_open");

  auto v = verifyJournal(rig.options().auditJournal);
  REQUIRE(v);
  CHECK(v->records == records.size());
}

TEST_CASE("state journal: an open control survives a restart, a closed one does not come back") {
  JournalRig rig;
  ManualClock clock;
  const auto records = everyRecordType();
  const JournalRecord& start = records[8].first;
  JournalRecord other = start;
  other.fields[0].second = "L1-2";
  {
    auto j = StateJournal::open(rig.options());
    REQUIRE(j);
    REQUIRE((*j)->append(start, clock.wall()));
    REQUIRE((*j)->append(other, clock.wall()));
    REQUIRE((*j)->append({"control.checkpoint", "L1", "", {{"case", "L1-2"}, {"elapsed_ms", "600000"}}}, clock.wall()));
    REQUIRE((*j)->append(records[11].first, clock.wall()));  // closes L1-1
  }
  auto j = StateJournal::open(rig.options());
  REQUIRE(j);
  auto open = (*j)->openControlCases();
  REQUIRE(open);
  REQUIRE(open->size() == 1);
  CHECK(open->at(0).caseId == "L1-2");
  CHECK(open->at(0).lastCheckpoint == 600000ms);
}

TEST_CASE("state journal: when the state database refuses a record, append fails and the audit trail voids it") {
  JournalRig rig;
  ManualClock clock;
  auto j = StateJournal::open(rig.options());
  REQUIRE(j);
  REQUIRE((*j)->append({"lane.start", "L1", "", {}}, clock.wall()));
  breakOutbox(rig.options().stateDatabase);
  const auto start = everyRecordType()[8].first;
  auto r = (*j)->append(start, clock.wall());
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("state database did not record the control.start") != std::string::npos);
  CHECK((*j)->voidedRecords() == 1);
  // The outbox has only the first event; the audit chain has the attempt and its void.
  auto events = (*j)->store().pendingOutbox(100);
  REQUIRE(events);
  CHECK(events->size() == 1);
  const auto& entries = (*j)->audit().entries();
  REQUIRE(entries.size() == 3);
  CHECK(entries[1].record.type == "control.start");
  CHECK(entries[2].record.type == kJournalVoidType);
  CHECK(*entries[2].record.field("void_seq") == "2");
  auto v = verifyJournal(rig.options().auditJournal);
  REQUIRE(v);
  CHECK(v->records == 3);
  // The control that was never recorded is not put back on the board after a restart.
  j->reset();
  auto again = StateJournal::open(rig.options());
  REQUIRE(again);
  auto open = (*again)->openControlCases();
  REQUIRE(open);
  CHECK(open->empty());
}

TEST_CASE("state journal: the lane's crossings must be entry or exit") {
  JournalRig rig;
  auto o = rig.options();
  o.direction = "transit";
  auto j = StateJournal::open(o);
  REQUIRE_FALSE(j);
  CHECK(j.error().code == ErrorCode::InvalidArgument);
}

// ---------------------------------------------------------------------------------------
// SyncStatusSource

TEST_CASE("sync status: list version, age, warning and stale per the policy, outbox count, refreshed at most once a second") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  auto j = StateJournal::open({dir.path / "state.db", dir.path / "k.journal", "entry", ""});
  REQUIRE(j);
  REQUIRE((*j)->append({"lane.start", "L1", "", {}}, clock.wall()));
  SyncStatusOptions so;
  so.list.stateDir = dir.path;
  so.stateDatabase = dir.path / "state.db";
  so.deviceHealth = "camera ok";
  auto src = SyncStatusSource::open(so, clock);
  REQUIRE(src);
  auto s = (*src)->status(clock.monotonic());
  CHECK(s.listVersion == "7");
  REQUIRE(s.listAge);
  CHECK(s.listAge->count() == 1);
  CHECK_FALSE(s.listStale);
  CHECK_FALSE(s.listWarning);
  CHECK(s.outboxPending == 1);
  CHECK(s.deviceHealth == "camera ok");
  CHECK(s.devicesHealthy);  // no devicesHealthyFn: healthy
  CHECK(s.syncState == "no sync confirmed the list");
  // Within the second: the cached answer, no SQL.
  REQUIRE((*j)->append({"lane.stop", "L1", "", {}}, clock.wall()));
  clock.advance(500ms);
  CHECK((*src)->status(clock.monotonic()).outboxPending == 1);
  CHECK((*src)->refreshes() == 1);
  clock.advance(500ms);
  CHECK((*src)->status(clock.monotonic()).outboxPending == 2);
  CHECK((*src)->refreshes() == 2);
  // 30 h after the build: warning; 72 h: stale.
  clock.advance(29h);
  s = (*src)->status(clock.monotonic());
  CHECK(s.listWarning);
  CHECK_FALSE(s.listStale);
  CHECK(s.listMessage.find("warning at 24 h") != std::string::npos);
  clock.advance(42h);
  s = (*src)->status(clock.monotonic());
  CHECK(s.listStale);
  CHECK(s.listMessage.find("LIST_STALE") != std::string::npos);
  // A sync confirmed it 2 h ago.
  std::ofstream(dir.path / "confirmed_at") << sync::formatIsoUtc(clock.wall() - 2h) << "\n";
  clock.advance(1s);
  s = (*src)->status(clock.monotonic());
  CHECK_FALSE(s.listStale);
  CHECK(s.listAge->count() == 2);
  CHECK(s.syncState == "last sync 2 h ago");
}

TEST_CASE("sync status: the camera's health, text and flag, asked at each refresh") {
  TempDir dir;
  ManualClock clock;
  SyncStatusOptions so;
  so.list.stateDir = dir.path;
  bool plugged = true;
  so.deviceHealthFn = [&] { return plugged ? std::string("camera ok") : std::string("camera DISCONNECTED"); };
  so.devicesHealthyFn = [&] { return plugged; };
  auto src = SyncStatusSource::open(so, clock);
  REQUIRE(src);
  CHECK((*src)->status(clock.monotonic()).devicesHealthy);
  plugged = false;
  clock.advance(1s);
  const auto s = (*src)->status(clock.monotonic());
  CHECK(s.deviceHealth == "camera DISCONNECTED");
  CHECK_FALSE(s.devicesHealthy);
}

TEST_CASE("sync status: no list is shown as stale with the reason") {
  TempDir dir;
  ManualClock clock;
  SyncStatusOptions so;
  so.list.stateDir = dir.path;
  auto src = SyncStatusSource::open(so, clock);
  REQUIRE(src);
  const auto s = (*src)->status(clock.monotonic());
  CHECK(s.listVersion.empty());
  CHECK(s.listStale);
  CHECK(s.listMessage.find("bordergate sync") != std::string::npos);
}

// ---------------------------------------------------------------------------------------
// The lane controller on the real adapters

namespace {

struct RealLane {
  TempDir dir;
  ManualClock clock;
  ReplayDocumentSource documents;
  SimulatedGate gate{clock};
  OfficerDirectory officers = testOfficers();
  std::unique_ptr<RulesDecisionService> decisions;
  std::unique_ptr<StateJournal> journal;
  std::unique_ptr<SyncStatusSource> status;
  std::unique_ptr<LaneController> lane;

  explicit RealLane(std::vector<std::pair<std::string, std::string>> texts, bool withList = true)
      : documents(LaneRig::makeSource(std::move(texts))) {
    if (withList) install(dir.path, 7);
    open();
  }
  void open() {
    lane.reset();
    journal.reset();
    status.reset();
    journal = std::move(*StateJournal::open({dir.path / "state.db", dir.path / "kiosk-L1.journal", "entry", ""}));
    RulesDecisionOptions ro;
    ro.list.stateDir = dir.path;
    ro.ownCrossings = &journal->store();  // as the app wires it
    decisions = std::make_unique<RulesDecisionService>(ro, clock);
    SyncStatusOptions so;
    so.list.stateDir = dir.path;
    so.stateDatabase = dir.path / "state.db";
    status = std::move(*SyncStatusSource::open(so, clock));
    LaneConfig lc;
    lc.lane = "L1";
    lane = std::make_unique<LaneController>(lc, LanePorts{documents, *decisions, gate, *journal, clock, status.get()}, officers);
  }
  void place() {
    documents.placeNow();
    lane->tick();
  }
  std::vector<sync::OutboxEvent> outbox() { return std::move(*journal->store().pendingOutbox(10000)); }
};

std::size_t countKind(const std::vector<sync::OutboxEvent>& events, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& e : events) n += e.kind == kind;
  return n;
}

}  // namespace

TEST_CASE("lane on the real adapters: recommendation from the list, admit, crossing and refusal reach the outbox, control survives a restart") {
  RealLane rig({{"admit", admitText()}, {"banned", bannedText()}, {"stolen", stolenText()}});
  REQUIRE(rig.lane->start());
  REQUIRE(rig.lane->signIn("1001", "111111"));

  rig.place();
  REQUIRE(rig.lane->recommendation());
  CHECK(rig.lane->recommendation()->verdict == Verdict::Admit);
  CHECK(rig.lane->recommendation()->listVersion == "7");
  REQUIRE(rig.lane->admit());
  rig.clock.advance(3s);
  rig.lane->tick();
  CHECK(rig.lane->state() == LaneState::Idle);

  rig.place();
  REQUIRE(rig.lane->recommendation());
  CHECK(rig.lane->recommendation()->verdict == Verdict::Refuse);
  REQUIRE(rig.lane->refuse("ENTRY_BAN"));
  REQUIRE(rig.lane->acknowledgeNotice());

  rig.place();
  REQUIRE(rig.lane->recommendation());
  CHECK(rig.lane->recommendation()->verdict == Verdict::Refer);
  REQUIRE(rig.lane->refer());
  REQUIRE(rig.lane->board().cases().size() == 1);

  const auto events = rig.outbox();
  CHECK(countKind(events, "decision") == 3);  // three recommendations
  CHECK(countKind(events, "crossing") == 1);
  CHECK(countKind(events, "timer_event") == 2);  // lane.start, control.start
  std::size_t audited = 0;
  for (const auto& e : rig.journal->audit().entries()) audited += e.record.type != kJournalVoidType;
  CHECK(events.size() == audited);  // every audit record has its outbox event
  for (const auto& e : events)
    if (e.kind == "crossing") {
      const auto p = payloadOf(e);
      CHECK(p.at("document_number") == "A1234567");
      CHECK(p.at("nationality") == "UTO");
      CHECK(p.at("birth_date") == "1980-05-06");
      CHECK(p.at("list_version") == 7);
      CHECK(p.at("details").at("officer") == "1001");
    }
  const auto st = rig.lane->status();
  CHECK(st.listVersion == "7");
  CHECK(st.outboxPending > 0);

  // A crash and restart: the held person is back on the board from the audit chain.
  const auto caseId = rig.lane->board().cases().at(0).record.caseId;
  rig.clock.reboot(10min);
  rig.open();
  REQUIRE(rig.lane->start());
  REQUIRE(rig.lane->board().cases().size() == 1);
  CHECK(rig.lane->board().cases().at(0).record.caseId == caseId);
  // Admitted after control, after the restart: a crossing with the person's fields reaches the
  // outbox (the 90/180-day count of the next list needs it).
  REQUIRE(rig.lane->signIn("1001", "111111"));
  REQUIRE(rig.lane->closeControl(caseId, ControlOutcome::Admitted));
  std::size_t crossings = 0;
  for (const auto& e : rig.outbox())
    if (e.kind == "crossing" && payloadOf(e).at("details").contains("case")) {
      ++crossings;
      const auto p = payloadOf(e);
      CHECK(p.at("document_number") == "L1234567");
      CHECK_FALSE(p.at("birth_date").get<std::string>().empty());
      CHECK(p.at("direction") == "entry");
      CHECK(p.at("list_version") == 7);
      CHECK(p.at("details").at("passage") == "after_control");
    }
  CHECK(crossings == 1);
  // The next traveller's 90/180-day count reads it back; the timer event of control.start
  // carries no birth date or names to the centre (they go with the crossing).
  auto own = rig.journal->store().crossingsOf("L1234567", "UTO");
  REQUIRE(own);
  CHECK(own->size() == 1);
  for (const auto& e : rig.outbox())
    if (e.kind == "timer_event") CHECK_FALSE(payloadOf(e).at("details").contains("birth_date"));
}

TEST_CASE("lane on the real adapters: with no list there is no recommendation and the officer cannot admit") {
  RealLane rig({{"admit", admitText()}}, /*withList=*/false);
  REQUIRE(rig.lane->start());
  REQUIRE(rig.lane->signIn("1001", "111111"));
  rig.place();
  CHECK(rig.lane->state() == LaneState::NoRecommendation);
  CHECK(rig.lane->recommendationError().find("bordergate sync") != std::string::npos);
  CHECK_FALSE(rig.lane->admit());
  CHECK(rig.gate.openCount() == 0);
  REQUIRE(rig.lane->refer());
  const auto events = rig.outbox();
  REQUIRE(countKind(events, "decision") == 1);
  for (const auto& e : events)
    if (e.kind == "decision") CHECK(payloadOf(e).at("outcome") == "none");
}

TEST_CASE("traveller self-check on the real adapters: proceed only when admitted, a ban says only 'see an officer', both recorded") {
  TempDir dir;
  install(dir.path, 7);
  ManualClock clock;
  auto documents = LaneRig::makeSource({{"admit", admitText()}, {"banned", bannedText()}});
  RulesDecisionOptions ro;
  ro.list.stateDir = dir.path;
  ro.direction = rules::Direction::Transit;
  RulesDecisionService decisions(ro, clock);
  auto journal = StateJournal::open({dir.path / "state.db", dir.path / "kiosk-T1.journal", "entry", ""});
  REQUIRE(journal);
  TravellerSelfCheck check({}, documents, decisions, **journal, clock);
  documents.placeNow();
  check.tick();
  CHECK(check.view().screen == TravellerScreen::Proceed);
  check.input(TravellerInput::Done);
  clock.advance(5s);
  documents.placeNow();
  check.tick();
  CHECK(check.view().screen == TravellerScreen::SeeOfficer);
  auto events = (*journal)->store().pendingOutbox(10);
  REQUIRE(events);
  REQUIRE(events->size() == 2);
  const auto first = payloadOf(events->at(0)), second = payloadOf(events->at(1));
  CHECK(first.at("outcome") == "proceed");
  CHECK(first.at("list_version") == 7);
  CHECK(second.at("outcome") == "see_officer");
  const auto codes = second.at("reason_codes");  // for officers, in the outbox only
  CHECK(std::find(codes.begin(), codes.end(), "ENTRY_BAN") != codes.end());
}
