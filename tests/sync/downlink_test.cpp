// Downlink: publish -> sync, deltas, atomic switch, and every rejection of the issue
// (rollback, freeze, tampering, unknown key, replay, wrong base, truncation, corrupt DB).
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>

#include "bordergate/sync/list_store.h"
#include "bordergate/sync/staleness.h"
#include "bordergate/sync/syncer.h"
#include "crypto.h"
#include "fixtures.h"
#include "key_files.h"
#include "metadata.h"
#include "zstd_io.h"

using namespace bordergate::sync;
using namespace bordergate::sync::test;
namespace fs = std::filesystem;

namespace {
SyncResult<SyncReport> syncAt(const std::string& repo, const std::string& state, const std::string& now,
                              std::optional<std::string> root = std::nullopt) {
  SyncOptions o;
  o.repoUrl = "file://" + repo;
  o.stateDir = state;
  o.initialRootPath = root;
  const auto t = *parseIsoUtc(now);
  o.now = [t] { return t; };
  return Syncer(o).syncOnce();
}

// Replaces the repository's targets with a single snapshot made from `dbFile` and re-signs
// targets and timestamp with the real key: a validly signed repository with bad content.
void resignWithSnapshot(const std::string& repo, const std::string& keyPath, const std::string& dbFile, std::int64_t version,
                        const std::string& now) {
  using namespace bordergate::sync::detail;
  auto key = loadSecretKey(keyPath);
  REQUIRE(key);
  auto raw = digestFile(dbFile);
  REQUIRE(raw);
  const std::string name = "snapshot-" + std::to_string(version) + "-forged.db.zst";
  auto z = compressFile(dbFile, repo + "/" + name);
  REQUIRE(z);
  TargetsMeta t;
  t.version = 50;
  t.expires = *parseIsoUtc(now) + Seconds(86400);
  t.listVersion = version;
  t.builtAt = now;
  t.files.push_back({name, "snapshot", 0, version, z->length, z->sha256, raw->length, raw->sha256});
  auto tenv = signEnvelope(targetsJson(t), {*key});
  REQUIRE(tenv);
  writeText(repo + "/50.targets.json", *tenv);
  TimestampMeta ts{50, *parseIsoUtc(now) + Seconds(86400), 50, tenv->size(), sha256Hex(*tenv)};
  auto senv = signEnvelope(timestampJson(ts), {*key});
  REQUIRE(senv);
  writeText(repo + "/timestamp.json", *senv);
}

// A repository with v1 and v2 (delta 1->2) and a kiosk state at v1.
struct TwoVersions : TwoVersionRepo {
  TwoVersions() : TwoVersionRepo(syntheticRows(3000, 1, 5), syntheticRows(3000, 2, 7)) {}
  std::int64_t installed() const { return *ListStore(state).version(); }
  Rows activeRows() const { return readRows(*ListStore(state).activePath()); }
  // Changes a row of the installed list in place (K000001, "base" in both versions), as a
  // damaged disk or a hand edit would.
  void editInstalledRow() const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(ListStore(state).activePath()->c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE visa_regime SET requirement = 'tampered' WHERE nationality = 'K000001'", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
};
}  // namespace

TEST_CASE("metadata times outside what the clock can hold are refused, not wrapped") {
  // Regression (fuzz_sync_metadata): "expires" in the year 189 or 4052 overflowed the
  // nanosecond TimePoint (undefined behaviour; the time wrapped).
  for (const char* text : {"0189-11-23T13:39:49Z", "4052-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1600-01-01"})
    CHECK(!parseIsoUtc(text));
  for (const char* text : {"1700-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-02-28T12:00:00Z", "2262-01-01T00:00:00Z"}) {
    auto t = parseIsoUtc(text);
    REQUIRE(t);
    CHECK(formatIsoUtc(*t) == text);
  }
}

TEST_CASE("metadata with a field of the wrong JSON type is refused, not a crash") {
  // Regression (fuzz_sync_metadata seeds): json::value("_type", "") threw type_error on a
  // number and ended the sync process.
  TwoVersions t;
  writeText(t.repo + "/timestamp.json", "{\"signatures\":[],\"signed\":{\"_type\":1}}\n");
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::InvalidMetadata);
  CHECK(t.installed() == 1);
}

