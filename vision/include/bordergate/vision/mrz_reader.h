// MrzReader: finds and reads the machine readable zone in one camera frame (issue #3).
// Pipeline (zxing-style stages, all internal): locate text-line candidates at any rotation ->
// rectify and split into lines -> OCR each line (Tesseract, the project's OCR-B model) ->
// decode: assemble a format, repair only what check digits and character sets prove, and
// gate on confidence. No OpenCV or Tesseract type appears here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/frame.h"
#include "bordergate/core/result.h"
#include "bordergate/mrz/mrz_record.h"

namespace bordergate::vision {

// Capture quality of a read, for user guidance. Hints are stable identifiers the UI maps to
// text: "hold_still" (blurred: low sharpness, or a motion blur of 5.5 px or more measured),
// "avoid_glare" (saturated highlights on the document), "move_closer" (characters too small),
// "low_confidence" (OCR unsure).
struct ReadQuality {
  double sharpness = 0;    // variance of the Laplacian over the MRZ lines (grey levels^2); 0 when not found
  double glare = 0;        // fraction of saturated pixels (>= 254) around the MRZ (or the frame when not found)
  double charHeight = 0;   // median MRZ character height in frame pixels; 0 when not found
  double confidence = 0;   // mean per-character OCR confidence, 0..1
  // The straight motion blur measured around the MRZ (px along the smear), only on frames that
  // did not read Valid at once and have an MRZ-like candidate; 0 when not measured or under 4 px.
  double motionBlur = 0;
  bool deblurred = false;  // read after undoing a motion blur (ReaderOptions::deblurMotion)
  bool secondModel = false;  // read by ReaderOptions::secondModel after the first model's read was not Valid
  std::vector<std::string> hints;
};

// Why a read is (not) valid, from worst to best.
enum class ReadStatus {
  NotFound,    // no MRZ-like text lines in the frame
  Unreadable,  // MRZ-like lines found but the text is not a valid MRZ (check digit, charset, length)
  Uncertain,   // text passes every check, but a repair or a low-confidence character sits where
               // check digits cannot prove it (names, codes, alphanumeric fields): needs more frames
  Valid,       // accepted from this frame alone
};

std::string_view readStatusName(ReadStatus s);  // "not_found", "unreadable", "uncertain", "valid"

// An axis-aligned rectangle in frame pixels.
struct FrameRect {
  int x = 0, y = 0, width = 0, height = 0;
};

// One OCR'd character with its confidence (0..1) and whether decode changed it.
struct MrzChar {
  char value = '<';
  float confidence = 0;
  float runnerUp = 0;  // confidence of the OCR's best alternative character (0 if none)
  bool repaired = false;
  bool proven = false;  // a check digit the read passes pins this character down (decode's gate)
  // This read's gate doubted the character: repaired, under the confidence limit, an
  // alternative over the runner-up limit, part of a competing reading the checks cannot rule
  // out, read otherwise by the second OCR pass, or unproven in a read with a glyph out of its
  // slot. MrzTracker accepts an uncertain text from agreeing frames only where some frame read
  // each character without doubt.
  bool doubted = false;
};

// The result of reading one frame. `valid()` is true only when status == Valid, which implies
// mrz::parseLines(lines).valid(); `record` is the parse of `lines` (with an extra
// "UNCERTAIN_READ" error when status == Uncertain, so record.valid() never disagrees).
struct MrzRead {
  ReadStatus status = ReadStatus::NotFound;
  std::vector<std::string> lines;               // best text read (empty when NotFound)
  std::vector<std::vector<MrzChar>> chars;      // per line, per position
  mrz::MrzRecord record;
  ReadQuality quality;
  int repairs = 0;                              // characters changed by decode
  bool upsideDown = false;                      // read at 180 degrees
  std::optional<FrameRect> location;            // bounding box of the MRZ lines read, in frame pixels (when found)

