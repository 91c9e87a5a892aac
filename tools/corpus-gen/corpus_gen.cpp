// corpus-gen: deterministic generator of synthetic MRZ test images (issue #3 corpus).
// Renders specimen-style documents (TD1, TD2, TD3, MRV-A, MRV-B) with guilloche backgrounds,
// a photo area, visual-zone text and an OCR-B MRZ produced by mrz::encode(), then applies
// capture effects of graded difficulty. Writes NAME.png + NAME.txt (exact MRZ lines joined by
// '\n', no trailing newline); false-positive sets write NAME.png only.
//
//   corpus-gen --set scan-clean|camera-easy|camera-hard|rotated|falsepositives
//              --out DIR [--count N] [--seed S] [--first I] [--frames K] [--shake F] [--colour]
//
// --frames K (camera sets): K frames of each document as a kiosk camera would capture it while
// it lies still, NAME-f00.png ... (each with its NAME-fNN.txt); frame 0 is the image written
// without --frames. `bordergate bench tracker` reads such sequences.
//
// --shake F (0 < F <= 1, default 1) scales the motion-blur segment: 0.5 draws 2-5 px shakes
// instead of 4-10 px, with the same documents and draws otherwise. Such frames showed wrong
// identities the default sets never did (docs/vision.md, "Eighteenth round").
//
// --colour writes each image in colour (8-bit BGR PNG), as rendered, instead of its luminance
// (8-bit grey, the committed sets: colour noise would triple the repository's size). The same
// documents and draws; the grey image is the luminance of the colour one. The reader greys a
// colour frame its own way (docs/vision.md, "Twenty-third round").
//
// Same arguments -> same images (own PRNG helpers over std::mt19937, which is fully
// specified by the standard; no std::*_distribution, whose output is implementation-defined).
#include <opencv2/core.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bordergate/mrz/encoder.h"

namespace {

namespace mrz = bordergate::mrz;

// Debian fonts-ocr-b and fonts-dejavu-core (scripts/packages.txt).
const char* kOcrbFont = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
const char* kSansFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* kSansBoldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

class Rng {
 public:
  explicit Rng(std::uint32_t seed) : gen_(seed) {}
  double uniform(double a, double b) { return a + (b - a) * (static_cast<double>(gen_()) / 4294967296.0); }
  int range(int a, int b) { return a + static_cast<int>(gen_() % static_cast<std::uint32_t>(b - a + 1)); }  // inclusive
  bool chance(double p) { return uniform(0, 1) < p; }
  double normal() {
    // Box-Muller on our own uniforms.
    const double u1 = std::max(1e-12, uniform(0, 1)), u2 = uniform(0, 1);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(range(0, static_cast<int>(v.size()) - 1))]; }
  std::uint32_t raw() { return gen_(); }

 private:
  std::mt19937 gen_;
};

struct Fonts {
  cv::Ptr<cv::freetype::FreeType2> ocrb, sans, bold;
};

// Physical layout per format (ICAO 9303-3 §4.2 document sizes; MRZ character pitch 2.54 mm,
// 9303-3 §4.1.1 OCR-B size 1).
struct Layout {
  mrz::Format format;
  double widthMm, heightMm;
  int lines, chars;
  double linePitchMm;
  bool photoLeft;
};

const std::vector<Layout>& layouts() {
  static const std::vector<Layout> l = {
      {mrz::Format::TD1, 85.6, 54.0, 3, 30, 4.2, true},
      {mrz::Format::TD2, 105.0, 74.0, 2, 36, 4.2, true},
      {mrz::Format::TD3, 125.0, 88.0, 2, 44, 4.2, true},
      {mrz::Format::MRVA, 120.0, 80.0, 2, 44, 4.2, true},
      {mrz::Format::MRVB, 105.0, 74.0, 2, 36, 4.2, true},
  };
  return l;
}

const std::vector<std::string> kSurnames = {
    "ERIKSSON", "YILMAZ", "OZTURK", "MUELLER", "SMITH", "GARCIA LOPEZ", "NGUYEN", "DE LA CRUZ", "KOWALSKI",
    "ABDULLAH", "VAN DER BERG", "O BRIEN", "ZHANG", "FERNANDES", "POPESCU", "KAYA", "SCHMIDT", "ROSSI",
    "WOJCIECHOWSKA", "BJORKLUND", "DEMIR", "ANDERSSON", "MAXIMILIANOPOULOS", "QUINN", "XAVIER", "OKONKWO",
    "JOHANSSON", "CELIK", "DUBOIS", "PETROV", "HASSAN", "IVANOVA", "KIM", "TANAKA", "SILVA", "ARSLAN"};
const std::vector<std::string> kGiven = {
    "ANNA MARIA", "MEHMET", "AYSE", "JOHN", "MARIE CLAIRE", "LI", "OMAR", "ELIF", "KLAUS PETER", "ZEYNEP",
    "GEORGE", "SOFIA", "BOGDAN", "YUSUF", "HANNAH", "IBRAHIM", "VICTORIA ALEXANDRA", "Q", "EMRE", "ZOE",
    "CHRISTOPHER JONATHAN", "FATMA", "PIERRE", "OLGA", "NIKOLAOS", "SEVGI", "AHMET", "BURAK", "JULIA"};
