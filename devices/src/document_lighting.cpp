// Illumination switching and settled capture through the controller board.
#include "bordergate/devices/document_lighting.h"

namespace bordergate::devices {

Result<void> DocumentLighting::select(IlluminationMode mode, std::uint8_t levelPercent) {
  auto r = client_.setIllumination(mode, levelPercent);
  if (!r) return fail(r.error().code, "cannot switch document illumination to " +
                                          std::string(firmware_host::illuminationModeName(mode)) + ": " + r.error().message);
  return {};
}

Result<Frame> DocumentLighting::capture(IlluminationMode mode, CameraSource& camera, std::chrono::milliseconds timeout) {
  if (auto s = select(mode); !s) return tl::unexpected(s.error());
  const auto settledAt = clock_.now() + kSettleTime;
  const auto deadline = clock_.now() + timeout;
  while (clock_.now() < deadline) {
    if (auto f = camera.poll()) {
      if (f->capturedAt >= settledAt) return std::move(*f);
      continue;  // exposed (partly) under the previous light
    }
    // Wait for the camera's next frame, keeping the controller link alive meanwhile.
    const auto until = std::min(camera.nextDue(), deadline);
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - clock_.now());
    client_.poll(std::max(wait, std::chrono::milliseconds(1)));
  }
  return fail(ErrorCode::Timeout, "no frame from " + camera.describe() + " under " + std::string(firmware_host::illuminationModeName(mode)) +
                                      " light within " + std::to_string(timeout.count()) + " ms; check the camera connection");
}

}  // namespace bordergate::devices
