// Crash injection (heavy): kill -9 of `bordergate upload` and `bordergate sync` at random
// points; afterwards nothing is lost, duplicated or half-installed.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "bordergate/sync/list_store.h"
#include "bordergate/sync/state_store.h"
#include "bordergate/sync/uploader.h"
#include "fixtures.h"

using namespace bordergate::sync;
using namespace bordergate::sync::test;


TEST_CASE("kill -9 of `bordergate upload` at random points never loses or duplicates an event") {
  PgCluster pg;
  if (!pg.available()) skipTest("PostgreSQL server binaries not installed");
  TempDir d;
  const std::string stateDir = d.path();
  std::size_t total = 0;
  {
    auto s = StateStore::open(d / "state.db", {"kiosk_test", true});
    REQUIRE(s);
    total += recordMixed(*s, 2000).size();
  }
  std::mt19937 rng(20251123);
  int killed = 0;
  const int runs = 120;
  for (int run = 0; run < runs; ++run) {
    {
      // The kiosk keeps recording between uploads (and while they run).
      auto s = StateStore::open(d / "state.db");
      REQUIRE(s);
      total += recordMixed(*s, 100).size();
    }
    const pid_t pid = spawnBordergate({"upload", "--state", stateDir, "--centre", pg.conninfo(), "--batch", "10"});
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 250000)(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killed;  // not already finished
    // The state database stays consistent after every kill.
    REQUIRE(count(d / "state.db", "SELECT count(*) FROM outbox") == static_cast<long long>(total));
  }
  std::string out;
  REQUIRE(runBordergate({"upload", "--state", stateDir, "--centre", pg.conninfo()}, &out) == 0);
  INFO(out);
  CHECK(count(d / "state.db", "SELECT count(*) FROM outbox WHERE acked_at IS NULL") == 0);
  CHECK(pg.scalar("SELECT count(*) FROM events") == std::to_string(total));
  CHECK(pg.scalar("SELECT count(DISTINCT event_id) FROM events") == std::to_string(total));
  const auto atCentreBeforeFinal = out;  // the final upload's report: what the killed runs left
  WARN("upload crash injection: " << runs << " runs, " << killed << " killed mid-run, " << total
                                   << " events, all exactly once; final upload: " << atCentreBeforeFinal);
  CHECK(killed > runs / 4);
}

TEST_CASE("kill -9 of `bordergate sync` at random points leaves the old or the new list, never a mix") {
  namespace fs = std::filesystem;
  TempDir d;
  const auto key = makeKey(d, "k");
  const Rows rows1 = syntheticRows(10000, 1, 2), rows2 = syntheticRows(10000, 2, 3);
  writeList(d / "v1.db", 1, "2025-01-01T00:00:00Z", rows1);
  writeList(d / "v2.db", 2, "2025-01-02T00:00:00Z", rows2);
  const std::string repo = d / "repo";
  publish(d / "v1.db", {}, key, repo, "2025-01-01T00:00:00Z", "--expires-in 3650d --targets-expires-in 3650d --root-expires-in 3650d");
  const std::string url = "file://" + repo;
  // Two pristine kiosks: one at v1 (takes the delta), one never synced (takes the snapshot).
  REQUIRE(runBordergate({"sync", "--repo", url, "--state", d / "pristine-v1", "--root", repo + "/root.json"}) == 0);
  fs::create_directories(d / "pristine-empty/trusted");
  copyFile(repo + "/root.json", d / "pristine-empty/trusted/root.json");
  publish(d / "v2.db", {d / "v1.db"}, key, repo, "2025-01-02T00:00:00Z", "--expires-in 3650d --targets-expires-in 3650d --root-expires-in 3650d");

  auto restore = [&](const std::string& pristine, const std::string& state) {
    fs::remove_all(state);
    fs::copy(pristine, state, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  };
  // How long a full sync takes, so kills land across its whole duration.
  auto timeSync = [&](const std::string& pristine) {
    restore(pristine, d / "probe");
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(runBordergate({"sync", "--repo", url, "--state", d / "probe"}) == 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  };
  const long long durDelta = timeSync(d / "pristine-v1"), durSnap = timeSync(d / "pristine-empty");

  std::mt19937 rng(1123);
  const int runs = 200;
  int killed = 0, sawOld = 0, sawNew = 0, sawNone = 0;
  for (int run = 0; run < runs; ++run) {
    const bool fromEmpty = run % 2 == 1;
    const std::string state = d / "state";
    restore(fromEmpty ? d / "pristine-empty" : d / "pristine-v1", state);
    const long long dur = fromEmpty ? durSnap : durDelta;
    const pid_t pid = spawnBordergate({"sync", "--repo", url, "--state", state, "--retries", "0"});
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<long long>(0, dur + dur / 5)(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killed;  // not already finished

    bordergate::sync::ListStore store(state);
    auto path = store.activePath();
    if (!path) {
      REQUIRE(fromEmpty);  // a never-synced kiosk may still have no list, never a broken one
      ++sawNone;
    } else {
      const auto v = readVersion(*path);
      REQUIRE((v == 1 || v == 2));
      REQUIRE(readRows(*path) == (v == 1 ? rows1 : rows2));
      (v == 1 ? sawOld : sawNew)++;
    }
    // The next sync always completes from whatever state the kill left.
    REQUIRE(runBordergate({"sync", "--repo", url, "--state", state, "--retries", "0"}) == 0);
    REQUIRE(*store.version() == 2);
    REQUIRE(readRows(*store.activePath()) == rows2);
  }
  WARN("sync crash injection: " << runs << " runs, " << killed << " killed mid-run; afterwards old list " << sawOld << ", new list " << sawNew
                                << ", none yet (fresh kiosk) " << sawNone);
  CHECK(killed > runs / 4);
  CHECK(sawOld > 0);
  CHECK(sawNew > 0);
}
