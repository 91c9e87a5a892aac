// Locate + rectify stages (see locate.h).
#include "locate.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "components.h"

namespace bordergate::vision {
namespace {

struct Blob {
  cv::RotatedRect rect;  // frame coordinates, width = long side
  double fill = 0;
  double score = 0;
  bool weak = false;  // outside the block shape (merged with other ink): a second chance only
  bool widened = false;  // re-cut around lines the first crop ended inside (searched once)
};

// Normalises a RotatedRect so that width is the long side; angle in degrees of that side.
cv::RotatedRect longSideRect(cv::RotatedRect r) {
  if (r.size.width < r.size.height) {
    std::swap(r.size.width, r.size.height);
    r.angle += 90;
  }
  while (r.angle > 90) r.angle -= 180;
  while (r.angle <= -90) r.angle += 180;
  return r;
}

// A block merged with neighbouring ink (the document's edge against a dark background, a
// background shape behind the line ends) is shorter for its height and less filled than a
// block alone: held-out rotated MRV-A 4038 (both lines and a dark patch: 3.9x, 28 % filled),
// TD3 1017 and 3097 (29-30 % filled), TD1 1005 (4.1x). Such blobs are searched only when no
// block of the MRZ's own shape held an MRZ (locateMrz).
constexpr double kWeakMinElongation = 3.5;
constexpr double kWeakMinFill = 0.25;

// A block merged with ink that is thinner than itself fails even the weak shape: the visual
// zone's column of field text running into the MRZ's end, or a shadowed document edge along
// its last line, make it 1.3-4.4x longer than high and 11-32 % filled (held-out camera-hard
// TD3-3057, TD3-8092, TD1-8130, TD2-9161: nothing located before the twenty-sixth round). Its
// core, what an opening by a disc of 0.6 times its largest inscribed radius leaves, sheds the
// thinner ink; a core of the block's own shape is a blob. A core of the weak shape is not
// (rotated TD3-1017 has one, which took the turn of the weak blob its MRZ is found from).
// Only components whose largest inscribed radius is at most kCoreMaxRadius are opened: those
// whose cores held an MRZ measured 8.9-13.7 px at their level; a page's paragraph or a photo
// measures 50-90 px, yields no core, and the opening by so large a disc cost the held-out
// falsepositives a median 1.2 -> 17.6 ms per frame (docs/vision.md, "Twenty-sixth round").
constexpr double kCoreRadiusShare = 0.6;
constexpr double kCoreMaxRadius = 16.0;

// The cores of contour `c` of `mask` (above), as contours in `mask`'s coordinates.
std::vector<std::vector<cv::Point>> thickCores(const cv::Mat& mask, const std::vector<cv::Point>& c) {
  std::vector<std::vector<cv::Point>> cores;
  const cv::Rect box = cv::boundingRect(c) & cv::Rect(0, 0, mask.cols, mask.rows);
  if (box.empty()) return cores;
  cv::Mat comp = cv::Mat::zeros(box.size(), CV_8U);
  cv::drawContours(comp, std::vector<std::vector<cv::Point>>{c}, 0, cv::Scalar(255), cv::FILLED, cv::LINE_8, cv::noArray(),
                   1, -box.tl());
  comp &= mask(box);  // the component's own pixels (its holes stay holes)
  cv::Mat dist;
  cv::distanceTransform(comp, dist, cv::DIST_L2, 3);
  double radius = 0;
  cv::minMaxLoc(dist, nullptr, &radius);
  const int r = static_cast<int>(std::lround(kCoreRadiusShare * radius));
  if (r < 2 || radius > kCoreMaxRadius) return cores;
  cv::morphologyEx(comp, comp, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
  cv::findContours(comp, cores, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE, box.tl());
  return cores;
}

// One pyramid level's blackhat and its thresholds. The kernel is fixed; the pyramid makes it
// cover MRZ glyph heights of 12-60 px (issue #3): at scale s the glyphs are 12s-60s px and
// inter-glyph gaps ~0.45 x height, closed by the 7x7 kernel when <= ~7 px.
InkPyramid::Level blackhatLevel(const cv::Mat& small, double scale) {
  InkPyramid::Level lv;
  lv.scale = scale;
  cv::morphologyEx(small, lv.blackhat, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  cv::Mat scratch;
  lv.otsu = cv::threshold(lv.blackhat, scratch, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  int hist[256] = {0};
  for (int y = 0; y < lv.blackhat.rows; ++y) {
    const uchar* p = lv.blackhat.ptr<uchar>(y);
    for (int x = 0; x < lv.blackhat.cols; ++x) ++hist[p[x]];
  }
  long above = 0;
  int p995 = 255;
  const long want = static_cast<long>(lv.blackhat.total() / 200);
  while (p995 > 0 && above + hist[p995] < want) above += hist[p995--];
  lv.p995 = p995;
  return lv;
}

// The threshold `kind` sets on `lv`'s blackhat (locate.h InkThreshold). MRZ ink is the
// darkest print on the page (9303-3 §4.3: black, high contrast); security background lines
// are lighter. Half the contrast of the strongest 0.5% of pixels keeps the ink and drops most
// guilloche (synthetic scan-clean set). Minimum 20 grey levels: below it Otsu only splits
// sensor noise (blank frames, falsepositives set). When the strongest ink is not the MRZ's (a
// faint MRZ in shadow beside white print), the raised threshold drops the MRZ too:
// MrzReader::read then locates at Otsu's alone.
double inkThreshold(const InkPyramid::Level& lv, InkThreshold kind) {
  const double otsu = std::max(lv.otsu, 20.0);
  return kind == InkThreshold::Otsu ? otsu : std::max(otsu, 0.5 * lv.p995);
}

// Blocks of merged characters at one pyramid level, its blackhat thresholded as `kind` says.
void blobsAtLevel(const InkPyramid::Level& lv, std::vector<Blob>& out, InkThreshold kind) {
  const cv::Mat& bh = lv.blackhat;
  const double scale = lv.scale;
  const double t = inkThreshold(lv, kind);
  cv::Mat mask;
  cv::threshold(bh, mask, t, 255, cv::THRESH_BINARY);  // t >= otsu: the Otsu mask or a sparser one
  cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  enum class Shape { Blob, TooSmall, Merged };
  // `core`: a thickCores contour, taken only in the block's own shape.
  auto add = [&](const std::vector<cv::Point>& c, bool core) {
    cv::RotatedRect r = longSideRect(cv::minAreaRect(c));
    const double L = r.size.width, S = r.size.height;
    // An MRZ block is >= 30 glyphs long (>= ~100 px at this level's 3.3-30 px glyphs; the
    // 1/4 level merges a steeply rotated TD1 of 13-17 px glyphs into one ~130 px blob) and at
    // least 5x longer than high (3 lines of 30: ~7; a single line of 44: ~45). Fill: at the
    // 1/2 level such a block's filler runs and staircase edges leave it 38-45% filled (the
    // rotated sets, committed and corpus-gen --first 1000/2000).
    if (L < 100 || S < 4 || L / S > 70) return Shape::TooSmall;
    const double fill = cv::contourArea(c) / (L * S);
    if (L / S < kWeakMinElongation || fill < kWeakMinFill) return Shape::Merged;
    Blob b;
    b.weak = L / S < 5 || fill < 0.38;
    if (core && b.weak) return Shape::Merged;
    b.rect = cv::RotatedRect(r.center / scale, cv::Size2f(static_cast<float>(L / scale), static_cast<float>(S / scale)), r.angle);
    b.fill = fill;
    b.score = fill * std::min(L / S, 20.0) * std::sqrt(L / scale);
    out.push_back(b);
    return Shape::Blob;
  };
  for (const auto& c : contours) {
    if (c.size() < 4 || add(c, false) != Shape::Merged) continue;
    for (const auto& core : thickCores(mask, c))
      if (core.size() >= 4) add(core, true);
  }
}

// Width a crop gives a line around a blob of length `len` whose glyphs are `h` high (same
// units): the blob plus 2 glyph heights each side, and at least 48 glyph heights each side of
// a short blob, which may be only a piece of a line (long filler runs break up).
double lineSpan(double len, double h) { return len + 2 * std::max(2.0 * h, 48.0 * h - len); }

double angleDiff(double a, double b) {
  double d = std::fmod(std::abs(a - b), 180.0);
  return std::min(d, 180.0 - d);
}

// A line found inside a rectified crop.
struct CropLine {
  cv::RotatedRect rect;  // crop coordinates, width = long side
  double height = 0;     // glyph height estimate (px, crop coordinates)
};

// `line` cut to `other`'s length from the end where the two begin or end alike (within `h`,
// along `line`'s direction), when what is cut off lies beyond a gap in the ink of `mask` (the
// crop's glyph mask): a stretch of 0.9 glyph heights `h` or more across the line's glyphs
// (+-0.4 h of its centre line), starting within h of the new end. Inside an MRZ line glyphs
// stand a pitch (1.06 h, 9303-3 §4.1.1) apart, their gaps under 0.7 h (beside an I), so such a
// gap marks print beyond the line, not its own glyphs cut. nullopt when neither end is alike,
// `line` is not the longer, or there is no such gap.
std::optional<CropLine> cutToLength(const CropLine& line, const CropLine& other, double h, const cv::Mat& mask) {
  const double w = line.rect.size.width, wo = other.rect.size.width;
  if (w <= wo) return std::nullopt;
  const double a = line.rect.angle * CV_PI / 180.0, dx = std::cos(a), dy = std::sin(a);
  const cv::Point2d c = line.rect.center;
  auto along = [&](const cv::Point2f& p) { return (p.x - c.x) * dx + (p.y - c.y) * dy; };
  const double oc = along(other.rect.center);
  const double startDiff = std::abs((oc - wo / 2) - (-w / 2)), endDiff = std::abs((oc + wo / 2) - (w / 2));
  if (std::min(startDiff, endDiff) > h) return std::nullopt;
  // Keeping the start cuts off the line's far end (outward +1), keeping the end its start.
  const double outward = startDiff <= endDiff ? 1.0 : -1.0;
  const double newEnd = outward * (wo - w / 2);
  auto inkAcross = [&](double u) {
    for (double v = -0.4 * h; v <= 0.4 * h; v += 1.0) {
      const int x = static_cast<int>(std::lround(c.x + u * dx - v * dy)), y = static_cast<int>(std::lround(c.y + u * dy + v * dx));
      if (x >= 0 && y >= 0 && x < mask.cols && y < mask.rows && mask.at<uchar>(y, x)) return true;
    }
    return false;
  };
  bool gap = false;
  double runStart = 0, run = 0;
  for (double k = -h; k <= 2.0 * h && !gap; k += 1.0) {
    if (inkAcross(newEnd + outward * k)) {
      run = 0;
      continue;
    }
    if (run == 0) runStart = k;
    run += 1.0;
    gap = run >= 0.9 * h && runStart <= h;
  }
  if (!gap) return std::nullopt;
  CropLine cut = line;
  const double shift = -outward * (w - wo) / 2;  // the kept end stays put
  cut.rect.center += cv::Point2f(static_cast<float>(shift * dx), static_cast<float>(shift * dy));
  cut.rect.size.width = static_cast<float>(wo);
  return cut;
}

// Lines of glyphs in a crop whose glyphs are ~glyphH px high and roughly horizontal. Only
// glyph-like components of the mask take part: taller ones (guilloche, watermark strokes,
// portrait edges) and specks would otherwise join a line's mask and inflate its height
// (then the line is rejected as too short for its height, or cut at a wrong scale:
// images-real canada/germany resident/netherlands). Each line's angle, height and extent
// come from its glyphs, not from the closed mask: the angle is fitted through the glyph
// centres (per line, so perspective may tilt lines differently), the height is the upper
// quartile of the glyph heights ('<' is shorter), the extent is that of the outermost glyphs.
// `cc` holds the 8-connected components of `mask` (labelComponents, components.h: computed
// once per mask, both the glyph-height measure and findLines need them).
std::vector<CropLine> findLines(const cv::Mat& mask, const MaskComponents& cc, double glyphH) {
  const cv::Mat& labels = cc.labels;
  const cv::Mat& stats = cc.stats;
  const int n = cc.count;
  auto box = [&](int i) {
    return cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP), stats.at<int>(i, cv::CC_STAT_WIDTH),
                    stats.at<int>(i, cv::CC_STAT_HEIGHT));
  };
  // Glyph-like: 0.3-1.5 glyph heights high (OCR-B '<' is ~0.6, 9303-3 §4.1.1 size 1), not
  // a speck, not a bar (wider than 1.5 heights is accepted only at >= 0.6 heights: glyphs
  // run together on blurred lines, up to a whole line).
  std::vector<uchar> keep(static_cast<std::size_t>(n), 0);
  for (int i = 1; i < n; ++i) {
    const cv::Rect b = box(i);
    const double area = stats.at<int>(i, cv::CC_STAT_AREA);
    keep[static_cast<std::size_t>(i)] = b.height >= 0.3 * glyphH && b.height <= 1.5 * glyphH && area >= 0.015 * glyphH * glyphH &&
                                        (b.width <= 1.5 * glyphH || b.height >= 0.6 * glyphH);
  }
  // The glyphs are masked, and their lines closed below, only in `roi`: the glyph-like
  // components' bounding box and a margin beyond the morphology's reach (the closing and
  // opening below spread or clear pixels at most 17 + 17 + 2 + 2 = 38 px across and 6 px up or
  // down from ink), at even coordinates, within the mask. Outside it the glyph mask is empty,
  // and so is its line mask; inside, both are pixel for pixel the whole mask's, and the line
  // components are numbered alike (components.h numbers them by 2x2 block, which an even
  // offset keeps). A crop around a blob of print without an MRZ holds its glyphs in part of
  // it (images-real/no-mrz photo of a card: 1848x512 px, findLines 4.8 of the frame's 14 ms).
  cv::Rect inkBox;
  for (int i = 1; i < n; ++i)
    if (keep[static_cast<std::size_t>(i)]) inkBox = inkBox.empty() ? box(i) : (inkBox | box(i));
  if (inkBox.empty()) return {};
  const int roiX0 = std::max(0, inkBox.x - 40) & ~1, roiY0 = std::max(0, inkBox.y - 8) & ~1;
  const cv::Rect roi(roiX0, roiY0, std::min(mask.cols, inkBox.x + inkBox.width + 40) - roiX0,
                     std::min(mask.rows, inkBox.y + inkBox.height + 8) - roiY0);
  cv::Mat glyphs = cv::Mat::zeros(roi.size(), CV_8U);
  for (int i = 1; i < n; ++i) {
    if (!keep[static_cast<std::size_t>(i)]) continue;
    const cv::Rect b = box(i);
    for (int y = b.y; y < b.y + b.height; ++y) {
      const int* l = labels.ptr<int>(y);
      uchar* g = glyphs.ptr<uchar>(y - roi.y);
      for (int x = b.x; x < b.x + b.width; ++x)
        if (l[x] == i) g[x - roi.x] = 255;
    }
  }
  // Join glyphs of a line (pitch ~30 px, so gaps up to ~27 px beside an I) without joining
  // lines (gaps ~0.75 x 28 px; lines whose glyphs touch are split below).
  cv::Mat lineMask;
  cv::morphologyEx(glyphs, lineMask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(35, 3)));
  cv::morphologyEx(lineMask, lineMask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));
  // The line mask's components, numbered as cv::CCL_BBDT numbers them (components.h), in
  // `roi`'s coordinates.
  const MaskComponents lineComponents = labelComponents(lineMask);
  const cv::Mat& lineLabels = lineComponents.labels;
  const int nLines = lineComponents.count;
  // Units: a glyph-like component, or a one-glyph-wide slice of a run of glyphs merged into
  // one component (its ink extent in that slice), so that a merged run still gives centres
  // and heights along the line. Each unit belongs to the line-mask component under its ink.
  struct Unit {
    cv::Rect box;
    cv::Point2d centre;
  };
  std::vector<Unit> units;
  std::vector<std::vector<int>> members(static_cast<std::size_t>(nLines));
  for (int i = 1; i < n; ++i) {
    if (!keep[static_cast<std::size_t>(i)]) continue;
    const cv::Rect b = box(i);
    const int slices = std::max(1, static_cast<int>(std::lround(b.width / glyphH)));
    for (int s = 0; s < slices; ++s) {
      const int x0 = b.x + b.width * s / slices, x1 = b.x + b.width * (s + 1) / slices;
      int y0 = b.y + b.height, y1 = b.y - 1, line = 0;
      for (int y = b.y; y < b.y + b.height; ++y) {
        const int* l = labels.ptr<int>(y);
        const int* ll = lineLabels.ptr<int>(y - roi.y);
        for (int x = x0; x < x1; ++x)
          if (l[x] == i) {
            y0 = std::min(y0, y);
            y1 = std::max(y1, y);
            if (!line) line = ll[x - roi.x];
          }
      }
      if (y1 < y0 || line == 0) continue;
      const cv::Rect ub(x0, y0, x1 - x0, y1 - y0 + 1);
      members[static_cast<std::size_t>(line)].push_back(static_cast<int>(units.size()));
      units.push_back({ub, cv::Point2d(ub.x + 0.5 * ub.width, ub.y + 0.5 * ub.height)});
    }
  }
  // A piece of a line: its units, the line fitted through their centres (unit direction
  // (dx, dy) with dx >= 0 through p0), their upper-quartile height and their extent along it.
  struct Piece {
    std::vector<int> units;
    cv::Point2d p0;
    double dx = 1, dy = 0, h = 0, uMin = 0, uMax = 0;
    cv::Point2d at(double u) const { return p0 + cv::Point2d(u * dx, u * dy); }
  };
  auto measure = [&](Piece& p) {
    std::vector<cv::Point2f> centres;
    std::vector<int> heights;
    for (int i : p.units) {
      const Unit& u = units[static_cast<std::size_t>(i)];
      centres.emplace_back(static_cast<float>(u.centre.x), static_cast<float>(u.centre.y));
      heights.push_back(u.box.height);
    }
    cv::Vec4f fit;
    cv::fitLine(centres, fit, cv::DIST_HUBER, 0, 0.01, 0.01);
    p.dx = fit[0];
    p.dy = fit[1];
    if (p.dx < 0) {
      p.dx = -p.dx;
      p.dy = -p.dy;
    }
    p.p0 = cv::Point2d(fit[2], fit[3]);
    std::sort(heights.begin(), heights.end());
    // Pixel-centre extent (box height - 1), the convention of the contour rectangles the
    // line images were cut with before (and the OCR thresholds were measured on).
    p.h = heights[heights.size() * 3 / 4] - 1;
    // Extent along the fitted direction: box corners of the units.
    p.uMin = 1e18;
    p.uMax = -1e18;
    for (int i : p.units) {
      const cv::Rect& b = units[static_cast<std::size_t>(i)].box;
      for (const double x : {b.x, b.x + b.width})
        for (const double y : {b.y, b.y + b.height}) {
          const double u = (x - p.p0.x) * p.dx + (y - p.p0.y) * p.dy;
          p.uMin = std::min(p.uMin, u);
          p.uMax = std::max(p.uMax, u);
        }
    }
  };
  // Pieces: the units under one line-mask component. Two lines whose glyphs touch somewhere
  // (blur, a stroke between them) share a component: split a piece where its unit centres
  // leave an empty band of more than 0.55 glyph heights across the fitted line (glyph centres
  // of one line lie within ~0.2 heights of it, '<' included; lines are >= 1.1 heights apart).
  std::vector<Piece> pieces, work;
  for (int k = 1; k < nLines; ++k) {
    Piece p;
    p.units = members[static_cast<std::size_t>(k)];
    if (p.units.size() >= 3) work.push_back(std::move(p));
  }
  while (!work.empty()) {
    Piece p = std::move(work.back());
    work.pop_back();
    measure(p);
    std::vector<std::pair<double, int>> across;
    for (int i : p.units) {
      const cv::Point2d c = units[static_cast<std::size_t>(i)].centre - p.p0;
      across.emplace_back(-c.x * p.dy + c.y * p.dx, i);
    }
    std::sort(across.begin(), across.end());
    std::size_t cut = 0;
    double widest = 0.55 * p.h;
    for (std::size_t i = 1; i < across.size(); ++i)
      if (across[i].first - across[i - 1].first > widest) {
        widest = across[i].first - across[i - 1].first;
        cut = i;
      }
    if (cut == 0) {
      pieces.push_back(std::move(p));
      continue;
    }
    for (const auto& [from, to] : {std::pair<std::size_t, std::size_t>{0, cut}, {cut, across.size()}}) {
      if (to - from < 3) continue;
      Piece part;
      for (std::size_t i = from; i < to; ++i) part.units.push_back(across[i].second);
      work.push_back(std::move(part));
    }
  }
  // Rejoin pieces of one line split where glyphs were dropped (a glyph touching a stamp,
  // signature or annotation stroke is no longer glyph-like; a glare spot washes out a few
  // glyphs: rotated-TD1-1055 of corpus-gen --first 1000 loses 4): both ends of the shorter
  // piece lie on the longer one's line (within 0.3 glyph heights, so text at another angle
  // or baseline stays apart), its glyphs are no taller, and it starts at most 5 glyph
  // heights (about 4 missing glyphs at the ~1.06-height pitch of 9303-3 §4.1.1) beyond.
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t i = 0; i < pieces.size() && !merged; ++i)
      for (std::size_t j = 0; j < pieces.size() && !merged; ++j) {
        if (i == j) continue;
        const Piece& a = pieces[i];
        const Piece& b = pieces[j];
        if (a.uMax - a.uMin < b.uMax - b.uMin) continue;  // a is the longer piece
        const cv::Point2d e0 = b.at(b.uMin) - a.p0, e1 = b.at(b.uMax) - a.p0;
        const double u0 = e0.x * a.dx + e0.y * a.dy, u1 = e1.x * a.dx + e1.y * a.dy;
        const double v0 = -e0.x * a.dy + e0.y * a.dx, v1 = -e1.x * a.dy + e1.y * a.dx;
        const double gap = std::max(std::min(u0, u1) - a.uMax, a.uMin - std::max(u0, u1));
        if (std::abs(v0) > 0.3 * a.h || std::abs(v1) > 0.3 * a.h || b.h > 1.2 * a.h || gap > 5.0 * a.h) continue;
        pieces[i].units.insert(pieces[i].units.end(), b.units.begin(), b.units.end());
        measure(pieces[i]);
        pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(j));
        merged = true;
      }
  }
  std::vector<CropLine> lines;
  for (const Piece& p : pieces) {
    const double angle = std::atan2(p.dy, p.dx) * 180.0 / CV_PI;
    const double len = p.uMax - p.uMin, h = p.h;
    const cv::Point2d c = p.at(0.5 * (p.uMin + p.uMax));
    if (std::abs(angle) > 20) continue;
    if (h < 0.5 * kOcrCharHeight || h > 2.0 * kOcrCharHeight || len < 20 * h || len > 60 * h) continue;
    const cv::RotatedRect r(cv::Point2f(static_cast<float>(c.x), static_cast<float>(c.y)),
                            cv::Size2f(static_cast<float>(len), static_cast<float>(h)), static_cast<float>(angle));
    lines.push_back({r, h});
  }
  return lines;
}

