// Which Law 6458 list file the kiosk decides on right now, and the list opened read-only:
// the list a sync installed in the state directory (sync::ListStore, `bordergate sync
// --state DIR`), else a fallback (the shipped sample list, for the demo), or one file given
// explicitly (--list FILE). Shared by RulesDecisionService and SyncStatusSource.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bordergate/core/result.h"
#include "bordergate/rules/list_file.h"
#include "bordergate/sync/clock.h"

namespace bordergate::kiosk_adapters {

enum class ListOrigin {
  Synced,  // installed by `bordergate sync` in the state directory (DIR/current)
  Sample,  // the shipped SAMPLE list built from rules/data (fictitious people): demo only
  File,    // a list file named on the command line (--list FILE)
};
std::string_view listOriginName(ListOrigin o);  // "synced", "sample", "file"

struct ListSourceOptions {
  // The sync state directory (list_store.h layout). Its installed list wins whenever there is one.
  std::filesystem::path stateDir;
  // Used while the state directory has no installed list (the sample list). Unset: no list -> Error.
  std::optional<std::filesystem::path> fallbackList;
  // When set, only this file is used; the state directory's lists are ignored.
  std::optional<std::filesystem::path> fixedList;
};

// The list opened for deciding. Not thread-safe: one ActiveList per thread (ListReader is not).
class ActiveList {
 public:
  explicit ActiveList(ListSourceOptions options);
  ~ActiveList();
  ActiveList(const ActiveList&) = delete;
  ActiveList& operator=(const ActiveList&) = delete;

  // Resolves which file is active now (one readlink(2) of DIR/current plus a read of the small
  // DIR/confirmed_at file) and reopens the list only when that file changed: an installed file
  // is never modified (a new version is a new file), so a path change is a version change and
  // SQLite is opened once per version, not per decision. Until `current` is switched the old
  // file keeps answering. NotFound (no list anywhere) or the open error (corrupt list), with a
  // message a person can act on; after an error the next call tries again.
  Result<const rules::ListReader*> current();

  ListOrigin origin() const { return origin_; }
  // When a sync last confirmed the active list is the newest published (synced lists only).
  std::optional<sync::TimePoint> confirmedAt() const { return confirmedAt_; }
  // What the list's age is measured from: max(built_at, confirmed_at), as sync::ListStore::age.
  // Seconds since epoch; only meaningful after a successful current().
  std::int64_t freshAt() const;
  // How many times a list file was opened (the first open included). For tests and diagnostics.
  std::size_t opens() const { return opens_; }

 private:
  ListSourceOptions options_;
  std::unique_ptr<rules::ListReader> reader_;
  std::string openPath_;
  ListOrigin origin_ = ListOrigin::Synced;
  std::optional<sync::TimePoint> confirmedAt_;
  std::size_t opens_ = 0;
};

// Makes sure the SAMPLE list built from `sampleDataDir` (rules/data) exists at `out`, the way
// `bordergate list build --from rules/data --out FILE` builds it. Rebuilds it when it is
// missing, unreadable, of another version than sampleDataDir/VERSION, or built more than
// `rebuildAfter` ago: the sample has no publisher that could refresh it, so without this the
// demo would refer every traveller (LIST_STALE) a few days after its first start. Only ever
// used for the sample: a real list's age is never reset this way. Returns `out`.
Result<std::filesystem::path> prepareSampleList(const std::filesystem::path& sampleDataDir, const std::filesystem::path& out,
                                                std::chrono::seconds rebuildAfter, sync::TimePoint now = sync::Clock::now());

}  // namespace bordergate::kiosk_adapters
