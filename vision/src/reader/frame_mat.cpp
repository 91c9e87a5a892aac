// Frame <-> cv::Mat (see frame_mat.h).
#include "frame_mat.h"

#include <cstring>
#include <memory>
#include <vector>

namespace bordergate::vision {

cv::Mat frameView(const Frame& frame) {
  if (frame.empty() || frame.stride < frame.width * bytesPerPixel(frame.format) ||
      frame.pixels->size() < static_cast<std::size_t>(frame.stride) * static_cast<std::size_t>(frame.height))
    return {};
  const int type = frame.format == PixelFormat::Gray8 ? CV_8UC1 : CV_8UC3;
  // cv::Mat over const pixels: read-only use only (frame_mat.h).
  return cv::Mat(frame.height, frame.width, type, const_cast<std::uint8_t*>(frame.pixels->data()), static_cast<std::size_t>(frame.stride));
}

Frame frameCopy(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) return {};
  Frame f;
  f.width = image.cols;
  f.height = image.rows;
  f.format = image.channels() == 1 ? PixelFormat::Gray8 : PixelFormat::Bgr8;
  f.stride = f.width * bytesPerPixel(f.format);
  auto buf = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(f.stride) * static_cast<std::size_t>(f.height));
  for (int y = 0; y < image.rows; ++y)
    std::memcpy(buf->data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(f.stride), image.ptr(y), static_cast<std::size_t>(f.stride));
  f.pixels = std::move(buf);
  return f;
}

}  // namespace bordergate::vision
