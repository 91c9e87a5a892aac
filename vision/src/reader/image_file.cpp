// Image files -> Frame (see image_file.h).
#include "bordergate/vision/image_file.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "frame_mat.h"

namespace bordergate::vision {

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
