// Shared fixtures of the sync tests: temp dirs, list files, running build/bin/bordergate,
// a throwaway PostgreSQL.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/sync/state_store.h"

namespace bordergate::sync::test {

// A fresh directory under $TMPDIR, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

using Rows = std::map<std::string, std::string>;  // primary key -> value

// A list file in the agreed format: list_meta(version, built_at, schema) + visa_regime(
// nationality PRIMARY KEY, requirement).
void writeList(const std::string& path, std::int64_t version, const std::string& builtAt, const Rows& rows);
// Synthetic rows: n keys "K000000".., values derived from `seed` for keys where
// (i % changeEvery == 0), else "base".
Rows syntheticRows(int n, int seed, int changeEvery);
// The rows of a list file's visa_regime table (throws on failure: test-only).
Rows readRows(const std::string& path);
std::int64_t readVersion(const std::string& path);

// The visa-regime history CSVs (sorted), empty if ../shared is absent.
std::vector<std::string> visaHistoryFiles();
Rows readVisaCsv(const std::string& path);

std::string bordergateBinary();
// Runs build/bin/bordergate with args; returns the exit code, stdout in `out`.
int runBordergate(const std::vector<std::string>& args, std::string* out = nullptr);
// Starts it without waiting (stdout/stderr to /dev/null).
pid_t spawnBordergate(const std::vector<std::string>& args);

void flipByte(const std::string& path, std::size_t offsetFromMiddle = 0);
void copyFile(const std::string& from, const std::string& to);
std::string readText(const std::string& path);
void writeText(const std::string& path, const std::string& text);

// Key pair + a repository at list version `version` (snapshot only) or with deltas from
// `previous`.
std::string makeKey(const TempDir& dir, const std::string& name);
void publish(const std::string& list, const std::vector<std::string>& previous, const std::string& key, const std::string& repo,
             const std::string& now, const std::string& extra = {});

// A kiosk at list v1 and a repository that now offers v2: writes dir/v1.db (rows1) and
// dir/v2.db (rows2), publishes v1 into dir/repo with the key dir/k.key, syncs the kiosk state
// dir/state to it (Syncer, at 2025-01-01T01:00:00Z), keeps a copy of the repository as it was
// in dir/repo-v1 (for "older repository" tests), then publishes v2 with the delta 1->2.
struct TwoVersionRepo {
  TwoVersionRepo(Rows v1Rows, Rows v2Rows);
  TempDir dir;
  std::string key, repo, state;
  Rows rows1, rows2;
};

// A throwaway PostgreSQL (tests/sync/pg_cluster.sh). available() is false if the binaries are
// missing (the test then SKIPs with 77).
class PgCluster {
 public:
  explicit PgCluster(const std::vector<std::string>& kiosks = {"kiosk_test"});
  ~PgCluster();
  bool available() const { return !conninfo_.empty(); }
  const std::string& conninfo(std::size_t i = 0) const { return conninfo_.at(i); }
  std::string adminConninfo() const;
  // Runs one SQL query as superuser and returns the first column of the first row.
  std::string scalar(const std::string& sql) const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::vector<std::string> conninfo_;
};

int freeTcpPort();

// Prints the reason and ends the test process with 77, which CTest reports as skipped
// (SKIP_RETURN_CODE); each discovered TEST_CASE runs in its own process.
[[noreturn]] void skipTest(const std::string& reason);

// A crossing record for kiosk lane L1 with a document number derived from i.
CrossingRecord crossing(int i);
// Records n events of the four kinds (crossing, decision, officer action, timer) in turn;
// returns their ids in order.
std::vector<std::string> recordMixed(StateStore& s, int n);
// The first column of the first row of `sql` on the SQLite file `dbPath`, or -1.
long long count(const std::string& dbPath, const std::string& sql);

}  // namespace bordergate::sync::test
