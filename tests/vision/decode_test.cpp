// Unit tests of the decode stage (repair under check-digit proof, confidence gate) and of the
// multi-frame tracker, on synthetic OCR output: no model or image needed.
#include <catch2/catch.hpp>

#include <optional>
#include <tuple>
#include <string>
#include <vector>

#include "bordergate/mrz/parser.h"
#include "bordergate/vision/mrz_tracker.h"
#include "decode.h"
#include "tess_engine.h"

using namespace bordergate::vision;

namespace {

// ICAO 9303-4 Appendix A specimen (TD3).
const std::string kL1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const std::string kL2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

// Glyphs at a uniform 30 px pitch, as OCR-B in an MRZ.
std::vector<OcrGlyph> glyphs(const std::string& s, float conf = 0.99f) {
  std::vector<OcrGlyph> g;
  for (char c : s) g.push_back({c, conf, {}, 15.0f + 30.0f * static_cast<float>(g.size())});
  return g;
}

std::vector<std::vector<OcrGlyph>> td3(const std::string& l1 = kL1, const std::string& l2 = kL2) { return {glyphs(l1), glyphs(l2)}; }

std::string join(const std::vector<std::string>& l) { return l.size() == 2 ? l[0] + "\n" + l[1] : ""; }

// Feeds the same read as three frames: not accepted after one or two, accepted (3 agreeing)
// after the third. Returns the third result when that holds.
std::optional<TrackedMrz> acceptedOnThirdFrame(const MrzRead& read) {
  MrzTracker tracker;
  if (tracker.add(read).valid || tracker.add(read).valid) return std::nullopt;
  auto t = tracker.add(read);
  if (!t.valid || t.agreeing != 3) return std::nullopt;
  return t;
}

}  // namespace

TEST_CASE("decode accepts a clean, confident read as valid", "[decode]") {
  const auto r = decodeLines(td3(), 0.6f);
  CHECK(r.status == ReadStatus::Valid);
  CHECK(r.record.valid());
  CHECK(r.repairs == 0);
  CHECK(join(r.lines) == kL1 + "\n" + kL2);
}

TEST_CASE("decode repairs a letter in a date from its check digit", "[decode]") {
  std::string l2 = kL2;
  l2[14] = 'O';  // birth date 740812 -> 7O0812? position 14 is '4'
  l2[14] = 'A';  // '4' read as 'A' (OCR-B look-alike)
  const auto r = decodeLines(td3(kL1, l2), 0.6f);
  CHECK(r.status == ReadStatus::Valid);  // a numeric field: the check digit proves the digit
  CHECK(r.lines[1] == kL2);
  CHECK(r.repairs == 1);
}

TEST_CASE("decode repairs a wrong digit only when exactly one alternative passes", "[decode]") {
  auto lines = td3();
  lines[1][15].value = '6';  // birth date '0' -> '6' (not a look-alike, no alternatives)
  auto r = decodeLines(lines, 0.6f);
  CHECK_FALSE(r.valid());
  CHECK(r.status == ReadStatus::Unreadable);
  // With the right digit among the LSTM's alternatives, the repair is proven and unique.
  lines[1][15].alternatives = {{'0', 0.3f}};
  r = decodeLines(lines, 0.6f);
  CHECK(r.valid());
  CHECK(r.lines[1] == kL2);
}

TEST_CASE("decode never accepts a 6/G-style swap in an alphanumeric field from one frame", "[decode]") {
  // Document number L898902C3: 'C' (12) read as a look-alike whose value differs by 10 would
  // keep the check digit. Here: the composite and field checks cannot see it, so a repaired or
  // unsure character in the document number leaves the read Uncertain.
  auto lines = td3();
  lines[1][7].value = '2';  // 'C' read as '2': 12 vs 2 -> same check digit (differs by 10)
  lines[1][7].confidence = 0.4f;
  const auto r = decodeLines(lines, 0.6f);
  CHECK_FALSE(r.valid());
  CHECK(r.status != ReadStatus::Valid);
  CHECK_FALSE(r.record.valid());
}

TEST_CASE("decode accepts a document-number character whose runner-up the check digit rules out", "[decode]") {
  // '8' of L898902C3 with 'B' (11: residue 1, not 8) as a strong alternative: substituting it
  // would break the document-number check the read passes, so it is no doubt.
  auto lines = td3();
  lines[1][1].alternatives = {{'B', 0.7f}};
  CHECK(decodeLines(lines, 0.6f, 0.5f).status == ReadStatus::Valid);
  // 'S' (28: residue 8) would keep the check digit: the runner-up test applies.
  lines[1][1].alternatives = {{'S', 0.7f}};
  CHECK(decodeLines(lines, 0.6f, 0.5f).status == ReadStatus::Uncertain);
}

TEST_CASE("the first letter of the document code doubts only alternatives that name a document", "[decode]") {
  // TD3: 'P' or 'V' (a visa shares the line length); 'F' for 'P' names no document.
  auto lines = td3();
  lines[0][0].alternatives = {{'F', 0.6f}};
  CHECK(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Valid);
  lines[0][0].alternatives = {{'V', 0.6f}};
  CHECK(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Uncertain);
  // The rule holds only for a conforming read: a TD3 starting 'F' keeps every letter a doubt.
  std::string l1 = kL1;
  l1[0] = 'F';
  auto odd = td3(l1);
  odd[0][0].alternatives = {{'E', 0.6f}};
  CHECK(decodeLines(odd, 0.6f, 0.2f).status == ReadStatus::Uncertain);
  // The second letter is national discretion: every letter stays a doubt.
  lines[0][0].alternatives = {};
  lines[0][1].alternatives = {{'K', 0.6f}};
  CHECK(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Uncertain);
}

TEST_CASE("two doubted characters in one checked field stay doubts: their swaps can cancel out", "[decode]") {
  // 0 -> O (24) at weights 7 and 3 adds 240 = 0 mod 10: a double misread passes the check.
  // One different-residue doubt in the field is ruled out by the check; two are not.
  auto lines = td3();
  lines[1][4].alternatives = {{'O', 0.7f}};  // the '9' at position 4 of L898902C3
  CHECK(decodeLines(lines, 0.6f, 0.5f).status == ReadStatus::Valid);
  lines[1][1].alternatives = {{'B', 0.7f}};
  CHECK(decodeLines(lines, 0.6f, 0.5f).status == ReadStatus::Uncertain);
  // A partner below the runner-up limit still counts: a trial network read OO as 00 with O as
  // runner-up at 0.19 and 0.57, and the 0.19 one let the 0.57 one pass as an isolated doubt.
  lines[1][1].alternatives = {{'B', 0.19f}};
  CHECK(decodeLines(lines, 0.6f, 0.5f).status == ReadStatus::Uncertain);
  // An alternative the OCR barely lists (under 5%) is no partner.
  lines[1][1].alternatives = {{'B', 0.02f}};
  CHECK(decodeLines(lines, 0.6f, 0.5f).status == ReadStatus::Valid);
}

