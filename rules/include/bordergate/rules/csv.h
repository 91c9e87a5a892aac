// RFC 4180 CSV reader for the central authority's list exports: quoted fields, "" escapes,
// embedded commas and line breaks, CRLF or LF, an optional UTF-8 byte-order mark. Every
// record keeps the physical line it started on so that errors can name file:line:column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/result.h"

namespace bordergate::rules {

// A problem in an input file, as a person fixing the file needs it.
// `line` and `column` are 1-based; column 0 means the whole record, line 0 the whole file.
struct ImportIssue {
  std::string file;        // file name as given (e.g. "entry_bans.csv")
  int line = 0;            // physical line where the record starts
  int column = 0;          // 1-based field index
  std::string columnName;  // header name of that field, when known
  std::string message;     // what is wrong and what is expected

  // "entry_bans.csv:7:9 (valid_from): '2026-02-30' is not a real date; expected YYYY-MM-DD"
  std::string describe() const;
};

struct CsvRecord {
  int line = 0;                     // physical line of the record's first character
  std::vector<std::string> fields;
};

struct CsvDocument {
  std::vector<CsvRecord> records;  // the header is records[0] when present
};

// Parses CSV text per RFC 4180. Never throws. On a syntax error (unterminated quote, a
// character after a closing quote, invalid UTF-8, a NUL byte) returns the issue instead.
// Blank lines (empty records) are skipped. Input larger than 2 GiB is rejected.
tl::expected<CsvDocument, ImportIssue> parseCsv(std::string_view text, std::string_view fileName);

}  // namespace bordergate::rules
