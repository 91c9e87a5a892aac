// Entry-ban name matching: reduced name tokens, blocking keys and scores (see name_match.h).
#include "bordergate/rules/name_match.h"

#include <algorithm>
#include <set>

#include "bordergate/mrz/transliteration.h"

namespace bordergate::rules {
namespace {

std::vector<std::string> splitTokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The two renderings a name can legitimately have in an MRZ: ICAO 9303-3 §6 transliteration
// (Ö -> OE) and plain folding (Ö -> O). Input already in MRZ form comes out unchanged.
std::vector<std::string> renderings(std::string_view name) {
  std::vector<std::string> r{mrz::normalizeName(mrz::transliterateIcao(name))};
  std::string plain = mrz::normalizeName(mrz::foldPlain(name));
  if (plain != r[0]) r.push_back(std::move(plain));
  return r;
}

// Reduces one token so that both renderings meet: the ICAO digraphs for umlauts fold onto
// the plain vowel (OE -> O, UE -> U, AE -> A) and doubled letters collapse (MUELLER ->
// MULLER -> MULER). Applied to both sides, so it only widens what counts as similar.
std::string reduceToken(std::string_view t) {
  std::string s;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == 'E' && !s.empty() && (s.back() == 'O' || s.back() == 'U' || s.back() == 'A')) continue;
    if (!s.empty() && s.back() == c) continue;
    s += c;
  }
  return s;
}

std::vector<std::string> reducedTokens(std::string_view name) {
  std::vector<std::string> out;
  // Tokens of the ICAO rendering first, in order; the reduction makes the plain rendering
  // yield the same tokens for umlauts, so only genuinely different ones are added.
  for (const auto& r : renderings(name))
    for (const auto& t : splitTokens(r)) {
      std::string red = reduceToken(t);
      if (std::find(out.begin(), out.end(), red) == out.end()) out.push_back(std::move(red));
    }
  return out;
}

int editDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      // Transposition of two adjacent letters is one slip (Damerau).
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Similarity of two reduced tokens: 1 for equal; a token cut short by a full MRZ name field
// (9303-3 §4.6) matches the full token it starts; otherwise 1 - edits/length.
double tokenSimilarity(std::string_view traveller, std::string_view ban, bool travellerMayBeTruncated) {
  if (traveller == ban) return 1.0;
  if (travellerMayBeTruncated && traveller.size() >= 2 && ban.substr(0, traveller.size()) == traveller) return 0.95;
  // Initials: a given name written as one letter.
  if ((traveller.size() == 1 || ban.size() == 1) && !traveller.empty() && !ban.empty() && traveller[0] == ban[0])
    return 0.8;
  const double len = static_cast<double>(std::max(traveller.size(), ban.size()));
  return std::max(0.0, 1.0 - editDistance(traveller, ban) / len);
}

// Average over `from` of the best similarity against any token of `to`.
double bestAverage(const std::vector<std::string>& from, const std::vector<std::string>& to, bool truncFrom) {
  if (from.empty() || to.empty()) return 0.0;
  double sum = 0;
  for (const auto& f : from) {
    double best = 0;
    for (const auto& t : to) best = std::max(best, tokenSimilarity(f, t, truncFrom));
    sum += best;
  }
  return sum / static_cast<double>(from.size());
}

std::string yearKey(const std::optional<Date>& d) { return d ? std::to_string(d->year) : std::string("?"); }

}  // namespace

std::vector<std::string> nameTokens(std::string_view name) { return reducedTokens(name); }

double birthDateFactor(const std::optional<Date>& traveller, const std::optional<Date>& ban) {
  if (!traveller || !ban) return 0.95;
  if (*traveller == *ban) return 1.0;
  const Date& a = *traveller;
  const Date& b = *ban;
  // One field wrong, or day and month swapped, is a recording slip; otherwise another person.
  const int same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day);
  const bool swapped = a.year == b.year && a.month == b.day && a.day == b.month;
  return (same == 2 || swapped) ? 0.9 : 0.55;
}

