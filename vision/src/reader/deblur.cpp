#include "deblur.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace bordergate::vision {

namespace {

// Bilinear sample of a periodic (DFT-domain) image at (x, y), both taken modulo its size.
float samplePeriodic(const cv::Mat& m, double x, double y) {
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const double fx = x - x0, fy = y - y0;
  auto at = [&m](int xx, int yy) {
    xx = ((xx % m.cols) + m.cols) % m.cols;
    yy = ((yy % m.rows) + m.rows) % m.rows;
    return static_cast<double>(m.at<float>(yy, xx));
  };
  return static_cast<float>(at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) +
                            at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy);
}

// Within 1.5 px of a point an 8x8 JPEG block grid puts into the cepstrum: (+-8, 0), (0, +-8),
// (+-8, +-8). A blur of about that length and direction is not found: 6.5-9.5 px within about
// 10 degrees of an axis, about 11 px near a diagonal (deblur_test.cpp asserts the hole).
bool nearJpegGrid(double dx, double dy) {
  for (int gx = -8; gx <= 8; gx += 8)
    for (int gy = -8; gy <= 8; gy += 8)
      if ((gx != 0 || gy != 0) && std::abs(dx - gx) < 1.5 && std::abs(dy - gy) < 1.5) return true;
  return false;
}

// Side of the square motionKernel() returns for a blur of `length` px: the segment's half
// length rounded up, one pixel for the bilinear spread, each side of the centre pixel.
int kernelSide(double length) { return 2 * (static_cast<int>(std::ceil(length / 2)) + 1) + 1; }

}  // namespace

MotionBlur estimateMotionBlur(const cv::Mat& gray, cv::Point2f centre) {
  CV_Assert(gray.type() == CV_8UC1);
  const int n = kMotionWindow;
  if (gray.cols < n || gray.rows < n) return {};
  const int x0 = std::clamp(static_cast<int>(std::lround(centre.x)) - n / 2, 0, gray.cols - n);
  const int y0 = std::clamp(static_cast<int>(std::lround(centre.y)) - n / 2, 0, gray.rows - n);
  cv::Mat win;
  gray(cv::Rect(x0, y0, n, n)).convertTo(win, CV_32F);
  win -= cv::mean(win)[0];
  cv::Mat hann;
  cv::createHanningWindow(hann, win.size(), CV_32F);  // no spectral leakage from the window's edges
  win = win.mul(hann);
  cv::Mat spectrum;
  cv::dft(win, spectrum, cv::DFT_COMPLEX_OUTPUT);
  cv::Mat planes[2];
  cv::split(spectrum, planes);
  cv::Mat magnitude;
  cv::magnitude(planes[0], planes[1], magnitude);
  magnitude += 1e-3f;  // log of the sinc's zeros stays finite
  cv::log(magnitude, magnitude);
  // As a complex matrix: a one-channel input to the inverse transform would be taken as
  // OpenCV's packed (CCS) half spectrum. log|F| is real and even, so its transform is real.
  cv::Mat logSpectrum, cepstrum;
  cv::merge(std::vector<cv::Mat>{magnitude, cv::Mat::zeros(magnitude.size(), CV_32F)}, logSpectrum);
  cv::dft(logSpectrum, cepstrum, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);

  // Coarse search (0.5 px, 3 degrees; the cepstrum is point-symmetric, so half a turn), then a
  // fine one (0.25 px, 1 degree) around the deepest point.
  MotionBlur best;
  auto consider = [&](double len, double deg) {
    const double a = deg * CV_PI / 180.0, dx = len * std::cos(a), dy = len * std::sin(a);
    if (nearJpegGrid(dx, dy)) return;
    const double v = samplePeriodic(cepstrum, dx, dy);
    if (v < best.depth) best = {len, deg, v};
  };
  for (double len = kMotionMinLength; len <= kMotionMaxLength + 1e-9; len += 0.5)
    for (double deg = 0; deg < 180; deg += 3) consider(len, deg);
  if (best.length == 0) return {};
  const MotionBlur coarse = best;
  for (double len = coarse.length - 1; len <= coarse.length + 1 + 1e-9; len += 0.25)
    for (double deg = coarse.angleDeg - 5; deg <= coarse.angleDeg + 5 + 1e-9; deg += 1)
      if (len >= kMotionMinLength && len <= kMotionMaxLength) consider(len, deg);
  best.angleDeg = std::fmod(best.angleDeg + 180.0, 180.0);
  return best;
}

