// CSV export -> validated records -> list file (see list_builder.h).
#include "bordergate/rules/list_builder.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include "bordergate/core/text.h"
#include "bordergate/mrz/countries.h"
#include "bordergate/mrz/transliteration.h"

namespace bordergate::rules {
namespace {

namespace fs = std::filesystem;

// Law 6458 Art. 9(3): a ban lasts up to five years; the General Directorate may extend it by
// up to ten more on a serious threat to public order or security: 15 years in all.
constexpr int kBanMaxYears = 15;
// Art. 9(4): a ban on foreigners who overstayed and leave of their own accord: at most one year.
constexpr int kOverstayBanMaxYears = 1;
// Art. 13(2): a border visa allows at most fifteen days' stay.
constexpr int kBorderVisaMaxDays = 15;
// Art. 14(1): an airport transit visa is used within at most six months.
constexpr int kAirportTransitVisaMonths = 6;
// Art. 11(1): the default rolling window.
constexpr int kDefaultPeriodDays = 180;

Date addMonths(const Date& d, int months) {
  int m = d.month - 1 + months;
  Date r{d.year + m / 12, m % 12 + 1, d.day};
  while (!Date::isValid(r.year, r.month, r.day)) --r.day;
  return r;
}

class RowReader {
 public:
  RowReader(const CsvRecord& rec, const std::vector<int>& index, const ListTableSpec& spec, std::string file,
            std::vector<ImportIssue>& issues)
      : rec_(rec), index_(index), spec_(spec), file_(std::move(file)), issues_(issues) {}

  bool ok() const { return ok_; }
  int line() const { return rec_.line; }

  int col(const char* name) const {
    for (std::size_t i = 0; i < spec_.columns.size(); ++i)
      if (std::string_view(spec_.columns[i]) == name) return static_cast<int>(i);
    return -1;  // programmer error: caught by the unit tests of every table
  }
  std::string_view raw(const char* name) const { return rec_.fields[static_cast<std::size_t>(index_[static_cast<std::size_t>(col(name))])]; }

  void issue(const char* name, std::string message) {
    ok_ = false;
    const int c = col(name);
    issues_.push_back(ImportIssue{file_, rec_.line, index_[static_cast<std::size_t>(c)] + 1, name, std::move(message)});
  }
  void rowIssue(std::string message) {
    ok_ = false;
    issues_.push_back(ImportIssue{file_, rec_.line, 0, {}, std::move(message)});
  }

  bool required(const char* name) {
    if (!raw(name).empty()) return true;
    issue(name, "is empty; a value is required");
    return false;
  }

  std::string text(const char* name, bool req) {
    if (req && !required(name)) return {};
    return std::string(raw(name));
  }

  std::string country(const char* name, bool req) {
    const std::string v = text(name, req);
    if (v.empty()) return v;
    bool letters = v.size() <= 3;
    for (char c : v) letters = letters && c >= 'A' && c <= 'Z';
    if (!letters) { issue(name, "'" + v + "' is not a country code; expected the ICAO 9303-3 code as in the MRZ (e.g. TUR, DEU, D)"); return {}; }
    if (!mrz::isKnownCountryCode(v)) { issue(name, "'" + v + "' is not a known ICAO 9303-3 country code"); return {}; }
    return v;
  }

  std::string documentNumber(const char* name, bool req) {
    const std::string v = text(name, req);
    if (v.empty()) return v;
    bool okChars = v.size() <= 35;
    for (char c : v) okChars = okChars && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    if (!okChars) { issue(name, "'" + v + "' is not a document number; expected 1-35 characters A-Z and 0-9 as in the MRZ, without '<' or spaces"); return {}; }
    return v;
  }

  std::optional<Date> date(const char* name, bool req) {
    const std::string v = text(name, req);
    if (v.empty()) return std::nullopt;
    auto d = Date::parseIso(v);
    if (!d) issue(name, "'" + v + "' is not a date; expected YYYY-MM-DD (a real calendar day)");
    return d;
  }

