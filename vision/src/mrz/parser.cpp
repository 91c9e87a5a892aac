// ICAO 9303 MRZ parser: TD1, TD2, TD3, MRV-A, MRV-B and the French national ID card.
// Field positions are quoted from Doc 9303 (8th ed., 2021) Part 4 §4.2.2 (TD3), Part 5 §4.2.2
// (TD1), Part 6 §4.2.2 (TD2), Part 7 §4.2.2 (MRV-A) and §4.3.2 (MRV-B).
#include "bordergate/mrz/parser.h"

#include <algorithm>
#include <cstdlib>

#include "bordergate/core/text.h"
#include "bordergate/mrz/check_digit.h"
#include "bordergate/mrz/countries.h"
#include "bordergate/mrz/turkish_id.h"

namespace bordergate::mrz {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return c >= 'A' && c <= 'Z'; }

std::string trimFillers(std::string_view s) {
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  while (!s.empty() && s.front() == '<') s.remove_prefix(1);
  return std::string(s);
}

// Describes a character for messages: 'a', or U+00E7 for non-printable/non-ASCII bytes.
std::string describeChar(unsigned char c) {
  if (c >= 0x21 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

// Accumulates the record while the fields are read.
class RecordBuilder {
 public:
  RecordBuilder(MrzRecord& r, const ParseOptions& o) : r_(r), opt_(o) {}

  void error(std::string code, std::string message) { r_.errors.push_back({std::move(code), std::move(message)}); }
  void warning(std::string code, std::string message) { r_.warnings.push_back({std::move(code), std::move(message)}); }

  // A check digit over `data` printed as `found`. `fillerAllowed`: '<' is accepted as the
  // check digit of an all-filler field (9303-4 §4.2.2 note on the personal number).
  void check(const std::string& name, const std::string& label, std::string_view data, char found,
             bool fillerAllowed = false) {
    CheckDigit cd;
    cd.name = name;
    cd.found = found;
    const auto expected = computeCheckDigit(data);
    cd.expected = expected.value_or('<');
    const bool allFiller = std::all_of(data.begin(), data.end(), [](char c) { return c == '<'; });
    if (fillerAllowed && allFiller && (found == '<' || found == '0')) {
      cd.passed = true;
    } else if (!expected) {
      cd.passed = false;
      error("CHECK_DIGIT", "check digit of " + label + " cannot be computed: the field holds characters outside the MRZ alphabet");
    } else if (!isDigit(found)) {
      cd.passed = false;
      error("CHECK_DIGIT", "check digit of " + label + " is " + describeChar(static_cast<unsigned char>(found)) +
                               ", expected the digit " + std::string(1, *expected));
    } else {
      cd.passed = found == *expected;
      if (!cd.passed)
        error("CHECK_DIGIT", "check digit of " + label + " is " + std::string(1, found) + ", expected " +
                                 std::string(1, *expected));
    }
    r_.checks.push_back(cd);
  }

  // Document code (9303-3 §4.2.2): a letter, then a letter or filler.
  void documentCode(std::string_view raw) {
    r_.documentCode = trimFillers(raw);
    if (raw.size() != 2 || !isLetter(raw[0]) || !(isLetter(raw[1]) || raw[1] == '<'))
      error("CHARSET", "document code '" + std::string(raw) + "' must be a letter followed by a letter or '<'");
  }

  // Issuing state / nationality: 1-3 letters then fillers (9303-3 §5).
  std::string countryCode(std::string_view raw, const std::string& label) {
    std::string code = trimFillers(raw);
    bool ok = !raw.empty() && isLetter(raw[0]);
    bool seenFiller = false;
    for (char c : raw) {
      if (c == '<') seenFiller = true;
      else if (!isLetter(c) || seenFiller) ok = false;
    }
    if (!ok) {
      error("CHARSET", label + " '" + std::string(raw) + "' must be letters (a 3-letter code, or 'D<<')");
    } else if (!countryName(code)) {
      warning("UNKNOWN_CODE", label + " '" + code + "' is not a known ISO 3166-1 or ICAO code");
    }
    return code;
  }

  // Name field (9303-3 §4.6): primary and secondary identifiers separated by "<<". `oneField`:
  // both in one field, as 9303 lays them out (the French ID has two fields, joined by "<<").
  void name(std::string_view raw, bool oneField = true) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (!isLetter(raw[i]) && raw[i] != '<') {
        error("CHARSET", "name field holds " + describeChar(static_cast<unsigned char>(raw[i])) + " at position " +
                             std::to_string(i + 1) + ": names hold letters and '<' only");
        break;
      }
    }
    if (raw.empty() || raw[0] == '<') error("FORMAT", "name field must begin with the primary identifier (a letter)");
    r_.nameTruncated = !raw.empty() && raw.back() != '<';
    if (r_.nameTruncated)
      warning("NAME_TRUNCATED", "the name fills its field and may be truncated (9303-3 §4.6): compare with the visual zone");
    std::string_view primary = raw, secondary;
    if (auto sep = raw.find("<<"); sep != std::string_view::npos) {
      primary = raw.substr(0, sep);
      secondary = raw.substr(sep + 2);
    }
    // After the "<<" separator the secondary identifier's components are separated by single
    // fillers and the rest of the field is filler (9303-3 §4.6). A letter after a run of two or
    // more fillers there, or after a filler opening it, is no layout 9303 allows: from a camera
    // it is far likelier a misread in the filler run (a trial model read ZOE<<<<<<<<T<<<).
    const std::size_t run = secondary.empty() || secondary[0] != '<' ? secondary.find("<<") : 0;
    if (oneField && run != std::string_view::npos && secondary.find_first_not_of('<', run) != std::string_view::npos)
      warning("NAME_LAYOUT", "the name field holds letters after the end of the names (9303-3 §4.6)");
    r_.surname = components(primary);
    r_.givenNames = components(secondary);
  }

  // Document number (9303-3 §4.2.2): alphanumerics, fillers only at the end.
  void documentNumberChars(std::string_view raw, const std::string& label) {
    bool seenFiller = false;
    for (char c : raw) {
      if (c == '<') {
        seenFiller = true;
      } else if (!isDigit(c) && !isLetter(c)) {
        error("CHARSET", label + " holds " + describeChar(static_cast<unsigned char>(c)) + ": only A-Z and 0-9");
        return;
      } else if (seenFiller) {
        error("CHARSET", label + " '" + std::string(raw) + "' has a '<' inside it: fillers may only follow the number");
        return;
      }
    }
    if (trimFillers(raw).empty()) error("FORMAT", label + " is empty");
  }

  // A YYMMDD date. Birth dates may have '<<' for unknown month and/or day (9303-3 §4.4).
  MrzDate date(std::string_view raw, const std::string& label, bool birth) {
    MrzDate d;
    d.raw = std::string(raw);
    auto two = [&](std::size_t pos) -> std::optional<int> {
      if (isDigit(raw[pos]) && isDigit(raw[pos + 1])) return (raw[pos] - '0') * 10 + (raw[pos + 1] - '0');
      return std::nullopt;
    };
    const auto yy = two(0), mm = two(2), dd = two(4);
    const bool unknownMonth = raw[2] == '<' && raw[3] == '<';
    const bool unknownDay = raw[4] == '<' && raw[5] == '<';
    if (!yy || (!mm && !(birth && unknownMonth)) || (!dd && !(birth && unknownDay))) {
      error("CHARSET", label + " '" + d.raw + "' must be six digits (YYMMDD)" +
                           (birth ? std::string(", or '<<' for an unknown month or day") : std::string()));
      return d;
    }
    if (mm && (*mm < 1 || *mm > 12)) {
      error("DATE", label + " '" + d.raw + "' has month " + std::to_string(*mm) + ", which does not exist");
      return d;
    }
    if (dd && (*dd < 1 || *dd > 31)) {
      error("DATE", label + " '" + d.raw + "' has day " + std::to_string(*dd) + ", which does not exist");
      return d;
    }
    d.month = mm;
    d.day = dd;
    const int refYear = opt_.today.year;
    if (birth) {
      // The latest century that does not put the birth date after the reference date.
      int year = (refYear / 100) * 100 + *yy;
      const int m = mm.value_or(1), dday = dd.value_or(1);
      while (Date{year, m, 1} > opt_.today || (Date::isValid(year, m, dday) && Date{year, m, dday} > opt_.today)) year -= 100;
      d.year = year;
    } else {
      // The century that puts the expiry nearest to the reference date (ties: later).
      int best = 0;
      long bestDistance = -1;
      for (int c = refYear / 100 - 1; c <= refYear / 100 + 1; ++c) {
        const int year = c * 100 + *yy;
        const long distance = std::labs(static_cast<long>(year) - refYear);
        if (bestDistance < 0 || distance <= bestDistance) { best = year; bestDistance = distance; }
      }
      d.year = best;
    }
    if (mm && dd && !Date::isValid(*d.year, *mm, *dd)) {
      error("DATE", label + " '" + d.raw + "' is not a calendar day (" + std::to_string(*d.year) + "-" +
                        std::to_string(*mm) + "-" + std::to_string(*dd) + ")");
    }
    return d;
  }

  // Sex (9303-3 §4.7 as amended): F, M, X, or '<' for unspecified.
  void sex(char c) {
    if (c == 'F' || c == 'M' || c == 'X') r_.sex = c;
    else if (c == '<') r_.sex = 'X';
    else error("CHARSET", "sex is " + describeChar(static_cast<unsigned char>(c)) + ": must be F, M, X or '<'");
  }

  // Optional data: alphanumerics and fillers.
  void optionalChars(std::string_view raw, const std::string& label) {
    for (char c : raw) {
      if (!isDigit(c) && !isLetter(c) && c != '<') {
        error("CHARSET", label + " holds " + describeChar(static_cast<unsigned char>(c)) + ": only A-Z, 0-9 and '<'");
        return;
      }
    }
  }

  void turkishId(std::string_view field) {
    if (r_.nationality != "TUR" && r_.issuingState != "TUR") return;
    auto id = findTurkishIdNumber(field);
    if (!id) return;
    r_.turkishIdNumber = *id;
    r_.turkishIdNumberValid = isValidTurkishIdNumber(*id);
    if (!r_.turkishIdNumberValid)
      warning("TC_ID_CHECKSUM", "T.C. identity number " + *id + " fails its own checksum: inspect the document");
  }

 private:
  static std::string components(std::string_view part) {
    std::string out;
    for (const auto& piece : text::split(part, '<')) {
      if (piece.empty()) continue;
      if (!out.empty()) out += ' ';
      out += piece;
    }
    return out;
  }

  MrzRecord& r_;
  const ParseOptions& opt_;
};