const std::vector<std::string> kStates = {"D", "FRA", "TUR", "GBR", "USA", "ITA", "NLD", "ESP", "SWE", "UTO",
                                          "CAN", "JPN", "BRA", "IND", "CHN", "GRC", "POL", "AUT", "BEL", "IRL"};

std::string randomDocNumber(Rng& rng) {
  static const char* kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s;
  const int style = rng.range(0, 2);
  const int len = rng.range(7, 9);
  for (int i = 0; i < len; ++i) {
    if (style == 0) s += static_cast<char>('0' + rng.range(0, 9));                 // all digits
    else if (style == 1) s += (i < 2) ? static_cast<char>('A' + rng.range(0, 25)) : static_cast<char>('0' + rng.range(0, 9));
    else s += kAlnum[rng.range(0, 35)];                                               // mixed
  }
  return s;
}

std::string isoDate(int y, int m, int d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
  return b;
}

// A random record of the given format; returns its MRZ lines.
std::vector<std::string> randomMrz(Rng& rng, const Layout& lay) {
  for (;;) {
    mrz::MrzFields f;
    f.format = lay.format;
    switch (lay.format) {
      case mrz::Format::TD1: f.documentCode = rng.pick(std::vector<std::string>{"I", "ID", "IR", "AC"}); break;
      case mrz::Format::TD2: f.documentCode = rng.pick(std::vector<std::string>{"I", "ID", "IP"}); break;
      case mrz::Format::TD3: f.documentCode = rng.pick(std::vector<std::string>{"P", "PO", "PD"}); break;
      default: f.documentCode = "V"; break;
    }
    f.issuingState = rng.pick(kStates);
    f.nationality = rng.chance(0.7) ? f.issuingState : rng.pick(kStates);
    f.surname = rng.pick(kSurnames);
    if (rng.chance(0.2)) f.surname += " " + rng.pick(kSurnames);
    f.givenNames = rng.pick(kGiven);
    f.documentNumber = randomDocNumber(rng);
    f.birthDate = isoDate(rng.range(1935, 2018), rng.range(1, 12), rng.range(1, 28));
    f.expiryDate = isoDate(rng.range(2021, 2036), rng.range(1, 12), rng.range(1, 28));
    f.sex = rng.pick(std::vector<char>{'F', 'M', 'M', 'F', '<'});
    if (rng.chance(0.5)) {
      std::string od;
      const int n = rng.range(3, lay.format == mrz::Format::TD1 ? 11 : 8);
      for (int i = 0; i < n; ++i) od += static_cast<char>('0' + rng.range(0, 9));
      f.optionalData = od;
    }
    if (lay.format == mrz::Format::TD1 && rng.chance(0.3)) f.optionalData2 = "X" + std::to_string(rng.range(100, 9999));
    auto lines = mrz::encode(f);
    if (lines) return *lines;
  }
}

cv::Scalar pastel(Rng& rng, double lo = 170, double hi = 245) {
  return cv::Scalar(rng.uniform(lo, hi), rng.uniform(lo, hi), rng.uniform(lo, hi));
}

// Security-print style background: fine rosettes and waves.
void drawGuilloche(cv::Mat& img, Rng& rng, double ppm) {
  const int w = img.cols, h = img.rows;
  cv::Mat grad(img.size(), CV_8UC3);
  const cv::Scalar c1 = pastel(rng, 215, 250), c2 = pastel(rng, 200, 245);
  for (int y = 0; y < h; ++y) {
    const double t = static_cast<double>(y) / h;
    grad.row(y).setTo(c1 * (1 - t) + c2 * t);
  }
  grad.copyTo(img);
  const int nCurves = rng.range(2, 4);
  for (int c = 0; c < nCurves; ++c) {
    const cv::Point2d centre(rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h);
    const double R = rng.uniform(0.2, 0.6) * std::min(w, h);
    const int n = rng.range(5, 17);
    const double a = rng.uniform(0.1, 0.4) * R;
    const cv::Scalar col = pastel(rng, 120, 215);
    const int reps = rng.range(10, 24);
    for (int k = 0; k < reps; ++k) {
      std::vector<cv::Point> pts;
      const double ph = 2 * M_PI * k / reps;
      for (int i = 0; i <= 720; ++i) {
        const double t = 2 * M_PI * i / 720;
        const double r = R + a * std::sin(n * t + ph);
        pts.emplace_back(cv::Point(static_cast<int>(centre.x + r * std::cos(t)), static_cast<int>(centre.y + r * std::sin(t))));
      }
      cv::polylines(img, pts, true, col, std::max(1, static_cast<int>(ppm * 0.06)), cv::LINE_AA);
    }
  }
  // Horizontal waves.
  const int waves = rng.range(6, 20);
  const cv::Scalar wc = pastel(rng, 150, 225);
  const double amp = rng.uniform(1, 4) * ppm, period = rng.uniform(8, 30) * ppm;
  for (int k = 0; k < waves; ++k) {
    std::vector<cv::Point> pts;
    const double y0 = h * (k + 0.5) / waves;
    for (int x = 0; x < w; x += 3) pts.emplace_back(x, static_cast<int>(y0 + amp * std::sin(2 * M_PI * x / period + k)));
    cv::polylines(img, pts, false, wc, 1, cv::LINE_AA);
  }
}

