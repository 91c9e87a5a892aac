// labelComponents (src/reader/components.h): the locator's connected components, found from a
// mask's runs, must be OpenCV's CCL_BBDT labels and statistics exactly (the reads the
// locator's thresholds were measured with depend on the numbering too).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "components.h"

using bordergate::vision::labelComponents;
using bordergate::vision::MaskComponents;

namespace {

// OpenCV's answer in one thread (its parallel scan numbers components by stripe).
MaskComponents opencvComponents(const cv::Mat& mask) {
  const int threads = cv::getNumThreads();
  cv::setNumThreads(1);
  MaskComponents c;
  cv::Mat centroids;
  c.count = cv::connectedComponentsWithStats(mask, c.labels, c.stats, centroids, 8, CV_32S, cv::CCL_BBDT);
  cv::setNumThreads(threads);
  return c;
}

void requireSame(const cv::Mat& mask, const std::string& what) {
  INFO(what << " " << mask.cols << "x" << mask.rows);
  const MaskComponents ours = labelComponents(mask);
  const MaskComponents cv = opencvComponents(mask);
  REQUIRE(ours.count == cv.count);
  REQUIRE(ours.labels.type() == CV_32S);
  REQUIRE(ours.labels.size() == mask.size());
  REQUIRE(cv::countNonZero(ours.labels != cv.labels) == 0);
  REQUIRE(ours.stats.rows == cv.count);
  // Row 0, the background: OpenCV's is meaningless when there is none (components.h).
  const int from = cv::countNonZero(mask) == static_cast<int>(mask.total()) ? 1 : 0;
  for (int l = from; l < cv.count; ++l) {
    INFO("label " << l);
    for (int k = 0; k < 5; ++k) REQUIRE(ours.stats.at<int>(l, k) == cv.stats.at<int>(l, k));
  }
}

// A mask of independent random pixels at a given density: components of every shape, many
// touching only at a corner.
cv::Mat randomMask(std::mt19937& rng, int cols, int rows, double density) {
  cv::Mat m(rows, cols, CV_8U);
  std::bernoulli_distribution on(density);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) m.at<uchar>(y, x) = on(rng) ? 255 : 0;
  return m;
}

}  // namespace

TEST_CASE("labelComponents: numbered by first 2x2 block, as CCL_BBDT, not by first pixel") {
  // B's first pixel (row 0, column 5) comes before A's (row 1, column 0) in raster order, but
  // A's block (row pair 0, column pair 0) comes before B's (row pair 0, column pair 2).
  cv::Mat m = cv::Mat::zeros(4, 8, CV_8U);
  m.at<uchar>(1, 0) = 255;
  m.at<uchar>(0, 5) = 1;  // any non-zero value is foreground
  const MaskComponents c = labelComponents(m);
  REQUIRE(c.count == 3);
  CHECK(c.labels.at<int>(1, 0) == 1);
  CHECK(c.labels.at<int>(0, 5) == 2);
  requireSame(m, "two pixels");
}

TEST_CASE("labelComponents: 8-connectivity, diagonal and across a run's end") {
  cv::Mat m = cv::Mat::zeros(5, 9, CV_8U);
  m.at<uchar>(0, 0) = m.at<uchar>(1, 1) = m.at<uchar>(2, 2) = 255;  // one diagonal component
  m(cv::Rect(4, 0, 3, 1)) = 255;
  m.at<uchar>(1, 7) = 255;  // touches the run above at its corner
  m.at<uchar>(4, 8) = 255;  // alone
  const MaskComponents c = labelComponents(m);
  REQUIRE(c.count == 4);
  CHECK(c.stats.at<int>(1, cv::CC_STAT_AREA) == 3);
  CHECK(c.stats.at<int>(2, cv::CC_STAT_AREA) == 4);
  CHECK(c.stats.at<int>(2, cv::CC_STAT_WIDTH) == 4);
  CHECK(c.stats.at<int>(2, cv::CC_STAT_HEIGHT) == 2);
  requireSame(m, "diagonals");
}

TEST_CASE("labelComponents: empty, full and one-pixel masks") {
  requireSame(cv::Mat::zeros(7, 13, CV_8U), "empty");
  const MaskComponents full = labelComponents(cv::Mat(6, 11, CV_8U, cv::Scalar(255)));
  REQUIRE(full.count == 2);
  CHECK(cv::countNonZero(full.stats.row(0)) == 0);
  requireSame(cv::Mat(6, 11, CV_8U, cv::Scalar(255)), "full");
  requireSame(cv::Mat(1, 1, CV_8U, cv::Scalar(255)), "1x1");
  requireSame(cv::Mat(1, 17, CV_8U, cv::Scalar(255)), "one row");
  requireSame(cv::Mat(17, 1, CV_8U, cv::Scalar(255)), "one column");
}

TEST_CASE("labelComponents: random masks, odd and even sizes, sparse to dense (property)") {
  std::mt19937 rng(9303);
  std::uniform_int_distribution<int> size(1, 97);
  for (int i = 0; i < 300; ++i) {
    const double density = std::vector<double>{0.02, 0.1, 0.3, 0.5, 0.7, 0.95}[static_cast<std::size_t>(i % 6)];
    requireSame(randomMask(rng, size(rng), size(rng), density), "random " + std::to_string(i));
  }
}

TEST_CASE("labelComponents: a glyph-like mask as the locator makes them") {
  // Text drawn, blackhat, Otsu: the locator's glyph mask (locate.cpp glyphMask).
  cv::Mat page(330, 1850, CV_8U, cv::Scalar(220));
  std::mt19937 rng(44);
  for (int y = 0; y < page.rows; y += 3)
    cv::line(page, {0, y}, {page.cols - 1, (y * 7) % page.rows}, cv::Scalar(190 + static_cast<int>(rng() % 20)), 1);
  cv::putText(page, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", {20, 140}, cv::FONT_HERSHEY_PLAIN, 2.6, cv::Scalar(20), 2);
  cv::putText(page, "L898902C36UTO7408122F1204159ZE184226B<<<<<10", {20, 200}, cv::FONT_HERSHEY_PLAIN, 2.6, cv::Scalar(20), 2);
  cv::Mat bh, mask;
  cv::morphologyEx(page, bh, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(21, 21)));
  cv::threshold(bh, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  REQUIRE(labelComponents(mask).count > 80);
  requireSame(mask, "glyph mask");
  requireSame(mask.colRange(301, 1500), "a band of it (a non-continuous view)");
}
