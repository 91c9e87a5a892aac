// MRZ encoder: fields -> lines, the inverse of parser.cpp (same 9303 positions).
#include "bordergate/mrz/encoder.h"

#include <algorithm>

#include "bordergate/core/date.h"
#include "bordergate/core/text.h"
#include "bordergate/mrz/check_digit.h"
#include "bordergate/mrz/transliteration.h"

namespace bordergate::mrz {

namespace {

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), '<');
  return s;
}

std::string spacesToFillers(std::string s) {
  std::replace(s.begin(), s.end(), ' ', '<');
  return s;
}

char cd(std::string_view field) { return computeCheckDigit(field).value_or('0'); }

// A code (document code, state, nationality): letters only, at most `width`.
Result<std::string> code(const std::string& value, std::size_t width, const std::string& label, bool allowEmpty = false) {
  std::string v = spacesToFillers(transliterateIcao(value));
  v.erase(std::remove(v.begin(), v.end(), '<'), v.end());
  if (v.empty() && !allowEmpty) return fail(ErrorCode::InvalidArgument, label + " is empty");
  // Codes are letters (9303-3 §5: 3-letter codes; a document code is letters): a digit or
  // a sign would be written as given and read back as another code, or as none.
  if (!std::all_of(value.begin(), value.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '<'; }))
    return fail(ErrorCode::InvalidArgument, label + " '" + value + "' must be letters A-Z only");
  if (v.size() > width)
    return fail(ErrorCode::InvalidArgument, label + " '" + value + "' is longer than " + std::to_string(width) + " letters");
  return pad(v, width);
}

// Alphanumeric field, upper-cased, spaces and punctuation to fillers.
Result<std::string> alnum(const std::string& value, std::size_t width, const std::string& label) {
  std::string v;
  for (char c : value) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<') v += c;
    else if (c == ' ' || c == '-' || c == '/' || c == '.') v += '<';
    else return fail(ErrorCode::InvalidArgument, label + " '" + value + "' holds a character that has no MRZ form");
  }
  if (v.size() > width)
    return fail(ErrorCode::InvalidArgument, label + " '" + value + "' is longer than " + std::to_string(width) + " characters");
  return pad(v, width);
}

// "YYYY-MM-DD" -> "YYMMDD"; a 6-character MRZ date (digits, '<' for unknowns) passes through.
Result<std::string> date(const std::string& value, const std::string& label) {
  if (auto d = Date::parseIso(value)) {
    const std::string iso = d->iso();
    return iso.substr(2, 2) + iso.substr(5, 2) + iso.substr(8, 2);
  }
  // Six MRZ characters: YYMMDD, as the parser reads them (9303-3 §4.4): a real month and day,
  // or '<<' for an unknown month or day of a birth date.
  auto digits = [&](std::size_t i) { return value[i] >= '0' && value[i] <= '9' && value[i + 1] >= '0' && value[i + 1] <= '9'; };
  auto fillers = [&](std::size_t i) { return value[i] == '<' && value[i + 1] == '<'; };
  if (value.size() == 6 && digits(0)) {
    const bool birth = label == "birth date";
    const int mm = digits(2) ? (value[2] - '0') * 10 + (value[3] - '0') : -1;
    const int dd = digits(4) ? (value[4] - '0') * 10 + (value[5] - '0') : -1;
    const bool monthOk = (mm >= 1 && mm <= 12) || (mm < 0 && birth && fillers(2));
    const bool dayOk = (dd >= 1 && dd <= 31) || (dd < 0 && birth && fillers(4));
    if (monthOk && dayOk) return value;
    return fail(ErrorCode::InvalidArgument, label + " '" + value + "' is not YYMMDD with a real month and day" +
                                                (birth ? std::string(" (or '<<' for an unknown month or day)") : std::string()));
  }
  return fail(ErrorCode::InvalidArgument, label + " '" + value + "' must be YYYY-MM-DD (or six MRZ characters YYMMDD)");
}

Result<char> sexChar(char s) {
  if (s == 'F' || s == 'M' || s == 'X' || s == '<') return s;
  if (s == 'f' || s == 'm' || s == 'x') return static_cast<char>(s - 32);
  return fail(ErrorCode::InvalidArgument, std::string("sex '") + s + "' must be F, M, X or <");
}

