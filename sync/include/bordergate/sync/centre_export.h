// The centre's half of the 90/180 loop: exports the crossings kiosks uploaded as the
// crossings.csv that `bordergate list build` imports into the next list version, so every
// kiosk counts the days a traveller spent in the country whichever gate they used
// (Law 6458 Art. 11(1); docs/sync.md, "Closing the 90/180 loop").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/date.h"
#include "bordergate/core/result.h"

namespace bordergate::sync {

// How far back the rules engine can look (rules/README.md, "90/180" and "Exit"):
//   180 days  the rolling reference period of Art. 11(1) (visa_regime period_days)
// +  90 days  the longest visa-free stay (Art. 11(1) max_days); an exit check recomputes the
//             stay's allowance at its entry, whose own 180-day window starts 90 days earlier
// +  10 days  the overstay the engine still grades (1-10 days refer; more refers under
//             Art. 54(1)(e) whatever the exact count)
// = 280 days. Anything older cannot change a decision, so it is not shipped to kiosks
// (data minimisation).
inline constexpr int kCrossingsWindowDays = 180 + 90 + 10;

struct CrossingsExportOptions {
  // libpq connection string of the centre database. The role needs only SELECT on the view
  // crossings_export (sync/centre/schema.sql grants it to bordergate_export).
  std::string conninfo;
  // Where to write crossings.csv: written beside it and renamed into place when complete and
  // valid, so a failed export never leaves a partial file for the list builder.
  std::string outPath;
  // First day exported (UTC). Default: today - kCrossingsWindowDays.
  std::optional<Date> since;
  // Refuse a connection without TLS (the export carries personal data).
  bool requireTls = true;
};

struct CrossingsExportReport {
  Date since;
  std::size_t rows = 0;            // data rows written (entries + exits)
  std::size_t entries = 0;
  std::size_t exits = 0;
  std::size_t openStays = 0;       // entries before `since` whose stay is still open at `since`
  std::size_t duplicates = 0;      // centre events that repeat a row already written
  // Centre events that cannot be imported (e.g. a document number with characters the MRZ
  // does not have): "event <uuid>: <what is wrong>". They are not written; the centre keeps them.
  std::vector<std::string> rejected;
};

// Reads the centre's crossings in the window, writes them in the crossings.csv format of
// rules/list_builder.h with only the fields the 90/180 rule matches on and counts
// (document_number, nationality, direction, at; birth_date and port are left empty), one
// row per (document number, nationality, second): the list's primary key, so the same
// crossing uploaded twice, or recorded by two kiosks in the same second, is one row.
// Every row written is re-validated with the list builder's own importer before the file is
// renamed into place. Errors: Io (cannot connect or write), InvalidArgument (no TLS while
// required), Internal (the centre query failed, or the export would not import).
Result<CrossingsExportReport> exportCrossings(const CrossingsExportOptions& options);

}  // namespace bordergate::sync
