// The decision engine for Law 6458 (see engine.h). Every reason cites its article; the
// law text is ../shared/law/law-6458-foreigners-and-international-protection.txt.
#include "bordergate/rules/engine.h"

#include <algorithm>
#include <map>
#include <set>

#include "bordergate/mrz/check_digit.h"
#include "bordergate/mrz/countries.h"
#include "bordergate/rules/name_match.h"

namespace bordergate::rules {
namespace {

// Art. 7(1)(b): the passport must be valid at least sixty days beyond the visa, visa
// exemption or residence permit period.
constexpr int kPassportValidityMarginDays = 60;
// Art. 54(1)(e),(g): overstaying by MORE than ten days is a ground for removal.
constexpr int kOverstayRemovalDays = 10;
// Art. 11(1): ninety days in any hundred and eighty.
constexpr int kDefaultMaxDays = 90;
constexpr int kDefaultPeriodDays = 180;
// Child Protection Law No. 5395 Art. 3(1)(a): a child is a person under eighteen; Law 6458
// Art. 3(1)(m) defines the unaccompanied minor.
constexpr int kAdultAge = 18;
// The citizens' code in the MRZ (ICAO 9303-3).
constexpr const char* kTurkey = "TUR";

// The document numbers a camera may have read as `number`: `number` first, then each that
// differs from it only by 0 and O swapped at some positions and has the same check digit, so
// that the printed check digit passed either way. OCR-B's 0 and O differ only in proportions,
// and a small or blurred O reads as 0 with full confidence; O counts 24 and 0 counts 0 (ICAO
// 9303-3 §4.9), so two swaps at weights 7 and 3 cancel (a fresh camera-hard capture, TD2 19566:
// OO9668604 read 009668604, Valid; docs/vision.md, "Thirty-second round"). The lists are
// looked up with each, so that such a misread does not hide a lost document or an entry ban.
// At most kMaxLookAlikePositions 0s and Os are varied; a number with more is looked up as read.
constexpr std::size_t kMaxLookAlikePositions = 8;
std::vector<std::string> zeroOhLookAlikes(const std::string& number) {
  std::vector<std::string> out{number};
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < number.size(); ++i)
    if (number[i] == '0' || number[i] == 'O') at.push_back(i);
  const auto check = mrz::computeCheckDigit(number);
  if (at.empty() || at.size() > kMaxLookAlikePositions || !check) return out;
  for (unsigned set = 1; set < (1u << at.size()); ++set) {
    std::string v = number;
    for (std::size_t j = 0; j < at.size(); ++j)
      if (set & (1u << j)) v[at[j]] = v[at[j]] == '0' ? 'O' : '0';
    if (mrz::computeCheckDigit(v) == check) out.push_back(std::move(v));
  }
  return out;
}

// " (listed as N: 0 and O look alike ...)" when the list matched the look-alike `listed` of the
// number `read`; empty when it matched the number as read.
std::string lookAlikeNote(const std::string& listed, const std::string& read) {
  if (listed == read) return "";
  return " (listed as " + listed + ": 0 and O look alike in the MRZ, and the check digit passes either way)";
}

std::string countryLabel(const std::string& code) {
  auto n = mrz::countryName(code);
  return n ? code + " (" + std::string(*n) + ")" : code;
}

std::string plural(std::int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

// The visa_regime document_kind of an MRZ document code (ICAO 9303-4 §4.2.2: P + a
// state-defined second letter; D diplomatic, S service, O official are the common uses).
DocumentKind documentKindOf(const mrz::MrzRecord& r) {
  if (r.format == mrz::Format::TD1 || r.format == mrz::Format::TD2 || r.format == mrz::Format::FraId)
    return DocumentKind::IdCard;
  const std::string& c = r.documentCode;
  if (c == "P" || c == "PP" || c == "PN") return DocumentKind::Ordinary;
  if (c == "PD") return DocumentKind::Diplomatic;
  if (c == "PS" || c == "PO") return DocumentKind::Service;
  return DocumentKind::Special;
}

bool exemptingPermit(PermitKind k) {
  switch (k) {
    case PermitKind::Residence: case PermitKind::Work: case PermitKind::TurquoiseCard:
    case PermitKind::TurquoiseRelative: case PermitKind::BlueCard: case PermitKind::StatelessId:
      return true;
    default:
      return false;
  }
}

// The article under which a permit exempts its holder from a visa.
const char* permitArticle(PermitKind k) {
  switch (k) {
    case PermitKind::BlueCard: return "12(1)(ç); Law 5901 Art. 28";
    case PermitKind::StatelessId: return "12(1)(b), 50(1)";
    case PermitKind::TurquoiseCard: case PermitKind::TurquoiseRelative: return "12(1)(b); Law 6735 Art. 11";
    default: return "12(1)(b)";
  }
}

// The article of a valid permit that does not exempt from a visa (exemptingPermit false): the
// officer verifies the holder's status under it.
const char* nonExemptingPermitArticle(PermitKind k) {
  return k == PermitKind::DiplomaticId ? "12(1); Law 5682 Art. 18" : "65(1), 69, 91";
}

const char* permitLabel(PermitKind k) {
  switch (k) {
    case PermitKind::Residence: return "residence permit";
    case PermitKind::Work: return "work permit";
    case PermitKind::TurquoiseCard: return "Turquoise Card";
    case PermitKind::TurquoiseRelative: return "Turquoise Card (relative)";
    case PermitKind::BlueCard: return "Blue Card";
    case PermitKind::StatelessId: return "Stateless Person Identity Card";
    case PermitKind::DiplomaticId: return "diplomatic identity card";
    case PermitKind::ProtectionApplicant: return "international protection applicant identity document";
    case PermitKind::ProtectionStatus: return "international protection status identity document";
    case PermitKind::TemporaryProtection: return "temporary protection identity document";
  }
  return "permit";
}

struct Builder {
  CheckResult res;
  void add(ReasonCode code, std::string article, std::string message, Decision effect) {
    res.reasons.push_back(Reason{code, std::move(article), std::move(message), effect});
  }
};

// The travel history of this document: the synced list plus the kiosk's own crossings,
// de-duplicated, before the moment of the check. Crossings recorded under a look-alike of its
// number (`numbers`, zeroOhLookAlikes of r.documentNumber: a camera read the Os as 0s at one
// crossing and not at another) count too: days missed would let a stay run past its limit.
Result<std::vector<Crossing>> history(const ListReader& list, const mrz::MrzRecord& r, const std::vector<std::string>& numbers,
                                      const CheckContext& ctx) {
  std::vector<Crossing> synced;
  std::set<std::string> docs;
  for (const std::string& number : numbers) {
    auto found = list.crossingsFor(number, r.nationality);
    if (!found) return tl::unexpected(found.error());
    synced.insert(synced.end(), found->begin(), found->end());
    docs.insert(normalizeDocumentNumber(number));
  }
  std::vector<Crossing> all;
  std::set<std::pair<std::int64_t, int>> seen;
  auto take = [&](const Crossing& c) {
    if (c.at >= ctx.at || c.direction == Direction::Transit) return;
    if (!docs.count(normalizeDocumentNumber(c.documentNumber)) || c.nationality != r.nationality) return;
    if (seen.insert({c.at, static_cast<int>(c.direction)}).second) all.push_back(c);
  };
  for (const auto& c : synced) take(c);
  for (const auto& c : ctx.ownCrossings) take(c);
  std::sort(all.begin(), all.end(), [](const Crossing& a, const Crossing& b) { return a.at < b.at; });
  return all;
}

// Stays before `day`, an open stay closed the day before (its exit was not recorded) and a
// stay begun on `day` itself dropped (it is the one being decided).
std::vector<Stay> earlierStays(const std::vector<Crossing>& hist, const Date& day) {
  std::vector<Stay> out;
  for (auto s : staysFrom(hist)) {
    if (s.entry >= day) continue;
    if (!s.exit || *s.exit >= day) {
      if (!s.exit) s.exitInferred = true;  // no exit recorded before `day`: assumed the day before
      s.exit = day.addDays(-1);
    }
    out.push_back(s);
  }
  return out;
}

// `stays` with every assumed exit (Stay::exitInferred) put on its stay's entry day: the fewest
// days the history can mean. A refusal under Art. 11(1) that these days would not bring about
// rests on exits nobody recorded.
std::vector<Stay> recordedOnly(std::vector<Stay> stays) {
  for (auto& s : stays)
    if (s.exitInferred) s.exit = s.entry;
  return stays;
}

// The first day on or after `from` on which a new entry would leave at least one day.
Date nextPossibleEntry(const std::vector<Stay>& earlier, const Date& from, int maxDays, int periodDays) {
  for (int i = 1; i <= periodDays; ++i)
    if (stayLimitFrom(earlier, from.addDays(i), maxDays, periodDays)) return from.addDays(i);
  return from.addDays(periodDays);
}

struct Entitlement {
  std::optional<Date> stayUntil;
  std::optional<int> daysUsed;
  bool outside90180 = false;   // permits
  bool decided = false;        // a reason with a refer/refuse effect was added
  bool fromPermit = false;
  PermitKind permitKind = PermitKind::Residence;  // with fromPermit
};

// A visa usable on `day`: in validity, not an airport transit visa, entries left.
std::optional<Visa> usableVisa(const std::vector<Visa>& visas, const std::vector<Crossing>& hist, const Date& day,
                               std::string* whyNot) {
  for (const auto& v : visas) {
    if (v.kind == VisaKind::AirportTransit) continue;
    if (!v.validity.contains(day)) {
      *whyNot = "visa " + v.visaId + " is valid " + v.validity.from->iso() + " to " + v.validity.to->iso() + ", not on " + day.iso();
      continue;
    }
    if (!v.multipleEntries) {
      auto used = std::find_if(hist.begin(), hist.end(), [&](const Crossing& c) {
        return c.direction == Direction::Entry && v.validity.contains(borderDayOf(c.at));
      });
      if (used != hist.end()) {
        *whyNot = "single-entry visa " + v.visaId + " was already used for the entry on " + borderDayOf(used->at).iso();
        continue;
      }
    }
    return v;
  }
  return std::nullopt;
}

// A scanned machine-readable visa (9303-7) counts when it is valid, not expired and names
// the same holder (name, birth date, nationality) as the passport.
bool mrvMatches(const mrz::MrzRecord& passport, const mrz::MrzRecord& visa, const Date& day, std::string* why) {
  if (!visa.valid() || (visa.format != mrz::Format::MRVA && visa.format != mrz::Format::MRVB)) {
    *why = "the scanned visa MRZ is not a valid machine-readable visa";
    return false;
  }
  const auto exp = visa.expiryDate.date();
  if (!exp || *exp < day) {
    *why = "the scanned visa expired" + (exp ? " on " + exp->iso() : std::string());
    return false;
  }
  if (visa.surname != passport.surname || visa.givenNames != passport.givenNames ||
      visa.birthDate.raw != passport.birthDate.raw || visa.nationality != passport.nationality) {
    *why = "the scanned visa names another holder than the passport";
    return false;
  }
  return true;
}

// Entry of a foreigner: permit, visa regime, visa, 90/180. Adds the reasons.
Result<Entitlement> entryEntitlement(Builder& b, const ListReader& list, const mrz::MrzRecord& r,
                                     const CheckContext& ctx, const Date& day, const std::vector<Crossing>& hist) {
  Entitlement e;
  auto permits = list.permitsFor(r.documentNumber, r.nationality);
  if (!permits) return tl::unexpected(permits.error());
  const Permit* other = nullptr;
  for (const auto& p : *permits) {
    if (!p.validity.contains(day)) continue;
    if (exemptingPermit(p.kind)) {
      b.add(ReasonCode::PermitValid, permitArticle(p.kind),
            std::string("valid ") + permitLabel(p.kind) + " " + p.permitId + " until " + p.validity.to->iso() +
                ": visa-exempt and outside the 90/180-day count",
            Decision::Admit);
      e.stayUntil = p.validity.to;
      e.outside90180 = true;
      e.fromPermit = true;
      e.permitKind = p.kind;
      return e;
    }
    other = &p;
  }
  if (other) {
    b.add(ReasonCode::PermitValid, nonExemptingPermitArticle(other->kind),
          std::string("holds a valid ") + permitLabel(other->kind) + " " + other->permitId +
              "; it does not by itself exempt from a visa: the officer verifies the holder's status",
          Decision::Refer);
    e.decided = true;
    return e;
  }

  const DocumentKind kind = documentKindOf(r);
  auto rules = list.regimeRules(r.nationality);
  if (!rules) return tl::unexpected(rules.error());
  const RegimeRule* rule = nullptr;
  for (const auto& x : *rules)
    if (x.documentKind == kind && x.validity.contains(day)) rule = &x;
  if (!rule) {
    b.add(ReasonCode::RegimeUnknown, "11(1), 12(1)",
          "the list (version " + std::to_string(list.version()) + ") has no visa regime for " + countryLabel(r.nationality) +
              " " + toString(kind) + " documents on " + day.iso() + "; the officer decides on the visa requirement",
          Decision::Refer);
    e.decided = true;
    return e;
  }
  if (rule->regime == Regime::NoAdmission) {
    b.add(ReasonCode::NoAdmission, "7(1)(a)",
          "the list marks " + countryLabel(r.nationality) + " " + toString(kind) +
              " document holders as not admitted; refuse and notify the decision with the appeal rights (Art. 7(2))",
          Decision::Refuse);
    e.decided = true;
    return e;
  }

  const std::vector<Stay> earlier = earlierStays(hist, day);
  int maxDays = kDefaultMaxDays;
  const int period = rule->periodDays;
  std::optional<Date> visaEnd;
  // A visa's days are per entry (rules/README.md): the stay from this entry ends within them;
  // days spent before it, under this visa or an earlier one, count only toward 90 in 180.
  std::optional<int> visaDaysPerEntry;
  std::string basis;
  if (rule->regime == Regime::Exempt) {
    maxDays = rule->maxDays.value_or(kDefaultMaxDays);
    basis = "visa-exempt";
  } else {
    auto visas = list.visasFor(r.documentNumber, r.nationality);
    if (!visas) return tl::unexpected(visas.error());
    std::string whyNot;
    auto v = usableVisa(*visas, hist, day, &whyNot);
    bool mrv = false;
    std::string mrvWhy;
    if (!v && ctx.visaMrz) mrv = mrvMatches(r, *ctx.visaMrz, day, &mrvWhy);
    if (v) {
      basis = std::string(toString(v->kind) == std::string("e_visa") ? "e-Visa " : "visa ") + v->visaId;
      visaEnd = v->validity.to;
      if (v->maxDays) visaDaysPerEntry = std::min(*v->maxDays, kDefaultMaxDays);
    } else if (mrv) {
      basis = "scanned machine-readable visa (valid until " + ctx.visaMrz->expiryDate.date()->iso() + ")";
      visaEnd = ctx.visaMrz->expiryDate.date();
    } else {
      std::string found = whyNot.empty() ? (mrvWhy.empty() ? "no visa for this document in the list" : mrvWhy) : whyNot;
      if (rule->regime == Regime::EVisa) {
        b.add(ReasonCode::VisaMissing, "11(1), 13",
              countryLabel(r.nationality) + " nationals need an e-Visa or visa; " + found +
                  ". Refer: an e-Visa can be obtained, or the officer may exceptionally grant a border visa of at most 15 days (Art. 13)",
              Decision::Refer);
      } else {
        b.add(ReasonCode::VisaMissing, "7(1)(a), 11(1)",
              countryLabel(r.nationality) + " nationals need a visa; " + found +
                  ". Refuse entry unless the officer exceptionally grants a border visa of at most 15 days (Art. 13)",
              Decision::Refuse);
      }
      e.decided = true;
      return e;
    }
  }

  // Art. 11(1): the visa or exemption period cannot exceed 90 days in any 180.
  std::vector<Stay> withToday = earlier;
  withToday.push_back(Stay{day, day});
  e.daysUsed = daysPresentInWindow(withToday, day, period);
  auto limit = stayLimitFrom(earlier, day, maxDays, period);
  if (!limit) {
    const Date next = nextPossibleEntry(earlier, day, maxDays, period);
    const std::string over = "entering today would make " + std::to_string(*e.daysUsed) + " days present in the " +
                             std::to_string(period) + "-day window ending today, more than the " + std::to_string(maxDays) +
                             " allowed (" + basis + "); the earliest entry that leaves a day of stay is " + next.iso();
    // Days the history only assumes (an exit nobody recorded) do not refuse on their own.
    if (stayLimitFrom(recordedOnly(earlier), day, maxDays, period)) {
      std::string since;
      for (const auto& s : earlier)
        if (s.exitInferred) since += (since.empty() ? "" : ", ") + s.entry.iso();
      b.add(ReasonCode::StayLimit, "11(1)",
            over + ". These days count a stay whose exit is not recorded (entered " + since +
                ") as lasting until the next entry: the officer checks the exit stamps before refusing",
            Decision::Refer);
    } else {
      b.add(ReasonCode::StayLimit, "11(1)", over, Decision::Refuse);
    }
    e.decided = true;
    return e;
  }
  Date until = *limit;
  if (visaEnd && *visaEnd < until) until = *visaEnd;
  if (visaDaysPerEntry && day.addDays(*visaDaysPerEntry - 1) < until) until = day.addDays(*visaDaysPerEntry - 1);
  e.stayUntil = until;
  const std::string stay = "may stay until " + until.iso() + " (" + std::to_string(*e.daysUsed) + " of " +
                           std::to_string(maxDays) + " days used in the " + std::to_string(period) +
                           "-day window, today included" +
                           (visaDaysPerEntry ? "; " + std::to_string(*visaDaysPerEntry) + " days per entry on this visa" : "") +
                           ")";
  if (rule->regime == Regime::Exempt)
    b.add(ReasonCode::VisaExempt, "11(1), 12(1)(a)", countryLabel(r.nationality) + " nationals are visa-exempt; " + stay,
          Decision::Admit);
  else
    b.add(ReasonCode::VisaValid, "11(1)", "valid " + basis + "; " + stay, Decision::Admit);
  return e;
}

// Entry bans: exact and possible matches, lifted bans and temporary permissions. `numbers`:
// zeroOhLookAlikes of r.documentNumber, each looked up as the document's number.
Result<void> checkBans(Builder& b, const ListReader& list, const mrz::MrzRecord& r, const std::vector<std::string>& numbers,
                       const Date& day, bool transit, std::optional<Date>* permitEntryUntil) {
  struct Hit { EntryBan ban; bool exact; double score; std::string why; };
  std::map<std::string, Hit> hits;
  const auto birth = r.birthDate.date();
  for (const std::string& number : numbers) {
    auto byDoc = list.bansByDocumentNumber(number);
    if (!byDoc) return tl::unexpected(byDoc.error());
    for (auto& ban : *byDoc) {
      if (hits.count(ban.banId)) continue;  // found by the number as read
      // Document numbers are unique only per issuing state: the number is an identity when
      // nationality and birth date do not contradict the ban record.
      const bool sameNat = ban.nationality.empty() || ban.nationality == r.nationality;
      const bool sameBirth = !ban.birthDate || !birth || *ban.birthDate == *birth;
      const bool exact = sameNat && sameBirth;
      std::string why = "same document number " + r.documentNumber + lookAlikeNote(number, r.documentNumber);
      if (!sameNat) why += " but nationality " + ban.nationality;
      if (!sameBirth) why += " but born " + ban.birthDate->iso();
      hits[ban.banId] = Hit{ban, exact, exact ? 1.0 : 0.9, why};
    }
  }
  const PersonName traveller{r.surname, r.givenNames, r.birthDate.date(), r.nationality, r.sex, r.nameTruncated};
  // A birth date that rules out the threshold on its own rules out the candidate.
  auto byName = list.bansByBlockingKeys(travellerBlockingKeys(traveller), [&](const std::optional<Date>& banBirth) {
    return birthDateFactor(traveller.birthDate, banBirth) >= kPossibleMatchThreshold;
  });
  if (!byName) return tl::unexpected(byName.error());
  for (auto& ban : *byName) {
    const PersonName banName{ban.surname, ban.givenNames, ban.birthDate, ban.nationality, ban.sex, false};
    const NameScore s = scoreNames(traveller, banName);
    // Exact identity for a refusal: every qualifier agrees (an unknown sex on either side is
    // no disagreement); anything less is at most a possible match.
    const bool sexAgrees = r.sex == 'X' || ban.sex == 'X' || r.sex == ban.sex;
    const bool exact = s.exactName && s.birthDateEqual && s.nationalityEqual && sexAgrees;
    if (!exact && s.score < kPossibleMatchThreshold) continue;
    auto it = hits.find(ban.banId);
    if (it != hits.end()) {
      it->second.exact = it->second.exact || exact;
      continue;
    }
    hits[ban.banId] = Hit{ban, exact, s.score, exact ? "same name, birth date and nationality" : "name " + s.explanation};
  }
  for (auto& [id, h] : hits) {
    const EntryBan& ban = h.ban;
    if (!ban.validity.contains(day)) continue;  // not yet or no longer in force
    b.res.banCandidates.push_back(BanCandidate{ban.banId, h.score, h.exact, h.why});
    const std::string desc = "entry ban " + ban.banId + " (Art. " + ban.article + ", " + ban.validity.from->iso() +
                             " to " + ban.validity.to->iso() + ")";
    if (ban.liftedOn && *ban.liftedOn <= day) {
      if (h.exact)
        b.add(ReasonCode::EntryBanLifted, "9(6)", desc + " matches (" + h.why + ") but was lifted on " + ban.liftedOn->iso(),
              Decision::Admit);
      continue;
    }
    if (ban.hasPermitEntry() && ban.permitEntry.contains(day)) {
      if (h.exact) {
        b.add(ReasonCode::EntryBanLifted, "9(6)",
              desc + " matches (" + h.why + "); entry is permitted despite the ban from " + ban.permitEntry.from->iso() +
                  " to " + ban.permitEntry.to->iso() + ": the stay must end by " + ban.permitEntry.to->iso(),
              Decision::Admit);
        if (!*permitEntryUntil || *ban.permitEntry.to < **permitEntryUntil) *permitEntryUntil = ban.permitEntry.to;
      }
      continue;
    }
    if (h.exact) {
      if (transit)
        b.add(ReasonCode::EntryBan, "9, 6(3)", desc + " matches (" + h.why + "); the traveller is in airside transit: refer to an officer",
              Decision::Refer);
      else
        b.add(ReasonCode::EntryBan, "7(1)(c), 15(1)(b), 9",
              desc + " matches (" + h.why + "); refuse entry and notify the ban with the appeal rights (Art. 10)",
              Decision::Refuse);
    } else {
      b.add(ReasonCode::EntryBanPossible, "9, 6(5)",
            "possible match with " + desc + ": score " + std::to_string(static_cast<int>(h.score * 100 + 0.5)) + "% (" +
                h.why + "; listed as " + ban.surname + (ban.givenNames.empty() ? "" : ", " + ban.givenNames) +
                (ban.birthDate ? ", born " + ban.birthDate->iso() : "") +
                "); not an identity: the officer compares the person with the ban record",
            Decision::Refer);
    }
  }
  return {};
}

void checkMinor(Builder& b, const mrz::MrzRecord& r, const Date& day) {
  const auto birth = r.birthDate.date();
  if (!birth) return;
  const int age = ageOn(*birth, day);
  if (age < kAdultAge)
    b.add(ReasonCode::Minor, "3(1)(m), 66; Law 5395 Art. 3",
          "traveller is " + plural(age, "year") + " old (born " + birth->iso() +
              "): check that the minor is accompanied by a responsible adult; an unaccompanied minor is handled under Art. 66 and the Child Protection Law",
          Decision::Refer);
}

// Exit of a foreigner: overstay from the last entry and the stay that was permitted.
// `numbers`: zeroOhLookAlikes of r.documentNumber, for the entry bans (a temporary entry
// permission under Art. 9(6) ends the stay it allowed).
Result<void> checkExit(Builder& b, const ListReader& list, const mrz::MrzRecord& r, const std::vector<std::string>& numbers,
                       const Date& day, const std::vector<Crossing>& hist) {
  auto lastEntry = std::find_if(hist.rbegin(), hist.rend(), [](const Crossing& c) { return c.direction == Direction::Entry; });
  std::vector<Stay> all = staysFrom(hist);
  if (!all.empty() && !all.back().exit) all.back().exit = day;
  b.res.daysUsedIn180 = daysPresentInWindow(all, day, kDefaultPeriodDays);
  // The last recorded crossing is an exit: that stay is over, and no entry since is recorded
  // (until 7 Dec 2026 the stay of the last entry was taken as still running, and a traveller
  // who had left and come back unrecorded was told of an overstay of every day since).
  const auto lastExit = std::find_if(hist.rbegin(), hist.rend(), [](const Crossing& c) { return c.direction == Direction::Exit; });
  if (lastEntry != hist.rend() && lastExit != hist.rend() && lastExit->at > lastEntry->at) {
    b.add(ReasonCode::NoEntryRecord, "5(1), 6(1)",
          "the last crossing recorded for this document is an exit on " + borderDayOf(lastExit->at).iso() +
              "; no entry since is recorded in the synced history or at this kiosk: the officer checks the entry stamp "
              "(an unrecorded entry may be an illegal entry, Art. 54(1)(h))",
          Decision::Refer);
    return {};
  }
  if (lastEntry == hist.rend()) {
    b.add(ReasonCode::NoEntryRecord, "5(1), 6(1)",
          "no entry of this document is recorded in the synced history or at this kiosk; the officer checks the entry stamp "
          "(an unrecorded entry may be an illegal entry, Art. 54(1)(h))",
          Decision::Refer);
    return {};
  }
  const Date entryDay = borderDayOf(lastEntry->at);
  // Permit holders: the permit valid on the exit day covers the stay.
  auto permits = list.permitsFor(r.documentNumber, r.nationality);
  if (!permits) return tl::unexpected(permits.error());
  std::optional<Date> until;
  const Permit* basisPermit = nullptr;
  const Permit* otherPermit = nullptr;  // valid during the stay, but not one that exempts from a visa
  for (const auto& p : *permits) {
    // Only a permit valid at some time during this stay can be its basis.
    if (!p.validity.from || *p.validity.from > day || *p.validity.to < entryDay) continue;
    if (!exemptingPermit(p.kind)) {
      otherPermit = &p;
      continue;
    }
    if (!until || *p.validity.to > *until) {
      until = p.validity.to;
      basisPermit = &p;
    }
  }
  // Outside the 90/180-day count, as at entry.
  if (basisPermit) b.res.daysUsedIn180.reset();
  std::string basis;
  bool exemptBasis = false;  // the stay was the visa exemption's
  if (until && *until >= day) {
    b.res.stayUntil = until;
    b.add(ReasonCode::PermitValid, permitArticle(basisPermit->kind),
          std::string("leaving within the validity of the ") + permitLabel(basisPermit->kind) + " " + basisPermit->permitId +
              " (until " + until->iso() + ")",
          Decision::Admit);
    return {};
  }
  if (!basisPermit) {
    // The stay permitted at the last entry: exemption or visa, and 90/180 from that entry.
    auto rules = list.regimeRules(r.nationality);
    if (!rules) return tl::unexpected(rules.error());
    const RegimeRule* rule = nullptr;
    for (const auto& x : *rules)
      if (x.documentKind == documentKindOf(r) && x.validity.contains(entryDay)) rule = &x;
    std::vector<Crossing> before;
    for (const auto& c : hist)
      if (c.at < lastEntry->at) before.push_back(c);
    const std::vector<Stay> earlier = earlierStays(before, entryDay);
    if (rule && rule->regime == Regime::Exempt) {
      until = stayLimitFrom(earlier, entryDay, rule->maxDays.value_or(kDefaultMaxDays), rule->periodDays);
      if (!until) until = entryDay.addDays(-1);
      basis = "visa exemption";
      exemptBasis = true;
    } else {
      auto visas = list.visasFor(r.documentNumber, r.nationality);
      if (!visas) return tl::unexpected(visas.error());
      // The visa that allowed the longest stay from that entry: 90 in 180 with the days
      // before it, its own days per entry, its end.
      for (const auto& v : *visas) {
        if (v.kind == VisaKind::AirportTransit || !v.validity.contains(entryDay)) continue;
        auto lim = stayLimitFrom(earlier, entryDay, kDefaultMaxDays, kDefaultPeriodDays);
        Date u = lim ? *lim : entryDay.addDays(-1);
        const Date perEntry = entryDay.addDays(std::min(v.maxDays.value_or(kDefaultMaxDays), kDefaultMaxDays) - 1);
        if (perEntry < u) u = perEntry;
        if (*v.validity.to < u) u = *v.validity.to;
        if (!until || u > *until) {
          until = u;
          basis = "visa " + v.visaId;
        }
      }
    }
    if (!until) {
      if (otherPermit) {
        b.add(ReasonCode::PermitValid, nonExemptingPermitArticle(otherPermit->kind),
              "entered on " + entryDay.iso() + "; holds a " + permitLabel(otherPermit->kind) + " " + otherPermit->permitId +
                  " (valid " + otherPermit->validity.from->iso() + " to " + otherPermit->validity.to->iso() +
                  "), which sets no permitted stay the list can count: the officer verifies the holder's status",
              Decision::Refer);
        return {};
      }
      b.add(ReasonCode::VisaMissing, "11(1)",
            "entered on " + entryDay.iso() + " but the list holds no visa, exemption or permit that covered the stay; the officer checks the visa in the passport",
            Decision::Refer);
      return {};
    }
    // Art. 9(6): an entry permitted for a time despite an entry ban ends with that permission.
    std::optional<Date> permitEntryUntil;
    Builder ignored;
    if (auto x = checkBans(ignored, list, r, numbers, entryDay, false, &permitEntryUntil); !x) return tl::unexpected(x.error());
    if (permitEntryUntil && *permitEntryUntil < *until) {
      until = permitEntryUntil;
      basis += ", limited to the temporary entry permission despite an entry ban, Art. 9(6)";
    }
  } else {
    basis = std::string(permitLabel(basisPermit->kind)) + " " + basisPermit->permitId;
  }
  b.res.stayUntil = until;
  const std::int64_t over = daysBetween(*until, day);
  if (over <= 0) {
    b.add(basisPermit ? ReasonCode::PermitValid : (exemptBasis ? ReasonCode::VisaExempt : ReasonCode::VisaValid),
          "11(1)", "entered on " + entryDay.iso() + "; leaving within the permitted stay (" + basis + ") ending " + until->iso(),
          Decision::Admit);
    return {};
  }
  const char* letter = basisPermit ? "54(1)(g)" : "54(1)(e)";
  if (over > kOverstayRemovalDays) {
    b.add(ReasonCode::Overstay, std::string(letter) + ", 9(4)",
          "overstayed " + plural(over, "day") + " beyond the permitted stay (" + basis + ") that ended " + until->iso() +
              ": more than 10 days is a ground for removal (Art. " + letter +
              "); an entry ban of up to one year may be decided on leaving (Art. 9(4)). The officer processes the exit",
          Decision::Refer);
  } else {
    b.add(ReasonCode::Overstay, "11(1)",
          "overstayed " + plural(over, "day") + " beyond the permitted stay (" + basis + ") that ended " + until->iso() +
              " (10 days or fewer: not a ground for removal under Art. " + letter +
              "); the officer records the overstay and settles any fee due before exit",
          Decision::Refer);
  }
  return {};
}

Result<void> checkTransit(Builder& b, const ListReader& list, const mrz::MrzRecord& r, const Date& day) {
  auto rules = list.regimeRules(r.nationality);
  if (!rules) return tl::unexpected(rules.error());
  bool needed = false, known = false;
  for (const auto& x : *rules)
    if (x.documentKind == documentKindOf(r) && x.validity.contains(day)) {
      known = true;
      needed = needed || x.airportTransitVisa;
    }
  // No regime for the nationality and document kind: whether Art. 14(2) asks for an airport
  // transit visa is not known, as at entry (REGIME_UNKNOWN); not taken for "none needed".
  if (!known) {
    b.add(ReasonCode::RegimeUnknown, "14(2)",
          "the list (version " + std::to_string(list.version()) + ") has no regime for " + countryLabel(r.nationality) + " " +
              toString(documentKindOf(r)) + " documents on " + day.iso() +
              ", so whether an airport transit visa is needed is not known: see an officer",
          Decision::Refer);
    return {};
  }
  if (!needed) {
    b.add(ReasonCode::AirportTransitVisa, "14(2)",
          countryLabel(r.nationality) + " nationals need no airport transit visa: proceed to transfer", Decision::Admit);
    return {};
  }
  auto visas = list.visasFor(r.documentNumber, r.nationality);
  if (!visas) return tl::unexpected(visas.error());
  for (const auto& v : *visas)
    if (v.kind == VisaKind::AirportTransit && v.validity.contains(day)) {
      b.add(ReasonCode::AirportTransitVisa, "14(1)",
            "valid airport transit visa " + v.visaId + " (until " + v.validity.to->iso() + "): proceed to transfer", Decision::Admit);
      return {};
    }
  b.add(ReasonCode::AirportTransitVisa, "14(1)",
        countryLabel(r.nationality) + " nationals need an airport transit visa and none valid on " + day.iso() +
            " is in the list: see an officer",
        Decision::Refer);
  return {};
}

}  // namespace

const char* toString(Decision d) {
  switch (d) {
    case Decision::Admit: return "admit";
    case Decision::Refer: return "refer";
    case Decision::Refuse: return "refuse";
  }
  return "refer";
}

const char* reasonCodeName(ReasonCode c) {
  switch (c) {
    case ReasonCode::MrzInvalid: return "MRZ_INVALID";
    case ReasonCode::DocExpired: return "DOC_EXPIRED";
    case ReasonCode::DocLostStolen: return "DOC_LOST_STOLEN";
    case ReasonCode::EntryBan: return "ENTRY_BAN";
    case ReasonCode::EntryBanPossible: return "ENTRY_BAN_POSSIBLE";
    case ReasonCode::EntryBanLifted: return "ENTRY_BAN_LIFTED";
    case ReasonCode::PriorAuthorization: return "PRIOR_AUTHORIZATION";
    case ReasonCode::Citizen: return "CITIZEN";
    case ReasonCode::PermitValid: return "PERMIT_VALID";
    case ReasonCode::VisaExempt: return "VISA_EXEMPT";
    case ReasonCode::VisaValid: return "VISA_VALID";
    case ReasonCode::VisaMissing: return "VISA_MISSING";
    case ReasonCode::NoAdmission: return "NO_ADMISSION";
    case ReasonCode::StayLimit: return "STAY_LIMIT";
    case ReasonCode::PassportValidity: return "PASSPORT_VALIDITY";
    case ReasonCode::ProtectionRequest: return "PROTECTION_REQUEST";
    case ReasonCode::Minor: return "MINOR";
    case ReasonCode::Overstay: return "OVERSTAY";
    case ReasonCode::AirportTransitVisa: return "AIRPORT_TRANSIT_VISA";
    case ReasonCode::NoEntryRecord: return "NO_ENTRY_RECORD";
    case ReasonCode::RegimeUnknown: return "REGIME_UNKNOWN";
    case ReasonCode::ListStale: return "LIST_STALE";
  }
  return "?";
}

bool CheckResult::has(ReasonCode c) const {
  return std::any_of(reasons.begin(), reasons.end(), [c](const Reason& r) { return r.code == c; });
}

Result<CheckResult> check(const ListReader& list, const mrz::MrzRecord& r, const CheckContext& ctx) {
  if (!list.isOpen()) return fail(ErrorCode::NotFound, "the list " + list.path() + " is closed; reopen it before checking");
  Builder b;
  b.res.listVersion = list.version();
  const Date day = borderDayOf(ctx.at);

  if (ctx.listAgeLimit) {
    const std::int64_t fresh = ctx.listFreshAt.value_or(list.builtAt());
    const std::int64_t age = ctx.at - fresh;
    if (age > ctx.listAgeLimit->count())
      b.add(ReasonCode::ListStale, "6(4)",
            "the list (version " + std::to_string(list.version()) + ") was last refreshed " + formatTimestamp(fresh) + ", " +
                plural(age / 3600, "hour") + " ago (limit " + plural(ctx.listAgeLimit->count() / 3600, "hour") +
                "): its bans and documents may be out of date; the officer checks against the central system",
            Decision::Refer);
  }
  if (ctx.protectionRequest)
    b.add(ReasonCode::ProtectionRequest, "4, 8(1), 65",
          "the person asks for international protection: the request must be received and reported to the governorship "
          "(Art. 65(2)); entry conditions do not bar it (Art. 8(1)) and no one is returned to where they face persecution "
          "or ill-treatment (Art. 4). Never refuse: refer to the officer",
          Decision::Refer);

  auto finish = [&]() -> Result<CheckResult> {
    Decision d = Decision::Admit;
    for (const auto& reason : b.res.reasons) d = std::max(d, reason.effect);
    if (b.res.reasons.empty()) d = Decision::Refer;
    // A person the reasons refuse has no permitted stay to show, also when a protection
    // request turns the refusal into a referral below.
    if (d == Decision::Refuse) b.res.stayUntil.reset();
    // Art. 4, 8(1): a protection request is never refused.
    if (ctx.protectionRequest && d == Decision::Refuse) d = Decision::Refer;
    b.res.decision = d;
    return b.res;
  };

  if (!r.valid()) {
    std::string what;
    for (const auto& e : r.errors) what += (what.empty() ? "" : "; ") + e.message;
    b.add(ReasonCode::MrzInvalid, "5(1), 6(1)",
          "the machine readable zone is not valid" + (what.empty() ? std::string() : " (" + what + ")") +
              ": the document cannot be checked automatically; the officer examines it by hand",
          Decision::Refer);
    return finish();
  }
  if (r.format == mrz::Format::MRVA || r.format == mrz::Format::MRVB) {
    b.add(ReasonCode::MrzInvalid, "5(1), 6(1)",
          "the scanned MRZ is a visa, not a passport or identity card: scan the data page of the travel document",
          Decision::Refer);
    return finish();
  }
  const bool citizen = r.nationality == kTurkey;
  const auto expiry = r.expiryDate.date();
  if (!expiry) {
    b.add(ReasonCode::DocExpired, "5(1)", "the expiry date in the MRZ is not a full date: the officer checks the document's validity",
          Decision::Refer);
  } else if (*expiry < day) {
    if (citizen)
      b.add(ReasonCode::DocExpired, "5(1)",
            "the document expired on " + expiry->iso() + "; a Turkish citizen cannot be refused entry or exit on that "
            "ground alone (Constitution Art. 23): the officer verifies identity",
            Decision::Refer);
    else if (ctx.direction == Direction::Entry)
      b.add(ReasonCode::DocExpired, "5(1), 7(1)(a)",
            "the document expired on " + expiry->iso() + ": no valid passport or substitute document; refuse entry",
            Decision::Refuse);
    else
      b.add(ReasonCode::DocExpired, "5(1)", "the document expired on " + expiry->iso() + ": the officer processes the " +
                                                toString(ctx.direction) + " by hand",
            Decision::Refer);
  }
  // The number as read first, then its 0/O look-alikes, for every lookup by number below.
  const std::vector<std::string> numbers = zeroOhLookAlikes(r.documentNumber);
  for (const std::string& number : numbers) {
    auto lost = list.lostDocumentReportedOn(r.issuingState, number);
    if (!lost) return tl::unexpected(lost.error());
    if (!*lost) continue;
    b.add(ReasonCode::DocLostStolen, "7(1)(a), 5(1)",
          "document " + r.issuingState + " " + r.documentNumber + lookAlikeNote(number, r.documentNumber) +
              " was reported lost or stolen on " + (*lost)->iso() +
              ": suspected fraudulent use; the officer examines the document and the person",
          Decision::Refer);
    break;
  }

  if (citizen) {
    // Nationality TUR on a document another state issued is no Turkish travel document: the
    // officer verifies the citizenship and the document by hand. Before, such a document was
    // admitted as "a valid Turkish travel document" (a review's reproduction: an identity card
    // issued by UTO, nationality TUR).
    if (r.issuingState != kTurkey)
      b.add(ReasonCode::Citizen, "5(1)",
            "nationality TUR on a document issued by " + r.issuingState +
                ", not a Turkish travel document: the officer verifies the citizenship and the document by hand",
            Decision::Refer);
    else
      b.add(ReasonCode::Citizen, "5(1)", "Turkish citizen: admitted on a valid Turkish travel document", Decision::Admit);
    return finish();
  }

  auto hist = history(list, r, numbers, ctx);
  if (!hist) return tl::unexpected(hist.error());

  if (ctx.direction == Direction::Transit) {
    std::optional<Date> ignored;
    if (auto x = checkBans(b, list, r, numbers, day, true, &ignored); !x) return tl::unexpected(x.error());
    if (auto x = checkTransit(b, list, r, day); !x) return tl::unexpected(x.error());
    return finish();
  }
  if (ctx.direction == Direction::Exit) {
    if (auto x = checkExit(b, list, r, numbers, day, *hist); !x) return tl::unexpected(x.error());
    checkMinor(b, r, day);
    return finish();
  }

  // Entry of a foreigner.
  std::optional<Date> permitEntryUntil;
  if (auto x = checkBans(b, list, r, numbers, day, false, &permitEntryUntil); !x) return tl::unexpected(x.error());

  auto priorRules = list.priorAuthorizationRules(r.nationality);
  if (!priorRules) return tl::unexpected(priorRules.error());
  if (std::any_of(priorRules->begin(), priorRules->end(), [&](const auto& p) { return p.validity.contains(day); })) {
    auto auths = list.authorizationsFor(r.documentNumber, r.nationality);
    if (!auths) return tl::unexpected(auths.error());
    if (std::none_of(auths->begin(), auths->end(), [&](const auto& a) { return a.validity.contains(day); }))
      b.add(ReasonCode::PriorAuthorization, "9(7)",
            "admission of " + countryLabel(r.nationality) +
                " nationals requires the General Directorate's prior authorization and none valid on " + day.iso() +
                " is in the list for this document: the officer checks with the General Directorate",
            Decision::Refer);
  }

  auto ent = entryEntitlement(b, list, r, ctx, day, *hist);
  if (!ent) return tl::unexpected(ent.error());
  if (ent->stayUntil && permitEntryUntil && *permitEntryUntil < *ent->stayUntil) {
    ent->stayUntil = permitEntryUntil;
    b.add(ReasonCode::EntryBanLifted, "9(6)",
          "the stay is limited to the temporary entry permission, which ends " + permitEntryUntil->iso(), Decision::Admit);
  }
  b.res.stayUntil = ent->stayUntil;
  b.res.daysUsedIn180 = ent->daysUsed;

  // Art. 7(1)(b): valid at least 60 days beyond the permitted period.
  if (ent->stayUntil && expiry && *expiry >= day) {
    const Date needed = ent->stayUntil->addDays(kPassportValidityMarginDays);
    if (*expiry < needed) {
      const std::string msg = "the document expires on " + expiry->iso() + ", less than 60 days after the end of the " +
                              (ent->fromPermit ? "permit" : "permitted stay") + " on " + ent->stayUntil->iso() +
                              " (needed: valid until at least " + needed.iso() + ")";
      if (ent->fromPermit)
        // A residence permit is issued to end at least 60 days before the passport (Art.
        // 23(1)), so this is usually a renewed passport: the officer reconciles the two.
        // Art. 23(1) is about residence permits; a Blue Card or a stateless person's card
        // is not one (Art. 20(1)).
        b.add(ReasonCode::PassportValidity,
              ent->permitKind == PermitKind::BlueCard || ent->permitKind == PermitKind::StatelessId ? "7(1)(b)" : "7(1)(b), 23(1)",
              msg + "; the officer checks the permit against the passport", Decision::Refer);
      else
        b.add(ReasonCode::PassportValidity, "7(1)(b)", msg + "; refuse entry", Decision::Refuse);
    }
  }
  checkMinor(b, r, day);
  return finish();
}

TravellerView travellerView(const CheckResult& result) {
  // Only the decision shapes the message; reasons are for the officer (bans and watchlist
  // hits must never reach the traveller's screen).
  if (result.decision == Decision::Admit) return {Decision::Admit, "Proceed to transfer."};
  return {Decision::Refer, "Please see an officer."};
}

}  // namespace bordergate::rules
