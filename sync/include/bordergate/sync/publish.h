// The publisher side of the downlink: turns a list file (SQLite, see docs/sync.md "List
// format") into a static, signed repository that any HTTP server or CDN can serve.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/sync/clock.h"

namespace bordergate::sync {

struct PublishOptions {
  std::string listPath;                    // the new list version (NEW.db)
  std::vector<std::string> previousPaths;  // older versions to compute deltas from
  std::string signingKeyPath;              // PREFIX.key from `bordergate keygen`
  std::string repoDir;                     // created if missing
  // Timestamp lifetime: kiosks refuse a timestamp past its expiry (freeze attack). One day
  // by default: the centre republishes at least daily (docs/sync.md, "Expiry").
  Seconds timestampExpiresIn{86400};
  Seconds targetsExpiresIn{30 * 86400};
  Seconds rootExpiresIn{365 * 86400};
  // Root rotation: a new root version listing this key for every role, signed by the old
  // root key(s) (signingKeyPath) and by the new key; the rest is then signed by the new key.
  std::optional<std::string> rotateToKeyPath;
  std::optional<TimePoint> now;  // for tests and replays; the system clock otherwise
};

struct PublishedFile {
  std::string name;
  std::string kind;  // "snapshot", "delta"
  std::int64_t fromVersion = 0;
  std::uint64_t length = 0;
  std::uint64_t rawLength = 0;
};

struct PublishReport {
  std::int64_t listVersion = 0;
  std::int64_t rootVersion = 0;
  std::int64_t targetsVersion = 0;
  std::int64_t timestampVersion = 0;
  std::vector<PublishedFile> files;
  std::vector<std::string> notes;  // e.g. "no delta from v3: schema differs"
};

// Writes the snapshot, the deltas, targets.json, timestamp.json and (first time / rotation)
// root.json + N.root.json. Metadata is replaced atomically (timestamp.json last), so a kiosk
// syncing concurrently sees the old or the new repository. Errors: InvalidArgument (bad
// key, a list version not newer than the one published, a table without PRIMARY KEY),
// InvalidData (not a list), Io.
Result<PublishReport> publishList(const PublishOptions& options);

}  // namespace bordergate::sync
