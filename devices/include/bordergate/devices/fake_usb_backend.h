// FakeUsbBackend: a scripted USB bus for tests and the hardware-free demo. Devices are
// plugged/unplugged by calls; hotplug events can be duplicated, dropped or withheld
// (hotplug unsupported), and enumeration can be made to fail.
#pragma once

#include <mutex>
#include <optional>

#include "bordergate/devices/usb_backend.h"

namespace bordergate::devices {

class FakeUsbBackend final : public UsbBackend {
 public:
  // Shared state, so a test keeps a handle after moving the backend into a DeviceManager.
  struct Bus {
    std::mutex mutex;
    std::vector<UsbDeviceInfo> devices;
    bool hotplug = true;
    int duplicateEvents = 0;      // each event is delivered 1 + this many times
    bool dropEvents = false;      // events lost (the manager's resync must catch up)
    std::optional<Error> enumerateError;
    std::function<void(const HotplugEvent&)> sink;
    int enumerations = 0;

    void plug(const UsbDeviceInfo& d);
    void unplug(std::uint8_t bus, std::uint8_t address);
   private:
    void deliver(const HotplugEvent& e);
  };

  explicit FakeUsbBackend(std::shared_ptr<Bus> bus) : bus_(std::move(bus)) {}
  Result<std::vector<UsbDeviceInfo>> enumerate() override;
  bool hotplugSupported() const override;
  Result<void> startHotplug(std::function<void(const HotplugEvent&)> sink) override;
  void stopHotplug() override;
  void handleEvents(std::chrono::milliseconds) override {}

 private:
  std::shared_ptr<Bus> bus_;
};

}  // namespace bordergate::devices
