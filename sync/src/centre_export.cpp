// Centre export of uploaded crossings as crossings.csv for the next list version (see
// bordergate/sync/centre_export.h): a server-side cursor over the view crossings_export,
// de-duplicated on the list's primary key, validated with the list builder's importer.
#include "bordergate/sync/centre_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <memory>

#include "bordergate/rules/list_builder.h"
#include "bordergate/rules/list_types.h"
#include "bordergate/sync/clock.h"
#include "files.h"
#include "pg.h"

namespace bordergate::sync {

namespace {
using pg::Conn;
using pg::exec;
using pg::Res;

// Rows fetched per round trip: bounded memory whatever the size of the centre's history
// (10,000 rows of ~40 bytes each is well under 1 MB, the same order as an upload batch).
constexpr int kFetchRows = 10000;

// The header of crossings.csv exactly as rules::listTableSpecs() documents it.
std::string crossingsHeader() {
  for (const auto& spec : rules::listTableSpecs()) {
    if (spec.table != rules::ListTable::Crossings) continue;
    std::string h;
    for (const char* c : spec.columns) h += (h.empty() ? "" : ",") + std::string(c);
    return h + "\n";
  }
  return {};
}

// A field the CSV can carry unquoted: printable ASCII without separators or quotes. The
// importer accepts only A-Z/0-9 in these fields anyway; anything else is reported by event.
bool plainField(const std::string& s) {
  for (unsigned char ch : s)
    if (ch < 0x21 || ch > 0x7e || ch == ',' || ch == '"') return false;
  return true;
}

struct PendingRow {
  std::string eventId;
  std::string line;  // one CSV record, "\n"-terminated
  bool entry = true;
  bool openStay = false;
};

class CsvOut {
 public:
  explicit CsvOut(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {}
  ~CsvOut() {
    if (fd_ >= 0) ::close(fd_);
    if (!done_) ::unlink(tmp_.c_str());
  }
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;

  Result<void> open() {
    // 0600: the file holds personal data (document numbers and travel dates).
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0 && errno == ENOENT) {
      const std::string folder = std::filesystem::path(path_).parent_path().string();
      return fail(ErrorCode::Io, "the folder " + folder + " for " + path_ + " does not exist: create it first (mkdir -p " +
                                     folder + ")");
    }
    if (fd_ < 0) return fail(ErrorCode::Io, "cannot create " + tmp_ + ": " + std::strerror(errno));
    return {};
  }
  Result<void> write(const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return fail(ErrorCode::Io, "cannot write " + tmp_ + ": " + std::strerror(errno));
      off += static_cast<std::size_t>(n);
    }
    return {};
  }
  Result<void> commit() {
    if (::fsync(fd_) != 0) return fail(ErrorCode::Io, "cannot fsync " + tmp_ + ": " + std::strerror(errno));
    ::close(fd_);
    fd_ = -1;
    if (auto r = detail::renameDurable(tmp_, path_); !r) return r;
    done_ = true;
    return {};
  }

 private:
  std::string path_, tmp_;
  int fd_ = -1;
  bool done_ = false;
};

// Validates a chunk of rows with the list builder's importer (the exact code `list build`
// runs); rows it rejects move to `rejected`. Each row is one physical line (plainField), so
// an issue's line number names the row: line 1 is the header.
Result<std::string> validateChunk(std::vector<PendingRow>& rows, const std::string& header, std::vector<std::string>& rejected) {
  auto textOf = [&](const std::vector<PendingRow>& rs) {
    std::string t = header;
    for (const auto& r : rs) t += r.line;
    return t;
  };
  std::string text = textOf(rows);
  rules::ListContents contents;
  auto issues = rules::importTable(rules::ListTable::Crossings, text, "crossings.csv", contents, rows.size() + 1);
  if (issues.empty()) return text;
  std::vector<bool> bad(rows.size(), false);
  for (const auto& i : issues) {
    if (i.line < 2 || static_cast<std::size_t>(i.line - 2) >= rows.size())
      return fail(ErrorCode::Internal, "export does not import: " + i.describe());
    const std::size_t k = static_cast<std::size_t>(i.line - 2);
    if (!bad[k]) rejected.push_back("event " + rows[k].eventId + ": " + i.columnName + ": " + i.message);
    bad[k] = true;
  }
  std::vector<PendingRow> kept;
  for (std::size_t k = 0; k < rows.size(); ++k)
    if (!bad[k]) kept.push_back(std::move(rows[k]));
  rows = std::move(kept);
  text = textOf(rows);
  contents = {};
  issues = rules::importTable(rules::ListTable::Crossings, text, "crossings.csv", contents, 1);
  if (!issues.empty()) return fail(ErrorCode::Internal, "export does not import: " + issues.front().describe());
  return text;
}
}  // namespace

