// RAII adapter around the SQLite C API (see sqlite_db.h).
#include "sqlite_db.h"

#include <charconv>

namespace bordergate::sync::detail {

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

SqliteDb& SqliteDb::operator=(SqliteDb&& o) noexcept {
  std::swap(db_, o.db_);
  return *this;
}

Result<SqliteDb> SqliteDb::open(const std::string& path, int flags) {
  SqliteDb db;
  const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db.db_ ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc);
    return fail(rc == SQLITE_CANTOPEN ? ErrorCode::NotFound : ErrorCode::Io,
                "cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db.db_, 1);
  sqlite3_busy_timeout(db.db_, 5000);
  return db;
}

std::string SqliteDb::lastError() const { return db_ ? sqlite3_errmsg(db_) : "no database"; }

Result<void> SqliteDb::exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    const int primary = rc & 0xff;
    const ErrorCode code = primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? ErrorCode::Integrity
                           : primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? ErrorCode::Busy
                           : primary == SQLITE_IOERR || primary == SQLITE_FULL  ? ErrorCode::Io
                                                                                : ErrorCode::Internal;
    return fail(code, "SQLite: " + msg + " (in: " + sql.substr(0, 80) + ")");
  }
  return {};
}

Result<Statement> SqliteDb::prepare(const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    const int primary = sqlite3_errcode(db_) & 0xff;
    return fail(primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? ErrorCode::Integrity : ErrorCode::InvalidData,
                "SQLite: " + lastError() + " (in: " + sql.substr(0, 80) + ")");
  }
  return Statement(s);
}

Result<std::optional<std::string>> SqliteDb::queryText(const std::string& sql) {
  auto st = prepare(sql);
  if (!st) return tl::unexpected(st.error());
  const int rc = st->step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(st->text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return fail(ErrorCode::Io, "SQLite: " + lastError());
}

Statement& Statement::bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
int Statement::step() { return sqlite3_step(stmt_) & 0xff; }
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}
std::string Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::int64_t> readListVersion(SqliteDb& db) {
  auto v = db.queryText("SELECT value FROM list_meta WHERE key = 'version'");
  if (!v) return fail(v.error().code == ErrorCode::Integrity ? ErrorCode::Integrity : ErrorCode::InvalidData,
                      "not a bordergate list (no readable list_meta table): " + v.error().message);
  if (!*v) return fail(ErrorCode::InvalidData, "list_meta has no 'version' row");
  const std::string& s = **v;
  std::int64_t out = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || out < 0)
    return fail(ErrorCode::InvalidData, "list_meta.version '" + s + "' is not a non-negative decimal integer");
  return out;
}

Result<void> quickCheck(SqliteDb& db, const std::string& what) {
  auto st = db.prepare("PRAGMA quick_check");
  if (!st) return fail(ErrorCode::Integrity, what + " is not a valid SQLite database: " + st.error().message);
  std::string problems;
  int rc;
  while ((rc = st->step()) == SQLITE_ROW) {
    const std::string line = st->text(0);
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (rc != SQLITE_DONE) return fail(ErrorCode::Integrity, what + " failed PRAGMA quick_check: " + db.lastError());
  if (!problems.empty()) return fail(ErrorCode::Integrity, what + " failed PRAGMA quick_check: " + problems.substr(0, 300));
  return {};
}

}  // namespace bordergate::sync::detail