TEST_CASE("two faint doubts whose swaps together pass every check make a competing reading", "[decode]") {
  // Document number L89890003: its '0's at weights 7 and 3 stand where OO would give the same
  // check digits (24 x 10 = 240), field and composite. A trial network read OO as 00 with 'O'
  // listed at 0.12 and 0.07, each under the runner-up limit (docs/vision.md, sixth round).
  std::string l2 = kL2;
  l2[6] = '0';
  l2[7] = '0';
  auto lines = td3(kL1, l2);
  REQUIRE(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Valid);
  lines[1][6].alternatives = {{'O', 0.12f}};
  CHECK(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Valid);  // one swap alone breaks the check
  lines[1][7].alternatives = {{'O', 0.07f}};
  const auto r = decodeLines(lines, 0.6f, 0.2f);
  CHECK(r.status == ReadStatus::Uncertain);
  CHECK_FALSE(r.chars[1][6].proven);
  CHECK_FALSE(r.chars[1][7].proven);
  // The read and the glyphs it came from say so to a later reader of them (readDeblurred);
  // glyphs that do not line up with the read's lines say nothing.
  CHECK(hasCompetingReading(r, lines));
  auto shifted = lines;
  shifted[1].pop_back();
  CHECK_FALSE(hasCompetingReading(r, shifted));
  // Two listed swaps that do not add up to a passing reading leave the read valid ('8' -> 'B'
  // at weight 3 adds 9, '0' -> 'O' at weight 7 adds 168).
  lines[1][7].alternatives = {};
  lines[1][1].alternatives = {{'B', 0.07f}};
  const auto other = decodeLines(lines, 0.6f, 0.2f);
  CHECK(other.status == ReadStatus::Valid);
  CHECK_FALSE(hasCompetingReading(other, lines));
  // An alternative listed under 5% is not a doubt.
  lines[1][1].alternatives = {};
  lines[1][7].alternatives = {{'O', 0.03f}};
  CHECK(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Valid);
}

TEST_CASE("a digit in strong doubt leaves its checked field unproven: two digit errors can cancel", "[decode]") {
  // Expiry 120415 read as 670415: +5 at field weights 7 and 3 adds 50, +5 at composite
  // weights 1 and 7 adds 40, so both check digits still pass (a trial network made this kind
  // of read on a visa, which has no composite: expiry 230528 as 010528). The '6' has the right
  // '1' as a strong alternative: not valid from one frame.
  std::string l2 = kL2;
  l2[21] = '6';
  l2[22] = '7';
  auto lines = td3(kL1, l2);
  lines[1][21].alternatives = {{'1', 0.59f}};
  const auto r = decodeLines(lines, 0.6f, 0.2f);
  CHECK(r.status == ReadStatus::Uncertain);
  CHECK_FALSE(r.valid());
  // A faint alternative is no doubt (a confident double error stays invisible to one frame).
  lines[1][21].alternatives = {{'1', 0.1f}};
  CHECK(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Valid);
}

TEST_CASE("second pass agrees only where check digits rule its differences out", "[decode]") {
  const auto first = decodeLines(td3(), 0.6f);
  REQUIRE(first.status == ReadStatus::Valid);
  CHECK(secondPassAgrees(first, first));
  // A birth-date digit misread in the second pass (no alternatives: it stays unrepaired and
  // fails its check): corroborates the first read everywhere else.
  auto lines = td3();
  lines[1][15].value = '6';
  const auto dateOff = decodeLines(lines, 0.0f);
  REQUIRE(dateOff.status == ReadStatus::Unreadable);
  CHECK(secondPassAgrees(first, dateOff));
  // A name letter differs: no check digit covers names.
  lines = td3();
  lines[0][6].value = 'K';
  CHECK_FALSE(secondPassAgrees(first, decodeLines(lines, 0.0f)));
  // A document-number character of the same residue (C 12 -> 2) keeps every check: a
  // competing reading.
  lines = td3();
  lines[1][7].value = '2';
  CHECK_FALSE(secondPassAgrees(first, decodeLines(lines, 0.0f)));
}

namespace {

// The positions a second look covers, per line, as strings of '^' (read again) and '.'.
std::vector<std::string> lookMap(const MrzRead& r) {
  std::vector<std::string> out;
  for (const auto& line : secondLookPositions(r, 0.6f, 0.5f)) {
    out.emplace_back();
    for (bool b : line) out.back() += b ? '^' : '.';
  }
  return out;
}

// The first read's text everywhere, `crop` from `begin` (a second look that read only there).
std::vector<std::vector<OcrGlyph>> spliced(const MrzRead& first, std::size_t line, std::size_t begin, const std::string& crop) {
  std::vector<std::vector<OcrGlyph>> out;
  for (std::size_t l = 0; l < first.lines.size(); ++l)
    out.push_back(l == line ? spliceSecondLook(first.lines[l], begin, crop.size(), glyphs(crop)) : spliceSecondLook(first.lines[l], 0, 0, {}));
  return out;
}

}  // namespace

// A look map of `len` positions with '^' at `marked`.
std::string marks(std::size_t len, std::initializer_list<std::size_t> marked) {
  std::string m(len, '.');
  for (auto i : marked) m[i] = '^';
  return m;
}

TEST_CASE("second look covers exactly the characters no check digit pins down (TD3)", "[decode]") {
  const auto r = decodeLines(td3(), 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  const auto m = lookMap(r);
  REQUIRE(m.size() == 2);
  // Document code, issuing state, names (ERIKSSON<<ANNA<MARIA, 5-24); the trailing fillers
  // read without doubt are not read again.
  CHECK(m[0] == std::string(25, '^') + std::string(19, '.'));
  // L898902C36UTO7408122F1204159ZE184226B<<<<<10: nationality 10-12 and sex 20, and every
  // letter and digit of the checked document number (0-8) and optional data (28-36): a
  // same-residue substitute (8/S, C/M/W, Z/F/P, ...) would pass their check digits. Dates,
  // check digits and the fillers need no second look.
  CHECK(m[1] == marks(44, {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 20, 28, 29, 30, 31, 32, 33, 34, 35, 36}));
}

TEST_CASE("second look covers codes, sex and names on TD1, and a visa's unchecked optional data", "[decode]") {
  const auto td1 = decodeLines({glyphs("I<UTOD231458907<<<<<<<<<<<<<<<"), glyphs("7408122F1204159UTO<<<<<<<<<<<6"),
                                glyphs("ERIKSSON<<ANNA<MARIA<<<<<<<<<<")},
                               0.6f, 0.5f);
  REQUIRE(td1.status == ReadStatus::Valid);
  auto m = lookMap(td1);
  REQUIRE(m.size() == 3);
  CHECK(m[0] == marks(30, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}));  // code, state, D23145890
  CHECK(m[1] == marks(30, {7, 15, 16, 17}));          // sex, nationality
  CHECK(m[2] == std::string(20, '^') + std::string(10, '.'));  // names, not their trailing fillers
  // MRV-A (9303-7 §4.2): no composite check, so the optional data (28-43) is unproven.
  const auto mrva = decodeLines({glyphs("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"), glyphs("L8988901C4XXX4009078F96121096ZE184226B<<<<<<")},
                                0.6f, 0.5f);
  REQUIRE(mrva.status == ReadStatus::Valid);
  m = lookMap(mrva);
  CHECK(m[1] == marks(44, {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 20, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37}));
}