Result<CrossingsExportReport> exportCrossings(const CrossingsExportOptions& o) {
  if (o.outPath.empty()) return fail(ErrorCode::InvalidArgument, "no output file for crossings.csv");
  CrossingsExportReport rep;
  const auto today = Date::fromDays(std::chrono::duration_cast<Seconds>(Clock::now().time_since_epoch()).count() / 86400);
  rep.since = o.since ? *o.since : today.addDays(-kCrossingsWindowDays);

  Conn conn(PQconnectdb(o.conninfo.c_str()), PQfinish);
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    return fail(ErrorCode::Io, "cannot connect to the centre: " + (conn ? pg::errorOf(conn.get()) : std::string("out of memory")));
  // A Unix-domain socket never leaves the host; anything else must be TLS.
  const char* host = PQhost(conn.get());
  const bool localSocket = host && host[0] == '/';
  if (o.requireTls && !localSocket && !PQsslInUse(conn.get()))
    return fail(ErrorCode::InvalidArgument, "the centre connection is neither TLS nor a local socket; use sslmode=verify-full (the export carries personal data)");

  const std::string since = std::to_string(rep.since.toDays() * 86400);
  // Every entry and exit from `since` on, plus each traveller's last crossing before it when
  // that is an entry: the stay still open at `since`, whose days inside the window count and
  // whose entry an exit check needs. Sorted on the list's primary key so duplicates are
  // adjacent and the file is stable between runs (small list deltas).
  const std::string query =
      "DECLARE bg_crossings NO SCROLL CURSOR FOR "
      "WITH x AS (SELECT event_id::text AS event_id, document_number, nationality, direction, "
      "                  extract(epoch FROM date_trunc('second', occurred_at))::bigint AS at "
      "             FROM crossings_export WHERE direction IN ('entry', 'exit')), "
      "     last_before AS (SELECT DISTINCT ON (document_number, nationality) * FROM x WHERE at < " + since +
      "                      ORDER BY document_number, nationality, at DESC, direction DESC) "
      "SELECT * FROM ("
      "  SELECT event_id, document_number, nationality, direction, at, false AS open_stay FROM x WHERE at >= " + since +
      "  UNION ALL "
      "  SELECT event_id, document_number, nationality, direction, at, true FROM last_before WHERE direction = 'entry') u "
      "ORDER BY document_number COLLATE \"C\", nationality COLLATE \"C\", at, direction, event_id";
  if (auto r = exec(conn.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", PGRES_COMMAND_OK); !r) return tl::unexpected(r.error());
  if (auto r = exec(conn.get(), query, PGRES_COMMAND_OK); !r) return tl::unexpected(r.error());

  CsvOut out(o.outPath);
  if (auto r = out.open(); !r) return tl::unexpected(r.error());
  const std::string header = crossingsHeader();
  if (auto r = out.write(header); !r) return tl::unexpected(r.error());

  std::string lastKey;
  for (;;) {
    auto batch = exec(conn.get(), "FETCH " + std::to_string(kFetchRows) + " FROM bg_crossings", PGRES_TUPLES_OK);
    if (!batch) return tl::unexpected(batch.error());
    PGresult* res = batch->get();
    const int n = PQntuples(res);
    if (n == 0) break;
    std::vector<PendingRow> rows;
    rows.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      PendingRow row;
      row.eventId = PQgetvalue(res, i, 0);
      if (PQgetisnull(res, i, 1) || PQgetisnull(res, i, 2)) {
        rep.rejected.push_back("event " + row.eventId + ": the crossing has no document_number or nationality");
        continue;
      }
      const std::string doc = PQgetvalue(res, i, 1), nat = PQgetvalue(res, i, 2), dir = PQgetvalue(res, i, 3);
      if (!plainField(doc) || !plainField(nat)) {
        rep.rejected.push_back("event " + row.eventId + ": document_number or nationality holds characters an MRZ does not have");
        continue;
      }
      std::int64_t at = 0;
      const char* atField = PQgetvalue(res, i, 4);
      if (std::from_chars(atField, atField + std::strlen(atField), at).ec != std::errc())
        return fail(ErrorCode::Internal, "centre: crossing time of event " + row.eventId + " is not a number: " + atField);
      const std::string atText = rules::formatTimestamp(at);
      // The list's primary key (document_number, nationality, at): the same crossing
      // delivered twice is one row, so it can never count twice.
      std::string key = doc + '\x1f' + nat + '\x1f' + atText;
      if (key == lastKey) {
        ++rep.duplicates;
        continue;
      }
      lastKey = std::move(key);
      row.entry = dir == "entry";
      row.openStay = PQgetvalue(res, i, 5)[0] == 't';
      // document_number,nationality,birth_date,direction,at,port: birth date and port stay
      // empty, the 90/180 rule neither matches nor counts on them.
      row.line = doc + "," + nat + ",," + dir + "," + atText + ",\n";
      rows.push_back(std::move(row));
    }
    auto text = validateChunk(rows, header, rep.rejected);
    if (!text) return tl::unexpected(text.error());
    if (auto r = out.write(text->substr(header.size())); !r) return tl::unexpected(r.error());
    for (const auto& r : rows) {
      ++rep.rows;
      ++(r.entry ? rep.entries : rep.exits);
      if (r.openStay) ++rep.openStays;
    }
  }
  if (auto r = exec(conn.get(), "COMMIT", PGRES_COMMAND_OK); !r) return tl::unexpected(r.error());
  if (auto r = out.commit(); !r) return tl::unexpected(r.error());
  return rep;
}

}  // namespace bordergate::sync
