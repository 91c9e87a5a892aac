// The 90/180 loop end to end: kiosk A records crossings -> upload -> the centre exports
// crossings.csv -> list build -> publish -> kiosk B syncs -> kiosk B's rules engine counts
// the days (Law 6458 Art. 11(1)). Also the export's window, open stays, duplicates,
// rejected rows and least privilege. Needs PostgreSQL (skips with 77 without it).
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"
#include "bordergate/rules/engine.h"
#include "bordergate/rules/list_builder.h"
#include "bordergate/sync/centre_export.h"
#include "bordergate/sync/clock.h"
#include "bordergate/sync/list_store.h"
#include "bordergate/sync/state_store.h"
#include "fixtures.h"

using namespace bordergate;
using namespace bordergate::sync;
using namespace bordergate::sync::test;
namespace fs = std::filesystem;

namespace {

std::int64_t nowSeconds() { return std::chrono::duration_cast<Seconds>(Clock::now().time_since_epoch()).count(); }
// The UTC calendar day (the centre's export window counts these).
Date today() { return Date::fromDays(nowSeconds() / 86400); }
// The calendar day at the border (UTC+03:00), as the engine counts stays: from 21:00Z on it is
// the next UTC day (with UTC days the 90/180 loop test failed every evening after 21:00Z).
Date borderToday() { return rules::borderDayOf(nowSeconds()); }
std::string at(const Date& d, const std::string& time) { return d.iso() + "T" + time + "Z"; }

CrossingRecord traveller(const std::string& doc, const std::string& nationality, const std::string& direction, const std::string& when) {
  CrossingRecord c;
  c.occurredAt = when;
  c.lane = "L2";
  c.direction = direction;
  c.documentType = "P";
  c.issuingState = "D";
  c.documentNumber = doc;
  c.nationality = nationality;
  c.birthDate = "1985-04-12";
  c.surname = "MUSTERMANN";
  c.givenNames = "ERIKA";
  c.listVersion = 1;
  return c;
}

// The German passport of `doc` as the kiosk reads it.
mrz::MrzRecord passport(const std::string& doc) {
  mrz::MrzFields f;
  f.issuingState = "D";
  f.nationality = "D";
  f.surname = "MUSTERMANN";
  f.givenNames = "ERIKA";
  f.documentNumber = doc;
  f.birthDate = "1985-04-12";
  f.sex = 'F';
  f.expiryDate = "2036-01-01";
  auto lines = mrz::encode(f);
  REQUIRE(lines);
  auto r = mrz::parseLines(*lines);
  REQUIRE(r.valid());
  return r;
}

// An export folder: the shipped sample files, with crossings.csv to be written by the export.
std::string exportFolder(const TempDir& d, const std::string& name) {
  const fs::path src = fs::path(BORDERGATE_SOURCE_DIR) / "rules" / "data";
  const fs::path dir = d / name;
  fs::create_directories(dir);
  for (const auto& spec : rules::listTableSpecs())
    if (spec.table != rules::ListTable::Crossings) fs::copy_file(src / spec.fileName, dir / spec.fileName);
  fs::copy_file(src / "HASH_KEY", dir / "HASH_KEY");
  return dir.string();
}

rules::CheckResult checkEntry(const std::string& stateDir, const std::string& doc,
                              const std::vector<rules::Crossing>& own = {}) {
  auto path = ListStore(stateDir).activePath();
  REQUIRE(path);
  auto list = rules::ListReader::open(*path);
  REQUIRE(list);
  rules::CheckContext ctx;
  ctx.direction = rules::Direction::Entry;
  ctx.at = std::chrono::duration_cast<Seconds>(Clock::now().time_since_epoch()).count();
  ctx.ownCrossings = own;
  auto r = rules::check(**list, passport(doc), ctx);
  REQUIRE(r);
  return *r;
}

const rules::Reason* reason(const rules::CheckResult& r, rules::ReasonCode code) {
  for (const auto& x : r.reasons)
    if (x.code == code) return &x;
  return nullptr;
}

std::string jsonField(const std::string& json, const std::string& key) {
  const auto p = json.find("\"" + key + "\":");
  if (p == std::string::npos) return {};
  const auto start = p + key.size() + 3;
  return json.substr(start, json.find_first_of(",}", start) - start);
}

}  // namespace

