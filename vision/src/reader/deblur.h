// Straight-line motion blur: estimate it from the frame, undo it by Wiener deconvolution.
//
// A document moved while the shutter was open smears every point of the frame along one
// straight segment (the point spread function, PSF). On the synthetic camera-hard frames that
// blur, not defocus, is what the OCR model fails on: with the corpus generator's motion blur
// left out, and every other effect drawn alike, 168 of 200 held-out frames read exact instead
// of 116; with the blur, 14 of its 82 frames read (docs/vision.md, "Fifteenth round").
//
// Estimation uses the power cepstrum, C = IDFT(log |DFT(window)|): a segment of length L in
// direction theta multiplies the spectrum by a sinc whose periodic zeros become a negative
// peak of C at distance ~L along theta (Rom, "On the cepstrum of two-dimensional functions",
// IEEE Trans. Inf. Theory 21 (1975); Cannon, "Blind deconvolution of spatially invariant image
// blurs with phase", IEEE Trans. ASSP 24 (1976)). Text gives the window the broad spectrum
// the method needs; positive cepstral peaks (the glyph pitch, repeated structure) are ignored.
#pragma once

#include <opencv2/core.hpp>

namespace bordergate::vision {

struct MotionBlur {
  double length = 0;    // px along the segment; 0: none estimated
  double angleDeg = 0;  // direction of the segment, 0..180, image axes (y down)
  double depth = 0;     // the cepstral peak's value (negative; more negative: clearer)
};

// Side of the square window the cepstrum is taken over: about 10 lines of the largest glyphs
// (40 px) and enough texture at the smallest (12 px). The frame must be at least this large.
inline constexpr int kMotionWindow = 256;

// Shortest and longest blur searched (px). Below ~5 px the OCR mostly reads through the blur
// (the shipped model: 11 of 21 frames with a 4-5 px segment exact, 16 without it) and the
// cepstrum confuses it with defocus; beyond 13 px the glyphs of 12-40 px height are gone.
inline constexpr double kMotionMinLength = 4.0;
inline constexpr double kMotionMaxLength = 13.0;

// The reader's policy (mrz_reader.cpp): a frame that did not read Valid is deconvolved with
// the estimate, whatever its length. On 200 held-out camera-hard frames (corpus-gen --first
// 8000): of the 116 located without motion blur, 92 estimated below 5.5 px and 24 at 5.5-12;
// the generator's 4-5 px segments estimated 4.5-6.2, its 6-7 px ones 5-6.8, its 8-11 px ones
// 8.2-11.5 (a few at 4-6: missed). Until 5 Dec 2026 only estimates of 5.5 px or more were
// deconvolved; the shorter ones too (a short directional sharpening where the frame is only
// defocused, or a missed longer blur) read 15 more of 740 camera-hard frames, none wrong with
// any of three models (docs/vision.md, "Seventeenth round").
// An estimate of kMotionHoldStillLength or more is taken for shake: the "hold_still" hint.
// The Wiener filter's noise-to-signal constant: with the generator's own PSF, 0.01 read 23 of
// the 68 failed blurred frames, 0.003 and 0.03 16 and 13 (docs/vision.md, "Fifteenth round").
inline constexpr double kMotionHoldStillLength = 5.5;
inline constexpr double kMotionNoiseToSignal = 0.01;

// A frame where no MRZ was located is deblurred around its strongest text-like blob only when
// the estimate there is this long (MrzReader::read). Shorter shakes leave the glyphs of the
// smallest sizes (12-16 px) apart, and the locator separates them; and text without an MRZ
// (pages, receipts, barcodes) often shows a false estimate of 4-8 px, which would cost such
// frames a deconvolution and a locate (20-90 ms) each. Of the 23 held-out camera-hard frames
// of 740 not found, 12 estimate 8.3-11.3 px there and 7 4.3-6.3 px; the 3 read this way (and
// 1 of the 8 of another 200 frames) estimated 8.3-11.3 px (docs/vision.md, "Twenty-fifth
// round").
inline constexpr double kMotionUnlocatedLength = 8.0;

// The strongest straight-line blur in the kMotionWindow-square window of `gray` (CV_8UC1)
// centred on `centre` (moved inside the frame). The cepstrum points an 8x8-block JPEG grid
// leaves (8 px along an axis or a diagonal) are not searched: a frame that went through JPEG
// (a camera's MJPEG stream, corpus-gen's frames) has them, and they won over most blurs.
// Returns length 0 when the frame is smaller than the window.
MotionBlur estimateMotionBlur(const cv::Mat& gray, cv::Point2f centre);

// The PSF of `blur` as a normalised kernel (sum 1), a segment sampled every quarter pixel and
// spread bilinearly, centred in a square of odd side.
cv::Mat motionKernel(const MotionBlur& blur);

// Wiener deconvolution of one image by several candidate PSFs. The image is padded (borders
// mirrored, so its edges do not ring) and transformed once, at construction; each
// deconvolve() then costs the PSF's transform and one inverse transform. All transforms are
// real-input ones in OpenCV's packed (CCS) layout: the reader's two deconvolutions of one
// neighbourhood take about 0.6 of the time three complex transforms each took.
// `maxLength` bounds the blurs deconvolve() accepts (the padding must hold the kernel).
class MotionDeconvolver {
 public:
  MotionDeconvolver(const cv::Mat& gray, double maxLength);  // gray: CV_8UC1, not empty

  // F = G conj(H) / (|H|^2 + k), with `noiseToSignal` = k (constant over frequencies).
  // Returns a CV_8UC1 image of the input's size (saturated). blur.length <= maxLength.
  cv::Mat deconvolve(const MotionBlur& blur, double noiseToSignal = kMotionNoiseToSignal) const;

 private:
  cv::Size size_;    // the input's
  int pad_ = 0;      // mirrored border on the top and left (the rest fills to the DFT size)
  double maxLength_ = 0;
  cv::Mat spectrum_; // CCS transform of the padded input, CV_32F
};

}  // namespace bordergate::vision
