// Writes RGB images to PNG files (libpng), for the kiosk's screenshots.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "bordergate/core/result.h"

namespace bordergate::kiosk_app {

// `rgb` holds width*height*3 bytes, rows top to bottom. Io error with the path on failure.
Result<void> writePngRgb(const std::filesystem::path& path, int width, int height, const std::vector<std::uint8_t>& rgb);

}  // namespace bordergate::kiosk_app
