// `bordergate list publish`: snapshot + session-extension deltas + TUF-style signed metadata.
#include "bordergate/sync/publish.h"

#include <unistd.h>

#include <filesystem>
#include <memory>

#include "files.h"
#include "key_files.h"
#include "metadata.h"
#include "sqlite_db.h"
#include "zstd_io.h"

namespace bordergate::sync {
using namespace detail;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Tables and their schema text; deltas need identical schemas on both sides because a
// changeset carries row changes only (docs/sync.md, "Deltas").
Result<std::string> schemaText(SqliteDb& db, const std::string& schema) {
  auto st = db.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM " + schema +
                       ".sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
  if (!st) return tl::unexpected(st.error());
  std::string out;
  while (st->step() == SQLITE_ROW) out += st->text(0) + "\n";
  return out;
}

Result<std::vector<std::string>> tablesWithPrimaryKey(SqliteDb& db, const std::string& what) {
  auto st = db.prepare("SELECT name, (SELECT count(*) FROM pragma_table_info(m.name) WHERE pk > 0) FROM sqlite_schema m "
                       "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  if (!st) return tl::unexpected(st.error());
  std::vector<std::string> out;
  while (st->step() == SQLITE_ROW) {
    if (st->integer(1) == 0)
      return fail(ErrorCode::InvalidArgument, what + ": table '" + st->text(0) + "' has no PRIMARY KEY; every list table needs one (deltas are keyed by it)");
    out.push_back(st->text(0));
  }
  return out;
}

struct ListInfo {
  std::int64_t version = 0;
  std::string builtAt;
};

Result<ListInfo> openListInfo(const std::string& path) {
  auto db = SqliteDb::open(path, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  if (auto qc = quickCheck(*db, path); !qc) return tl::unexpected(qc.error());
  auto v = readListVersion(*db);
  if (!v) return fail(v.error().code, path + ": " + v.error().message);
  auto b = db->queryText("SELECT value FROM list_meta WHERE key = 'built_at'");
  ListInfo info{*v, b && *b ? **b : std::string()};
  if (info.builtAt.empty() || !parseIsoUtc(info.builtAt))
    return fail(ErrorCode::InvalidData, path + ": list_meta.built_at missing or not ISO 8601 UTC");
  return info;
}

// The changeset that turns `oldPath` into `newPath` (sqlite3session_diff on attached DBs).
Result<std::string> diffChangeset(const std::string& newPath, const std::string& oldPath, const std::vector<std::string>& tables) {
  auto db = SqliteDb::open(newPath, SQLITE_OPEN_READONLY);
  if (!db) return tl::unexpected(db.error());
  auto at = db->prepare("ATTACH DATABASE ?1 AS old");
  if (!at) return tl::unexpected(at.error());
  at->bind(1, oldPath);
  if (at->step() != SQLITE_DONE) return fail(ErrorCode::Io, "cannot attach " + oldPath + ": " + db->lastError());
  sqlite3_session* raw = nullptr;
  if (sqlite3session_create(db->handle(), "main", &raw) != SQLITE_OK)
    return fail(ErrorCode::Internal, "sqlite3session_create failed: " + db->lastError());
  std::unique_ptr<sqlite3_session, decltype(&sqlite3session_delete)> session(raw, sqlite3session_delete);
  for (const auto& t : tables) {
    if (sqlite3session_attach(session.get(), t.c_str()) != SQLITE_OK) return fail(ErrorCode::Internal, "sqlite3session_attach(" + t + ") failed");
    char* err = nullptr;
    if (sqlite3session_diff(session.get(), "old", t.c_str(), &err) != SQLITE_OK) {
      std::string msg = err ? err : db->lastError();
      sqlite3_free(err);
      return fail(ErrorCode::Internal, "sqlite3session_diff on table " + t + " failed: " + msg);
    }
  }
  int n = 0;
  void* p = nullptr;
  if (sqlite3session_changeset(session.get(), &n, &p) != SQLITE_OK) return fail(ErrorCode::Internal, "sqlite3session_changeset failed");
  std::string out(static_cast<const char*>(p), static_cast<std::size_t>(n));
  sqlite3_free(p);
  return out;
}

Result<Ed25519Key> loadKey(const std::string& path) {
  auto k = loadSecretKey(path);
  if (!k) return fail(k.error().code, "signing key: " + k.error().message);
  return k;
}

RootMeta freshRoot(const Ed25519Key& key, std::int64_t version, TimePoint expires) {
  RootMeta r;
  r.version = version;
  r.expires = expires;
  r.keys[key.keyId()] = key.publicKey;
  for (const char* role : {"root", "targets", "timestamp"}) r.roles[role] = RoleKeys{{key.keyId()}, 1};
  return r;
}

bool roleHasKey(const RootMeta& r, const std::string& role, const Ed25519Key& k) {
  const auto& ids = r.roles.at(role).keyIds;
  return std::find(ids.begin(), ids.end(), k.keyId()) != ids.end();
}

}  // namespace

Result<PublishReport> publishList(const PublishOptions& o) {
  if (auto ok = ensureSodium(); !ok) return tl::unexpected(ok.error());
  const TimePoint now = o.now.value_or(Clock::now());
  auto key = loadKey(o.signingKeyPath);
  if (!key) return tl::unexpected(key.error());
  auto info = openListInfo(o.listPath);
  if (!info) return tl::unexpected(info.error());
  if (auto d = makeDirs(o.repoDir); !d) return tl::unexpected(d.error());
  const std::string repo = o.repoDir + "/";
  PublishReport report;
  report.listVersion = info->version;

  // --- root of trust -------------------------------------------------------------------
  RootMeta root;
  std::vector<Ed25519Key> rootSigners;
  bool writeRoot = false;
  if (::access((repo + "root.json").c_str(), F_OK) != 0) {
    root = freshRoot(*key, 1, now + o.rootExpiresIn);
    rootSigners = {*key};
    writeRoot = true;
  } else {
    auto bytes = readFile(repo + "root.json", kMaxMetadataBytes);
    if (!bytes) return tl::unexpected(bytes.error());
    auto env = parseEnvelope(*bytes, "root", repo + "root.json");
    if (!env) return tl::unexpected(env.error());
    auto parsed = parseRoot((*env)["signed"]);
    if (!parsed) return tl::unexpected(parsed.error());
    root = *parsed;
  }
  Ed25519Key signer = *key;
  if (o.rotateToKeyPath) {
    auto next = loadKey(*o.rotateToKeyPath);
    if (!next) return tl::unexpected(next.error());
    if (!roleHasKey(root, "root", *key))
      return fail(ErrorCode::InvalidArgument, "--key " + o.signingKeyPath + " is not a root key of root.json v" + std::to_string(root.version) + "; only the current root key can rotate");
    root = freshRoot(*next, root.version + 1, now + o.rootExpiresIn);
    rootSigners = {*key, *next};  // the old root vouches for the new one, which also signs itself
    writeRoot = true;
    signer = *next;
  }
  // A root past its expiry makes every kiosk refuse the repository ("root metadata expired"),
  // whatever is signed under it: publishing under it would only look like it worked. Renew it
  // (--rotate-root with the current key re-signs it with a new expiry; a new key rotates it).
  if (!writeRoot) {
    if (root.expires <= now)
      return fail(ErrorCode::InvalidArgument, "root.json v" + std::to_string(root.version) + " of " + o.repoDir + " expired at " +
                                                  formatIsoUtc(root.expires) +
                                                  ": kiosks refuse everything signed under it. Renew it: add --rotate-root " +
                                                  o.signingKeyPath + " (the same key) or a new root key");
    const auto left = std::chrono::duration_cast<Seconds>(root.expires - now);
    if (left < Seconds(30 * 86400))
      report.notes.push_back("root.json v" + std::to_string(root.version) + " expires at " + formatIsoUtc(root.expires) +
                             " (in " + std::to_string(left.count() / 86400) + " days): renew it with --rotate-root before then");
  }
  if (!roleHasKey(root, "targets", signer) || !roleHasKey(root, "timestamp", signer))
    return fail(ErrorCode::InvalidArgument, "key " + signer.keyId().substr(0, 16) + "... is not trusted by root.json v" + std::to_string(root.version) +
                                                " of " + o.repoDir + " (wrong --key, or rotate with --rotate-root)");
  report.rootVersion = root.version;

  // --- previous repository state (versions only increase) -------------------------------
  std::int64_t prevTargets = 0, prevTimestamp = 0, prevList = -1;
  if (auto tb = readFile(repo + "targets.json", kMaxMetadataBytes)) {
    if (auto env = parseEnvelope(*tb, "targets", "targets.json"); env)
      if (auto t = parseTargets((*env)["signed"]); t) { prevTargets = t->version; prevList = t->listVersion; }
  }
  if (auto sb = readFile(repo + "timestamp.json", kMaxMetadataBytes)) {
    if (auto env = parseEnvelope(*sb, "timestamp", "timestamp.json"); env)
      if (auto t = parseTimestamp((*env)["signed"]); t) prevTimestamp = t->version;
  }
  if (info->version < prevList)
    return fail(ErrorCode::InvalidArgument, "list version " + std::to_string(info->version) + " is older than the published version " +
                                                std::to_string(prevList) + "; kiosks would reject it as a rollback");

  // --- snapshot ---------------------------------------------------------------------------
  auto newDb = SqliteDb::open(o.listPath, SQLITE_OPEN_READONLY);
  if (!newDb) return tl::unexpected(newDb.error());
  auto tables = tablesWithPrimaryKey(*newDb, o.listPath);
  if (!tables) return tl::unexpected(tables.error());
  auto newSchema = schemaText(*newDb, "main");
  if (!newSchema) return tl::unexpected(newSchema.error());

  TargetsMeta targets;
  targets.version = prevTargets + 1;
  targets.expires = now + o.targetsExpiresIn;
  targets.listVersion = info->version;
  targets.builtAt = info->builtAt;
  {
    const std::string tmpDb = repo + ".snapshot.tmp.db";
    fs::remove(tmpDb);
    auto vac = newDb->prepare("VACUUM INTO ?1");
    if (!vac) return tl::unexpected(vac.error());
    vac->bind(1, tmpDb);
    if (vac->step() != SQLITE_DONE) return fail(ErrorCode::Io, "VACUUM INTO " + tmpDb + " failed: " + newDb->lastError());
    {
      // Rollback-journal mode: kiosks open lists read-only, which a WAL file would not allow
      // without write access to the -shm file.
      auto snap = SqliteDb::open(tmpDb, SQLITE_OPEN_READWRITE);
      if (!snap) return tl::unexpected(snap.error());
      if (auto j = snap->exec("PRAGMA journal_mode=DELETE"); !j) return tl::unexpected(j.error());
    }
    auto raw = digestFile(tmpDb);
    if (!raw) return tl::unexpected(raw.error());
    TargetFile tf{"snapshot-" + std::to_string(info->version) + ".db.zst", "snapshot", 0, info->version, 0, {}, raw->length, raw->sha256};
    auto z = compressFile(tmpDb, repo + tf.name + ".tmp");
    fs::remove(tmpDb);
    if (!z) return tl::unexpected(z.error());
    tf.length = z->length;
    tf.sha256 = z->sha256;
    if (auto r = fsyncPath(repo + tf.name + ".tmp"); !r) return tl::unexpected(r.error());
    if (auto r = renameDurable(repo + tf.name + ".tmp", repo + tf.name); !r) return tl::unexpected(r.error());
    targets.files.push_back(tf);
  }

  // --- deltas -----------------------------------------------------------------------------
  for (const auto& prev : o.previousPaths) {
    auto pinfo = openListInfo(prev);
    if (!pinfo) return tl::unexpected(pinfo.error());
    if (pinfo->version >= info->version)
      return fail(ErrorCode::InvalidArgument, "--previous " + prev + " has version " + std::to_string(pinfo->version) +
                                                  ", not older than the new list's " + std::to_string(info->version));
    auto pdb = SqliteDb::open(prev, SQLITE_OPEN_READONLY);
    if (!pdb) return tl::unexpected(pdb.error());
    auto ps = schemaText(*pdb, "main");
    if (!ps) return tl::unexpected(ps.error());
    if (*ps != *newSchema) {
      report.notes.push_back("no delta from version " + std::to_string(pinfo->version) + ": its schema differs (kiosks on it download the snapshot)");
      continue;
    }
    auto cs = diffChangeset(o.listPath, prev, *tables);
    if (!cs) return tl::unexpected(cs.error());
    TargetFile tf{"delta-" + std::to_string(pinfo->version) + "-" + std::to_string(info->version) + ".changeset.zst", "delta",
                  pinfo->version, info->version, 0, {}, cs->size(), sha256Hex(*cs)};
    const std::string z = compressBuffer(*cs);
    if (z.empty() && !cs->empty()) return fail(ErrorCode::Internal, "zstd compression of a changeset failed");
    if (auto w = writeFileAtomic(repo + tf.name, z); !w) return tl::unexpected(w.error());
    tf.length = z.size();
    tf.sha256 = sha256Hex(z);
    targets.files.push_back(tf);
  }

  // --- metadata: root first, then targets, timestamp last (what kiosks read first) ---------
  if (writeRoot) {
    auto env = signEnvelope(rootJson(root), rootSigners);
    if (!env) return tl::unexpected(env.error());
    if (auto w = writeFileAtomic(repo + std::to_string(root.version) + ".root.json", *env); !w) return tl::unexpected(w.error());
    if (auto w = writeFileAtomic(repo + "root.json", *env); !w) return tl::unexpected(w.error());
  }
  auto tenv = signEnvelope(targetsJson(targets), {signer});
  if (!tenv) return tl::unexpected(tenv.error());
  // Versioned name (TUF "consistent snapshot"): a kiosk holding the previous timestamp.json
  // still finds the targets file it names while this publish is in progress.
  if (auto w = writeFileAtomic(repo + std::to_string(targets.version) + ".targets.json", *tenv); !w) return tl::unexpected(w.error());
  if (auto w = writeFileAtomic(repo + "targets.json", *tenv); !w) return tl::unexpected(w.error());
  TimestampMeta ts{prevTimestamp + 1, now + o.timestampExpiresIn, targets.version, tenv->size(), sha256Hex(*tenv)};
  auto senv = signEnvelope(timestampJson(ts), {signer});
  if (!senv) return tl::unexpected(senv.error());
  if (auto w = writeFileAtomic(repo + "timestamp.json", *senv); !w) return tl::unexpected(w.error());

  report.targetsVersion = targets.version;
  report.timestampVersion = ts.version;
  for (const auto& f : targets.files) report.files.push_back({f.name, f.kind, f.fromVersion, f.length, f.rawLength});
  return report;
}

}  // namespace bordergate::sync