// Height of a cut line image, in glyph heights (the glyphs in the middle, 0.3 glyph heights of
// paper above and below them). Lines of an MRZ lie about 1.5-2 glyph heights apart (centre to
// centre; grouping below accepts 1.1-3), so a taller cut takes in the edge of the line above or
// below, more so under perspective or vertical blur. Without those fragments, the first OCR
// pass doubts right text less often and the second opinion (Otsu, secondOpinion) disagrees
// less often (measured; which fragments mislead it, not examined). On the 1,408 images with a
// known text, 1.6 instead of 2.0 turned 55 reads into exact ones (25 right texts the two
// passes had disagreed on, 17 right texts with unproven doubts, 13 wrong reads) and lost 17
// (13 of them to passes disagreeing). Chosen on the 1,280 held-out synthetic
// documents with the shipped model, exact reads (misreads 0 in every case): 2.0 (until
// 2026-12-03) 983, 1.6 1013, 1.5 1010; also committed camera-hard 9 -> 11 (1.4 11, 1.3 9),
// images-real 26 -> 31 (1.5 32, 1.4 31, 1.3 25). docs/vision.md, "Eighth round".
constexpr double kLineCropHeight = 1.6;

cv::Mat normaliseLine(const cv::Mat& line, int charPx) {
  // Flatten shading/glare: divide by a local background estimate (grey closing wider than a
  // glyph), then stretch contrast.
  cv::Mat bg;
  const int k = std::max(3, charPx | 1);
  cv::morphologyEx(line, bg, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k)));
  cv::Mat f, b;
  line.convertTo(f, CV_32F);
  bg.convertTo(b, CV_32F);
  cv::Mat ratio = f / (b + 1.0f);
  double lo = 0, hi = 1;
  cv::minMaxLoc(ratio, &lo, &hi);
  cv::Mat out;
  ratio.convertTo(out, CV_8U, 255.0 / std::max(1e-3, hi - lo), -lo * 255.0 / std::max(1e-3, hi - lo));
  return out;
}

}  // namespace