std::string sub(const std::string& s, std::size_t pos, std::size_t len) { return s.substr(pos, len); }

// Document number with the 9303-5 §4.2.4 note j / 9303-6 overflow: when the number is longer
// than 9 characters, its check-digit position holds '<' and the optional data field starts
// with the remaining characters followed by the check digit.
// Returns the optional data left after the overflow.
std::string documentNumberWithOverflow(RecordBuilder& b, MrzRecord& r, const std::string& number9, char checkPos,
                                       const std::string& optional) {
  if (checkPos == '<' && !optional.empty() && optional[0] != '<') {
    const auto end = optional.find('<');
    const std::size_t len = end == std::string::npos ? optional.size() : end;
    if (len < 2) {
      b.error("FORMAT", "document number overflow in the optional data is too short to hold its check digit");
      r.documentNumber = trimFillers(number9);
      return trimFillers(optional);
    }
    const std::string extension = optional.substr(0, len - 1);
    const std::string full = number9 + extension;
    b.documentNumberChars(full, "document number");
    r.documentNumber = full;
    b.check("document_number", "document number", full, optional[len - 1]);
    return trimFillers(optional.substr(len));
  }
  b.documentNumberChars(number9, "document number");
  r.documentNumber = trimFillers(number9);
  b.check("document_number", "document number", number9, checkPos);
  return trimFillers(optional);
}

