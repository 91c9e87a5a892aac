// Thin RAII adapter around the SQLite C API for the sync module (never exposed publicly).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "bordergate/core/result.h"

namespace bordergate::sync::detail {

class Statement;

// One connection. Move-only; closes on destruction.
class SqliteDb {
 public:
  SqliteDb() = default;
  ~SqliteDb();
  SqliteDb(SqliteDb&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  SqliteDb& operator=(SqliteDb&& o) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // flags: SQLITE_OPEN_READONLY / READWRITE|CREATE. A busy timeout of 5 s is set (readers
  // and the writer of one file only contend for milliseconds; see docs/sync.md).
  static Result<SqliteDb> open(const std::string& path, int flags);

  sqlite3* handle() const { return db_; }
  Result<void> exec(const std::string& sql);
  Result<Statement> prepare(const std::string& sql);
  // Runs a one-row, one-column query; nullopt when no row.
  Result<std::optional<std::string>> queryText(const std::string& sql);
  std::string lastError() const;

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* s) : stmt_(s) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(Statement&& o) noexcept : stmt_(std::exchange(o.stmt_, nullptr)) {}
  Statement& operator=(Statement&& o) noexcept {
    std::swap(stmt_, o.stmt_);
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text);
  Statement& bind(int index, std::int64_t value);
  Statement& bindNull(int index);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  void reset();
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  bool isNull(int column) const;
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Reads list_meta.version of an open list ("" table missing -> error).
Result<std::int64_t> readListVersion(SqliteDb& db);
// Runs PRAGMA quick_check; error with SQLite's message unless it says "ok".
Result<void> quickCheck(SqliteDb& db, const std::string& what);

}  // namespace bordergate::sync::detail