  std::optional<std::int64_t> timestamp(const char* name, bool req) {
    const std::string v = text(name, req);
    if (v.empty()) return std::nullopt;
    auto t = parseTimestamp(v);
    if (!t) issue(name, "'" + v + "' is not a UTC timestamp; expected ISO 8601 like 2026-03-01T10:15:00Z");
    return t;
  }

  std::optional<int> integer(const char* name, bool req, int min, int max) {
    const std::string v = text(name, req);
    if (v.empty()) return std::nullopt;
    int n = 0;
    bool digits = v.size() <= 6;
    for (char c : v) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) n = n * 10 + (c - '0');
    }
    if (!digits || n < min || n > max) {
      issue(name, "'" + v + "' is not a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return n;
  }

  template <typename E>
  std::optional<E> choice(const char* name, std::optional<E> (*parse)(std::string_view), const char* allowed) {
    const std::string v = text(name, true);
    if (v.empty()) return std::nullopt;
    auto e = parse(v);
    if (!e) issue(name, "'" + v + "' is not one of: " + allowed);
    return e;
  }

  // A name as exported: UTF-8, must transliterate to the MRZ alphabet (9303-3 §6) so that it
  // can be compared with an MRZ at all.
  std::string name(const char* col, bool req) {
    const std::string v = text(col, req);
    if (v.empty()) return v;
    bool lossy = false;
    const std::string t = mrz::normalizeName(mrz::transliterateIcao(v, &lossy));
    if (lossy || t.empty())
      issue(col, "'" + v + "' has characters with no ICAO 9303-3 transliteration; give the name in Latin, Cyrillic or Greek script");
    return v;
  }

  // from <= to when both are set.
  void order(const char* fromName, const std::optional<Date>& from, const char* toName, const std::optional<Date>& to) {
    if (from && to && *to < *from)
      issue(toName, std::string(toName) + " " + to->iso() + " is before " + fromName + " " + from->iso());
  }

 private:
  const CsvRecord& rec_;
  const std::vector<int>& index_;
  const ListTableSpec& spec_;
  std::string file_;
  std::vector<ImportIssue>& issues_;
  bool ok_ = true;
};

// Detects duplicate keys: remembers the line of each key's first occurrence.
class KeySet {
 public:
  // Returns false (and records an issue) when the key was seen before.
  bool insert(const std::string& key, const std::string& what, RowReader& row) {
    auto [it, fresh] = lines_.emplace(key, row.line());
    if (!fresh) row.rowIssue("duplicate " + what + " (first on line " + std::to_string(it->second) + ")");
    return fresh;
  }

