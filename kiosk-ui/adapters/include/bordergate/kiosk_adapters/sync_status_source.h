// SyncStatusSource: the status bar's view of the sync module — the active list's version,
// origin and age with the staleness verdict (sync/staleness.h, the same evaluation as
// `bordergate sync status`), the last sync that confirmed the list, and the outbox's pending
// count (StateStore::pendingCount) — plus device health and interim adapters from the app.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/kiosk_adapters/active_list.h"
#include "bordergate/kiosk_ui/ports.h"
#include "bordergate/sync/staleness.h"
#include "bordergate/sync/state_store.h"

namespace bordergate::kiosk_adapters {

struct SyncStatusOptions {
  ListSourceOptions list;              // the same as the decision service's
  sync::StalenessPolicy staleness;     // the same as the decision service's
  std::filesystem::path stateDatabase; // DIR/state.db; empty: no outbox count
  std::string deviceHealth;            // cameras, readers (from the app / devices adapters)
  // When set, called at each refresh (so at most once per `refreshEvery`) and used instead of
  // `deviceHealth`: the camera adapter's live health ("camera DISCONNECTED ..."). UI thread.
  std::function<std::string()> deviceHealthFn;
  // When set, called with deviceHealthFn: false when the camera is missing or failing (the
  // status bar then shows deviceHealth red, among the first items). Unset: healthy.
  std::function<bool()> devicesHealthyFn;
  std::vector<std::string> interimAdapters;  // ports still on interim implementations
  // status() is called every frame; the list look-up and the outbox count (SQL) run at most
  // this often and the frames in between get the cached answer. One second keeps the count
  // current for a person reading it and costs < 1 SQL query per second (project choice).
  std::chrono::milliseconds refreshEvery{1000};
};

// Not thread-safe: UI thread only (owns its own StateStore connection and list reader).
class SyncStatusSource final : public kiosk_ui::StatusSource {
 public:
  // Opens its own connection to the state database (creating it if needed).
  static Result<std::unique_ptr<SyncStatusSource>> open(SyncStatusOptions options, const kiosk_ui::Clock& clock);

  // Cached; refreshed when `refreshEvery` has passed since the last refresh (monotonic time).
  kiosk_ui::LaneStatus status(kiosk_ui::MonoTime now) override;

  std::size_t refreshes() const { return refreshes_; }

 private:
  SyncStatusSource(SyncStatusOptions options, const kiosk_ui::Clock& clock, std::optional<sync::StateStore> store);
  void refresh();

  SyncStatusOptions options_;
  const kiosk_ui::Clock& clock_;
  std::optional<sync::StateStore> store_;
  ActiveList list_;
  kiosk_ui::LaneStatus cached_;
  std::optional<kiosk_ui::MonoTime> refreshedAt_;
  std::size_t refreshes_ = 0;
};

// "3 h", "2 d 4 h", "12 min": a human age for the status bar.
std::string humanAge(std::chrono::seconds age);

}  // namespace bordergate::kiosk_adapters
