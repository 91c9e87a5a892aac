// A Frame's pixels as a cv::Mat and back, for the reader's own code and its tests (the public
// headers carry no OpenCV type).
#pragma once

#include <opencv2/core.hpp>

#include "bordergate/core/frame.h"

namespace bordergate::vision {

// The frame's pixels as a cv::Mat over its buffer (CV_8UC1 for Gray8, CV_8UC3 for Bgr8), to be
// read only (the buffer is const); empty when the frame is empty or its geometry does not fit
// its buffer.
cv::Mat frameView(const Frame& frame);

// A frame holding a copy of `image`, which must be 8-bit with 1 channel (Gray8) or 3 (Bgr8,
// OpenCV's channel order); rows packed (stride = width x bytes per pixel). Any other image
// gives an empty frame.
Frame frameCopy(const cv::Mat& image);

}  // namespace bordergate::vision
