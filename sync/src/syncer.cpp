// Syncer: TUF-style verification and crash-safe installation of list updates.
#include "bordergate/sync/syncer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <sodium.h>

#include <filesystem>
#include <thread>

#include "bordergate/sync/list_store.h"
#include "fetch.h"
#include "files.h"
#include "metadata.h"
#include "sqlite_db.h"
#include "zstd_io.h"

namespace bordergate::sync {
using namespace detail;
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view syncFailureName(SyncFailure k) {
  switch (k) {
    case SyncFailure::Network: return "Network";
    case SyncFailure::Busy: return "Busy";
    case SyncFailure::NotFound: return "NotFound";
    case SyncFailure::InvalidMetadata: return "InvalidMetadata";
    case SyncFailure::BadSignature: return "BadSignature";
    case SyncFailure::Rollback: return "Rollback";
    case SyncFailure::Expired: return "Expired";
    case SyncFailure::HashMismatch: return "HashMismatch";
    case SyncFailure::WrongBase: return "WrongBase";
    case SyncFailure::CorruptList: return "CorruptList";
    case SyncFailure::NoTrustedRoot: return "NoTrustedRoot";
    case SyncFailure::LocalIo: return "LocalIo";
  }
  return "Unknown";
}

std::string_view syncActionName(SyncAction a) {
  switch (a) {
    case SyncAction::UpToDate: return "up_to_date";
    case SyncAction::AppliedDelta: return "applied_delta";
    case SyncAction::InstalledSnapshot: return "installed_snapshot";
  }
  return "unknown";
}

std::string SyncError::describe() const { return std::string(syncFailureName(kind)) + ": " + message; }

namespace {

tl::unexpected<SyncError> bad(SyncFailure k, std::string msg) { return tl::unexpected(SyncError{k, std::move(msg)}); }

tl::unexpected<SyncError> fromFetch(const FetchError& e) {
  switch (e.status) {
    case FetchStatus::Ok: break;
    case FetchStatus::NotFound: return bad(SyncFailure::NotFound, e.message + " (repository incomplete or mid-publish; retry later)");
    case FetchStatus::Network: return bad(SyncFailure::Network, e.message);
    case FetchStatus::TooLarge: return bad(SyncFailure::HashMismatch, e.message);
    case FetchStatus::Local: return bad(SyncFailure::LocalIo, e.message);
  }
  return bad(SyncFailure::Network, e.message);
}


// Holds an exclusive flock on DIR/sync.lock for the lifetime of the object; the kernel
// releases it if the process dies (kill -9 included).
class DirLock {
 public:
  explicit DirLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

struct Loaded {
  json envelope;
  std::string bytes;
};

class SyncRun {
 public:
  SyncRun(const SyncOptions& o, TimePoint now) : o_(o), now_(now), dir_(o.stateDir + "/") {
    limits_.connectTimeoutSeconds = o.connectTimeoutSeconds;
    limits_.stallTimeoutSeconds = o.stallTimeoutSeconds;
  }