 private:
  std::map<std::string, int> lines_;
};

void importRegime(RowReader& r, ListContents& out, KeySet& keys) {
  RegimeRule x;
  x.nationality = r.country("nationality", true);
  const auto kind = r.choice("document_kind", parseDocumentKind, "ordinary, diplomatic, service, special, id_card");
  const auto regime = r.choice("regime", parseRegime, "exempt, e_visa, visa_required, no_admission");
  x.maxDays = r.integer("max_days", false, 1, 3650);
  x.periodDays = r.integer("period_days", false, 1, 3650).value_or(kDefaultPeriodDays);
  const auto atv = r.text("airport_transit_visa", true);
  if (!atv.empty() && atv != "yes" && atv != "no") r.issue("airport_transit_visa", "'" + atv + "' is not one of: yes, no");
  x.airportTransitVisa = atv == "yes";
  x.validity = {r.date("valid_from", false), r.date("valid_to", false)};
  r.order("valid_from", x.validity.from, "valid_to", x.validity.to);
  x.note = r.text("note", false);
  if (regime == Regime::Exempt) {
    if (r.raw("max_days").empty()) r.issue("max_days", "is empty; an exempt regime needs the number of visa-free days (Art. 11(1))");
    else if (x.maxDays && *x.maxDays > x.periodDays)
      r.issue("max_days", std::to_string(*x.maxDays) + " days cannot fit in a period of " + std::to_string(x.periodDays) + " days");
  }
  if (!r.ok() || !kind || !regime) return;
  x.documentKind = *kind;
  x.regime = *regime;
  if (!keys.insert(x.nationality + "|" + toString(x.documentKind) + "|" + (x.validity.from ? x.validity.from->iso() : ""),
                   "rule for " + x.nationality + " " + toString(x.documentKind) + " with the same valid_from", r))
    return;
  out.regime.push_back(std::move(x));
}

void importVisa(RowReader& r, ListContents& out, KeySet& keys) {
  Visa x;
  x.visaId = r.text("visa_id", true);
  const auto kind = r.choice("kind", parseVisaKind, "e_visa, sticker, border, airport_transit");
  x.documentNumber = r.documentNumber("document_number", true);
  x.nationality = r.country("nationality", true);
  x.validity = {r.date("valid_from", true), r.date("valid_to", true)};
  r.order("valid_from", x.validity.from, "valid_to", x.validity.to);
  x.maxDays = r.integer("max_days", false, 1, 3650);
  const auto entries = r.text("entries", true);
  if (!entries.empty() && entries != "single" && entries != "multiple") r.issue("entries", "'" + entries + "' is not one of: single, multiple");
  x.multipleEntries = entries == "multiple";
  x.purpose = r.text("purpose", false);
  if (kind == VisaKind::Border && x.maxDays && *x.maxDays > kBorderVisaMaxDays)
    r.issue("max_days", std::to_string(*x.maxDays) + " days: a border visa allows at most 15 days' stay (Art. 13(2))");
  if (kind == VisaKind::Border && !x.maxDays) r.issue("max_days", "is empty; a border visa states its days of stay (at most 15, Art. 13(2))");
  if (kind == VisaKind::AirportTransit && x.validity.from && x.validity.to &&
      *x.validity.to > addMonths(*x.validity.from, kAirportTransitVisaMonths))
    r.issue("valid_to", "an airport transit visa is used within at most six months (Art. 14(1)); valid_to " +
                            x.validity.to->iso() + " is later than " + addMonths(*x.validity.from, kAirportTransitVisaMonths).iso());
  if (!r.ok() || !kind) return;
  x.kind = *kind;
  if (!keys.insert(x.visaId, "visa_id " + x.visaId, r)) return;
  out.visas.push_back(std::move(x));
}

void importPermit(RowReader& r, ListContents& out, KeySet& keys) {
  Permit x;
  x.permitId = r.text("permit_id", true);
  const auto kind = r.choice("kind", parsePermitKind,
                             "residence, work, turquoise_card, turquoise_relative, blue_card, stateless_id, diplomatic_id, "
                             "protection_applicant, protection_status, temporary_protection");
  x.documentNumber = r.documentNumber("document_number", true);
  x.nationality = r.country("nationality", true);
  x.surname = r.name("surname", true);
  x.givenNames = r.name("given_names", false);
  x.birthDate = r.date("birth_date", false);
  x.validity = {r.date("valid_from", true), r.date("valid_to", true)};
  r.order("valid_from", x.validity.from, "valid_to", x.validity.to);
  if (!r.ok() || !kind) return;
  x.kind = *kind;
  if (!keys.insert(x.permitId, "permit_id " + x.permitId, r)) return;
  out.permits.push_back(std::move(x));
}

void importBan(RowReader& r, ListContents& out, KeySet& keys) {
  EntryBan x;
  x.banId = r.text("ban_id", true);
  x.surname = r.name("surname", true);
  x.givenNames = r.name("given_names", false);
  x.birthDate = r.date("birth_date", false);
  x.nationality = r.country("nationality", false);
  const auto sex = r.text("sex", false);
  if (!sex.empty() && sex != "F" && sex != "M" && sex != "X") r.issue("sex", "'" + sex + "' is not one of: F, M, X (or empty)");
  x.sex = sex.empty() ? 'X' : sex[0];
  x.documentNumber = r.documentNumber("document_number", false);
  x.article = r.text("article", true);
  static const char* const kArticles[] = {"9(1)", "9(2)", "9(4)", "9(5)"};
  if (!x.article.empty() && std::find_if(std::begin(kArticles), std::end(kArticles),
                                         [&](const char* a) { return x.article == a; }) == std::end(kArticles))
    r.issue("article", "'" + x.article + "' is not a ground for an entry ban; expected 9(1), 9(2), 9(4) or 9(5) (Law 6458 Art. 9)");
  x.validity = {r.date("valid_from", true), r.date("valid_to", true)};
  r.order("valid_from", x.validity.from, "valid_to", x.validity.to);
  if (x.validity.from && x.validity.to) {
    const int maxYears = x.article == "9(4)" ? kOverstayBanMaxYears : kBanMaxYears;
    // valid_to is the ban's last day (inclusive, as the engine reads it): a one-year ban from
    // 2026-03-01 ends on 2027-02-28. Until 7 Dec 2026 the day after was accepted too.
    const Date limit = x.validity.from->addYears(maxYears).addDays(-1);
    if (*x.validity.to > limit)
      r.issue("valid_to", x.validity.to->iso() + " is more than " + std::to_string(maxYears) + " year(s) after valid_from " +
                              x.validity.from->iso() + (x.article == "9(4)" ? "; an Art. 9(4) ban lasts at most one year"
                                                                            : "; a ban lasts at most 5 years, extendable by at most 10 (Art. 9(3))"));
  }
  x.liftedOn = r.date("lifted_on", false);
  r.order("valid_from", x.validity.from, "lifted_on", x.liftedOn);
  x.permitEntry = {r.date("permit_entry_from", false), r.date("permit_entry_to", false)};
  if (x.permitEntry.from.has_value() != x.permitEntry.to.has_value())
    r.issue(x.permitEntry.from ? "permit_entry_to" : "permit_entry_from",
            "is empty; a temporary entry permission (Art. 9(6)) needs both permit_entry_from and permit_entry_to");
  r.order("permit_entry_from", x.permitEntry.from, "permit_entry_to", x.permitEntry.to);
  if (!x.surname.empty() && x.documentNumber.empty() && !x.birthDate)
    r.rowIssue("a ban needs a document_number or a birth_date besides the name; a name alone cannot identify a person");
  if (!r.ok()) return;
  if (!keys.insert(x.banId, "ban_id " + x.banId, r)) return;
  out.bans.push_back(std::move(x));
}

void importLost(RowReader& r, ListContents& out, KeySet& keys) {
  ListContents::LostDocument x;
  x.issuingState = r.country("issuing_state", true);
  x.documentNumber = r.documentNumber("document_number", true);
  const auto d = r.date("reported_on", true);
  if (!r.ok() || !d) return;
  x.reportedOn = *d;
  if (!keys.insert(x.issuingState + "<" + x.documentNumber, "lost document " + x.issuingState + " " + x.documentNumber, r)) return;
  out.lostDocuments.push_back(std::move(x));
}

void importPrior(RowReader& r, ListContents& out, KeySet& keys) {
  PriorAuthorizationRule x;
  x.nationality = r.country("nationality", true);
  x.validity = {r.date("valid_from", false), r.date("valid_to", false)};
  r.order("valid_from", x.validity.from, "valid_to", x.validity.to);
  if (!r.ok()) return;
  if (!keys.insert(x.nationality + "|" + (x.validity.from ? x.validity.from->iso() : ""),
                   "rule for " + x.nationality + " with the same valid_from", r))
    return;
  out.priorAuthorization.push_back(std::move(x));
}

void importAuthorization(RowReader& r, ListContents& out, KeySet& keys) {
  Authorization x;
  x.documentNumber = r.documentNumber("document_number", true);
  x.nationality = r.country("nationality", true);
  x.validity = {r.date("valid_from", true), r.date("valid_to", true)};
  r.order("valid_from", x.validity.from, "valid_to", x.validity.to);
  if (!r.ok()) return;
  if (!keys.insert(x.documentNumber + "|" + x.nationality + "|" + x.validity.from->iso(),
                   "authorization for " + x.documentNumber + " with the same valid_from", r))
    return;
  out.authorizations.push_back(std::move(x));
}

void importCrossing(RowReader& r, ListContents& out, KeySet& keys) {
  Crossing x;
  x.documentNumber = r.documentNumber("document_number", true);
  x.nationality = r.country("nationality", true);
  x.birthDate = r.date("birth_date", false);
  const auto dir = r.text("direction", true);
  if (!dir.empty() && dir != "entry" && dir != "exit") r.issue("direction", "'" + dir + "' is not one of: entry, exit");
  x.direction = dir == "exit" ? Direction::Exit : Direction::Entry;
  const auto at = r.timestamp("at", true);
  x.port = r.text("port", false);
  if (!r.ok() || !at) return;
  x.at = *at;
  if (!keys.insert(x.documentNumber + "|" + x.nationality + "|" + formatTimestamp(x.at),
                   "crossing of " + x.documentNumber + " at the same time", r))
    return;
  out.crossings.push_back(std::move(x));
}

// Overlapping validity periods for one nationality and document kind would make the regime
// ambiguous on the overlapping days.
void checkRegimeOverlaps(const std::vector<std::pair<RegimeRule, int>>& rules, const std::string& file,
                         std::vector<ImportIssue>& issues) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    for (std::size_t j = i + 1; j < rules.size(); ++j) {
      const auto& [a, la] = rules[i];
      const auto& [b, lb] = rules[j];
      if (a.nationality != b.nationality || a.documentKind != b.documentKind) continue;
      const bool overlap = (!a.validity.to || !b.validity.from || *b.validity.from <= *a.validity.to) &&
                           (!b.validity.to || !a.validity.from || *a.validity.from <= *b.validity.to);
      if (overlap)
        issues.push_back(ImportIssue{file, std::max(la, lb), 0, {},
                                     "validity overlaps the rule for " + a.nationality + " " + toString(a.documentKind) +
                                         " on line " + std::to_string(std::min(la, lb)) + "; one rule per day"});
    }
}

Result<std::string> readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, p.string() + " is missing; every export file is required (an empty table is a file with only its header)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::Io, "cannot read " + p.string());
  return ss.str();
}

}  // namespace

