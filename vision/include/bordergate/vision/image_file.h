// Image files -> Frame, so that tools and tests never need OpenCV themselves.
#pragma once

#include <string>

#include "bordergate/core/frame.h"
#include "bordergate/core/result.h"

namespace bordergate::vision {

// The largest image loadImageFile decodes (pixels): a 9000x6000 photo of a page fits; a PNG
// of 1 MB that decodes to 32000x32000 (a decompression bomb) took 2.1 GB and 10 s before
// (a review, 7 Dec 2026). Checked from a PNG's or JPEG's header before decoding.
inline constexpr long long kMaxImagePixels = 60'000'000;

// Decodes a PNG/JPEG/BMP/... file into a Bgr8 (colour) or Gray8 (greyscale file) frame.
// Fails with NotFound when the file is missing, InvalidArgument when the path is a directory
// or a PNG/JPEG declares more than kMaxImagePixels, InvalidData when it is not a decodable image.
Result<Frame> loadImageFile(const std::string& path);

}  // namespace bordergate::vision