std::vector<std::string> banBlockingKeys(const PersonName& ban) {
  std::set<std::string> keys;
  for (const auto& t : reducedTokens(ban.surname))
    if (t.size() >= 2) keys.insert("S" + t + ":" + yearKey(ban.birthDate));
  if (ban.birthDate) {
    for (const auto& t : reducedTokens(ban.givenNames))
      if (t.size() >= 2) keys.insert("G" + t + ":" + ban.birthDate->iso());
    if (!ban.nationality.empty()) keys.insert("B" + ban.birthDate->iso() + ":" + ban.nationality);
  }
  return {keys.begin(), keys.end()};
}

std::vector<std::string> travellerBlockingKeys(const PersonName& t) {
  std::set<std::string> keys;
  // Surname and given tokens both probe both key kinds: bans recorded with the name parts
  // swapped still share a key.
  std::vector<std::string> tokens = reducedTokens(t.surname);
  for (auto& g : reducedTokens(t.givenNames)) tokens.push_back(std::move(g));
  for (const auto& tok : tokens) {
    if (tok.size() < 2) continue;
    keys.insert("S" + tok + ":?");
    if (t.birthDate) {
      keys.insert("S" + tok + ":" + std::to_string(t.birthDate->year));
      keys.insert("G" + tok + ":" + t.birthDate->iso());
    }
  }
  if (t.birthDate && !t.nationality.empty()) keys.insert("B" + t.birthDate->iso() + ":" + t.nationality);
  return {keys.begin(), keys.end()};
}

NameScore scoreNames(const PersonName& traveller, const PersonName& ban) {
  NameScore s;
  // Exact: the traveller's MRZ name is one of the ban name's two legitimate renderings,
  // field by field and in order. Nothing looser may ever lead to a refusal.
  const std::string tSur = mrz::normalizeName(traveller.surname);
  const std::string tGiv = mrz::normalizeName(traveller.givenNames);
  bool surnameExact = false, givenExact = false;
  for (const auto& r : renderings(ban.surname)) surnameExact = surnameExact || r == tSur;
  for (const auto& r : renderings(ban.givenNames)) givenExact = givenExact || r == tGiv;
  s.exactName = surnameExact && givenExact && !tSur.empty();

  const auto tS = reducedTokens(traveller.surname), tG = reducedTokens(traveller.givenNames);
  const auto bS = reducedTokens(ban.surname), bG = reducedTokens(ban.givenNames);
  std::vector<std::string> tAll = tS;
  tAll.insert(tAll.end(), tG.begin(), tG.end());
  std::vector<std::string> bAll = bS;
  bAll.insert(bAll.end(), bG.begin(), bG.end());

  // Surname: every ban surname token must find itself somewhere in the traveller's name
  // (token order and surname/given swaps are tolerated).
  const double surname = std::max(bestAverage(bS, tAll, traveller.truncated), bestAverage(tS, bAll, false));
  // Given names: the shorter list must be found in the longer (missing or extra names).
  double given = 0.85;  // one side has no given names: neither evidence for nor against
  if (!tG.empty() && !bG.empty()) {
    given = tG.size() <= bG.size() ? bestAverage(tG, bAll, traveller.truncated) : bestAverage(bG, tAll, false);
  }
  s.nameSimilarity = s.exactName ? 1.0 : 0.6 * surname + 0.4 * given;
  s.explanation = "surname " + std::to_string(static_cast<int>(surname * 100 + 0.5)) + "%, given names " +
                  std::to_string(static_cast<int>(given * 100 + 0.5)) + "%";

  double score = s.nameSimilarity * birthDateFactor(traveller.birthDate, ban.birthDate);
  if (traveller.birthDate && ban.birthDate) {
    s.birthDateEqual = *traveller.birthDate == *ban.birthDate;
    s.explanation += s.birthDateEqual ? ", birth date equal" : ", birth date differs";
  } else {
    s.explanation += ", birth date unknown";
  }
  if (!traveller.nationality.empty() && !ban.nationality.empty()) {
    s.nationalityEqual = traveller.nationality == ban.nationality;
    if (!s.nationalityEqual) {
      score *= 0.85;  // people change or hold several nationalities: weak evidence only
      s.explanation += ", nationality differs";
    }
  }
  if (traveller.sex != 'X' && ban.sex != 'X' && traveller.sex != ban.sex) {
    score *= 0.8;
    s.explanation += ", sex differs";
  }
  s.score = score;
  return s;
}

}  // namespace bordergate::rules
