// Frame: one camera image, shared between devices/ (producers) and vision/ (consumer)
// without exposing any OpenCV type in a public header (see STYLE.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace bordergate {

enum class PixelFormat {
  Gray8,  // 1 byte per pixel
  Bgr8,   // 3 bytes per pixel, B G R order (OpenCV's native order)
};

inline int bytesPerPixel(PixelFormat f) { return f == PixelFormat::Gray8 ? 1 : 3; }

// Owns its pixels through a shared buffer: copying a Frame is cheap and shares the pixels
// (treat pixels as immutable once published). Rows are `stride` bytes apart.
struct Frame {
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes per row, >= width * bytesPerPixel(format)
  PixelFormat format = PixelFormat::Gray8;
  std::shared_ptr<const std::vector<std::uint8_t>> pixels;
  std::uint64_t sequence = 0;                           // increasing per source
  std::chrono::steady_clock::time_point capturedAt{};  // monotonic capture time

  bool empty() const { return width <= 0 || height <= 0 || !pixels; }
  const std::uint8_t* row(int y) const { return pixels->data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(stride); }

  // Allocates a zeroed frame.
  static Frame allocate(int w, int h, PixelFormat f) {
    Frame fr;
    fr.width = w;
    fr.height = h;
    fr.format = f;
    fr.stride = w * bytesPerPixel(f);
    fr.pixels = std::make_shared<const std::vector<std::uint8_t>>(static_cast<std::size_t>(fr.stride) * static_cast<std::size_t>(h), 0);
    return fr;
  }
};

}  // namespace bordergate
