// ICAO 9303 parser: specimens of Parts 4-7, every check, character sets, dates, nasty input.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "bordergate/mrz/parser.h"

using namespace bordergate;
using namespace bordergate::mrz;

namespace {
ParseOptions at(int y, int m, int d) {
  ParseOptions o;
  o.today = Date{y, m, d};
  return o;
}
const ParseOptions kToday = at(2026, 11, 23);

bool hasError(const MrzRecord& r, const std::string& code) {
  for (const auto& e : r.errors) if (e.code == code) return true;
  return false;
}
bool hasWarning(const MrzRecord& r, const std::string& code) {
  for (const auto& e : r.warnings) if (e.code == code) return true;
  return false;
}

// ICAO 9303-4 Appendix A: the TD3 specimen.
const char* kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
// ICAO 9303-5 Appendix A: the TD1 specimen.
const char* kTd1 =
    "I<UTOD231458907<<<<<<<<<<<<<<<\n"
    "7408122F1204159UTO<<<<<<<<<<<6\n"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
// ICAO 9303-6 Appendix A: the TD2 specimen.
const char* kTd2 =
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
    "D231458907UTO7408122F1204159<<<<<<<6";
// ICAO 9303-7 Appendix A: MRV-A and MRV-B specimens.
const char* kMrva =
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L8988901C4XXX4009078F96121096ZE184226B<<<<<<";
const char* kMrvb =
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
    "L8988901C4XXX4009078F9612109<<<<<<<<";
// ICAO 9303-5 §4.2.4 note j: document number longer than 9 characters.
const char* kTd1Overflow =
    "I<UTOD23145890<7349<<<<<<<<<<<\n"
    "3407127M9507122UTO<<<<<<<<<<<2\n"
    "STEVENSON<<PETER<JOHN<<<<<<<<<";
// French national ID card specimen.
const char* kFra =
    "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n"
    "9409923102854CORINNE<<<<<<<6512068F4";

std::string replaceAt(std::string s, std::size_t pos, char c) {
  s[pos] = c;
  return s;
}
}  // namespace

TEST_CASE("TD3 specimen (9303-4)", "[parser][td3]") {
  const auto r = parse(kTd3, kToday);
  REQUIRE(r.valid());
  CHECK(r.format == Format::TD3);
  CHECK(r.documentCode == "P");
  CHECK(r.issuingState == "UTO");
  CHECK(r.surname == "ERIKSSON");
  CHECK(r.givenNames == "ANNA MARIA");
  CHECK(r.documentNumber == "L898902C3");
  CHECK(r.nationality == "UTO");
  CHECK(r.birthDate.date() == Date{1974, 8, 12});
  CHECK(r.expiryDate.date() == Date{2012, 4, 15});
  CHECK(r.sex == 'F');
  CHECK(r.personalNumber == "ZE184226B");
  CHECK_FALSE(r.nameTruncated);
  for (const char* name : {"document_number", "birth_date", "expiry_date", "personal_number", "composite"}) {
    REQUIRE(r.check(name));
    CHECK(r.check(name)->passed);
  }
  CHECK(r.checks.size() == 5);
}

TEST_CASE("TD1 specimen (9303-5)", "[parser][td1]") {
  const auto r = parse(kTd1, kToday);
  REQUIRE(r.valid());
  CHECK(r.format == Format::TD1);
  CHECK(r.documentCode == "I");
  CHECK(r.documentNumber == "D23145890");
  CHECK(r.surname == "ERIKSSON");
  CHECK(r.givenNames == "ANNA MARIA");
  CHECK(r.birthDate.date() == Date{1974, 8, 12});
  CHECK(r.expiryDate.date() == Date{2012, 4, 15});
  CHECK(r.checks.size() == 4);
}

TEST_CASE("TD1 document number overflow (9303-5 §4.2.4 note j)", "[parser][td1]") {
  const auto r = parse(kTd1Overflow, kToday);
  REQUIRE(r.valid());
  CHECK(r.documentNumber == "D23145890734");
  CHECK(r.optionalData.empty());
  CHECK(r.surname == "STEVENSON");
  CHECK(r.givenNames == "PETER JOHN");
  CHECK(r.birthDate.date() == Date{1934, 7, 12});
  CHECK(r.sex == 'M');
  // The overflow check digit (9) covers all 12 characters: change one and it fails.
  const auto bad = parse(replaceAt(kTd1Overflow, 17, '5'), kToday);
  CHECK_FALSE(bad.valid());
  CHECK_FALSE(bad.check("document_number")->passed);
}