// Document number field of 9 characters plus check digit, with the TD1/TD2 overflow into
// the optional data (9303-5 §4.2.4 note j). Returns {number field(9)+check(1), optional prefix}.
Result<std::pair<std::string, std::string>> documentNumber(const std::string& value, bool overflowAllowed,
                                                           std::size_t maxOverflow = 0) {
  auto v = alnum(value, 64, "document number");
  if (!v) return tl::unexpected(v.error());
  std::string number = *v;
  while (!number.empty() && number.back() == '<') number.pop_back();
  if (number.empty()) return fail(ErrorCode::InvalidArgument, "document number is empty");
  // A filler inside the number would end it for a reader (9303-3 §4.2.2.2: the number is
  // left-aligned and filled after it): 'AB 123' is read as AB.
  if (number.find('<') != std::string::npos)
    return fail(ErrorCode::InvalidArgument, "document number '" + value + "' has a space or separator inside it; give it as printed, without one");
  if (number.size() <= 9) return std::make_pair(pad(number, 9) + cd(pad(number, 9)), std::string());
  if (!overflowAllowed)
    return fail(ErrorCode::InvalidArgument, "document number '" + value + "' is longer than 9 characters");
  if (number.size() > 9 + maxOverflow)
    return fail(ErrorCode::InvalidArgument, "document number '" + value + "' has " + std::to_string(number.size()) +
                                                " characters; this format holds at most " + std::to_string(9 + maxOverflow) +
                                                " (9, then the rest and its check digit in the optional data, 9303-5 note j)");
  return std::make_pair(number.substr(0, 9) + "<", number.substr(9) + cd(number) + "<");
}

}  // namespace

std::string encodeName(std::string_view surname, std::string_view givenNames, std::size_t width, bool* truncated) {
  const std::string primary = spacesToFillers(transliterateIcao(surname));
  const std::string secondary = spacesToFillers(transliterateIcao(givenNames));
  std::string full = secondary.empty() ? primary : primary + "<<" + secondary;
  bool cut = false;
  if (full.size() > width) {
    // 9303-3 §4.6: truncate the secondary identifier(s) first, then the primary, so that the
    // field is filled completely and ends with a letter: that is how a reader can tell the
    // name was truncated.
    cut = true;
    const std::string all = full;
    if (!secondary.empty() && primary.size() + 3 > width) {
      // Keep at least the initial of the secondary identifier: PRIMAR<<I. A primary cut on
      // its own filler ("SURNAME<" + "<<" would make "<<<") ends instead with the initial of
      // its next component, one more letter of the component before giving way.
      std::string head = primary.substr(0, width - 3);
      if (head.back() == '<' && width >= 5 && primary[width - 5] != '<') head = primary.substr(0, width - 5) + "<" + primary[width - 3];
      full = head + "<<" + secondary.substr(0, 1);
    } else {
      full = all.substr(0, width);
      // The cut fell on a separator inside the secondary identifier: end instead with the
      // initial of the next component ("...ANTOINETT<E"), unless that would create "<<".
      if (full.back() == '<' && width >= 3 && all[width - 3] != '<') full = all.substr(0, width - 2) + "<" + all[width];
    }
  }
  if (truncated) *truncated = cut;
  return pad(full, width);
}