void parseTd3OrMrva(RecordBuilder& b, MrzRecord& r, bool visa) {
  const std::string& l1 = r.lines[0];
  const std::string& l2 = r.lines[1];
  b.documentCode(sub(l1, 0, 2));
  r.issuingState = b.countryCode(sub(l1, 2, 3), "issuing state");
  b.name(sub(l1, 5, 39));
  b.documentNumberChars(sub(l2, 0, 9), "document number");
  r.documentNumber = trimFillers(sub(l2, 0, 9));
  b.check("document_number", "document number", sub(l2, 0, 9), l2[9]);
  r.nationality = b.countryCode(sub(l2, 10, 3), "nationality");
  r.birthDate = b.date(sub(l2, 13, 6), "birth date", true);
  b.check("birth_date", "birth date", sub(l2, 13, 6), l2[19]);
  b.sex(l2[20]);
  r.expiryDate = b.date(sub(l2, 21, 6), "expiry date", false);
  b.check("expiry_date", "expiry date", sub(l2, 21, 6), l2[27]);
  if (visa) {
    // MRV-A (9303-7 §4.2.2): optional data 29-44, no further check digits.
    b.optionalChars(sub(l2, 28, 16), "optional data");
    r.optionalData = trimFillers(sub(l2, 28, 16));
    if (r.documentCode.empty() || r.documentCode[0] != 'V')
      b.warning("DOCUMENT_CODE", "a visa's document code should start with 'V'");
  } else {
    b.optionalChars(sub(l2, 28, 14), "personal number");
    r.personalNumber = trimFillers(sub(l2, 28, 14));
    b.check("personal_number", "personal number", sub(l2, 28, 14), l2[42], /*fillerAllowed=*/true);
    b.check("composite", "composite (line 2)", sub(l2, 0, 10) + sub(l2, 13, 7) + sub(l2, 21, 22), l2[43]);
    if (r.documentCode.empty() || r.documentCode[0] != 'P')
      b.warning("DOCUMENT_CODE", "a TD3 passport's document code should start with 'P'");
    b.turkishId(sub(l2, 28, 14));
  }
}

