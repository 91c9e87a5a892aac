// Document illumination (white / infrared / ultraviolet) for imaging: the lights are on the
// controller board, so this goes through firmware_host::ControllerClient.
#pragma once

#include <chrono>

#include "bordergate/core/frame.h"
#include "bordergate/core/result.h"
#include "bordergate/devices/camera.h"
#include "bordergate/firmware_host/controller_client.h"

namespace bordergate::devices {

using firmware_host::IlluminationMode;

class DocumentLighting {
 public:
  // An LED switches in microseconds, but a rolling-shutter frame whose exposure began before
  // the switch mixes both lights. Discarding frames captured within two frame periods of
  // the acknowledged switch (2 x 33 ms at 30 fps, the usual UVC rate) leaves a clean one.
  static constexpr std::chrono::milliseconds kSettleTime{70};

  // `client` and `clock` (the client's clock) are borrowed and must outlive this object;
  // same threading as the client.
  DocumentLighting(firmware_host::ControllerClient& client, const Clock& clock) : client_(client), clock_(clock) {}

  // Switches the board's illumination; returns once the board acknowledged it.
  Result<void> select(IlluminationMode mode, std::uint8_t levelPercent = 100);

  // select(mode), then the first frame from `camera` captured at least kSettleTime after
  // the switch. Timeout if none arrives within `timeout`. The controller link is serviced
  // (heartbeats) while waiting.
  Result<Frame> capture(IlluminationMode mode, CameraSource& camera, std::chrono::milliseconds timeout);

 private:
  firmware_host::ControllerClient& client_;
  const Clock& clock_;
};

}  // namespace bordergate::devices
