// libusb hotplug through umockdev: devices are added to and removed from an emulated sysfs
// with udev "add"/"remove" uevents while a DeviceManager on the real libusb backend runs.
// Runs under umockdev-wrapper (LD_PRELOAD); exits 77 (skip) when not preloaded.
#include <catch2/catch.hpp>

#include <umockdev.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "bordergate/devices/device_manager.h"

using namespace bordergate;
using namespace bordergate::devices;

namespace {

std::string readFile(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Calls update() for up to 3 s of real time until it reports something.
std::vector<DeviceChange> waitForChange(DeviceManager& m) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < end) {
    auto c = m.update();
    if (!c.empty()) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return {};
}

}  // namespace

TEST_CASE("umockdev hotplug: board arrival and removal reach the DeviceManager through libusb") {
  const char* preload = std::getenv("LD_PRELOAD");
  if (!preload || std::string(preload).find("umockdev-preload") == std::string::npos) {
    WARN("SKIPPED: not running under umockdev-wrapper");
    std::exit(77);
  }
  UMockdevTestbed* tb = umockdev_testbed_new();
  auto backend = makeLibusbBackend();
  REQUIRE(backend);
  firmware_host::SteadyClock clock;
  DeviceManager manager(std::move(*backend), builtinKnownDevices(), clock);
  REQUIRE(manager.start());
  CHECK(manager.devices().empty());
  if (manager.polling()) WARN("libusb reports no hotplug support here; the manager polls (1 s)");

  const std::string text = readFile(std::string(BORDERGATE_SOURCE_DIR) + "/tests/devices/umockdev/kiosk_bus.umockdev");
  const std::string board = text.substr(0, text.find("\n\n") + 1);
  GError* err = nullptr;
  REQUIRE(umockdev_testbed_add_from_string(tb, board.c_str(), &err));
  const char* sysPath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1";
  umockdev_testbed_uevent(tb, sysPath, "add");
  auto arrived = waitForChange(manager);
  REQUIRE(arrived.size() == 1);
  CHECK(arrived[0].kind == DeviceChange::Kind::Arrived);
  CHECK(arrived[0].device.kind == DeviceKind::ControllerBoard);
  CHECK(manager.health(DeviceKind::ControllerBoard) == DeviceHealth::Ok);

  umockdev_testbed_uevent(tb, sysPath, "remove");
  umockdev_testbed_remove_device(tb, sysPath);
  auto left = waitForChange(manager);
  REQUIRE(left.size() == 1);
  CHECK(left[0].kind == DeviceChange::Kind::Left);
  CHECK(manager.health(DeviceKind::ControllerBoard) == DeviceHealth::Missing);
  g_object_unref(tb);
}
