// Locate + rectify stages: MRZ-like text blocks anywhere in a grey frame, at any rotation
// and moderate perspective, cut into rectified, normalised line images for OCR.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

namespace bordergate::vision {

struct LineImage {
  cv::Mat gray;        // horizontal text line, dark on light, glyphs ~kOcrCharHeight px high
  cv::Mat grayFlipped; // the same line rotated by 180 degrees
};

// The second-opinion rendering of a line: Otsu-binarised and slightly rescaled, so that the
// OCR's errors on it are not those on `gray` (used to verify unproven characters).
cv::Mat secondOpinion(const cv::Mat& line);

// The arbiter's rendering of a line, read when the second opinion disagrees with a Valid
// first read: binarised like the second opinion, at its scale, but with a local (Gaussian
// adaptive) threshold instead of Otsu's global one. It asks whether the second opinion's
// dissent survives another cut of the same ink: Otsu's single threshold turns blurred strokes
// into other glyphs where light varies along the line. The grey line itself is no arbiter: it
// errs like the first read (docs/vision.md, "Thirteenth round").
cv::Mat arbiterRendering(const cv::Mat& line);

// The rows a line's glyphs span in `ink` (a binarisation of the line, ink 255): where the ink
// covers at least a quarter of the busiest row. {-1, -1} when there is no such band of 9 rows
// or more.
std::pair<int, int> inkBand(const cv::Mat& ink);

// The retry rendering of a line whose first read fails its check digits: gamma 2 (darker ink,
// same geometry), so the OCR sees blurred or faint glyphs differently.
cv::Mat retryRendering(const cv::Mat& line);

// The glare rendering of a line the retry did not read valid: glare adds light to ink and
// paper alike, so dividing by the background (the line's normalisation) leaves the glyphs
// under it faint, and the OCR reads them as other glyphs (39 as 11). Each column's ink is
// stretched so its darkest is black (at most 4x), then gamma 2 as in retryRendering: the same
// size, nowhere lighter than retryRendering. Empty when the line's ink is even: its weakest
// 2.5 % of ink columns at more than 0.45 of the contrast of its strongest 10 %.
cv::Mat glareRendering(const cv::Mat& line);

struct MrzCandidate {
  std::vector<LineImage> lines;  // top to bottom (in the 0-degree reading)
  cv::RotatedRect region;        // the MRZ block in frame coordinates
  double charHeight = 0;         // in frame pixels
  double score = 0;
};

// Glyph height the line images are normalised to (px). Tesseract scales each line's text row
// to the network's 36 px input whatever this is; measured with the shipped model, 28 px reads
// best (24 / 26 / 34 px: fewer exact reads, and at 24 px a wrong name letter past the gate;
// docs/vision.md, "Eighth round").
inline constexpr double kOcrCharHeight = 28.0;

// How the locator thresholds its blackhat image (ink darker than its surroundings).
// Raised: Otsu's threshold, at least 20 grey levels and half the contrast of the strongest
// 0.5 % of pixels (MRZ ink is the darkest print on a page; guilloche and lighter print drop
// out). Otsu: Otsu's threshold and at least 20 alone, for a frame where the raised threshold
// located nothing because stronger ink elsewhere set it above a faint MRZ's (a document in
// shadow beside white or black print on the background).
enum class InkThreshold { Raised, Otsu };

// A grey image's blackhat pyramid, the locator's first and, on frames without text, largest
// step: kept by a first locate for a second one of the same image at another InkThreshold
// (MrzReader::read), which then skips it (about 1.2 ms of its 1.4 ms median on frames
// without an MRZ). Tied to the pixels it was made from (same address and size, unchanged): a
// locate of another image remakes it.
struct InkPyramid {
  struct Level {
    cv::Mat blackhat;  // 7x7 blackhat of the level
    double scale = 0;  // level size / image size
    double otsu = 0;   // Otsu's threshold of `blackhat`
    int p995 = 0;      // its 99.5th percentile
  };
  const uchar* source = nullptr;  // the grey image's pixels
  cv::Size size;
  std::vector<Level> levels;
};

// Finds up to `maxCandidates` MRZ-like blocks of 2-3 long parallel text lines, best first.
// Cheap on frames without text: one pass of morphology on downscaled images.
//
// `searchedInVain` (optional), for a second locate of the same frame in another grey image (a
// colour frame's brightest channel after its luminance, MrzReader::read): on entry, the blobs
// (frame coordinates) an earlier locate cut out and searched without finding an MRZ there;
// blobs at the same place (sameBlobPlace) are not cut out and searched again. On return, it
// also holds the blobs this call searched in vain. A blob the other grey image shows at the
// same place holds text lines there in both; only the crops' pixels would differ.
//
// `thresholdRaised` (optional) tells on return whether the raised threshold lay above
// Otsu's at some pyramid level, i.e. whether InkThreshold::Otsu would see more ink.
// `pyramid` (optional): made here when it does not hold `gray`'s, else used as it is.
std::vector<MrzCandidate> locateMrz(const cv::Mat& gray, int maxCandidates,
                                    std::vector<cv::RotatedRect>* searchedInVain = nullptr,
                                    InkThreshold threshold = InkThreshold::Raised, bool* thresholdRaised = nullptr,
                                    InkPyramid* pyramid = nullptr);

// locateMrz one candidate at a time: the same candidates in the same order, each located when
// first asked for. The reader reads a frame's candidates best first and stops at the first
// that decodes (MrzReader::read), so the blobs after it (the visual zone's text lines, a
// page's paragraphs) are cut out and searched only when it does not: on images-real that
// search cost 7.8 ms per frame on average, about half of a locate (docs/vision.md,
// "Thirtieth round").
// The constructor does what locateMrz does before its blob search (the blackhat pyramid, or
// `pyramid`'s, which only the constructor uses, and the blobs); `gray` is kept (a
// reference-counted header) and its pixels must not change. `searchedInVain` (locateMrz)
// must outlive the locator: entries are added as blobs are searched, so before all() it holds
// only those searched so far; entries from before the constructor are the ones consulted. A
// moved-from locator may only be assigned to or destroyed.
class MrzLocator {
 public:
  MrzLocator(const cv::Mat& gray, int maxCandidates, std::vector<cv::RotatedRect>* searchedInVain = nullptr,
             InkThreshold threshold = InkThreshold::Raised, InkPyramid* pyramid = nullptr);
  ~MrzLocator();
  MrzLocator(MrzLocator&&) noexcept;
  MrzLocator& operator=(MrzLocator&&) noexcept;

  // Candidate `i` (0: the best), searching further blobs until it is found; nullptr when the
  // frame holds no more than `i` candidates (or `maxCandidates` is reached). The pointer stays
  // valid for the locator's lifetime.
  const MrzCandidate* candidate(std::size_t i);
  // Every candidate: the search run to its end (locateMrz's result).
  const std::vector<MrzCandidate>& all();
  // The candidates located so far, best first.
  const std::vector<MrzCandidate>& located() const;
  // locateMrz's `thresholdRaised`, known from construction.
  bool thresholdRaised() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether two blobs found in two grey images of one frame cover the same place at about the
// same size and angle, so that their crops cover the same pixels at about the same scale:
// centres within a quarter of the blob's height (and 2 px), lengths within 10 %, heights
// within 20 % (and 2 px), angles within 3 degrees.
bool sameBlobPlace(const cv::RotatedRect& a, const cv::RotatedRect& b);

}  // namespace bordergate::vision
