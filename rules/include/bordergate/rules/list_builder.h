// Builds a list file from the central authority's CSV exports (issue 4 formats), validating
// every field first: a bad file builds nothing. Errors name file, line, column and what is
// wrong (ImportIssue::describe()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/rules/csv.h"
#include "bordergate/rules/list_file.h"
#include "bordergate/rules/list_types.h"

namespace bordergate::rules {

// The files of an export folder. All are required: a missing entry_bans.csv must not quietly
// produce a list without bans; a table with no rows is a file with only its header.
enum class ListTable {
  VisaRegime, Visas, Permits, EntryBans, LostDocuments, PriorAuthorization, Authorizations, Crossings,
};

struct ListTableSpec {
  ListTable table;
  const char* fileName;               // "entry_bans.csv"
  std::vector<const char*> columns;   // the header, in the documented order
};
const std::vector<ListTableSpec>& listTableSpecs();

// Every record of an export folder, validated and typed.
struct ListContents {
  std::vector<RegimeRule> regime;
  std::vector<Visa> visas;
  std::vector<Permit> permits;
  std::vector<EntryBan> bans;
  struct LostDocument { std::string issuingState, documentNumber; Date reportedOn; };
  std::vector<LostDocument> lostDocuments;
  std::vector<PriorAuthorizationRule> priorAuthorization;
  std::vector<Authorization> authorizations;
  std::vector<Crossing> crossings;
};

// Parses and validates one file's text into `into`. Returns every issue found (at most
// `maxIssues`); an empty vector means the file is fine. Checks: RFC 4180 syntax, the header
// (every column present once, no unknown column; any order), each field's format, and
// the rules of the law the data must respect (e.g. a ban's end within 15 years, Art. 9(3)).
std::vector<ImportIssue> importTable(ListTable table, std::string_view text, std::string_view fileName,
                                     ListContents& into, std::size_t maxIssues = 50);

struct BuildOptions {
  std::string fromDir;
  std::string outPath;
  // Default: the integer in fromDir/VERSION if present, else builtAt.
  std::optional<std::int64_t> version;
  // Default: now. Seconds since epoch.
  std::optional<std::int64_t> builtAt;
  // Key for the lost-document hashes (list_file.h). Default: fromDir/HASH_KEY (64 hex
  // digits) if present, else a random key (then every list has a new key and sync deltas
  // of lost_documents are full tables).
  std::optional<HashKey> hashKey;
};

struct BuildSummary {
  std::int64_t version = 0;
  std::int64_t builtAt = 0;
  bool randomHashKey = false;
  std::vector<std::pair<std::string, std::size_t>> rowCounts;  // file name -> records
  std::uintmax_t fileBytes = 0;
};

// Validates every file of options.fromDir and writes the list to options.outPath: built in
// a temporary file beside it and renamed into place only when complete, so an existing list
// is replaced atomically and a failed build leaves nothing behind. On validation failure the
// error (InvalidData) lists every issue, one per line.
Result<BuildSummary> buildList(const BuildOptions& options);

}  // namespace bordergate::rules
