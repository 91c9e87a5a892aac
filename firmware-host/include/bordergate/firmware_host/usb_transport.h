// Transport over the controller board's USB bulk endpoints (docs/controller-protocol.md §1),
// implemented with libusb-1.0. No libusb type appears here.
#pragma once

#include <cstdint>
#include <memory>

#include "bordergate/core/result.h"
#include "bordergate/firmware_host/transport.h"

namespace bordergate::firmware_host {

// §1: pid.codes test PID 1209:0001 — a PLACEHOLDER until the production board has its own
// PID from pid.codes (https://pid.codes/1209/0001/ is reserved "for testing only").
inline constexpr std::uint16_t kBoardVendorId = 0x1209;
inline constexpr std::uint16_t kBoardProductId = 0x0001;
inline constexpr std::uint8_t kBoardInterface = 0;
inline constexpr std::uint8_t kBoardEndpointOut = 0x01;
inline constexpr std::uint8_t kBoardEndpointIn = 0x81;

struct UsbBoardId {
  std::uint16_t vendorId = kBoardVendorId;
  std::uint16_t productId = kBoardProductId;
};

// Opens the first attached board and claims its interface. Errors:
//   NotFound  no such device on the bus (message lists what to check)
//   Io        found but cannot be opened/claimed (permissions: udev rule; another process)
//   Internal  libusb could not start
Result<std::unique_ptr<Transport>> openUsbBoard(UsbBoardId id = {});

}  // namespace bordergate::firmware_host
