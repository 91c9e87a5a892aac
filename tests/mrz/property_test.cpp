// Property test: random valid records -> encode -> parse gives the same fields, for every
// format; and any single-character substitution of a valid MRZ is either still valid with
// the same lines or reported invalid (never a silent change of identity).
#include <catch2/catch.hpp>

#include <algorithm>

#include <random>

#include "bordergate/mrz/check_digit.h"
#include "bordergate/mrz/encoder.h"
#include "bordergate/mrz/parser.h"

using namespace bordergate;
using namespace bordergate::mrz;

namespace {

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  char letter() { return static_cast<char>('A' + uniform(0, 25)); }
  char alnum() { return uniform(0, 35) < 10 ? static_cast<char>('0' + uniform(0, 9)) : letter(); }
  std::string word(int lo, int hi) {
    std::string w;
    for (int i = uniform(lo, hi); i > 0; --i) w += letter();
    return w;
  }
  std::string words(int count, int lo, int hi) {
    std::string s;
    for (int i = 0; i < count; ++i) s += (i ? " " : "") + word(lo, hi);
    return s;
  }
  Date date(int y0, int y1) {
    const auto a = Date{y0, 1, 1}.toDays(), b = Date{y1, 12, 31}.toDays();
    return Date::fromDays(std::uniform_int_distribution<std::int64_t>(a, b)(rng));
  }
};

const Format kFormats[] = {Format::TD1, Format::TD2, Format::TD3, Format::MRVA, Format::MRVB};
const char* kCodes[] = {"UTO", "TUR", "D", "GBR", "XXA", "RKS", "SYR", "DEU"};

}  // namespace

TEST_CASE("encode -> parse round-trips random records of every format", "[property]") {
  Gen g(20261123);
  ParseOptions po;
  po.today = Date{2026, 11, 23};
  for (int i = 0; i < 5000; ++i) {
    MrzFields f;
    f.format = kFormats[i % 5];
    const bool visa = f.format == Format::MRVA || f.format == Format::MRVB;
    f.documentCode = visa ? "V" : (f.format == Format::TD3 ? "P" : "I");
    if (g.uniform(0, 3) == 0) f.documentCode += g.letter();
    f.issuingState = kCodes[g.uniform(0, 7)];
    f.nationality = kCodes[g.uniform(0, 7)];
    // French ID cards in the ICAO layouts open "IDFRA" on a 30- or 36-character line, as the
    // French national card does on 36 (parser.cpp, detectFormat): every 47th record is one.
    if (i % 47 == 3) {
      f.issuingState = "FRA";
      if (f.format == Format::TD1 || f.format == Format::TD2) f.documentCode = "ID";
    }
    f.surname = g.words(g.uniform(1, 2), 2, 12);
    f.givenNames = g.words(g.uniform(0, 3), 2, 9);
    const int numberLength = (f.format == Format::TD1 || f.format == Format::TD2) && g.uniform(0, 4) == 0
                                 ? g.uniform(10, f.format == Format::TD1 ? 22 : 14)
                                 : g.uniform(5, 9);
    for (int k = 0; k < numberLength; ++k) f.documentNumber += g.alnum();
    const Date birth = g.date(1927, 2025);
    // A document expires after its holder was born (the parser reads the birth century so).
    const Date expiry = g.date(std::max(2000, birth.year + 1), 2040);
    f.birthDate = birth.iso();
    f.expiryDate = expiry.iso();
    f.sex = "FMX<"[g.uniform(0, 3)];
    // Optional data that fits beside a possible document-number overflow
    // (overflow takes numberLength - 9 characters plus its check digit and a filler).
    const int optWidth = f.format == Format::TD3 ? 14 : f.format == Format::MRVA ? 16
                       : f.format == Format::TD1 ? 15 : f.format == Format::TD2 ? 7 : 8;
    const int overflow = numberLength > 9 ? numberLength - 9 + 2 : 0;
    if (optWidth - overflow >= 1 && g.uniform(0, 1))
      for (int k = g.uniform(1, optWidth - overflow); k > 0; --k) f.optionalData += g.alnum();
    if (f.format == Format::TD1 && g.uniform(0, 1))
      for (int k = g.uniform(1, 11); k > 0; --k) f.optionalData2 += g.alnum();

    auto lines = encode(f);
    if (!lines) {
      FAIL("encode refused a representable record: " << lines.error().message);
    }
    const auto r = parseLines(*lines, po);
    INFO("record " << i << "\n" << (*lines)[0] << "\n" << (*lines)[1]);
    REQUIRE(r.valid());
    CHECK(r.format == f.format);
    CHECK(r.documentNumber == f.documentNumber);
    // Names round-trip as their MRZ field (a long name is truncated on encoding, 9303-3 §4.6).
    const std::size_t nameWidth = f.format == Format::TD1 ? 30 : (f.format == Format::TD3 || f.format == Format::MRVA) ? 39 : 31;
    bool truncated = false;
    const std::string field = encodeName(f.surname, f.givenNames, nameWidth, &truncated);
    CHECK(encodeName(r.surname, r.givenNames, nameWidth) == field);
    if (truncated) CHECK(r.nameTruncated);  // a name that exactly fills the field is flagged "may be truncated" too
    if (!truncated) {
      CHECK(r.surname == f.surname);
      CHECK(r.givenNames == f.givenNames);
    }
    CHECK(r.birthDate.date() == birth);
    CHECK(r.expiryDate.date() == expiry);
    CHECK(r.sex == (f.sex == '<' ? 'X' : f.sex));
    CHECK(r.nationality == f.nationality);
    CHECK(r.issuingState == f.issuingState);
  }
}