void drawPhoto(cv::Mat& img, Rng& rng, cv::Rect r) {
  r &= cv::Rect(0, 0, img.cols, img.rows);
  if (r.empty()) return;
  cv::Mat roi = img(r);
  roi.setTo(pastel(rng, 120, 230));
  const cv::Point c(r.width / 2, static_cast<int>(r.height * 0.45));
  const cv::Scalar skin(rng.uniform(60, 190), rng.uniform(90, 200), rng.uniform(120, 230));
  cv::ellipse(roi, cv::Point(c.x, r.height), cv::Size(r.width * 4 / 10, r.height * 3 / 10), 0, 180, 360, pastel(rng, 20, 120), -1, cv::LINE_AA);
  cv::ellipse(roi, c, cv::Size(r.width / 4, r.height * 3 / 10), 0, 0, 360, skin, -1, cv::LINE_AA);
  cv::ellipse(roi, cv::Point(c.x, c.y - r.height / 8), cv::Size(r.width * 27 / 100, r.height / 5), 0, 180, 360,
              cv::Scalar(rng.uniform(10, 90), rng.uniform(10, 80), rng.uniform(10, 70)), -1, cv::LINE_AA);
  cv::rectangle(roi, cv::Rect(0, 0, r.width, r.height), cv::Scalar(80, 80, 80), 1);
}

void putText(const cv::Ptr<cv::freetype::FreeType2>& f, cv::Mat& img, const std::string& s, cv::Point org, int height, cv::Scalar col) {
  if (height < 4) return;
  f->putText(img, s, org, height, col, -1, cv::LINE_AA, true);
}

// Writes `line` in OCR-B at a fixed pitch, each glyph centred in its cell; `baseline` in px.
void drawMrzLine(const Fonts& fonts, cv::Mat& img, const std::string& line, double x0, double baseline, double pitchPx,
                 int emPx, cv::Scalar ink) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const std::string ch(1, line[i]);
    int bl = 0;
    const cv::Size sz = fonts.ocrb->getTextSize(ch, emPx, -1, &bl);
    const double cx = x0 + pitchPx * (static_cast<double>(i) + 0.5);
    putText(fonts.ocrb, img, ch, cv::Point(static_cast<int>(std::lround(cx - sz.width / 2.0)), static_cast<int>(std::lround(baseline))), emPx, ink);
  }
}

const char* kLabels[] = {"Surname / Nom", "Given names / Prenoms", "Nationality", "Date of birth", "Sex",
                         "Place of birth", "Date of issue", "Date of expiry", "Authority", "Document No.", "Type"};