TEST_CASE("TD2 specimen (9303-6)", "[parser][td2]") {
  const auto r = parse(kTd2, kToday);
  REQUIRE(r.valid());
  CHECK(r.format == Format::TD2);
  CHECK(r.documentNumber == "D23145890");
  CHECK(r.givenNames == "ANNA MARIA");
  CHECK(r.check("composite")->passed);
}

TEST_CASE("MRV-A and MRV-B specimens (9303-7)", "[parser][mrv]") {
  const auto a = parse(kMrva, kToday);
  REQUIRE(a.valid());
  CHECK(a.format == Format::MRVA);
  CHECK(a.documentNumber == "L8988901C");
  CHECK(a.nationality == "XXX");
  CHECK(a.birthDate.date() == Date{1940, 9, 7});
  CHECK(a.expiryDate.date() == Date{1996, 12, 10});
  CHECK(a.optionalData == "6ZE184226B");
  CHECK(a.checks.size() == 3);
  CHECK_FALSE(a.check("composite"));
  const auto b = parse(kMrvb, kToday);
  REQUIRE(b.valid());
  CHECK(b.format == Format::MRVB);
  CHECK(b.optionalData.empty());
}

TEST_CASE("French national ID card", "[parser][fra]") {
  const auto r = parse(kFra, kToday);
  REQUIRE(r.valid());
  CHECK(r.format == Format::FraId);
  CHECK(r.surname == "BERTHIER");
  CHECK(r.givenNames == "CORINNE");
  CHECK(r.documentNumber == "940992310285");
  CHECK(r.birthDate.date() == Date{1965, 12, 6});
  CHECK(r.sex == 'F');
  CHECK(hasWarning(r, "NO_EXPIRY"));
  CHECK_FALSE(parse(replaceAt(kFra, 10, 'X'), kToday).valid());  // line 1 is under the composite
}

TEST_CASE("a French ID card in the TD2 layout is TD2, not the French national card", "[parser][fra]") {
  // Both open "IDFRA". corpus-gen draws such TD2 cards (document code "ID", issuer FRA), and
  // read right, they were parsed as the national card and failed every check.
  const std::string td2 = "IDFRAJOHANSSON<<EMRE<<<<<<<<<<<<<<<<\nUM93823<<3FRA4111124M3402096776<<<<6";
  const auto r = parse(td2, kToday);
  CHECK(r.format == Format::TD2);
  CHECK(r.valid());
  CHECK(r.surname == "JOHANSSON");
  CHECK(r.documentNumber == "UM93823");
  CHECK(r.birthDate.date() == Date{1941, 11, 12});
  // Misread digits among the national card's given names leave it the national card; TD2's
  // dates with a few letters misread in them stay TD2.
  CHECK(parse(replaceAt(replaceAt(kFra, 37 + 14, '0'), 37 + 18, '1'), kToday).format == Format::FraId);
  CHECK(parse(replaceAt(replaceAt(replaceAt(td2, 37 + 14, 'B'), 37 + 22, 'O'), 37 + 24, 'S'), kToday).format == Format::TD2);
}

TEST_CASE("every check digit is verified, with an actionable message", "[parser][checks]") {
  struct Case { const char* text; std::size_t pos; const char* check; };
  const std::string td3 = kTd3;
  const std::size_t l2 = 45;  // offset of line 2 in the joined text
  for (auto [pos, name] : std::vector<std::pair<std::size_t, const char*>>{
           {l2 + 9, "document_number"}, {l2 + 19, "birth_date"}, {l2 + 27, "expiry_date"},
           {l2 + 42, "personal_number"}, {l2 + 43, "composite"}}) {
    const char replacement = td3[pos] == '1' ? '2' : '1';
    const auto r = parse(replaceAt(td3, pos, replacement), kToday);
    INFO(name);
    CHECK_FALSE(r.valid());
    REQUIRE(r.check(name));
    CHECK_FALSE(r.check(name)->passed);
    CHECK(hasError(r, "CHECK_DIGIT"));
  }
  const auto r = parse(replaceAt(td3, l2 + 9, '3'), kToday);
  REQUIRE(!r.errors.empty());
  CHECK(r.errors[0].message == "check digit of document number is 3, expected 6");
}