cv::Mat secondOpinion(const cv::Mat& line) {
  cv::Mat small, bin;
  cv::resize(line, small, cv::Size(), 0.8, 0.8, cv::INTER_AREA);
  cv::threshold(small, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  return bin;
}

cv::Mat arbiterRendering(const cv::Mat& line) {
  // Block of 31 px at the 0.8x scale: about 1.4 glyph heights, so each threshold is taken
  // over ink and paper of the glyph's own neighbourhood; C = 10 keeps paper noise white.
  cv::Mat small, bin;
  cv::resize(line, small, cv::Size(), 0.8, 0.8, cv::INTER_AREA);
  cv::adaptiveThreshold(small, bin, 255, cv::ADAPTIVE_THRESH_GAUSSIAN_C, cv::THRESH_BINARY, 31, 10);
  return bin;
}

std::pair<int, int> inkBand(const cv::Mat& ink) {
  cv::Mat rows;
  cv::reduce(ink, rows, 1, cv::REDUCE_AVG, CV_32F);
  double peak = 0;
  cv::minMaxLoc(rows, nullptr, &peak);
  int top = -1, bottom = -1;
  for (int y = 0; y < rows.rows; ++y)
    if (rows.at<float>(y) >= 0.25 * peak) {
      if (top < 0) top = y;
      bottom = y;
    }
  if (top < 0 || bottom - top < 8) return {-1, -1};
  return {top, bottom};
}

cv::Mat retryRendering(const cv::Mat& line) {
  // Gamma 2 darkens the grey ink of blurred or low-contrast glyphs while paper stays white.
  // Line-level experiment on the located lines of camera-hard + rotated and images-real
  // (Levenshtein errors vs the truth): 238 -> 140 and 148 -> 146 errors; as a retry it turned
  // 3 + 11 wrongly read lines exact (of 85 + 97).
  static const cv::Mat lut = [] {
    cv::Mat t(1, 256, CV_8U);
    for (int i = 0; i < 256; ++i) t.at<uchar>(i) = cv::saturate_cast<uchar>(255.0 * std::pow(i / 255.0, 2.0));
    return t;
  }();
  cv::Mat out;
  cv::LUT(line, lut, out);
  return out;
}

cv::Mat glareRendering(const cv::Mat& line) {
  // The dip: the weakest 2.5 % of a line's ink columns against its strongest 10 %. Glare over
  // 2-5 glyphs (held-out camera-easy MRV-B 4074, TD2 1006, MRV-B 4004) 0.13-0.29; on the 388
  // lines the retry read in held-out camera-hard 3000, camera-easy 4000 and rotated 3000,
  // median 0.74, 34 at 0.45 or less. The weakest tenth did not see 2 glyphs of 36 (MRV-B
  // 4074: 0.73). One limit tried on every set; docs/vision.md, "Twenty-seventh round".
  constexpr double kMaxDip = 0.45;
  constexpr float kMaxGain = 4.0f;  // ink at a quarter of full contrast reaches black
  if (line.empty()) return {};
  const int gh = static_cast<int>(kOcrCharHeight);
  // Each column's darkest ink, spread over half a glyph height each way and smoothed: the
  // ink contrast of the glyph around it (the gaps between glyphs, a third of a pitch, bridged).
  cv::Mat dark, colMax, contrast;
  cv::subtract(cv::Scalar(255), line, dark);
  cv::reduce(dark, colMax, 0, cv::REDUCE_MAX);
  cv::dilate(colMax, colMax, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(gh / 2 | 1, 1)));
  colMax.convertTo(contrast, CV_32F);
  cv::blur(contrast, contrast, cv::Size(gh / 2 | 1, 1), cv::Point(-1, -1), cv::BORDER_REPLICATE);
  const float* c = contrast.ptr<float>(0);
  std::vector<float> sorted(c, c + contrast.cols);
  std::sort(sorted.begin(), sorted.end());
  const float strong = sorted[sorted.size() * 9 / 10];
  const float floorContrast = std::max(40.0f, 0.3f * strong);
  // The ink span: from the first to the last column above the floor, less half a glyph
  // height at each end (where the spread contrast falls off).
  int x0 = 0, x1 = contrast.cols - 1;
  while (x0 < x1 && c[x0] < floorContrast) ++x0;
  while (x1 > x0 && c[x1] < floorContrast) --x1;
  x0 += gh / 2;
  x1 -= gh / 2;
  if (x1 - x0 < 4 * gh) return {};
  std::vector<float> span(c + x0, c + x1 + 1);
  std::sort(span.begin(), span.end());
  if (span[span.size() / 40] > kMaxDip * strong) return {};
  // Every column's ink stretched so its darkest is black (at most kMaxGain times; a column
  // weaker than the floor, a gap or a speck, by the floor's gain), then gamma 2 as in
  // retryRendering. Never lighter than the retry rendering: every gain is 1 or more.
  cv::Mat even(line.size(), CV_8U);
  for (int x = 0; x < line.cols; ++x) {
    const float gain = std::min(kMaxGain, 255.0f / std::max(c[x], floorContrast));
    for (int y = 0; y < line.rows; ++y)
      even.at<uchar>(y, x) = cv::saturate_cast<uchar>(255.0f - gain * static_cast<float>(dark.at<uchar>(y, x)));
  }
  return retryRendering(even);
}

