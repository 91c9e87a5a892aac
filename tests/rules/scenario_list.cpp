// The list behind the engine and scenario tests: fictitious people (TESTPERSON, ZZ...) and
// regimes chosen to exercise every rule. Written with ListWriter so the tests do not depend
// on the sample CSVs.
#include <stdexcept>

#include "test_support.h"

namespace bordergate::rules::test {

namespace {
void must(const Result<void>& r) {
  if (!r) throw std::runtime_error(r.error().message);
}
Validity v(const std::string& from, const std::string& to) {
  return {from.empty() ? std::nullopt : std::optional<Date>(d(from)), to.empty() ? std::nullopt : std::optional<Date>(d(to))};
}
}  // namespace

std::unique_ptr<ListReader> scenarioList(const TempDir& dir) {
  const std::string path = dir.file("scenario.db");
  HashKey key{};
  key.fill(7);
  auto w = ListWriter::create(path, ListMeta{7, noon("2026-11-01") - 12 * 3600, key});
  if (!w) throw std::runtime_error(w.error().message);
  auto& l = **w;
  auto regime = [&](const char* nat, DocumentKind k, Regime r, std::optional<int> max, bool atv, const std::string& from = {},
                    const std::string& to = {}) {
    RegimeRule x;
    x.nationality = nat;
    x.documentKind = k;
    x.regime = r;
    x.maxDays = max;
    x.airportTransitVisa = atv;
    x.validity = v(from, to);
    must(l.add(x));
  };
  regime("D", DocumentKind::Ordinary, Regime::Exempt, 90, false);
  regime("D", DocumentKind::IdCard, Regime::Exempt, 90, false);
  regime("GBR", DocumentKind::Ordinary, Regime::Exempt, 90, false);
  regime("RUS", DocumentKind::Ordinary, Regime::Exempt, 60, false);
  regime("CHN", DocumentKind::Ordinary, Regime::EVisa, std::nullopt, false);
  regime("AFG", DocumentKind::Ordinary, Regime::VisaRequired, std::nullopt, false);
  regime("SYR", DocumentKind::Ordinary, Regime::VisaRequired, std::nullopt, false);
  regime("UTO", DocumentKind::Ordinary, Regime::VisaRequired, std::nullopt, true);
  regime("UTO", DocumentKind::IdCard, Regime::NoAdmission, std::nullopt, false);
  // A regime change: UKR exempt until 2026-11-30, visa required from 2026-12-01.
  regime("UKR", DocumentKind::Ordinary, Regime::Exempt, 90, false, "", "2026-11-30");
  regime("UKR", DocumentKind::Ordinary, Regime::VisaRequired, std::nullopt, false, "2026-12-01", "");

  auto visa = [&](const char* id, VisaKind k, const char* doc, const char* nat, const std::string& from, const std::string& to,
                  std::optional<int> max, bool multiple) {
    must(l.add(Visa{id, k, doc, nat, v(from, to), max, multiple, "test"}));
  };
  visa("V-EV1", VisaKind::EVisa, "ZZE000001", "CHN", "2026-11-01", "2027-04-30", 30, true);
  visa("V-ST1", VisaKind::Sticker, "ZZV000001", "AFG", "2026-11-15", "2026-12-31", 15, false);
  visa("V-ST3", VisaKind::Sticker, "ZZV000003", "AFG", "2026-11-01", "2026-12-31", 30, false);
  visa("V-P1", VisaKind::Sticker, "ZZP000001", "UTO", "2026-11-01", "2027-01-31", 30, true);
  visa("V-P2", VisaKind::Sticker, "ZZP000002", "UTO", "2026-11-01", "2027-01-31", 30, true);
  visa("V-T1", VisaKind::AirportTransit, "ZZT000001", "UTO", "2026-10-01", "2027-03-31", std::nullopt, false);
  visa("V-EX1", VisaKind::Sticker, "ZZX000001", "AFG", "2026-09-01", "2026-10-31", 20, false);
  // Two e-Visas of one traveller: the old one used 2026-10-01..10-30 (30 days), the new one unused.
  visa("V-EV3A", VisaKind::EVisa, "ZZE000003", "CHN", "2026-09-01", "2026-10-31", 30, false);
  visa("V-EV3B", VisaKind::EVisa, "ZZE000003", "CHN", "2026-11-01", "2027-04-30", 30, false);
  // Two stickers valid on the entry of 2026-07-01: 60 days (to 12-31) and 30 days (to 09-30).
  visa("V-EX2A", VisaKind::Sticker, "ZZX000002", "AFG", "2026-06-01", "2026-12-31", 60, true);
  visa("V-EX2B", VisaKind::Sticker, "ZZX000002", "AFG", "2026-06-01", "2026-09-30", 30, true);

  auto permit = [&](const char* id, PermitKind k, const char* doc, const char* nat, const std::string& from, const std::string& to) {
    must(l.add(Permit{id, k, doc, nat, "TESTPERSON", "P", std::nullopt, v(from, to)}));
  };
  permit("P-RES1", PermitKind::Residence, "ZZR000001", "AFG", "2026-01-15", "2027-01-14");
  permit("P-BLUE", PermitKind::BlueCard, "ZZR000004", "AFG", "2024-01-01", "2034-01-01");
  permit("P-DIPL", PermitKind::DiplomaticId, "ZZR000005", "SYR", "2026-01-01", "2027-12-31");
  permit("P-OLD", PermitKind::Residence, "ZZR000006", "AFG", "2025-01-01", "2026-11-10");
  permit("P-PAST", PermitKind::Residence, "ZZR000007", "D", "2025-01-01", "2025-12-31");
  permit("P-TP", PermitKind::TemporaryProtection, "ZZR000008", "SYR", "2025-01-01", "2027-12-31");

  auto ban = [&](const char* id, const char* sur, const char* given, const std::string& birth, const char* nat, char sex,
                 const char* doc, const char* art, const std::string& from, const std::string& to, const std::string& lifted = {},
                 const std::string& pf = {}, const std::string& pt = {}) {
    EntryBan b;
    b.banId = id;
    b.surname = sur;
    b.givenNames = given;
    b.birthDate = birth.empty() ? std::nullopt : std::optional<Date>(d(birth));
    b.nationality = nat;
    b.sex = sex;
    b.documentNumber = doc;
    b.article = art;
    b.validity = v(from, to);
    if (!lifted.empty()) b.liftedOn = d(lifted);
    b.permitEntry = v(pf, pt);
    must(l.add(b));
  };
  ban("B-DOC", "ÖZTÜRK TESTPERSON", "ALİ İHSAN", "1980-05-17", "D", 'M', "ZZB000001", "9(1)", "2024-01-01", "2028-12-31");
  ban("B-LIFT", "TESTPERSON LIFTED", "MARIA", "1975-02-03", "GBR", 'F', "ZZB000002", "9(2)", "2023-03-01", "2028-02-28", "2026-06-01");
  ban("B-PERM", "TESTPERSON PERMITTED", "JOHN", "1969-09-09", "D", 'M', "ZZB000003", "9(1)", "2025-01-01", "2029-12-31", "",
      "2026-11-20", "2026-11-30");
  ban("B-NAME", "MÜLLER TESTPERSON", "JOSÉ", "1972-01-31", "D", 'M', "", "9(1)", "2022-06-15", "2032-06-14");
  ban("B-WIN", "TESTPERSON WINDOW", "EVA", "1988-08-08", "D", 'F', "ZZB000009", "9(4)", "2026-11-10", "2026-11-20");
  // Listed with a document number whose two Os a camera reads as 0s (ZZBOO0004 read ZZB000004:
  // the check digit passes either way), under a name no traveller of the scenarios comes near.
  ban("B-LOOK", "QUIRINUS", "BORIS", "1971-07-07", "D", 'M', "ZZBOO0004", "9(1)", "2024-01-01", "2028-12-31");

  must(l.addLostDocument("D", "ZZL000001", d("2026-09-30")));
  must(l.addLostDocument("D", "ZZLOO0002", d("2026-10-15")));  // read ZZL000002 or ZZLOO0002 alike
  must(l.add(PriorAuthorizationRule{"UTO", v("2026-01-01", "")}));
  must(l.add(Authorization{"ZZP000001", "UTO", v("2026-06-01", "2027-05-31")}));

  auto cross = [&](const char* doc, const char* nat, Direction direction, const std::string& day) {
    must(l.add(Crossing{doc, nat, std::nullopt, direction, noon(day), "IST"}));
  };
  // ZZD000002 (D): 89 days present 2026-06-01..2026-08-28.
  cross("ZZD000002", "D", Direction::Entry, "2026-06-01");
  cross("ZZD000002", "D", Direction::Exit, "2026-08-28");
  // ZZD000003 (D): 90 days present 2026-06-01..2026-08-29.
  cross("ZZD000003", "D", Direction::Entry, "2026-06-01");
  cross("ZZD000003", "D", Direction::Exit, "2026-08-29");
  // ZZSOO0005 (D): 90 days present 2026-06-01..2026-08-29, recorded with the Os read as Os;
  // now read ZZS000005 (the same check digit).
  cross("ZZSOO0005", "D", Direction::Entry, "2026-06-01");
  cross("ZZSOO0005", "D", Direction::Exit, "2026-08-29");
  // ZZV000003 (AFG): used its single-entry visa.
  cross("ZZV000003", "AFG", Direction::Entry, "2026-11-05");
  cross("ZZV000003", "AFG", Direction::Exit, "2026-11-10");
  // Overstayers (D, 90 days allowed): entered 2026-08-01, stay ends 2026-10-29.
  cross("ZZO000001", "D", Direction::Entry, "2026-08-01");
  // RUS (60 days): entered 2026-09-01, stay ends 2026-10-30.
  cross("ZZO000002", "RUS", Direction::Entry, "2026-09-01");
  // AFG resident whose permit ended 2026-11-10, entered 2026-10-01.
  cross("ZZR000006", "AFG", Direction::Entry, "2026-10-01");
  // D national whose permit ended in 2025, entered visa-exempt 2026-10-01.
  cross("ZZR000007", "D", Direction::Entry, "2026-10-01");
  // AFG visa holder V-EX1 (20 days) entered 2026-10-01.
  cross("ZZX000001", "AFG", Direction::Entry, "2026-10-01");
  // CHN, the old e-Visa V-EV3A used for 30 days.
  cross("ZZE000003", "CHN", Direction::Entry, "2026-10-01");
  cross("ZZE000003", "CHN", Direction::Exit, "2026-10-30");
  // AFG holder of V-EX2A (60 days) and V-EX2B (30 days) entered 2026-07-01: stay ends 2026-08-29.
  cross("ZZX000002", "AFG", Direction::Entry, "2026-07-01");
  // B-PERM's person entered on the first day of the permission (2026-11-20..30).
  cross("ZZB000003", "D", Direction::Entry, "2026-11-20");
  // SYR temporary protection holder entered 2026-10-01.
  cross("ZZR000008", "SYR", Direction::Entry, "2026-10-01");
  must(l.commit());
  auto r = ListReader::open(path);
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(*r);
}

}  // namespace bordergate::rules::test