TEST_CASE("OCR swaps that keep a check digit right are caught by character sets", "[parser][charset]") {
  // '<' and '0' have the same value: a filler read as 0 inside a date keeps the check digit.
  const std::string td3 = kTd3;
  // Birth date 740812 -> 74O812: letter O in a numeric field.
  auto r = parse(replaceAt(td3, 45 + 15, 'O'), kToday);
  CHECK_FALSE(r.valid());
  CHECK(hasError(r, "CHARSET"));
  // Nationality UTO -> UT0 (zero in a code).
  r = parse(replaceAt(td3, 45 + 12, '0'), kToday);
  CHECK_FALSE(r.valid());
  CHECK(hasError(r, "CHARSET"));
  // A digit in the name.
  r = parse(replaceAt(td3, 5, '0'), kToday);
  CHECK_FALSE(r.valid());
  // Filler inside the document number: L898902C3 -> L89<902C3 keeps no check but is refused on charset too.
  r = parse(replaceAt(td3, 45 + 3, '<'), kToday);
  CHECK_FALSE(r.valid());
  CHECK(hasError(r, "CHARSET"));
  // Sex must be F/M/X/<.
  r = parse(replaceAt(td3, 45 + 20, 'Q'), kToday);
  CHECK_FALSE(r.valid());
}

TEST_CASE("birth century resolves against the reference date", "[parser][dates]") {
  // 740812: 1974 seen from 2026.
  CHECK(parse(kTd3, at(2026, 1, 1)).birthDate.year == 1974);
  // Seen from 2074-08-12 the same digits could be today: still no birth in the future.
  CHECK(parse(kTd3, at(2074, 8, 12)).birthDate.year == 2074);
  CHECK(parse(kTd3, at(2074, 8, 11)).birthDate.year == 1974);
}

TEST_CASE("a birth date is never after the expiry date: the century before then", "[parser][dates]") {
  // Born 121212, expired 110629 (a specimen of a passport long expired): seen from 2025 the
  // birth's latest century is 2012, after the expiry; 1912 is the only reading of both.
  const char* lines = "PAISLAEVARSDOTTIR<<THURIDUR<OESP<<<<<<<<<<<<\nA2040611<0ISL1212123F1106297121212<1239<<<66";
  const auto r = parse(lines, at(2025, 6, 1));
  CHECK(r.valid());
  CHECK(r.birthDate.year == 1912);
  CHECK(r.expiryDate.year == 2011);
  // The TD3 specimen (born 740812, expires 120415) keeps 1974.
  CHECK(parse(kTd3, at(2026, 1, 1)).birthDate.year == 1974);
}

TEST_CASE("expiry century is the nearest to the reference date", "[parser][dates]") {
  CHECK(parse(kTd3, at(2026, 1, 1)).expiryDate.year == 2012);
  // Seen from 2095, '12' means 2112, not 2012 (expiry beyond 2099).
  CHECK(parse(kTd3, at(2095, 1, 1)).expiryDate.year == 2112);
  // Seen from 1950, '96' means 1896? No: nearest is 1996 (46 years) vs 1896 (54 years).
  CHECK(parse(kMrva, at(1950, 1, 1)).expiryDate.year == 1996);
  CHECK(parse(kMrva, at(1940, 1, 1)).expiryDate.year == 1896);  // before 1900
}

TEST_CASE("unknown birth month and day are kept as unknown", "[parser][dates]") {
  // 9303-3 §4.4: unknown parts filled with '<'. Build a TD3 with birth date 74<<<<.
  const std::string l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
  std::string l2 = "L898902C36UTO74<<<<?F1204159ZE184226B<<<<<1?";
  // Fill the check digits by asking the parser what it expects.
  const auto probe = parse(l1 + "\n" + l2, kToday);
  l2[19] = probe.check("birth_date")->expected;
  const auto probe2 = parse(l1 + "\n" + l2, kToday);
  l2[43] = probe2.check("composite")->expected;
  const auto r = parse(l1 + "\n" + l2, kToday);
  REQUIRE(r.valid());
  CHECK(r.birthDate.year == 1974);
  CHECK_FALSE(r.birthDate.month);
  CHECK_FALSE(r.birthDate.day);
  CHECK_FALSE(r.birthDate.date());
}

