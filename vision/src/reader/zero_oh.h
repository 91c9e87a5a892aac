// Zero or oh: tells OCR-B's digit 0 from its letter O by the glyph's own pixels, for the
// characters no check digit can tell apart. In OCR-B (ICAO 9303-3 §4.1.1) the letter O is an
// ellipse and the digit 0 a taller rounded rectangle with straight sides; their advance and
// ink width are the same. A document number or optional data field admits both, and their
// values (O = 24, 0 = 0, 9303-3 §4.9) make swaps at weights 7 and 3 (or 1, 1 and 3, or two
// opposite swaps at the same weight) leave every check digit, the composite one included,
// passing: held-out capture sequence camera-hard TD2 19566, document number OO9668604 read
// 009668604 at 0.99 with no alternative by both OCR passes and both models, Valid and wrong
// (docs/vision.md, "Thirty-second round"). 6 % of the sets' Valid reads hold such a set.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "bordergate/vision/mrz_reader.h"
#include "tess_engine.h"

namespace bordergate::vision {

// The cell a glyph is judged on: kZeroOhCellW x kZeroOhCellH samples of the line image around
// the glyph, a pitch and a fifth wide and 1.5 ink-band heights high, centred on the ink's
// centroid near the OCR's glyph centre and on the line's ink band; ink 1, paper 0 (the cell's
// own 5th and 98th percentiles of ink darkness), row by row.
inline constexpr int kZeroOhCellW = 28, kZeroOhCellH = 40;
using ZeroOhCell = std::array<float, kZeroOhCellW * kZeroOhCellH>;

// The geometry shared by the cells of one line (`line`: 8-bit grey, dark text on light, as the
// OCR read it; `glyphs`: that read, one centre per glyph). Empty when the line has no ink band
// or fewer than 10 glyph centres (linePitch).
struct ZeroOhLine {
  cv::Mat ink;  // CV_32F, 255 - grey
  double pitch = 0;
  int top = -1, bottom = -1;  // the ink band (inkBand of the Otsu binarisation)
};
std::optional<ZeroOhLine> zeroOhLine(const cv::Mat& line, const std::vector<OcrGlyph>& glyphs);

// The cell of glyph `i` of `glyphs` (ZeroOhCell); empty when it has no centre or its cell
// holds no contrast.
std::optional<ZeroOhCell> zeroOhCell(const ZeroOhLine& line, const std::vector<OcrGlyph>& glyphs, std::size_t i);

// How much more the cell looks like O than 0: the log-odds of a logistic model trained on
// the reader's own cells of labelled synthetic documents (tools/zero-oh/train.py; weights in
// zero_oh_weights.inc). > 0: O, < 0: 0.
float zeroOhLogit(const ZeroOhCell& cell);

// The positions (per line, per position of `read`, a read that passes every check) holding a
// 0 or an O in a field that admits both (fieldCharacters) and belonging to a set of such
// positions whose swap (0 <-> O at each) still passes every check: the characters only the
// glyphs can prove (any one in a field no check digit covers: a visa's optional data). At
// most kZeroOhMaxPositions such characters are weighed together (2^10 parses at most); a read
// with more has every one marked.
inline constexpr std::size_t kZeroOhMaxPositions = 10;
std::vector<std::vector<bool>> zeroOhAmbiguous(const MrzRead& read);

// Whether the cell's log-odds side with the character read there ('0' or 'O') by at least
// kZeroOhMinSupport: one more than the margin the held-out figures are given at
// (tools/zero-oh/README.md: below 2, 2.2-2.6 % of the right cells; beyond 2 on the wrong side,
// 7 of 3,119 cells), since frames of one document err alike (docs/vision.md, "Thirty-third
// round").
inline constexpr float kZeroOhMinSupport = 3.0f;
bool zeroOhSupports(char read, float logit);

}  // namespace bordergate::vision
