// Image files -> Frame, so that tools and tests never need OpenCV themselves.
#pragma once

#include <string>

#include "bordergate/core/frame.h"
#include "bordergate/core/result.h"

namespace bordergate::vision {

// Decodes a PNG/JPEG/BMP/... file into a Bgr8 (colour) or Gray8 (greyscale file) frame.
// Fails with NotFound when the file is missing, InvalidArgument when the path is a directory,
// InvalidData when it is not a decodable image.
Result<Frame> loadImageFile(const std::string& path);

}  // namespace bordergate::vision