TEST_CASE("keygen writes the secret key with mode 0600 and refuses to overwrite") {
  TempDir d;
  REQUIRE(runBordergate({"keygen", "--out", d / "k"}) == 0);
  struct stat st{};
  REQUIRE(stat((d / "k.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(runBordergate({"keygen", "--out", d / "k"}) == 2);
}

TEST_CASE("a fresh kiosk installs the snapshot and reports its version") {
  TempDir d;
  const auto key = makeKey(d, "k");
  writeList(d / "v5.db", 5, "2025-01-01T00:00:00Z", syntheticRows(500, 5, 3));
  publish(d / "v5.db", {}, key, d / "repo", "2025-01-01T00:00:00Z");
  auto r = syncAt(d / "repo", d / "state", "2025-01-01T02:00:00Z", d / "repo/root.json");
  REQUIRE(r);
  CHECK(r->action == SyncAction::InstalledSnapshot);
  ListStore store(d / "state");
  CHECK(*store.version() == 5);
  CHECK(readRows(*store.activePath()) == syntheticRows(500, 5, 3));
  CHECK(store.age(*parseIsoUtc("2025-01-01T03:00:00Z"))->count() == 3600);
}

TEST_CASE("a --root other than the pinned one is not used, and the sync says so") {
  TempDir d;
  const auto key = makeKey(d, "k");
  writeList(d / "v5.db", 5, "2025-01-01T00:00:00Z", syntheticRows(500, 5, 3));
  publish(d / "v5.db", {}, key, d / "repo", "2025-01-01T00:00:00Z");
  REQUIRE(syncAt(d / "repo", d / "state", "2025-01-01T02:00:00Z", d / "repo/root.json"));
  // The same root again: nothing to say.
  auto same = syncAt(d / "repo", d / "state", "2025-01-01T03:00:00Z", d / "repo/root.json");
  REQUIRE(same);
  CHECK(same->notes.empty());
  // Another repository's root (another key): the pinned one stays, and the note says how to
  // provision anew.
  const auto other = makeKey(d, "other");
  publish(d / "v5.db", {}, other, d / "repo2", "2025-01-01T00:00:00Z");
  auto r = syncAt(d / "repo", d / "state", "2025-01-01T04:00:00Z", d / "repo2/root.json");
  REQUIRE(r);
  REQUIRE(!r->notes.empty());
  CHECK(r->notes[0].find("not used: the kiosk already trusts the root pinned") != std::string::npos);
  CHECK(r->notes[0].find("remove") != std::string::npos);
}

TEST_CASE("without a pinned root the kiosk refuses to trust anything") {
  TempDir d;
  const auto key = makeKey(d, "k");
  writeList(d / "v1.db", 1, "2025-01-01T00:00:00Z", syntheticRows(10, 1, 2));
  publish(d / "v1.db", {}, key, d / "repo", "2025-01-01T00:00:00Z");
  auto r = syncAt(d / "repo", d / "state", "2025-01-01T02:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::NoTrustedRoot);
}

TEST_CASE("a delta is applied and the old file stays readable through an open connection") {
  TwoVersions t;
  const std::string oldPath = *ListStore(t.state).activePath();
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(r);
  CHECK(r->action == SyncAction::AppliedDelta);
  CHECK(t.installed() == 2);
  CHECK(t.activeRows() == t.rows2);
  CHECK(readRows(oldPath) == t.rows1);  // the switch never modifies the previous file
  auto again = syncAt(t.repo, t.state, "2025-01-02T02:00:00Z");
  REQUIRE(again);
  CHECK(again->action == SyncAction::UpToDate);
}

TEST_CASE("an older repository is refused as a rollback") {
  TwoVersions t;
  TempDir old;
  fs::copy(t.repo, old / "repo");  // a snapshot of the repository at v2
  REQUIRE(syncAt(t.repo, t.state, "2025-01-02T01:00:00Z"));
  writeList(t.dir / "v3.db", 3, "2025-01-03T00:00:00Z", syntheticRows(3000, 3, 4));
  publish(t.dir / "v3.db", {t.dir / "v2.db"}, t.key, t.repo, "2025-01-03T00:00:00Z");
  REQUIRE(syncAt(t.repo, t.state, "2025-01-03T01:00:00Z"));
  REQUIRE(t.installed() == 3);
  auto r = syncAt(old / "repo", t.state, "2025-01-02T02:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::Rollback);
  CHECK(t.installed() == 3);
}

TEST_CASE("expired timestamp metadata is refused (freeze attack)") {
  TwoVersions t;
  auto r = syncAt(t.repo, t.state, "2025-01-04T00:00:00Z");  // the timestamp expires after 24 h
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::Expired);
  CHECK(t.installed() == 1);
}

TEST_CASE("a replayed old timestamp is refused") {
  TwoVersions t;
  const std::string oldTimestamp = readText(t.repo + "/timestamp.json");  // v2's
  writeList(t.dir / "v3.db", 3, "2025-01-02T06:00:00Z", syntheticRows(3000, 3, 4));
  publish(t.dir / "v3.db", {t.dir / "v2.db"}, t.key, t.repo, "2025-01-02T06:00:00Z");
  REQUIRE(syncAt(t.repo, t.state, "2025-01-02T07:00:00Z"));
  REQUIRE(t.installed() == 3);
  writeText(t.repo + "/timestamp.json", oldTimestamp);
  auto r = syncAt(t.repo, t.state, "2025-01-02T08:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::Rollback);
  CHECK(t.installed() == 3);
}

TEST_CASE("a flipped byte in any repository file is detected and nothing changes") {
  for (const char* file : {"timestamp.json", "2.targets.json", "delta-1-2.changeset.zst", "snapshot-2.db.zst"}) {
    TwoVersions t;
    std::string victim = t.repo + "/" + file;
    // For the snapshot to be used at all the kiosk must not take the delta.
    const bool snapshot = std::string(file).find("snapshot") != std::string::npos;
    flipByte(victim);
    SyncOptions o;
    o.repoUrl = "file://" + t.repo;
    o.stateDir = t.state;
    o.preferSnapshot = snapshot;
    o.now = [] { return *parseIsoUtc("2025-01-02T01:00:00Z"); };
    auto r = Syncer(o).syncOnce();
    INFO(file);
    if (std::string(file) == "delta-1-2.changeset.zst") {
      // A corrupt delta is not fatal while a good signed snapshot exists.
      REQUIRE(r);
      CHECK(r->action == SyncAction::InstalledSnapshot);
      CHECK(t.activeRows() == t.rows2);
      continue;
    }
    REQUIRE(!r);
    CHECK((r.error().kind == SyncFailure::HashMismatch || r.error().kind == SyncFailure::BadSignature ||
           r.error().kind == SyncFailure::InvalidMetadata));
    CHECK(t.installed() == 1);
    CHECK(t.activeRows() == t.rows1);
  }
}

TEST_CASE("metadata re-signed with an unknown key is refused") {
  TwoVersions t;
  TempDir other;
  const auto rogue = makeKey(other, "rogue");
  // A complete repository signed by the rogue key, served at the trusted URL.
  fs::remove_all(t.repo);
  publish(t.dir / "v2.db", {t.dir / "v1.db"}, rogue, t.repo, "2025-01-02T00:00:00Z");
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::BadSignature);
  CHECK(t.installed() == 1);
}

TEST_CASE("root rotation: the new root signed by the old key is accepted, later metadata by the new key") {
  TwoVersions t;
  const auto next = makeKey(t.dir, "next");
  writeList(t.dir / "v3.db", 3, "2025-01-02T00:00:00Z", syntheticRows(3000, 3, 4));
  publish(t.dir / "v3.db", {t.dir / "v1.db"}, t.key, t.repo, "2025-01-02T00:00:00Z", "--rotate-root " + next);
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(r);
  CHECK(r->rootVersion == 2);
  CHECK(t.installed() == 3);
  // The old key alone can no longer publish.
  writeList(t.dir / "v4.db", 4, "2025-01-02T02:00:00Z", syntheticRows(3000, 4, 4));
  std::string out;
  CHECK(runBordergate({"list", "publish", "--list", t.dir / "v4.db", "--key", t.key, "--out", t.repo, "--now", "2025-01-02T02:00:00Z"}, &out) == 2);
}

TEST_CASE("the publisher refuses to sign under an expired root, warns before, and the same key renews it") {
  TwoVersions t;  // root.json made 2025-01-01, expiring after 365 days
  writeList(t.dir / "v3.db", 3, "2025-12-20T00:00:00Z", syntheticRows(3000, 3, 4));
  std::string out;
  // 12 days before the root expires: published, with a note.
  REQUIRE(runBordergate({"list", "publish", "--list", t.dir / "v3.db", "--previous", t.dir / "v2.db", "--key", t.key, "--out", t.repo,
                         "--now", "2025-12-20T00:00:00Z"},
                        &out) == 0);
  CHECK(out.find("renew it with --rotate-root") != std::string::npos);
  // After it expired: refused, saying how to renew (every kiosk would refuse the repository).
  writeList(t.dir / "v4.db", 4, "2026-01-05T00:00:00Z", syntheticRows(3000, 4, 4));
  CHECK(runBordergate({"list", "publish", "--list", t.dir / "v4.db", "--key", t.key, "--out", t.repo, "--now", "2026-01-05T00:00:00Z"},
                      &out) == 2);
  // Renewed with the same key: the kiosk follows the new root and installs version 4.
  REQUIRE(runBordergate({"list", "publish", "--list", t.dir / "v4.db", "--key", t.key, "--out", t.repo, "--now", "2026-01-05T00:00:00Z",
                         "--rotate-root", t.key},
                        &out) == 0);
  auto r = syncAt(t.repo, t.state, "2026-01-05T01:00:00Z");
  REQUIRE(r);
  CHECK(r->rootVersion == 2);
  CHECK(t.installed() == 4);
}

TEST_CASE("a delta made for another base version is rejected as WrongBase and the snapshot installed instead") {
  TwoVersions t;
  // Forge: the file named delta-1-2 holds the changeset 1'->2 of a different v1 (different
  // base rows), correctly signed, so only applying it can tell.
  TempDir other;
  writeList(other / "v1.db", 1, "2025-01-01T00:00:00Z", syntheticRows(3000, 99, 3));
  fs::remove_all(t.repo);
  publish(t.dir / "v1.db", {}, t.key, t.repo, "2025-01-01T00:00:00Z");
  publish(t.dir / "v2.db", {other / "v1.db"}, t.key, t.repo, "2025-01-02T00:00:00Z");
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(r);
  CHECK(r->action == SyncAction::InstalledSnapshot);
  REQUIRE(!r->notes.empty());
  CHECK(r->notes[0].find("WrongBase") != std::string::npos);
  CHECK(t.activeRows() == t.rows2);
}

TEST_CASE("a base list changed since it was installed gets the snapshot, not a delta that would keep the damage") {
  TwoVersions t;
  // A row the delta 1->2 does not touch (K000001 is "base" in both versions), changed in the
  // installed file as a damaged disk or a hand edit would: the changeset would still apply.
  t.editInstalledRow();
  REQUIRE(t.rows2.at("K000001") == "base");
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(r);
  CHECK(r->action == SyncAction::InstalledSnapshot);
  REQUIRE(!r->notes.empty());
  CHECK(r->notes[0].find("has changed since it was installed") != std::string::npos);
  CHECK(t.activeRows() == t.rows2);
}

TEST_CASE("an up-to-date list changed since it was installed is replaced by the signed snapshot of its version") {
  TwoVersions t;
  auto first = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(first);
  REQUIRE(t.installed() == 2);
  auto again = syncAt(t.repo, t.state, "2025-01-02T02:00:00Z");
  REQUIRE(again);
  CHECK(again->action == SyncAction::UpToDate);
  // A hand edit of a row of the installed list: the next sync must notice and repair it.
  t.editInstalledRow();
  REQUIRE(t.activeRows() != t.rows2);
  auto r = syncAt(t.repo, t.state, "2025-01-02T03:00:00Z");
  REQUIRE(r);
  CHECK(r->action == SyncAction::InstalledSnapshot);
  REQUIRE(!r->notes.empty());
  CHECK(r->notes[0].find("has changed since it was installed") != std::string::npos);
  CHECK(t.activeRows() == t.rows2);
  CHECK(t.installed() == 2);
}

TEST_CASE("an unreadable active list is replaced by the signed snapshot") {
  TwoVersions t;
  const std::string active = *ListStore(t.state).activePath();
  writeText(active, std::string(4096, 'x'));  // the header and first page overwritten
  // `sync status` says the list is unreadable, not missing, and what to do.
  const auto status = evaluateStaleness(*makeStalenessPolicy(Seconds(3600), Seconds(7200)), ListStore(t.state),
                                        *parseIsoUtc("2025-01-01T02:00:00Z"));
  CHECK(status.freshness == Freshness::Stale);
  CHECK(status.message.find("cannot be read") != std::string::npos);
  CHECK(status.message.find("bordergate sync") != std::string::npos);
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(r);
  CHECK(r->action == SyncAction::InstalledSnapshot);
  REQUIRE(!r->notes.empty());
  CHECK(r->notes[0].find("unreadable") != std::string::npos);
  CHECK(t.installed() == 2);
  CHECK(t.activeRows() == t.rows2);
  // The same version offered again (list-2 damaged, the repository still at 2): replaced too.
  writeText(*ListStore(t.state).activePath(), std::string(4096, 'x'));
  auto again = syncAt(t.repo, t.state, "2025-01-02T02:00:00Z");
  REQUIRE(again);
  CHECK(again->action == SyncAction::InstalledSnapshot);
  CHECK(t.activeRows() == t.rows2);
  // An older repository is still a rollback, whatever the active list looks like.
  writeText(*ListStore(t.state).activePath(), std::string(4096, 'x'));
  fs::remove_all(t.repo);
  fs::copy(t.dir / "repo-v1", t.repo, fs::copy_options::recursive);
  auto old = syncAt(t.repo, t.state, "2025-01-02T03:00:00Z");
  REQUIRE(!old);
  CHECK(old.error().kind == SyncFailure::Rollback);
}

TEST_CASE("a truncated target is refused") {
  TwoVersions t;
  const std::string f = t.repo + "/delta-1-2.changeset.zst";
  std::string s = readText(f);
  writeText(f, s.substr(0, s.size() / 2));
  const std::string snap = t.repo + "/snapshot-2.db.zst";
  writeText(snap, readText(snap).substr(0, 100));
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::HashMismatch);
  CHECK(r.error().message.find("truncated") != std::string::npos);
  CHECK(t.installed() == 1);
}

TEST_CASE("the publisher refuses a corrupt list file") {
  TempDir d;
  const auto key = makeKey(d, "k");
  writeList(d / "v2.db", 2, "2025-01-02T00:00:00Z", syntheticRows(20000, 2, 3));
  std::string corrupt = readText(d / "v2.db");
  for (std::size_t i = 8192; i + 200 < corrupt.size(); i += 4096) corrupt[i + 100] = static_cast<char>(corrupt[i + 100] ^ 0x5a);
  writeText(d / "bad.db", corrupt);
  CHECK(runBordergate({"list", "publish", "--list", d / "bad.db", "--key", key, "--out", d / "repo"}) == 1);
  CHECK(!fs::exists(d / "repo/timestamp.json"));
}

TEST_CASE("a correctly signed snapshot of a corrupt database fails quick_check and is not installed") {
  TwoVersions t;
  // Simulate a centre whose disk corrupted the list after the publisher checked it: sign a
  // snapshot of a corrupted file with the real key (internal API, as publish would).
  std::string corrupt = readText(t.dir / "v2.db");
  for (std::size_t i = 8192; i + 200 < corrupt.size(); i += 4096) corrupt[i + 100] = static_cast<char>(corrupt[i + 100] ^ 0x5a);
  writeText(t.dir / "bad.db", corrupt);
  resignWithSnapshot(t.repo, t.key, t.dir / "bad.db", 2, "2025-01-02T00:30:00Z");
  SyncOptions o;
  o.repoUrl = "file://" + t.repo;
  o.stateDir = t.state;
  o.preferSnapshot = true;
  o.now = [] { return *parseIsoUtc("2025-01-02T01:00:00Z"); };
  auto r = Syncer(o).syncOnce();
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::CorruptList);
  CHECK(t.installed() == 1);
  CHECK(t.activeRows() == t.rows1);
}

TEST_CASE("sync status applies the staleness policy to the installed list") {
  TwoVersions t;
  std::string out;
  CHECK(runBordergate({"sync", "status", "--state", t.state, "--now", "2025-01-01T05:00:00Z"}, &out) == 0);
  CHECK(out.find("\"freshness\":\"fresh\"") != std::string::npos);
  CHECK(runBordergate({"sync", "status", "--state", t.state, "--now", "2025-01-02T06:00:00Z"}, &out) == 0);
  CHECK(out.find("\"freshness\":\"warning\"") != std::string::npos);
  CHECK(runBordergate({"sync", "status", "--state", t.state, "--now", "2025-01-05T00:00:00Z"}, &out) == 1);
  CHECK(out.find("LIST_STALE") != std::string::npos);
}

TEST_CASE("staleness policy: thresholds, missing list and validation") {
  StalenessPolicy p;
  CHECK(p.warnAfter == Seconds(24 * 3600));
  CHECK(p.hardAfter == Seconds(72 * 3600));
  CHECK(evaluateStaleness(p, Seconds(23 * 3600)).freshness == Freshness::Fresh);
  CHECK(evaluateStaleness(p, Seconds(24 * 3600)).freshness == Freshness::Warning);
  CHECK(!evaluateStaleness(p, Seconds(71 * 3600)).referEveryTraveller());
  CHECK(evaluateStaleness(p, Seconds(72 * 3600)).referEveryTraveller());
  CHECK(evaluateStaleness(p, std::nullopt).referEveryTraveller());
  CHECK(!makeStalenessPolicy(Seconds(10), Seconds(5)));
  CHECK(makeStalenessPolicy(Seconds(5), Seconds(10)));
  TempDir empty;
  CHECK(evaluateStaleness(p, ListStore(empty.path())).freshness == Freshness::Stale);
}

TEST_CASE("retry with backoff retries transient failures only") {
  TempDir d;
  const auto key = makeKey(d, "k");
  writeList(d / "v1.db", 1, "2025-01-01T00:00:00Z", syntheticRows(10, 1, 2));
  publish(d / "v1.db", {}, key, d / "repo", "2025-01-01T00:00:00Z");
  SyncOptions o;
  o.repoUrl = "http://127.0.0.1:" + std::to_string(freeTcpPort());  // nobody listens
  o.stateDir = d / "state";
  o.initialRootPath = d / "repo/root.json";
  o.connectTimeoutSeconds = 2;
  std::vector<std::chrono::milliseconds> sleeps;
  RetryPolicy rp;
  rp.maxAttempts = 4;
  auto r = Syncer(o).syncWithRetry(rp, [&](std::chrono::milliseconds ms) { sleeps.push_back(ms); });
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::Network);
  REQUIRE(sleeps.size() == 3);
  CHECK(sleeps[0] >= std::chrono::milliseconds(1000));
  CHECK(sleeps[1] >= std::chrono::milliseconds(2000));
  CHECK(sleeps[2] >= std::chrono::milliseconds(4000));
  // A non-transient failure is not retried.
  sleeps.clear();
  o.repoUrl = "file://" + (d / "repo");
  o.now = [] { return *parseIsoUtc("2030-01-01T00:00:00Z"); };
  auto e = Syncer(o).syncWithRetry(rp, [&](std::chrono::milliseconds ms) { sleeps.push_back(ms); });
  REQUIRE(!e);
  CHECK(e.error().kind == SyncFailure::Expired);
  CHECK(sleeps.empty());
}

TEST_CASE("metadata that is not in canonical form is refused even with a valid signature") {
  TwoVersions t;
  // Same content and signature, pretty-printed: a different byte string than was signed.
  const auto env = nlohmann::json::parse(readText(t.repo + "/timestamp.json"));
  writeText(t.repo + "/timestamp.json", env.dump(2));
  auto r = syncAt(t.repo, t.state, "2025-01-02T01:00:00Z");
  REQUIRE(!r);
  CHECK(r.error().kind == SyncFailure::InvalidMetadata);
  CHECK(t.installed() == 1);
}

TEST_CASE("signed target names cannot leave the download directory") {
  using namespace bordergate::sync::detail;
  TargetsMeta tm;
  tm.version = 1;
  tm.expires = *parseIsoUtc("2030-01-01T00:00:00Z");
  tm.listVersion = 2;
  tm.builtAt = "2025-01-01T00:00:00Z";
  const std::string h(64, 'a');
  for (const char* name : {"../../etc/passwd", "sub/dir.zst", "..", "a b.zst"}) {
    tm.files = {{name, "snapshot", 0, 2, 10, h, 10, h}};
    INFO(name);
    CHECK(!parseTargets(targetsJson(tm)));
  }
  tm.files = {{"snapshot-2.db.zst", "snapshot", 0, 2, 10, h, 10, h}};
  CHECK(parseTargets(targetsJson(tm)));
}
