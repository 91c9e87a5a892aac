// DeviceManager through the scripted FakeUsbBackend: hotplug add/remove, duplicate and lost
// events, polling fallback, health states for the UI.
#include <catch2/catch.hpp>

#include "bordergate/devices/device_manager.h"
#include "bordergate/devices/fake_usb_backend.h"

using namespace bordergate;
using namespace bordergate::devices;
using namespace std::chrono_literals;

namespace {
UsbDeviceInfo board(std::uint8_t addr = 3) { return {1, addr, 0x1209, 0x0001, 0, {0xFF}}; }
UsbDeviceInfo camera(std::uint8_t addr = 4) { return {1, addr, 0x046d, 0x0825, 0xEF, {0x0E, 0x01}}; }

struct Rig {
  firmware_host::ManualClock clock;
  std::shared_ptr<FakeUsbBackend::Bus> bus = std::make_shared<FakeUsbBackend::Bus>();
  std::unique_ptr<DeviceManager> manager;
  void start(bool hotplug = true) {
    bus->hotplug = hotplug;
    manager = std::make_unique<DeviceManager>(std::make_unique<FakeUsbBackend>(bus), builtinKnownDevices(), clock);
    REQUIRE(manager->start());
  }
};
}  // namespace

TEST_CASE("devices present at start are identified without events") {
  Rig rig;
  rig.bus->devices = {board(), camera()};
  rig.start();
  CHECK(rig.manager->update().empty());
  auto d = rig.manager->devices();
  REQUIRE(d.size() == 2);
  CHECK(d[0].kind == DeviceKind::ControllerBoard);
  CHECK(d[1].kind == DeviceKind::Camera);
  CHECK(rig.manager->health(DeviceKind::Camera) == DeviceHealth::Ok);
  CHECK(rig.manager->health(DeviceKind::SmartCardReader) == DeviceHealth::Missing);
  CHECK_FALSE(rig.manager->polling());
}

TEST_CASE("hotplug arrival and removal are reported once each, even with duplicated events") {
  Rig rig;
  rig.bus->devices = {board()};
  rig.start();
  rig.bus->duplicateEvents = 2;  // every event delivered three times
  rig.bus->plug(camera());
  auto ch = rig.manager->update();
  REQUIRE(ch.size() == 1);
  CHECK(ch[0].kind == DeviceChange::Kind::Arrived);
  CHECK(ch[0].device.kind == DeviceKind::Camera);
  CHECK(rig.manager->update().empty());
  CHECK(rig.manager->health(DeviceKind::Camera) == DeviceHealth::Ok);
  rig.bus->unplug(1, 4);
  ch = rig.manager->update();
  REQUIRE(ch.size() == 1);
  CHECK(ch[0].kind == DeviceChange::Kind::Left);
  CHECK(rig.manager->health(DeviceKind::Camera) == DeviceHealth::Missing);
  CHECK(rig.manager->update().empty());
}

TEST_CASE("a replug (new address) is a removal plus an arrival") {
  Rig rig;
  rig.bus->devices = {camera(4)};
  rig.start();
  rig.bus->unplug(1, 4);
  rig.bus->plug(camera(9));
  auto ch = rig.manager->update();
  REQUIRE(ch.size() == 2);
  CHECK(ch[0].kind == DeviceChange::Kind::Left);
  CHECK(ch[1].kind == DeviceChange::Kind::Arrived);
  CHECK(ch[1].device.info.address == 9);
}

TEST_CASE("without hotplug support the manager polls every kPollInterval") {
  Rig rig;
  rig.start(false);
  CHECK(rig.manager->polling());
  rig.bus->plug(board());
  CHECK(rig.manager->update().empty());  // not due yet
  rig.clock.advance(DeviceManager::kPollInterval);
  auto ch = rig.manager->update();
  REQUIRE(ch.size() == 1);
  CHECK(ch[0].device.kind == DeviceKind::ControllerBoard);
}

TEST_CASE("lost hotplug events are caught up by the periodic resync") {
  Rig rig;
  rig.start();
  rig.bus->dropEvents = true;
  rig.bus->plug(camera());
  CHECK(rig.manager->update().empty());
  rig.clock.advance(DeviceManager::kResyncInterval);
  auto ch = rig.manager->update();
  REQUIRE(ch.size() == 1);
  CHECK(ch[0].kind == DeviceChange::Kind::Arrived);
}

TEST_CASE("unknown devices are listed by VID:PID and do not affect health") {
  Rig rig;
  rig.bus->devices = {{2, 7, 0x0781, 0x5567, 0, {0x08}}};
  rig.start();
  auto d = rig.manager->devices();
  REQUIRE(d.size() == 1);
  CHECK(d[0].kind == DeviceKind::Unknown);
  CHECK(d[0].name == "unknown device 0781:5567");
}

TEST_CASE("a reported fault makes the kind Faulty until cleared or the device leaves") {
  Rig rig;
  rig.bus->devices = {camera()};
  rig.start();
  rig.manager->reportFault(camera().key(), "no frames for 3 s");
  CHECK(rig.manager->health(DeviceKind::Camera) == DeviceHealth::Faulty);
  CHECK(rig.manager->devices()[0].detail == "no frames for 3 s");
  rig.manager->clearFault(camera().key());
  CHECK(rig.manager->health(DeviceKind::Camera) == DeviceHealth::Ok);
  rig.manager->reportFault(camera().key(), "broken");
  rig.bus->unplug(1, 4);
  rig.manager->update();
  rig.bus->plug(camera(5));
  rig.manager->update();
  CHECK(rig.manager->health(DeviceKind::Camera) == DeviceHealth::Ok);
}

TEST_CASE("an enumeration failure at start is returned, a failure later keeps the last picture") {
  Rig rig;
  rig.bus->enumerateError = Error{ErrorCode::Io, "usbfs not mounted"};
  auto m = std::make_unique<DeviceManager>(std::make_unique<FakeUsbBackend>(rig.bus), builtinKnownDevices(), rig.clock);
  auto r = m->start();
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "usbfs not mounted");
  Rig ok;
  ok.bus->devices = {camera()};
  ok.start();
  ok.bus->enumerateError = Error{ErrorCode::Io, "transient"};
  ok.bus->unplug(1, 4);
  CHECK(ok.manager->update().empty());
  CHECK(ok.manager->devices().size() == 1);
  ok.bus->enumerateError.reset();
  ok.clock.advance(DeviceManager::kResyncInterval);
  CHECK(ok.manager->update().size() == 1);
}
