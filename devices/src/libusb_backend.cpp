// UsbBackend on libusb-1.0: enumeration from the device list, hotplug via
// libusb_hotplug_register_callback (callbacks only forward to the manager's queue).
#include <libusb.h>

#include "bordergate/devices/usb_backend.h"

namespace bordergate::devices {
namespace {

UsbDeviceInfo describeDevice(libusb_device* dev) {
  UsbDeviceInfo d;
  d.bus = libusb_get_bus_number(dev);
  d.address = libusb_get_device_address(dev);
  libusb_device_descriptor desc{};
  if (libusb_get_device_descriptor(dev, &desc) == 0) {
    d.vendorId = desc.idVendor;
    d.productId = desc.idProduct;
    d.deviceClass = desc.bDeviceClass;
  }
  // On Linux the active configuration descriptor comes from sysfs' cached copy: no bus I/O,
  // which is why it is also acceptable inside a hotplug callback.
  libusb_config_descriptor* cfg = nullptr;
  if (libusb_get_active_config_descriptor(dev, &cfg) == 0 && cfg) {
    for (int i = 0; i < cfg->bNumInterfaces; ++i)
      for (int a = 0; a < cfg->interface[i].num_altsetting; ++a) {
        const auto cls = cfg->interface[i].altsetting[a].bInterfaceClass;
        bool seen = false;
        for (auto c : d.interfaceClasses) seen = seen || c == cls;
        if (!seen) d.interfaceClasses.push_back(cls);
      }
    libusb_free_config_descriptor(cfg);
  }
  return d;
}

class LibusbBackend final : public UsbBackend {
 public:
  explicit LibusbBackend(libusb_context* ctx) : ctx_(ctx) {}
  ~LibusbBackend() override {
    stopHotplug();
    libusb_exit(ctx_);
  }
  LibusbBackend(const LibusbBackend&) = delete;
  LibusbBackend& operator=(const LibusbBackend&) = delete;

  Result<std::vector<UsbDeviceInfo>> enumerate() override {
    libusb_device** list = nullptr;
    const ssize_t n = libusb_get_device_list(ctx_, &list);
    if (n < 0) return fail(ErrorCode::Io, std::string("USB enumeration failed: ") + libusb_error_name(static_cast<int>(n)));
    std::vector<UsbDeviceInfo> out;
    for (ssize_t i = 0; i < n; ++i) out.push_back(describeDevice(list[i]));
    libusb_free_device_list(list, 1);
    return out;
  }

  bool hotplugSupported() const override { return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0; }

  Result<void> startHotplug(std::function<void(const HotplugEvent&)> sink) override {
    sink_ = std::move(sink);
    const int rc = libusb_hotplug_register_callback(
        ctx_, static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
        LIBUSB_HOTPLUG_NO_FLAGS, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, &LibusbBackend::callback, this,
        &handle_);
    if (rc != LIBUSB_SUCCESS) return fail(ErrorCode::Unsupported, std::string("libusb hotplug registration failed: ") + libusb_error_name(rc));
    registered_ = true;
    return {};
  }

  void stopHotplug() override {
    if (registered_) libusb_hotplug_deregister_callback(ctx_, handle_);
    registered_ = false;
  }

  void handleEvents(std::chrono::milliseconds timeout) override {
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
  }

 private:
  static int LIBUSB_CALL callback(libusb_context*, libusb_device* dev, libusb_hotplug_event event, void* self) {
    auto* me = static_cast<LibusbBackend*>(self);
    if (me->sink_)
      me->sink_({event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED ? HotplugEvent::Kind::Arrived : HotplugEvent::Kind::Left, describeDevice(dev)});
    return 0;  // stay registered
  }

  libusb_context* ctx_;
  std::function<void(const HotplugEvent&)> sink_;
  libusb_hotplug_callback_handle handle_{};
  bool registered_ = false;
};

}  // namespace

Result<std::unique_ptr<UsbBackend>> makeLibusbBackend() {
  libusb_context* ctx = nullptr;
  if (int rc = libusb_init(&ctx); rc != 0)
    return fail(ErrorCode::Internal, std::string("libusb_init failed: ") + libusb_error_name(rc) +
                                         "; the kiosk needs /dev/bus/usb (in a container: pass --device or run on the host)");
  return std::unique_ptr<UsbBackend>(new LibusbBackend(ctx));
}

}  // namespace bordergate::devices