const std::vector<ListTableSpec>& listTableSpecs() {
  static const std::vector<ListTableSpec> specs = {
      {ListTable::VisaRegime, "visa_regime.csv",
       {"nationality", "document_kind", "regime", "max_days", "period_days", "airport_transit_visa", "valid_from", "valid_to", "note"}},
      {ListTable::Visas, "visas.csv",
       {"visa_id", "kind", "document_number", "nationality", "valid_from", "valid_to", "max_days", "entries", "purpose"}},
      {ListTable::Permits, "permits.csv",
       {"permit_id", "kind", "document_number", "nationality", "surname", "given_names", "birth_date", "valid_from", "valid_to"}},
      {ListTable::EntryBans, "entry_bans.csv",
       {"ban_id", "surname", "given_names", "birth_date", "nationality", "sex", "document_number", "article", "valid_from",
        "valid_to", "lifted_on", "permit_entry_from", "permit_entry_to"}},
      {ListTable::LostDocuments, "lost_documents.csv", {"issuing_state", "document_number", "reported_on"}},
      {ListTable::PriorAuthorization, "prior_authorization.csv", {"nationality", "valid_from", "valid_to"}},
      {ListTable::Authorizations, "authorizations.csv", {"document_number", "nationality", "valid_from", "valid_to"}},
      {ListTable::Crossings, "crossings.csv", {"document_number", "nationality", "birth_date", "direction", "at", "port"}},
  };
  return specs;
}

