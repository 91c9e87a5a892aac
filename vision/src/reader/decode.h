// Decode stage: OCR'd lines -> MRZ text, repaired only where check digits and character sets
// prove the repair, then gated on confidence (issue #3, "A wrong MRZ must never be reported
// as valid").
#pragma once

#include <vector>

#include "bordergate/vision/mrz_reader.h"
#include "tess_engine.h"

namespace bordergate::vision {

// Turns 2 or 3 OCR'd lines (top to bottom) into a read. status is Unreadable when the text
// cannot be made into a valid MRZ, Uncertain when it is valid but relies on something no
// check digit proves, Valid otherwise. Quality is left for the caller.
// An unproven character (classes A, S, X) passes the gate when its confidence is at least
// `minUnprovenConfidence` and its best alternative's confidence at most `maxUnprovenRunnerUp`.
MrzRead decodeLines(const std::vector<std::vector<OcrGlyph>>& lines, float minUnprovenConfidence,
                    float maxUnprovenRunnerUp = 1.0f);

// Whether a second OCR pass over differently rendered line images corroborates `first` (a
// Valid read): the same text, or a second text that fails its own check digits and differs
// only at positions `first` has proven by a check digit, each by a character of another
// residue mod 10 (so that check digit tells the two apart). Names and other unproven
// characters must be identical.
bool secondPassAgrees(const MrzRead& first, const MrzRead& second);

}  // namespace bordergate::vision