TEST_CASE("which single substitutions the checks catch, and which they cannot", "[property]") {
  // 9303-3 §4.9 check digits detect a substitution unless the two characters' values differ
  // by a multiple of 10 (e.g. '6' (6) and 'G' (16), '0' and 'A'/'K'/'U'): weights 7, 3 and 1
  // times 10 vanish modulo 10. Character sets catch such swaps in numeric fields; in
  // alphanumeric fields (document number, personal number) they are invisible to the MRZ
  // itself, which is why vision/ must vote across frames and use OCR confidences too.
  ParseOptions po;
  po.today = Date{2026, 11, 23};
  MrzFields f;
  f.format = Format::TD3;
  f.issuingState = "TUR";
  f.nationality = "TUR";
  f.surname = "YILMAZ";
  f.givenNames = "AYSE";
  f.documentNumber = "U12345678";
  f.birthDate = "1985-01-01";
  f.expiryDate = "2030-01-01";
  f.sex = 'F';
  f.optionalData = "10000000146";
  const auto lines = *encode(f);
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
  int undetectable = 0, total = 0;
  for (std::size_t pos = 0; pos < 44; ++pos) {
    if (pos == 20) continue;              // sex: under no check digit (9303-4 §4.2.2)
    if (pos >= 10 && pos < 13) continue;  // nationality: under no check digit
    for (char c : alphabet) {
      const char original = lines[1][pos];
      if (c == original) continue;
      auto mutated = lines;
      mutated[1][pos] = c;
      ++total;
      const auto r = parseLines(mutated, po);
      const bool sameModTen = (mrzCharValue(c) - mrzCharValue(original)) % 10 == 0;
      if (r.valid()) {
        ++undetectable;
        INFO("position " << pos << ": '" << original << "' -> '" << c << "'");
        CHECK(sameModTen);
        // Only alphanumeric fields can hide such a swap: document number, personal number.
        CHECK(((pos < 9) || (pos >= 28 && pos < 42)));
      }
    }
  }
  // Figures for the record: at most 3 of 36 alternatives per alphanumeric position.
  CHECK(undetectable < total / 10);
}
