// libFuzzer target: the list repository's signed metadata (sync/src/metadata.cpp), the bytes a
// kiosk downloads from an untrusted server and parses before and after checking signatures:
// parseEnvelope (canonical JSON + envelope) for root, targets and timestamp, the typed
// parsers, and the Ed25519 threshold check against a pinned root and (for a root) its own
// keys, as Syncer does for a rotation. Invariants: no crash or exception; an accepted file's
// fields respect what the syncer relies on (safe target names, 64-hex hashes, thresholds
// met by known keys); a parsed record serialises and parses back to the same values.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "metadata.h"

using namespace bordergate::sync::detail;

namespace {
// root.json of the seed repository (tests/fuzz/corpus/fuzz_sync_metadata/, made by
// `bordergate list publish`): the seeds' signatures verify against it, so the fuzzer also
// explores the accept path. Public keys only.
const char kPinnedRoot[] =
    R"json({"signatures":[{"keyid":"cf5f396370bea443e95d6e12835d70760ca06977f6d437e9cfcd0b8acc291612","sig":"94f00af4ac0c65eb0ac157701a84abd7a82e09d405e4a73d5f8d880db06d5da64c7cd3b95433fb0d40d485fa5ec38a56e906a75e5b6fd4b069a604478a626803"}],"signed":{"_type":"root","expires":"2027-11-23T13:39:48Z","keys":{"cf5f396370bea443e95d6e12835d70760ca06977f6d437e9cfcd0b8acc291612":{"keytype":"ed25519","public":"33049447b46cd2886add4ef9df744166e98c45e2b762aee63fe6e0d833c679a2"}},"roles":{"root":{"keyids":["cf5f396370bea443e95d6e12835d70760ca06977f6d437e9cfcd0b8acc291612"],"threshold":1},"targets":{"keyids":["cf5f396370bea443e95d6e12835d70760ca06977f6d437e9cfcd0b8acc291612"],"threshold":1},"timestamp":{"keyids":["cf5f396370bea443e95d6e12835d70760ca06977f6d437e9cfcd0b8acc291612"],"threshold":1}},"spec":"bordergate-tuf-1","version":1}})json";

const RootMeta& pinnedRoot() {
  static const RootMeta root = [] {
    auto env = parseEnvelope(kPinnedRoot, "root", "pinned root");
    if (!env) std::abort();
    auto r = parseRoot((*env)["signed"]);
    if (!r || !verifyRole(*env, *r, "root", "pinned root")) std::abort();
    return *r;
  }();
  return root;
}

bool isHash(const std::string& s) { return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos; }

void checkRoot(const nlohmann::json& env) {
  auto root = parseRoot(env["signed"]);
  if (!root) return;
  (void)verifyRole(env, pinnedRoot(), "root", "fuzz root (by the pinned root)");
  (void)verifyRole(env, *root, "root", "fuzz root (by its own keys)");
  for (const auto& [name, rk] : root->roles) {
    if (rk.threshold < 1 || static_cast<int>(rk.keyIds.size()) < rk.threshold) std::abort();
    for (const auto& id : rk.keyIds)
      if (!root->keys.count(id)) std::abort();
  }
  for (const auto& [id, pk] : root->keys)
    if (pk.size() != 32) std::abort();
  auto again = parseRoot(rootJson(*root));
  if (!again || again->version != root->version || again->keys != root->keys || again->expires != root->expires) std::abort();
}

void checkTargets(const nlohmann::json& env) {
  auto t = parseTargets(env["signed"]);
  if (!t) return;
  (void)verifyRole(env, pinnedRoot(), "targets", "fuzz targets");
  for (const auto& f : t->files) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name.find("..") != std::string::npos) std::abort();
    if (!isHash(f.sha256) || !isHash(f.rawSha256) || (f.kind != "snapshot" && f.kind != "delta")) std::abort();
  }
  auto again = parseTargets(targetsJson(*t));
  if (!again || again->version != t->version || again->listVersion != t->listVersion || again->files.size() != t->files.size())
    std::abort();
}

void checkTimestamp(const nlohmann::json& env) {
  auto t = parseTimestamp(env["signed"]);
  if (!t) return;
  (void)verifyRole(env, pinnedRoot(), "timestamp", "fuzz timestamp");
  if (!isHash(t->targetsSha256)) std::abort();
  auto again = parseTimestamp(timestampJson(*t));
  if (!again || again->version != t->version || again->targetsSha256 != t->targetsSha256 || again->targetsLength != t->targetsLength)
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)pinnedRoot();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  // The kiosk always knows which file it asked for; try the input as each of the three.
  if (auto env = parseEnvelope(bytes, "root", "fuzz")) checkRoot(*env);
  else if (env.error().message.empty()) std::abort();
  if (auto env = parseEnvelope(bytes, "targets", "fuzz")) checkTargets(*env);
  if (auto env = parseEnvelope(bytes, "timestamp", "fuzz")) checkTimestamp(*env);
  return 0;
}
