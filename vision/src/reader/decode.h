// Decode stage: OCR'd lines -> MRZ text, repaired only where check digits and character sets
// prove the repair, then gated on confidence (issue #3, "A wrong MRZ must never be reported
// as valid").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/vision/mrz_reader.h"
#include "tess_engine.h"

namespace bordergate::vision {

// Turns 2 or 3 OCR'd lines (top to bottom) into a read. status is Unreadable when the text
// cannot be made into a valid MRZ, Uncertain when it is valid but relies on something no
// check digit proves, names an issuing state or nationality outside the code list
// (UNKNOWN_STATE_CODE) or starts with a document code the format does not allow
// (UNEXPECTED_DOCUMENT_CODE), Valid otherwise. Quality is left for the caller.
// An unproven character (classes A, S, X) passes the gate when its confidence is at least
// `minUnprovenConfidence` and its best alternative's confidence at most `maxUnprovenRunnerUp`.
// A digit or check digit is proven by its check digit unless its best alternative is above
// `maxUnprovenRunnerUp` (two digit errors in one field can cancel; a strong doubt makes the
// read Uncertain). `settled` (per line, per position; empty: none) lifts those two tests where
// another opinion has settled the character (MrzReader: OCR-B's outlines); a settled
// character stays unproven, and a repair, a competing reading or a glyph out of its slot still
// doubts it.
MrzRead decodeLines(const std::vector<std::vector<OcrGlyph>>& lines, float minUnprovenConfidence,
                    float maxUnprovenRunnerUp = 1.0f, const std::vector<std::vector<bool>>& settled = {});

// Whether a second OCR pass over differently rendered line images corroborates `first` (a
// Valid read): the same text, or a second text that fails its own check digits and differs
// only at positions `first` has proven by a check digit, each by a character of another
// residue mod 10 (so that check digit tells the two apart). Names and other unproven
// characters must be identical.
bool secondPassAgrees(const MrzRead& first, const MrzRead& second);

// Whether a third rendering may settle the dispute between `first` (a Valid read) and
// `second` (a second pass that did not corroborate it, secondPassAgrees): they differ, and no
// check digit whose field or digit holds a difference passes on `second` (a line of another
// length puts all its positions in dispute and passes nothing). Differences where no check
// reaches (names, codes, sex, optional data no check covers) are the usual dispute: a
// binarisation that turns blurred ink into another letter. A second text that passes a check
// the dispute touches is a competing reading: either text fits the checks, the renderings of
// one frame share such errors (O/0 at weights 7 and 3 cancel, a trial model read OO92668380 as
// 0092668380 in the first pass and in a third rendering), and no vote of renderings settles it.
bool arbiterMaySettle(const MrzRead& first, const MrzRead& second);

// Whether the OCR's glyphs a read was decoded from (`glyphs`, one line per line of `read`,
// which passes every check) hold a competing reading of it: two substitutions the OCR listed,
// each at least 0.05 and of a character its field admits, at positions some check covers,
// that together pass every check (decodeLines, step 4; O->0 twice at weights 7 and 3). False
// when the glyphs do not line up with the read's lines (a filler run the decode resized).
bool hasCompetingReading(const MrzRead& read, const std::vector<std::vector<OcrGlyph>>& glyphs);

// Marks as doubted (MrzChar::doubted) the characters of `first` that a pass which did not
// corroborate it (`second`) read otherwise: per position where a line has the same length in
// both, and every unproven character of a line whose length differs (the positions do not
// line up).
void markDisagreement(MrzRead& first, const MrzRead& second);

// Which positions (per line of `first`, a Valid read) the second OCR pass must read again:
// every character no check digit proves (names, codes, sex, optional data no check covers);
// every letter and digit of a checked alphanumeric field (document number, optional data):
// each has substitutes of the same residue mod 10 (P/F, 6/G, 8/S, ...) its check digit cannot
// tell apart; and every proven one the first pass was unsure of (repaired, confidence
// below `minUnprovenConfidence`, an allowed alternative above `maxUnprovenRunnerUp`: a check
// digit pins down a single wrong character, not two that cancel out, and a doubted character
// is the likeliest partner of such a pair; it also covers the different-residue doubts the
// gate lets pass). The others are digits of dates, check digits, the fillers of checked
// fields and a line's trailing run of fillers (the end of the names, empty optional data),
// all read without doubt. Every position when the format is not one of decode's layouts.
std::vector<std::vector<bool>> secondLookPositions(const MrzRead& first, float minUnprovenConfidence,
                                                   float maxUnprovenRunnerUp);

// For an Uncertain `read` of `lineCount` OCR'd lines: which lines hold a character the
// confidence gate refused (decodeLines, with the same limits); every line when no character
// is to blame (a glyph out of its slot, a format without a layout) or the read is not
// Uncertain (an Unreadable read may carry no characters at all). A line without such a
// character already passes the gate: reading it again cannot make the read Valid.
std::vector<bool> linesTheGateRefused(const MrzRead& read, std::size_t lineCount, float minUnprovenConfidence,
                                      float maxUnprovenRunnerUp);

// The characters each position of `read`'s lines may hold, by its field's class (ICAO 9303
// parts 4-7 field layouts): letters and '<' in names and codes, digits and '<' in dates and
// check digits, F M X < for sex, all 37 in alphanumeric fields. Empty lines when the read's
// format has no layout here (a miscounted line, no format).
std::vector<std::vector<std::string_view>> fieldCharacters(const MrzRead& read);

// The characters OCR-B's outlines weigh each character of `read` against (glyph_shapes.h,
// the reader's shape refutation), per line and position: for a character no check digit
// proves (MrzChar::proven), every other its field admits (fieldCharacters); for a proven one,
// the others its field admits with the same residue mod 10 (ICAO 9303-3 §4.9: 0 A K U <,
// 5 F P Z, 8 S, ...), which its check digit cannot tell from it: a confident K for a printed
// A passes the check (also the shape check's rivals, and so what spareConfirmed confirms
// against). Empty where there is nothing to weigh: digits of a date but 0 (no other
// character a date admits shares their residue; '<' shares 0's), a line's trailing run of
// fillers (1 letter in 21,195 such fillers, docs/vision.md "Nineteenth round"), lines whose
// characters or layout are missing.
std::vector<std::vector<std::string>> shapeRivals(const MrzRead& read);

// The second pass's glyphs for a whole line of which only the `count` positions from `begin`
// were read again (`crop`): the crop's characters there, `firstLine`'s elsewhere (positions
// secondLookPositions leaves out, taken as read). Empty when `crop` does not hold exactly
// `count` glyphs (an inserted or dropped glyph: the caller reads the whole line instead).
std::vector<OcrGlyph> spliceSecondLook(const std::string& firstLine, std::size_t begin, std::size_t count,
                                       const std::vector<OcrGlyph>& crop);

}  // namespace bordergate::vision