void parseTd2OrMrvb(RecordBuilder& b, MrzRecord& r, bool visa) {
  const std::string& l1 = r.lines[0];
  const std::string& l2 = r.lines[1];
  b.documentCode(sub(l1, 0, 2));
  r.issuingState = b.countryCode(sub(l1, 2, 3), "issuing state");
  b.name(sub(l1, 5, 31));
  r.nationality = b.countryCode(sub(l2, 10, 3), "nationality");
  r.birthDate = b.date(sub(l2, 13, 6), "birth date", true);
  b.check("birth_date", "birth date", sub(l2, 13, 6), l2[19]);
  b.sex(l2[20]);
  r.expiryDate = b.date(sub(l2, 21, 6), "expiry date", false);
  b.check("expiry_date", "expiry date", sub(l2, 21, 6), l2[27]);
  if (visa) {
    // MRV-B (9303-7 §4.3.2): optional data 29-36, no composite.
    b.documentNumberChars(sub(l2, 0, 9), "document number");
    r.documentNumber = trimFillers(sub(l2, 0, 9));
    b.check("document_number", "document number", sub(l2, 0, 9), l2[9]);
    b.optionalChars(sub(l2, 28, 8), "optional data");
    r.optionalData = trimFillers(sub(l2, 28, 8));
    if (r.documentCode.empty() || r.documentCode[0] != 'V')
      b.warning("DOCUMENT_CODE", "a visa's document code should start with 'V'");
  } else {
    b.optionalChars(sub(l2, 28, 7), "optional data");
    r.optionalData = documentNumberWithOverflow(b, r, sub(l2, 0, 9), l2[9], sub(l2, 28, 7));
    b.check("composite", "composite (line 2)", sub(l2, 0, 10) + sub(l2, 13, 7) + sub(l2, 21, 14), l2[35]);
    b.turkishId(sub(l2, 28, 7));
  }
}

