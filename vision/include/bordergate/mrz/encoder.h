// The MRZ encoder: fields -> MRZ lines, with 9303-3 transliteration and name truncation.
// Round-trips with parse(): encode(fields) then parse() yields the same fields (names in
// their transliterated, possibly truncated, form).
#pragma once

#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/mrz/mrz_record.h"

namespace bordergate::mrz {

struct MrzFields {
  Format format = Format::TD3;
  std::string documentCode = "P";  // 1-2 letters; padded with '<'
  std::string issuingState;        // 1-3 letters
  std::string surname;             // UTF-8; transliterated per 9303-3 §6
  std::string givenNames;          // UTF-8, space separated
  std::string documentNumber;      // up to 9 characters; TD1/TD2 allow longer (overflow)
  std::string nationality;         // 1-3 letters
  std::string birthDate;           // "YYYY-MM-DD", or "YYYY-??-??"-style unknowns as "YYMMDD" raw with '<'
  char sex = '<';                  // 'F', 'M', 'X' or '<'
  std::string expiryDate;          // "YYYY-MM-DD" or 6-char raw
  std::string optionalData;        // TD3: personal number; TD1: line-1 optional data; others: optional data
  std::string optionalData2;       // TD1 only: line-2 optional data
};

// Encodes the fields. Fails with InvalidArgument, naming the field, when a value cannot be
// represented (a too-long code, a date that is neither ISO nor 6 MRZ characters, a document
// number longer than the format allows).
Result<std::vector<std::string>> encode(const MrzFields& fields);

// Builds the name field of `width` characters: SURNAME<<GIVEN<NAMES, truncated per
// 9303-3 §4.6 when it does not fit. `truncated` is set when characters were dropped.
std::string encodeName(std::string_view surname, std::string_view givenNames, std::size_t width,
                       bool* truncated = nullptr);

}  // namespace bordergate::mrz