  SyncResult<SyncReport> run() {
    if (auto d = makeDirs(dir_ + "trusted"); !d) return bad(SyncFailure::LocalIo, d.error().message);
    if (auto d = makeDirs(dir_ + "lists"); !d) return bad(SyncFailure::LocalIo, d.error().message);
    DirLock lock(dir_ + "sync.lock");
    if (!lock.held()) return bad(SyncFailure::Busy, "another sync is running on " + o_.stateDir);
    cleanLeftovers();

    auto root = loadTrustedRoot();
    if (!root) return tl::unexpected(root.error());
    if (auto r = updateRoot(*root); !r) return tl::unexpected(r.error());
    report_.rootVersion = root->version;
    if (root->expires <= now_)
      return bad(SyncFailure::Expired, "root metadata v" + std::to_string(root->version) + " expired at " + formatIsoUtc(root->expires) +
                                           "; the publisher must sign a new root");

    // --- timestamp ---------------------------------------------------------------------
    auto tsBytes = fetchToMemory(o_.repoUrl, "timestamp.json", kMaxMetadataBytes, limits_);
    if (!tsBytes) return fromFetch(tsBytes.error());
    auto tsEnv = parseEnvelope(*tsBytes, "timestamp", "timestamp.json");
    if (!tsEnv) return bad(SyncFailure::InvalidMetadata, tsEnv.error().message);
    if (auto v = verifyRole(*tsEnv, *root, "timestamp", "timestamp.json"); !v) return bad(SyncFailure::BadSignature, v.error().message);
    auto ts = parseTimestamp((*tsEnv)["signed"]);
    if (!ts) return bad(SyncFailure::InvalidMetadata, ts.error().message);
    if (auto trusted = trustedTimestamp(); trusted && ts->version < trusted->version)
      return bad(SyncFailure::Rollback, "timestamp.json version " + std::to_string(ts->version) + " is older than the trusted version " +
                                            std::to_string(trusted->version) + " (replayed or stale mirror)");
    if (ts->expires <= now_)
      return bad(SyncFailure::Expired, "timestamp.json expired at " + formatIsoUtc(ts->expires) +
                                           " (freeze attack or the publisher stopped publishing); keeping the installed list");

    // --- targets -----------------------------------------------------------------------
    const std::string targetsName = std::to_string(ts->targetsVersion) + ".targets.json";
    auto tBytes = fetchToMemory(o_.repoUrl, targetsName, std::min<std::uint64_t>(ts->targetsLength, kMaxMetadataBytes), limits_);
    if (!tBytes) return fromFetch(tBytes.error());
    if (tBytes->size() != ts->targetsLength || sha256Hex(*tBytes) != ts->targetsSha256)
      return bad(SyncFailure::HashMismatch, targetsName + " does not match the size/SHA-256 signed in timestamp.json");
    auto tEnv = parseEnvelope(*tBytes, "targets", targetsName);
    if (!tEnv) return bad(SyncFailure::InvalidMetadata, tEnv.error().message);
    if (auto v = verifyRole(*tEnv, *root, "targets", targetsName); !v) return bad(SyncFailure::BadSignature, v.error().message);
    auto targets = parseTargets((*tEnv)["signed"]);
    if (!targets) return bad(SyncFailure::InvalidMetadata, targets.error().message);
    if (targets->version != ts->targetsVersion)
      return bad(SyncFailure::InvalidMetadata, "targets.json version " + std::to_string(targets->version) + " differs from the timestamp's " +
                                                   std::to_string(ts->targetsVersion));
    if (auto trusted = trustedTargets(); trusted && targets->version < trusted->version)
      return bad(SyncFailure::Rollback, "targets.json version " + std::to_string(targets->version) + " is older than the trusted version " +
                                            std::to_string(trusted->version));
    if (targets->expires <= now_) return bad(SyncFailure::Expired, "targets.json expired at " + formatIsoUtc(targets->expires));

    // --- what to install ---------------------------------------------------------------
    ListStore store(o_.stateDir);
    std::int64_t installed = 0;
    std::string activePath;
    if (auto p = store.activePath()) {
      auto v = store.version();
      if (v) {
        activePath = *p;
        installed = *v;
      } else {
        // The active list is unreadable (a damaged disk, an overwritten file): no base for a
        // delta, so the signed snapshot replaces it. Rollback is still refused against the
        // list version the trusted targets.json last promised. (Until 7 Dec 2026 every sync
        // failed here, the same way each time, while a snapshot was on offer.)
        report_.notes.push_back("the active list " + *p + " is unreadable (" + v.error().message +
                                "): installing the signed snapshot in its place");
        if (auto trusted = trustedTargets()) installed = trusted->listVersion - 1;
        if (targets->listVersion <= installed)
          return bad(SyncFailure::Rollback, "the active list is unreadable and the repository offers list version " +
                                                std::to_string(targets->listVersion) + ", older than the trusted version " +
                                                std::to_string(installed + 1) + " (rollback refused)");
      }
    }
    report_.fromVersion = installed;
    report_.toVersion = targets->listVersion;
    if (targets->listVersion < installed)
      return bad(SyncFailure::Rollback, "the repository offers list version " + std::to_string(targets->listVersion) +
                                            ", older than the installed version " + std::to_string(installed) + " (rollback refused)");
    // An installed list of the version on offer is checked against the SHA-256 recorded when it
    // was installed (recordInstalled): a list changed since (a hand edit, bit rot) is replaced by
    // the signed snapshot of the same version. Before, such a list stayed "up to date" for good,
    // and the kiosk decided on it (a technician's review, 7 Dec 2026). One read of the list per
    // sync; lists installed before the record existed have none and are not checked.
    std::optional<std::string> changed;
    if (targets->listVersion == installed && !activePath.empty()) changed = baseDiffers(activePath);
    if (changed) report_.notes.push_back(*changed + ": installing the signed snapshot of the same version in its place");
    if (targets->listVersion > installed || changed) {
      auto inst = install(*targets, activePath, installed);
      if (!inst) return tl::unexpected(inst.error());
    } else {
      report_.action = SyncAction::UpToDate;
    }

    // Trust what we accepted; from now on older metadata is a rollback.
    if (auto w = writeFileAtomic(dir_ + "trusted/targets.json", *tBytes); !w) return bad(SyncFailure::LocalIo, w.error().message);
    if (auto w = writeFileAtomic(dir_ + "trusted/timestamp.json", *tsBytes); !w) return bad(SyncFailure::LocalIo, w.error().message);
    if (auto w = writeFileAtomic(dir_ + "confirmed_at", formatIsoUtc(now_) + "\n"); !w) return bad(SyncFailure::LocalIo, w.error().message);
    return report_;
  }

