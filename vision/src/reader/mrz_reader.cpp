// MrzReader: frame -> locate -> OCR (0 and 180 degrees) -> decode -> quality (see mrz_reader.h).
#include "bordergate/vision/mrz_reader.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <optional>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "bordergate/core/data_dir.h"
#include "deblur.h"
#include "decode.h"
#include "frame_mat.h"
#include "glyph_shapes.h"
#include "locate.h"
#include "tess_engine.h"
#include "zero_oh.h"

namespace bordergate::vision {

std::string_view readStatusName(ReadStatus s) {
  switch (s) {
    case ReadStatus::NotFound: return "not_found";
    case ReadStatus::Unreadable: return "unreadable";
    case ReadStatus::Uncertain: return "uncertain";
    case ReadStatus::Valid: return "valid";
  }
  return "not_found";
}

std::string defaultTessdataDir() { return (shippedDataDir(BORDERGATE_SOURCE_DIR) / "vision" / "models").string(); }

ReadingProcessSettings configureProcessForReading() {
  ReadingProcessSettings done;
  try {
    cv::setNumThreads(1);  // OpenCV: 0 or 1 runs parallel_for_ bodies in the calling thread
    done.imageWorkInCallingThread = cv::getNumThreads() == 1;
  } catch (const cv::Exception&) {
    // Leaves OpenCV's default pool: reads are the same, spread over its threads.
  }
#if defined(__GLIBC__)
  // Blocks below 32 MB (a 4K colour frame is 24 MB) come from the heap, not from a fresh
  // mmap each time, and up to 64 MB free at the top of a heap stays mapped. Setting either
  // value also stops glibc adjusting them itself: its own threshold trims anything beyond
  // twice the largest block freed so far, which a read's buffers exceed every frame.
  done.freedMemoryKept = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 64 << 20) == 1;
#endif
  return done;
}

struct MrzReader::Impl {
  ReaderOptions options;
  std::string dir;
  std::string gateSource;
  std::unique_ptr<TessEngine> engine;
  // ReaderOptions::secondModel when its file is in `dir` (else null), with its own gate limits.
  std::unique_ptr<TessEngine> second;
  ReaderOptions secondOptions;
};

MrzReader::MrzReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MrzReader::~MrzReader() = default;
const std::string& MrzReader::tessdataDir() const { return impl_->dir; }
const ReaderOptions& MrzReader::options() const { return impl_->options; }
const std::string& MrzReader::gateSource() const { return impl_->gateSource; }
bool MrzReader::secondModelLoaded() const { return impl_->second != nullptr; }

namespace {

// Fills the gate limits `o` leaves unset (< 0) from <dir>/<model>.gate, else the defaults.
// Returns where they came from.
Result<std::string> resolveGateLimits(ReaderOptions& o, const std::string& dir) {
  const bool wantConf = o.minUnprovenConfidence < 0, wantRunnerUp = o.maxUnprovenRunnerUp < 0;
  if (!wantConf && !wantRunnerUp) return std::string("options");
  const std::filesystem::path file = std::filesystem::path(dir) / (o.model + ".gate");
  std::error_code ec;
  float conf = ReaderOptions::kDefaultMinUnprovenConfidence, runnerUp = ReaderOptions::kDefaultMaxUnprovenRunnerUp;
  std::string source = "defaults";
  if (std::filesystem::exists(file, ec)) {
    std::ifstream in(file);
    if (!in) return fail(ErrorCode::InvalidData, "cannot read the gate limits " + file.string() + "; restore it from the source tree");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
      std::istringstream words(line);
      std::string key, extra;
      double value = 0;
      if (!(words >> key)) continue;
      const bool parsed = static_cast<bool>(words >> value) && !(words >> extra) && value >= 0 && value <= 1;
      if (!parsed || (key != "min_unproven_confidence" && key != "max_unproven_runner_up"))
        return fail(ErrorCode::InvalidData, file.string() + " line " + std::to_string(n) +
                                                ": expected 'min_unproven_confidence X' or 'max_unproven_runner_up X' with X in [0, 1]");
      (key == "min_unproven_confidence" ? conf : runnerUp) = static_cast<float>(value);
    }
    source = file.string();
  }
  if (wantConf) o.minUnprovenConfidence = conf;
  if (wantRunnerUp) o.maxUnprovenRunnerUp = runnerUp;
  return source;
}

}  // namespace

Result<std::unique_ptr<MrzReader>> MrzReader::create(const ReaderOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->dir = options.tessdataDir;
  if (impl->dir.empty()) {
    const char* env = std::getenv("BORDERGATE_TESSDATA");
    impl->dir = env && *env ? env : defaultTessdataDir();
  }
  auto engine = TessEngine::open(impl->dir, options.model);
  if (!engine) return tl::unexpected(engine.error());
  auto gate = resolveGateLimits(impl->options, impl->dir);
  if (!gate) return tl::unexpected(gate.error());
  impl->gateSource = *gate;
  impl->engine = std::move(*engine);
  std::error_code ec;
  if (!options.secondModel.empty() &&
      std::filesystem::exists(std::filesystem::path(impl->dir) / (options.secondModel + ".traineddata"), ec)) {
    auto second = TessEngine::open(impl->dir, options.secondModel);
    if (!second) return tl::unexpected(second.error());
    impl->secondOptions = options;
    impl->secondOptions.model = options.secondModel;
    auto secondGate = resolveGateLimits(impl->secondOptions, impl->dir);
    if (!secondGate) return tl::unexpected(secondGate.error());
    impl->second = std::move(*second);
  }
  return std::unique_ptr<MrzReader>(new MrzReader(std::move(impl)));
}

