// Locate + rectify stages (see locate.h).
#include "locate.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace bordergate::vision {
namespace {

struct Blob {
  cv::RotatedRect rect;  // frame coordinates, width = long side
  double fill = 0;
  double score = 0;
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

// Blocks of merged characters at one pyramid level. The kernels are fixed; the pyramid
// makes them cover MRZ glyph heights of 12-60 px (issue #3): at scale s the glyphs are
// 12s-60s px and inter-glyph gaps ~0.45 x height, closed by the 7x7 kernel when <= ~7 px.
void blobsAtLevel(const cv::Mat& small, double scale, std::vector<Blob>& out) {
  cv::Mat bh;
  cv::morphologyEx(small, bh, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  cv::Mat mask;
  const double otsu = cv::threshold(bh, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  // MRZ ink is the darkest print on the page (9303-3 §4.3: black, high contrast); security
  // background lines are lighter. Half the contrast of the strongest 0.5% of pixels keeps
  // the ink and drops most guilloche (synthetic scan-clean set). Minimum 20 grey levels:
  // below it Otsu only splits sensor noise (blank frames, falsepositives set).
  int hist[256] = {0};
  for (int y = 0; y < bh.rows; ++y) {
    const uchar* p = bh.ptr<uchar>(y);
    for (int x = 0; x < bh.cols; ++x) ++hist[p[x]];
  }
  long above = 0;
  int p995 = 255;
  const long want = static_cast<long>(bh.total() / 200);
  while (p995 > 0 && above + hist[p995] < want) above += hist[p995--];
  const double t = std::max({otsu, 20.0, 0.5 * p995});
  if (t > otsu) cv::threshold(bh, mask, t, 255, cv::THRESH_BINARY);
  cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  for (const auto& c : contours) {
    if (c.size() < 4) continue;
    cv::RotatedRect r = longSideRect(cv::minAreaRect(c));
    const double L = r.size.width, S = r.size.height;
    // An MRZ block is >= 30 glyphs long (>= ~150 px at this level's 5-30 px glyphs) and at
    // least 5x longer than high (3 lines of 30: ~7; a single line of 44: ~45).
    if (L < 150 || S < 4 || L / S < 5 || L / S > 70) continue;
    const double fill = cv::contourArea(c) / (L * S);
    if (fill < 0.45) continue;
    Blob b;
    b.rect = cv::RotatedRect(r.center / scale, cv::Size2f(static_cast<float>(L / scale), static_cast<float>(S / scale)), r.angle);
    b.fill = fill;
    b.score = fill * std::min(L / S, 20.0) * std::sqrt(L / scale);
    out.push_back(b);
  }
}

double angleDiff(double a, double b) {
  double d = std::fmod(std::abs(a - b), 180.0);
  return std::min(d, 180.0 - d);
}

// A line found inside a rectified crop.
struct CropLine {
  cv::RotatedRect rect;  // crop coordinates, width = long side
  double height = 0;     // glyph height estimate (px, crop coordinates)
};

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

std::vector<MrzCandidate> locateMrz(const cv::Mat& gray, int maxCandidates) {
  std::vector<MrzCandidate> result;
  if (gray.empty() || maxCandidates <= 0) return result;
  // Pyramid levels: start where glyphs of 12 px become ~6 px.
  std::vector<Blob> blobs;
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
    blobsAtLevel(level, scale, blobs);
    cv::resize(level, level, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    scale *= 0.5;
  }
  std::sort(blobs.begin(), blobs.end(), [](const Blob& a, const Blob& b) { return a.score > b.score; });
  // Drop blobs covering the same place as a better one.
  std::vector<Blob> unique;
  for (const auto& b : blobs) {
    bool dup = false;
    for (const auto& u : unique)
      if (cv::norm(b.rect.center - u.rect.center) < 0.5 * std::max(u.rect.size.height, b.rect.size.height) + 0.1 * u.rect.size.width &&
          angleDiff(b.rect.angle, u.rect.angle) < 10)
        dup = true;
    if (!dup) unique.push_back(b);
    if (static_cast<int>(unique.size()) >= maxCandidates * 2) break;
  }

  std::vector<cv::RotatedRect> done;  // frame regions already turned into candidates
  auto inside = [](const cv::RotatedRect& r, cv::Point2f p) {
    const double a = r.angle * CV_PI / 180.0;
    const double dx = p.x - r.center.x, dy = p.y - r.center.y;
    const double u = dx * std::cos(a) + dy * std::sin(a), v = -dx * std::sin(a) + dy * std::cos(a);
    return std::abs(u) <= r.size.width / 2 && std::abs(v) <= r.size.height / 2;
  };
  for (const auto& blob : unique) {
    if (static_cast<int>(result.size()) >= maxCandidates) break;
    if (std::any_of(done.begin(), done.end(), [&](const cv::RotatedRect& d) { return inside(d, blob.rect.center); })) continue;
    const double L = blob.rect.size.width, S = blob.rect.size.height;
    // Glyph height guess: a line blob is one glyph high; a 2-3 line block of >= 30 glyphs at
    // a pitch of ~1.06 glyph heights (OCR-B size 1 at 2.54 mm pitch, 9303-3 §4.1.1) is at
    // most L/30 glyph heights long. Refined below from the glyphs themselves.
    const double hGuess = std::min(S, L / 30.0);
    double f = std::clamp(kOcrCharHeight / hGuess, 0.25, 4.0);
    // Crop: the block plus room for neighbouring MRZ lines when only one line was merged.
    // A blob may be only part of a line (long filler runs break up): extend to 48 glyphs.
    const double extra = std::max(2.0 * hGuess, 48.0 * hGuess - L);
    const double cropW = (L + 2 * extra) * f;
    const double cropH = (S + 2 * 5.0 * hGuess) * f;
    if (cropW * cropH > 6e6) continue;
    const double fCrop = f;
    cv::Mat M = cv::getRotationMatrix2D(blob.rect.center, blob.rect.angle, f);
    M.at<double>(0, 2) += cropW / 2 - blob.rect.center.x;
    M.at<double>(1, 2) += cropH / 2 - blob.rect.center.y;
    cv::Mat crop;
    cv::warpAffine(gray, crop, M, cv::Size(static_cast<int>(cropW), static_cast<int>(cropH)), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    // Glyph mask: blackhat wider than a glyph stroke, Otsu.
    cv::Mat bh, mask;
    auto glyphMask = [&]() {
      cv::morphologyEx(crop, bh, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(21, 21)));
      return cv::threshold(bh, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    };
    if (glyphMask() < 15) continue;
    // Measured glyph height: upper quartile of component heights (MRZ glyphs outnumber
    // everything else in the crop; '<' is shorter than letters and digits).
    {
      cv::Mat labels, stats, centroids;
      const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
      std::vector<int> heights;
      for (int i = 1; i < n; ++i) {
        const int h = stats.at<int>(i, cv::CC_STAT_HEIGHT), w = stats.at<int>(i, cv::CC_STAT_WIDTH);
        if (h >= 6 && w <= 2 * h && stats.at<int>(i, cv::CC_STAT_AREA) >= 12) heights.push_back(h);
      }
      if (heights.size() < 20) continue;
      std::sort(heights.begin(), heights.end());
      const double hMeasured = heights[heights.size() * 3 / 4];
      const double s2 = kOcrCharHeight / hMeasured;
      if (std::abs(s2 - 1.0) > 0.15) {
        cv::resize(crop, crop, cv::Size(), s2, s2, s2 < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        f *= s2;
        if (glyphMask() < 15) continue;
      }
    }
    // Join glyphs of a line (pitch ~30 px, so gaps up to ~27 px beside an I) without joining
    // lines (gaps ~0.75 x 28 px).
    cv::Mat lineMask;
    cv::morphologyEx(mask, lineMask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(35, 9)));
    cv::morphologyEx(lineMask, lineMask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(lineMask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<CropLine> lines;
    for (const auto& c : contours) {
      cv::RotatedRect r = longSideRect(cv::minAreaRect(c));
      if (std::abs(r.angle) > 20) continue;
      const double len = r.size.width, h = r.size.height;
      if (h < 0.5 * kOcrCharHeight || h > 2.0 * kOcrCharHeight || len < 20 * h || len > 60 * h) continue;
      lines.push_back({r, h});
    }
    if (lines.size() < 2) continue;
    std::sort(lines.begin(), lines.end(), [](const CropLine& a, const CropLine& b) { return a.rect.center.y < b.rect.center.y; });
    // The MRZ: 2-3 consecutive lines of equal length (+-15%) and regular pitch, the group
    // nearest the blob centre.
    std::vector<CropLine> best;
    double bestDist = 1e18;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::vector<CropLine> group{lines[i]};
      for (std::size_t j = i + 1; j < lines.size() && group.size() < 3; ++j) {
        const CropLine& prev = group.back();
        const double pitch = lines[j].rect.center.y - prev.rect.center.y;
        const double lenRatio = lines[j].rect.size.width / group[0].rect.size.width;
        const double h = 0.5 * (prev.height + lines[j].height);
        if (pitch < 1.1 * h || pitch > 2.6 * h || lenRatio < 0.85 || lenRatio > 1.18 ||
            std::abs(lines[j].rect.center.x - group[0].rect.center.x) > 0.15 * group[0].rect.size.width)
          break;
        group.push_back(lines[j]);
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
    if (best.size() < 2) continue;
    // Each line: its own angle and extent, cut from the crop at the normalised glyph height.
    MrzCandidate cand;
    double hSum = 0;
    for (const auto& ln : best) {
      const double h = ln.height;
      const double g = kOcrCharHeight / h;
      const double outW = (ln.rect.size.width + 2.0 * h) * g, outH = h * 2.0 * g;
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
    // The region is the grouped lines (the blob may be one line of them), mapped back from
    // crop to frame coordinates: crop = (f / fCrop) * M * frame.
    {
      cv::Mat Minv;
      cv::invertAffineTransform(M, Minv);
      const double back = fCrop / f;
      std::vector<cv::Point2f> corners;
      for (const auto& ln : best) {
        cv::Point2f pts[4];
        ln.rect.points(pts);
        for (const auto& p : pts) {
          const double x = p.x * back, y = p.y * back;
          corners.emplace_back(static_cast<float>(Minv.at<double>(0, 0) * x + Minv.at<double>(0, 1) * y + Minv.at<double>(0, 2)),
                               static_cast<float>(Minv.at<double>(1, 0) * x + Minv.at<double>(1, 1) * y + Minv.at<double>(1, 2)));
        }
      }
      cand.region = longSideRect(cv::minAreaRect(corners));
    }
    done.emplace_back(blob.rect.center, cv::Size2f(static_cast<float>(cropW / fCrop), static_cast<float>(cropH / fCrop)), blob.rect.angle);
    cand.score = blob.score;
    result.push_back(std::move(cand));
  }
  return result;
}

}  // namespace bordergate::vision
