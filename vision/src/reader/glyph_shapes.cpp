// Glyph shapes (glyph_shapes.h): normalised correlation of each glyph with OCR-B templates.
#include "glyph_shapes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "locate.h"

namespace bordergate::vision {

namespace {

#include "ocrb_templates.inc"

constexpr int kTemplateCount = static_cast<int>(sizeof(kTemplateChars)) - 1;
constexpr int kTemplateArea = kTemplateW * kTemplateH;
// How far a template slides over its glyph (grid px; 24 to the pitch): Tesseract's glyph
// centre is its box's, off the cell's by up to a sixth of a pitch.
constexpr int kSlideX = 4, kSlideY = 2;
constexpr int kWindowW = kTemplateW + 2 * kSlideX, kWindowH = kTemplateH + 2 * kSlideY;
// Both sides are smoothed alike, so that a template's hairlines compare with blurred ink.
constexpr double kSmoothing = 1.0;
// The scales tried around the one the pitch gives (printers and lenses differ by a few per
// cent). Scaled by the height of the ink at one scale, another letter fitted right ones of
// the sets' Valid reads better by up to 0.26 (digits are taller than capitals: a 0 looked
// like an O); with these five around the pitch's, by at most 0.057 where it fitted well
// (docs/vision.md, "Nineteenth round").
constexpr std::array<double, 5> kScales = {1.0, 0.96, 1.04, 0.92, 1.08};
// Besides the read character's template, the best kRefined of a coarse search (the pitch's
// scale, every other slide position) are refined: every slide position at the pitch's scale,
// then around the best of them at the other scales.
constexpr int kRefined = 3;

// Zero-mean templates of unit norm, smoothed.
struct Templates {
  std::array<std::array<float, kTemplateArea>, kTemplateCount> z{};
  Templates() {
    for (int t = 0; t < kTemplateCount; ++t) {
      cv::Mat m;
      cv::Mat(kTemplateH, kTemplateW, CV_8U, const_cast<unsigned char*>(kTemplates[t])).convertTo(m, CV_32F);
      cv::GaussianBlur(m, m, cv::Size(), kSmoothing);
      const double mean = cv::mean(m)[0];
      m -= mean;
      const double norm = cv::norm(m);
      auto& out = z[static_cast<std::size_t>(t)];
      for (int y = 0; y < kTemplateH; ++y)
        for (int x = 0; x < kTemplateW; ++x)
          out[static_cast<std::size_t>(y * kTemplateW + x)] = static_cast<float>(m.at<float>(y, x) / norm);
    }
  }
};

const Templates& templates() {
  static const Templates all;
  return all;
}

// One glyph's window at one scale (kWindowW x kWindowH, ink bright, smoothed), with each slide
// position's norm of the zero-mean patch under the template.
struct Window {
  cv::Mat pixels;  // CV_32F, continuous
  std::array<float, (2 * kSlideX + 1) * (2 * kSlideY + 1)> norm{};
};

Window cutWindow(const cv::Mat& ink, cv::Point2f centre) {
  Window w;
  cv::getRectSubPix(ink, cv::Size(kWindowW, kWindowH), centre, w.pixels);
  cv::GaussianBlur(w.pixels, w.pixels, cv::Size(), kSmoothing);
  cv::Mat sum, sq;
  cv::integral(w.pixels, sum, sq, CV_64F, CV_64F);
  std::size_t k = 0;
  for (int dy = 0; dy <= 2 * kSlideY; ++dy)
    for (int dx = 0; dx <= 2 * kSlideX; ++dx, ++k) {
      auto rect = [&](const cv::Mat& s) {
        return s.at<double>(dy + kTemplateH, dx + kTemplateW) - s.at<double>(dy, dx + kTemplateW) -
               s.at<double>(dy + kTemplateH, dx) + s.at<double>(dy, dx);
      };
      const double s1 = rect(sum), s2 = rect(sq);
      w.norm[k] = static_cast<float>(std::sqrt(std::max(0.0, s2 - s1 * s1 / kTemplateArea)));
    }
  return w;
}

// Slide positions lo..hi (inclusive) along one axis.
struct Span {
  int lo, hi;
};
constexpr Span kAllX{0, 2 * kSlideX}, kAllY{0, 2 * kSlideY};

// A template's best normalised correlation over the window's slide positions in xs x ys
// (every `step`-th one), and where; score -1 on a flat window.
struct Best {
  float score = -1;
  int dx = kSlideX, dy = kSlideY;
};

Best bestCorrelation(const Window& w, const std::array<float, kTemplateArea>& t, Span xs, Span ys, int step) {
  const float* px = w.pixels.ptr<float>(0);
  Best best;
  for (int dy = ys.lo; dy <= ys.hi; dy += step)
    for (int dx = xs.lo; dx <= xs.hi; dx += step) {
      const float norm = w.norm[static_cast<std::size_t>(dy * (2 * kSlideX + 1) + dx)];
      if (norm <= 1e-3f) continue;
      // Eight partial sums: the compiler may not reorder one float sum.
      float acc[8] = {};
      for (int y = 0; y < kTemplateH; ++y) {
        const float* p = px + (y + dy) * kWindowW + dx;
        const float* q = t.data() + y * kTemplateW;
        for (int x = 0; x < kTemplateW; x += 8)
          for (int j = 0; j < 8; ++j) acc[j] += p[x + j] * q[x + j];
      }
      const float dot = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
      if (dot / norm > best.score) best = {dot / norm, dx, dy};
    }
  return best;
}

// Slide positions within one of `at` (the best at the pitch's scale: another scale moves it by
// under half a position), up to `last`.
Span around(int at, int last) { return {std::max(0, at - 1), std::min(last, at + 1)}; }

}  // namespace

double linePitch(const std::vector<OcrGlyph>& glyphs) {
  double n = 0, sk = 0, sx = 0, skk = 0, skx = 0;
  for (std::size_t k = 0; k < glyphs.size(); ++k) {
    if (glyphs[k].x < 0) continue;
    const double kk = static_cast<double>(k), x = glyphs[k].x;
    n += 1;
    sk += kk;
    sx += x;
    skk += kk * kk;
    skx += kk * x;
  }
  const double d = n * skk - sk * sk;
  return n >= 10 && d > 0 ? (n * skx - sk * sx) / d : 0;
}

std::vector<std::optional<ShapeFit>> fitShapes(const cv::Mat& line, const std::vector<OcrGlyph>& glyphs,
                                               const std::string& text, const std::vector<std::string_view>& rivals) {
  std::vector<std::optional<ShapeFit>> fits(text.size());
  if (glyphs.size() != text.size() || rivals.size() != text.size() || line.empty() || line.type() != CV_8UC1) return fits;
  cv::Mat bin;
  cv::threshold(line, bin, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
  const auto [top, bottom] = inkBand(bin);
  const double pitch = linePitch(glyphs);
  if (top < 0 || pitch < 4) return fits;
  const auto& tmpl = templates().z;
  // The positions to fit, each with the read character's template.
  std::vector<std::pair<std::size_t, int>> todo;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* at = text[i] != '\0' ? std::strchr(kTemplateChars, text[i]) : nullptr;
    if (!rivals[i].empty() && glyphs[i].x >= 0 && at != nullptr) todo.emplace_back(i, static_cast<int>(at - kTemplateChars));
  }
  if (todo.empty()) return fits;
  // Per position: every template's best correlation so far (and where, at the pitch's
  // scale), and which ones are refined.
  std::vector<std::array<Best, kTemplateCount>> best(text.size());
  std::vector<std::array<bool, kTemplateCount>> refine(text.size());
  const double middle = (top + bottom + 1) / 2.0;
  for (std::size_t s = 0; s < kScales.size(); ++s) {
    const double scale = kScales[s] * kTemplateW / pitch;
    cv::Mat ink;
    cv::resize(line, ink, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    ink.convertTo(ink, CV_32F, -1.0, 255.0);  // ink bright, as in the templates
    // The window's centre row: the ink band's middle at the template's cap middle.
    const float centreY = static_cast<float>(middle * scale - (kTemplateCapTop + kTemplateCap / 2.0) + kWindowH / 2.0);
    for (const auto& [i, read] : todo) {
      const Window w = cutWindow(ink, cv::Point2f(static_cast<float>(glyphs[i].x * scale), centreY));
      auto& b = best[i];
      if (s == 0) {
        // Coarse: every admitted template at every other slide position; the read one and
        // the best kRefined others are then searched at every slide position, and at the other
        // scales around the best of them.
        for (int t = 0; t < kTemplateCount; ++t)
          b[static_cast<std::size_t>(t)] = t == read || rivals[i].find(kTemplateChars[t]) != std::string_view::npos
                                               ? bestCorrelation(w, tmpl[static_cast<std::size_t>(t)], kAllX, kAllY, 2)
                                               : Best{-2.0f};
        std::array<int, kTemplateCount> order{};
        for (int t = 0; t < kTemplateCount; ++t) order[static_cast<std::size_t>(t)] = t;
        std::partial_sort(order.begin(), order.begin() + kRefined + 1, order.end(),
                          [&](int a, int c) { return b[static_cast<std::size_t>(a)].score > b[static_cast<std::size_t>(c)].score; });
        refine[i].fill(false);
        refine[i][static_cast<std::size_t>(read)] = true;
        for (int k = 0, taken = 0; k <= kRefined && taken < kRefined; ++k)
          if (order[static_cast<std::size_t>(k)] != read && b[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])].score > -2.0f) {
            refine[i][static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = true;
            ++taken;
          }
        for (int t = 0; t < kTemplateCount; ++t)
          if (refine[i][static_cast<std::size_t>(t)]) b[static_cast<std::size_t>(t)] = bestCorrelation(w, tmpl[static_cast<std::size_t>(t)], kAllX, kAllY, 1);
        continue;
      }
      for (int t = 0; t < kTemplateCount; ++t) {
        if (!refine[i][static_cast<std::size_t>(t)]) continue;
        Best& at = b[static_cast<std::size_t>(t)];
        const Best here = bestCorrelation(w, tmpl[static_cast<std::size_t>(t)], around(at.dx, 2 * kSlideX), around(at.dy, 2 * kSlideY), 1);
        at.score = std::max(at.score, here.score);  // where: kept at the pitch's scale
      }
    }
  }
  for (const auto& [i, read] : todo) {
    ShapeFit fit;
    fit.read = text[i];
    for (int t = 0; t < kTemplateCount; ++t) {
      if (!refine[i][static_cast<std::size_t>(t)]) continue;
      const float b = best[i][static_cast<std::size_t>(t)].score;
      if (t == read) {
        fit.readScore = b;
      } else if (b > fit.rivalScore) {
        fit.rivalScore = b;
        fit.rival = kTemplateChars[t];
      }
    }
    fits[i] = fit;
  }
  return fits;
}

bool shapeRefutes(const ShapeFit& fit) {
  if (fit.rivalScore < kMinRivalFit) return false;
  if ((fit.read == '0' && fit.rival == 'O') || (fit.read == 'O' && fit.rival == '0')) return false;
  static constexpr std::string_view kRound = "0DOQ";
  const bool round = kRound.find(fit.read) != std::string_view::npos && kRound.find(fit.rival) != std::string_view::npos;
  return fit.rivalScore - fit.readScore >= (round ? kRoundMargin : kMargin);
}

bool shapeConfirms(const ShapeFit& fit, std::string_view admitted) {
  if ((fit.read == '0' && admitted.find('O') != std::string_view::npos) ||
      (fit.read == 'O' && admitted.find('0') != std::string_view::npos))
    return false;
  return fit.readScore >= kMinRivalFit && fit.readScore - fit.rivalScore >= kConfirmMargin;
}

void spareConfirmed(std::vector<std::vector<bool>>& look, const std::vector<std::vector<std::optional<ShapeFit>>>& fits,
                    const std::vector<std::vector<std::string_view>>& admitted) {
  for (std::size_t i = 0; i < look.size() && i < fits.size() && i < admitted.size(); ++i)
    for (std::size_t k = 0; k < look[i].size() && k < fits[i].size() && k < admitted[i].size(); ++k)
      if (look[i][k] && fits[i][k] && shapeConfirms(*fits[i][k], admitted[i][k])) look[i][k] = false;
}

}  // namespace bordergate::vision
