// The 52 real visa-regime snapshots (../shared/data/visa-regime-history, 2019-2025) published
// and synced in order as successive list versions.
#include <catch2/catch.hpp>

#include <filesystem>

#include "bordergate/sync/list_store.h"
#include "bordergate/sync/syncer.h"
#include "fixtures.h"

using namespace bordergate::sync;
using namespace bordergate::sync::test;

TEST_CASE("the real visa-regime history syncs version by version, by delta, and by snapshot from scratch") {
  const auto files = visaHistoryFiles();
  if (files.empty()) skipTest("../shared/data/visa-regime-history not present");
  REQUIRE(files.size() >= 50);
  TempDir d;
  const auto key = makeKey(d, "k");
  const std::string repo = d / "repo";
  int deltas = 0;
  std::vector<std::string> lists;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string date = std::filesystem::path(files[i]).stem().string();  // YYYY-MM-DD
    const std::string builtAt = date + "T00:00:00Z";
    const std::string list = d / ("v" + std::to_string(i + 1) + ".db");
    const Rows rows = readVisaCsv(files[i]);
    REQUIRE(rows.size() > 150);
    writeList(list, static_cast<std::int64_t>(i + 1), builtAt, rows);
    // Deltas from the three previous versions, as a publisher keeping a short history would.
    std::vector<std::string> previous(lists.size() > 3 ? lists.end() - 3 : lists.begin(), lists.end());
    // The root is re-signed yearly in production; here one long-lived root spans 2019-2025.
    publish(list, previous, key, repo, builtAt, "--root-expires-in 3650d");
    lists.push_back(list);

    SyncOptions o;
    o.repoUrl = "file://" + repo;
    o.stateDir = d / "kiosk";
    o.initialRootPath = repo + "/root.json";
    const auto now = *parseIsoUtc(builtAt) + Seconds(3600);
    o.now = [now] { return now; };
    auto r = Syncer(o).syncOnce();
    INFO(files[i] << ": " << (r ? "" : r.error().describe()));
    REQUIRE(r);
    if (r->action == SyncAction::AppliedDelta) ++deltas;
    ListStore store(d / "kiosk");
    REQUIRE(*store.version() == static_cast<std::int64_t>(i + 1));
    REQUIRE(readRows(*store.activePath()) == rows);
  }
  CHECK(deltas == static_cast<int>(files.size()) - 1);
  // A kiosk that was offline the whole time jumps straight to the newest version.
  SyncOptions o;
  o.repoUrl = "file://" + repo;
  o.stateDir = d / "late-kiosk";
  o.initialRootPath = repo + "/root.json";
  const std::string lastDate = std::filesystem::path(files.back()).stem().string();
  const auto now = *parseIsoUtc(lastDate) + Seconds(3600);
  o.now = [now] { return now; };
  auto r = Syncer(o).syncOnce();
  REQUIRE(r);
  CHECK(r->action == SyncAction::InstalledSnapshot);
  CHECK(readRows(*ListStore(d / "late-kiosk").activePath()) == readVisaCsv(files.back()));
}