std::vector<ImportIssue> importTable(ListTable table, std::string_view text, std::string_view fileName, ListContents& into,
                                     std::size_t maxIssues) {
  std::vector<ImportIssue> issues;
  const std::string file(fileName);
  const ListTableSpec* spec = nullptr;
  for (const auto& s : listTableSpecs())
    if (s.table == table) spec = &s;
  auto doc = parseCsv(text, fileName);
  if (!doc) return {doc.error()};
  if (doc->records.empty()) return {ImportIssue{file, 0, 0, {}, "file is empty; the header row is required"}};
  const CsvRecord& header = doc->records.front();
  // Map each documented column to its position in this file.
  std::vector<int> index(spec->columns.size(), -1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& h = header.fields[i];
    auto it = std::find_if(spec->columns.begin(), spec->columns.end(), [&](const char* c) { return h == c; });
    if (it == spec->columns.end()) {
      std::string expected;
      for (const char* c : spec->columns) expected += (expected.empty() ? "" : ",") + std::string(c);
      issues.push_back(ImportIssue{file, header.line, static_cast<int>(i) + 1, h,
                                   "unknown column '" + h + "' in the header; expected: " + expected});
      continue;
    }
    auto& slot = index[static_cast<std::size_t>(it - spec->columns.begin())];
    if (slot >= 0) {
      issues.push_back(ImportIssue{file, header.line, static_cast<int>(i) + 1, h, "column '" + h + "' appears twice in the header"});
      continue;
    }
    slot = static_cast<int>(i);
  }
  for (std::size_t c = 0; c < index.size(); ++c)
    if (index[c] < 0)
      issues.push_back(ImportIssue{file, header.line, 0, spec->columns[c],
                                   std::string("header lacks column '") + spec->columns[c] + "'"});
  if (!issues.empty()) return issues;

  KeySet keys;
  std::vector<std::pair<RegimeRule, int>> regimeLines;
  for (std::size_t n = 1; n < doc->records.size() && issues.size() < maxIssues; ++n) {
    const CsvRecord& rec = doc->records[n];
    if (rec.fields.size() != header.fields.size()) {
      issues.push_back(ImportIssue{file, rec.line, 0, {},
                                   "has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                                       std::to_string(header.fields.size()) +
                                       " (a field containing a comma must be enclosed in double quotes)"});
      continue;
    }
    RowReader row(rec, index, *spec, file, issues);
    switch (table) {
      case ListTable::VisaRegime: {
        const std::size_t before = into.regime.size();
        importRegime(row, into, keys);
        if (into.regime.size() > before) regimeLines.emplace_back(into.regime.back(), rec.line);
        break;
      }
      case ListTable::Visas: importVisa(row, into, keys); break;
      case ListTable::Permits: importPermit(row, into, keys); break;
      case ListTable::EntryBans: importBan(row, into, keys); break;
      case ListTable::LostDocuments: importLost(row, into, keys); break;
      case ListTable::PriorAuthorization: importPrior(row, into, keys); break;
      case ListTable::Authorizations: importAuthorization(row, into, keys); break;
      case ListTable::Crossings: importCrossing(row, into, keys); break;
    }
  }
  if (table == ListTable::VisaRegime) checkRegimeOverlaps(regimeLines, file, issues);
  if (issues.size() > maxIssues) issues.resize(maxIssues);
  return issues;
}

