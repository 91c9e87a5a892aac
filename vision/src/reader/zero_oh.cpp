// Zero or oh (zero_oh.h): a logistic model over the glyph's cell, and the 0/O swaps the check
// digits cannot see.
#include "zero_oh.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <opencv2/imgproc.hpp>

#include "bordergate/mrz/parser.h"
#include "decode.h"
#include "glyph_shapes.h"
#include "locate.h"

namespace bordergate::vision {

namespace {

#include "zero_oh_weights.inc"

static_assert(sizeof(kZeroOhWeights) / sizeof(kZeroOhWeights[0]) == kZeroOhCellW * kZeroOhCellH,
              "zero_oh_weights.inc was trained for another cell size (tools/zero-oh/train.py)");

}  // namespace

std::optional<ZeroOhLine> zeroOhLine(const cv::Mat& line, const std::vector<OcrGlyph>& glyphs) {
  if (line.empty() || line.type() != CV_8UC1) return std::nullopt;
  cv::Mat bin;
  cv::threshold(line, bin, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
  const auto [top, bottom] = inkBand(bin);
  const double pitch = linePitch(glyphs);
  if (top < 0 || pitch < 4) return std::nullopt;
  ZeroOhLine z;
  line.convertTo(z.ink, CV_32F, -1.0, 255.0);
  z.pitch = pitch;
  z.top = top;
  z.bottom = bottom;
  return z;
}

std::optional<ZeroOhCell> zeroOhCell(const ZeroOhLine& line, const std::vector<OcrGlyph>& glyphs, std::size_t i) {
  if (i >= glyphs.size() || glyphs[i].x < 0 || line.ink.empty()) return std::nullopt;
  const double p = line.pitch, x = glyphs[i].x;
  const double h = line.bottom - line.top + 1, middle = (line.top + line.bottom + 1) / 2.0;
  // The ink's centroid across the band within half a pitch of the OCR's centre, weighted to
  // fade towards the neighbours (Tesseract's box centre is off the glyph's by up to a sixth
  // of a pitch; a neighbour's ink at the edge must not pull it).
  const int x0 = std::max(0, static_cast<int>(std::floor(x - 0.5 * p)));
  const int x1 = std::min(line.ink.cols - 1, static_cast<int>(std::ceil(x + 0.5 * p)));
  if (x1 <= x0) return std::nullopt;
  cv::Mat cols;
  cv::reduce(line.ink(cv::Range(line.top, line.bottom + 1), cv::Range(x0, x1 + 1)), cols, 0, cv::REDUCE_SUM, CV_64F);
  double least = cols.at<double>(0, 0);
  for (int c = 0; c < cols.cols; ++c) least = std::min(least, cols.at<double>(0, c));
  double mass = 0, moment = 0;
  for (int c = 0; c < cols.cols; ++c) {
    const double cx = x0 + c, weight = std::max(0.0, 1.0 - std::abs(cx - x) / (0.5 * p + 1.0));
    const double m = (cols.at<double>(0, c) - least) * weight;
    mass += m;
    moment += m * cx;
  }
  const double centre = mass > 0 ? std::clamp(moment / mass, x - 0.25 * p, x + 0.25 * p) : x;
  const cv::Size size(std::max(4, static_cast<int>(std::lround(1.2 * p))), std::max(4, static_cast<int>(std::lround(1.5 * h))));
  cv::Mat patch, small;
  cv::getRectSubPix(line.ink, size, cv::Point2f(static_cast<float>(centre), static_cast<float>(middle)), patch);
  cv::resize(patch, small, cv::Size(kZeroOhCellW, kZeroOhCellH), 0, 0, cv::INTER_AREA);
  std::vector<float> sorted(small.begin<float>(), small.end<float>());
  std::sort(sorted.begin(), sorted.end());
  const float lo = sorted[sorted.size() * 5 / 100], hi = sorted[sorted.size() * 98 / 100];
  if (hi - lo < 8.0f) return std::nullopt;  // no glyph: a flat cell
  ZeroOhCell cell{};
  std::size_t k = 0;
  for (auto it = small.begin<float>(); it != small.end<float>(); ++it, ++k) cell[k] = std::clamp((*it - lo) / (hi - lo), 0.0f, 1.0f);
  return cell;
}

float zeroOhLogit(const ZeroOhCell& cell) {
  double sum = kZeroOhBias;
  for (std::size_t k = 0; k < cell.size(); ++k) sum += static_cast<double>(kZeroOhWeights[k]) * cell[k];
  return static_cast<float>(sum);
}

bool zeroOhSupports(char read, float logit) {
  return read == 'O' ? logit >= kZeroOhMinSupport : read == '0' && logit <= -kZeroOhMinSupport;
}

std::vector<std::vector<bool>> zeroOhAmbiguous(const MrzRead& read) {
  std::vector<std::vector<bool>> marked(read.lines.size());
  for (std::size_t i = 0; i < read.lines.size(); ++i) marked[i].assign(read.lines[i].size(), false);
  const auto admitted = fieldCharacters(read);
  struct Place {
    std::size_t line, pos;
  };
  std::vector<Place> places;
  for (std::size_t i = 0; i < read.lines.size() && i < admitted.size(); ++i)
    for (std::size_t k = 0; k < read.lines[i].size() && k < admitted[i].size(); ++k) {
      const char c = read.lines[i][k];
      const std::string_view a = admitted[i][k];
      if ((c == '0' || c == 'O') && a.find('0') != std::string_view::npos && a.find('O') != std::string_view::npos)
        places.push_back({i, k});
    }
  if (places.empty()) return marked;
  if (places.size() > kZeroOhMaxPositions) {
    for (const Place& p : places) marked[p.line][p.pos] = true;
    return marked;
  }
  // Every non-empty set of swaps, each parsed: a set that passes every check marks its
  // positions (2^k - 1 parses for k such characters).
  std::vector<std::string> lines = read.lines;
  const mrz::ParseOptions today;  // one reference date for every parse (it only places centuries)
  const std::size_t n = places.size();
  for (std::size_t set = 1; set < (std::size_t{1} << n); ++set) {
    for (std::size_t b = 0; b < n; ++b) {
      char& c = lines[places[b].line][places[b].pos];
      const char original = read.lines[places[b].line][places[b].pos];
      c = (set >> b) & 1 ? (original == '0' ? 'O' : '0') : original;
    }
    if (!mrz::parseLines(lines, today).valid()) continue;
    for (std::size_t b = 0; b < n; ++b)
      if ((set >> b) & 1) marked[places[b].line][places[b].pos] = true;
  }
  return marked;
}

}  // namespace bordergate::vision
