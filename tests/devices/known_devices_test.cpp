// The known-device table (devices/data/known_devices.csv): parsing, matching by VID:PID and
// by USB class, and clear errors for a malformed table.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "bordergate/devices/usb_device.h"

using namespace bordergate;
using namespace bordergate::devices;

namespace {
UsbDeviceInfo dev(std::uint16_t vid, std::uint16_t pid, std::uint8_t cls, std::vector<std::uint8_t> ifaces) {
  UsbDeviceInfo d;
  d.bus = 1;
  d.address = 5;
  d.vendorId = vid;
  d.productId = pid;
  d.deviceClass = cls;
  d.interfaceClasses = std::move(ifaces);
  return d;
}
}  // namespace

TEST_CASE("the compiled-in table equals devices/data/known_devices.csv") {
  std::ifstream in(std::string(BORDERGATE_SOURCE_DIR) + "/devices/data/known_devices.csv");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  auto fromFile = parseKnownDevices(ss.str());
  REQUIRE(fromFile);
  const auto& builtin = builtinKnownDevices();
  REQUIRE(builtin.size() == fromFile->size());
  REQUIRE(builtin.size() >= 3);
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    CHECK(builtin[i].name == (*fromFile)[i].name);
    CHECK(builtin[i].kind == (*fromFile)[i].kind);
    CHECK_FALSE(builtin[i].source.empty());  // every row cites where its numbers come from
  }
}

TEST_CASE("the controller board is identified by its VID:PID") {
  const auto* k = identify(dev(0x1209, 0x0001, 0, {0xFF}), builtinKnownDevices());
  REQUIRE(k);
  CHECK(k->kind == DeviceKind::ControllerBoard);
  CHECK(k->name.find("PLACEHOLDER") != std::string::npos);
  // Same VID, other PID: not our board.
  CHECK(identify(dev(0x1209, 0x0002, 0, {0xFF}), builtinKnownDevices()) == nullptr);
}

TEST_CASE("any UVC camera is identified by interface class 0x0E, a CCID reader by 0x0B") {
  // Typical webcam: device class 0xEF (misc, IAD), interfaces video 0x0E + audio 0x01.
  const auto* cam = identify(dev(0x046d, 0x0825, 0xEF, {0x0E, 0x01}), builtinKnownDevices());
  REQUIRE(cam);
  CHECK(cam->kind == DeviceKind::Camera);
  const auto* reader = identify(dev(0x072f, 0x2200, 0, {0x0B}), builtinKnownDevices());
  REQUIRE(reader);
  CHECK(reader->kind == DeviceKind::SmartCardReader);
  CHECK(identify(dev(0x0781, 0x5567, 0, {0x08}), builtinKnownDevices()) == nullptr);  // a USB stick
}

TEST_CASE("a malformed table is rejected with the line and field named") {
  auto r = parseKnownDevices("# header\n1209,00x1,ff,camera,x,y\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidData);
  CHECK(r.error().message.find("line 2") != std::string::npos);
  CHECK(r.error().message.find("product_id") != std::string::npos);
  CHECK_FALSE(parseKnownDevices("1209,0001,ff,printer,x,y\n"));
  CHECK_FALSE(parseKnownDevices("1209,0001,ff,camera\n"));
  CHECK_FALSE(parseKnownDevices("*,*,*,camera,everything,no\n"));
  auto ok = parseKnownDevices("*,*,0e,camera,UVC,source, with a comma\n");
  REQUIRE(ok);
  CHECK((*ok)[0].source == "source, with a comma");
}
