// Scripted USB bus (tests, demo): plug/unplug by call, with duplicated or lost hotplug events.
#include "bordergate/devices/fake_usb_backend.h"

#include <algorithm>

namespace bordergate::devices {

void FakeUsbBackend::Bus::deliver(const HotplugEvent& e) {
  // Called with the mutex held; the sink only queues, so this cannot re-enter.
  if (!hotplug || !sink || dropEvents) return;
  for (int i = 0; i <= duplicateEvents; ++i) sink(e);
}

void FakeUsbBackend::Bus::plug(const UsbDeviceInfo& d) {
  std::lock_guard<std::mutex> lock(mutex);
  devices.push_back(d);
  deliver({HotplugEvent::Kind::Arrived, d});
}

void FakeUsbBackend::Bus::unplug(std::uint8_t busNo, std::uint8_t address) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = std::find_if(devices.begin(), devices.end(), [&](const UsbDeviceInfo& d) { return d.bus == busNo && d.address == address; });
  if (it == devices.end()) return;
  const UsbDeviceInfo gone = *it;
  devices.erase(it);
  deliver({HotplugEvent::Kind::Left, gone});
}

Result<std::vector<UsbDeviceInfo>> FakeUsbBackend::enumerate() {
  std::lock_guard<std::mutex> lock(bus_->mutex);
  ++bus_->enumerations;
  if (bus_->enumerateError) return tl::unexpected(*bus_->enumerateError);
  return bus_->devices;
}

bool FakeUsbBackend::hotplugSupported() const {
  std::lock_guard<std::mutex> lock(bus_->mutex);
  return bus_->hotplug;
}

Result<void> FakeUsbBackend::startHotplug(std::function<void(const HotplugEvent&)> sink) {
  std::lock_guard<std::mutex> lock(bus_->mutex);
  if (!bus_->hotplug) return fail(ErrorCode::Unsupported, "fake bus: hotplug disabled");
  bus_->sink = std::move(sink);
  return {};
}

void FakeUsbBackend::stopHotplug() {
  std::lock_guard<std::mutex> lock(bus_->mutex);
  bus_->sink = nullptr;
}

}  // namespace bordergate::devices