void parseTd1(RecordBuilder& b, MrzRecord& r) {
  const std::string& l1 = r.lines[0];
  const std::string& l2 = r.lines[1];
  const std::string& l3 = r.lines[2];
  b.documentCode(sub(l1, 0, 2));
  r.issuingState = b.countryCode(sub(l1, 2, 3), "issuing state");
  b.optionalChars(sub(l1, 15, 15), "optional data (line 1)");
  const std::string opt1 = documentNumberWithOverflow(b, r, sub(l1, 5, 9), l1[14], sub(l1, 15, 15));
  r.birthDate = b.date(sub(l2, 0, 6), "birth date", true);
  b.check("birth_date", "birth date", sub(l2, 0, 6), l2[6]);
  b.sex(l2[7]);
  r.expiryDate = b.date(sub(l2, 8, 6), "expiry date", false);
  b.check("expiry_date", "expiry date", sub(l2, 8, 6), l2[14]);
  r.nationality = b.countryCode(sub(l2, 15, 3), "nationality");
  b.optionalChars(sub(l2, 18, 11), "optional data (line 2)");
  const std::string opt2 = trimFillers(sub(l2, 18, 11));
  r.optionalData = opt1.empty() ? opt2 : (opt2.empty() ? opt1 : opt1 + " " + opt2);
  b.check("composite", "composite (lines 1-2)", sub(l1, 5, 25) + sub(l2, 0, 7) + sub(l2, 8, 7) + sub(l2, 18, 11), l2[29]);
  b.name(l3);
  // The T.C. identity number is searched in the optional data only: a long document number's
  // overflow and its check digit (9303-5, note j) at the head of line 1's field are not one.
  std::string l1Optional = sub(l1, 15, 15);
  if (l1[14] == '<' && l1Optional[0] != '<') {
    const auto end = l1Optional.find('<');
    l1Optional = end == std::string::npos ? std::string(15, '<') : std::string(end, '<') + l1Optional.substr(end);
  }
  b.turkishId(l1Optional + "<" + sub(l2, 18, 11));
  if (r.documentCode.empty() || (r.documentCode[0] != 'I' && r.documentCode[0] != 'A' && r.documentCode[0] != 'C'))
    b.warning("DOCUMENT_CODE", "a TD1 card's document code should start with 'I', 'A' or 'C'");
}

// French national identity card, 1988-2021 (2 x 36; national layout, not ICAO 9303):
// line 1: "ID" "FRA" surname(25) administrative code(6);
// line 2: card number(12) check, given names(14), birth date(6) check, sex, composite over
// line 1 and line 2 characters 1-35.
void parseFraId(RecordBuilder& b, MrzRecord& r) {
  const std::string& l1 = r.lines[0];
  const std::string& l2 = r.lines[1];
  b.documentCode(sub(l1, 0, 2));
  r.issuingState = b.countryCode(sub(l1, 2, 3), "issuing state");
  r.nationality = "FRA";
  // Surname field: the name parser wants SURNAME<<GIVEN; feed the two fields separately.
  const std::string surnameField = sub(l1, 5, 25);
  const std::string givenField = sub(l2, 13, 14);
  b.name(surnameField + "<<" + givenField, /*oneField=*/false);
  r.nameTruncated = surnameField.back() != '<' || givenField.back() != '<';
  b.optionalChars(sub(l1, 30, 6), "administrative code");
  r.optionalData = trimFillers(sub(l1, 30, 6));
  b.documentNumberChars(sub(l2, 0, 12), "card number");
  r.documentNumber = trimFillers(sub(l2, 0, 12));
  b.check("document_number", "card number", sub(l2, 0, 12), l2[12]);
  r.birthDate = b.date(sub(l2, 27, 6), "birth date", true);
  b.check("birth_date", "birth date", sub(l2, 27, 6), l2[33]);
  b.sex(l2[34]);
  b.check("composite", "composite (line 1 and line 2)", l1 + sub(l2, 0, 35), l2[35]);
  b.warning("NO_EXPIRY", "French national ID cards carry no expiry date in the MRZ: read it from the visual zone");
}

// Line 2 of a 9303 TD2 document holds the birth and expiry dates at positions 14-19 and
// 22-27 (9303-6, lower line; 1-based); the French card holds given names there (letters and
// fillers). Half of those 12 characters digits: TD2's dates, even through a few misread ones.
// Called on 36-character lines only (detectFormat); the fields are parseTd2OrMrvb's.
bool holdsTd2Dates(const std::string& line2) {
  const std::string dates = sub(line2, 13, 6) + sub(line2, 21, 6);
  return std::count_if(dates.begin(), dates.end(), isDigit) >= 6;
}

}  // namespace

std::optional<Format> detectFormat(const std::vector<std::string>& lines) {
  if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 && lines[2].size() == 30) return Format::TD1;
  if (lines.size() != 2 || lines[0].size() != lines[1].size()) return std::nullopt;
  if (lines[0].size() == 44) return lines[0][0] == 'V' ? Format::MRVA : Format::TD3;
  if (lines[0].size() == 36) {
    // "IDFRA" opens both the French card and a French ID card in 9303's TD2 layout (document
    // code "I" and a second letter of the issuer's choosing, 9303-6): line 2 tells them apart.
    if (lines[0].compare(0, 5, "IDFRA") == 0 && !holdsTd2Dates(lines[1])) return Format::FraId;
    return lines[0][0] == 'V' ? Format::MRVB : Format::TD2;
  }
  return std::nullopt;
}