Result<std::vector<std::string>> encode(const MrzFields& f) {
  // A name with a letter 9303-3 §6 gives no transliteration for would lose it silently
  // (Nguyễn -> NGUYN): refused, so that the caller writes the name as the MRZ prints it.
  for (const auto& [label, value] : {std::pair<const char*, const std::string*>{"surname", &f.surname}, {"given names", &f.givenNames}}) {
    bool lossy = false;
    const std::string t = spacesToFillers(transliterateIcao(*value, &lossy));
    if (lossy)
      return fail(ErrorCode::InvalidArgument, std::string(label) + " '" + *value +
                                                  "' holds characters ICAO 9303-3 §6 has no transliteration for; give the name as the MRZ prints it");
    if (std::string(label) == "surname" && !value->empty() && (t.empty() || t[0] < 'A' || t[0] > 'Z'))
      return fail(ErrorCode::InvalidArgument, "surname '" + *value + "' must begin with a letter (the primary identifier, 9303-3 §4.6)");
  }
  auto docCode = code(f.documentCode, 2, "document code");
  auto state = code(f.issuingState, 3, "issuing state");
  auto nat = code(f.nationality, 3, "nationality", f.format == Format::FraId);
  auto birth = date(f.birthDate, "birth date");
  auto sex = sexChar(f.sex);
  for (const Error* e : {docCode ? nullptr : &docCode.error(), state ? nullptr : &state.error(),
                         nat ? nullptr : &nat.error(), birth ? nullptr : &birth.error(), sex ? nullptr : &sex.error()})
    if (e) return tl::unexpected(*e);
  Result<std::string> expiry = std::string("<<<<<<");
  if (f.format != Format::FraId) {
    expiry = date(f.expiryDate, "expiry date");
    if (!expiry) return tl::unexpected(expiry.error());
  }
  const std::string birthCheck = *birth + cd(*birth);
  const std::string expiryCheck = *expiry + cd(*expiry);

  switch (f.format) {
    case Format::TD3:
    case Format::MRVA: {
      const bool visa = f.format == Format::MRVA;
      auto number = documentNumber(f.documentNumber, false);
      if (!number) return tl::unexpected(number.error());
      std::string l1 = *docCode + *state + encodeName(f.surname, f.givenNames, 39);
      std::string l2 = number->first + *nat + birthCheck + *sex + expiryCheck;
      if (visa) {
        auto opt = alnum(f.optionalData, 16, "optional data");
        if (!opt) return tl::unexpected(opt.error());
        l2 += *opt;
      } else {
        auto personal = alnum(f.optionalData, 14, "personal number");
        if (!personal) return tl::unexpected(personal.error());
        const bool empty = std::all_of(personal->begin(), personal->end(), [](char c) { return c == '<'; });
        l2 += *personal + (empty ? '<' : cd(*personal));
        l2 += cd(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22));
      }
      return std::vector<std::string>{l1, l2};
    }
    case Format::TD2:
    case Format::MRVB: {
      const bool visa = f.format == Format::MRVB;
      auto number = documentNumber(f.documentNumber, !visa, 5);  // 7 optional characters: 5 + check + '<'
      if (!number) return tl::unexpected(number.error());
      std::string l1 = *docCode + *state + encodeName(f.surname, f.givenNames, 31);
      const std::size_t optWidth = visa ? 8 : 7;
      if (number->second.size() + 0 > optWidth)
        return fail(ErrorCode::InvalidArgument, "document number '" + f.documentNumber + "' is too long for the TD2 overflow");
      auto opt = alnum(number->second + f.optionalData, optWidth, "optional data");
      if (!opt) return tl::unexpected(opt.error());
      std::string l2 = number->first + *nat + birthCheck + *sex + expiryCheck + *opt;
      if (!visa) l2 += cd(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 14));
      return std::vector<std::string>{l1, l2};
    }
    case Format::TD1: {
      auto number = documentNumber(f.documentNumber, true, 13);  // 15 optional characters: 13 + check + '<'
      if (!number) return tl::unexpected(number.error());
      auto opt1 = alnum(number->second + f.optionalData, 15, "optional data");
      if (!opt1) return tl::unexpected(opt1.error());
      auto opt2 = alnum(f.optionalData2, 11, "optional data (line 2)");
      if (!opt2) return tl::unexpected(opt2.error());
      std::string l1 = *docCode + *state + number->first + *opt1;
      std::string l2 = birthCheck + *sex + expiryCheck + *nat + *opt2;
      l2 += cd(l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11));
      std::string l3 = encodeName(f.surname, f.givenNames, 30);
      return std::vector<std::string>{l1, l2, l3};
    }
    case Format::FraId: {
      auto number = alnum(f.documentNumber, 12, "card number");
      if (!number) return tl::unexpected(number.error());
      auto admin = alnum(f.optionalData, 6, "administrative code");
      if (!admin) return tl::unexpected(admin.error());
      std::string l1 = "IDFRA" + encodeName(f.surname, "", 25) + *admin;
      std::string given = spacesToFillers(transliterateIcao(f.givenNames));
      // Given names are separated by "<<" on the French card.
      std::string joined;
      for (const auto& part : text::split(given, '<'))
        if (!part.empty()) joined += (joined.empty() ? "" : "<<") + part;
      joined = pad(joined.substr(0, 14), 14);
      std::string l2 = *number + cd(*number) + joined + birthCheck + *sex;
      l2 += cd(l1 + l2);
      return std::vector<std::string>{l1, l2};
    }
  }
  return fail(ErrorCode::Internal, "unknown format");
}

}  // namespace bordergate::mrz
