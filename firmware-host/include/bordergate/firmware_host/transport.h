// Byte transport between the host and the controller board: USB bulk endpoints for the real
// board (usb_transport.h), an in-process link to the board simulator (simulated_link.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bordergate/core/result.h"

namespace bordergate::firmware_host {

// Contract: bytes are an ordered stream of BGCP frames (docs/controller-protocol.md §2);
// packet boundaries carry no meaning. Not thread-safe: one thread (the ControllerClient's)
// drives a transport. Errors are ErrorCode::Io with a message naming the device and what
// to check (cable, permissions); a transport that returned Io may recover on a later call
// (the board was re-plugged) or keep failing.
class Transport {
 public:
  virtual ~Transport() = default;
  // Queues/writes all of `bytes`.
  virtual Result<void> send(std::span<const std::uint8_t> bytes) = 0;
  // Waits up to `timeout` for bytes from the peer. An empty vector means the timeout ran out.
  virtual Result<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) = 0;
  // "usb 1209:0001 bus 1 addr 4", "simulator".
  virtual std::string describe() const = 0;
};

}  // namespace bordergate::firmware_host
