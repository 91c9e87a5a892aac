// The kiosk side of the downlink: fetch, verify and atomically install signed list updates.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "bordergate/core/result.h"
#include "bordergate/sync/clock.h"

namespace bordergate::sync {

// Why a sync did not install anything. On every failure the active list is unchanged.
enum class SyncFailure {
  Network,          // server down, timeout, stall, HTTP error: transient, retried
  Busy,             // another sync holds the state directory lock: transient
  NotFound,         // the repository lacks a file its metadata promised
  InvalidMetadata,  // metadata is not well-formed canonical JSON of the expected type
  BadSignature,     // signatures missing, invalid or from keys the pinned root does not trust
  Rollback,         // a metadata or list version lower than the one already trusted/installed
  Expired,          // metadata past its expiry (freeze attack, or the publisher stopped)
  HashMismatch,     // a download's size or SHA-256 differs from the signed targets (truncation, tampering)
  WrongBase,        // a delta that does not apply to the installed version
  CorruptList,      // the new list fails PRAGMA quick_check or its list_meta disagrees with targets
  NoTrustedRoot,    // the state directory has no pinned root.json (provision with --root)
  LocalIo,          // the kiosk's own disk failed (full, read-only, permissions)
};
std::string_view syncFailureName(SyncFailure kind);

struct SyncError {
  SyncFailure kind = SyncFailure::Network;
  std::string message;  // what failed and what to do
  // Network and Busy failures may succeed on a retry; the rest need a person.
  bool transient() const { return kind == SyncFailure::Network || kind == SyncFailure::Busy; }
  std::string describe() const;  // "Rollback: ..."
};

enum class SyncAction { UpToDate, AppliedDelta, InstalledSnapshot };
std::string_view syncActionName(SyncAction a);

struct SyncReport {
  SyncAction action = SyncAction::UpToDate;
  std::int64_t fromVersion = 0;  // 0: no list was installed
  std::int64_t toVersion = 0;
  std::int64_t rootVersion = 0;
  std::string file;  // the target file used
  std::uint64_t bytesDownloaded = 0;
  std::vector<std::string> notes;  // e.g. a rejected delta followed by a snapshot install
};

template <typename T>
using SyncResult = tl::expected<T, SyncError>;

struct SyncOptions {
  std::string repoUrl;   // http://host/path, https://..., file:///path
  std::string stateDir;  // see list_store.h for its layout
  // Pinned root of trust for a freshly provisioned state directory (obtained out of band).
  // Ignored once DIR/trusted/root.json exists; later roots arrive by signed rotation only.
  std::optional<std::string> initialRootPath;
  long connectTimeoutSeconds = 10;
  long stallTimeoutSeconds = 30;  // < 1 byte/s for this long aborts a download
  bool preferSnapshot = false;    // skip deltas (diagnostics)
  std::function<TimePoint()> now;  // the system clock when empty (tests inject one)
};

struct RetryPolicy {
  int maxAttempts = 5;
  // 1 s, 2 s, 4 s, 8 s between attempts (+ up to 25 % jitter so a fleet does not retry in
  // lock step after an outage), capped at maxDelay.
  std::chrono::milliseconds initialDelay{1000};
  double factor = 2.0;
  std::chrono::milliseconds maxDelay{60000};
};

// Not thread-safe; one Syncer per state directory (a lock file also excludes other
// processes). ListStore readers may run concurrently in any thread or process.
class Syncer {
 public:
  explicit Syncer(SyncOptions options);

  // One attempt: fetch timestamp.json; if it names a new list, verify everything and
  // install it (delta applied in one transaction to a copy, or snapshot), check it, switch
  // `current` atomically. On any failure nothing visible to readers changes.
  SyncResult<SyncReport> syncOnce();

  // syncOnce() retried with exponential backoff while the failure is transient. `sleep`
  // defaults to std::this_thread::sleep_for.
  SyncResult<SyncReport> syncWithRetry(const RetryPolicy& policy,
                                       const std::function<void(std::chrono::milliseconds)>& sleep = {});

 private:
  SyncOptions o_;
};

}  // namespace bordergate::sync