TEST_CASE("second look skips only a trailing filler run read without doubt", "[decode]") {
  const std::string l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
  auto lines = td3(l1, kL2);
  auto r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  CHECK(lookMap(r)[0] == std::string(25, '^') + std::string(19, '.'));
  // A doubted filler (low confidence, or a letter as a strong alternative) stops the run: it
  // and everything before it are read again.
  lines[0][40].confidence = 0.3f;
  r = decodeLines(lines, 0.6f, 0.5f);
  CHECK(lookMap(r)[0] == std::string(41, '^') + std::string(3, '.'));
  lines = td3(l1, kL2);
  lines[0][30].alternatives = {{'E', 0.7f}};
  r = decodeLines(lines, 0.6f, 0.5f);
  CHECK(lookMap(r)[0] == std::string(31, '^') + std::string(13, '.'));
  // Fillers inside the names (the << between surname and given names) are read again.
  CHECK(lookMap(r)[0][13] == '^');
  CHECK(lookMap(r)[0][14] == '^');
}

TEST_CASE("second look reads again every character of a checked alphanumeric field", "[decode]") {
  auto r = decodeLines(td3(), 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  CHECK(lookMap(r)[1][35] == '^');  // the 6 of ZE184226B (G: 16, same residue)
  CHECK(lookMap(r)[1][36] == '^');  // the B after it (V: 31, same residue)
  CHECK(lookMap(r)[1][37] == '.');  // a filler
  CHECK(lookMap(r)[1][27] == '.');  // the expiry date's check digit
  // Any same-residue substitute passes every check digit: F for the P of a document number
  // (15 and 25; a trial model did this on a clean scan), G for that 6, and so on.
  const std::string l1 = "V<POLERIKSSON<<VICTORIA<ALEXANDRA<<<<<<<<<<<";
  for (const char* l2 : {"AM5MP8MWF3IND4103264M2707093<<<<<<<<<<<<<<<<", "AM5MF8MWF3IND4103264M2707093<<<<<<<<<<<<<<<<"}) {
    r = decodeLines(td3(l1, l2), 0.6f, 0.5f);
    REQUIRE(r.status == ReadStatus::Valid);
    CHECK(lookMap(r)[1][4] == '^');
  }
  std::string l2 = kL2;
  l2[35] = 'G';
  r = decodeLines(td3(kL1, l2), 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  CHECK(lookMap(r)[1][35] == '^');
}

TEST_CASE("second look also covers proven characters the first pass doubted", "[decode]") {
  // A birth-date digit read with low confidence: its check proves it alone, not together with
  // a second misread digit that cancels it out.
  auto lines = td3();
  lines[1][15].confidence = 0.3f;
  auto r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  CHECK(lookMap(r)[1][15] == '^');
  CHECK(lookMap(r)[1][16] == '.');
  // A date digit repaired from a look-alike letter.
  lines = td3();
  lines[1][14].value = 'A';
  r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  CHECK(lookMap(r)[1][14] == '^');
  // A document-number character accepted by the different-residue rule ('8' vs 'B').
  lines = td3();
  lines[1][1].alternatives = {{'B', 0.7f}};
  r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Valid);
  CHECK(lookMap(r)[1][1] == '^');
  CHECK(lookMap(r)[1][15] == '.');  // a birth-date digit read without doubt
}

TEST_CASE("a cropped second look still catches a misread unproven character", "[decode]") {
  // The second look over positions 8-22 of line 2 (nationality and sex with two glyphs of
  // context) reads another letter than the first pass (UTQ for UTO, M for F): no check digit
  // can say which is right, so the read is not corroborated.
  const auto first = decodeLines(td3(), 0.6f, 0.5f);
  REQUIRE(first.status == ReadStatus::Valid);
  const std::string same = kL2.substr(8, 15);
  CHECK(secondPassAgrees(first, decodeLines(spliced(first, 1, 8, same), 0.0f)));
  std::string nat = same;
  nat[12 - 8] = 'Q';
  CHECK_FALSE(secondPassAgrees(first, decodeLines(spliced(first, 1, 8, nat), 0.0f)));
  std::string sex = same;
  sex[20 - 8] = 'M';
  CHECK_FALSE(secondPassAgrees(first, decodeLines(spliced(first, 1, 8, sex), 0.0f)));
  // A name letter on line 1 (read whole: every position is unproven).
  std::string name = kL1;
  name[16] = 'H';
  CHECK_FALSE(secondPassAgrees(first, decodeLines(spliced(first, 0, 0, name), 0.0f)));
  // A birth-date digit the crop misread: the check digit rules it out, as on a whole line.
  std::string date = same;
  date[15 - 8] = '6';
  CHECK(secondPassAgrees(first, decodeLines(spliced(first, 1, 8, date), 0.0f)));
}

TEST_CASE("a second look with a dropped or inserted glyph is not spliced in", "[decode]") {
  CHECK(spliceSecondLook(kL2, 8, 15, glyphs(kL2.substr(8, 14))).empty());
  CHECK(spliceSecondLook(kL2, 8, 15, glyphs(kL2.substr(8, 16))).empty());
  CHECK(spliceSecondLook(kL2, 40, 5, glyphs("<<<10")).empty());  // past the line's end
  const auto whole = spliceSecondLook(kL2, 8, 15, glyphs(kL2.substr(8, 15)));
  REQUIRE(whole.size() == kL2.size());
  std::string text;
  for (const auto& g : whole) text += g.value;
  CHECK(text == kL2);
}

TEST_CASE("the retry reads again only the lines holding a character the gate refused", "[decode]") {
  auto lines = td3();
  lines[0][10].confidence = 0.3f;  // a surname letter
  auto r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Uncertain);
  CHECK(linesTheGateRefused(r, 2, 0.6f, 0.5f) == std::vector<bool>{true, false});
  // A document-number character with a same-residue doubt ('8' vs 'S', both 8 mod 10).
  lines = td3();
  lines[1][1].alternatives = {{'S', 0.7f}};
  r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Uncertain);
  CHECK(linesTheGateRefused(r, 2, 0.6f, 0.5f) == std::vector<bool>{false, true});
  // ... but not a different-residue one, which the gate lets pass.
  lines[1][1].alternatives = {{'B', 0.7f}};
  lines[0][10].confidence = 0.3f;
  r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Uncertain);
  CHECK(linesTheGateRefused(r, 2, 0.6f, 0.5f) == std::vector<bool>{true, false});
  // A birth-date digit in strong doubt: its line only.
  lines = td3();
  lines[1][15].alternatives = {{'6', 0.7f}};
  r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Uncertain);
  CHECK(linesTheGateRefused(r, 2, 0.6f, 0.5f) == std::vector<bool>{false, true});
  // A glyph out of its slot blames no character; an unreadable read (a line too short to
  // fit, no characters decoded) neither: every line.
  lines = td3();
  lines[0][30].x += 20.0f;
  r = decodeLines(lines, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Uncertain);
  CHECK(linesTheGateRefused(r, 2, 0.6f, 0.5f) == std::vector<bool>{true, true});
  r = decodeLines({glyphs(kL1.substr(0, 30)), glyphs(kL2)}, 0.6f, 0.5f);
  REQUIRE(r.status == ReadStatus::Unreadable);
  CHECK(linesTheGateRefused(r, 2, 0.6f, 0.5f) == std::vector<bool>{true, true});
}

