// The kiosk's installed lists: which file is active, its version and its age.
//
// State directory layout (written by Syncer, read here; docs/sync.md "Atomic switch"):
//   DIR/current              symlink -> lists/list-<version>.db, replaced by rename(2)
//   DIR/lists/list-<v>.db    installed list files (the active one and its predecessor)
//   DIR/trusted/*.json       the verified root, targets and timestamp metadata
//   DIR/confirmed_at         when a sync last verified a fresh signed timestamp naming the
//                            active list as the newest (ISO 8601 UTC)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bordergate/core/result.h"
#include "bordergate/sync/clock.h"

namespace bordergate::sync {

// Read-only view; cheap to construct. Thread-safe (every call reads the file system afresh).
// Readers should open activePath() read-only (SQLITE_OPEN_READONLY) and may keep the
// connection open across syncs: a switch never modifies an installed file, it only points
// `current` at a new one, and the previous file is kept until the next switch.
class ListStore {
 public:
  explicit ListStore(std::string stateDir);

  const std::string& stateDir() const { return dir_; }
  // Absolute path of the active list file. NotFound if no list has been installed yet.
  Result<std::string> activePath() const;
  // list_meta.version of the active list.
  Result<std::int64_t> version() const;
  // list_meta.built_at of the active list.
  Result<TimePoint> builtAt() const;
  // Last successful sync that confirmed the active list is the newest published (nullopt if
  // never).
  std::optional<TimePoint> confirmedAt() const;
  // How old the kiosk's knowledge is: now - max(built_at, confirmed_at), never negative.
  // NotFound if no list is installed (callers treat that as stale).
  Result<Seconds> age(TimePoint now = Clock::now()) const;

 private:
  std::string dir_;
};

}  // namespace bordergate::sync