Result<BuildSummary> buildList(const BuildOptions& options) {
  const fs::path dir(options.fromDir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::NotFound, "export folder " + options.fromDir + " does not exist");
  if (options.outPath.empty()) return fail(ErrorCode::InvalidArgument, "no output file given");

  BuildSummary summary;
  summary.builtAt = options.builtAt.value_or(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  summary.version = summary.builtAt;
  if (options.version) {
    summary.version = *options.version;
  } else if (fs::exists(dir / "VERSION", ec)) {
    auto text = readFile(dir / "VERSION");
    if (!text) return tl::unexpected(text.error());
    std::string v(text->begin(), std::find_if(text->begin(), text->end(), [](char c) { return c == '\n' || c == '\r'; }));
    if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return fail(ErrorCode::InvalidData, (dir / "VERSION").string() + ":1: '" + v + "' is not a decimal list version");
    summary.version = std::stoll(v);
  }
  HashKey key{};
  if (options.hashKey) {
    key = *options.hashKey;
  } else if (fs::exists(dir / "HASH_KEY", ec)) {
    auto keyText = readFile(dir / "HASH_KEY");
    if (!keyText) return tl::unexpected(keyText.error());
    auto k = parseHashKey(std::string(bordergate::text::trim(*keyText)));
    if (!k) return fail(ErrorCode::InvalidData, (dir / "HASH_KEY").string() + ": " + k.error().message);
    key = *k;
  } else {
    key = randomHashKey();
    summary.randomHashKey = true;
  }

  // Validate everything before writing anything.
  ListContents contents;
  std::vector<ImportIssue> issues;
  for (const auto& spec : listTableSpecs()) {
    auto text = readFile(dir / spec.fileName);
    if (!text) {
      issues.push_back(ImportIssue{spec.fileName, 0, 0, {}, text.error().message});
      continue;
    }
    const std::size_t before = issues.size();
    auto found = importTable(spec.table, *text, spec.fileName, contents);
    issues.insert(issues.end(), found.begin(), found.end());
    if (issues.size() == before) {
      std::size_t rows = 0;
      auto doc = parseCsv(*text, spec.fileName);
      if (doc) rows = doc->records.size() - 1;
      summary.rowCounts.emplace_back(spec.fileName, rows);
    }
  }
  if (!issues.empty()) {
    std::string msg = "the export in " + options.fromDir + " has " + std::to_string(issues.size()) +
                      " problem(s); nothing was built:";
    for (const auto& i : issues) msg += "\n  " + i.describe();
    return fail(ErrorCode::InvalidData, msg);
  }

  // Build beside the destination (same file system, so the rename is atomic), then rename.
  const fs::path out(options.outPath);
  if (const fs::path folder = out.parent_path(); !folder.empty() && !fs::is_directory(folder, ec))
    return fail(ErrorCode::InvalidArgument, "the folder " + folder.string() + " for " + out.string() +
                                                " does not exist: create it first (mkdir -p " + folder.string() + ")");
  const fs::path tmp = out.string() + ".tmp-" + std::to_string(::getpid());
  fs::remove(tmp, ec);
  auto written = [&]() -> Result<void> {
    auto writer = ListWriter::create(tmp.string(), ListMeta{summary.version, summary.builtAt, key});
    if (!writer) return tl::unexpected(writer.error());
    auto& w = **writer;
    for (const auto& x : contents.regime) if (auto r = w.add(x); !r) return r;
    for (const auto& x : contents.visas) if (auto r = w.add(x); !r) return r;
    for (const auto& x : contents.permits) if (auto r = w.add(x); !r) return r;
    for (const auto& x : contents.bans) if (auto r = w.add(x); !r) return r;
    for (const auto& x : contents.lostDocuments)
      if (auto r = w.addLostDocument(x.issuingState, x.documentNumber, x.reportedOn); !r) return r;
    for (const auto& x : contents.priorAuthorization) if (auto r = w.add(x); !r) return r;
    for (const auto& x : contents.authorizations) if (auto r = w.add(x); !r) return r;
    for (const auto& x : contents.crossings) if (auto r = w.add(x); !r) return r;
    return w.commit();
  }();
  if (!written) {
    fs::remove(tmp, ec);
    return tl::unexpected(written.error());
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return fail(ErrorCode::Io, "cannot move the new list into place at " + out.string() + ": " + ec.message());
  }
  summary.fileBytes = fs::file_size(out, ec);
  return summary;
}

}  // namespace bordergate::rules
