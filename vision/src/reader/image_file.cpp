// Image files -> Frame (see image_file.h).
#include "bordergate/vision/image_file.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "frame_mat.h"

namespace bordergate::vision {

namespace {

// Width and height a PNG's IHDR chunk (PNG spec §11.2.2) or a JPEG's frame header (SOFn,
// ITU-T T.81 §B.2.2) declares, read before anything is decoded; nullopt for other formats or
// a header this does not find.
std::optional<std::pair<std::uint32_t, std::uint32_t>> declaredSize(const std::vector<uchar>& b) {
  static constexpr uchar kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  auto be = [&](std::size_t i, int n) {
    std::uint32_t v = 0;
    for (int k = 0; k < n; ++k) v = (v << 8) | b[i + static_cast<std::size_t>(k)];
    return v;
  };
  if (b.size() >= 24 && std::memcmp(b.data(), kPng, 8) == 0 && std::memcmp(&b[12], "IHDR", 4) == 0)
    return std::pair{be(16, 4), be(20, 4)};
  if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
  for (std::size_t i = 2; i + 9 < b.size();) {
    if (b[i] != 0xFF) return std::nullopt;
    const uchar m = b[i + 1];
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {  // markers without a length
      i += 2;
      continue;
    }
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) return std::pair{be(i + 7, 2), be(i + 5, 2)};
    if (m == 0xDA || m == 0xD9) return std::nullopt;  // scan data or the end before a frame header
    i += 2 + be(i + 2, 2);
  }
  return std::nullopt;
}

}  // namespace

Result<Frame> loadImageFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail(ErrorCode::InvalidArgument,
                "image file " + path + " is a directory, not an image: give the image files in it (" + path + "/*.png)");
  if (!std::filesystem::is_regular_file(path, ec)) return fail(ErrorCode::NotFound, "image file " + path + " does not exist");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Io, "image file " + path + " could not be opened for reading: check its permissions");
  std::vector<uchar> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An empty buffer is an assertion inside cv::imdecode, whose text names OpenCV's source file
  // rather than the problem.
  if (bytes.empty()) return fail(ErrorCode::InvalidData, "image file " + path + " is empty (0 bytes): not an image");
  if (const auto size = declaredSize(bytes);
      size && static_cast<long long>(size->first) * static_cast<long long>(size->second) > kMaxImagePixels)
    return fail(ErrorCode::InvalidArgument, "image file " + path + " is " + std::to_string(size->first) + " x " +
                                                std::to_string(size->second) + " pixels, more than the reader takes (" +
                                                std::to_string(kMaxImagePixels / 1'000'000) +
                                                " megapixels): scale it down, or crop it to the document");
  cv::Mat img;
  try {
    img = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    if (!img.empty() && img.depth() != CV_8U) img.convertTo(img, CV_8U, 1.0 / 257.0);
    if (!img.empty() && img.channels() == 4) cv::cvtColor(img, img, cv::COLOR_BGRA2BGR);
  } catch (const cv::Exception& e) {
    // e.err is OpenCV's own short description; e.what() adds its source file and line.
    return fail(ErrorCode::InvalidData,
                "image file " + path + " could not be decoded (" + e.err + "): the file is damaged or not an image");
  }
  if (img.empty() || (img.channels() != 1 && img.channels() != 3))
    return fail(ErrorCode::InvalidData, "image file " + path + " is not a decodable image (PNG, JPEG, BMP, TIFF...)");
  return frameCopy(img);
}

}  // namespace bordergate::vision