TEST_CASE("impossible dates are errors", "[parser][dates]") {
  const std::string td3 = kTd3;
  auto r = parse(replaceAt(td3, 45 + 15, '9'), kToday);  // month 98
  CHECK(hasError(r, "DATE"));
  // 30 February in an expiry date.
  std::string s = td3;
  s.replace(45 + 21, 6, "120230");
  r = parse(s, kToday);
  CHECK(hasError(r, "DATE"));
  // '<<' is not allowed in an expiry date.
  s = td3;
  s.replace(45 + 23, 2, "<<");
  CHECK(hasError(parse(s, kToday), "CHARSET"));
}

TEST_CASE("names: fillers, single names and truncation", "[parser][names]") {
  // Only a primary identifier.
  std::string s = kTd3;
  s.replace(5, 39, "ERIKSSON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<");
  auto r = parse(s, kToday);
  CHECK(r.surname == "ERIKSSON");
  CHECK(r.givenNames.empty());
  // Name filling the field entirely: flagged as possibly truncated (9303-3 §4.6).
  s = kTd3;
  s.replace(5, 39, "VANDERSTEENHOVEN<<MARIE<ANTOINETTE<ELIS");
  r = parse(s, kToday);
  CHECK(r.valid());
  CHECK(r.nameTruncated);
  CHECK(hasWarning(r, "NAME_TRUNCATED"));
  CHECK(r.givenNames == "MARIE ANTOINETTE ELIS");
  CHECK_FALSE(hasWarning(r, "NAME_LAYOUT"));
  CHECK_FALSE(hasWarning(parse(kTd3, kToday), "NAME_LAYOUT"));
}

TEST_CASE("names: letters after the end of the names are a layout warning", "[parser][names]") {
  // 9303-3 §4.6: after "<<" the secondary identifier's components are separated by single
  // fillers and the rest is filler. The checks still pass (names carry no check digit).
  for (const char* field : {"ERIKSSON<<ANNA<<<<<<<T<<<<<<<<<<<<<<<<<", "ERIKSSON<<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<",
                            "ERIKSSON<<ANNA<<MARIA<<<<<<<<<<<<<<<<<<"}) {
    std::string s = kTd3;
    s.replace(5, 39, field);
    const auto r = parse(s, kToday);
    CHECK(r.valid());
    CHECK(hasWarning(r, "NAME_LAYOUT"));
  }
  // Allowed layouts: no secondary identifier, several components, a name filling the field.
  for (const char* field : {"ERIKSSON<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "ERIKSSON<<ANNA<MARIA<LOUISE<<<<<<<<<<<<<<",
                            "VAN<DER<BERG<<ANNA<<<<<<<<<<<<<<<<<<<<<<", "ERIKSSONVANDERSTEENHOVENMARIEANTOINETTE"}) {
    std::string s = kTd3;
    s.replace(5, 39, std::string(field).substr(0, 39));
    CHECK_FALSE(hasWarning(parse(s, kToday), "NAME_LAYOUT"));
  }
  // The French national ID keeps surname and given names in two fields: no warning.
  CHECK_FALSE(hasWarning(parse(kFra, kToday), "NAME_LAYOUT"));
}

TEST_CASE("unknown country code is a warning, not an error", "[parser][codes]") {
  std::string s = kTd2;
  s.replace(2, 3, "ZZQ");
  const auto r = parse(s, kToday);
  CHECK(r.valid());
  CHECK(hasWarning(r, "UNKNOWN_CODE"));
  // Germany's 'D<<' is accepted and trimmed.
  s = kTd2;
  s.replace(2, 3, "D<<");
  CHECK(parse(s, kToday).issuingState == "D");
  CHECK_FALSE(hasWarning(parse(s, kToday), "UNKNOWN_CODE"));
}

