// The ICAO 9303 MRZ text parser. Pure C++: no OpenCV or Tesseract, so rules/ and tools can
// use it on text alone.
//
// Contract: parse() never throws and never crashes, whatever the bytes or length; it always
// returns a record. A record is valid() only when the format is recognised, every field holds
// only the characters its specification allows, and every check digit passes. Character-set
// checks are part of validity because some OCR confusions keep a check digit right
// ('<' read as '0' in a numeric field, '6' read as 'G' in a code).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/date.h"
#include "bordergate/mrz/mrz_record.h"

namespace bordergate::mrz {

struct ParseOptions {
  // Reference date for century resolution: a birth date is never after it; an expiry date
  // is placed in the century that puts it nearest to it (so 2099 -> 2100 and 1899 work).
  Date today = todayUtc();
};

// Parses MRZ text: lines separated by '\n' (CRLF, surrounding spaces and blank lines are
// tolerated). Lower-case letters are NOT accepted silently: they are an error, because the
// MRZ alphabet has none and a lower-case read means the text did not come from an MRZ.
MrzRecord parse(std::string_view text, const ParseOptions& options = {});

// Same, on lines already split.
MrzRecord parseLines(const std::vector<std::string>& lines, const ParseOptions& options = {});

// The format implied by the number and length of lines and the document code, if any. Two
// lines of 36 opening "IDFRA" are the French national card unless line 2 holds a TD2's birth
// and expiry dates (digits where the card has given names): then TD2.
std::optional<Format> detectFormat(const std::vector<std::string>& lines);

}  // namespace bordergate::mrz
