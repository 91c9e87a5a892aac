// USB device identity and the known-device table (devices/data/known_devices.csv): how the
// kiosk recognises its camera, controller board and chip reader by VID:PID and class.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/result.h"

namespace bordergate::devices {

// One device on the bus as enumeration reports it. Identity on the bus is (bus, address):
// a re-plugged device gets a new address, so a replug is a removal plus an arrival.
struct UsbDeviceInfo {
  std::uint8_t bus = 0;
  std::uint8_t address = 0;
  std::uint16_t vendorId = 0;
  std::uint16_t productId = 0;
  std::uint8_t deviceClass = 0;                 // bDeviceClass (0 = per interface)
  std::vector<std::uint8_t> interfaceClasses;   // bInterfaceClass of the active configuration

  std::string key() const;   // "bus 1 addr 4"
  std::string id() const;    // "1209:0001"
  bool operator==(const UsbDeviceInfo&) const = default;
};

enum class DeviceKind { Unknown, ControllerBoard, Camera, SmartCardReader };
std::string_view deviceKindName(DeviceKind k);

struct KnownDevice {
  std::optional<std::uint16_t> vendorId;  // nullopt = any
  std::optional<std::uint16_t> productId;
  std::optional<std::uint8_t> usbClass;   // matches bDeviceClass or any bInterfaceClass
  DeviceKind kind = DeviceKind::Unknown;
  std::string name;
  std::string source;                     // where the numbers come from
};

// Parses the CSV format of devices/data/known_devices.csv. Errors name the line and field.
Result<std::vector<KnownDevice>> parseKnownDevices(std::string_view csv);
// The table compiled into the library from devices/data/known_devices.csv.
const std::vector<KnownDevice>& builtinKnownDevices();
// The first matching row, or nullptr.
const KnownDevice* identify(const UsbDeviceInfo& d, const std::vector<KnownDevice>& table);

}  // namespace bordergate::devices
