// MrzRecord: everything read from a machine readable zone, as a value.
// Field layout references are to ICAO Doc 9303, 8th edition (2021): Part 3 (common
// specifications), Part 4 (TD3/MRP), Part 5 (TD1), Part 6 (TD2), Part 7 (MRV-A/MRV-B).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/date.h"

namespace bordergate::mrz {

enum class Format {
  TD1,    // 3 x 30, ID cards (9303-5)
  TD2,    // 2 x 36, ID cards / official travel documents (9303-6)
  TD3,    // 2 x 44, passports (9303-4)
  MRVA,   // 2 x 44, visa type A (9303-7 §4.2)
  MRVB,   // 2 x 36, visa type B (9303-7 §4.3)
  FraId,  // 2 x 36, French national ID card 1988-2021 ("IDFRA"; national layout, not 9303)
};

// "TD1", "TD2", "TD3", "MRVA", "MRVB", "FRA_ID" (the CLI's JSON spelling).
std::string_view formatName(Format f);
int lineCount(Format f);
int lineLength(Format f);

// A YYMMDD date field. 9303-3 §4.4 allows unknown month/day to be filled with '<'.
struct MrzDate {
  std::string raw;            // the six characters as printed
  std::optional<int> year;    // four-digit year after century resolution
  std::optional<int> month;   // nullopt when unknown ('<<')
  std::optional<int> day;     // nullopt when unknown ('<<')

  // The full date when year, month and day are known and form a real calendar day.
  std::optional<Date> date() const;
};

// One check digit (9303-3 §4.9, weights 7-3-1). `name` is stable and used as a JSON key:
// document_number, birth_date, expiry_date, personal_number, optional_data, composite.
struct CheckDigit {
  std::string name;
  char found = '<';     // character printed in the check-digit position
  char expected = '<';  // digit computed from the field ('<' when it cannot be computed)
  bool passed = false;
};

// A problem a person can act on: `code` is stable (e.g. "CHECK_DIGIT", "CHARSET", "LENGTH"),
// `message` is for people ("check digit of document number is 3, expected 6").
struct Diagnostic {
  std::string code;
  std::string message;
};

struct MrzRecord {
  std::optional<Format> format;     // nullopt when the text is not a recognisable MRZ
  std::vector<std::string> lines;   // the normalised lines that were parsed

  std::string documentCode;         // e.g. "P", "PO", "I", "ID", "V", "AC" (fillers removed)
  std::string issuingState;         // e.g. "TUR", "D", "UTO" (fillers removed)
  std::string surname;              // primary identifier; components separated by one space
  std::string givenNames;           // secondary identifier; names separated by one space
  bool nameTruncated = false;       // the name field is full: the name may have been cut (9303-3 §4.6)
  std::string documentNumber;       // complete number, including a TD1/TD2 overflow
  std::string nationality;          // e.g. "TUR", "D" (fillers removed)
  MrzDate birthDate;
  MrzDate expiryDate;
  char sex = 'X';                   // 'F', 'M' or 'X' (unspecified, printed '<' or 'X')
  std::string optionalData;         // optional data elements, fillers trimmed (TD1: line 1 and 2 joined by a space when both present)
  std::string personalNumber;       // TD3 personal number field (fillers trimmed); empty elsewhere
  std::optional<std::string> turkishIdNumber;  // 11-digit T.C. kimlik no. found in optional/personal data
  bool turkishIdNumberValid = false;           // its own checksum holds

  std::vector<CheckDigit> checks;
  std::vector<Diagnostic> warnings;  // do not make the record invalid (e.g. unknown country code)
  std::vector<Diagnostic> errors;    // any error makes the record invalid

  // Structure, character sets and every check digit pass.
  bool valid() const { return format.has_value() && errors.empty(); }

  // The named check, or nullptr if this format has none of that name.
  const CheckDigit* check(std::string_view name) const;
};

}  // namespace bordergate::mrz
