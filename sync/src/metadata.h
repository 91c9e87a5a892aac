// TUF-style signed metadata (root, targets, timestamp) of the list repository: building,
// signing and verifying. Formats are documented in docs/sync.md ("Repository layout").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bordergate/sync/clock.h"
#include "crypto.h"

namespace bordergate::sync::detail {

// Upper bounds on metadata downloads, so a hostile server cannot exhaust memory. A root with
// a dozen keys is ~3 KiB and targets with a snapshot and 10 deltas ~3 KiB; 1 MiB is ample.
inline constexpr std::uint64_t kMaxMetadataBytes = 1 << 20;

struct RoleKeys {
  std::vector<std::string> keyIds;
  int threshold = 1;
};

struct RootMeta {
  std::int64_t version = 0;
  TimePoint expires;
  std::map<std::string, std::string> keys;  // key id -> raw 32-byte Ed25519 public key
  std::map<std::string, RoleKeys> roles;    // "root", "targets", "timestamp"
};

struct TargetFile {
  std::string name;
  std::string kind;  // "snapshot" or "delta"
  std::int64_t fromVersion = 0;  // deltas only
  std::int64_t version = 0;
  std::uint64_t length = 0;
  std::string sha256;
  std::uint64_t rawLength = 0;  // after zstd decompression
  std::string rawSha256;
};

struct TargetsMeta {
  std::int64_t version = 0;
  TimePoint expires;
  std::int64_t listVersion = 0;
  std::string builtAt;
  std::vector<TargetFile> files;
};

struct TimestampMeta {
  std::int64_t version = 0;
  TimePoint expires;
  std::int64_t targetsVersion = 0;
  std::uint64_t targetsLength = 0;
  std::string targetsSha256;
};

// {"signatures":[{"keyid":..,"sig":..}],"signed":signed} serialised canonically.
Result<std::string> signEnvelope(const nlohmann::json& signedPart, const std::vector<Ed25519Key>& keys);

// Parses metadata bytes: must be canonical JSON (so no two parsers can disagree about what
// was signed), an object with "signed" of the expected "_type" and "signatures".
Result<nlohmann::json> parseEnvelope(const std::string& bytes, const std::string& expectedType, const std::string& what);
// Integrity error unless at least `threshold` distinct keys of `role` in `root` signed.
Result<void> verifyRole(const nlohmann::json& envelope, const RootMeta& root, const std::string& role, const std::string& what);

Result<RootMeta> parseRoot(const nlohmann::json& signedPart);
Result<TargetsMeta> parseTargets(const nlohmann::json& signedPart);
Result<TimestampMeta> parseTimestamp(const nlohmann::json& signedPart);

nlohmann::json rootJson(const RootMeta& root);
nlohmann::json targetsJson(const TargetsMeta& t);
nlohmann::json timestampJson(const TimestampMeta& t);

}  // namespace bordergate::sync::detail
