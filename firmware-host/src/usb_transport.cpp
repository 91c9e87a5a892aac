// libusb-1.0 bulk transport to the controller board (synchronous API; one thread).
#include "bordergate/firmware_host/usb_transport.h"

#include <libusb.h>

#include <cstdio>
#include <string>

namespace bordergate::firmware_host {
namespace {

std::string hex4(std::uint16_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "%04x", v);
  return b;
}

class UsbTransport final : public Transport {
 public:
  UsbTransport(libusb_context* ctx, libusb_device_handle* h, std::string name) : ctx_(ctx), h_(h), name_(std::move(name)) {}
  ~UsbTransport() override {
    libusb_release_interface(h_, kBoardInterface);
    libusb_close(h_);
    libusb_exit(ctx_);
  }
  UsbTransport(const UsbTransport&) = delete;
  UsbTransport& operator=(const UsbTransport&) = delete;

  Result<void> send(std::span<const std::uint8_t> bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      int n = 0;
      // libusb takes a non-const buffer for both directions; OUT transfers do not write it.
      const int rc = libusb_bulk_transfer(h_, kBoardEndpointOut, const_cast<unsigned char*>(bytes.data() + done),
                                          static_cast<int>(bytes.size() - done), &n, 100);
      if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT) return ioError("write", rc);
      if (rc == LIBUSB_ERROR_TIMEOUT && n == 0) return fail(ErrorCode::Io, name_ + ": write timed out (board not reading its endpoint)");
      done += static_cast<std::size_t>(n);
    }
    return {};
  }

  Result<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override {
    std::vector<std::uint8_t> buf(512);
    int n = 0;
    // libusb: timeout 0 means "wait forever"; never ask for that.
    const unsigned int ms = static_cast<unsigned int>(std::max<std::int64_t>(1, timeout.count()));
    const int rc = libusb_bulk_transfer(h_, kBoardEndpointIn, buf.data(), static_cast<int>(buf.size()), &n, ms);
    if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT) return ioError("read", rc);
    buf.resize(static_cast<std::size_t>(n));
    return buf;
  }

  std::string describe() const override { return name_; }

 private:
  tl::unexpected<Error> ioError(const char* what, int rc) const {
    if (rc == LIBUSB_ERROR_NO_DEVICE)
      return fail(ErrorCode::Io, name_ + ": board unplugged during " + what + "; reconnect the USB cable");
    return fail(ErrorCode::Io, name_ + ": USB " + what + " failed: " + libusb_error_name(rc));
  }
  libusb_context* ctx_;
  libusb_device_handle* h_;
  std::string name_;
};

}  // namespace

Result<std::unique_ptr<Transport>> openUsbBoard(UsbBoardId id) {
  libusb_context* ctx = nullptr;
  if (int rc = libusb_init(&ctx); rc != 0)
    return fail(ErrorCode::Internal, std::string("libusb_init failed: ") + libusb_error_name(rc) + " (is /dev/bus/usb available?)");
  const std::string ids = hex4(id.vendorId) + ":" + hex4(id.productId);
  libusb_device_handle* h = libusb_open_device_with_vid_pid(ctx, id.vendorId, id.productId);
  if (!h) {
    // libusb_open_device_with_vid_pid returns NULL both for "absent" and "no permission";
    // tell them apart by enumerating.
    bool present = false;
    libusb_device** list = nullptr;
    const auto n = libusb_get_device_list(ctx, &list);
    for (ssize_t i = 0; i < n; ++i) {
      libusb_device_descriptor d{};
      if (libusb_get_device_descriptor(list[i], &d) == 0 && d.idVendor == id.vendorId && d.idProduct == id.productId) present = true;
    }
    if (list) libusb_free_device_list(list, 1);
    libusb_exit(ctx);
    if (present)
      return fail(ErrorCode::Io, "controller board " + ids + " is attached but cannot be opened: install the udev rule granting "
                                 "the kiosk user access (or run as a member of the plugdev group)");
    return fail(ErrorCode::NotFound, "no controller board " + ids + " on USB: check the cable, the board's power LED, and `lsusb -d " + ids +
                                         "` (the board simulator instead: `bordergate board --sim`, `bordergate-kiosk --board sim`)");
  }
  libusb_set_auto_detach_kernel_driver(h, 1);
  if (int rc = libusb_claim_interface(h, kBoardInterface); rc != 0) {
    libusb_close(h);
    libusb_exit(ctx);
    return fail(rc == LIBUSB_ERROR_BUSY ? ErrorCode::Busy : ErrorCode::Io,
                "controller board " + ids + ": cannot claim interface 0 (" + libusb_error_name(rc) +
                    "); is another bordergate process running?");
  }
  libusb_device* dev = libusb_get_device(h);
  const std::string name = "usb " + ids + " bus " + std::to_string(libusb_get_bus_number(dev)) + " addr " +
                           std::to_string(libusb_get_device_address(dev));
  return std::unique_ptr<Transport>(new UsbTransport(ctx, h, name));
}

}  // namespace bordergate::firmware_host
