// DeviceManager: enumeration + diff, hotplug as wake-up, polling fallback, health states.
#include "bordergate/devices/device_manager.h"

#include <algorithm>

namespace bordergate::devices {

std::string_view deviceHealthName(DeviceHealth h) {
  switch (h) {
    case DeviceHealth::Ok: return "ok";
    case DeviceHealth::Missing: return "missing";
    case DeviceHealth::Faulty: return "faulty";
  }
  return "?";
}

DeviceManager::DeviceManager(std::unique_ptr<UsbBackend> backend, std::vector<KnownDevice> table, const firmware_host::Clock& clock)
    : backend_(std::move(backend)), table_(std::move(table)), clock_(clock) {}

DeviceManager::~DeviceManager() {
  if (started_ && !polling_) backend_->stopHotplug();
}

DeviceStatus DeviceManager::describe(const UsbDeviceInfo& d) const {
  DeviceStatus s;
  s.info = d;
  if (const KnownDevice* k = identify(d, table_)) {
    s.kind = k->kind;
    s.name = k->name;
  } else {
    s.name = "unknown device " + d.id();
  }
  return s;
}

Result<void> DeviceManager::start() {
  started_ = true;
  polling_ = true;
  if (backend_->hotplugSupported()) {
    // The sink only queues (libusb forbids blocking work in hotplug callbacks).
    auto q = queue_;
    auto r = backend_->startHotplug([q](const HotplugEvent& e) {
      std::lock_guard<std::mutex> lock(q->mutex);
      q->events.push_back(e);
    });
    polling_ = !r.has_value();
  }
  std::vector<DeviceChange> ignored;
  auto e = backend_->enumerate();
  nextResync_ = clock_.now() + (polling_ ? kPollInterval : kResyncInterval);
  if (!e) return tl::unexpected(e.error());
  for (const auto& d : *e) present_[{d.bus, d.address}] = describe(d);
  return {};
}

void DeviceManager::resync(std::vector<DeviceChange>& changes) {
  auto e = backend_->enumerate();
  nextResync_ = clock_.now() + (polling_ ? kPollInterval : kResyncInterval);
  if (!e) return;  // keep the last known picture; the next resync retries
  std::map<std::pair<int, int>, UsbDeviceInfo> now;
  for (const auto& d : *e) now[{d.bus, d.address}] = d;
  for (auto it = present_.begin(); it != present_.end();) {
    if (!now.count(it->first)) {
      changes.push_back({DeviceChange::Kind::Left, it->second});
      it = present_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [k, d] : now) {
    if (present_.count(k)) continue;
    auto s = describe(d);
    present_[k] = s;
    changes.push_back({DeviceChange::Kind::Arrived, s});
  }
}

std::vector<DeviceChange> DeviceManager::update() {
  std::vector<DeviceChange> changes;
  if (!started_) return changes;
  if (!polling_) backend_->handleEvents(std::chrono::milliseconds(0));
  bool woke = false;
  {
    std::lock_guard<std::mutex> lock(queue_->mutex);
    woke = !queue_->events.empty();
    queue_->events.clear();
  }
  if (woke || clock_.now() >= nextResync_) resync(changes);
  return changes;
}

std::vector<DeviceStatus> DeviceManager::devices() const {
  std::vector<DeviceStatus> out;
  for (const auto& [k, s] : present_) out.push_back(s);
  return out;
}

DeviceHealth DeviceManager::health(DeviceKind kind) const {
  bool any = false;
  for (const auto& [k, s] : present_) {
    if (s.kind != kind) continue;
    any = true;
    if (s.health == DeviceHealth::Faulty) return DeviceHealth::Faulty;
  }
  return any ? DeviceHealth::Ok : DeviceHealth::Missing;
}

void DeviceManager::reportFault(const std::string& key, std::string detail) {
  for (auto& [k, s] : present_)
    if (s.info.key() == key) {
      s.health = DeviceHealth::Faulty;
      s.detail = std::move(detail);
    }
}

void DeviceManager::clearFault(const std::string& key) {
  for (auto& [k, s] : present_)
    if (s.info.key() == key) {
      s.health = DeviceHealth::Ok;
      s.detail.clear();
    }
}

}  // namespace bordergate::devices
