// libusb-level tests: the real libusb backends run against USB devices emulated by umockdev
// (Debian package umockdev; recorded sysfs descriptors in tests/devices/umockdev/). These
// cases are hidden from the normal run and executed under `umockdev-run` by CTest.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "bordergate/devices/device_manager.h"
#include "bordergate/firmware_host/usb_transport.h"

using namespace bordergate;
using namespace bordergate::devices;

TEST_CASE("umockdev: the libusb backend enumerates and identifies the controller board and the UVC camera", "[.][umockdev]") {
  REQUIRE(std::getenv("UMOCKDEV_DIR"));  // must run under umockdev-run, never on the real bus
  auto backend = makeLibusbBackend();
  REQUIRE(backend);
  firmware_host::ManualClock clock;
  DeviceManager manager(std::move(*backend), builtinKnownDevices(), clock);
  REQUIRE(manager.start());
  auto devs = manager.devices();
  REQUIRE(devs.size() == 2);
  CHECK(devs[0].info.key() == "bus 1 addr 2");
  CHECK(devs[0].info.id() == "1209:0001");
  CHECK(devs[0].kind == DeviceKind::ControllerBoard);
  CHECK(devs[0].info.interfaceClasses == std::vector<std::uint8_t>{0xFF});
  CHECK(devs[1].info.id() == "046d:0825");
  CHECK(devs[1].kind == DeviceKind::Camera);
  CHECK(manager.health(DeviceKind::ControllerBoard) == DeviceHealth::Ok);
  CHECK(manager.health(DeviceKind::SmartCardReader) == DeviceHealth::Missing);
  CHECK(manager.update().empty());
}

TEST_CASE("umockdev: opening the emulated board fails cleanly with an actionable error", "[.][umockdev]") {
  REQUIRE(std::getenv("UMOCKDEV_DIR"));
  // The emulated node has no usbfs behind it: libusb cannot claim the interface. What
  // matters is a typed error naming the device, not a crash or a hang.
  auto t = firmware_host::openUsbBoard();
  if (t) {
    WARN("umockdev let libusb open the board; nothing more to check here");
    return;
  }
  CHECK(t.error().message.find("1209:0001") != std::string::npos);
  CHECK(t.error().code != ErrorCode::NotFound);  // it is on the (emulated) bus
}

TEST_CASE("umockdev: without the board attached openUsbBoard says what to check", "[.][umockdev-empty]") {
  REQUIRE(std::getenv("UMOCKDEV_DIR"));
  auto t = firmware_host::openUsbBoard();
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::NotFound);
  CHECK(t.error().message.find("check the cable") != std::string::npos);
}