 private:
  void cleanLeftovers() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "lists", ec)) {
      const std::string n = e.path().filename().string();
      if (n.find(".tmp") != std::string::npos || n.find(".download") != std::string::npos) fs::remove(e.path(), ec);
    }
    fs::remove(dir_ + "current.tmp", ec);
  }

  SyncResult<RootMeta> parseTrustedRootBytes(const std::string& bytes, const std::string& what) {
    auto env = parseEnvelope(bytes, "root", what);
    if (!env) return bad(SyncFailure::InvalidMetadata, env.error().message);
    auto r = parseRoot((*env)["signed"]);
    if (!r) return bad(SyncFailure::InvalidMetadata, r.error().message);
    // A root must at least be signed by its own root keys.
    if (auto v = verifyRole(*env, *r, "root", what); !v) return bad(SyncFailure::BadSignature, v.error().message);
    return *r;
  }

  SyncResult<RootMeta> loadTrustedRoot() {
    const std::string path = dir_ + "trusted/root.json";
    if (::access(path.c_str(), F_OK) != 0) {
      if (!o_.initialRootPath)
        return bad(SyncFailure::NoTrustedRoot, "no pinned root of trust in " + o_.stateDir +
                                                   "/trusted/root.json; provision the kiosk with --root ROOT.json (copied out of band)");
      auto bytes = readFile(*o_.initialRootPath, kMaxMetadataBytes);
      if (!bytes) return bad(SyncFailure::LocalIo, bytes.error().message);
      auto r = parseTrustedRootBytes(*bytes, *o_.initialRootPath);
      if (!r) return r;
      if (auto w = writeFileAtomic(path, *bytes); !w) return bad(SyncFailure::LocalIo, w.error().message);
      return *r;
    }
    auto bytes = readFile(path, kMaxMetadataBytes);
    if (!bytes) return bad(SyncFailure::LocalIo, bytes.error().message);
    // A pinned root is replaced only by a rotation the repository signs (updateRoot), never by
    // --root: a technician re-provisioning after a root key was lost would otherwise see every
    // sync fail with BadSignature and not know why (a review, 7 Dec 2026).
    if (o_.initialRootPath) {
      auto given = readFile(*o_.initialRootPath, kMaxMetadataBytes);
      if (given && *given != *bytes)
        report_.notes.push_back("--root " + *o_.initialRootPath + " not used: the kiosk already trusts the root pinned in " + path +
                                ", which only a signed rotation replaces; to provision it anew, remove " + dir_ +
                                "trusted/ (docs/sync.md, threat model)");
    }
    return parseTrustedRootBytes(*bytes, path);
  }