// Renders a whole document at `ppm` px per mm. `mrzLines` empty -> a document without MRZ.
cv::Mat renderDocument(const Fonts& fonts, Rng& rng, const Layout& lay, const std::vector<std::string>& mrzLines, double ppm) {
  const int w = static_cast<int>(std::lround(lay.widthMm * ppm)), h = static_cast<int>(std::lround(lay.heightMm * ppm));
  cv::Mat doc(h, w, CV_8UC3);
  drawGuilloche(doc, rng, ppm);
  const double margin = 4.0 * ppm;
  // Header band.
  putText(fonts.bold, doc, rng.pick(std::vector<std::string>{"UTOPIA", "REPUBLIC OF SPECIMEN", "PASSPORT", "IDENTITY CARD", "VISA", "RESIDENCE PERMIT"}),
          cv::Point(static_cast<int>(margin), static_cast<int>(margin + 4 * ppm)), static_cast<int>(3.2 * ppm), pastel(rng, 20, 90));
  // Photo.
  const double mrzTop = lay.heightMm - 1.5 - lay.lines * lay.linePitchMm - 2.0;
  const double photoH = std::min(mrzTop - 12.0, 45.0), photoW = photoH * 0.78;
  drawPhoto(doc, rng, cv::Rect(static_cast<int>(margin), static_cast<int>(9.5 * ppm), static_cast<int>(photoW * ppm), static_cast<int>(photoH * ppm)));
  // Visual zone: labels + upper-case values (nearby text that looks like an MRZ to a naive detector).
  const double vx = margin + (photoW + 4) * ppm;
  double vy = 10.5 * ppm;
  const double rowH = 5.8 * ppm;
  while (vy + rowH < mrzTop * ppm - 1.0 * ppm) {
    putText(fonts.sans, doc, kLabels[rng.range(0, 10)], cv::Point(static_cast<int>(vx), static_cast<int>(vy + 1.6 * ppm)), static_cast<int>(1.6 * ppm), cv::Scalar(90, 70, 60));
    std::string value = rng.pick(kSurnames);
    if (rng.chance(0.5)) value = std::to_string(rng.range(1, 28)) + " " + rng.pick(std::vector<std::string>{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}) + " " + std::to_string(rng.range(1940, 2035));
    putText(rng.chance(0.5) ? fonts.sans : fonts.bold, doc, value, cv::Point(static_cast<int>(vx), static_cast<int>(vy + 4.6 * ppm)), static_cast<int>(2.6 * ppm), cv::Scalar(25, 25, 25));
    vy += rowH;
  }
  // Signature-like scribble.
  std::vector<cv::Point> sig;
  for (int i = 0; i < 40; ++i) sig.emplace_back(static_cast<int>(vx + i * 0.6 * ppm), static_cast<int>(mrzTop * ppm - 2 * ppm + std::sin(i * 0.9) * ppm));
  cv::polylines(doc, sig, false, cv::Scalar(110, 40, 20), std::max(1, static_cast<int>(0.25 * ppm)), cv::LINE_AA);
  if (!mrzLines.empty()) {
    // The MRZ band is plain (9303-3 §4.3: the clear area), with slight tint.
    const int bandTop = static_cast<int>((lay.heightMm - 1.0 - lay.lines * lay.linePitchMm - 1.0) * ppm);
    cv::Mat band = doc(cv::Rect(0, bandTop, w, h - bandTop));
    cv::addWeighted(band, 0.25, cv::Mat(band.size(), band.type(), pastel(rng, 225, 252)), 0.75, 0, band);
    const double pitch = 2.54 * ppm;
    const double lineW = lay.chars * pitch;
    const double x0 = (w - lineW) / 2.0;
    const int em = static_cast<int>(std::lround(3.3 * ppm));  // OCR-B cap height ~0.72 em -> ~2.4 mm glyphs
    const cv::Scalar ink = cv::Scalar::all(rng.uniform(0, 45));
    for (int i = 0; i < lay.lines; ++i) {
      const double baseline = (lay.heightMm - 2.0 - (lay.lines - 1 - i) * lay.linePitchMm) * ppm;
      drawMrzLine(fonts, doc, mrzLines[static_cast<std::size_t>(i)], x0, baseline, pitch, em, ink);
    }
  }
  cv::rectangle(doc, cv::Rect(0, 0, w, h), cv::Scalar(150, 150, 150), 1);
  return doc;
}

struct Effects {
  double charHeightMin, charHeightMax;  // MRZ glyph height in the final frame, px
  double maxRotationDeg;                // in-plane rotation, uniform in +-max (>=180: any)
  double maxTiltDeg;                    // perspective tilt
  double blurMax;                       // gaussian sigma
  double motionMax;                     // motion blur: a segment of 2*len px, len drawn in 2..motionMax
  double noiseMax;                      // gaussian noise sigma
  int jpegMin, jpegMax;                 // 0: none
  double glareProb, shadowProb, unevenProb, busyBgProb, darkBgProb;
  bool scan;                            // flat scan: no warp, white page
  // Scale of the motion-blur segment (--shake): 1 draws 2*len px, as every committed and
  // held-out set was drawn; 0.5 draws len px, the length `motionMax` once meant.
  double shake = 1.0;
};

Effects effectsFor(const std::string& set) {
  if (set == "scan-clean") return {20, 30, 0, 0, 0.4, 0, 2, 0, 0, 0, 0, 0, 0, 0, true};
  if (set == "camera-easy") return {16, 30, 6, 8, 0.8, 0, 3, 88, 95, 0.1, 0.1, 0.3, 0.3, 0.1, false};
  if (set == "camera-hard") return {12, 40, 25, 30, 1.4, 5, 7, 60, 85, 0.5, 0.4, 0.6, 0.6, 0.3, false};
  if (set == "rotated") return {14, 32, 180, 12, 0.8, 0, 4, 80, 95, 0.1, 0.1, 0.3, 0.4, 0.2, false};
  return {14, 32, 40, 20, 1.0, 3, 5, 70, 95, 0.3, 0.3, 0.5, 0.6, 0.3, false};  // falsepositives
}

void busyBackground(cv::Mat& frame, Rng& rng, const Fonts& fonts) {
  const int n = rng.range(20, 60);
  for (int i = 0; i < n; ++i) {
    const cv::Point p(rng.range(0, frame.cols), rng.range(0, frame.rows));
    const cv::Scalar c = pastel(rng, 0, 255);
    switch (rng.range(0, 3)) {
      case 0: cv::rectangle(frame, cv::Rect(p, cv::Size(rng.range(20, 300), rng.range(20, 300))), c, -1); break;
      case 1: cv::line(frame, p, cv::Point(rng.range(0, frame.cols), rng.range(0, frame.rows)), c, rng.range(1, 8), cv::LINE_AA); break;
      case 2: cv::circle(frame, p, rng.range(5, 120), c, rng.range(-1, 6), cv::LINE_AA); break;
      default: putText(fonts.sans, frame, rng.pick(kSurnames) + " " + std::to_string(rng.range(0, 99999)), p, rng.range(10, 40), c); break;
    }
  }
}