bool sameBlobPlace(const cv::RotatedRect& a, const cv::RotatedRect& b) {
  const double h = std::max(a.size.height, b.size.height);
  return cv::norm(a.center - b.center) <= 0.25 * h + 2.0 &&
         std::abs(a.size.width - b.size.width) <= 0.1 * std::max(a.size.width, b.size.width) &&
         std::abs(a.size.height - b.size.height) <= 0.2 * h + 2.0 && angleDiff(a.angle, b.angle) <= 3.0;
}

namespace {

// Whether `p` lies inside `r` (frame coordinates).
bool insideRect(const cv::RotatedRect& r, cv::Point2f p) {
  const double a = r.angle * CV_PI / 180.0;
  const double dx = p.x - r.center.x, dy = p.y - r.center.y;
  const double u = dx * std::cos(a) + dy * std::sin(a), v = -dx * std::sin(a) + dy * std::cos(a);
  return std::abs(u) <= r.size.width / 2 && std::abs(v) <= r.size.height / 2;
}

}  // namespace

// What the locate computes before searching its blobs (the blobs, best first), and how far
// the search has come. Blobs are searched in order, each at most once, as locateMrz searched
// them before the locator was lazy; `nextBlob` is the first not yet searched.
struct MrzLocator::State {
  cv::Mat gray;
  int maxCandidates = 0;
  std::vector<cv::RotatedRect>* searchedInVain = nullptr;
  std::size_t inVainBefore = 0;  // entries of `searchedInVain` from before the locator
  bool raised = false;
  std::vector<Blob> unique;      // blobs to search: those of the block's shape, then one weak
  std::size_t strongCount = 0;   // how many of `unique` are of the block's shape
  std::vector<cv::RotatedRect> done;   // frame regions already turned into candidates
  std::vector<cv::RotatedRect> tried;  // crops analysed down to their lines without an MRZ
  std::vector<MrzCandidate> result;    // reserved for maxCandidates: never reallocated
  std::size_t nextBlob = 0;
  bool finished = false;

