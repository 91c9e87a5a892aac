// Table-driven scenarios written from Law 6458, with dates on both sides of every boundary.
// The list is tests/rules/scenario_list.cpp; every expected date is worked out in the
// comment next to it.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace bordergate;
using namespace bordergate::rules;
using namespace bordergate::rules::test;
using RC = ReasonCode;

namespace {

constexpr const char* kUnchecked = "?";
constexpr int kNull = -2, kAny = -1;

struct Scenario {
  const char* name;
  Person person;
  Direction direction;
  const char* day;
  Decision expected;
  std::vector<RC> codes;          // must all be present
  const char* stayUntil = kUnchecked;  // "" = null
  int days = kAny;
  bool protection = false;
  std::vector<RC> absent = {};    // must not be present
};

Person who(const char* doc, const char* nat, const char* sur = "TESTPERSON", const char* given = "ANNA",
           const char* birth = "1980-01-01", const char* expiry = "2035-01-01") {
  Person p;
  p.documentNumber = doc;
  p.nationality = nat;
  p.surname = sur;
  p.givenNames = given;
  p.birthDate = birth;
  p.expiryDate = expiry;
  return p;
}

Person male(Person p) {
  p.sex = 'M';
  return p;
}

const Person kBanned = male(who("ZZB000001", "D", "OZTURK TESTPERSON", "ALI IHSAN", "1980-05-17"));

std::vector<Scenario> scenarios() {
  const auto E = Direction::Entry, X = Direction::Exit, T = Direction::Transit;
  const auto A = Decision::Admit, R = Decision::Refer, F = Decision::Refuse;
  Person idCard = who("ZZI000001", "UTO");
  Person utoDiplomat = who("ZZT000009", "UTO");
  Person turOnUtoCard = who("ZZC000003", "TUR");
  turOnUtoCard.issuingState = "UTO";
  utoDiplomat.documentCode = "PD";
  idCard.format = mrz::Format::TD1;
  idCard.documentCode = "I";
  return {
      // --- Art. 11(1): 90 days in any 180 ------------------------------------------------
      // First entry: day 1 = 2026-11-23, day 90 = 2027-02-20.
      {"exempt first entry", who("ZZD000001", "D"), E, "2026-11-23", A, {RC::VisaExempt}, "2027-02-20", 1},
      // 90 days present 06-01..08-29; the window ending 11-27 starts 06-01 (180 days): 91 -> refuse.
      {"day 91 in the window", who("ZZD000003", "D"), E, "2026-11-27", F, {RC::StayLimit}, "", kAny},
      // The same 90 days recorded under ZZSOO0005, the document now read ZZS000005: O and 0
      // look alike, and the check digit passes either way, so they are this document's days.
      {"day 91, the days recorded with O for 0", who("ZZS000005", "D"), E, "2026-11-27", F, {RC::StayLimit}, "", kAny},
      // One day later 06-01 has left the window: 89 + today = 90; each later day frees one more.
      {"day 90 in the window", who("ZZD000003", "D"), E, "2026-11-28", A, {RC::VisaExempt}, "2027-02-25", 90},
      // 89 days present: today is day 90 and the window keeps sliding.
      {"89 earlier days", who("ZZD000002", "D"), E, "2026-11-27", A, {RC::VisaExempt}, "2027-02-24", 90},
      // ZZO000001 entered 2026-08-01 and no exit is recorded: counted as present to this day
      // (115 days), but only 1 day (the entry day) is recorded for certain: refer, not refuse.
      {"stay limit resting on an unrecorded exit: refer", who("ZZO000001", "D"), E, "2026-11-23", R, {RC::StayLimit}},
      // RUS: 60 days per 180: 2026-11-23 + 59 = 2027-01-21.
      {"60-day exemption", who("ZZU000001", "RUS"), E, "2026-11-23", A, {RC::VisaExempt}, "2027-01-21", 1},

      // --- Art. 7(1)(b): passport valid 60 days beyond the stay --------------------------
      // Stay ends 2027-02-20; 60 days later is 2027-04-21.
      {"passport valid exactly 60 days beyond", who("ZZD000001", "D", "TESTPERSON", "ANNA", "1980-01-01", "2027-04-21"), E,
       "2026-11-23", A, {RC::VisaExempt}, "2027-02-20", 1, false, {RC::PassportValidity}},
      {"passport valid 59 days beyond", who("ZZD000001", "D", "TESTPERSON", "ANNA", "1980-01-01", "2027-04-20"), E,
       "2026-11-23", F, {RC::PassportValidity}, ""},
      // Residence permit until 2027-01-14: passport needed until 2027-03-15.
      {"permit, passport 60 days beyond", who("ZZR000001", "AFG", "TESTPERSON", "FARID", "1988-08-08", "2027-03-15"), E,
       "2026-11-23", A, {RC::PermitValid}, "2027-01-14", kNull},
      {"permit, passport 59 days beyond", who("ZZR000001", "AFG", "TESTPERSON", "FARID", "1988-08-08", "2027-03-14"), E,
       "2026-11-23", R, {RC::PermitValid, RC::PassportValidity}, "2027-01-14"},

      // --- Art. 5, 7(1)(a): expired document -----------------------------------------------
      {"document expired yesterday", who("ZZD000001", "D", "TESTPERSON", "ANNA", "1980-01-01", "2026-11-22"), E, "2026-11-23",
       F, {RC::DocExpired}, ""},
      {"document expires today", who("ZZD000001", "D", "TESTPERSON", "ANNA", "1980-01-01", "2026-11-23"), E, "2026-11-23",
       F, {RC::PassportValidity}, "", kAny, false, {RC::DocExpired}},
      {"citizen with an expired passport", who("ZZC000001", "TUR", "TESTPERSON", "AYSE", "1980-01-01", "2026-01-01"), E,
       "2026-11-23", R, {RC::DocExpired, RC::Citizen}},
      {"citizen", who("ZZC000002", "TUR"), E, "2026-11-23", A, {RC::Citizen}},
      // Nationality TUR on a document another state issued: no Turkish travel document.
      {"nationality TUR on a document issued by UTO", turOnUtoCard, E, "2026-11-23", R, {RC::Citizen}},
      {"lost or stolen document", who("ZZL000001", "D"), E, "2026-11-23", R, {RC::DocLostStolen}},
      // Listed as ZZLOO0002: O counts 24, 0 counts 0, and at weights 7 and 3 the two swaps
      // cancel (ICAO 9303-3 §4.9), so a camera's ZZL000002 passes the same check digit. One O
      // read as 0 changes the check digit: another document, not looked up as this one.
      {"lost document, its Os read as 0s", who("ZZL000002", "D"), E, "2026-11-23", R, {RC::DocLostStolen}},
      {"lost document, one O read as 0", who("ZZLO00002", "D"), E, "2026-11-23", A, {RC::VisaExempt}, "2027-02-20", 1, false,
       {RC::DocLostStolen}},

      // --- Visas and e-Visas (Art. 11, 13) --------------------------------------------------
      // e-Visa 2026-11-01..2027-04-30, 30 days: 2026-11-23 + 29 = 2026-12-22.
      {"e-Visa: stay limited by its days", who("ZZE000001", "CHN"), E, "2026-11-23", A, {RC::VisaValid}, "2026-12-22", 1},
      {"e-Visa: stay limited by its end", who("ZZE000001", "CHN"), E, "2027-04-20", A, {RC::VisaValid}, "2027-04-30"},
      {"e-Visa: on its last day", who("ZZE000001", "CHN"), E, "2027-04-30", A, {RC::VisaValid}, "2027-04-30"},
      {"e-Visa: the day after it ends", who("ZZE000001", "CHN"), E, "2027-05-01", R, {RC::VisaMissing}, kUnchecked},
      {"e-Visa: the day before it starts", who("ZZE000001", "CHN"), E, "2026-10-31", R, {RC::VisaMissing}},
      {"e-Visa nationality without one: refer for e-Visa or border visa", who("ZZE000002", "CHN"), E, "2026-11-23", R,
       {RC::VisaMissing}},
      // Sticker 2026-11-15..2026-12-31, 15 days, single entry: 2026-11-23 + 14 = 2026-12-07.
      {"visa: stay limited by its days", who("ZZV000001", "AFG"), E, "2026-11-23", A, {RC::VisaValid}, "2026-12-07"},
      {"visa: first day", who("ZZV000001", "AFG"), E, "2026-11-15", A, {RC::VisaValid}, "2026-11-29"},
      {"visa: the day before", who("ZZV000001", "AFG"), E, "2026-11-14", F, {RC::VisaMissing}},
      {"visa: the day after", who("ZZV000001", "AFG"), E, "2027-01-01", F, {RC::VisaMissing}},
      {"single-entry visa already used", who("ZZV000003", "AFG"), E, "2026-11-23", F, {RC::VisaMissing}},
      // 30 days spent on the old e-Visa (10-01..10-30) count toward 90 in 180 (30 + today =
      // 31), not against the new one's 30 days per entry: 2026-11-05 + 29 = 2026-12-04.
      {"a new visa's days are its own", who("ZZE000003", "CHN"), E, "2026-11-05", A, {RC::VisaValid}, "2026-12-04", 31, false,
       {RC::StayLimit}},
      {"visa-required nationality without a visa", who("ZZV000002", "AFG"), E, "2026-11-23", F, {RC::VisaMissing}},
      {"no admission for the document kind", idCard, E, "2026-11-23", F, {RC::NoAdmission}},
      {"regime: last exempt day", who("ZZK000001", "UKR"), E, "2026-11-30", A, {RC::VisaExempt}},
      {"regime: first visa-required day", who("ZZK000001", "UKR"), E, "2026-12-01", F, {RC::VisaMissing}},
      {"no regime in the list for the nationality", who("ZZN000001", "NOR"), E, "2026-11-23", R, {RC::RegimeUnknown}},

      // --- Permits (Art. 12(1)(b),(ç)) -----------------------------------------------------
      {"Blue Card", who("ZZR000004", "AFG"), E, "2026-11-23", A, {RC::PermitValid}, "2034-01-01", kNull},
      {"diplomatic identity card: the officer verifies", who("ZZR000005", "SYR"), E, "2026-11-23", R, {RC::PermitValid}},
      {"residence permit on its last day", who("ZZR000006", "AFG"), E, "2026-11-10", A, {RC::PermitValid}, "2026-11-10"},
      {"residence permit ended", who("ZZR000006", "AFG"), E, "2026-11-11", F, {RC::VisaMissing}},

      // --- Entry bans (Art. 9, 7(1)(c), 15(1)(b)) --------------------------------------------
      {"ban by document number", kBanned, E, "2026-11-23", F, {RC::EntryBan}, ""},
      // Banned as ZZBOO0004 under another name (so found by the number alone), the same
      // nationality and birth date.
      {"ban by a document number read with 0 for O", who("ZZB000004", "D", "VANCE", "OLGA", "1971-07-07"), E, "2026-11-23", F,
       {RC::EntryBan}, ""},
      {"same document number, other birth date: possible, refer",
       male(who("ZZB000001", "D", "OZTURK TESTPERSON", "ALI IHSAN", "1990-01-01")), E, "2026-11-23", R, {RC::EntryBanPossible},
       kUnchecked, kAny, false, {RC::EntryBan}},
      {"ban on its first day", kBanned, E, "2024-01-01", F, {RC::EntryBan}},
      {"ban the day before it starts", kBanned, E, "2023-12-31", A, {RC::VisaExempt}, kUnchecked, kAny, false, {RC::EntryBan}},
      {"ban on its last day", kBanned, E, "2028-12-31", F, {RC::EntryBan}},
      {"ban the day after it ends", kBanned, E, "2029-01-01", A, {RC::VisaExempt}, kUnchecked, kAny, false, {RC::EntryBan}},
      {"ban by exact name, birth date and nationality on a new passport",
       male(who("ZZB999999", "D", "OEZTUERK TESTPERSON", "ALI IHSAN", "1980-05-17")), E, "2026-11-23", F, {RC::EntryBan}},
      {"exact name, birth date and nationality but the other sex: possible, refer",
       who("ZZB999999", "D", "OEZTUERK TESTPERSON", "ALI IHSAN", "1980-05-17"), E, "2026-11-23", R, {RC::EntryBanPossible},
       kUnchecked, kAny, false, {RC::EntryBan}},
      {"ban the day before it was lifted", who("ZZB000002", "GBR", "TESTPERSON LIFTED", "MARIA", "1975-02-03"), E,
       "2026-05-31", F, {RC::EntryBan}},
      {"ban lifted (Art. 9(6))", who("ZZB000002", "GBR", "TESTPERSON LIFTED", "MARIA", "1975-02-03"), E, "2026-06-01", A,
       {RC::EntryBanLifted, RC::VisaExempt}},
      {"temporary entry permission: the day before", who("ZZB000003", "D", "TESTPERSON PERMITTED", "JOHN", "1969-09-09"), E,
       "2026-11-19", F, {RC::EntryBan}},
      {"temporary entry permission: first day, stay ends with it",
       who("ZZB000003", "D", "TESTPERSON PERMITTED", "JOHN", "1969-09-09"), E, "2026-11-20", A,
       {RC::EntryBanLifted, RC::VisaExempt}, "2026-11-30"},
      {"temporary entry permission: last day", who("ZZB000003", "D", "TESTPERSON PERMITTED", "JOHN", "1969-09-09"), E,
       "2026-11-30", A, {RC::EntryBanLifted}, "2026-11-30"},
      {"temporary entry permission: the day after", who("ZZB000003", "D", "TESTPERSON PERMITTED", "JOHN", "1969-09-09"), E,
       "2026-12-01", F, {RC::EntryBan}},
      {"Art. 9(4) ban on its last day", who("ZZB000009", "D", "TESTPERSON WINDOW", "EVA", "1988-08-08"), E, "2026-11-20", F,
       {RC::EntryBan}},
      {"Art. 9(4) ban the day after", who("ZZB000009", "D", "TESTPERSON WINDOW", "EVA", "1988-08-08"), E, "2026-11-21", A,
       {RC::VisaExempt}, kUnchecked, kAny, false, {RC::EntryBan}},
      {"name-only ban, ICAO transliteration", male(who("ZZM000001", "D", "MUELLER TESTPERSON", "JOSE", "1972-01-31")), E,
       "2026-11-23", F, {RC::EntryBan}},
      {"name-only ban, plain folding", male(who("ZZM000001", "D", "MULLER TESTPERSON", "JOSE", "1972-01-31")), E, "2026-11-23", F,
       {RC::EntryBan}},
      {"name-only ban, typing slip: possible, refer", male(who("ZZM000001", "D", "MULER TESTPERSON", "JOSE", "1972-01-31")), E,
       "2026-11-23", R, {RC::EntryBanPossible}, kUnchecked, kAny, false, {RC::EntryBan}},
      {"name-only ban, other birth date: possible, refer", male(who("ZZM000001", "D", "MUELLER TESTPERSON", "JOSE", "1972-01-30")), E,
       "2026-11-23", R, {RC::EntryBanPossible}, kUnchecked, kAny, false, {RC::EntryBan}},
      {"same surname, other person", who("ZZM000002", "D", "MUELLER", "KLAUS", "1990-07-07"), E, "2026-11-23", A,
       {RC::VisaExempt}, kUnchecked, kAny, false, {RC::EntryBan, RC::EntryBanPossible}},

      // --- Art. 9(7): prior authorization -----------------------------------------------------
      {"prior authorization granted", who("ZZP000001", "UTO"), E, "2026-11-23", A, {RC::VisaValid}, kUnchecked, kAny, false,
       {RC::PriorAuthorization}},
      {"prior authorization missing", who("ZZP000002", "UTO"), E, "2026-11-23", R, {RC::PriorAuthorization, RC::VisaValid}},

      // --- Art. 4, 8, 65: international protection -----------------------------------------------
      // Refused by the ban, referred for the request: no permitted stay is shown.
      {"protection request by a banned person: refer, never refuse", kBanned, E, "2026-11-23", R,
       {RC::ProtectionRequest, RC::EntryBan}, "", kAny, true},
      {"protection request without a visa", who("ZZV000002", "AFG"), E, "2026-11-23", R,
       {RC::ProtectionRequest, RC::VisaMissing}, kUnchecked, kAny, true},
      {"protection request at exit", who("ZZD000001", "D"), X, "2026-11-23", R, {RC::ProtectionRequest}, kUnchecked, kAny, true},

      // --- Minors -------------------------------------------------------------------------------
      {"minor, one day before 18", who("ZZD000005", "D", "TESTPERSON", "KIM", "2008-11-24"), E, "2026-11-23", R, {RC::Minor}},
      {"18 today", who("ZZD000005", "D", "TESTPERSON", "KIM", "2008-11-23"), E, "2026-11-23", A, {RC::VisaExempt},
       kUnchecked, kAny, false, {RC::Minor}},

      // --- Exit: overstay (Art. 54(1)(e),(g), 9(4)) --------------------------------------------------
      // Entered 2026-08-01 visa-exempt: day 90 is 2026-10-29.
      {"exit on the last permitted day", who("ZZO000001", "D"), X, "2026-10-29", A, {RC::VisaExempt}, "2026-10-29", 90},
      {"exit 1 day late", who("ZZO000001", "D"), X, "2026-10-30", R, {RC::Overstay}, "2026-10-29"},
      {"exit 10 days late", who("ZZO000001", "D"), X, "2026-11-08", R, {RC::Overstay}, "2026-10-29"},
      {"exit 11 days late", who("ZZO000001", "D"), X, "2026-11-09", R, {RC::Overstay}, "2026-10-29"},
      // RUS 60 days from 2026-09-01: last day 2026-10-30.
      {"60-day exemption, exit on time", who("ZZO000002", "RUS"), X, "2026-10-30", A, {RC::VisaExempt}, "2026-10-30"},
      {"60-day exemption, exit 1 day late", who("ZZO000002", "RUS"), X, "2026-10-31", R, {RC::Overstay}, "2026-10-30"},
      // Permit ended 2026-11-10.
      {"permit holder leaves on the permit's last day", who("ZZR000006", "AFG"), X, "2026-11-10", A, {RC::PermitValid}},
      {"permit ended 10 days ago", who("ZZR000006", "AFG"), X, "2026-11-20", R, {RC::Overstay}, "2026-11-10"},
      {"permit ended 11 days ago", who("ZZR000006", "AFG"), X, "2026-11-21", R, {RC::Overstay}, "2026-11-10"},
      // A permit that ended before this stay is not its basis: 90 days from 2026-10-01 = 2026-12-29.
      {"old permit, stay under the exemption", who("ZZR000007", "D"), X, "2026-11-23", A, {RC::VisaExempt}, "2026-12-29"},
      // Visa V-EX1, 20 days from 2026-10-01: last day 2026-10-20.
      {"visa holder leaves on time", who("ZZX000001", "AFG"), X, "2026-10-20", A, {RC::VisaValid}, "2026-10-20"},
      {"visa holder 11 days late", who("ZZX000001", "AFG"), X, "2026-10-31", R, {RC::Overstay}, "2026-10-20"},
      {"exit without an entry record", who("ZZD000001", "D"), X, "2026-11-23", R, {RC::NoEntryRecord}},
      {"banned person may leave", kBanned, X, "2026-11-23", R, {RC::NoEntryRecord}, kUnchecked, kAny, false, {RC::EntryBan}},
      // Entered 06-01, left 08-28 (recorded): nothing recorded since, so no stay runs on.
      {"exit after a recorded exit: no entry since", who("ZZD000002", "D"), X, "2026-11-23", R, {RC::NoEntryRecord}, kUnchecked,
       kAny, false, {RC::Overstay}},
      // Entered 2026-11-20 under the temporary entry permission of B-PERM (to 11-30): the stay
      // ends with it (Art. 9(6)), not with the 90 days of the exemption.
      {"temporary entry permission: exit on its last day", who("ZZB000003", "D", "TESTPERSON PERMITTED", "JOHN", "1969-09-09"), X,
       "2026-11-30", A, {RC::VisaExempt}, "2026-11-30"},
      {"temporary entry permission: exit 5 days after it", who("ZZB000003", "D", "TESTPERSON PERMITTED", "JOHN", "1969-09-09"),
       X, "2026-12-05", R, {RC::Overstay}, "2026-11-30"},
      // V-EX2A allows 60 days from 07-01 (to 08-29), V-EX2B 30 (to 07-30): the longer one counts.
      {"two visas: the longer stay counts", who("ZZX000002", "AFG"), X, "2026-08-29", A, {RC::VisaValid}, "2026-08-29"},
      {"temporary protection holder leaves: the officer verifies", who("ZZR000008", "SYR"), X, "2026-11-23", R,
       {RC::PermitValid}, kUnchecked, kAny, false, {RC::VisaMissing}},

      // --- Airport transit (Art. 14) ------------------------------------------------------------------
      {"transit with an airport transit visa", who("ZZT000001", "UTO"), T, "2026-11-23", A, {RC::AirportTransitVisa}},
      {"transit without a needed airport transit visa", who("ZZT000002", "UTO"), T, "2026-11-23", R, {RC::AirportTransitVisa}},
      {"transit, no airport transit visa needed", who("ZZD000001", "D"), T, "2026-11-23", A, {RC::AirportTransitVisa}},
      {"transit of a banned person: refer, not refuse", kBanned, T, "2026-11-23", R, {RC::EntryBan, RC::AirportTransitVisa}},
      // No regime for the nationality: whether an airport transit visa is needed is unknown.
      {"transit, no regime in the list: refer", who("ZZN000001", "NOR"), T, "2026-11-23", R, {RC::RegimeUnknown}, kUnchecked,
       kAny, false, {RC::AirportTransitVisa}},
      {"transit on a document kind without a regime: refer", utoDiplomat, T, "2026-11-23", R, {RC::RegimeUnknown}},
  };
}

}  // namespace