cv::Mat motionKernel(const MotionBlur& blur) {
  const int side = kernelSide(blur.length), half = side / 2;
  cv::Mat k = cv::Mat::zeros(side, side, CV_32F);
  const double a = blur.angleDeg * CV_PI / 180.0;
  const int samples = static_cast<int>(std::ceil(blur.length * 4)) + 1;
  for (int i = 0; i < samples; ++i) {
    const double t = samples == 1 ? 0 : -blur.length / 2 + blur.length * i / (samples - 1);
    const double x = half + t * std::cos(a), y = half + t * std::sin(a);
    const int xi = static_cast<int>(std::floor(x)), yi = static_cast<int>(std::floor(y));
    const double fx = x - xi, fy = y - yi;
    k.at<float>(yi, xi) += static_cast<float>((1 - fx) * (1 - fy));
    k.at<float>(yi, xi + 1) += static_cast<float>(fx * (1 - fy));
    k.at<float>(yi + 1, xi) += static_cast<float>((1 - fx) * fy);
    k.at<float>(yi + 1, xi + 1) += static_cast<float>(fx * fy);
  }
  k /= cv::sum(k)[0];
  return k;
}

namespace {

// In OpenCV's CCS layout of a real h x w transform, the index along one packed run of the
// element holding the real part that goes with `i`: runs start with a lone real value (the
// zero frequency), then (re, im) pairs, and for an even length end with a lone real value
// (the Nyquist frequency).
int realPartIndex(int i, int n) {
  if (i == 0 || (n % 2 == 0 && i == n - 1)) return i;
  return (i % 2 == 1) ? i : i - 1;
}

}  // namespace

MotionDeconvolver::MotionDeconvolver(const cv::Mat& gray, double maxLength)
    : size_(gray.size()), maxLength_(maxLength) {
  CV_Assert(gray.type() == CV_8UC1 && !gray.empty());
  pad_ = kernelSide(maxLength) + 16;
  const int w = cv::getOptimalDFTSize(gray.cols + 2 * pad_), h = cv::getOptimalDFTSize(gray.rows + 2 * pad_);
  cv::Mat padded;
  cv::copyMakeBorder(gray, padded, pad_, h - gray.rows - pad_, pad_, w - gray.cols - pad_, cv::BORDER_REFLECT_101);
  padded.convertTo(padded, CV_32F);
  cv::dft(padded, spectrum_);  // real input: CCS output
}

cv::Mat MotionDeconvolver::deconvolve(const MotionBlur& blur, double noiseToSignal) const {
  CV_Assert(blur.length <= maxLength_ + 1e-9);
  const cv::Mat kernel = motionKernel(blur);
  const int h = spectrum_.rows, w = spectrum_.cols;

  // The kernel, centred on the origin of a periodic image of the same size.
  cv::Mat psf = cv::Mat::zeros(h, w, CV_32F);
  const int c = kernel.rows / 2;
  for (int y = 0; y < kernel.rows; ++y)
    for (int x = 0; x < kernel.cols; ++x) psf.at<float>((y - c + h) % h, (x - c + w) % w) = kernel.at<float>(y, x);
  cv::Mat H;
  cv::dft(psf, H);

  // G conj(H) / (|H|^2 + k) in the CCS layout: the numerator is a spectrum product; |H|^2 is
  // real, so both elements of a (re, im) pair are divided by the value at the pair's real slot.
  cv::Mat F, power;
  cv::mulSpectrums(spectrum_, H, F, 0, true);
  cv::mulSpectrums(H, H, power, 0, true);
  const float k = static_cast<float>(noiseToSignal);
  const int lastCol = (w % 2 == 0) ? w - 1 : -1;  // the Nyquist column, packed like column 0
  for (int y = 0; y < h; ++y) {
    float* f = F.ptr<float>(y);
    const float* p = power.ptr<float>(y);
    const float* pc = power.ptr<float>(realPartIndex(y, h));  // for the two packed columns
    for (int x = 0; x < w; ++x) {
      const bool packedColumn = x == 0 || x == lastCol;
      const float re = packedColumn ? pc[x] : p[realPartIndex(x, w)];
      f[x] /= re + k;
    }
  }
  cv::Mat out;
  cv::dft(F, out, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
  cv::Mat result;
  out(cv::Rect(pad_, pad_, size_.width, size_.height)).convertTo(result, CV_8U);  // saturates to 0..255
  return result;
}

}  // namespace bordergate::vision