  bool found() const { return status != ReadStatus::NotFound; }
  bool valid() const { return status == ReadStatus::Valid; }
};

struct ReaderOptions {
  // Directory holding <model>.traineddata. Empty: $BORDERGATE_TESSDATA if set, else
  // defaultTessdataDir().
  std::string tessdataDir;
  std::string model = "mrz";
  // A second OCR model for the frames `model` does not read Valid: the whole read (both OCR
  // passes, retry, decode, gate, shapes, deblurring; on the candidates already located) is done
  // again with <tessdataDir>/<secondModel>.traineddata, under its own gate limits
  // (<secondModel>.gate), and its read replaces the first only when Valid. The shipped second model was trained with straight shakes at any
  // angle (tools/ocr-training, DEGRADE=motion): it reads motion-blurred frames the first
  // misreads, and loses some the first reads (docs/vision.md, "Twenty-second round"). A
  // directory without that file reads with `model` alone (the committed test models); empty:
  // never. MrzReader::secondModelLoaded() says which.
  std::string secondModel = "mrz-motion";
  // Single-frame acceptance of characters no check digit can prove (names, codes, sex,
  // alphanumeric fields): confidence >= minUnprovenConfidence, best alternative <=
  // maxUnprovenRunnerUp, and a second OCR pass over differently binarised line images must
  // read the same text. How often a character with a given runner-up is wrong depends on the
  // network, so these limits belong to the model: a value below 0 (the default) takes the one
  // in <model>.gate beside the .traineddata (lines "min_unproven_confidence 0.80" and
  // "max_unproven_runner_up 0.30"; '#' comments), and a model without that file gets the
  // conservative kDefaultMinUnprovenConfidence / kDefaultMaxUnprovenRunnerUp. A value >= 0 is
  // used as given. How a model's limits are chosen: docs/vision.md, "sixth round".
  static constexpr float kDefaultMinUnprovenConfidence = 0.80f;
  // The runner-up limit was 0.50 until trial networks made wrong reads both passes agreed on
  // with runner-ups of 0.25-0.30 (8 read as S in a document number, Y as T in a name).
  static constexpr float kDefaultMaxUnprovenRunnerUp = 0.20f;
  float minUnprovenConfidence = -1;
  float maxUnprovenRunnerUp = -1;
  bool verifyWithSecondPass = true;
  // A Valid read's characters that no check digit proves are compared with OCR-B's outlines
  // (ICAO 9303-3 §4.1.1); where another character their field admits fits a glyph clearly
  // better, the read is Uncertain and that character doubted. Off: the reader as before the
  // night of 5 Dec 2026 (docs/vision.md, "Nineteenth round").
  bool verifyShapes = true;
  // OCR-B's outlines settle three kinds of doubt when every doubted character's glyph fits its
  // read character clearly better than any other its field admits (ICAO 9303-3 §4.1.1): the
  // gate's unsure letters (low confidence, a strong runner-up; never a repaired character,
  // a competing reading or a glyph out of its slot), which then face the second OCR pass like
  // any other; a dispute between the two passes that the arbiter was allowed to settle and
  // did not; and, for a motion-deblurred read, such a dispute with the read that corroborates
  // it (the neighbourhood deconvolved with a shorter segment; 6 Dec 2026, "Twenty-first
  // round"). With verifyShapes, the same confirmation also spares a character the second OCR
  // pass (6 Dec 2026, "Twenty-fifth round"). Off: the reader as before the late night of 5 Dec
  // 2026 (docs/vision.md, "Twentieth round").
  bool settleWithShapes = true;
  // A frame that does not read Valid, with an MRZ-like candidate, is read once more after
  // deconvolving the straight motion blur measured around it (4-13 px; one more locate and
  // read of the candidate's neighbourhood; only a corroborated Valid read replaces the first).
  // Off: the reader as before 5 Dec 2026 (docs/vision.md, "Fifteenth round"); the blur is
  // still measured (ReadQuality::motionBlur, the "hold_still" hint).
  bool deblurMotion = true;
  // With deblurMotion: when the estimate's deconvolution reads a text that passes every check
  // but stays Uncertain, the neighbourhood deconvolved with a segment 1 px shorter is read
  // whole, and its Valid read, corroborated by the first pass 2 px shorter, replaces it. Off:
  // the reader as before the evening of 6 Dec 2026 (docs/vision.md, "Twenty-eighth round").
  bool deblurShorter = true;
  // A Valid read's 0s and Os that no check digit can tell apart (a set of them in a field that
  // admits both, whose swap passes every check: O = 24, 0 = 0 cancel at weights 7 and 3; any
  // one in a field no check digit covers) must each be told apart by the glyph's own pixels in
  // the frame (the 0-against-O model, vision/src/reader/zero_oh.h; a deblurred read's glyphs
  // are judged in the frame before deconvolution); where the model does not side clearly with
  // the read character, the read is Uncertain and that character doubted. Off: the reader as
  // before the late morning of 7 Dec 2026, which reported a document number OO9668604 read
  // 009668604 Valid (docs/vision.md, "Thirty-third round").
  bool verifyZeroOh = true;
  // At most this many located candidates are OCR'd per frame (bounds the cost of text pages).
  int maxCandidates = 3;
};

// Not thread-safe: use one MrzReader per thread (each owns a Tesseract instance per model it
// loaded; the second adds about 5 MB to a reading process, docs/vision.md "Twenty-second round").
class MrzReader {
 public:
  // Loads the OCR model and its gate limits; fails with NotFound (naming the path) when the
  // model is missing, InvalidData when its .gate file cannot be read or parsed.
  static Result<std::unique_ptr<MrzReader>> create(const ReaderOptions& options = {});
  ~MrzReader();
  MrzReader(const MrzReader&) = delete;
  MrzReader& operator=(const MrzReader&) = delete;