TEST_CASE("scenarios from Law 6458") {
  TempDir tmp;
  auto list = scenarioList(tmp);
  for (const auto& s : scenarios()) {
    SECTION(s.name) {
      CheckContext ctx;
      ctx.direction = s.direction;
      ctx.at = noon(s.day);
      ctx.protectionRequest = s.protection;
      const auto record = passport(s.person);
      REQUIRE(record.valid());
      auto r = check(*list, record, ctx);
      REQUIRE(r);
      std::string got;
      for (const auto& reason : r->reasons)
        got += std::string(reasonCodeName(reason.code)) + " [" + reason.article + "] " + reason.message + "\n";
      INFO(got);
      CHECK(toString(r->decision) == std::string(toString(s.expected)));
      for (auto c : s.codes) {
        INFO("expected reason " << reasonCodeName(c));
        CHECK(r->has(c));
      }
      for (auto c : s.absent) {
        INFO("unexpected reason " << reasonCodeName(c));
        CHECK_FALSE(r->has(c));
      }
      if (std::string(s.stayUntil) != kUnchecked) {
        const std::string stay = r->stayUntil ? r->stayUntil->iso() : "";
        CHECK(stay == s.stayUntil);
      }
      if (s.days == kNull) CHECK_FALSE(r->daysUsedIn180);
      if (s.days >= 0) {
        REQUIRE(r->daysUsedIn180);
        CHECK(*r->daysUsedIn180 == s.days);
      }
      CHECK(r->listVersion == 7);
      for (const auto& reason : r->reasons) {
        CHECK_FALSE(reason.article.empty());
        CHECK_FALSE(reason.message.empty());
      }
    }
  }
}