TEST_CASE("crossings recorded at kiosk A reach kiosk B's 90/180 count through the centre and the next list") {
  PgCluster pg({"kiosk_a", "exporter_centre"});
  if (!pg.available()) skipTest("PostgreSQL server binaries not installed");
  TempDir d;
  const Date t = borderToday();
  const std::string key = makeKey(d, "list");
  const std::string repo = d / "repo", kioskA = d / "kiosk-a", kioskB = d / "kiosk-b";
  fs::create_directories(kioskA);

  // List v1: exported from the centre before any upload (a header-only crossings.csv).
  const std::string v1dir = exportFolder(d, "export-1");
  std::string out;
  REQUIRE(runBordergate({"centre", "export-crossings", "--db", pg.conninfo(1), "--out", v1dir + "/crossings.csv"}, &out) == 0);
  CHECK(jsonField(out, "rows") == "0");
  CHECK(readText(v1dir + "/crossings.csv") == "document_number,nationality,birth_date,direction,at,port\n");
  REQUIRE(runBordergate({"list", "build", "--from", v1dir, "--out", d / "v1.db", "--version", "1"}) == 0);
  publish(d / "v1.db", {}, key, repo, formatIsoUtc(Clock::now()));
  REQUIRE(runBordergate({"sync", "--repo", "file://" + repo, "--state", kioskB, "--root", repo + "/root.json"}, &out) == 0);

  // Before the loop kiosk B knows nothing of the earlier stays: a full 90 days from today.
  {
    const auto r = checkEntry(kioskB, "C01T80001");
    CHECK(r.listVersion == 1);
    CHECK(r.decision == rules::Decision::Admit);
    CHECK(r.stayUntil == t.addDays(89));
    CHECK(r.daysUsedIn180 == 1);
    CHECK(checkEntry(kioskB, "C01T90002").decision == rules::Decision::Admit);
  }

  // Kiosk A: traveller 1 entered 80 days ago and left 2 days ago (79 days); traveller 2
  // stayed the full 90 days, leaving 11 days ago. The UI retried traveller 1's entry after a
  // restart: the same crossing recorded twice under two event ids.
  {
    auto a = StateStore::open(kioskA + "/state.db", {"kiosk_a", true});
    REQUIRE(a);
    REQUIRE(a->recordCrossing(traveller("C01T80001", "D", "entry", at(t.addDays(-80), "09:15:00"))));
    REQUIRE(a->recordCrossing(traveller("C01T80001", "D", "entry", at(t.addDays(-80), "09:15:00"))));
    REQUIRE(a->recordCrossing(traveller("C01T80001", "D", "exit", at(t.addDays(-2), "17:40:00"))));
    // As the MRZ field reads, with fillers: the centre normalises as the list does.
    REQUIRE(a->recordCrossing(traveller("C01T90002", "D<<", "entry", at(t.addDays(-100), "08:00:00"))));
    REQUIRE(a->recordCrossing(traveller("C01T90002", "D<<", "exit", at(t.addDays(-11), "20:00:00"))));
  }
  REQUIRE(runBordergate({"upload", "--state", kioskA, "--centre", pg.conninfo(0)}, &out) == 0);
  CHECK(jsonField(out, "inserted") == "5");

  // The centre exports, builds and publishes v2.
  const std::string v2dir = exportFolder(d, "export-2");
  REQUIRE(runBordergate({"centre", "export-crossings", "--db", pg.conninfo(1), "--out", v2dir + "/crossings.csv"}, &out) == 0);
  CHECK(jsonField(out, "rows") == "4");
  CHECK(jsonField(out, "duplicates") == "1");
  CHECK(jsonField(out, "since") == "\"" + today().addDays(-kCrossingsWindowDays).iso() + "\"");
  CHECK(readText(v2dir + "/crossings.csv") ==
        "document_number,nationality,birth_date,direction,at,port\n"
        "C01T80001,D,,entry," + at(t.addDays(-80), "09:15:00") + ",\n"
        "C01T80001,D,,exit," + at(t.addDays(-2), "17:40:00") + ",\n"
        "C01T90002,D,,entry," + at(t.addDays(-100), "08:00:00") + ",\n"
        "C01T90002,D,,exit," + at(t.addDays(-11), "20:00:00") + ",\n");
  REQUIRE(runBordergate({"list", "build", "--from", v2dir, "--out", d / "v2.db", "--version", "2"}) == 0);
  publish(d / "v2.db", {d / "v1.db"}, key, repo, formatIsoUtc(Clock::now()));
  REQUIRE(runBordergate({"sync", "--repo", "file://" + repo, "--state", kioskB}, &out) == 0);
  CHECK(jsonField(out, "action") == "\"applied_delta\"");
  CHECK(jsonField(out, "to_version") == "2");

  // Kiosk B now counts the days spent in the country through kiosk A.
  const auto r1 = checkEntry(kioskB, "C01T80001");
  CHECK(r1.listVersion == 2);
  CHECK(r1.decision == rules::Decision::Admit);
  CHECK(r1.daysUsedIn180 == 80);            // 79 days of the earlier stay + today
  CHECK(r1.stayUntil == t.addDays(10));     // 11 days left of 90: a 20-day stay is not permitted
  const auto* exempt = reason(r1, rules::ReasonCode::VisaExempt);
  REQUIRE(exempt);
  CHECK(exempt->article == "11(1), 12(1)(a)");

  const auto r2 = checkEntry(kioskB, "C01T90002");
  CHECK(r2.decision == rules::Decision::Refuse);
  const auto* limit = reason(r2, rules::ReasonCode::StayLimit);
  REQUIRE(limit);
  CHECK(limit->article == "11(1)");
  CHECK(limit->effect == rules::Decision::Refuse);
  CHECK(r2.daysUsedIn180 == 91);

  // Kiosk B also holds the same entry in its own records (it was the same crossing): it
  // counts once.
  rules::Crossing own;
  own.documentNumber = "C01T80001";
  own.nationality = "D";
  own.direction = rules::Direction::Entry;
  own.at = *rules::parseTimestamp(at(t.addDays(-80), "09:15:00"));
  const auto r3 = checkEntry(kioskB, "C01T80001", {own});
  CHECK(r3.daysUsedIn180 == 80);
  CHECK(r3.stayUntil == t.addDays(10));
}