MrzRecord parseLines(const std::vector<std::string>& input, const ParseOptions& options) {
  MrzRecord r;
  RecordBuilder b(r, options);
  // Normalise: MRZ text contains no spaces; OCR output and hand-typed text may.
  for (const auto& line : input) {
    std::string clean;
    for (char c : line)
      if (c != ' ' && c != '\t' && c != '\r') clean += c;
    if (!clean.empty()) r.lines.push_back(std::move(clean));
  }
  // One run-together line of a whole MRZ (90, 88 or 72 characters) is split into its lines.
  if (r.lines.size() == 1) {
    const std::string one = r.lines[0];
    const std::size_t n = one.size();
    const std::size_t width = n == 90 ? 30 : n == 88 ? 44 : n == 72 ? 36 : 0;
    if (width) {
      r.lines.clear();
      for (std::size_t i = 0; i < n; i += width) r.lines.push_back(one.substr(i, width));
    }
  }

  // Alphabet: A-Z 0-9 '<' only (9303-3 §4.3). Report the first offending character.
  for (std::size_t li = 0; li < r.lines.size(); ++li) {
    const std::string& line = r.lines[li];
    for (std::size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      if (mrzCharValue(static_cast<char>(c)) >= 0) continue;
      std::string why = (c >= 'a' && c <= 'z') ? "lower-case letters are not in the MRZ alphabet"
                                               : "only A-Z, 0-9 and '<' are allowed";
      b.error("CHARSET", "line " + std::to_string(li + 1) + " position " + std::to_string(i + 1) + ": " +
                             describeChar(c) + " is not an MRZ character (" + why + ")");
      break;
    }
  }

  r.format = detectFormat(r.lines);
  if (!r.format) {
    std::string got;
    for (std::size_t i = 0; i < r.lines.size() && i < 4; ++i) got += (i ? ", " : "") + std::to_string(r.lines[i].size());
    if (r.lines.size() > 4) got += ", ...";
    b.error("LENGTH", "not an MRZ: expected 3 lines of 30 (TD1), 2 of 36 (TD2/MRV-B) or 2 of 44 (TD3/MRV-A) characters; got " +
                          std::to_string(r.lines.size()) + " line(s)" + (r.lines.empty() ? "" : " of " + got));
    return r;
  }
  switch (*r.format) {
    case Format::TD1: parseTd1(b, r); break;
    case Format::TD2: parseTd2OrMrvb(b, r, false); break;
    case Format::MRVB: parseTd2OrMrvb(b, r, true); break;
    case Format::TD3: parseTd3OrMrva(b, r, false); break;
    case Format::MRVA: parseTd3OrMrva(b, r, true); break;
    case Format::FraId: parseFraId(b, r); break;
  }
  // A birth date cannot follow the document's expiry. Its century was taken from the
  // reference date alone (the latest not after it); when that puts it after the expiry date
  // (a specimen expired long ago: images-real Iceland, born 121212, expired 110629, read in
  // 2025 as born 2012), the century before is the only one that fits both.
  if (r.birthDate.year && r.expiryDate.year) {
    const Date birth{*r.birthDate.year, r.birthDate.month.value_or(1), r.birthDate.day.value_or(1)};
    const Date expiry{*r.expiryDate.year, r.expiryDate.month.value_or(12), r.expiryDate.day.value_or(28)};
    if (expiry < birth) *r.birthDate.year -= 100;
  }
  return r;
}

MrzRecord parse(std::string_view text, const ParseOptions& options) {
  // An MRZ is at most 3 x 44 characters; refuse megabytes of input up front instead of
  // splitting and copying them (the limit leaves room for generous whitespace).
  constexpr std::size_t kMaxInput = 4096;
  if (text.size() > kMaxInput) {
    MrzRecord r;
    r.errors.push_back({"LENGTH", "input is " + std::to_string(text.size()) +
                                      " bytes; an MRZ is at most 3 lines of 44 characters"});
    return r;
  }
  return parseLines(text::nonBlankLines(text), options);
}

}  // namespace bordergate::mrz
