// Glyph shapes: how well the OCR-B outline of each character a field admits fits a glyph of a
// line image. An opinion independent of the LSTM, which at times reads a plain glyph as
// another letter with full confidence in every rendering: held-out camera-hard frames with a
// 2-5 px shake, FATMA read YATMA and YUSUF read YUSUY (confidence 0.98-0.99, both OCR passes),
// a TD1 document code AC read AL. No check digit covers names or codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "tess_engine.h"

namespace bordergate::vision {

// A line's character pitch: the slope of a least-squares line through the glyph centres
// (OcrGlyph::x) by position. 0 when fewer than 10 glyphs have a centre.
double linePitch(const std::vector<OcrGlyph>& glyphs);

// One glyph's fit: the best normalised correlation (-1..1) of the read character's template,
// and of the best-fitting other character the field admits (rival '?' and score -2: none).
struct ShapeFit {
  char read = '?';
  float readScore = 0;
  char rival = '?';
  float rivalScore = -2;
};

// For each position i of `text` (one MRZ line read from `line`: 8-bit grey, dark text on
// light, the glyph centres in `glyphs`) where rivals[i] is not empty and glyphs[i].x >= 0:
// the fit of the glyph there to the OCR-B template (ICAO 9303-3 §4.1.1: the MRZ is printed in
// OCR-B) of text[i] and of each character in rivals[i]. The templates are scaled to the
// line's pitch (a least-squares line through the glyph centres: OCR-B's advance is its cap
// height, about), centred on the line's ink band, and slid a sixth of a pitch either way at
// five scales within 8 % of the pitch's. Other positions are empty; so is every position when
// `glyphs`, `text` and `rivals` differ in length (the decode resized a filler run: positions
// do not map onto glyphs; not seen on a Valid read of the sets) or the line has fewer than
// 10 glyph centres or no ink band.
std::vector<std::optional<ShapeFit>> fitShapes(const cv::Mat& line, const std::vector<OcrGlyph>& glyphs,
                                               const std::string& text, const std::vector<std::string_view>& rivals);

// Whether the glyph's shape refutes its read: a rival fits it well (kMinRivalFit) and better
// than the read character by kMargin, by kRoundMargin between the round shapes 0 D O Q (they
// differ in a corner or a tail, which blur rounds off). Never 0 against O: OCR-B tells them
// apart by proportions only (0 narrower and taller), which the scale search absorbs (held-out
// capture frames: a visa's optional-data 0 fitted O better by 0.11-0.14). Chosen on 2,146
// images of every synthetic set and images-real plus 600 held-out camera-hard frames with a
// 2-5 px shake (docs/vision.md, "Nineteenth round"): the three wrong letters above had margins
// 0.09-0.18 with rivals fitting 0.86-0.89; no right letter of a Valid read there reached these
// limits (the closest: 0.057).
inline constexpr float kMinRivalFit = 0.80f, kMargin = 0.06f, kRoundMargin = 0.10f;
bool shapeRefutes(const ShapeFit& fit);

// Whether the glyph's shape confirms its read: the read character fits well (kMinRivalFit) and
// better by kConfirmMargin than every other character its field admits (`admitted`; `fit`
// measured against them: the best of those the coarse search refines, fitShapes). Never for a
// 0 or an O where the field admits the other (shapeRefutes). A second opinion, independent of
// the LSTM, for a doubt the OCR's own figures leave open (MrzReader: a letter the gate found
// unsure, a letter two renderings read differently). Chosen on 2,846 images of every synthetic
// set and images-real (docs/vision.md, "Twentieth round"): of 320 doubted characters read
// wrong, the closest fitted better than its rivals by 0.074; 0.10 keeps a margin over that,
// as kRoundMargin does among the round shapes.
inline constexpr float kConfirmMargin = 0.10f;
bool shapeConfirms(const ShapeFit& fit, std::string_view admitted);

// The positions a second OCR pass must still read (MrzReader's second look; `look`, per line
// and position, as secondLookPositions marks them), less those whose glyph OCR-B's outlines
// confirm (shapeConfirms against `admitted`, the field's characters at that position; `fits`
// measured against the characters the shape check weighs, shapeRivals): an opinion
// independent of the LSTM that already tells the read character from every rival the check
// digits leave open. Positions without a fit stay marked. Of 320 doubted characters read
// wrong on the sets, none was confirmed ("Twentieth round"); sparing them let no wrong read
// through on all 2,986 images, with the shipped models or two weaker probe models
// (docs/vision.md, "Twenty-fifth round").
void spareConfirmed(std::vector<std::vector<bool>>& look, const std::vector<std::vector<std::optional<ShapeFit>>>& fits,
                    const std::vector<std::vector<std::string_view>>& admitted);

}  // namespace bordergate::vision