TEST_CASE("the crossings export keeps the 90/180 window and open stays, reports bad rows and reads only its view") {
  PgCluster pg({"kiosk_a", "exporter_centre"});
  if (!pg.available()) skipTest("PostgreSQL server binaries not installed");
  TempDir d;
  const Date t = borderToday();
  const Date since = t.addDays(-kCrossingsWindowDays);
  fs::create_directories(d / "kiosk-a");
  {
    auto a = StateStore::open(d / "kiosk-a/state.db", {"kiosk_a", true});
    REQUIRE(a);
    // Left before the window: nothing of it can count any more.
    REQUIRE(a->recordCrossing(traveller("C01W00001", "D", "entry", at(t.addDays(-400), "10:00:00"))));
    REQUIRE(a->recordCrossing(traveller("C01W00001", "D", "exit", at(t.addDays(-390), "10:00:00"))));
    // Entered before the window, left inside it: the entry opens the days that count.
    REQUIRE(a->recordCrossing(traveller("C01W00002", "D", "entry", at(since.addDays(-5), "10:00:00"))));
    REQUIRE(a->recordCrossing(traveller("C01W00002", "D", "exit", at(since.addDays(20), "10:00:00"))));
    // Entered long ago, never recorded leaving: an exit check needs that entry.
    REQUIRE(a->recordCrossing(traveller("C01W00003", "D", "entry", at(t.addDays(-600), "10:00:00"))));
    // Inside the window, lower case and '<' filler as a careless integration might send it.
    REQUIRE(a->recordCrossing(traveller("c01w00004<", "D", "entry", at(t.addDays(-30), "10:00:00"))));
    // Not a document number an MRZ can hold: reported, not exported.
    REQUIRE(a->recordCrossing(traveller("C01-W0005", "D", "entry", at(t.addDays(-20), "10:00:00"))));
    // A nationality code that does not exist: reported by the list builder's own check.
    REQUIRE(a->recordCrossing(traveller("C01W00006", "QQQ", "entry", at(t.addDays(-10), "10:00:00"))));
  }
  std::string out;
  REQUIRE(runBordergate({"upload", "--state", d / "kiosk-a", "--centre", pg.conninfo(0)}, &out) == 0);

  const std::string csv = d / "crossings.csv";
  // Rejected rows make the run a negative result (exit 1) with a complete file for the rest.
  REQUIRE(runBordergate({"centre", "export-crossings", "--db", pg.conninfo(1), "--out", csv}, &out) == 1);
  CHECK(jsonField(out, "rows") == "4");
  CHECK(jsonField(out, "open_stays") == "2");
  CHECK(jsonField(out, "rejected") == "2");
  CHECK(readText(csv) ==
        "document_number,nationality,birth_date,direction,at,port\n"
        "C01W00002,D,,entry," + at(since.addDays(-5), "10:00:00") + ",\n"
        "C01W00002,D,,exit," + at(since.addDays(20), "10:00:00") + ",\n"
        "C01W00003,D,,entry," + at(t.addDays(-600), "10:00:00") + ",\n"
        "C01W00004,D,,entry," + at(t.addDays(-30), "10:00:00") + ",\n");
  CHECK((fs::status(csv).permissions() & fs::perms::others_read) == fs::perms::none);

  // The library reports which events were left out and why.
  CrossingsExportOptions eo;
  eo.conninfo = pg.conninfo(1);
  eo.outPath = d / "again.csv";
  eo.since = t.addDays(-15);
  auto rep = exportCrossings(eo);
  REQUIRE(rep);
  // Only open stays are left before the last 15 days: C01W00003's and C01W00004's entries
  // (C01W00001 and C01W00002 left); both bad rows are inside the 15 days or open stays.
  CHECK(rep->rows == 2);
  CHECK(rep->openStays == 2);
  CHECK(rep->duplicates == 0);
  REQUIRE(rep->rejected.size() == 2);
  CHECK(rep->rejected[0].find("document_number") != std::string::npos);
  CHECK(rep->rejected[0].find("C01-W0005") != std::string::npos);
  CHECK(rep->rejected[1].find("nationality") != std::string::npos);
  CHECK(rep->rejected[1].find("QQQ") != std::string::npos);

  // The file imports as it is; the same rows twice do not (a crossing can never count twice).
  TempDir e;
  const fs::path src = fs::path(BORDERGATE_SOURCE_DIR) / "rules" / "data";
  for (const auto& spec : rules::listTableSpecs())
    if (spec.table != rules::ListTable::Crossings) fs::copy_file(src / spec.fileName, fs::path(e.path()) / spec.fileName);
  copyFile(csv, e / "crossings.csv");
  CHECK(runBordergate({"list", "build", "--from", e.path(), "--out", e / "ok.db", "--version", "3"}) == 0);
  const std::string text = readText(csv);
  writeText(e / "crossings.csv", text + text.substr(text.find('\n') + 1));
  CHECK(runBordergate({"list", "build", "--from", e.path(), "--out", e / "twice.db", "--version", "4"}) == 2);

  // Least privilege: the exporter reads the view, not the events table with names and birth dates.
  CHECK(pg.scalar("SET ROLE exporter_centre; SELECT count(*) FROM crossings_export") == "8");
  CHECK_THROWS(pg.scalar("SET ROLE exporter_centre; SELECT count(*) FROM events"));
  // Kiosks cannot read the export.
  CHECK_THROWS(pg.scalar("SET ROLE kiosk_a; SELECT count(*) FROM crossings_export"));
  // No clear-text export over the network, and a failed export leaves no file behind.
  CHECK(runBordergate({"centre", "export-crossings", "--db", pg.conninfo(1) + " sslmode=disable", "--out", d / "plain.csv"}) == 2);
  CHECK(!fs::exists(d / "plain.csv"));
  CHECK(!fs::exists(d / "plain.csv.tmp"));
}
