// TessEngine: the one adapter around libtesseract (raw char* ownership, string-typed
// parameters). The rest of the reader sees std::string, cv::Mat and Result values.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "bordergate/core/result.h"

namespace tesseract {
class TessBaseAPI;
}

namespace bordergate::vision {

// One recognised glyph: best character, confidence 0..1, and the LSTM's alternatives
// (character, confidence 0..1), best first, excluding `value`.
struct OcrGlyph {
  char value = '?';
  float confidence = 0;
  std::vector<std::pair<char, float>> alternatives;
  float x = -1;  // horizontal centre of the glyph in the line image (px); < 0 when unknown
};

// Tesseract's LSTM boxes a line's last glyph from its first column to the right edge of the
// image at times (images-real arg-id-lithuania: the final check digit boxed [762, 812] in an
// 812 px line, its ink about 762-782); a first glyph boxed from column 0 is treated alike (not
// seen on the sets: the same artefact at the other end). A centre taken from such a box lies
// up to half a pitch past the ink, and decode's slot test (monospace OCR-B, 9303-3 §4.1.1)
// takes it for an inserted or dropped glyph. An end glyph whose box reaches the image's edge
// and is over 1.5 times the line's median box width is centred from its inner edge instead,
// by half that median width. `boxes` holds each glyph's (left, right) in `glyphs` order
// ((-1, -1): no box); `width` is the line image's width.
void centreEdgeGlyphs(std::vector<OcrGlyph>& glyphs, const std::vector<std::pair<int, int>>& boxes, int width);

// A line's pitch: the median step between consecutive glyphs whose centres are known (OCR-B
// in an MRZ is monospaced), and how many such steps there are; {0, 0} when there are none.
// The upper median (element size / 2), as decode's slot test and filler fitting use it.
struct GlyphPitch {
  double step = 0;
  std::size_t steps = 0;
};
GlyphPitch medianPitch(const std::vector<OcrGlyph>& glyphs);

// The LSTM at times emits one printed glyph twice (CTC: two labels over the glyph's time
// steps, e.g. held-out camera-easy TD3 1052, the document number's first O read "0O", centres
// 8.5 px apart at a 29 px pitch). OCR-B in an MRZ is monospaced (2.54 mm pitch, 9303-3
// §4.1.1), so two glyph centres less than half a pitch apart are one glyph: they are merged
// into the more confident read, which keeps the other as an alternative at its confidence (the
// gate doubts it where no check digit decides), centred between the two. The pitch is the
// median step between consecutive known centres; glyphs without a centre are left alone.
// With `keepDisputes`, two different reads of one glyph are left as read and only a glyph
// read twice alike is merged: for the passes that only compare text (the second look, the
// arbiter, a deblurred read's check), which have no alternatives to keep the other read in
// and must not corroborate a letter they also read otherwise. Returns the number of merges.
int mergeDoubleReads(std::vector<OcrGlyph>& glyphs, bool keepDisputes = false);

class TessEngine {
 public:
  // Loads <dir>/<model>.traineddata (LSTM only) restricted to the MRZ alphabet A-Z 0-9 <.
  static Result<std::unique_ptr<TessEngine>> open(const std::string& dir, const std::string& model);
  ~TessEngine();

  // Recognises one text line (8-bit grey, dark text on light). Characters outside the MRZ
  // alphabet are dropped. With `alternatives` false the glyphs carry no alternatives (a
  // cheaper recognition, for passes that only compare text). Runs in the calling thread.
  // Never throws.
  std::vector<OcrGlyph> readLine(const cv::Mat& gray, bool alternatives = true);

 private:
  explicit TessEngine(std::unique_ptr<tesseract::TessBaseAPI> api);
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

}  // namespace bordergate::vision