  // TUF root rotation: while N+1.root.json exists, it must be signed by a threshold of the
  // trusted root's root keys AND of its own root keys, and carry version N+1.
  SyncResult<void> updateRoot(RootMeta& root) {
    for (int guard = 0; guard < 1000; ++guard) {
      const std::string name = std::to_string(root.version + 1) + ".root.json";
      auto bytes = fetchToMemory(o_.repoUrl, name, kMaxMetadataBytes, limits_);
      if (!bytes) {
        if (bytes.error().status == FetchStatus::NotFound) return {};
        return fromFetch(bytes.error());
      }
      auto env = parseEnvelope(*bytes, "root", name);
      if (!env) return bad(SyncFailure::InvalidMetadata, env.error().message);
      if (auto v = verifyRole(*env, root, "root", name + " (by the trusted root)"); !v) return bad(SyncFailure::BadSignature, v.error().message);
      auto next = parseRoot((*env)["signed"]);
      if (!next) return bad(SyncFailure::InvalidMetadata, next.error().message);
      if (auto v = verifyRole(*env, *next, "root", name + " (by its own keys)"); !v) return bad(SyncFailure::BadSignature, v.error().message);
      if (next->version != root.version + 1)
        return bad(SyncFailure::Rollback, name + " carries version " + std::to_string(next->version));
      if (auto w = writeFileAtomic(dir_ + "trusted/root.json", *bytes); !w) return bad(SyncFailure::LocalIo, w.error().message);
      report_.notes.push_back("root rotated to version " + std::to_string(next->version));
      root = *next;
      // A key rotation invalidates trust in metadata signed by the old keys' versions only
      // through signatures; version numbers keep increasing, so nothing else to reset.
    }
    return bad(SyncFailure::InvalidMetadata, "more than 1000 root rotations; refusing");
  }

  std::optional<TimestampMeta> trustedTimestamp() {
    auto b = readFile(dir_ + "trusted/timestamp.json", kMaxMetadataBytes);
    if (!b) return std::nullopt;
    auto env = parseEnvelope(*b, "timestamp", "trusted timestamp");
    if (!env) return std::nullopt;
    auto t = parseTimestamp((*env)["signed"]);
    return t ? std::optional(*t) : std::nullopt;
  }
  std::optional<TargetsMeta> trustedTargets() {
    auto b = readFile(dir_ + "trusted/targets.json", kMaxMetadataBytes);
    if (!b) return std::nullopt;
    auto env = parseEnvelope(*b, "targets", "trusted targets");
    if (!env) return std::nullopt;
    auto t = parseTargets((*env)["signed"]);
    return t ? std::optional(*t) : std::nullopt;
  }

  // Downloads a target into DIR/lists/<name>.download and checks its signed size and hash.
  SyncResult<std::string> download(const TargetFile& f) {
    const std::string path = dir_ + "lists/" + f.name + ".download";
    auto got = fetchToFile(o_.repoUrl, f.name, path, f.length, limits_);
    if (!got) {
      fs::remove(path);
      return fromFetch(got.error());
    }
    report_.bytesDownloaded += *got;
    auto d = digestFile(path);
    if (!d) return bad(SyncFailure::LocalIo, d.error().message);
    if (d->length != f.length) {
      fs::remove(path);
      return bad(SyncFailure::HashMismatch, f.name + " is truncated: " + std::to_string(d->length) + " of " + std::to_string(f.length) + " signed bytes");
    }
    if (d->sha256 != f.sha256) {
      fs::remove(path);
      return bad(SyncFailure::HashMismatch, f.name + ": SHA-256 differs from the signed targets.json (tampered or corrupted download)");
    }
    return path;
  }

