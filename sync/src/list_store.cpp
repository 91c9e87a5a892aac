// ListStore: resolves the `current` symlink and reads the active list's metadata.
#include "bordergate/sync/list_store.h"

#include <unistd.h>

#include <climits>
#include <filesystem>

#include "files.h"
#include "sqlite_db.h"

namespace bordergate::sync {
using namespace detail;

ListStore::ListStore(std::string stateDir) : dir_(std::filesystem::absolute(stateDir).lexically_normal().string()) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

Result<std::string> ListStore::activePath() const {
  char buf[PATH_MAX];
  const std::string link = dir_ + "/current";
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  if (n < 0) return fail(ErrorCode::NotFound, "no list installed in " + dir_ + " (run `bordergate sync`)");
  std::string target(buf, static_cast<std::size_t>(n));
  return target.front() == '/' ? target : dir_ + "/" + target;
}

Result<std::int64_t> ListStore::version() const {
  auto p = activePath();
  if (!p) return tl::unexpected(p.error());
  auto db = SqliteDb::open(*p, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  return readListVersion(*db);
}

Result<TimePoint> ListStore::builtAt() const {
  auto p = activePath();
  if (!p) return tl::unexpected(p.error());
  auto db = SqliteDb::open(*p, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  auto b = db->queryText("SELECT value FROM list_meta WHERE key = 'built_at'");
  if (!b) return tl::unexpected(b.error());
  if (!*b) return fail(ErrorCode::InvalidData, "the active list has no list_meta.built_at");
  auto t = parseIsoUtc(**b);
  if (!t) return fail(ErrorCode::InvalidData, "list_meta.built_at '" + **b + "' is not ISO 8601 UTC");
  return *t;
}

std::optional<TimePoint> ListStore::confirmedAt() const {
  auto text = readFile(dir_ + "/confirmed_at", 256);
  if (!text) return std::nullopt;
  std::string s = *text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return parseIsoUtc(s);
}

Result<Seconds> ListStore::age(TimePoint now) const {
  auto built = builtAt();
  if (!built) return tl::unexpected(built.error());
  TimePoint ref = *built;
  if (auto c = confirmedAt(); c && *c > ref) ref = *c;
  const auto a = std::chrono::duration_cast<Seconds>(now - ref);
  return a.count() < 0 ? Seconds(0) : a;
}

}  // namespace bordergate::sync