TEST_CASE("decode keeps low-confidence name characters uncertain", "[decode]") {
  auto lines = td3();
  lines[0][10].confidence = 0.3f;  // a letter of the surname, which no check digit covers
  const auto r = decodeLines(lines, 0.6f);
  CHECK(r.status == ReadStatus::Uncertain);
  CHECK_FALSE(r.record.valid());  // carries UNCERTAIN_READ so JSON never says valid
  bool hasUncertain = false;
  for (const auto& e : r.record.errors) hasUncertain = hasUncertain || e.code == "UNCERTAIN_READ";
  CHECK(hasUncertain);
}

TEST_CASE("decode lifts only the gate doubts it is told are settled", "[decode]") {
  // What OCR-B's outlines may settle (MrzReader, ReaderOptions::settleWithShapes): an unsure
  // letter, a digit with a strong runner-up. Never a repair, a competing reading or a glyph
  // out of its slot: those keep the read uncertain whatever is settled.
  auto lines = td3();
  lines[0][10].confidence = 0.3f;  // a surname letter under the confidence limit
  lines[1][21].alternatives = {{'7', 0.59f}};  // an expiry digit with a strong runner-up
  std::vector<std::vector<bool>> settled(2, std::vector<bool>(44, false));
  REQUIRE(decodeLines(lines, 0.6f, 0.2f).status == ReadStatus::Uncertain);
  settled[0][10] = true;
  CHECK(decodeLines(lines, 0.6f, 0.2f, settled).status == ReadStatus::Uncertain);  // the digit is still in doubt
  settled[1][21] = true;
  const auto r = decodeLines(lines, 0.6f, 0.2f, settled);
  CHECK(r.status == ReadStatus::Valid);
  CHECK(join(r.lines) == kL1 + "\n" + kL2);
  // Settled is not proven: the second pass must still read them alike (secondPassAgrees).
  CHECK_FALSE(r.chars[0][10].doubted);
  CHECK_FALSE(r.chars[0][10].proven);
  CHECK_FALSE(r.chars[1][21].proven);
  // A repaired character (a digit in a name coerced to a letter) is not settled.
  std::string l1 = kL1;
  l1[5] = '8';
  auto coerced = td3(l1, kL2);
  std::vector<std::vector<bool>> all(2, std::vector<bool>(44, true));
  CHECK(decodeLines(coerced, 0.6f, 0.2f, all).status == ReadStatus::Uncertain);
  // Nor a digit the check digit repaired while another alternative stays strong (expiry
  // 120415 read 720415: the check picks the listed 1; the 9 at 0.30 remains a doubt).
  std::string r2 = kL2;
  r2[21] = '7';
  auto repaired = td3(kL1, r2);
  repaired[1][21].alternatives = {{'1', 0.59f}, {'9', 0.30f}};
  const auto before = decodeLines(repaired, 0.6f, 0.2f);
  REQUIRE(before.status == ReadStatus::Uncertain);
  REQUIRE(before.chars[1][21].value == '1');
  CHECK(decodeLines(repaired, 0.6f, 0.2f, all).status == ReadStatus::Uncertain);
  // Nor a competing reading (two faint swaps that together pass every check) ...
  std::string l2 = kL2;
  l2[6] = '0';
  l2[7] = '0';
  auto competing = td3(kL1, l2);
  competing[1][6].alternatives = {{'O', 0.12f}};
  competing[1][7].alternatives = {{'O', 0.07f}};
  CHECK(decodeLines(competing, 0.6f, 0.2f, all).status == ReadStatus::Uncertain);
  // ... nor a glyph out of its slot.
  auto shifted = td3();
  for (std::size_t i = 20; i <= 30; ++i) shifted[0][i].x += 30.0f;
  CHECK(decodeLines(shifted, 0.6f, 0.2f, all).status == ReadStatus::Uncertain);
}

TEST_CASE("decode coerces a digit in a name but does not accept it from one frame", "[decode]") {
  std::string l1 = kL1;
  l1[5] = '3';  // 'E' of ERIKSSON read as '3': no letter look-alike -> unreadable
  CHECK(decodeLines(td3(l1, kL2), 0.6f).status == ReadStatus::Unreadable);
  l1[5] = '8';  // 'B'-like: coerced to 'B', but names are not proven -> not Valid
  const auto r = decodeLines(td3(l1, kL2), 0.6f);
  CHECK(r.status != ReadStatus::Valid);
}

TEST_CASE("decode fixes a miscounted trailing filler run", "[decode]") {
  // Two fillers dropped at the end of line 1: the others stay in their slots.
  const auto r = decodeLines(td3(kL1.substr(0, 42), kL2), 0.6f);
  CHECK(r.lines[0] == kL1);
  CHECK(r.status == ReadStatus::Uncertain);  // nothing after the run proves the count
  // Two fillers merged inside the run: the glyphs after it sit two slots further right.
  auto lines = td3();
  lines[1].erase(lines[1].begin() + 38, lines[1].begin() + 40);  // the <<<<< run before "10"
  const auto r2 = decodeLines(lines, 0.6f);
  CHECK(r2.lines[1] == kL2);
  CHECK(r2.status == ReadStatus::Valid);  // slots prove nothing else moved; checks pass
}

TEST_CASE("decode keeps a read with a glyph out of its slot uncertain", "[decode]") {
  // An inserted glyph compensated by a shorter filler run keeps the length right but moves
  // glyphs out of their monospace slots.
  auto lines = td3();
  for (std::size_t i = 20; i <= 30; ++i) lines[0][i].x += 30.0f;  // inserted at 20, dropped at 31
  const auto r = decodeLines(lines, 0.6f);
  CHECK(r.status == ReadStatus::Uncertain);
  // The glyph out of its slot may be any unproven one: all of them are in doubt, so frames that
  // repeat the shift never settle them (MrzTracker); the checked dates are not.
  CHECK(r.chars[0][20].doubted);
  CHECK(r.chars[0][5].doubted);
  CHECK_FALSE(r.chars[1][14].doubted);
  MrzTracker tracker;
  for (int frame = 0; frame < 4; ++frame) CHECK_FALSE(tracker.add(r).valid);
}