  // Opens the candidate, checks it, closes it, fsyncs it.
  SyncResult<void> checkCandidate(const std::string& path, std::int64_t expectedVersion) {
    {
      auto db = SqliteDb::open(path, SQLITE_OPEN_READONLY);
      if (!db) return bad(SyncFailure::CorruptList, "the new list cannot be opened: " + db.error().message);
      if (auto qc = quickCheck(*db, "the new list"); !qc) return bad(SyncFailure::CorruptList, qc.error().message);
      auto v = readListVersion(*db);
      if (!v) return bad(SyncFailure::CorruptList, "the new list: " + v.error().message);
      if (*v != expectedVersion)
        return bad(SyncFailure::CorruptList, "the new list says version " + std::to_string(*v) + " but targets.json promised " + std::to_string(expectedVersion));
    }
    if (auto s = fsyncPath(path); !s) return bad(SyncFailure::LocalIo, s.error().message);
    return {};
  }

  SyncResult<void> applyDelta(const TargetFile& f, const std::string& activePath, const std::string& out) {
    auto dl = download(f);
    if (!dl) return tl::unexpected(dl.error());
    auto cs = decompressToBuffer(*dl, f.rawLength);
    fs::remove(*dl);
    if (!cs) return bad(SyncFailure::HashMismatch, f.name + ": " + cs.error().message);
    if (cs->size() != f.rawLength || sha256Hex(*cs) != f.rawSha256)
      return bad(SyncFailure::HashMismatch, f.name + ": decompressed changeset differs from the signed raw size/SHA-256");
    if (auto c = copyFileDurable(activePath, out); !c) return bad(SyncFailure::LocalIo, c.error().message);
    {
      auto db = SqliteDb::open(out, SQLITE_OPEN_READWRITE);
      if (!db) return bad(SyncFailure::LocalIo, db.error().message);
      (void)db->exec("PRAGMA synchronous=FULL");
      if (auto b = db->exec("BEGIN IMMEDIATE"); !b) return bad(SyncFailure::LocalIo, b.error().message);
      int conflicts = 0;
      auto onConflict = [](void* ctx, int, sqlite3_changeset_iter*) -> int {
        ++*static_cast<int*>(ctx);
        return SQLITE_CHANGESET_ABORT;  // any conflict means the delta was not made for this base
      };
      const int rc = sqlite3changeset_apply_v2(db->handle(), static_cast<int>(cs->size()), cs->data(), nullptr, onConflict,
                                               &conflicts, nullptr, nullptr, 0);
      if (rc != SQLITE_OK || conflicts > 0) {
        (void)db->exec("ROLLBACK");
        // The kiosk's own disk, not the delta: say so (it was reported as a wrong base).
        if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_READONLY)
          return bad(SyncFailure::LocalIo, "applying " + f.name + " to a copy of the installed list failed: " + sqlite3_errstr(rc) +
                                               "; free disk space in " + o_.stateDir + " and sync again");
        return bad(SyncFailure::WrongBase, f.name + " does not apply to installed version " + std::to_string(f.fromVersion) + " (" +
                                               (conflicts ? "conflicting rows" : sqlite3_errstr(rc)) + "); the delta was made for another base");
      }
      auto v = readListVersion(*db);
      if (!v || *v != f.version) {
        (void)db->exec("ROLLBACK");
        return bad(SyncFailure::WrongBase, f.name + " applied but list_meta.version is not " + std::to_string(f.version));
      }
      if (auto c = db->exec("COMMIT"); !c) return bad(SyncFailure::LocalIo, c.error().message);
    }
    return checkCandidate(out, f.version);
  }

  SyncResult<void> installSnapshot(const TargetFile& f, const std::string& out) {
    auto dl = download(f);
    if (!dl) return tl::unexpected(dl.error());
    auto d = decompressFile(*dl, out, f.rawLength);
    fs::remove(*dl);
    // A write that failed is the kiosk's disk (full, read-only), not a forged snapshot.
    if (!d) return bad(d.error().code == ErrorCode::Io ? SyncFailure::LocalIo : SyncFailure::HashMismatch, f.name + ": " + d.error().message);
    if (d->length != f.rawLength || d->sha256 != f.rawSha256)
      return bad(SyncFailure::HashMismatch, f.name + ": decompressed snapshot differs from the signed raw size/SHA-256");
    return checkCandidate(out, f.version);
  }

  SyncResult<void> install(const TargetsMeta& t, const std::string& activePath, std::int64_t installed) {
    const std::string finalName = "list-" + std::to_string(t.listVersion) + ".db";
    const std::string tmp = dir_ + "lists/" + finalName + ".tmp";
    const TargetFile* delta = nullptr;
    const TargetFile* snapshot = nullptr;
    for (const auto& f : t.files) {
      if (f.version != t.listVersion) continue;
      if (f.kind == "snapshot") snapshot = &f;
      if (f.kind == "delta" && installed > 0 && f.fromVersion == installed && !activePath.empty()) delta = &f;
    }
    // The base a delta applies to must be the list that was installed, byte for byte: its
    // SHA-256 was recorded when it was installed (recordInstalled). A base changed since (bit
    // rot, a hand edit) would carry its damage into every later version, since the changeset
    // only touches the rows it changes. Lists installed before the record existed have none.
    if (delta && !o_.preferSnapshot) {
      if (auto why = baseDiffers(activePath)) {
        report_.notes.push_back("delta not applied: " + *why + "; installed the signed snapshot instead");
        delta = nullptr;
      }
    }
    bool done = false;
    if (delta && !o_.preferSnapshot) {
      auto r = applyDelta(*delta, activePath, tmp);
      if (r) {
        report_.action = SyncAction::AppliedDelta;
        report_.file = delta->name;
        done = true;
      } else {
        fs::remove(tmp);
        fs::remove(tmp + "-journal");
        // A delta that fails to verify or apply is not fatal while a signed snapshot exists.
        if (!snapshot || r.error().kind == SyncFailure::Network || r.error().kind == SyncFailure::LocalIo) return r;
        report_.notes.push_back("delta rejected, installed the snapshot instead: " + r.error().describe());
      }
    }
    if (!done) {
      if (!snapshot) return bad(SyncFailure::NotFound, "targets.json lists no snapshot for version " + std::to_string(t.listVersion));
      auto r = installSnapshot(*snapshot, tmp);
      if (!r) {
        fs::remove(tmp);
        return r;
      }
      report_.action = SyncAction::InstalledSnapshot;
      report_.file = snapshot->name;
    }
    // Durable rename, then the atomic switch of `current`.
    const std::string finalPath = dir_ + "lists/" + finalName;
    if (auto r = renameDurable(tmp, finalPath); !r) return bad(SyncFailure::LocalIo, r.error().message);
    const std::string link = dir_ + "current.tmp";
    std::error_code ec;
    fs::remove(link, ec);
    if (::symlink(("lists/" + finalName).c_str(), link.c_str()) != 0) return bad(SyncFailure::LocalIo, "cannot create " + link);
    if (auto r = renameDurable(link, dir_ + "current"); !r) return bad(SyncFailure::LocalIo, r.error().message);
    // The new list is installed and active whatever happens here: a record that cannot be
    // written leaves the old one, which names another file and so checks nothing.
    // A snapshot's bytes were hashed against the signed raw SHA-256 as it was decompressed
    // (installSnapshot): not read again here. A delta's result is hashed.
    const std::optional<std::string> knownSha =
        report_.action == SyncAction::InstalledSnapshot ? std::optional<std::string>(snapshot->rawSha256) : std::nullopt;
    if (auto r = recordInstalled(finalPath, knownSha); !r)
      report_.notes.push_back("the installed list's SHA-256 could not be recorded (" + r.error().describe() +
                              "): the next delta is applied unchecked");
    collectGarbage(finalName, activePath.empty() ? std::string() : fs::path(activePath).filename().string());
    return {};
  }

  // "list-N.db <sha256>" of the list just installed, next to `current` (baseDiffers).
  SyncResult<void> recordInstalled(const std::string& path, const std::optional<std::string>& knownSha) {
    std::string sha;
    if (knownSha) {
      sha = *knownSha;
    } else {
      auto d = digestFile(path);
      if (!d) return bad(SyncFailure::LocalIo, d.error().message);
      sha = d->sha256;
    }
    if (auto w = writeFileAtomic(dir_ + "current.sha256", fs::path(path).filename().string() + " " + sha + "\n"); !w)
      return bad(SyncFailure::LocalIo, w.error().message);
    return {};
  }

  // Why the active list is not the file that was installed, or nullopt when it is (or when
  // no record names it).
  std::optional<std::string> baseDiffers(const std::string& activePath) {
    auto rec = readFile(dir_ + "current.sha256", 1024);
    if (!rec) return std::nullopt;
    const std::string name = fs::path(activePath).filename().string();
    const std::string& line = *rec;
    const auto space = line.find(' ');
    if (space == std::string::npos || line.substr(0, space) != name) return std::nullopt;
    std::string want = line.substr(space + 1);
    while (!want.empty() && (want.back() == '\n' || want.back() == '\r')) want.pop_back();
    auto d = digestFile(activePath);
    if (!d) return "the installed list " + name + " cannot be read (" + d.error().message + ")";
    if (d->sha256 != want)
      return "the installed list " + name + " has changed since it was installed (SHA-256 " + d->sha256.substr(0, 12) +
             "..., installed as " + want.substr(0, 12) + "...: a damaged disk?)";
    return std::nullopt;
  }

  // Keeps the new list and its predecessor (readers that resolved `current` just before the
  // switch may still be opening it); removes older ones.
  void collectGarbage(const std::string& keep1, const std::string& keep2) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "lists", ec)) {
      const std::string n = e.path().filename().string();
      if (n != keep1 && n != keep2 && n.rfind("list-", 0) == 0) fs::remove(e.path(), ec);
    }
  }

  const SyncOptions& o_;
  TimePoint now_;
  std::string dir_;
  FetchLimits limits_;
  SyncReport report_;
};

}  // namespace