  State(const cv::Mat& image, int max, std::vector<cv::RotatedRect>* inVain, InkThreshold threshold, InkPyramid* pyramid);
  // Searches the next blob; false when the search is over (maxCandidates found, the blobs
  // exhausted, or a candidate found and only the weak blob left).
  bool step();
  // Searches blob `bi` of `unique`: a candidate appended to `result`, or the blob recorded in
  // `searchedInVain`, or (a group cut off at the crop's edge) a widened blob appended to
  // `unique` for a later step.
  void search(std::size_t bi);
};

MrzLocator::State::State(const cv::Mat& image, int max, std::vector<cv::RotatedRect>* inVain, InkThreshold threshold,
                         InkPyramid* pyramid)
    : gray(image), maxCandidates(max), searchedInVain(inVain), inVainBefore(inVain ? inVain->size() : 0) {
  if (gray.empty() || maxCandidates <= 0) {
    finished = true;
    return;
  }
  result.reserve(static_cast<std::size_t>(maxCandidates));
  // Pyramid levels: start where glyphs of 12 px become ~6 px. Made once per grey image when
  // the caller keeps them (`pyramid`).
  InkPyramid own;
  InkPyramid& pyr = pyramid ? *pyramid : own;
  if (pyr.source != gray.data || pyr.size != gray.size()) {
    pyr = InkPyramid{};
    pyr.source = gray.data;
    pyr.size = gray.size();
    cv::Mat level = gray;
    double scale = 1.0;
    while (std::min(level.cols, level.rows) > 1400) {
      cv::resize(level, level, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
      scale *= 0.5;
    }
    if (std::min(level.cols, level.rows) > 400) {
      cv::resize(level, level, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
      scale *= 0.5;
    }
    for (int i = 0; i < 3 && std::min(level.cols, level.rows) >= 90; ++i) {
      pyr.levels.push_back(blackhatLevel(level, scale));
      cv::resize(level, level, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
      scale *= 0.5;
    }
  }
  std::vector<Blob> blobs;
  for (const auto& lv : pyr.levels) {
    blobsAtLevel(lv, blobs, threshold);
    raised = raised || inkThreshold(lv, InkThreshold::Raised) > inkThreshold(lv, InkThreshold::Otsu);
  }
  std::sort(blobs.begin(), blobs.end(), [](const Blob& a, const Blob& b) { return a.score > b.score; });
  // Drop blobs covering the same place as a better one. Blocks of the MRZ's shape first; then
  // the best weak one, searched only when no candidate was found (a frame whose MRZ is found
  // pays nothing for it). One is enough: all 10 documents it finds on the held-out and real
  // sets were found from the best weak blob. On frames without an MRZ it costs a crop and,
  // when it holds lines, their OCR (no-MRZ frames: median unchanged at 1-2 ms, p95 20-48 ->
  // 41-65 ms; docs/vision.md, "Eleventh round").
  for (const bool weak : {false, true}) {
    const std::size_t first = unique.size();
    for (const auto& b : blobs) {
      if (b.weak != weak) continue;
      bool dup = false;
      for (const auto& u : unique)
        if (cv::norm(b.rect.center - u.rect.center) < 0.5 * std::max(u.rect.size.height, b.rect.size.height) + 0.1 * u.rect.size.width &&
            angleDiff(b.rect.angle, u.rect.angle) < 10)
          dup = true;
      if (!dup) unique.push_back(b);
      if (static_cast<int>(unique.size() - first) >= (weak ? 1 : maxCandidates * 2)) break;
    }
    if (!weak) strongCount = unique.size();
  }
}

bool MrzLocator::State::step() {
  if (finished) return false;
  if (nextBlob >= unique.size() || static_cast<int>(result.size()) >= maxCandidates || (nextBlob >= strongCount && !result.empty())) {
    finished = true;
    return false;
  }
  search(nextBlob++);
  return true;
}

void MrzLocator::State::search(std::size_t bi) {
  const Blob& blob = unique[bi];
  if (std::any_of(done.begin(), done.end(), [&](const cv::RotatedRect& d) { return insideRect(d, blob.rect.center); })) return;
  // A blob inside a crop already searched at about its angle would be cut out again at the
  // glyph height measured there (a part of the same line or block): nothing new to find.
  if (!blob.widened && std::any_of(tried.begin(), tried.end(), [&](const cv::RotatedRect& d) {
        return insideRect(d, blob.rect.center) && angleDiff(d.angle, blob.rect.angle) < 10;
      }))
    return;
  // Searched in vain at the same place in another grey image of the frame: its text lines
  // were cut out and grouped there already (locate.h). Only the entries from before this
  // locator are consulted, so one locator finds what it did without the list.
  if (searchedInVain && std::any_of(searchedInVain->begin(), searchedInVain->begin() + static_cast<long>(inVainBefore),
                                    [&](const cv::RotatedRect& r) { return sameBlobPlace(r, blob.rect); }))
    return;
  // From here on the blob is searched; if no candidate comes of it (any `return` below),
  // its rectangle is added to `searchedInVain` when this search ends. A copy: `blob`
  // refers into `unique`, which a widened blob is appended to.
  struct RecordInVain {
    std::vector<cv::RotatedRect>* list;
    const std::vector<MrzCandidate>& result;
    std::size_t before;
    cv::RotatedRect rect;
    ~RecordInVain() {
      if (list && result.size() == before) list->push_back(rect);
    }
  } recordInVain{searchedInVain, result, result.size(), blob.rect};
  const double L = blob.rect.size.width, S = blob.rect.size.height;
  // Glyph height guess: a line blob is one glyph high; a 2-3 line block of >= 30 glyphs at
  // a pitch of ~1.06 glyph heights (OCR-B size 1 at 2.54 mm pitch, 9303-3 §4.1.1) is at
  // most L/30 glyph heights long. Refined below from the glyphs themselves.
  double hGuess = std::min(S, L / 30.0);
  double f = 1, fCrop = 1, cropW = 0, cropH = 0;
  cv::Mat M, crop;
  // Crop: the block plus room for neighbouring MRZ lines when only one line was merged.
  // A blob may be only part of a line (long filler runs break up): extend to 48 glyphs.
  auto cutCrop = [&](double h) {
    f = std::clamp(kOcrCharHeight / h, 0.25, 4.0);
    cropW = lineSpan(L, h) * f;
    cropH = (S + 2 * 5.0 * h) * f;
    if (cropW * cropH > 6e6) return false;
    fCrop = f;
    M = cv::getRotationMatrix2D(blob.rect.center, blob.rect.angle, f);
    M.at<double>(0, 2) += cropW / 2 - blob.rect.center.x;
    M.at<double>(1, 2) += cropH / 2 - blob.rect.center.y;
    cv::warpAffine(gray, crop, M, cv::Size(static_cast<int>(cropW), static_cast<int>(cropH)), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return true;
  };
  if (!cutCrop(hGuess)) return;
  // Glyph mask: blackhat wider than a glyph stroke, Otsu.
  cv::Mat bh, mask;
  auto glyphMask = [&]() {
    cv::morphologyEx(crop, bh, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(21, 21)));
    return cv::threshold(bh, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  };
  if (glyphMask() < 15) return;
  // The components of `mask` as glyphMask() last made it: measureGlyphHeight computes them,
  // findLines below reuses them unless the crop is rescaled.
  MaskComponents cc;
  // Measured glyph height: upper quartile of component heights (MRZ glyphs outnumber
  // everything else in the crop; '<' is shorter than letters and digits).
  auto measureGlyphHeight = [&]() {
    cc = labelComponents(mask);
    std::vector<int> heights;
    for (int i = 1; i < cc.count; ++i) {
      const int h = cc.stats.at<int>(i, cv::CC_STAT_HEIGHT), w = cc.stats.at<int>(i, cv::CC_STAT_WIDTH);
      if (h >= 6 && w <= 2 * h && cc.stats.at<int>(i, cv::CC_STAT_AREA) >= 12) heights.push_back(h);
    }
    if (heights.size() < 20) return 0.0;
    std::sort(heights.begin(), heights.end());
    return static_cast<double>(heights[heights.size() * 3 / 4]);
  };
  double hMeasured = measureGlyphHeight();
  if (hMeasured <= 0) return;
  // The crop was laid out for glyphs of hGuess frame px. A blob that is only part of a
  // line (a filler run, a few glyphs) underestimates them, and the crop then ends inside
  // the block (a TD1 line or a line end missing: images-real serbia/germany resident,
  // rotated-TD1-000): cut it again around glyphs of the measured height.
  if (hMeasured / f > 1.2 * hGuess) {
    hGuess = hMeasured / f;
    if (!cutCrop(hGuess) || glyphMask() < 15) return;
    hMeasured = measureGlyphHeight();
    if (hMeasured <= 0) return;
  }
  tried.emplace_back(blob.rect.center, cv::Size2f(static_cast<float>(cropW / fCrop), static_cast<float>(cropH / fCrop)), blob.rect.angle);
  double hCrop = hMeasured;  // glyph height in crop pixels
  bool rescaled = false;
  {
    const double s2 = kOcrCharHeight / hMeasured;
    if (std::abs(s2 - 1.0) > 0.15) {
      cv::resize(crop, crop, cv::Size(), s2, s2, s2 < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
      f *= s2;
      hCrop = kOcrCharHeight;
      if (glyphMask() < 15) return;
      rescaled = true;
    }
  }
  std::vector<CropLine> lines;
  double searchX0 = 0, searchX1 = crop.cols;  // the columns lines were searched in
  if (rescaled) {
    // The crop was laid out for glyphs of hGuess, which overestimates a TD3's or TD2's
    // (L / 30 for a block of 36-44 glyphs): rescaled, it spans up to ~100 glyph heights,
    // twice the lineSpan of the measured glyphs. Components and lines are found in those
    // columns only (same rows): on camera-easy TD3-002 locating costs a fifth fewer
    // instructions (4% of the read); the same status on all 1,543 images of the committed,
    // held-out and real sets (the text differs on 2 unreadable ones).
    const double Lc = L * f;
    const int cols = std::min(mask.cols, static_cast<int>(std::ceil(lineSpan(Lc, hCrop))));
    const int x0 = (mask.cols - cols) / 2;
    const cv::Mat band = mask.colRange(x0, x0 + cols);
    lines = findLines(band, labelComponents(band), hCrop);
    for (auto& ln : lines) ln.rect.center.x += static_cast<float>(x0);
    searchX0 = x0;
    searchX1 = x0 + cols;
  } else {
    lines = findLines(mask, cc, hCrop);
  }
  if (lines.size() < 2) return;
  std::sort(lines.begin(), lines.end(), [](const CropLine& a, const CropLine& b) { return a.rect.center.y < b.rect.center.y; });
  // The MRZ: 2-3 consecutive lines of equal length (+-15%) and regular pitch, the group
  // nearest the blob centre. Pitch in glyph heights (measured from the glyphs, findLines):
  // 1.2-1.9 on the synthetic sets (corpus-gen layouts), 1.3-2.9 on the real specimens of
  // ../shared/images-real (TD3 pages space their two lines more): 1.1-3.0.
  std::vector<CropLine> best;
  double bestDist = 1e18;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<CropLine> group{lines[i]};
    for (std::size_t j = i + 1; j < lines.size() && group.size() < 3; ++j) {
      const CropLine& prev = group.back();
      CropLine next = lines[j];
      const double pitch = next.rect.center.y - prev.rect.center.y;
      const double h = 0.5 * (prev.height + next.height);
      // Print beyond one end of a line, on its row (a name or number on the background
      // beside the document's edge), lengthens it past the others: such a line, or the
      // group's first, begins or ends where the other does (within a glyph height) and is
      // cut to the other's length from that end, where a gap parts it from that print
      // (cutToLength; held-out camera-hard TD1 4195: its second line 1.27x the others).
      // Tried where the lengths differ by more than the 18 % two lines of one group may
      // differ by, or by more than 2.5 glyph heights (about 2.4 glyphs at OCR-B's pitch, 9303-3
      // §4.1.1): within 18 % a TD2 line took in 4 glyphs of a name printed beside the card
      // (fresh held-out camera-easy TD2 19016, 1.11x), and lines of one MRZ hold as many
      // glyphs at one pitch, so their ink ends differ by under a glyph where all were found.
      // cutToLength's gap keeps a line whose end glyphs go on past the cut.
      const double w0 = group[0].rect.size.width, excess = 2.5 * h;
      if (next.rect.size.width > 1.18 * w0 || next.rect.size.width > w0 + excess) {
        if (auto cut = cutToLength(next, group[0], h, mask)) next = *cut;
      } else if ((next.rect.size.width < 0.85 * w0 || next.rect.size.width + excess < w0) && group.size() == 1) {
        if (auto cut = cutToLength(group[0], next, h, mask)) group[0] = *cut;
      }
      const double lenRatio = next.rect.size.width / group[0].rect.size.width;
      if (pitch < 1.1 * h || pitch > 3.0 * h || lenRatio < 0.85 || lenRatio > 1.18 ||
          std::abs(next.rect.center.x - group[0].rect.center.x) > 0.15 * group[0].rect.size.width)
        break;
      group.push_back(next);
    }
    if (group.size() < 2) continue;
    double cy = 0;
    for (const auto& g : group) cy += g.rect.center.y;
    cy /= static_cast<double>(group.size());
    const double dist = std::abs(cy - crop.rows / 2.0) - 1000.0 * static_cast<double>(group.size());
    if (dist < bestDist) {
      bestDist = dist;
      best = group;
    }
  }
  if (best.size() < 2) return;
  // Crop to frame coordinates: crop = (f / fCrop) * M * frame.
  cv::Mat Minv;
  cv::invertAffineTransform(M, Minv);
  auto cropToFrame = [&, back = fCrop / f](double cx, double cy) {
    const double x = cx * back, y = cy * back;
    return cv::Point2f(static_cast<float>(Minv.at<double>(0, 0) * x + Minv.at<double>(0, 1) * y + Minv.at<double>(0, 2)),
                       static_cast<float>(Minv.at<double>(1, 0) * x + Minv.at<double>(1, 1) * y + Minv.at<double>(1, 2)));
  };
  // The crop was laid out around the blob for lines of at most ~48 glyph heights, from a
  // glyph height guessed before measuring. A short blob at one end of a 44-glyph line (a
  // filler run) with glyphs measured a little small leaves the other end of every line
  // outside the crop (held-out camera-easy MRV-A 4023: 'V<' and '78' cut off, the lines
  // touching the crop's left edge). Such a group is not read as found: the block is cut
  // again once, reaching a whole line's length (50 glyph heights) past the edge it touched.
  if (!blob.widened) {
    double x0 = 1e18, x1 = -1e18, y0 = 1e18, y1 = -1e18, hMax = 0;
    for (const auto& ln : best) {
      x0 = std::min(x0, ln.rect.center.x - ln.rect.size.width / 2.0);
      x1 = std::max(x1, ln.rect.center.x + ln.rect.size.width / 2.0);
      y0 = std::min(y0, ln.rect.center.y - ln.height / 2.0);
      y1 = std::max(y1, ln.rect.center.y + ln.height / 2.0);
      hMax = std::max(hMax, ln.height);
    }
    const bool cutLeft = x0 < searchX0 + 0.5 * hMax, cutRight = x1 > searchX1 - 0.5 * hMax;
    if (cutLeft || cutRight) {
      const double reach = 50.0 * hMax;
      const double a = cutLeft ? (cutRight ? 0.5 * (x0 + x1) - reach / 2 : x1 - reach) : x0;
      const double b = cutRight ? (cutLeft ? 0.5 * (x0 + x1) + reach / 2 : x0 + reach) : x1;
      Blob wider = blob;
      wider.rect = cv::RotatedRect(cropToFrame(0.5 * (a + b), 0.5 * (y0 + y1)),
                                   cv::Size2f(static_cast<float>((b - a) / f), static_cast<float>((y1 - y0) / f)), blob.rect.angle);
      wider.widened = true;
      unique.push_back(wider);  // `blob` is not used after this
      return;
    }
  }
  // Each line: its own angle and extent, cut from the crop at the normalised glyph height,
  // kLineCropHeight glyph heights high (see there).
  MrzCandidate cand;
  double hSum = 0;
  for (const auto& ln : best) {
    const double h = ln.height;
    const double g = kOcrCharHeight / h;
    const double outW = (ln.rect.size.width + 2.0 * h) * g, outH = h * kLineCropHeight * g;
    cv::Mat Ml = cv::getRotationMatrix2D(ln.rect.center, ln.rect.angle, g);
    Ml.at<double>(0, 2) += outW / 2 - ln.rect.center.x;
    Ml.at<double>(1, 2) += outH / 2 - ln.rect.center.y;
    cv::Mat lineImg;
    cv::warpAffine(crop, lineImg, Ml, cv::Size(static_cast<int>(outW), static_cast<int>(outH)), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    LineImage li;
    li.gray = normaliseLine(lineImg, static_cast<int>(kOcrCharHeight * 1.2));
    cv::rotate(li.gray, li.grayFlipped, cv::ROTATE_180);
    cand.lines.push_back(std::move(li));
    hSum += h / f;
  }
  cand.charHeight = hSum / static_cast<double>(best.size());
  // The region is the grouped lines (the blob may be one line of them), in frame coordinates.
  {
    std::vector<cv::Point2f> corners;
    for (const auto& ln : best) {
      cv::Point2f pts[4];
      ln.rect.points(pts);
      for (const auto& p : pts) corners.push_back(cropToFrame(p.x, p.y));
    }
    cand.region = longSideRect(cv::minAreaRect(corners));
  }
  done.emplace_back(blob.rect.center, cv::Size2f(static_cast<float>(cropW / fCrop), static_cast<float>(cropH / fCrop)), blob.rect.angle);
  cand.score = blob.score;
  result.push_back(std::move(cand));
}

MrzLocator::MrzLocator(const cv::Mat& gray, int maxCandidates, std::vector<cv::RotatedRect>* searchedInVain,
                       InkThreshold threshold, InkPyramid* pyramid)
    : state_(std::make_unique<State>(gray, maxCandidates, searchedInVain, threshold, pyramid)) {}

MrzLocator::~MrzLocator() = default;
MrzLocator::MrzLocator(MrzLocator&&) noexcept = default;
MrzLocator& MrzLocator::operator=(MrzLocator&&) noexcept = default;

const MrzCandidate* MrzLocator::candidate(std::size_t i) {
  while (state_->result.size() <= i && state_->step()) {
  }
  return i < state_->result.size() ? &state_->result[i] : nullptr;
}

const std::vector<MrzCandidate>& MrzLocator::all() {
  while (state_->step()) {
  }
  return state_->result;
}

const std::vector<MrzCandidate>& MrzLocator::located() const { return state_->result; }

bool MrzLocator::thresholdRaised() const { return state_->raised; }

std::vector<MrzCandidate> locateMrz(const cv::Mat& gray, int maxCandidates, std::vector<cv::RotatedRect>* searchedInVain,
                                    InkThreshold threshold, bool* thresholdRaised, InkPyramid* pyramid) {
  MrzLocator locator(gray, maxCandidates, searchedInVain, threshold, pyramid);
  std::vector<MrzCandidate> result = locator.all();
  if (thresholdRaised) *thresholdRaised = locator.thresholdRaised();
  return result;
}

}  // namespace bordergate::vision
