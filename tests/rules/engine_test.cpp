// Engine behaviours beyond the scenario table: invalid MRZ, protection requests, the
// traveller's view, list staleness, own crossings, scanned visas, closed lists.
#include <catch2/catch.hpp>

#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"
#include "test_support.h"

using namespace bordergate;
using namespace bordergate::rules;
using namespace bordergate::rules::test;

namespace {
CheckContext at(const std::string& day, Direction dir = Direction::Entry) {
  CheckContext c;
  c.direction = dir;
  c.at = noon(day);
  return c;
}
Person person(const char* doc, const char* nat) {
  Person p;
  p.documentNumber = doc;
  p.nationality = nat;
  return p;
}
}  // namespace

TEST_CASE("engine: an invalid MRZ is referred, never admitted (Art. 5, 6)") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  auto record = passport(person("ZZD000001", "D"));
  record.lines[1][9] = record.lines[1][9] == '0' ? '1' : '0';  // break the document number check digit
  auto broken = mrz::parseLines(record.lines);
  REQUIRE_FALSE(broken.valid());
  auto r = check(*list, broken, at("2026-11-23"));
  REQUIRE(r);
  CHECK(r->decision == Decision::Refer);
  REQUIRE(r->reasons.size() == 1);
  CHECK(r->reasons[0].code == ReasonCode::MrzInvalid);
  CHECK(r->reasons[0].message.find("check digit") != std::string::npos);
}

TEST_CASE("engine: a protection request is referred even when everything else admits (Art. 65)") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  auto ctx = at("2026-11-23");
  ctx.protectionRequest = true;
  auto r = check(*list, passport(person("ZZD000001", "D")), ctx);
  REQUIRE(r);
  CHECK(r->decision == Decision::Refer);
  CHECK(r->has(ReasonCode::ProtectionRequest));
  CHECK(r->reasons.front().article == "4, 8(1), 65");
}

TEST_CASE("engine: the traveller's view never discloses a ban") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  Person banned = person("ZZB000001", "D");
  banned.birthDate = "1980-05-17";
  auto r = check(*list, passport(banned), at("2026-11-23", Direction::Transit));
  REQUIRE(r);
  REQUIRE(r->has(ReasonCode::EntryBan));
  const auto view = travellerView(*r);
  CHECK(view.decision == Decision::Refer);
  CHECK(view.message == "Please see an officer.");
  CHECK(view.message.find("ban") == std::string::npos);
  auto ok = check(*list, passport(person("ZZT000001", "UTO")), at("2026-11-23", Direction::Transit));
  REQUIRE(ok);
  CHECK(travellerView(*ok).message == "Proceed to transfer.");
  // A refusal is shown as "see an officer" too.
  CheckResult refused;
  refused.decision = Decision::Refuse;
  CHECK(travellerView(refused).decision == Decision::Refer);
}

TEST_CASE("engine: a stale list refers when a limit is set (sync hook)") {
  TempDir tmp;
  auto list = scenarioList(tmp);  // built 2026-11-01T00:00:00Z
  auto ctx = at("2026-11-23");
  ctx.listAgeLimit = std::chrono::hours(24);
  auto r = check(*list, passport(person("ZZD000001", "D")), ctx);
  REQUIRE(r);
  CHECK(r->decision == Decision::Refer);
  CHECK(r->has(ReasonCode::ListStale));
  ctx.listFreshAt = noon("2026-11-23") - 3600;  // synced an hour ago
  auto fresh = check(*list, passport(person("ZZD000001", "D")), ctx);
  REQUIRE(fresh);
  CHECK(fresh->decision == Decision::Admit);
  CHECK_FALSE(fresh->has(ReasonCode::ListStale));
}

TEST_CASE("engine: the kiosk's own crossings count for 90/180 and for exit") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  auto ctx = at("2026-11-23", Direction::Exit);
  ctx.ownCrossings.push_back(Crossing{"ZZD000001", "D", std::nullopt, Direction::Entry, noon("2026-11-01"), "IST"});
  auto r = check(*list, passport(person("ZZD000001", "D")), ctx);
  REQUIRE(r);
  CHECK(r->decision == Decision::Admit);
  REQUIRE(r->daysUsedIn180);
  CHECK(*r->daysUsedIn180 == 23);
  // Someone else's crossing in the vector is ignored.
  auto ctx2 = at("2026-11-23", Direction::Exit);
  ctx2.ownCrossings.push_back(Crossing{"ZZD999999", "D", std::nullopt, Direction::Entry, noon("2026-11-01"), "IST"});
  auto r2 = check(*list, passport(person("ZZD000001", "D")), ctx2);
  REQUIRE(r2);
  CHECK(r2->has(ReasonCode::NoEntryRecord));
}