TEST_CASE("one glyph's centre off its slot between two glyphs in theirs is no glyph inserted", "[decode]") {
  // Images-real arg-visa-uk: the LSTM placed the M of MUNIR half a pitch right of its slot
  // (R at 144, M at 182, U at 197 px, pitch 25.5): every glyph in its place, the text right.
  auto late = td3();
  late[0][5].x += 15.0f;  // the E of ERIKSSON, half a pitch late
  CHECK(decodeLines(late, 0.6f).status == ReadStatus::Valid);
  late[0][5].x -= 30.0f;  // ... or half a pitch early
  CHECK(decodeLines(late, 0.6f).status == ReadStatus::Valid);
  // Further than 0.6 pitch is no longer that glyph's own slot.
  auto far = td3();
  far[0][5].x += 20.0f;
  CHECK(decodeLines(far, 0.6f).status == ReadStatus::Uncertain);
  // Two neighbouring glyphs off together: their neighbours do not both sit in their slots.
  auto two = td3();
  two[0][5].x += 15.0f;
  two[0][6].x += 15.0f;
  CHECK(decodeLines(two, 0.6f).status == ReadStatus::Uncertain);
  // A glyph inserted half-way between two slots, the filler run one shorter: every glyph after
  // it a slot off, so neither neighbour of the inserted one sits in its slot.
  auto inserted = td3();
  OcrGlyph extra = inserted[0][5];
  extra.value = 'L';
  extra.x = inserted[0][5].x - 15.0f;
  inserted[0].insert(inserted[0].begin() + 5, extra);
  for (std::size_t i = 6; i < inserted[0].size(); ++i) inserted[0][i].x = inserted[0][i - 1].x + (i == 6 ? 15.0f : 30.0f);
  inserted[0].pop_back();
  REQUIRE(inserted[0].size() == 44);
  CHECK(decodeLines(inserted, 0.6f).status == ReadStatus::Uncertain);
  // The last glyph of a line has one neighbour: its centre off is not excused here
  // (centreEdgeGlyphs moves an edge glyph's centre where its box shows why).
  auto end = td3();
  end[1].back().x += 15.0f;
  CHECK(decodeLines(end, 0.6f).status == ReadStatus::Uncertain);
}