Syncer::Syncer(SyncOptions options) : o_(std::move(options)) {}

SyncResult<SyncReport> Syncer::syncOnce() {
  if (!ensureSodium()) return bad(SyncFailure::LocalIo, "libsodium failed to initialise");
  if (o_.repoUrl.empty()) return bad(SyncFailure::NotFound, "no repository URL given");
  const TimePoint now = o_.now ? o_.now() : Clock::now();
  try {
    SyncRun run(o_, now);
    return run.run();
  } catch (const std::exception& e) {
    // std::filesystem or nlohmann may throw on exotic failures; never across the boundary.
    return bad(SyncFailure::LocalIo, std::string("unexpected failure: ") + e.what());
  }
}

SyncResult<SyncReport> Syncer::syncWithRetry(const RetryPolicy& policy, const std::function<void(std::chrono::milliseconds)>& sleep) {
  auto delay = policy.initialDelay;
  for (int attempt = 1;; ++attempt) {
    auto r = syncOnce();
    if (r || !r.error().transient() || attempt >= policy.maxAttempts) {
      if (!r && r.error().transient())
        r.error().message += " (gave up after " + std::to_string(attempt) + " attempts)";
      return r;
    }
    const auto jitter = std::chrono::milliseconds(randombytes_uniform(static_cast<std::uint32_t>(delay.count() / 4 + 1)));
    if (sleep) sleep(delay + jitter);
    else std::this_thread::sleep_for(delay + jitter);
    delay = std::min(policy.maxDelay, std::chrono::milliseconds(static_cast<long long>(static_cast<double>(delay.count()) * policy.factor)));
  }
}

}  // namespace bordergate::sync
