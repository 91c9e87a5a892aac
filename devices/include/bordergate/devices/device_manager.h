// DeviceManager: finds the kiosk's USB hardware, identifies it from the known-device table,
// follows hotplug, and keeps a health state per device kind for the UI.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/devices/usb_backend.h"
#include "bordergate/devices/usb_device.h"
#include "bordergate/firmware_host/clock.h"

namespace bordergate::devices {

// What the UI shows per device kind.
enum class DeviceHealth {
  Ok,        // present and not reported faulty
  Missing,   // no device of this kind on the bus
  Faulty,    // present, but its user reported a failure (e.g. camera does not stream)
};
std::string_view deviceHealthName(DeviceHealth h);

struct DeviceStatus {
  UsbDeviceInfo info;
  DeviceKind kind = DeviceKind::Unknown;
  std::string name;         // from the table, or "unknown device 1234:5678"
  DeviceHealth health = DeviceHealth::Ok;
  std::string detail;       // the fault report, when Faulty
};

struct DeviceChange {
  enum class Kind { Arrived, Left };
  Kind kind;
  DeviceStatus device;
};

// Hotplug events are wake-ups, not truth: on any event (and periodically) the manager
// re-enumerates and diffs, so duplicated, lost or reordered events cannot desynchronise it.
// Without hotplug support it polls. Not thread-safe except for the hotplug sink: one thread
// calls start()/update()/devices().
class DeviceManager {
 public:
  // Poll interval without hotplug: 1 s — a person plugging a camera expects the UI to react
  // "at once"; libusb's Linux backend enumerates from cached sysfs descriptors, no bus I/O.
  static constexpr std::chrono::milliseconds kPollInterval{1000};
  // Resync interval with hotplug: 5 s bounds how long a lost event can go unnoticed.
  static constexpr std::chrono::milliseconds kResyncInterval{5000};

  DeviceManager(std::unique_ptr<UsbBackend> backend, std::vector<KnownDevice> table, const firmware_host::Clock& clock);
  ~DeviceManager();
  DeviceManager(const DeviceManager&) = delete;
  DeviceManager& operator=(const DeviceManager&) = delete;

  // First enumeration and hotplug registration (falls back to polling when unsupported or
  // registration fails). Returns the enumeration error, if any (e.g. no usbfs).
  Result<void> start();
  // Processes queued hotplug events / polls when due. Returns what changed since last call.
  std::vector<DeviceChange> update();
  // Present devices (known and unknown), ordered by bus/address.
  std::vector<DeviceStatus> devices() const;
  // Ok if a device of `kind` is present and none of them is Faulty; Missing if none.
  DeviceHealth health(DeviceKind kind) const;
  // A user of a device (camera source, controller client) reports it broken / working.
  void reportFault(const std::string& key, std::string detail);
  void clearFault(const std::string& key);
  bool polling() const { return polling_; }

 private:
  void resync(std::vector<DeviceChange>& changes);
  DeviceStatus describe(const UsbDeviceInfo& d) const;

  std::unique_ptr<UsbBackend> backend_;
  std::vector<KnownDevice> table_;
  const firmware_host::Clock& clock_;
  std::map<std::pair<int, int>, DeviceStatus> present_;
  bool polling_ = false;
  bool started_ = false;
  firmware_host::Clock::TimePoint nextResync_{};

  // Filled by the hotplug sink (any thread); drained by update().
  struct Queue {
    std::mutex mutex;
    std::deque<HotplugEvent> events;
  };
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
};

}  // namespace bordergate::devices