  // Reads one frame (Gray8 or Bgr8). Never throws; an empty or malformed frame is NotFound.
  MrzRead read(const Frame& frame);

  // The tessdata directory and model actually used.
  const std::string& tessdataDir() const;
  // Whether ReaderOptions::secondModel was found in that directory and is read with.
  bool secondModelLoaded() const;
  // The options in force: the gate limits resolved (never below 0), and where they came from
  // ("<dir>/<model>.gate", "defaults" or "options").
  const ReaderOptions& options() const;
  const std::string& gateSource() const;

 private:
  struct Impl;
  explicit MrzReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The default tessdata directory: vision/models of the shipped data (bordergate/core/data_dir.h:
// $BORDERGATE_DATA_DIR, else <source dir> for a program in its build tree, else the installed
// PREFIX/share/bordergate).
std::string defaultTessdataDir();

// Process-wide settings for a program that reads frames continuously (the kiosk, `bordergate
// read` and `bench vision`). Call once from main, before other threads start; reading works
// the same without them, only slower or on more threads.
//  - OpenCV's image work runs in the thread that calls MrzReader::read (cv::setNumThreads(1)).
//    Its TBB pool otherwise shared the connected components and warps of locating with a
//    second thread: a read then used more than the one thread it is given (the kiosk's UI
//    thread needs the other core), and the reading thread's CPU time, which `bench vision`
//    reports, left that share out. In one thread a read costs 6-8 ms (~12 %) more: the honest
//    one-thread figure (docs/vision.md, "Tenth round").
//  - glibc's malloc keeps up to 64 MB of freed memory for reuse. A read allocates and frees
//    several frame-sized buffers; by default the freed top of the heap went back to the kernel
//    and the next frame faulted every page in again: 216,000 page faults for 80 reads of the
//    committed sets against 11,500, ~5 ms of system time per read (perf stat). Peak resident
//    memory 130 -> 137 MB.
struct ReadingProcessSettings {
  bool imageWorkInCallingThread = false;
  bool freedMemoryKept = false;  // false without glibc's malloc (e.g. a sanitizer's allocator)
};
ReadingProcessSettings configureProcessForReading();

}  // namespace bordergate::vision