TEST_CASE("Turkish identity number in the personal number field", "[parser][turkey]") {
  // A fictitious Turkish passport; 10000000146 satisfies the T.C. kimlik checksum.
  const std::string l1 = "P<TURYILMAZ<<AYSE<<<<<<<<<<<<<<<<<<<<<<<<<<<";
  std::string l2 = "U12345678?TUR8501012F3001015" "10000000146<<<" "??";
  // Recomputes every check digit in order, so the text is a well-formed MRZ.
  auto fix = [&](std::string line2) {
    for (auto [pos, name] : {std::pair<std::size_t, const char*>{9, "document_number"}, {19, "birth_date"},
                             {27, "expiry_date"}, {42, "personal_number"}, {43, "composite"}})
      line2[pos] = parse(l1 + "\n" + line2, kToday).check(name)->expected;
    return line2;
  };
  l2 = fix(l2);
  auto r = parse(l1 + "\n" + l2, kToday);
  REQUIRE(r.valid());
  REQUIRE(r.turkishIdNumber);
  CHECK(*r.turkishIdNumber == "10000000146");
  CHECK(r.turkishIdNumberValid);
  // A number failing its own checksum (MRZ checks recomputed so they pass) is flagged.
  std::string bad = l2;
  bad.replace(28, 11, "10000000147");
  bad = fix(bad);
  r = parse(l1 + "\n" + bad, kToday);
  CHECK(r.valid());
  CHECK_FALSE(r.turkishIdNumberValid);
  CHECK(hasWarning(r, "TC_ID_CHECKSUM"));
}

TEST_CASE("a TD1 document number's overflow is not taken for a Turkish identity number", "[parser][turkey]") {
  // Document number A123456781234567890: 9 characters, then '<' at the check digit's place
  // and 1234567890 + its check digit 1 at the head of the optional data (9303-5, note j),
  // which makes an 11-digit run that is no T.C. kimlik number.
  const auto r = parse("I<TURA12345678<12345678901<<<<\n8501019M3001019TUR<<<<<<<<<<<4\nYILMAZ<<ALI<<<<<<<<<<<<<<<<<<<", kToday);
  REQUIRE(r.valid());
  CHECK(r.documentNumber == "A123456781234567890");
  CHECK_FALSE(r.turkishIdNumber);
  CHECK_FALSE(hasWarning(r, "TC_ID_CHECKSUM"));
}

TEST_CASE("whitespace, CRLF, blank lines and run-together lines are tolerated", "[parser][input]") {
  const std::string messy = "\r\n  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< \r\n\r\n\tL898902C36UTO7408122F1204159 ZE184226B<<<<<10\r\n\n";
  CHECK(parse(messy, kToday).valid());
  const std::string oneLine = std::string(kTd3).replace(44, 1, "");
  CHECK(parse(oneLine, kToday).valid());
}

TEST_CASE("nasty input never crashes and never validates", "[parser][robustness]") {
  CHECK_FALSE(parse("", kToday).valid());
  CHECK(hasError(parse("", kToday), "LENGTH"));
  // Wrong lengths: one character short.
  std::string s = kTd3;
  s.erase(10, 1);
  auto r = parse(s, kToday);
  CHECK_FALSE(r.valid());
  CHECK(hasError(r, "LENGTH"));
  // Lower case.
  std::string lower = kTd3;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  r = parse(lower, kToday);
  CHECK_FALSE(r.valid());
  CHECK(r.errors[0].message.find("lower-case") != std::string::npos);
  // Non-ASCII.
  s = kTd3;
  s.replace(5, 2, "\xC3\x96");
  CHECK_FALSE(parse(s, kToday).valid());
  // All fillers.
  CHECK_FALSE(parse(std::string(44, '<') + "\n" + std::string(44, '<'), kToday).valid());
  CHECK_FALSE(parse(std::string(30, '<') + "\n" + std::string(30, '<') + "\n" + std::string(30, '<'), kToday).valid());
  // 1 MB of garbage.
  std::mt19937 rng(42);
  std::string garbage(1 << 20, '\0');
  for (auto& c : garbage) c = static_cast<char>(rng());
  r = parse(garbage, kToday);
  CHECK_FALSE(r.valid());
  CHECK(hasError(r, "LENGTH"));
  // Random bytes of every small length.
  for (int len = 0; len < 200; ++len) {
    std::string b(static_cast<std::size_t>(len), '\0');
    for (auto& c : b) c = static_cast<char>(rng());
    CHECK_FALSE(parse(b, kToday).valid());
  }
  // Many lines.
  CHECK_FALSE(parse(std::string(100, '\n') + std::string(2000, 'A'), kToday).valid());
}
