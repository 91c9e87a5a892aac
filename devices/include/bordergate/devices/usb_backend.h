// UsbBackend: how the DeviceManager sees the USB bus. One interface, several
// implementations (as libusb has real and null backends): libusb (makeLibusbBackend) and a
// scripted fake for tests and the demo (FakeUsbBackend, fake_usb_backend.h).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/devices/usb_device.h"

namespace bordergate::devices {

struct HotplugEvent {
  enum class Kind { Arrived, Left };
  Kind kind;
  UsbDeviceInfo device;
};

// Contract: enumerate() and handleEvents() are called from the manager's thread. The sink
// passed to startHotplug() may be called from any thread (libusb's event handling), and must
// only queue: it must not call back into the backend.
class UsbBackend {
 public:
  virtual ~UsbBackend() = default;
  virtual Result<std::vector<UsbDeviceInfo>> enumerate() = 0;
  virtual bool hotplugSupported() const = 0;
  virtual Result<void> startHotplug(std::function<void(const HotplugEvent&)> sink) = 0;
  virtual void stopHotplug() = 0;
  // Lets the backend deliver pending hotplug callbacks; waits at most `timeout`.
  virtual void handleEvents(std::chrono::milliseconds timeout) = 0;
};

// libusb-1.0. Errors: Internal when libusb cannot be initialised (no usbfs), with advice.
Result<std::unique_ptr<UsbBackend>> makeLibusbBackend();

}  // namespace bordergate::devices