namespace {

// The grey image every stage reads: a colour frame's luminance.
cv::Mat toGray(const cv::Mat& view) {
  if (view.empty() || view.channels() == 1) return view;
  cv::Mat gray;
  cv::cvtColor(view, gray, cv::COLOR_BGR2GRAY);
  return gray;
}

// A colour frame greyed by its brightest channel instead: where luminance locates no MRZ
// (MrzReader::read). The MRZ is printed in black ink (ICAO 9303-3 asks that it read in the
// near-infrared B900 band, where document readers image it and coloured inks vanish), dark in
// every channel; a stamp, a guilloche or a tint is coloured ink, bright in at least one channel,
// and fades here, while luminance keeps a red stamp across the MRZ as dark strokes through its
// glyphs (images-real passport-qatar: not found; found and read right in its brightest
// channel). Not the grey of every frame: the maximum of three noisy channels lightens black
// ink by about one noise sigma, and on 600 held-out camera-hard frames rendered in colour
// (corpus-gen --colour) it read 9 fewer (docs/vision.md, "Twenty-third round").
cv::Mat brightestChannel(const cv::Mat& view) {
  // Split into planes (OpenCV's vectorised de-interleave) and take their maximum: the same
  // pixels as a per-pixel loop, which the compiler does not vectorise over 3-byte pixels.
  cv::Mat planes[3];
  cv::split(view, planes);
  cv::Mat gray;
  cv::max(planes[0], planes[1], gray);
  cv::max(gray, planes[2], gray);
  return gray;
}

// Glare: the share of `view`'s pixels saturated white (every channel at 254 or more; a
// saturated red stamp is no glare).
double glareShare(const cv::Mat& view) {
  if (view.empty()) return 0;
  cv::Mat white;
  if (view.channels() == 1) white = view >= 254;
  else cv::inRange(view, cv::Scalar::all(254), cv::Scalar::all(255), white);
  return cv::countNonZero(white) / static_cast<double>(view.total());
}

// Hints: thresholds chosen on the synthetic camera-hard set (bordergate bench vision), where
// reads fail below ~sharpness 60 at 28 px glyphs, with >2% saturated pixels on the MRZ, or
// below 14 px glyphs.
void addHints(ReadQuality& q, bool found) {
  // Laplacian sharpness alone missed most shaken frames: on 200 held-out camera-hard frames
  // (--first 8000) it flagged 10 of the 53 motion-blurred ones that did not read; the measured
  // blur as well flags 38 (and 5 of the 16 unread frames without motion blur, 4 before).
  if (found && (q.sharpness < 60 || q.motionBlur >= kMotionHoldStillLength)) q.hints.push_back("hold_still");
  if (q.glare > 0.02) q.hints.push_back("avoid_glare");
  if (found && q.charHeight < 14) q.hints.push_back("move_closer");
  if (found && q.confidence < 0.75) q.hints.push_back("low_confidence");
}

double meanConfidence(const std::vector<std::vector<OcrGlyph>>& lines) {
  double s = 0;
  int n = 0;
  for (const auto& l : lines)
    for (const auto& g : l) {
      s += g.confidence;
      ++n;
    }
  return n ? s / n : 0;
}

bool plausibleFirstLine(const std::vector<OcrGlyph>& g) {
  const long n = static_cast<long>(g.size());
  if (std::min({std::abs(n - 30), std::abs(n - 36), std::abs(n - 44)}) > 4) return false;
  // The document code's first character is a letter; tolerates one misread among the next
  // four, but not a line of fillers only.
  if (!(g[0].value >= 'A' && g[0].value <= 'Z')) return false;
  int ok = 0, letters = 0;
  for (int i = 1; i < 5; ++i) {
    const char c = g[static_cast<std::size_t>(i)].value;
    ok += (c >= 'A' && c <= 'Z') || c == '<';
    letters += c >= 'A' && c <= 'Z';
  }
  return ok >= 3 && letters >= 1;
}

int rank(const MrzRead& r) { return static_cast<int>(r.status); }

// Which way up the candidate probably is, from the glyph layout alone (no OCR): MRZ fields
// are left-aligned and padded with fillers on the right (9303-3 §4.2.2, 9303-4..7 field
// layouts), and '<' is the only MRZ glyph with no ink in the top fifth of the character
// height. So in the upright reading the filler-only columns lie right of the tall glyphs.
// Returns the mean horizontal offset (fraction of the text width) of filler columns from
// tall-glyph columns over all lines: > 0 upright, < 0 upside down, ~0 undecided.
// Beyond +-kSkewDecided the layout decides which orientation is tried first, and whether the
// other one is tried at all once the first reads as an MRZ. Chosen on the committed and
// held-out (corpus-gen --first 1000) synthetic sets and images-real, 289 valid or uncertain
// reads: the 40 upside-down ones had skew -0.243..-0.071, the 249 upright ones -0.056..+0.245
// (the two below 0: name lines with few fillers).
constexpr double kSkewDecided = 0.06;

double fillerSkew(const MrzCandidate& cand) {
  double sum = 0, weight = 0;
  for (const auto& li : cand.lines) {
    cv::Mat bin;
    cv::threshold(li.gray, bin, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    const auto [top, bottom] = inkBand(bin);
    if (top < 0) continue;
    const int topBand = top + std::max(1, (bottom - top + 1) / 5);
    cv::Mat all, high;
    cv::reduce(bin.rowRange(top, bottom + 1), all, 0, cv::REDUCE_MAX, CV_8U);
    cv::reduce(bin.rowRange(top, topBand), high, 0, cv::REDUCE_MAX, CV_8U);
    int x0 = -1, x1 = -1;
    double tallSum = 0, tallN = 0, lowSum = 0, lowN = 0;
    for (int x = 0; x < all.cols; ++x) {
      if (all.at<uchar>(x) == 0) continue;
      if (x0 < 0) x0 = x;
      x1 = x;
      if (high.at<uchar>(x) != 0) {
        tallSum += x;
        ++tallN;
      } else {
        lowSum += x;
        ++lowN;
      }
    }
    if (tallN < 1 || lowN < 1 || x1 <= x0) continue;
    const double w = lowN;
    sum += w * (lowSum / lowN - tallSum / tallN) / (x1 - x0);
    weight += w;
  }
  return weight > 0 ? sum / weight : 0;
}

// Glyphs of context kept on each side of the stretch the second pass reads again: cut right
// beside the first doubtful glyph, the LSTM misread it more often (camera-easy + scan-clean
// TD3/TD2/MRV second lines, crop at positions 9-21: 2 of 40 crops disagreed with the first
// read where the whole line agreed, e.g. SWE -> SNE; none with 2 glyphs of context).
constexpr std::size_t kSecondLookContext = 2;

// The second OCR pass over one line (Otsu rendering, secondOpinion), as glyphs for the whole
// line: only positions [first marked - context, last marked + context] of `look` are read
// again, cut from the line image between glyph centres of the first pass (`firstGlyphs`, one
// per position of `firstText`); the others are taken from `firstText` (secondLookPositions
// says why they need no second look). The whole line is read when the first pass's glyphs do
// not map one to one onto the positions (a filler run was resized), a position lacks a
// glyph centre, or the crop's read has another number of glyphs.
struct SecondLook {
  std::vector<OcrGlyph> glyphs;  // the whole line
  bool cropped = false;          // only part of it was read again
};

SecondLook secondLookLine(TessEngine& engine, const cv::Mat& line, const std::vector<OcrGlyph>& firstGlyphs,
                          const std::string& firstText, const std::vector<bool>& look) {
  const std::size_t len = firstText.size();
  const auto lo = std::find(look.begin(), look.end(), true);
  // Positions that do not map onto the text: read the whole line, never assume agreement.
  if (look.size() != len) return {engine.readLine(secondOpinion(line), false), false};
  if (lo == look.end()) return {spliceSecondLook(firstText, 0, 0, {}), true};
  const auto hi = std::find(look.rbegin(), look.rend(), true);
  const std::size_t begin = static_cast<std::size_t>(lo - look.begin()) > kSecondLookContext
                                ? static_cast<std::size_t>(lo - look.begin()) - kSecondLookContext
                                : 0;
  const std::size_t end = std::min(len, static_cast<std::size_t>(look.rend() - hi) + kSecondLookContext);
  if ((begin > 0 || end < len) && firstGlyphs.size() == len) {
    auto centre = [&](std::size_t i) { return firstGlyphs[i].x; };
    const bool known = (begin == 0 || (centre(begin - 1) >= 0 && centre(begin) >= 0)) &&
                       (end == len || (centre(end - 1) >= 0 && centre(end) >= 0));
    if (known) {
      const int x0 = begin == 0 ? 0 : static_cast<int>(0.5f * (centre(begin - 1) + centre(begin)));
      const int x1 = end == len ? line.cols : static_cast<int>(0.5f * (centre(end - 1) + centre(end)));
      if (x0 >= 0 && x1 <= line.cols && x1 - x0 > 2) {
        auto spliced = spliceSecondLook(firstText, begin, end - begin, engine.readLine(secondOpinion(line.colRange(x0, x1)), false));
        if (!spliced.empty()) return {std::move(spliced), true};
      }
    }
  }
  return {engine.readLine(secondOpinion(line), false), false};
}

// The neighbourhood of a candidate that is deconvolved and read again: the candidate's
// rectangle grown by 8 glyph heights on every side and by a tenth of its length at each end.
// Room for a line the candidate left out (a TD1 block found as two lines), and for the
// ringing a Wiener filter makes along the blur from the neighbourhood's edges to fade before
// the glyphs: with 4 glyph heights, 5 of the 22 held-out camera-hard frames that read after
// deblurring most of the frame read uncertain. Its area bounds the cost (most of the frame
// took 90-300 ms to deconvolve; this, 10-30 ms).
cv::Rect deblurRegion(const MrzCandidate& cand, cv::Size frame) {
  cv::RotatedRect around = cand.region;
  const float margin = static_cast<float>(8 * cand.charHeight);
  const bool wide = around.size.width >= around.size.height;
  (wide ? around.size.width : around.size.height) *= 1.2f;
  around.size.width += 2 * margin;
  around.size.height += 2 * margin;
  return around.boundingRect() & cv::Rect(cv::Point(0, 0), frame);
}

// The OCR-B fits (glyph_shapes.h) of `read`'s characters, each against the characters
// `rivals` lists for it (per line, per position; an empty list: not fitted); a line holds no
// fits where nothing is to be fitted or its sizes do not match. Each line's glyph centres are
// the first pass's over the plain rendering (`lines`; a retry renders the same geometry), read
// the way up `flip` says.
std::vector<std::vector<std::optional<ShapeFit>>> shapeFits(const MrzRead& read, const MrzCandidate& cand, int flip,
                                                           const std::vector<std::vector<OcrGlyph>>& lines,
                                                           const std::vector<std::vector<std::string_view>>& rivals) {
  const std::size_t n = cand.lines.size();
  std::vector<std::vector<std::optional<ShapeFit>>> fits(read.lines.size());
  for (std::size_t i = 0; i < read.lines.size() && i < n && i < lines.size() && i < rivals.size(); ++i) {
    if (rivals[i].size() != read.lines[i].size()) continue;
    if (std::all_of(rivals[i].begin(), rivals[i].end(), [](std::string_view r) { return r.empty(); })) continue;
    const LineImage& li = cand.lines[flip ? n - 1 - i : i];
    fits[i] = fitShapes(flip ? li.grayFlipped : li.gray, lines[i], read.lines[i], rivals[i]);
  }
  return fits;
}

// Whether OCR-B's outlines confirm every character of `read` that `doubted` holds for
// (shapeConfirms): there is at least one, and each was fitted and fits its read clearly best.
bool shapesConfirm(const MrzRead& read, const MrzCandidate& cand, int flip, const std::vector<std::vector<OcrGlyph>>& lines,
                   const std::vector<std::vector<bool>>& doubted) {
  const auto admits = fieldCharacters(read);
  std::vector<std::vector<std::string_view>> rivals(admits.size());  // the field's characters where doubted
  for (std::size_t i = 0; i < admits.size() && i < doubted.size(); ++i)
    if (doubted[i].size() == admits[i].size())
      for (std::size_t k = 0; k < admits[i].size(); ++k) rivals[i].push_back(doubted[i][k] ? admits[i][k] : std::string_view());
  const auto fits = shapeFits(read, cand, flip, lines, rivals);
  bool any = false;
  for (std::size_t i = 0; i < doubted.size(); ++i)
    for (std::size_t k = 0; k < doubted[i].size(); ++k) {
      if (!doubted[i][k]) continue;
      if (i >= fits.size() || k >= fits[i].size() || !fits[i][k] || !shapeConfirms(*fits[i][k], admits[i][k])) return false;
      any = true;
    }
  return any;
}

// Whether OCR-B's outlines confirm (shapesConfirm) every character of `read`, a Valid read
// with no character in doubt, that `dissent` read otherwise (markDisagreement: per position,
// or every unproven character of a line read with another length).
bool dissentRefutedByShapes(const MrzRead& read, const MrzRead& dissent, const MrzCandidate& cand, int flip,
                            const std::vector<std::vector<OcrGlyph>>& lines) {
  MrzRead disputed = read;
  for (auto& line : disputed.chars)
    for (MrzChar& c : line) c.doubted = false;
  markDisagreement(disputed, dissent);
  std::vector<std::vector<bool>> inDispute(disputed.chars.size());
  for (std::size_t i = 0; i < disputed.chars.size(); ++i)
    for (const MrzChar& c : disputed.chars[i]) inDispute[i].push_back(c.doubted);
  return shapesConfirm(read, cand, flip, lines, inDispute);
}

// The doubts of `r`'s characters (MrzChar::doubted), per line and position; setDoubts puts
// such a snapshot back.
std::vector<std::vector<bool>> doubtsOf(const MrzRead& r) {
  std::vector<std::vector<bool>> d(r.chars.size());
  for (std::size_t l = 0; l < r.chars.size(); ++l)
    for (const MrzChar& c : r.chars[l]) d[l].push_back(c.doubted);
  return d;
}
void setDoubts(MrzRead& r, const std::vector<std::vector<bool>>& d) {
  for (std::size_t l = 0; l < r.chars.size() && l < d.size(); ++l)
    for (std::size_t i = 0; i < r.chars[l].size() && i < d[l].size(); ++i) r.chars[l][i].doubted = d[l][i];
}

struct Attempt {
  MrzRead read;                         // its quality.confidence: the mean OCR confidence of its lines
  std::vector<MrzCandidate> candidates; // as located, best first
  int bestIndex = -1;                   // the candidate `read` came from; -1: none read
  std::vector<std::vector<OcrGlyph>> glyphs;  // `read`'s first-pass glyphs (shapeFits' `lines`)
  int flip = 0;                               // the way up `read` was read (shapeFits' `flip`)
  // Per line of `read`, per position: the character OCR-B's outlines refuted there
  // (shapeRefutes; '\0' where none). A later read of the frame inherits the doubt
  // (readsRefuted).
  std::vector<std::string> refuted;
  // Per line and position of `read` when it is Uncertain and readImage examined it for the
  // tracker (its `examineUncertain`): the doubts of the checks a Valid read faces (the second
  // pass, the shapes, 0 against O) that did not run on it because it was already Uncertain.
  // Kept apart from `read` until MrzReader::read settles on its final read, so that no
  // decision between reads of the frame weighs them (overrulesUndoubted); empty otherwise.
  std::vector<std::vector<bool>> examinedDoubts;
};

// Whether `read` holds, at some position, the character OCR-B's outlines refuted there in an
// earlier read of the same frame (`refuted`, Attempt::refuted; lines of another length are
// not compared).
bool readsRefuted(const MrzRead& read, const std::vector<std::string>& refuted) {
  if (refuted.size() != read.lines.size()) return false;
  for (std::size_t l = 0; l < refuted.size(); ++l) {
    if (refuted[l].size() != read.lines[l].size()) continue;
    for (std::size_t i = 0; i < refuted[l].size(); ++i)
      if (refuted[l][i] != '\0' && refuted[l][i] == read.lines[l][i]) return true;
  }
  return false;
}

// Each 0 or O of `r` (a read that passes every check) in a swap set the check digits cannot see
// (zeroOhAmbiguous) must be the character its glyph's cell clearly shows (zeroOhSupports): the
// cell of line i's position k cut from `cand`'s line i, read the way up `flip` says (as
// shapeFits takes it), at `glyphs[i][k]` (that line's first-pass glyphs). Where it is not, or
// cannot be cut (no candidate, glyphs that do not map one to one onto the read's positions),
// the character is doubted and a Valid read made Uncertain: for the tracker, a frame that
// shows it clearly must follow. Returns whether it doubted one.
bool doubtZeroOh(MrzRead& r, const MrzCandidate* cand, int flip, const std::vector<std::vector<OcrGlyph>>& glyphs) {
  const auto ambiguous = zeroOhAmbiguous(r);
  const std::size_t n = cand ? cand->lines.size() : 0;
  bool doubt = false;
  for (std::size_t i = 0; i < ambiguous.size(); ++i) {
    if (std::find(ambiguous[i].begin(), ambiguous[i].end(), true) == ambiguous[i].end()) continue;
    const bool mapped = i < n && i < glyphs.size() && glyphs[i].size() == r.lines[i].size();
    const LineImage* li = mapped ? &cand->lines[flip ? n - 1 - i : i] : nullptr;
    const auto geometry = li ? zeroOhLine(flip ? li->grayFlipped : li->gray, glyphs[i]) : std::nullopt;
    for (std::size_t k = 0; k < ambiguous[i].size(); ++k) {
      if (!ambiguous[i][k]) continue;
      const auto cell = geometry ? zeroOhCell(*geometry, glyphs[i], k) : std::nullopt;
      if (cell && zeroOhSupports(r.lines[i][k], zeroOhLogit(*cell))) continue;
      if (i < r.chars.size() && k < r.chars[i].size()) r.chars[i][k].doubted = true;
      doubt = true;
    }
  }
  if (doubt && r.status == ReadStatus::Valid) {
    r.status = ReadStatus::Uncertain;
    r.record.errors.push_back({"UNCERTAIN_READ", "a 0 or an O the check digits cannot tell apart is unclear on this frame; hold the document still and closer for another frame"});
  }
  return doubt;
}

// OCR and decode the candidates `located` finds in one grey image, best first, as
// MrzReader::read describes, up to the first that decodes; the candidates located by then
// stay with the read for its quality figures and for deblurring. One locator serves every
// read of its image (locating does not depend on the model): a later read takes the
// candidates already located, and locates further ones only if it reads past them.
// `readGlare`: lines the retry leaves unread may be read from their glare rendering
// (glareRendering); not in a deconvolved neighbourhood (readDeblurred): no frame of the sets
// read valid from it there, and committed camera-hard TD3-017, which reads nothing, paid 115
// ms for glare renderings, 50 of them in its deconvolved reads ("Twenty-seventh round").
// `deconvolved`: the image is such a neighbourhood; its 0s and Os are left to readDeblurred.
// `examineUncertain`: a read that is Uncertain before the second pass, the shape check or the
// 0/O check (the gate doubted it, or an earlier of those checks did) still faces the later
// ones, which only mark what they doubt (Attempt::examinedDoubts): its status, text and the
// frame's other decisions stay as without them. MrzTracker accepts an Uncertain text from
// agreeing frames where some frame read each character without doubt, and a character only
// counts as such where the frame examined it as a Valid read is examined. Without this, three
// frames whose gate doubted a name letter each, and which the 0/O check therefore never saw,
// settled a document number's 00 that a fourth frame doubted: the tracker accepted OO9668604
// as 009668604 (a review's reproduction, docs/vision.md "Thirty-fifth round"). Only for the
// first model's read of the frame itself: a deconvolution's or the second model's Uncertain
// read is never the frame's (MrzReader::read).
Attempt readImage(TessEngine& engine, const ReaderOptions& options, MrzLocator& located, bool readGlare = true,
                  bool deconvolved = false, bool examineUncertain = false) {
  Attempt result;
  MrzRead& best = result.read;
  double bestConf = -1;
  {
    for (std::size_t ci = 0; const MrzCandidate* next = located.candidate(ci); ++ci) {
      const MrzCandidate& cand = *next;
      // Orientation: try first the way up the glyph layout suggests (saves recognising a
      // whole line the wrong way up); the content test below still decides.
      const double skew = fillerSkew(cand);
      int order[2] = {0, 1};
      if (skew < -kSkewDecided) std::swap(order[0], order[1]);
      for (int attempt = 0; attempt < 2; ++attempt) {
        const int flip = order[attempt];
        std::vector<std::vector<OcrGlyph>> lines;
        const std::size_t n = cand.lines.size();
        bool plausible = true;
        for (std::size_t i = 0; i < n && plausible; ++i) {
          const LineImage& li = cand.lines[flip ? n - 1 - i : i];
          lines.push_back(engine.readLine(flip ? li.grayFlipped : li.gray));
          // The LSTM is as confident on upside-down lines as on upright ones, so orientation
          // is decided by content: the first MRZ line starts with a document code and a
          // state (letters or '<', 9303-3 §4.2) and is 30, 36 or 44 characters long.
          if (i == 0) plausible = plausibleFirstLine(lines[0]);
        }
        if (!plausible) continue;
        const ReaderOptions& o = options;
        MrzRead r = decodeLines(lines, o.minUnprovenConfidence, o.maxUnprovenRunnerUp);
        std::vector<std::vector<OcrGlyph>> plainLines;  // the first read, kept once a retry may replace it
        bool fromRetry = false;
        bool settledByShapes = false;  // the settle step below made the read Valid
        // The OCR-B fits of `r`'s characters against what the shape check weighs them with
        // (shapeRivals), once `r` is Valid: made for the second look, used by the shape check.
        std::optional<std::vector<std::vector<std::optional<ShapeFit>>>> readFits;
        auto fitsOfRead = [&] {
          const auto rivals = shapeRivals(r);
          std::vector<std::vector<std::string_view>> against(rivals.size());
          for (std::size_t i = 0; i < rivals.size(); ++i) against[i].assign(rivals[i].begin(), rivals[i].end());
          return shapeFits(r, cand, flip, lines, against);
        };
        if (r.status != ReadStatus::Valid) {
          plainLines = lines;
          // One retry per line from a second rendering (retryRendering, locate.h) when the
          // read fails its checks or its gate; each line may come from either read, the best
          // decode wins (all still pass the same gate).
          // A read that passes its checks but not the gate: only the lines holding a refused
          // character are read again (linesTheGateRefused, decode.h).
          const auto redo = linesTheGateRefused(r, n, o.minUnprovenConfidence, o.maxUnprovenRunnerUp);
          std::vector<std::vector<OcrGlyph>> retry;
          unsigned redoMask = 0;
          for (std::size_t i = 0; i < n; ++i) {
            const LineImage& li = cand.lines[flip ? n - 1 - i : i];
            retry.push_back(redo[i] ? engine.readLine(retryRendering(flip ? li.grayFlipped : li.gray)) : lines[i]);
            if (redo[i]) redoMask |= 1u << i;
          }
          // A mix of lines from the renderings replaces the read when it decodes better.
          auto takeIfBetter = [&](std::vector<std::vector<OcrGlyph>>&& mixed) {
            MrzRead rm = decodeLines(mixed, o.minUnprovenConfidence, o.maxUnprovenRunnerUp);
            if (rank(rm) <= rank(r)) return;
            r = std::move(rm);
            lines = std::move(mixed);
            fromRetry = true;
          };
          for (unsigned mask = 1; mask < (1u << n) && r.status != ReadStatus::Valid; ++mask) {
            if ((mask & ~redoMask) != 0) continue;  // a line not read again
            std::vector<std::vector<OcrGlyph>> mixed = lines;
            for (std::size_t i = 0; i < n; ++i)
              if (mask & (1u << i)) mixed[i] = retry[i];
            takeIfBetter(std::move(mixed));
          }
          // Lines the retry left unread with glyphs under glare (a dip in their ink contrast,
          // glareRendering, locate.h) are read once more from the glare rendering; each such
          // line may come from it, every other from its first read or its retry. A text taken
          // from it is a retry's text: the plain read must witness it as below (fromRetry).
          // Held-out: 7 frames more read exact of 2,986, none lost ("Twenty-seventh round").
          std::vector<std::vector<OcrGlyph>> glare(n);
          unsigned glareMask = 0;
          if (r.status != ReadStatus::Valid && readGlare)
            for (std::size_t i = 0; i < n; ++i) {
              if (!redo[i]) continue;
              const LineImage& li = cand.lines[flip ? n - 1 - i : i];
              const cv::Mat g = glareRendering(flip ? li.grayFlipped : li.gray);
              if (g.empty()) continue;
              glare[i] = engine.readLine(g);
              glareMask |= 1u << i;
            }
          for (unsigned mask = 1; mask < (1u << n) && r.status != ReadStatus::Valid; ++mask) {
            if ((mask & ~glareMask) != 0) continue;  // a line with no glare rendering
            for (unsigned rest = 0; rest < (1u << n) && r.status != ReadStatus::Valid; ++rest) {
              if ((rest & mask) != 0 || (rest & ~redoMask) != 0) continue;
              std::vector<std::vector<OcrGlyph>> mixed = plainLines;
              for (std::size_t i = 0; i < n; ++i) {
                if (mask & (1u << i)) mixed[i] = glare[i];
                if (rest & (1u << i)) mixed[i] = retry[i];
              }
              takeIfBetter(std::move(mixed));
            }
          }
        }
        if (r.status == ReadStatus::Uncertain && o.settleWithShapes) {
          // The gate's unsure characters (below the confidence limit, a runner-up above its
          // limit) settled by OCR-B's outlines (shapesConfirm): decoded again with those
          // doubts lifted, so a repaired character, a competing reading, a glyph out of its
          // slot or an unknown code still keep the read from Valid. A settled read faces the
          // second pass below like any other Valid read, and its settled letters must read
          // alike there (they stay unproven). On the sets, 320 doubted characters were read
          // wrong; none fitted its read this clearly (docs/vision.md, "Twentieth round").
          std::vector<std::vector<bool>> unsure(r.chars.size());
          for (std::size_t i = 0; i < r.chars.size(); ++i)
            for (const MrzChar& c : r.chars[i]) unsure[i].push_back(c.doubted && !c.repaired);
          if (shapesConfirm(r, cand, flip, lines, unsure)) {
            MrzRead settled = decodeLines(lines, o.minUnprovenConfidence, o.maxUnprovenRunnerUp, unsure);
            if (settled.status == ReadStatus::Valid) {
              r = std::move(settled);
              settledByShapes = true;
            }
          }
        }
        // Examining an Uncertain read for the tracker (`examineUncertain`): from the first check
        // below that meets the read Uncertain, its doubts are snapshot; the checks then mark
        // theirs, which go to Attempt::examinedDoubts, and the snapshot is restored.
        std::optional<std::vector<std::vector<bool>>> doubtsBeforeExamining;
        auto examining = [&] {
          if (r.status == ReadStatus::Valid) return true;
          if (!examineUncertain || r.status != ReadStatus::Uncertain) return false;
          if (!doubtsBeforeExamining) doubtsBeforeExamining = doubtsOf(r);
          return true;
        };
        if (examining() && o.verifyWithSecondPass) {
          const bool wasValid = r.status == ReadStatus::Valid;
          // Second opinion from a different binarisation: a difference in the decoded text
          // leaves the read Uncertain unless a check digit rules the second text out
          // (secondPassAgrees, decode.h). Only the stretch of each line holding characters
          // no check digit pins down, or doubted ones, is read again (secondLookPositions).
          auto look = secondLookPositions(r, o.minUnprovenConfidence, o.maxUnprovenRunnerUp);
          // Characters OCR-B's outlines confirm are not read again (spareConfirmed): the shape
          // check below would weigh them anyway, so they are fitted here, once. A confirmation
          // as the settle step makes it, so only where the shapes may settle (settleWithShapes),
          // and not on a read they settled above: its settled letters must read alike in the
          // second pass.
          if (o.verifyShapes && o.settleWithShapes && !settledByShapes) {
            readFits = fitsOfRead();
            spareConfirmed(look, *readFits, fieldCharacters(r));
          }
          std::vector<std::vector<OcrGlyph>> again;
          std::vector<bool> cropped;
          for (std::size_t i = 0; i < n; ++i) {
            const LineImage& li = cand.lines[flip ? n - 1 - i : i];
            auto one = secondLookLine(engine, flip ? li.grayFlipped : li.gray, lines[i], r.lines[i], look[i]);
            cropped.push_back(one.cropped);
            again.push_back(std::move(one.glyphs));
          }
          MrzRead dissent = decodeLines(again, 0.0f, 1.0f);
          bool agrees = secondPassAgrees(r, dissent);
          if (!agrees && std::find(cropped.begin(), cropped.end(), true) != cropped.end()) {
            // A crop lacks the context of the rest of its line and misreads more often (seen:
            // D as O, B as G): before the read is called uncertain, the cropped lines are read
            // whole, as without the crops (one more pass of those lines, only on such reads).
            for (std::size_t i = 0; i < n; ++i) {
              if (!cropped[i]) continue;
              const LineImage& li = cand.lines[flip ? n - 1 - i : i];
              again[i] = engine.readLine(secondOpinion(flip ? li.grayFlipped : li.gray), false);
            }
            dissent = decodeLines(again, 0.0f, 1.0f);
            agrees = secondPassAgrees(r, dissent);
          }
          // An arbiter for the lines the second opinion read otherwise: another binarisation
          // of the same ink (arbiterRendering, locate.h). When it corroborates the first read
          // on the same terms, the dissent was an accident of Otsu's threshold. Only disputes
          // no check reaches, or whose checks fail on the dissent, are put to it
          // (arbiterMaySettle, decode.h): a competing reading is never settled by a vote.
          // When it does not corroborate, its differences are doubts for the tracker as well.
          // On 1,543 images, 18 right reads the passes disagreed on became Valid, none wrong
          // (shipped model; the two gate-stress models: 29 and 24, none wrong). A grey arbiter
          // was tried first: it errs like the first read (a name letter T for Y read alike in
          // both, the Otsu pass right) and let 2 wrong identities through on capture
          // sequences (docs/vision.md, "Thirteenth round").
          // Each disputed line is read in the arbiter's rendering at most once per candidate
          // orientation: the two disputes below may share a line.
          std::vector<std::optional<std::vector<OcrGlyph>>> arbiterLines(n);
          auto arbiterSides = [&](const MrzRead& against, std::vector<std::vector<OcrGlyph>> third) {
            for (std::size_t i = 0; i < n; ++i) {
              if (i < against.lines.size() && against.lines[i] == r.lines[i]) continue;
              if (!arbiterLines[i]) {
                const LineImage& li = cand.lines[flip ? n - 1 - i : i];
                arbiterLines[i] = engine.readLine(arbiterRendering(flip ? li.grayFlipped : li.gray), false);
              }
              third[i] = *arbiterLines[i];
            }
            const MrzRead arbiter = decodeLines(third, 0.0f, 1.0f);
            if (secondPassAgrees(r, arbiter)) return true;
            markDisagreement(r, arbiter);
            return false;
          };
          // Whether the last dispute was put to the arbiter, which did not side with the read.
          bool arbiterRefused = false;
          if (!agrees && arbiterMaySettle(r, dissent)) {
            agrees = arbiterSides(dissent, again);
            arbiterRefused = !agrees;
          }
          // The retry (gamma 2) and the second opinion (Otsu) both darken the ink, so their
          // errors are alike (images-real fm-visa-mrva: both read an unchecked B as 8 that the
          // plain rendering reads right): a text taken from the retry must also be
          // corroborated by the first read of the plain rendering, on the same terms. That
          // read failed its checks or the gate (why the retry ran), and mostly it is the one
          // in error (held-out camera-easy: JOHANSSON read JOHANSSTN, ITA read TTA):
          // its dispute goes to the arbiter on the same terms as the Otsu pass's, and the
          // arbiter's binarisation must side with the retry's text ("Eighteenth round").
          // Only a plain read that counts each disputed line's glyphs as the retry's text does
          // is such a witness, letter against letter. One that counts otherwise disputes how
          // many glyphs the ink holds, where the darker renderings err alike: the weak
          // gate-stress model read AYSE as ATSE in the retry, the Otsu pass and the arbiter,
          // the plain rendering XHTSE (held-out camera-hard MRV-A 9103).
          if (agrees && fromRetry) {
            dissent = decodeLines(plainLines, 0.0f, 1.0f);
            agrees = secondPassAgrees(r, dissent);
            bool sameCount = true;
            for (std::size_t i = 0; i < n && i < dissent.lines.size(); ++i)
              if (dissent.lines[i] != r.lines[i] && plainLines[i].size() != r.lines[i].size()) sameCount = false;
            arbiterRefused = false;
            if (!agrees && sameCount && arbiterMaySettle(r, dissent)) {
              agrees = arbiterSides(dissent, plainLines);
              arbiterRefused = !agrees;
            }
          }
          if (arbiterRefused && o.settleWithShapes) {
            // A dispute the arbiter may settle (no competing reading, the same glyph count) and
            // did not: OCR-B's outlines decide it for the read when every character the
            // dissenting pass read otherwise fits the read's character clearly best
            // (shapesConfirm). Where the arbiter alone read otherwise, the two passes agree,
            // as on any Valid read (the arbiter is asked only about a dispute). The read was
            // Valid, so no character was in doubt before the second pass.
            if (dissentRefutedByShapes(r, dissent, cand, flip, lines)) {
              agrees = true;
              if (wasValid)
                for (auto& line : r.chars)
                  for (MrzChar& c : line) c.doubted = false;
            }
          }
          if (!agrees) {
            markDisagreement(r, dissent);  // for the tracker: which characters frames must settle
            if (wasValid) {
              r.status = ReadStatus::Uncertain;
              r.record.errors.push_back({"UNCERTAIN_READ", "two OCR passes disagree on this frame; hold the document still for another frame"});
            }
          }
        }
        std::vector<std::string> refutedHere;  // Attempt::refuted, for `r`
        if (examining() && o.verifyShapes) {
          const bool wasValid = r.status == ReadStatus::Valid;
          // The shapes of the characters no check digit proves, against OCR-B's outlines
          // (glyph_shapes.h): where another character the field admits fits the glyph
          // clearly better, the LSTM's letter is doubted, however sure it was, and the frame
          // reads Uncertain. Each line's glyph centres are the first pass's over the plain
          // rendering (a retry renders the same geometry). A line's trailing run of fillers is
          // left out, as the second look leaves it (secondLookPositions: 1 letter in 21,195
          // such fillers, in a line that passed nothing); it was most of the cost.
          // Proven characters too, against their same-residue rivals (shapeRivals).
          if (!readFits) readFits = fitsOfRead();
          const auto& fits = *readFits;
          for (std::size_t i = 0; i < fits.size(); ++i)
            for (std::size_t k = 0; k < fits[i].size(); ++k)
              if (fits[i][k] && shapeRefutes(*fits[i][k])) {
                r.chars[i][k].doubted = true;
                if (!wasValid) continue;  // examined for the tracker: a doubt only
                if (refutedHere.empty())
                  for (const std::string& line : r.lines) refutedHere.emplace_back(line.size(), '\0');
                if (i < refutedHere.size() && k < refutedHere[i].size()) refutedHere[i][k] = r.lines[i][k];
              }
          if (!refutedHere.empty()) {
            r.status = ReadStatus::Uncertain;
            r.record.errors.push_back({"UNCERTAIN_READ", "a character's printed shape fits another letter better than the one read; hold the document still for another frame"});
          }
        }
        if (!deconvolved && examining() && o.verifyZeroOh) {
          // The 0s and Os no check digit tells apart, judged by their glyphs (doubtZeroOh) in
          // the plain rendering at the first pass's glyph centres, as the shape fits are (a
          // retry renders the same geometry). A deconvolved neighbourhood's read is judged by
          // readDeblurred on the frame's own pixels instead: a deconvolved glyph rings along
          // the blur, and a model fitted on such cells too sided with the wrong character by a
          // log-odds of 2 or more for 13 of 1,225 held-out deconvolved cells (camera-hard TD3
          // 16232: three 0s of its optional data deconvolved into Os, two of them read O by the
          // OCR as well; docs/vision.md, "Thirty-third round").
          doubtZeroOh(r, &cand, flip, lines);
        }
        std::vector<std::vector<bool>> examinedHere;  // Attempt::examinedDoubts, for `r`
        if (doubtsBeforeExamining) {
          examinedHere = doubtsOf(r);
          setDoubts(r, *doubtsBeforeExamining);
        }
        const double conf = meanConfidence(lines);
        r.upsideDown = flip == 1;
        r.quality.confidence = conf;
        if (rank(r) > rank(best) || (rank(r) == rank(best) && conf > bestConf)) {
          best = std::move(r);
          bestConf = conf;
          result.bestIndex = static_cast<int>(ci);
          result.glyphs = lines;
          result.flip = flip;
          result.refuted = std::move(refutedHere);
          result.examinedDoubts = std::move(examinedHere);
        }
        if (best.status == ReadStatus::Valid) break;
        // The layout clearly says this way up and the first line read as an MRZ's first
        // line: the other orientation cannot hold a better read of this candidate.
        if (attempt == 0 && std::abs(skew) >= kSkewDecided && (skew < 0) == (flip == 1)) break;
      }
      // A decodable MRZ was found here: other candidates are parts of the same document.
      if (best.status == ReadStatus::Valid || best.status == ReadStatus::Uncertain) break;
    }
  }
  result.candidates = located.located();
  return result;
}

// Whether OCR-B's outlines settle, for the deblurred read `sharp` (Valid), its dispute with
// `check`, the first pass over the neighbourhood deconvolved with a segment 1 px shorter: a
// dispute the arbiter could settle (arbiterMaySettle: no competing reading; where a check
// digit reaches, `check` fails it) in which every character `check` read otherwise fits the
// read's character clearly best (dissentRefutedByShapes, as for a dispute of the two passes).
// The shorter segment leaves blur behind, and its read errs where the sharper glyphs are
// plain: of 25 right deblurred reads such a check refused on 600 held-out camera-hard frames,
// most disputes were name letters read E as L, C or F, B as D, F as Y (docs/vision.md,
// "Twenty-first round"). The two ringing errors this check was made for stay refused:
// TD2-4001's FERNXNDES is now refuted by the shapes within the deblurred read, before this
// check; MRV-B 014's LOPEI (weak model) the check reads alike, and its one dispute, G read as
// Q, the outlines do not settle (a round pair). As before, an error the check shares passes it.
// MrzReader::read also puts the second model's deblurred read to it against the first model's
// Uncertain read; that text passes every check, so only disputes no check reaches can settle.
bool checkSettledByShapes(const Attempt& sharp, const MrzRead& check, const ReaderOptions& options) {
  if (!options.settleWithShapes || sharp.bestIndex < 0 || check.lines.empty()) return false;
  if (!arbiterMaySettle(sharp.read, check)) return false;
  return dissentRefutedByShapes(sharp.read, check, sharp.candidates[static_cast<std::size_t>(sharp.bestIndex)], sharp.flip,
                                sharp.glyphs);
}

// The first OCR pass alone (no retry, second look or gate) over the best candidate of an
// image's locator `located`, read the given way up: a dissenting text for secondPassAgrees.
MrzRead firstPassText(TessEngine& engine, bool upsideDown, MrzLocator& located) {
  const MrzCandidate* best = located.candidate(0);
  if (!best) return {};
  const MrzCandidate& cand = *best;
  const std::size_t n = cand.lines.size();
  std::vector<std::vector<OcrGlyph>> lines;
  for (std::size_t i = 0; i < n; ++i) {
    const LineImage& li = cand.lines[upsideDown ? n - 1 - i : i];
    lines.push_back(engine.readLine(upsideDown ? li.grayFlipped : li.gray, false));
  }
  return decodeLines(lines, 0.0f, 1.0f);
}

// One model's read of a frame: readImage, then, for a frame that did not read Valid, the read
// of its candidate's neighbourhood with the motion blur measured there undone.
struct FrameRead {
  Attempt attempt;
  cv::Point offset{0, 0};  // of the deblurred neighbourhood in the frame
  bool deblurred = false;
  double motionBlur = 0;
};

// The deblurring of a frame around one candidate, which depends on the frame and the
// candidate, not on the model: the blur estimate, the neighbourhood deconvolved with it and
// with the shorter segments below, and the candidates located in each. The second model's
// read of a frame reuses what the first model's computed (MrzReader::read): the same
// pixels, so the same reads, without the deconvolutions and locates a second time. It belongs
// to one grey image of the frame (the one both models read) and is keyed by the candidate's
// centre: another candidate starts it afresh.
struct DeblurWork {
  std::optional<cv::Point2f> centre;  // of the candidate it was computed for
  MotionBlur blur;
  cv::Rect roi;
  std::optional<MotionDeconvolver> deconvolver;
  // One deconvolution of the neighbourhood, made on first use, and its locator (one
  // candidate; made with it, searched as its reads ask, kept for every later read of it).
  struct Deconvolved {
    cv::Mat image;
    std::optional<MrzLocator> located;
  };
  // [k]: deconvolved with a segment k px shorter than `blur` (0: the estimate's read; 1: its
  // corroboration, and the re-read of an Uncertain read; 2: the re-read's corroboration).
  std::array<Deconvolved, 3> bySegment;
};

// The read of `gray` around `at` with the motion blur the cepstrum measures there undone
// (deblur.h): the neighbourhood (deblurRegion), deconvolved, through the same locate (one
// candidate), OCR, decode and gate. It replaces `out`'s attempt only when Valid and
// corroborated (below). Estimates shorter than `minLength` are not undone. `out.motionBlur`:
// the estimate.
void readDeblurred(const cv::Mat& gray, TessEngine& engine, const ReaderOptions& options, const MrzCandidate& at,
                   double minLength, DeblurWork& work, FrameRead& out) {
  if (work.centre != at.region.center) {
    work = DeblurWork{};
    work.centre = at.region.center;
    work.blur = estimateMotionBlur(gray, at.region.center);
  }
  const MotionBlur& blur = work.blur;
  out.motionBlur = blur.length;
  if (!options.deblurMotion || blur.length <= 0 || blur.length < minLength) return;
  if (!work.deconvolver) {
    work.roi = deblurRegion(at, gray.size());
    work.deconvolver.emplace(gray(work.roi), blur.length);  // one forward transform for all
  }
  auto deconvolved = [&](int shorterBy) -> DeblurWork::Deconvolved& {
    DeblurWork::Deconvolved& d = work.bySegment[static_cast<std::size_t>(shorterBy)];
    if (d.image.empty()) {
      MotionBlur segment = blur;
      segment.length -= shorterBy;
      d.image = work.deconvolver->deconvolve(segment);
      d.located.emplace(d.image, 1);
    }
    return d;
  };
  // The whole read (steps 1-4) of one deconvolution.
  auto readWhole = [&](DeblurWork::Deconvolved& d) {
    return readImage(engine, options, *d.located, false, true);
  };
  Attempt sharp = readWhole(deconvolved(0));
  // Deconvolution rings, and a ringing glyph can read as another letter in both OCR
  // passes, which see the same deconvolved pixels: held-out camera-hard TD2-4001, name
  // FERNANDES read FERNXNDES (shipped model), committed MRV-B 014, LOPEZ read LOPEI (weak
  // gate-stress model), both Valid. The ringing follows the PSF, so the read must be
  // corroborated, on the second pass's terms, by a first pass over the neighbourhood
  // deconvolved with a segment 1 px shorter (too long a segment rings most): the two
  // reads above disagree there (docs/vision.md, "Fifteenth round"). The check locates
  // its lines anew: cut where the read's lines were, its first pass read FERNXNDES too
  // ("Seventeenth round"). A dispute OCR-B's outlines settle for the read does not
  // count against it (checkSettledByShapes, "Twenty-first round").
  // A Valid read of one deconvolution stands when the first pass over `shorter`, the
  // neighbourhood deconvolved with a segment 1 px shorter than that read's, corroborates it.
  auto corroborated = [&](const Attempt& read, DeblurWork::Deconvolved& shorter) {
    const MrzRead check = firstPassText(engine, read.read.upsideDown, *shorter.located);
    return secondPassAgrees(read.read, check) || checkSettledByShapes(read, check, options);
  };
  if (sharp.read.status == ReadStatus::Valid && !corroborated(sharp, deconvolved(1)))
    sharp.read.status = ReadStatus::Uncertain;
  if (sharp.read.status == ReadStatus::Uncertain && options.deblurShorter && blur.length > 2.0 &&
      !hasCompetingReading(sharp.read, sharp.glyphs)) {
    // The estimate's deconvolution reads a text that passes every check, but a doubt holds it
    // (the gate, the second pass, or the shorter segment's corroboration). The cepstrum tends
    // to estimate a segment long: on 40 camera-easy frames blurred with a known segment, by
    // 0.3 px on average for a straight one and about 0.9 px for a rasterised line, as
    // corpus-gen draws them. So the neighbourhood deconvolved 1 px shorter (which the
    // corroboration above may already have made) is read whole, and its Valid read,
    // corroborated in turn by the first pass 2 px shorter, replaces this one. Of the 232
    // frames of the sets that did not read exact, 18 more read exact this way, none wrong.
    // Only after an Uncertain read: after an unreadable or unlocated estimate, four
    // neighbouring segments (1-2 px shorter, 4-8 degrees off) read 8 frames in 200 more
    // attempts (docs/vision.md, "Twenty-eighth round").
    // Never after a competing reading (hasCompetingReading, decode.h: the OCR listed two
    // substitutions that together pass every check). The segment 1 px shorter renders the
    // same glyphs almost alike; a read of it that lists no such alternative has not told the
    // two texts apart, as no vote of renderings does (arbiterMaySettle). Seen: held-out
    // camera-easy MRV-A 11018, document number OO36487, deconvolved with the estimate read
    // right with '0' listed at 0.17 and 0.60 (weights 7 and 3: both texts pass), and 1 px
    // shorter read 0036487 with 'O' listed at 0.13 once: Valid and wrong (docs/vision.md,
    // "Twenty-ninth round").
    Attempt shorter = readWhole(deconvolved(1));
    if (shorter.read.status == ReadStatus::Valid && corroborated(shorter, deconvolved(2))) sharp = std::move(shorter);
  }
  // A character OCR-B's outlines refuted in the frame's first read (`out.attempt`, Attempt::
  // refuted) stays in doubt when the deconvolution reads it alike: the deconvolved glyph is
  // another rendering of the same ink, and its outline, rounded and ringing, may fit the
  // wrong letter as well as the right one. Seen: held-out camera-hard TD1 13110 (short
  // shake), document code ID read IJ by the first model at 0.99 with no alternative; the
  // outlines refuted the J in the frame and not in its deconvolution, which read IJ Valid
  // (docs/vision.md, "Twenty-ninth round").
  if (sharp.read.status != ReadStatus::Valid || readsRefuted(sharp.read, out.attempt.refuted)) return;
  // The frame's own read passes every check as well (Uncertain) and reads some characters
  // otherwise: two texts of the same ink that no check digit tells apart, one of them from
  // deconvolved pixels, whose corroboration above reads the same kind of pixels. The
  // deconvolved read replaces it only where OCR-B's outlines confirm each character it reads
  // otherwise in its own glyphs (dissentRefutedByShapes, as for a dispute of the two OCR
  // passes). Seen: fresh camera-hard TD1 22115 (5.5 px shake), surname KAYA read YAYA by the
  // frame's read, its Y doubted, and TAYA Valid by the deconvolution and the one 1 px shorter
  // (docs/vision.md, "Thirty-fifth round").
  {
    const MrzRead& plain = out.attempt.read;
    if (plain.status == ReadStatus::Uncertain && plain.lines != sharp.read.lines &&
        (sharp.bestIndex < 0 || !dissentRefutedByShapes(sharp.read, plain, sharp.candidates[static_cast<std::size_t>(sharp.bestIndex)],
                                                        sharp.flip, sharp.glyphs)))
      return;
  }
  // The 0s and Os no check digit tells apart are judged on the frame's own pixels: the cells of
  // the frame's first read (`out.attempt`), taken the same way up, where its first-pass glyphs
  // map one to one onto the deconvolved read's positions (doubtZeroOh); otherwise they stay in
  // doubt. While a deconvolved read's were doubted outright, 19 right deblurred reads of the
  // 2,986 images read Uncertain; judged on the frame, 12 of them read Valid again ("Thirty-third
  // round").
  if (options.verifyZeroOh) {
    const Attempt& plain = out.attempt;
    const bool sameWay = plain.bestIndex >= 0 && plain.flip == sharp.flip;
    const MrzCandidate* frameCand = sameWay ? &plain.candidates[static_cast<std::size_t>(plain.bestIndex)] : nullptr;
    if (doubtZeroOh(sharp.read, frameCand, plain.flip, plain.glyphs)) return;
  }
  out.attempt = std::move(sharp);
  out.offset = work.roi.tl();
  out.deblurred = true;
}

// One model's read of `gray` (FrameRead). `located`: MrzReader::read's locator of `gray`, one
// for both models (locating does not depend on the model).
FrameRead readFrame(const cv::Mat& gray, TessEngine& engine, const ReaderOptions& options, MrzLocator& located,
                    DeblurWork& work, bool examineUncertain) {
  FrameRead out;
  Attempt& attempt = out.attempt;
  attempt = readImage(engine, options, located, true, false, examineUncertain);
  // A frame that did not read Valid is read once more around its best candidate with the
  // motion blur measured there undone (readDeblurred); only a Valid read of it replaces the
  // first. Frames without a candidate pay nothing here (MrzReader::read decides about them);
  // neither do frames smaller than the estimate's window (no estimate). Every estimate is
  // undone, the short ones too (deblur.h).
  if (attempt.read.status != ReadStatus::Valid && !attempt.candidates.empty()) {
    const MrzCandidate& at = attempt.bestIndex >= 0 ? attempt.candidates[static_cast<std::size_t>(attempt.bestIndex)]
                                                    : attempt.candidates.front();
    readDeblurred(gray, engine, options, at, 0.0, work, out);  // `at` refers into `attempt`, replaced last
  }
  return out;
}

// Where a frame with no MRZ located is deblurred: the first blob its locate searched in vain
// (the highest scored; locateMrz searches its blobs best first), as a candidate of glyphs a
// thirtieth of its length high at most, as the locator guesses them (a line of 30-44 glyphs;
// a block's blob is taller than a glyph).
MrzCandidate blobPlace(const cv::RotatedRect& blob) {
  MrzCandidate place;
  place.region = blob;
  const double len = std::max(blob.size.width, blob.size.height), thick = std::min(blob.size.width, blob.size.height);
  place.charHeight = std::min(thick, len / 30.0);
  return place;
}

// Whether `other` reads another character than `first` at a position `first` read without
// doubt; lines of other lengths or counts differ everywhere.
bool overrulesUndoubted(const MrzRead& first, const MrzRead& other) {
  if (first.lines.size() != other.lines.size() || first.chars.size() != first.lines.size()) return true;
  for (std::size_t l = 0; l < first.lines.size(); ++l) {
    if (first.lines[l].size() != other.lines[l].size() || first.chars[l].size() != first.lines[l].size()) return true;
    for (std::size_t i = 0; i < first.lines[l].size(); ++i)
      if (first.lines[l][i] != other.lines[l][i] && !first.chars[l][i].doubted) return true;
  }
  return false;
}

}  // namespace

MrzRead MrzReader::read(const Frame& frame) {
  MrzRead best;
  try {
    const cv::Mat view = frameView(frame);
    cv::Mat gray = toGray(view);
    if (gray.empty()) return best;
    DeblurWork deblurWork;
    std::vector<cv::RotatedRect> searchedInVain;  // blobs the luminance's locate found no MRZ in
    InkPyramid pyramid;  // the luminance's, for its second locate below
    // Candidates are located as the reads ask for them (MrzLocator): a read that decodes its
    // first candidate leaves the frame's other blobs unsearched. `frameLocator` is the one
    // `frameRead`'s candidates come from, which the second model reads on.
    MrzLocator located(gray, impl_->options.maxCandidates, &searchedInVain, InkThreshold::Raised, &pyramid);
    const bool thresholdRaised = located.thresholdRaised();
    std::optional<MrzLocator> brightLocated, faint;
    MrzLocator* frameLocator = &located;
    const cv::Mat luminance = gray;
    FrameRead frameRead = readFrame(gray, *impl_->engine, impl_->options, located, deblurWork, true);
    if (!located.candidate(0) && view.channels() == 3) {
      // No MRZ located in the colour frame's luminance: located and read again in its
      // brightest channel, where coloured ink across the block fades (brightestChannel). A
      // frame without a document pays one more greying and locate of its blobs (about 2 ms).
      // Blobs the luminance showed at the same place are not searched again (locate.h): a
      // busy page or a photo paid for each of its text blocks twice (images-real/no-mrz,
      // 1280x720 photo of a document without MRZ: 6 ms in its luminance alone, 15-18 ms with
      // its brightest channel, 8 ms now). The two frames this look reads (images-real qatar,
      // colour rotated MRV-B 4044) have no blob at that place in luminance (docs/vision.md,
      // "Twenty-fourth round").
      cv::Mat bright = brightestChannel(view);
      brightLocated.emplace(bright, impl_->options.maxCandidates, &searchedInVain);
      if (brightLocated->candidate(0)) {
        frameRead = readFrame(bright, *impl_->engine, impl_->options, *brightLocated, deblurWork, true);
        frameLocator = &*brightLocated;
        gray = std::move(bright);
      }
    }
    // No MRZ located in the frame, but text-like blobs searched in vain: a long shake smears
    // the glyphs of a line into each other and into the next line, and the lines do not come
    // apart (held-out camera-hard: 23 of 740 frames not found; around the strongest blob of 12
    // of them the cepstrum measures 8.3-11.3 px). That blob's neighbourhood is read with the
    // blur undone, as a candidate's is, when the estimate there is kMotionUnlocatedLength or
    // more (deblur.h); by each model, the second's read only when the first's is not Valid.
    bool secondModel = false;
    if (frameRead.attempt.candidates.empty() && !searchedInVain.empty()) {
      const MrzCandidate place = blobPlace(searchedInVain.front());
      FrameRead shaken;
      readDeblurred(gray, *impl_->engine, impl_->options, place, kMotionUnlocatedLength, deblurWork, shaken);
      if (!shaken.deblurred && impl_->second) {
        readDeblurred(gray, *impl_->second, impl_->secondOptions, place, kMotionUnlocatedLength, deblurWork, shaken);
        secondModel = shaken.deblurred;
      }
      if (shaken.deblurred) frameRead = std::move(shaken);
    }
    // Still nothing located, and the locator's threshold was raised above Otsu's by the
    // frame's strongest ink: a faint MRZ (a document in shadow, grey ink) next to white or
    // black print on the background falls below it (held-out camera-hard TD2-8176, rotated
    // MRV-B 4044). The luminance is located again at Otsu's threshold (locate.h InkThreshold),
    // its blobs searched in vain skipped, and read as any candidate. After the deblurring
    // above: a long shake's blob would locate here too, and read worse than deblurred
    // (camera-hard MRV-A 8013). Frames without an MRZ pay a second locate when their
    // threshold was raised (docs/vision.md, "Twenty-sixth round").
    if (frameRead.attempt.candidates.empty() && thresholdRaised) {
      faint.emplace(luminance, impl_->options.maxCandidates, &searchedInVain, InkThreshold::Otsu, &pyramid);
      if (faint->candidate(0)) {
        gray = luminance;
        frameRead = readFrame(gray, *impl_->engine, impl_->options, *faint, deblurWork, true);
        frameLocator = &*faint;
      }
    }
    // A frame with a candidate that the first model did not read Valid, read again whole with
    // the second model (ReaderOptions::secondModel); only its Valid read replaces the first.
    if (frameRead.attempt.read.status != ReadStatus::Valid && impl_->second && !frameRead.attempt.candidates.empty()) {
      // The first read's candidates are the frame's own here: a deblurred read replaces them
      // only when Valid, and then no second read is made. The second read takes them from the
      // same locator (and any it had not searched for yet), and the first read's deblurring
      // when it settles on the same candidate (DeblurWork).
      FrameRead other = readFrame(gray, *impl_->second, impl_->secondOptions, *frameLocator, deblurWork, false);
      // A Valid read the second model made of a deconvolution (readDeblurred) does not
      // replace an Uncertain first read, which passes every check as well, where it reads
      // another character than one the first read without doubt (MrzChar::doubted) and
      // OCR-B's outlines do not settle that dispute for it (checkSettledByShapes): the two
      // texts are then a competing reading no check tells apart, never Valid from one frame
      // (secondPassAgrees). A deconvolved glyph rings along the blur, and the corroboration
      // inside readDeblurred reads the same ringing with the same model. Seen with a second
      // model trained on deconvolved lines (tools/ocr-training/README.md, "Thirty-first
      // round"): committed camera-hard MRV-B 019, name BJORKLUND, its O read at 0.99 with no
      // alternative by the first model (Uncertain for a doubted B), read BJDRKLUND, Valid, by
      // the second in the deconvolution and in the one 1 px shorter. With the shipped models,
      // 5 of 2,986 frames lose a right read this way, each where the first model's text was a
      // blurred misread its gate held; a plain read of the second model is not held (that
      // would lose 9 more, 2 of them real specimens; docs/vision.md, "Thirty-first round").
      const bool valid = other.attempt.read.status == ReadStatus::Valid;
      const bool competes = valid && other.deblurred && frameRead.attempt.read.status == ReadStatus::Uncertain &&
                            overrulesUndoubted(frameRead.attempt.read, other.attempt.read) &&
                            !checkSettledByShapes(other.attempt, frameRead.attempt.read, impl_->secondOptions);
      if (competes) {
        // The first read stands, its characters the second model read otherwise in doubt: for
        // the tracker, which accepts an Uncertain text only where some frame read each
        // character without doubt. Of the 12 frames of 5,586 where this held a right read,
        // the first model's text was the wrong one in every one.
        MrzRead& first = frameRead.attempt.read;
        markDisagreement(first, other.attempt.read);
        first.record.errors.push_back({"UNCERTAIN_READ", "the two OCR models read this frame differently; hold the document still for another frame"});
      } else if (valid) {
        other.motionBlur = frameRead.motionBlur;  // the frame's blur, measured by the first read
        frameRead = std::move(other);
        secondModel = true;
      }
    }
    Attempt& attempt = frameRead.attempt;
    const cv::Point offset = frameRead.offset;
    // The frame's read is Uncertain: the doubts the checks it did not face as a Valid read
    // would have raised (readImage's `examineUncertain`) are its own now, for the tracker.
    if (attempt.read.status == ReadStatus::Uncertain && !frameRead.deblurred && !attempt.examinedDoubts.empty()) {
      MrzRead& r = attempt.read;
      for (std::size_t l = 0; l < r.chars.size() && l < attempt.examinedDoubts.size(); ++l)
        for (std::size_t i = 0; i < r.chars[l].size() && i < attempt.examinedDoubts[l].size(); ++i)
          if (attempt.examinedDoubts[l][i]) r.chars[l][i].doubted = true;
    }
    best = std::move(attempt.read);
    best.quality.deblurred = frameRead.deblurred;
    best.quality.motionBlur = frameRead.motionBlur;
    best.quality.secondModel = secondModel;
    const MrzCandidate* bestCand = attempt.bestIndex >= 0 ? &attempt.candidates[static_cast<std::size_t>(attempt.bestIndex)] : nullptr;
    // Quality.
    ReadQuality& q = best.quality;  // q.confidence: set by readImage (0 when nothing was read)
    if (bestCand) {
      q.charHeight = bestCand->charHeight;
      double lapVar = 0;
      for (const auto& li : bestCand->lines) {
        cv::Mat lap;
        cv::Laplacian(li.gray, lap, CV_64F);
        cv::Scalar mean, sd;
        cv::meanStdDev(lap, mean, sd);
        lapVar += sd[0] * sd[0];
      }
      q.sharpness = lapVar / static_cast<double>(bestCand->lines.size());
      cv::RotatedRect region = bestCand->region;
      region.center += cv::Point2f(offset);
      const cv::Rect where = region.boundingRect() & cv::Rect(0, 0, gray.cols, gray.rows);
      if (!where.empty()) best.location = FrameRect{where.x, where.y, where.width, where.height};
      cv::RotatedRect around = region;
      around.size.width *= 1.2f;
      around.size.height *= 2.0f;
      const cv::Rect box = around.boundingRect() & cv::Rect(0, 0, gray.cols, gray.rows);
      if (!box.empty()) q.glare = glareShare(view(box));
    } else {
      best.status = ReadStatus::NotFound;
      q.glare = glareShare(view);
    }
    addHints(q, best.found());
  } catch (const std::exception&) {
    // OpenCV/Tesseract failures never cross the module boundary: the frame reads as nothing.
    best = MrzRead{};
  }
  return best;
}

}  // namespace bordergate::vision