TEST_CASE("engine: a scanned machine-readable visa of the same holder counts") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  Person p = person("ZZV000009", "AFG");
  mrz::MrzFields f;
  f.format = mrz::Format::MRVA;
  f.documentCode = "V";
  f.issuingState = "TUR";
  f.surname = p.surname;
  f.givenNames = p.givenNames;
  f.documentNumber = "ZZMRV0001";
  f.nationality = "AFG";
  f.birthDate = p.birthDate;
  f.sex = p.sex;
  f.expiryDate = "2026-12-10";
  auto lines = mrz::encode(f);
  REQUIRE(lines);
  mrz::ParseOptions po;
  po.today = Date{2026, 6, 1};
  auto ctx = at("2026-11-23");
  ctx.visaMrz = mrz::parseLines(*lines, po);
  REQUIRE(ctx.visaMrz->valid());
  auto r = check(*list, passport(p), ctx);
  REQUIRE(r);
  CHECK(r->decision == Decision::Admit);
  CHECK(r->has(ReasonCode::VisaValid));
  CHECK(r->stayUntil == d("2026-12-10"));
  // Another holder's visa does not count.
  f.givenNames = "OTHER";
  ctx.visaMrz = mrz::parseLines(*mrz::encode(f), po);
  auto other = check(*list, passport(p), ctx);
  REQUIRE(other);
  CHECK(other->decision == Decision::Refuse);
  CHECK(other->has(ReasonCode::VisaMissing));
}

TEST_CASE("engine: a visa MRZ in place of the passport is referred") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  mrz::MrzFields f;
  f.format = mrz::Format::MRVA;
  f.documentCode = "V";
  f.issuingState = "TUR";
  f.surname = "TESTPERSON";
  f.documentNumber = "ZZMRV0001";
  f.nationality = "AFG";
  f.birthDate = "1980-01-01";
  f.sex = 'F';
  f.expiryDate = "2026-12-10";
  auto r = check(*list, mrz::parseLines(*mrz::encode(f)), at("2026-11-23"));
  REQUIRE(r);
  CHECK(r->decision == Decision::Refer);
  CHECK(r->has(ReasonCode::MrzInvalid));
}

TEST_CASE("engine: a closed list is an error, not a decision") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  list->close();
  auto r = check(*list, passport(person("ZZD000001", "D")), at("2026-11-23"));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::NotFound);
}

TEST_CASE("engine: every reason code has its contract spelling") {
  CHECK(std::string(reasonCodeName(ReasonCode::MrzInvalid)) == "MRZ_INVALID");
  CHECK(std::string(reasonCodeName(ReasonCode::EntryBanPossible)) == "ENTRY_BAN_POSSIBLE");
  CHECK(std::string(reasonCodeName(ReasonCode::AirportTransitVisa)) == "AIRPORT_TRANSIT_VISA");
  CHECK(std::string(reasonCodeName(ReasonCode::PassportValidity)) == "PASSPORT_VALIDITY");
  CHECK(std::string(toString(Decision::Refuse)) == "refuse");
}

TEST_CASE("engine: days are the border's (UTC+3): 22:30Z is already the next day in Turkey") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  // e-Visa V-EV1 of ZZE000001 is valid to 2027-04-30 (a day at the border).
  auto ctx = at("2027-04-30");
  ctx.at = *parseTimestamp("2027-04-30T20:59:59Z");  // 23:59:59 at the border: its last day
  auto r = check(*list, passport(person("ZZE000001", "CHN")), ctx);
  REQUIRE(r);
  CHECK(r->has(ReasonCode::VisaValid));
  ctx.at = *parseTimestamp("2027-04-30T21:00:00Z");  // 00:00 on 1 May at the border
  r = check(*list, passport(person("ZZE000001", "CHN")), ctx);
  REQUIRE(r);
  CHECK(r->has(ReasonCode::VisaMissing));
  CHECK_FALSE(r->has(ReasonCode::VisaValid));
  CHECK(borderDayOf(*parseTimestamp("2026-12-31T21:00:00Z")) == d("2027-01-01"));
  CHECK(borderDayOf(*parseTimestamp("2026-12-31T20:59:59Z")) == d("2026-12-31"));
}

TEST_CASE("engine: an exit names the visa whose stay it measures") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  // ZZX000002 entered 2026-07-01 holding V-EX2A (60 days: to 08-29) and V-EX2B (30 days).
  auto r = check(*list, passport(person("ZZX000002", "AFG")), at("2026-09-15", Direction::Exit));
  REQUIRE(r);
  REQUIRE(r->has(ReasonCode::Overstay));
  REQUIRE(r->stayUntil);
  CHECK(r->stayUntil->iso() == "2026-08-29");
  for (const auto& reason : r->reasons)
    if (reason.code == ReasonCode::Overstay) {
      CHECK(reason.message.find("V-EX2A") != std::string::npos);
      CHECK(reason.message.find("V-EX2B") == std::string::npos);
    }
}

TEST_CASE("engine: a Blue Card holder's passport shortfall cites 7(1)(b) alone (23(1) is about residence permits)") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  auto p = person("ZZR000004", "AFG");  // Blue Card P-BLUE until 2034-01-01
  p.expiryDate = "2033-01-01";
  auto r = check(*list, passport(p), at("2026-11-23"));
  REQUIRE(r);
  CHECK(r->decision == Decision::Refer);
  bool seen = false;
  for (const auto& reason : r->reasons)
    if (reason.code == ReasonCode::PassportValidity) {
      seen = true;
      CHECK(reason.article == "7(1)(b)");
    }
  CHECK(seen);
  // A residence permit holder's cites 23(1) too.
  auto q = person("ZZR000001", "AFG");  // residence permit P-RES1 until 2027-01-14
  q.expiryDate = "2027-03-14";
  r = check(*list, passport(q), at("2026-11-23"));
  REQUIRE(r);
  for (const auto& reason : r->reasons)
    if (reason.code == ReasonCode::PassportValidity) CHECK(reason.article == "7(1)(b), 23(1)");
}