TEST_CASE("an end glyph boxed to the edge of the line image is centred from its inner edge", "[decode]") {
  // Tesseract boxed the final check digit of images-real arg-id-lithuania [762, 812] in an
  // 812 px line image, its ink about 762-782: centred on its box it sat half a pitch right of
  // its slot, and the read, right and passing every check, stayed uncertain (tess_engine.h).
  // Glyph boxes here are 20 px wide at a 30 px pitch, as in the glyphs() helper.
  const std::vector<std::string> text = {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                                         "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
  const int width = 30 * 30 + 40;  // 25 px of paper after the last glyph's ink
  auto boxesOf = [](const std::vector<OcrGlyph>& g) {
    std::vector<std::pair<int, int>> b;
    for (const auto& o : g) b.emplace_back(static_cast<int>(o.x) - 10, static_cast<int>(o.x) + 10);
    return b;
  };
  std::vector<std::vector<OcrGlyph>> lines;
  for (const auto& t : text) lines.push_back(glyphs(t));
  REQUIRE(decodeLines(lines, 0.6f).status == ReadStatus::Valid);

  // The last box runs to the image's right edge: centred on it, the glyph is out of its slot.
  auto boxes = boxesOf(lines[1]);
  boxes.back().second = width;
  lines[1].back().x = 0.5f * static_cast<float>(boxes.back().first + boxes.back().second);
  CHECK(decodeLines(lines, 0.6f).status == ReadStatus::Uncertain);
  centreEdgeGlyphs(lines[1], boxes, width);
  CHECK(lines[1].back().x == Approx(15.0f + 30.0f * 29));
  CHECK(decodeLines(lines, 0.6f).status == ReadStatus::Valid);

  // The first glyph boxed from column 0 likewise (a line with 35 px of paper before it).
  auto late = glyphs(text[2]);
  for (auto& o : late) o.x += 30.0f;
  auto first = boxesOf(late);
  first.front().first = 0;
  late.front().x = 0.5f * static_cast<float>(first.front().second);
  centreEdgeGlyphs(late, first, width + 30);
  CHECK(late.front().x == Approx(45.0f));

  // A wide box that stops short of the edge is ink (merged glyphs), and a box at the edge as
  // narrow as the others is a glyph at the edge: neither is moved, so the slot test still sees
  // what they show.
  auto shortOfEdge = boxesOf(lines[0]);
  shortOfEdge.back().second = width - 10;
  lines[0].back().x = 0.5f * static_cast<float>(shortOfEdge.back().first + shortOfEdge.back().second);
  const float wideX = lines[0].back().x;
  centreEdgeGlyphs(lines[0], shortOfEdge, width);
  CHECK(lines[0].back().x == wideX);
  CHECK(decodeLines(lines, 0.6f).status == ReadStatus::Uncertain);
  auto narrow = boxesOf(glyphs(text[0]));
  auto atEdge = glyphs(text[0]);
  narrow.back() = {width - 25, width};
  atEdge.back().x = static_cast<float>(width) - 12.5f;
  centreEdgeGlyphs(atEdge, narrow, width);
  CHECK(atEdge.back().x == static_cast<float>(width) - 12.5f);
}

// The LSTM at times emits one printed glyph twice: held-out camera-easy TD3 1052, the
// document number's first O read "0O" with centres 8.5 px apart at a 29 px pitch. The line
// then had 45 glyphs; fitting it to 44 took a filler off the end, shifted the line and failed
// its checks, in the plain read and (as a dissent of another glyph count) against the retry's
// right text. Glyphs less than half a pitch apart are one glyph (tess_engine.h).
TEST_CASE("a glyph the LSTM read twice is merged into its more confident read", "[decode]") {
  auto line = glyphs(kL2);
  REQUIRE(decodeLines({glyphs(kL1), line}, 0.6f).status == ReadStatus::Valid);
  // A second read of glyph 2 (a 9) a third of a pitch right of it, less sure, with alternatives.
  OcrGlyph twice{'8', 0.70f, {{'B', 0.20f}, {'9', 0.05f}}, line[2].x + 10.0f};
  line[2].alternatives = {{'B', 0.10f}};
  line.insert(line.begin() + 3, twice);
  CHECK(decodeLines({glyphs(kL1), line}, 0.6f).status != ReadStatus::Valid);
  CHECK(mergeDoubleReads(line) == 1);
  REQUIRE(line.size() == kL2.size());
  CHECK(line[2].value == '9');
  CHECK(line[2].confidence == 0.99f);
  CHECK(line[2].x == Approx(15.0f + 30.0f * 2 + 5.0f));
  // The other read and every alternative offered, each at its best confidence, best first.
  REQUIRE(line[2].alternatives.size() == 2);
  CHECK(line[2].alternatives[0] == std::pair<char, float>{'8', 0.70f});
  CHECK(line[2].alternatives[1] == std::pair<char, float>{'B', 0.20f});
  CHECK(line[3].x == Approx(15.0f + 30.0f * 3));
  // The document number's check digit rules the 8 out: Valid again.
  CHECK(decodeLines({glyphs(kL1), line}, 0.6f).status == ReadStatus::Valid);
  CHECK(mergeDoubleReads(line) == 0);

  // The more confident read is kept whichever comes first; the same letter twice is one.
  auto pair = glyphs("P<UTO");
  pair.insert(pair.begin() + 2, OcrGlyph{'V', 0.40f, {}, pair[2].x - 12.0f});
  CHECK(mergeDoubleReads(pair) == 1);
  CHECK(std::string{pair[2].value} == "U");
  REQUIRE(pair[2].alternatives.size() == 1);
  CHECK(pair[2].alternatives[0].first == 'V');
  auto same = glyphs("P<UTO");
  same.insert(same.begin() + 3, OcrGlyph{'T', 0.995f, {}, same[3].x + 6.0f});
  CHECK(mergeDoubleReads(same) == 1);
  CHECK(same.size() == 5);
  CHECK(same[3].confidence == 0.995f);
  CHECK(same[3].alternatives.empty());

  // A pass that only compares text keeps two different reads of a glyph (a disagreement),
  // and merges only a glyph read twice alike.
  auto dispute = glyphs("P<UTO");
  dispute.insert(dispute.begin() + 2, OcrGlyph{'V', 0.40f, {}, dispute[2].x - 12.0f});
  CHECK(mergeDoubleReads(dispute, true) == 0);
  CHECK(dispute.size() == 6);
  auto alike = glyphs("P<UTO");
  alike.insert(alike.begin() + 3, OcrGlyph{'T', 0.5f, {}, alike[3].x + 6.0f});
  CHECK(mergeDoubleReads(alike, true) == 1);
  CHECK(alike.size() == 5);

  // Half a pitch apart or more, or without a centre, glyphs stay as read.
  auto apart = glyphs("P<UTO");
  apart.insert(apart.begin() + 3, OcrGlyph{'8', 0.9f, {}, apart[2].x + 15.0f});
  CHECK(mergeDoubleReads(apart) == 0);
  auto unknown = glyphs("P<UTO");
  unknown.insert(unknown.begin() + 3, OcrGlyph{'8', 0.9f, {}, -1.0f});
  CHECK(mergeDoubleReads(unknown) == 0);
  CHECK(unknown.size() == 6);
}

TEST_CASE("decode names the characters each field admits", "[decode]") {
  const auto r = decodeLines(td3(), 0.6f);
  REQUIRE(r.status == ReadStatus::Valid);
  const auto admits = fieldCharacters(r);
  REQUIRE(admits.size() == 2);
  REQUIRE(admits[0].size() == 44);
  REQUIRE(admits[1].size() == 44);
  CHECK(admits[0][5] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ<");   // name: no digit
  CHECK(admits[1][0] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");  // document number
  CHECK(admits[1][9] == "0123456789<");                   // its check digit
  CHECK(admits[1][10] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ<");  // nationality
  CHECK(admits[1][13] == "0123456789<");                  // date of birth
  CHECK(admits[1][20] == "FMX<");                         // sex
  // The French national ID by its own layout: given names where TD2 has dates.
  const auto fra = fieldCharacters(decodeLines({glyphs("IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<"), glyphs("9409923102854CORINNE<<<<<<<6512068F4")}, 0.6f));
  REQUIRE(fra.size() == 2);
  REQUIRE(fra[1].size() == 36);
  CHECK(fra[0][31] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");  // administrative code
  CHECK(fra[1][5] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");   // card number
  CHECK(fra[1][15] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ<");            // given names
  CHECK(fra[1][28] == "0123456789<");                            // birth date
  CHECK(fra[1][34] == "FMX<");
  // Text of no known format admits nothing to compare.
  for (const auto& line : fieldCharacters(decodeLines({glyphs("HELLO<WORLD"), glyphs("12345")}, 0.6f))) CHECK(line.empty());
}

TEST_CASE("the shapes weigh a proven character only against rivals of its residue", "[decode]") {
  const auto r = decodeLines(td3(), 0.6f);
  REQUIRE(r.status == ReadStatus::Valid);
  const auto rivals = shapeRivals(r);
  REQUIRE(rivals.size() == 2);
  REQUIRE(rivals[0].size() == 44);
  REQUIRE(rivals[1].size() == 44);
  // Document number L898902C3 and optional data, proven by their check digits: only the
  // characters with the same residue mod 10, which those check digits cannot tell apart.
  CHECK(rivals[1][0] == "BV1");  // L: 21
  CHECK(rivals[1][1] == "IS");   // 8: I 18, S 28
  CHECK(rivals[1][7] == "MW2");  // C: 12
  CHECK(rivals[1][28] == "FP5");  // Z: 35
  CHECK(rivals[1][37] == "AKU0");  // a filler inside the optional data: 0
  CHECK(rivals[1][9].empty());   // a check digit: no other digit has its residue
  CHECK(rivals[1][13].empty());  // date of birth
  // Characters no check digit proves: every other character their field admits.
  CHECK(rivals[1][20] == "MX<");  // sex F
  CHECK(rivals[0][2] == "ABCDEFGHIJKLMNOPQRSTVWXYZ<");  // issuing state UTO
  CHECK(rivals[0][13] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ");  // the names' separator
  CHECK(rivals[0][43].empty());  // the names' trailing fillers
  // A document number's A (10): a confident K (20) for it would pass the check.
  const auto a = decodeLines(td3(kL1, "A898902C39UTO7408122F1204159ZE184226B<<<<<14"), 0.6f);
  REQUIRE(a.status == ReadStatus::Valid);
  CHECK(shapeRivals(a)[1][0] == "KU0<");
}

TEST_CASE("decode never accepts letters after the end of the names from one frame", "[decode]") {
  // A letter read confidently in the filler run after the given names (a trial model read
  // ZOE<<<<<<<<T<<<): every check passes, names have none.
  std::string l1 = kL1;
  l1[30] = 'T';  // P<UTOERIKSSON<<ANNA<MARIA<<<<<T<<<...
  const auto r = decodeLines(td3(l1, kL2), 0.6f);
  CHECK(r.status == ReadStatus::Uncertain);
  bool named = false;
  for (const auto& e : r.record.errors) named = named || e.code == "UNEXPECTED_NAME_LAYOUT";
  CHECK(named);
  CHECK(r.chars[0][30].doubted);
  CHECK_FALSE(r.chars[0][20].doubted);  // MARIA
  // Frames that repeat it never settle the stray letter: an officer checks the document.
  MrzTracker tracker;
  for (int frame = 0; frame < 4; ++frame) CHECK_FALSE(tracker.add(r).valid);
}

TEST_CASE("decode gates a French national ID card by its own layout", "[decode]") {
  // The French card 1988-2021 (TD2-sized, national layout: parser FRA_ID): card number and
  // birth date checked, a composite over line 1 and line 2 up to it. A sure read is Valid
  // from one frame (until the twenty-sixth round it never was: no layout, so no gate); an
  // unsure name letter leaves it uncertain, and frames that repeat the doubt are not accepted.
  const std::string l1 = "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<";
  const std::string l2 = "9409923102854CORINNE<<<<<<<6512068F4";  // images/specimens/fra-id-specimen.txt
  REQUIRE(bordergate::mrz::parseLines({l1, l2}).valid());
  auto lines = std::vector<std::vector<OcrGlyph>>{glyphs(l1), glyphs(l2)};
  const auto sure = decodeLines(lines, 0.6f);
  REQUIRE(sure.status == ReadStatus::Valid);
  CHECK(sure.record.format == bordergate::mrz::Format::FraId);
  CHECK_FALSE(sure.chars[0][6].doubted);
  lines[0][6].confidence = 0.3f;  // the E of BERTHIER
  const auto unsure = decodeLines(lines, 0.6f);
  REQUIRE(unsure.status == ReadStatus::Uncertain);
  CHECK(unsure.chars[0][6].doubted);
  MrzTracker tracker;
  for (int frame = 0; frame < 4; ++frame) CHECK_FALSE(tracker.add(unsure).valid);
  CHECK(tracker.add(sure).valid);  // one frame reads it surely

  // Every character is under the composite: a confident misread of a name letter or of the
  // administrative code fails it.
  for (const auto& [line, pos, wrong] : {std::tuple{0, 6, 'F'}, std::tuple{1, 15, 'N'}, std::tuple{0, 31, '7'}}) {
    auto misread = std::vector<std::vector<OcrGlyph>>{glyphs(l1), glyphs(l2)};
    misread[static_cast<std::size_t>(line)][static_cast<std::size_t>(pos)].value = wrong;
    CHECK(decodeLines(misread, 0.6f).status == ReadStatus::Unreadable);
  }
  // A card-number digit misread is repaired only under both its checks, and then doubted by
  // the gate like any repair outside a digit-only field.
  auto digit = std::vector<std::vector<OcrGlyph>>{glyphs(l1), glyphs(l2)};
  digit[1][3].value = '8';  // 9409 -> 9408
  digit[1][3].alternatives = {{'9', 0.4f}};
  const auto repaired = decodeLines(digit, 0.6f);
  CHECK(repaired.status == ReadStatus::Uncertain);
  CHECK(repaired.lines[1] == l2);
  CHECK(repaired.chars[1][3].repaired);
  CHECK(repaired.chars[1][3].doubted);
}

TEST_CASE("decode rejects text that is not an MRZ", "[decode]") {
  CHECK(decodeLines({glyphs("HELLO<WORLD"), glyphs("12345")}, 0.6f).status == ReadStatus::Unreadable);
  CHECK(decodeLines({glyphs(kL1)}, 0.6f).status == ReadStatus::Unreadable);
  CHECK_FALSE(decodeLines({}, 0.6f).valid());
}

TEST_CASE("decode reports a failing check digit as unreadable, never valid", "[decode]") {
  std::string l2 = kL2;
  l2[9] = '7';  // document number check digit 6 -> 7, and no alternatives
  const auto r = decodeLines(td3(kL1, l2), 0.6f);
  CHECK(r.status == ReadStatus::Unreadable);
  CHECK_FALSE(r.record.valid());
}

TEST_CASE("a state code outside the code list never reads as valid from one frame", "[decode]") {
  // Issuing state and nationality are under no check digit (9303-4 §4.2.2): 'O' misread as
  // 'G' turns UTO into UTG and still passes every check.
  std::string l1 = kL1, l2 = kL2;
  l1[4] = 'G';
  auto r = decodeLines(td3(l1, kL2), 0.6f);
  CHECK(r.status == ReadStatus::Uncertain);
  CHECK_FALSE(r.record.valid());
  bool named = false;
  for (const auto& e : r.record.errors) named = named || (e.code == "UNKNOWN_STATE_CODE" && e.message.find("UTG") != std::string::npos);
  CHECK(named);
  l2[12] = 'G';  // nationality UTG
  r = decodeLines(td3(kL1, l2), 0.6f);
  CHECK(r.status == ReadStatus::Uncertain);
  // The retry and the second pass cannot lift it either: the gate blames no single glyph,
  // so every line is read again.
  CHECK(linesTheGateRefused(r, 2, 0.6f, 1.0f) == std::vector<bool>{true, true});
}

TEST_CASE("a document code the format does not allow never reads as valid from one frame", "[decode]") {
  // The first letter is under no check digit; the gate doubts it only against alternatives
  // naming a document, so a confident 'K' for the 'A' of a TD1 card passed every check
  // (held-out camera-hard-TD1-3160). 9303-5 §4.2.2: A, C or I.
  const std::string td1a = "ACUTOD231458907<<<<<<<<<<<<<<<", td1b = "7408122F1204159UTO<<<<<<<<<<<6",
                    td1c = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
  REQUIRE(decodeLines({glyphs(td1a), glyphs(td1b), glyphs(td1c)}, 0.6f, 0.2f).status == ReadStatus::Valid);
  std::string odd = td1a;
  odd[0] = 'K';
  auto r = decodeLines({glyphs(odd), glyphs(td1b), glyphs(td1c)}, 0.6f, 0.2f);
  CHECK(r.status == ReadStatus::Uncertain);
  CHECK_FALSE(r.record.valid());
  bool named = false;
  for (const auto& e : r.record.errors) named = named || e.code == "UNEXPECTED_DOCUMENT_CODE";
  CHECK(named);
  // TD3: 'P' only (a 44-character line starting 'V' is a visa).
  std::string l1 = kL1;
  l1[0] = 'F';
  CHECK(decodeLines(td3(l1), 0.6f, 0.2f).status == ReadStatus::Uncertain);
}

TEST_CASE("tracker accepts a state code outside the code list only once three frames agree", "[tracker]") {
  // Real documents of organisations carry codes no list holds (images-real: INP, COU); the
  // kiosk reads them from agreeing frames, as it does any text one frame cannot prove.
  std::string l1 = kL1;
  l1[4] = 'G';
  const auto read = decodeLines(td3(l1, kL2), 0.6f);
  REQUIRE(read.status == ReadStatus::Uncertain);
  CHECK(acceptedOnThirdFrame(read).has_value());
}

// A read of the specimen whose gate doubts the name letter at line 1 position `pos`.
MrzRead doubtingNameLetter(std::size_t pos) {
  auto lines = td3();
  lines[0][pos].confidence = 0.3f;
  return decodeLines(lines, 0.6f);
}

TEST_CASE("tracker accepts an uncertain text once three frames agree", "[tracker]") {
  // Each frame doubts another letter of the name, so every letter was read surely in a frame.
  MrzTracker tracker;
  for (std::size_t pos : {10u, 11u}) {
    const auto r = doubtingNameLetter(pos);
    REQUIRE(r.status == ReadStatus::Uncertain);
    CHECK_FALSE(tracker.add(r).valid);
  }
  const auto t = tracker.add(doubtingNameLetter(12));
  CHECK(t.valid);
  CHECK(t.agreeing == 3);
  CHECK(join(t.lines) == kL1 + "\n" + kL2);
}

TEST_CASE("tracker never accepts a text whose agreeing frames all doubt one character", "[tracker]") {
  // Frames of one document err alike (a glare spot over the same letters): agreement is no
  // proof of a letter no frame read surely.
  const auto r = doubtingNameLetter(10);
  REQUIRE(r.status == ReadStatus::Uncertain);
  REQUIRE(r.chars[0][10].doubted);
  MrzTracker tracker;
  for (int frame = 0; frame < 6; ++frame) CHECK_FALSE(tracker.add(r).valid);
  // One frame that reads the letter surely settles it.
  CHECK(tracker.add(doubtingNameLetter(11)).valid);
}

TEST_CASE("tracker does not accept agreeing frames while another text passes its checks", "[tracker]") {
  // A name letter read two ways, both passing every check digit (names have none): the reading
  // is ambiguous, however many frames agree on one of them.
  auto other = td3();
  other[0][12].value = 'A';  // ERIKSSON -> ERIKSAON
  other[0][13].confidence = 0.3f;
  const auto competitor = decodeLines(other, 0.6f);
  REQUIRE(competitor.status == ReadStatus::Uncertain);
  MrzTracker tracker;
  CHECK_FALSE(tracker.add(competitor).valid);
  for (std::size_t pos : {10u, 11u, 14u}) CHECK_FALSE(tracker.add(doubtingNameLetter(pos)).valid);
  // Once the competing read has left the window, the agreeing frames are accepted.
  for (std::size_t i = 0; i < TrackerOptions{}.window; ++i) tracker.add(doubtingNameLetter(10 + i % 3));
  CHECK(tracker.add(doubtingNameLetter(11)).valid);
}

TEST_CASE("a second pass that reads otherwise marks those characters doubted", "[decode]") {
  auto first = decodeLines(td3(), 0.6f);
  REQUIRE(first.valid());
  for (const auto& line : first.chars)
    for (const auto& c : line) REQUIRE_FALSE(c.doubted);
  std::string l1 = kL1;
  l1[7] = 'X';  // ERIKSSON -> ERXKSSON
  markDisagreement(first, decodeLines(td3(l1, kL2), 0.0f));
  CHECK(first.chars[0][7].doubted);
  CHECK_FALSE(first.chars[0][6].doubted);
  CHECK_FALSE(first.chars[1][0].doubted);
  // A line the other pass read at another length cannot be compared position by position: its
  // unproven characters (the nationality) are all doubted, the proven ones (dates, check
  // digits) are not.
  auto second = decodeLines(td3(), 0.6f);
  MrzRead other;
  other.lines = {kL1, kL2.substr(0, 40)};
  markDisagreement(second, other);
  CHECK_FALSE(second.chars[0][6].doubted);
  CHECK(second.chars[1][10].doubted);
  CHECK_FALSE(second.chars[1][14].doubted);
}

TEST_CASE("a third rendering may settle a dispute no check reaches, never a competing reading", "[decode]") {
  const auto first = decodeLines(td3(), 0.6f);
  REQUIRE(first.valid());
  // What the second pass read (only its text matters here).
  auto second = [](const std::string& l1, const std::string& l2) {
    MrzRead r;
    r.lines = {l1, l2};
    return r;
  };
  // No dispute: nothing to settle.
  CHECK_FALSE(arbiterMaySettle(first, second(kL1, kL2)));
  // A name letter read otherwise (ERIKSSON -> ERXKSSON): no check digit can tell.
  std::string l1 = kL1;
  l1[7] = 'X';
  CHECK(arbiterMaySettle(first, second(l1, kL2)));
  // The name line read with a glyph inserted: every position of that line is in dispute, and
  // no check covers it.
  CHECK(arbiterMaySettle(first, second(kL1.substr(0, 10) + "N" + kL1.substr(10), kL2)));
  // A document-number letter of the same residue (C 12 -> 2): the second text passes every
  // check, a competing reading.
  std::string l2 = kL2;
  l2[7] = '2';
  REQUIRE(bordergate::mrz::parseLines({kL1, l2}).valid());
  CHECK_FALSE(arbiterMaySettle(first, second(kL1, l2)));
  // Two substitutions that cancel under the weights 7 and 3 (L 21 -> O 24, 8 -> B 11: 7x3 +
  // 3x3 = 30): the document-number and composite checks pass on the second text too, and a
  // name dispute beside them changes nothing.
  l2 = kL2;
  l2[0] = 'O';
  l2[1] = 'B';
  REQUIRE(bordergate::mrz::parseLines({kL1, l2}).valid());
  CHECK_FALSE(arbiterMaySettle(first, second(kL1, l2)));
  CHECK_FALSE(arbiterMaySettle(first, second(l1, l2)));
  // A document-number letter of another residue (L -> X) fails the checks covering it on the
  // second text, so they already speak for that position: only the name letter is to settle.
  l2 = kL2;
  l2[0] = 'X';
  REQUIRE_FALSE(bordergate::mrz::parseLines({kL1, l2}).valid());
  CHECK(arbiterMaySettle(first, second(l1, l2)));
  // The second line read at another length passes no check.
  CHECK(arbiterMaySettle(first, second(kL1, kL2.substr(0, 40))));
}

TEST_CASE("tracker votes out a disagreeing frame and accepts a valid single read", "[tracker]") {
  MrzTracker tracker;
  auto bad = td3();
  bad[0][6].value = 'K';  // 'R' misread in one frame
  bad[0][6].confidence = 0.3f;
  CHECK_FALSE(tracker.add(decodeLines(bad, 0.6f)).valid);
  const auto t = tracker.add(decodeLines(td3(), 0.6f));
  CHECK(t.found);
  // Two frames disagree at one position: the confident read wins the vote and was Valid alone.
  CHECK(t.valid);
  CHECK(join(t.lines) == kL1 + "\n" + kL2);
  tracker.reset();
  CHECK_FALSE(tracker.add(MrzRead{}).found);
}

TEST_CASE("tracker accepts nothing over a latest frame that passes its checks with another text", "[tracker]") {
  // Two Valid reads of one document, then a frame of another one (its name read two letters
  // otherwise, unsure of one: Uncertain, every check passed). The earlier Valid reads win the
  // vote, but the camera now shows another text: nothing is accepted until it is settled.
  MrzTracker tracker;
  const auto a = decodeLines(td3(), 0.6f);
  REQUIRE(a.status == ReadStatus::Valid);
  CHECK(tracker.add(a).valid);
  CHECK(tracker.add(a).valid);
  auto other = td3();
  other[0][5].value = 'A';  // ERIKSSON -> ARIKSSON
  other[0][6].value = 'N';  //          -> ANIKSSON
  other[0][6].confidence = 0.3f;
  const auto b = decodeLines(other, 0.6f);
  REQUIRE(b.status == ReadStatus::Uncertain);
  const auto t = tracker.add(b);
  CHECK(join(t.lines) == kL1 + "\n" + kL2);  // the vote: two frames against one
  CHECK_FALSE(t.valid);
  // A frame that fails its checks is no other document: the Valid reads stand again.
  auto garbled = td3();
  garbled[1][15].value = '6';
  const auto unreadable = decodeLines(garbled, 0.6f);
  REQUIRE(unreadable.status == ReadStatus::Unreadable);
  CHECK(tracker.add(unreadable).valid);
}

TEST_CASE("tracker accepts a valid read at once even when earlier unreadable frames outvote it", "[tracker]") {
  // Two frames read a birth-date digit wrong, confidently and without alternatives: their check
  // digit fails (Unreadable), but they are in the window and would win the position's vote.
  auto bad = td3();
  bad[1][15].value = '6';
  const auto unreadable = decodeLines(bad, 0.6f);
  REQUIRE(unreadable.status == ReadStatus::Unreadable);
  MrzTracker tracker;
  CHECK_FALSE(tracker.add(unreadable).valid);
  CHECK_FALSE(tracker.add(unreadable).valid);
  const auto good = decodeLines(td3(), 0.6f);
  REQUIRE(good.status == ReadStatus::Valid);
  const auto t = tracker.add(good);
  CHECK(t.valid);
  CHECK(join(t.lines) == kL1 + "\n" + kL2);
  CHECK(t.agreeing == 1);
}
