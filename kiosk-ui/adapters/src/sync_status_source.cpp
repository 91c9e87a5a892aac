// SyncStatusSource: cached, rate-limited status of list, sync and outbox (see sync_status_source.h).
#include "bordergate/kiosk_adapters/sync_status_source.h"

namespace bordergate::kiosk_adapters {

std::string humanAge(std::chrono::seconds age) {
  const auto s = std::max<std::int64_t>(0, age.count());
  if (s < 3600) return std::to_string(s / 60) + " min";
  if (s < 2 * 86400) return std::to_string(s / 3600) + " h";
  return std::to_string(s / 86400) + " d " + std::to_string((s % 86400) / 3600) + " h";
}

SyncStatusSource::SyncStatusSource(SyncStatusOptions options, const kiosk_ui::Clock& clock, std::optional<sync::StateStore> store)
    : options_(std::move(options)), clock_(clock), store_(std::move(store)), list_(options_.list) {}

Result<std::unique_ptr<SyncStatusSource>> SyncStatusSource::open(SyncStatusOptions options, const kiosk_ui::Clock& clock) {
  std::optional<sync::StateStore> store;
  if (!options.stateDatabase.empty()) {
    auto s = sync::StateStore::open(options.stateDatabase.string());
    if (!s) return fail(s.error().code, "cannot open the kiosk state database " + options.stateDatabase.string() + ": " + s.error().message);
    store = std::move(*s);
  }
  return std::unique_ptr<SyncStatusSource>(new SyncStatusSource(std::move(options), clock, std::move(store)));
}

kiosk_ui::LaneStatus SyncStatusSource::status(kiosk_ui::MonoTime now) {
  if (!refreshedAt_ || now - *refreshedAt_ >= options_.refreshEvery || now < *refreshedAt_) {
    refreshedAt_ = now;
    refresh();
  }
  return cached_;
}

void SyncStatusSource::refresh() {
  ++refreshes_;
  kiosk_ui::LaneStatus s;
  s.deviceHealth = options_.deviceHealthFn ? options_.deviceHealthFn() : options_.deviceHealth;
  s.devicesHealthy = options_.devicesHealthyFn ? options_.devicesHealthyFn() : true;
  s.interimAdapters = options_.interimAdapters;
  const auto wall = clock_.wall();
  auto list = list_.current();
  if (!list) {
    // No list: the decision service refuses to recommend, every traveller goes to an officer.
    s.listStale = true;
    s.listMessage = list.error().message;
    s.syncState = "no list";
  } else {
    const auto nowS = std::chrono::duration_cast<std::chrono::seconds>(wall.time_since_epoch()).count();
    const auto age = std::chrono::seconds(std::max<std::int64_t>(0, nowS - list_.freshAt()));
    const auto verdict = sync::evaluateStaleness(options_.staleness, age);
    s.listVersion = std::to_string((*list)->version());
    if (list_.origin() == ListOrigin::Sample) s.listVersion += " SAMPLE";  // fictitious demo data (rules/data)
    if (list_.origin() == ListOrigin::File) s.listVersion += " (file)";
    s.listAge = std::chrono::duration_cast<std::chrono::hours>(age);
    s.listStale = verdict.freshness == sync::Freshness::Stale;
    s.listWarning = verdict.freshness == sync::Freshness::Warning;
    s.listMessage = verdict.message;
    switch (list_.origin()) {
      case ListOrigin::Synced:
        if (auto c = list_.confirmedAt())
          s.syncState = "last sync " + humanAge(std::chrono::duration_cast<std::chrono::seconds>(wall - *c)) + " ago";
        else
          s.syncState = "no sync confirmed the list";
        break;
      case ListOrigin::Sample: s.syncState = "never (sample list)"; break;
      case ListOrigin::File: s.syncState = "off (--list)"; break;
    }
  }
  if (store_) {
    if (auto n = store_->pendingCount()) {
      s.outboxPending = static_cast<std::size_t>(std::max<std::int64_t>(0, *n));
    } else {
      s.outboxPending = cached_.outboxPending;
      s.syncState += ", outbox unreadable: " + n.error().message;
    }
  }
  cached_ = std::move(s);
}

}  // namespace bordergate::kiosk_adapters
