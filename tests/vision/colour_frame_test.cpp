// Colour frames (mrz_reader.cpp): read in their luminance, and where that shows no MRZ, located
// and read again in their brightest channel, where coloured ink over the MRZ (a stamp, a
// tint) fades while the MRZ's black ink stays dark.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "bordergate/vision/corpus.h"
#include "bordergate/vision/mrz_reader.h"
#include "corpus_support.h"
#include "frame_mat.h"

using namespace bordergate;
using namespace bordergate::vision;
using namespace bordergate::vision::testing;

TEST_CASE("a red stamp across the MRZ of a colour frame does not hide it", "[corpus]") {
  auto reader = shippedReader();
  const CommittedImage committed = committedImage("camera-easy", "camera-easy-TD3-002");
  const MrzRead plain = reader->read(committed.frame);
  REQUIRE(plain.valid());
  REQUIRE(plain.location);

  // The frame in colour, and a red stamp's strokes across the MRZ block, printed over it
  // (multiplied: the black glyphs stay black, the paper under the stamp turns red).
  cv::Mat bgr;
  cv::cvtColor(frameView(committed.frame), bgr, cv::COLOR_GRAY2BGR);
  const cv::Rect mrz(plain.location->x, plain.location->y, plain.location->width, plain.location->height);
  const int stroke = std::max(3, mrz.height / 8);
  cv::Mat ink(bgr.size(), CV_8U, cv::Scalar(0));
  for (int k = 0; k < 6; ++k) {
    const int x = mrz.x + mrz.width * k / 6;
    cv::line(ink, {x, mrz.y - mrz.height / 2}, {x + mrz.width / 5, mrz.y + mrz.height * 3 / 2}, cv::Scalar(255), stroke);
  }
  cv::rectangle(ink, mrz, cv::Scalar(255), stroke);
  const cv::Vec3f red(40.0f / 255, 40.0f / 255, 220.0f / 255);  // B, G, R
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x)
      if (ink.at<uchar>(y, x)) {
        cv::Vec3b& p = bgr.at<cv::Vec3b>(y, x);
        for (int c = 0; c < 3; ++c) p[c] = cv::saturate_cast<uchar>(p[c] * red[c]);
      }

  // Greyed by luminance, the stamp's strokes are dark bars through the glyphs and its frame
  // cuts the block off: no MRZ located.
  cv::Mat luminance;
  cv::cvtColor(bgr, luminance, cv::COLOR_BGR2GRAY);
  CHECK(reader->read(frameCopy(luminance)).status == ReadStatus::NotFound);
  // The colour frame, located again in its brightest channel, reads as the clean frame did.
  const MrzRead read = reader->read(frameCopy(bgr));
  REQUIRE(read.valid());
  CHECK(corpusText(read.lines) == committed.truth);
  // The stamp is no glare: glare counts pixels white in every channel.
  CHECK(read.quality.glare <= plain.quality.glare);
}

TEST_CASE("a grey frame and the same frame in three equal channels read alike", "[corpus]") {
  auto reader = shippedReader();
  const CommittedImage committed = committedImage("camera-hard", "camera-hard-TD1-000");
  cv::Mat bgr;
  cv::cvtColor(frameView(committed.frame), bgr, cv::COLOR_GRAY2BGR);
  const MrzRead grey = reader->read(committed.frame);
  const MrzRead colour = reader->read(frameCopy(bgr));
  CHECK(colour.status == grey.status);
  CHECK(corpusText(colour.lines) == corpusText(grey.lines));
  CHECK(colour.quality.glare == grey.quality.glare);
  CHECK(colour.quality.sharpness == grey.quality.sharpness);
}