cv::Mat backgroundFrame(Rng& rng, const Fonts& fonts, cv::Size size, const Effects& fx) {
  cv::Mat frame(size, CV_8UC3);
  const bool dark = rng.chance(fx.darkBgProb);
  const cv::Scalar c1 = dark ? pastel(rng, 5, 60) : pastel(rng, 60, 200), c2 = dark ? pastel(rng, 5, 60) : pastel(rng, 60, 200);
  for (int x = 0; x < size.width; ++x) {
    const double t = static_cast<double>(x) / size.width;
    frame.col(x).setTo(c1 * (1 - t) + c2 * t);
  }
  if (rng.chance(fx.busyBgProb)) busyBackground(frame, rng, fonts);
  return frame;
}

// Pastes `doc` into `frame` through a homography; returns the quad corners in frame coords.
void warpInto(cv::Mat& frame, const cv::Mat& doc, const cv::Mat& H) {
  cv::Mat warped, mask;
  cv::warpPerspective(doc, warped, H, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::warpPerspective(cv::Mat(doc.size(), CV_8UC1, cv::Scalar(255)), mask, H, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  warped.copyTo(frame, mask > 128);
}

// Homography placing a doc of size `ds` (px) into `fs` with scale s, rotation and tilt.
cv::Mat placement(Rng& rng, cv::Size ds, cv::Size fs, double scale, double rotDeg, double tiltDeg, bool& fits) {
  const double w = ds.width * scale, h = ds.height * scale;
  // Tilt: foreshorten one side (perspective), about a random axis.
  const double tilt = tiltDeg * M_PI / 180.0;
  const double axis = rng.uniform(0, 2 * M_PI);
  std::vector<cv::Point2f> src = {{0, 0}, {static_cast<float>(ds.width), 0}, {static_cast<float>(ds.width), static_cast<float>(ds.height)}, {0, static_cast<float>(ds.height)}};
  std::vector<cv::Point2d> corners = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
  const double f = 1.2 * std::max(fs.width, fs.height);  // focal length in px
  std::vector<cv::Point2d> proj;
  for (auto c : corners) {
    // Rotate the plane about an in-plane axis by `tilt`, then project.
    const double ax = std::cos(axis), ay = std::sin(axis);
    const double along = c.x * ax + c.y * ay;
    const double across = -c.x * ay + c.y * ax;
    const double z = across * std::sin(tilt);
    const double acrossP = across * std::cos(tilt);
    const double x = along * ax - acrossP * ay, y = along * ay + acrossP * ax;
    const double k = f / (f + z);
    proj.emplace_back(x * k, y * k);
  }
  const double r = rotDeg * M_PI / 180.0;
  std::vector<cv::Point2d> rot;
  double minx = 1e9, maxx = -1e9, miny = 1e9, maxy = -1e9;
  for (auto p : proj) {
    cv::Point2d q(p.x * std::cos(r) - p.y * std::sin(r), p.x * std::sin(r) + p.y * std::cos(r));
    rot.push_back(q);
    minx = std::min(minx, q.x); maxx = std::max(maxx, q.x); miny = std::min(miny, q.y); maxy = std::max(maxy, q.y);
  }
  fits = (maxx - minx) < fs.width * 0.98 && (maxy - miny) < fs.height * 0.98;
  const double cx = fits ? rng.uniform(-minx + 2, fs.width - maxx - 2) : fs.width / 2.0;
  const double cy = fits ? rng.uniform(-miny + 2, fs.height - maxy - 2) : fs.height / 2.0;
  std::vector<cv::Point2f> dst;
  for (auto q : rot) dst.emplace_back(static_cast<float>(q.x + cx), static_cast<float>(q.y + cy));
  return cv::getPerspectiveTransform(src, dst);
}

void applyLighting(cv::Mat& frame, Rng& rng, const Effects& fx) {
  cv::Mat f;
  frame.convertTo(f, CV_32FC3);
  cv::Mat gain(frame.size(), CV_32FC1, cv::Scalar(1.0));
  if (rng.chance(fx.unevenProb)) {
    const double gx = rng.uniform(-0.5, 0.5), gy = rng.uniform(-0.5, 0.5), base = rng.uniform(0.7, 1.1);
    for (int y = 0; y < gain.rows; ++y) {
      float* g = gain.ptr<float>(y);
      for (int x = 0; x < gain.cols; ++x)
        g[x] = static_cast<float>(std::clamp(base + gx * (x / static_cast<double>(gain.cols) - 0.5) + gy * (y / static_cast<double>(gain.rows) - 0.5), 0.35, 1.4));
    }
  }
  if (rng.chance(fx.shadowProb)) {
    std::vector<cv::Point> poly;
    const int n = rng.range(3, 6);
    const cv::Point c(rng.range(0, frame.cols), rng.range(0, frame.rows));
    for (int i = 0; i < n; ++i) poly.emplace_back(c.x + rng.range(-500, 500), c.y + rng.range(-400, 400));
    cv::Mat sh(frame.size(), CV_32FC1, cv::Scalar(0));
    cv::fillPoly(sh, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(rng.uniform(0.25, 0.5)));
    cv::GaussianBlur(sh, sh, cv::Size(0, 0), rng.uniform(5, 25));
    gain = gain.mul(1.0 - sh);
  }
  std::vector<cv::Mat> ch;
  cv::split(f, ch);
  for (auto& c : ch) c = c.mul(gain);
  cv::merge(ch, f);
  if (rng.chance(fx.glareProb)) {
    const int spots = rng.range(1, 2);
    for (int i = 0; i < spots; ++i) {
      cv::Mat g(frame.size(), CV_32FC1, cv::Scalar(0));
      const cv::Point c(rng.range(0, frame.cols), rng.range(0, frame.rows));
      cv::ellipse(g, c, cv::Size(rng.range(15, 90), rng.range(10, 60)), rng.uniform(0, 180), 0, 360, cv::Scalar(rng.uniform(120, 260)), -1);
      cv::GaussianBlur(g, g, cv::Size(0, 0), rng.uniform(6, 20));
      cv::Mat g3;
      cv::merge(std::vector<cv::Mat>{g, g, g}, g3);
      f += g3;
    }
  }
  f.convertTo(frame, CV_8UC3);
}

// `focus` is the defocus (Gaussian) sigma: drawn when negative, and returned, so that each
// frame of a capture sequence (--frames) starts from the focus of the one before.
void applySensor(cv::Mat& frame, Rng& rng, const Effects& fx, double& focus) {
  if (fx.blurMax > 0) {
    if (focus < 0) focus = rng.uniform(0.2, fx.blurMax);
    cv::GaussianBlur(frame, frame, cv::Size(0, 0), focus);
  }
  if (fx.motionMax > 0 && rng.chance(0.4)) {
    const int len = rng.range(2, static_cast<int>(fx.motionMax));
    cv::Mat k = cv::Mat::zeros(len * 2 + 1, len * 2 + 1, CV_32F);
    const double a = rng.uniform(0, M_PI);
    const double half = len * fx.shake;  // half the segment, px
    cv::line(k, cv::Point(static_cast<int>(len - half * std::cos(a)), static_cast<int>(len - half * std::sin(a))),
             cv::Point(static_cast<int>(len + half * std::cos(a)), static_cast<int>(len + half * std::sin(a))), cv::Scalar(1), 1);
    k /= cv::sum(k)[0];
    cv::filter2D(frame, frame, -1, k);
  }
  if (fx.noiseMax > 0) {
    const double sigma = rng.uniform(0.5, fx.noiseMax);
    cv::Mat noise(frame.size(), CV_32FC3);
    cv::RNG cvRng(rng.raw());  // cv::RNG is deterministic for a given seed
    cvRng.fill(noise, cv::RNG::NORMAL, 0, sigma);
    cv::Mat f;
    frame.convertTo(f, CV_32FC3);
    f += noise;
    f.convertTo(frame, CV_8UC3);
  }
  if (fx.jpegMax > 0) {
    std::vector<uchar> buf;
    cv::imencode(".jpg", frame, buf, {cv::IMWRITE_JPEG_QUALITY, rng.range(fx.jpegMin, fx.jpegMax)});
    frame = cv::imdecode(buf, cv::IMREAD_COLOR);
  }
}

// A false-positive scene: page, receipt, barcode, blank, or an ID card without MRZ.
cv::Mat falsePositiveContent(const Fonts& fonts, Rng& rng, int kind) {
  switch (kind) {
    case 0: {  // text page, including upper-case and digit lines
      cv::Mat page(1100, 850, CV_8UC3, cv::Scalar(245, 245, 242));
      int y = 60;
      while (y < 1060) {
        std::string line;
        const bool upper = rng.chance(0.3);
        while (line.size() < 70) {
          std::string word = upper ? rng.pick(kSurnames) : "lorem";
          if (!upper) {
            word.clear();
            const int n = rng.range(2, 9);
            for (int i = 0; i < n; ++i) word += static_cast<char>('a' + rng.range(0, 25));
          }
          if (rng.chance(0.15)) word = std::to_string(rng.range(0, 999999));
          line += word + " ";
        }
        putText(rng.chance(0.3) ? fonts.ocrb : fonts.sans, page, line, cv::Point(50, y), 20, cv::Scalar(20, 20, 20));
        y += rng.range(26, 34);
      }
      return page;
    }
    case 1: {  // receipt in OCR-B (OCR-B is common on receipts) with '<'-free fill dashes
      cv::Mat r(1000, 420, CV_8UC3, cv::Scalar(250, 250, 250));
      int y = 40;
      while (y < 970) {
        std::string item = rng.pick(kSurnames).substr(0, 10);
        std::string l = item + std::string(static_cast<std::size_t>(std::max(1, 22 - static_cast<int>(item.size()))), '.') + std::to_string(rng.range(1, 999)) + "." + std::to_string(rng.range(10, 99));
        if (rng.chance(0.2)) l = std::string(30, '-');
        if (rng.chance(0.1)) l = "TOTAL EUR " + std::to_string(rng.range(10, 9999)) + ".00";
        putText(fonts.ocrb, r, l, cv::Point(20, y), 22, cv::Scalar(30, 30, 30));
        y += 28;
      }
      return r;
    }
    case 2: {  // 1D barcodes with digits below
      cv::Mat b(500, 900, CV_8UC3, cv::Scalar(252, 252, 252));
      for (int row = 0; row < 2; ++row) {
        int x = 60;
        const int top = 40 + row * 230;
        while (x < 840) {
          const int wbar = rng.range(2, 8);
          if (rng.chance(0.5)) cv::rectangle(b, cv::Rect(x, top, wbar, 150), cv::Scalar(10, 10, 10), -1);
          x += wbar;
        }
        std::string digits;
        for (int i = 0; i < 13; ++i) digits += static_cast<char>('0' + rng.range(0, 9));
        putText(fonts.ocrb, b, digits, cv::Point(250, top + 185), 30, cv::Scalar(10, 10, 10));
      }
      return b;
    }
    case 3: {  // blank / textured
      cv::Mat blank(600, 900, CV_8UC3, pastel(rng, 100, 250));
      return blank;
    }
    default: {  // ID card front (no MRZ)
      const Layout& lay = layouts()[0];
      return renderDocument(fonts, rng, lay, {}, 10.0);
    }
  }
}

int run(int argc, char** argv) {
  std::string set, out;
  int count = 40, first = 0, frames = 1;
  double shake = 1.0;
  bool colour = false;
  std::uint32_t seed = 0;
  bool seedGiven = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--set") set = next();
    else if (a == "--out") out = next();
    else if (a == "--count") count = std::stoi(next());
    else if (a == "--first") first = std::stoi(next());
    else if (a == "--frames") frames = std::stoi(next());
    else if (a == "--seed") { seed = static_cast<std::uint32_t>(std::stoul(next())); seedGiven = true; }
    else if (a == "--shake") shake = std::stod(next());
    else if (a == "--colour") colour = true;
    else throw std::runtime_error("unknown argument '" + a + "'");
  }
  const std::vector<std::string> sets = {"scan-clean", "camera-easy", "camera-hard", "rotated", "falsepositives"};
  if (std::find(sets.begin(), sets.end(), set) == sets.end() || out.empty()) {
    std::cerr << "usage: corpus-gen --set scan-clean|camera-easy|camera-hard|rotated|falsepositives --out DIR [--count N] [--seed S] [--first I] [--frames K] [--shake F] [--colour]\n";
    return 2;
  }
  if (!(shake > 0 && shake <= 1)) {
    std::cerr << "corpus-gen: --shake F scales the motion-blur segment, 0 < F <= 1 (1: the sets as committed)\n";
    return 2;
  }
  if (frames < 1 || frames > 99 || (frames > 1 && (set == "scan-clean" || set == "falsepositives"))) {
    std::cerr << "corpus-gen: --frames K (1-99) makes capture sequences of the camera sets (camera-easy, camera-hard, rotated)\n";
    return 2;
  }
  if (!seedGiven) seed = static_cast<std::uint32_t>(std::find(sets.begin(), sets.end(), set) - sets.begin()) * 1000003u + 20261123u;
  Fonts fonts{cv::freetype::createFreeType2(), cv::freetype::createFreeType2(), cv::freetype::createFreeType2()};
  fonts.ocrb->loadFontData(kOcrbFont, 0);
  fonts.sans->loadFontData(kSansFont, 0);
  fonts.bold->loadFontData(kSansBoldFont, 0);
  std::filesystem::create_directories(out);
  Effects fx = effectsFor(set);
  fx.shake = shake;
  // Writes a rendered frame as DIR/STEM.png: 8-bit grey (its luminance) unless --colour, since
  // colour noise would triple the repository's size (issue #3: corpus under ~40 MB).
  auto writePng = [&](const cv::Mat& frame, const std::string& stem) {
    cv::Mat stored = frame;
    if (!colour) cv::cvtColor(frame, stored, cv::COLOR_BGR2GRAY);
    cv::imwrite(out + "/" + stem + ".png", stored, {cv::IMWRITE_PNG_COMPRESSION, 9});
  };
  for (int idx = first; idx < first + count; ++idx) {
    Rng rng(seed ^ (static_cast<std::uint32_t>(idx) * 2654435761u));
    char name[64];
    if (set == "falsepositives") {
      static const char* kKinds[] = {"page", "receipt", "barcode", "blank", "idfront"};
      const int kind = idx % 5;
      std::snprintf(name, sizeof name, "%s-%03d", kKinds[kind], idx);
      const cv::Mat content = falsePositiveContent(fonts, rng, kind);
      const cv::Size fs = rng.chance(0.7) ? cv::Size(1280, 720) : cv::Size(1920, 1080);
      cv::Mat frame = backgroundFrame(rng, fonts, fs, fx);
      bool fits = false;
      const double scale = rng.uniform(0.5, 1.0) * std::min(fs.width / static_cast<double>(content.cols), fs.height / static_cast<double>(content.rows));
      const cv::Mat H = placement(rng, content.size(), fs, scale, rng.uniform(-fx.maxRotationDeg, fx.maxRotationDeg), rng.uniform(0, fx.maxTiltDeg), fits);
      warpInto(frame, content, H);
      applyLighting(frame, rng, fx);
      double focus = -1;
      applySensor(frame, rng, fx, focus);
      writePng(frame, name);
      continue;
    }
    const Layout& lay = layouts()[static_cast<std::size_t>(idx % 5)];
    const auto lines = randomMrz(rng, lay);
    std::snprintf(name, sizeof name, "%s-%s-%03d", set.c_str(), std::string(mrz::formatName(lay.format)).c_str(), idx);
    // Writes one image of this document (NAME.png + NAME.txt).
    auto write = [&](const cv::Mat& frame, const std::string& stem) {
      writePng(frame, stem);
      std::ofstream txt(out + "/" + stem + ".txt", std::ios::binary);
      for (std::size_t i = 0; i < lines.size(); ++i) txt << (i ? "\n" : "") << lines[i];
    };
    cv::Mat frame;
    double focus = -1;
    if (fx.scan) {
      // A flatbed scan at ~200-250 dpi (8-10 px/mm), document on a white platen.
      const double ppm = rng.uniform(8.0, 10.0);
      const cv::Mat doc = renderDocument(fonts, rng, lay, lines, ppm);
      frame = cv::Mat(doc.rows + 60, doc.cols + 60, CV_8UC3, cv::Scalar(250, 250, 250));
      doc.copyTo(frame(cv::Rect(30, 30, doc.cols, doc.rows)));
      applySensor(frame, rng, fx, focus);
    } else {
      const cv::Size fs = rng.chance(0.8) ? cv::Size(1280, 720) : cv::Size(1920, 1080);
      // Glyph height ~2.4 mm (see renderDocument), so the document scale follows the target.
      double charH = rng.uniform(fx.charHeightMin, fx.charHeightMax);
      cv::Mat H;
      cv::Mat doc;
      for (int attempt = 0;; ++attempt) {
        const double targetPpm = charH / 2.4;
        const double renderPpm = std::max(8.0, targetPpm * 1.5);
        Rng docRng(rng.raw());
        doc = renderDocument(fonts, docRng, lay, lines, renderPpm);
        bool fits = false;
        const double rot = fx.maxRotationDeg >= 180 ? rng.uniform(0, 360) : rng.uniform(-fx.maxRotationDeg, fx.maxRotationDeg);
        H = placement(rng, doc.size(), fs, targetPpm / renderPpm, rot, rng.uniform(0, fx.maxTiltDeg), fits);
        if (fits || attempt > 30) break;
        charH = std::max(fx.charHeightMin, charH * 0.9);
      }
      // Anti-alias before shrinking.
      const double shrink = std::sqrt(std::abs(cv::determinant(H(cv::Rect(0, 0, 2, 2)))));
      if (shrink < 0.8) cv::GaussianBlur(doc, doc, cv::Size(0, 0), 0.45 / shrink);
      const cv::Mat background = backgroundFrame(rng, fonts, fs, fx);
      const Rng lightingRng = rng;  // every frame of a sequence is lit alike
      for (int k = 0; k < frames; ++k) {
        // Frame 0 is the single image of this document (the same draws). Frames 1.. are the
        // same document held in the same place a moment later: a hand's jitter (+-3 px,
        // +-0.5 degrees), the same background, shading and glare spots (in frame coordinates,
        // so the document moves under them), the focus drifting by up to +-15 % a frame, and
        // motion blur, noise and JPEG drawn anew. What makes a frame hard mostly persists, as under a kiosk
        // camera, so the frames are not independent draws of the set's difficulty.
        Rng frameRng(seed ^ (static_cast<std::uint32_t>(idx) * 2654435761u) ^ (static_cast<std::uint32_t>(k) * 0x85EBCA6Bu));
        Rng& fr = k == 0 ? rng : frameRng;
        cv::Mat Hk = H;
        if (k > 0) {
          cv::Mat J = cv::Mat::eye(3, 3, CV_64F);
          cv::getRotationMatrix2D(cv::Point2f(fs.width / 2.0f, fs.height / 2.0f), fr.uniform(-0.5, 0.5), 1.0).copyTo(J.rowRange(0, 2));
          J.at<double>(0, 2) += fr.uniform(-3, 3);
          J.at<double>(1, 2) += fr.uniform(-3, 3);
          Hk = J * H;
          focus = std::max(0.2, focus * fr.uniform(0.85, 1.15));
        }
        frame = background.clone();
        warpInto(frame, doc, Hk);
        Rng lr = lightingRng;
        applyLighting(frame, k == 0 ? rng : lr, fx);
        applySensor(frame, fr, fx, focus);
        if (frames > 1) {
          char stem[96];
          std::snprintf(stem, sizeof stem, "%s-f%02d", name, k);
          write(frame, stem);
        }
      }
      if (frames > 1) continue;
    }
    write(frame, name);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "corpus-gen: " << e.what() << "\n";
    return 2;
  }
}
