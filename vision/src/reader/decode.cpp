// Decode stage: assemble, repair under check-digit proof, gate (see decode.h).
#include "decode.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "bordergate/mrz/check_digit.h"
#include "bordergate/mrz/parser.h"

namespace bordergate::vision {
namespace {

// Character class of each MRZ position (ICAO 9303 parts 4-7 field layouts):
//  A letters or '<' (codes, names)     N digits or '<' (dates)      C check digit (digit or '<')
//  S sex (F, M, X, <)                  X letters, digits or '<' (document number, optional data)
struct FormatLayout {
  mrz::Format format;
  std::vector<std::string> classes;  // per line
  struct Range { int line, begin, end; };
  struct Check { std::vector<Range> ranges; int line, pos; };
  std::vector<Check> checks;         // field checks first, composite last
};

std::string rep(char c, int n) { return std::string(static_cast<std::size_t>(n), c); }

const std::vector<FormatLayout>& formatLayouts() {
  static const std::vector<FormatLayout> l = {
      // TD3, 9303-4 §4.2.2
      {mrz::Format::TD3,
       {rep('A', 44), rep('X', 9) + "C" + rep('A', 3) + rep('N', 6) + "CS" + rep('N', 6) + "C" + rep('X', 14) + "CC"},
       {{{{1, 0, 9}}, 1, 9}, {{{1, 13, 19}}, 1, 19}, {{{1, 21, 27}}, 1, 27}, {{{1, 28, 42}}, 1, 42},
        {{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}}, 1, 43}}},
      // MRV-A, 9303-7 §4.2
      {mrz::Format::MRVA,
       {rep('A', 44), rep('X', 9) + "C" + rep('A', 3) + rep('N', 6) + "CS" + rep('N', 6) + "C" + rep('X', 16)},
       {{{{1, 0, 9}}, 1, 9}, {{{1, 13, 19}}, 1, 19}, {{{1, 21, 27}}, 1, 27}}},
      // MRV-B, 9303-7 §4.3
      {mrz::Format::MRVB,
       {rep('A', 36), rep('X', 9) + "C" + rep('A', 3) + rep('N', 6) + "CS" + rep('N', 6) + "C" + rep('X', 8)},
       {{{{1, 0, 9}}, 1, 9}, {{{1, 13, 19}}, 1, 19}, {{{1, 21, 27}}, 1, 27}}},
      // TD2, 9303-6 §4.2
      {mrz::Format::TD2,
       {rep('A', 36), rep('X', 9) + "C" + rep('A', 3) + rep('N', 6) + "CS" + rep('N', 6) + "C" + rep('X', 7) + "C"},
       {{{{1, 0, 9}}, 1, 9}, {{{1, 13, 19}}, 1, 19}, {{{1, 21, 27}}, 1, 27},
        {{{1, 0, 10}, {1, 13, 20}, {1, 21, 35}}, 1, 35}}},
      // TD1, 9303-5 §4.2 (document-number check at line 1 position 15 assumes no overflow)
      {mrz::Format::TD1,
       {rep('A', 5) + rep('X', 9) + "C" + rep('X', 15), rep('N', 6) + "CS" + rep('N', 6) + "C" + rep('A', 3) + rep('X', 11) + "C",
        rep('A', 30)},
       {{{{0, 5, 14}}, 0, 14}, {{{1, 0, 6}}, 1, 6}, {{{1, 8, 14}}, 1, 14},
        {{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}}, 1, 29}}},
      // French national identity card 1988-2021 (national layout, parser.cpp parseFraId):
      // line 1 "ID" "FRA" surname(25) administrative code(6); line 2 card number(12) check,
      // given names(14), birth date(6) check, sex, composite over line 1 and line 2 to here.
      {mrz::Format::FraId,
       {rep('A', 30) + rep('X', 6), rep('X', 12) + "C" + rep('A', 14) + rep('N', 6) + "CS" + "C"},
       {{{{1, 0, 12}}, 1, 12}, {{{1, 27, 33}}, 1, 33}, {{{0, 0, 36}, {1, 0, 35}}, 1, 35}}},
  };
  return l;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return c >= 'A' && c <= 'Z'; }

bool allowed(char cls, char c) {
  switch (cls) {
    case 'A': return isLetter(c) || c == '<';
    case 'N': case 'C': return isDigit(c) || c == '<';
    case 'S': return c == 'F' || c == 'M' || c == 'X' || c == '<';
    default: return isDigit(c) || isLetter(c) || c == '<';
  }
}

// OCR-B look-alikes (the classic confusions of MRZ readers: 0/O/Q/D/U, 1/I/L, 2/Z, 4/A,
// 5/S, 6/G, 7/T, 8/B, and '<' vs K/C from the stock model).
std::string confusions(char c) {
  switch (c) {
    case '0': return "ODQU"; case 'O': return "0QD"; case 'Q': return "0O"; case 'D': return "0O"; case 'U': return "0";
    case '1': return "IL"; case 'I': return "1L"; case 'L': return "1I";
    case '2': return "Z"; case 'Z': return "2";
    case '4': return "A"; case 'A': return "4";
    case '5': return "S"; case 'S': return "5";
    case '6': return "G"; case 'G': return "6";
    case '7': return "T"; case 'T': return "7";
    case '8': return "B"; case 'B': return "8";
    case '<': return "KC"; case 'K': return "<"; case 'C': return "<";
    case 'M': return "N"; case 'N': return "M";
    case 'F': return "E"; case 'E': return "F";
    default: return "";
  }
}

// Candidate replacements for a position, most plausible first: OCR alternatives, then
// look-alikes; only characters the position's class allows.
std::string candidatesFor(const MrzChar& ch, const std::vector<std::pair<char, float>>& alts, char cls) {
  std::string out;
  auto add = [&](char c) {
    if (c != ch.value && allowed(cls, c) && out.find(c) == std::string::npos) out += c;
  };
  for (const auto& a : alts) add(a.first);
  for (char c : confusions(ch.value)) add(c);
  return out;
}

// Character value mod 10 under the 7-3-1 check digit (9303-3 §4.9: digits 0-9, A-Z 10-35,
// '<' 0). A single substitution keeps a check digit right exactly when the two characters
// have the same residue (the weights 7, 3, 1 are coprime with 10).
int residue(char c) {
  if (isDigit(c)) return c - '0';
  if (isLetter(c)) return (c - 'A' + 10) % 10;
  return 0;
}

// First character of the document code by line length (ICAO 9303-5 §4.2.2.1 and 9303-6
// §4.2.2.1: A, C or I on TD1 and TD2; 9303-4 §4.2.2.1: P on TD3; 9303-7 §4.2.2.1: V on
// MRV-A and MRV-B, which share the TD3 and TD2 line lengths).
bool documentCodeAllows(std::size_t lineLength, char c) {
  switch (lineLength) {
    case 30: return c == 'A' || c == 'C' || c == 'I';
    case 36: return c == 'A' || c == 'C' || c == 'I' || c == 'V';
    case 44: return c == 'P' || c == 'V';
    default: return false;
  }
}

bool checkPasses(const std::vector<std::vector<MrzChar>>& chars, const FormatLayout::Check& ck) {
  std::string field;
  for (const auto& r : ck.ranges)
    for (int i = r.begin; i < r.end; ++i) field += chars[static_cast<std::size_t>(r.line)][static_cast<std::size_t>(i)].value;
  const auto expected = mrz::computeCheckDigit(field);
  const char found = chars[static_cast<std::size_t>(ck.line)][static_cast<std::size_t>(ck.pos)].value;
  if (!expected) return false;
  // 9303-3 §4.9 / 9303-4 §4.2.2: an empty optional field may carry '<' as its check digit.
  if (found == '<') return field.find_first_not_of('<') == std::string::npos;
  return found == *expected;
}

// Whether `second` passes some check of `layout` whose field or check digit holds a position
// where it differs from `first`: a competing reading there, which no check tells apart. A line
// read with another length differs everywhere (its positions do not line up), and the checks
// on it pass nothing. `first` and `second` hold the same number of lines.
bool passesADisputedCheck(const FormatLayout& layout, const std::vector<std::string>& first,
                          const std::vector<std::string>& second) {
  auto aligned = [&](int line) { return first[static_cast<std::size_t>(line)].size() == second[static_cast<std::size_t>(line)].size(); };
  auto differs = [&](int line, int i) {
    return !aligned(line) || first[static_cast<std::size_t>(line)][static_cast<std::size_t>(i)] !=
                                 second[static_cast<std::size_t>(line)][static_cast<std::size_t>(i)];
  };
  std::vector<std::vector<MrzChar>> other;
  for (const auto& l : second) {
    other.emplace_back();
    for (char c : l) other.back().push_back({c, 0, 0, false, false});
  }
  for (const auto& ck : layout.checks) {
    bool touches = differs(ck.line, ck.pos);
    bool lined = aligned(ck.line);
    for (const auto& r : ck.ranges) {
      lined = lined && aligned(r.line);
      for (int i = r.begin; i < r.end; ++i) touches = touches || differs(r.line, i);
    }
    if (touches && lined && checkPasses(other, ck)) return true;
  }
  return false;
}

std::vector<std::string> textOf(const std::vector<std::vector<MrzChar>>& chars) {
  std::vector<std::string> lines;
  for (const auto& l : chars) {
    std::string s;
    for (const auto& c : l) s += c.value;
    lines.push_back(s);
  }
  return lines;
}

// The class and check table of the format `lines` detect as, when the read has that format's
// shape (`count` lines of `length` characters); null otherwise (no format, a miscounted line,
// or a format without a table).
const FormatLayout* layoutFor(const std::vector<std::string>& lines, std::size_t count, std::size_t length) {
  const auto fmt = mrz::detectFormat(lines);
  if (!fmt) return nullptr;
  for (const auto& fl : formatLayouts())
    if (fl.format == *fmt && fl.classes.size() == count && fl.classes[0].size() == length) return &fl;
  return nullptr;
}

// Per line and position of `layout`'s format: whether some check digit covers it (as part of
// a field or composite, or as the check digit itself).
std::vector<std::vector<bool>> checkedPositions(const FormatLayout& layout) {
  std::vector<std::vector<bool>> covered;
  for (const std::string& line : layout.classes) covered.emplace_back(line.size(), false);
  for (const auto& ck : layout.checks) {
    for (const auto& r : ck.ranges)
      for (int i = r.begin; i < r.end; ++i) covered[static_cast<std::size_t>(r.line)][static_cast<std::size_t>(i)] = true;
    covered[static_cast<std::size_t>(ck.line)][static_cast<std::size_t>(ck.pos)] = true;
  }
  return covered;
}

// Whether `ck` is a TD1 document number's check that overflows (9303-5 §4.2.4 note j: its
// check position holds '<' and the number runs on into the optional data): the parser checks
// it; decode leaves it alone.
bool overflowCheck(const std::vector<std::vector<MrzChar>>& chars, const FormatLayout& layout, const FormatLayout::Check& ck) {
  return layout.format == mrz::Format::TD1 && ck.line == 0 && ck.pos == 14 && chars[0][14].value == '<';
}

// Whether every check of `layout` passes on `chars` (an overflowing one counts as passing).
bool allChecksPass(const std::vector<std::vector<MrzChar>>& chars, const FormatLayout& layout) {
  for (const auto& ck : layout.checks)
    if (!checkPasses(chars, ck) && !overflowCheck(chars, layout, ck)) return false;
  return true;
}

// The least confidence at which an alternative the OCR listed counts as a substitution that
// may cancel another (decodeLines: the different-residue relaxation and step 4).
constexpr float kPartnerDoubt = 0.05f;

// A position of a read: line and index.
struct Position {
  std::size_t line, pos;
};

// The competing readings of `chars` (a text passing every check of `layout`): pairs of
// substitutions the OCR listed in `glyphs` (each at least kPartnerDoubt, of a character the
// field admits, at a position some check covers) that together pass every check, each pair's
// two positions once. `glyphs` line up with `chars` position for position.
std::vector<std::pair<Position, Position>> competingPairs(std::vector<std::vector<MrzChar>>& chars,
                                                          const std::vector<std::vector<OcrGlyph>>& glyphs,
                                                          const FormatLayout& layout) {
  const std::vector<std::vector<bool>> covered = checkedPositions(layout);
  struct Doubt {
    Position at;
    char alt;
  };
  std::vector<Doubt> doubts;
  for (std::size_t li = 0; li < chars.size(); ++li)
    for (std::size_t i = 0; i < chars[li].size(); ++i) {
      if (!covered[li][i]) continue;
      for (const auto& a : glyphs[li][i].alternatives)
        if (a.first != chars[li][i].value && allowed(layout.classes[li][i], a.first) && a.second >= kPartnerDoubt)
          doubts.push_back({{li, i}, a.first});
    }
  std::vector<std::pair<Position, Position>> pairs;
  for (std::size_t a = 0; a < doubts.size(); ++a)
    for (std::size_t b = a + 1; b < doubts.size(); ++b) {
      const Doubt &da = doubts[a], &db = doubts[b];
      if (da.at.line == db.at.line && da.at.pos == db.at.pos) continue;
      MrzChar &ca = chars[da.at.line][da.at.pos], &cb = chars[db.at.line][db.at.pos];
      const char va = ca.value, vb = cb.value;
      ca.value = da.alt;
      cb.value = db.alt;
      const bool competes = allChecksPass(chars, layout);
      ca.value = va;
      cb.value = vb;
      if (competes) pairs.push_back({da.at, db.at});
    }
  return pairs;
}

// Brings a line to `len` characters by growing or shrinking its last run of fillers (the LSTM
// sometimes miscounts long '<' runs). Returns false when that is not possible. `atEnd` tells
// whether the run touched the end of the line (then no field boundary moved).
bool fitLength(std::vector<OcrGlyph>& g, std::size_t len, bool& changed, bool& atEnd) {
  changed = false;
  atEnd = true;
  if (g.size() == len) return true;
  const long diff = static_cast<long>(len) - static_cast<long>(g.size());
  if (std::abs(diff) > 3) return false;
  // Last run of >= 2 fillers.
  long end = static_cast<long>(g.size()) - 1;
  while (end >= 0) {
    if (g[static_cast<std::size_t>(end)].value == '<' && end > 0 && g[static_cast<std::size_t>(end - 1)].value == '<') break;
    --end;
  }
  if (end < 0) return false;
  long begin = end;
  while (begin > 0 && g[static_cast<std::size_t>(begin - 1)].value == '<') --begin;
  const long runLen = end - begin + 1;
  atEnd = end == static_cast<long>(g.size()) - 1 || end >= static_cast<long>(g.size()) - 3;
  if (diff < 0 && runLen + diff < 1) return false;
  if (diff > 0) {
    OcrGlyph filler;
    filler.value = '<';
    // Invented fillers are as sure as the run's own glyphs when glyphs after the run pin the
    // count down (slotsConsistent checks them); at the end of a line nothing does.
    filler.confidence = end < static_cast<long>(g.size()) - 1 ? g[static_cast<std::size_t>(end)].confidence : 0.0f;
    filler.x = -1;
    // Insert where the glyph positions show the hole: the widest gap inside the run when it
    // spans more than 1.5 pitches, else after the run.
    long at = end + 1;
    if (const GlyphPitch pitch = medianPitch(g); pitch.steps > 0) {
      double widest = 1.5 * pitch.step;
      for (long k = begin + 1; k <= end + 1 && k < static_cast<long>(g.size()); ++k) {
        const double gap = g[static_cast<std::size_t>(k)].x - g[static_cast<std::size_t>(k - 1)].x;
        if (g[static_cast<std::size_t>(k)].x >= 0 && g[static_cast<std::size_t>(k - 1)].x >= 0 && gap > widest) {
          widest = gap;
          at = k;
        }
      }
    }
    g.insert(g.begin() + at, static_cast<std::size_t>(diff), filler);
  } else {
    g.erase(g.begin() + begin, g.begin() + begin - diff);
  }
  changed = true;
  return true;
}

// Glyph centres against the monospace pitch: consecutive glyphs with known positions must be
// as many pitches apart as their indices differ (+-0.4). Local, so perspective (pitch varying
// along the line) does not matter; an inserted glyph (too close) or a dropped one (a double
// gap) does. Inserted fillers (no position) are spanned by the gap around them. One glyph
// whose centre alone is off (up to 0.6 pitch) between two neighbours in their slots is not a
// glyph inserted or dropped (see `jittered`).
bool slotsConsistent(const std::vector<OcrGlyph>& g) {
  const GlyphPitch measured = medianPitch(g);
  if (measured.steps < g.size() / 2) return false;
  const double pitch = measured.step;
  if (pitch <= 0) return false;
  std::vector<std::size_t> known;  // indices of glyphs with a centre
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i].x >= 0) known.push_back(i);
  // How far the centres of glyphs a and b lie from the slots their indices say (pitches).
  auto offSlot = [&](std::size_t a, std::size_t b) {
    return std::abs((g[b].x - g[a].x) / pitch - (static_cast<double>(b) - static_cast<double>(a)));
  };
  constexpr double kSlotTolerance = 0.4;
  constexpr double kJitterLimit = 0.6;
  // A glyph whose own centre is off while its two neighbours sit in their slots: the LSTM
  // placed one label late or early in the glyph's time steps (seen on wide letters: images-real
  // arg-visa-uk, the M of MUNIR 0.5 pitch right of its slot). No glyph was inserted or dropped
  // there: that would put every glyph after it a whole slot off, the neighbours too.
  auto jittered = [&](std::size_t k) {
    if (k == 0 || k + 1 >= known.size()) return false;
    const std::size_t a = known[k - 1], b = known[k], c = known[k + 1];
    return offSlot(a, c) <= kSlotTolerance && offSlot(a, b) <= kJitterLimit && offSlot(b, c) <= kJitterLimit;
  };
  for (std::size_t k = 1; k < known.size(); ++k)
    if (offSlot(known[k - 1], known[k]) > kSlotTolerance && !jittered(k - 1) && !jittered(k)) return false;
  return true;
}

// The plain doubt test on one read character: repaired, read with confidence below `minConf`,
// or an allowed alternative above `maxRunnerUp` (the gate's test for unproven characters).
bool doubted(const MrzChar& ch, float minConf, float maxRunnerUp) {
  return ch.repaired || ch.confidence < minConf || ch.runnerUp > maxRunnerUp;
}

}  // namespace

MrzRead decodeLines(const std::vector<std::vector<OcrGlyph>>& lines, float minConf, float maxRunnerUp,
                    const std::vector<std::vector<bool>>& settled) {
  MrzRead read;
  read.status = ReadStatus::Unreadable;
  if (lines.size() < 2 || lines.size() > 3) return read;
  // Line length from the number of lines and what was read (30 x3, 36 x2 or 44 x2).
  std::size_t len = 30;
  if (lines.size() == 2) {
    double mean = 0;
    for (const auto& l : lines) mean += static_cast<double>(l.size());
    mean /= 2;
    len = std::abs(mean - 36) < std::abs(mean - 44) ? 36 : 44;
  }
  std::vector<std::vector<OcrGlyph>> glyphs = lines;
  bool fillerShiftInside = false;
  int repairs = 0;
  for (auto& g : glyphs) {
    bool changed = false, atEnd = true;
    const std::size_t before = g.size();
    if (!fitLength(g, len, changed, atEnd)) {
      for (const auto& l : lines) {
        std::string s;
        for (const auto& c : l) s += c.value;
        read.lines.push_back(s);
      }
      read.record = mrz::parseLines(read.lines);
      return read;
    }
    (void)before;
    if (changed) ++repairs;
    // OCR-B in an MRZ is monospaced (2.54 mm pitch, 9303-3 §4.1.1): every glyph must sit in
    // the slot its index says. A miscounted filler run fixed above, or an inserted or dropped
    // glyph elsewhere (seen on scan-clean: an extra 'O' in MRV-B optional data, which no check
    // digit covers), shows as glyphs out of their slots: never accepted from one frame.
    if (!slotsConsistent(g)) fillerShiftInside = true;
    (void)atEnd;
  }
  std::vector<std::vector<MrzChar>> chars;
  for (const auto& g : glyphs) {
    std::vector<MrzChar> l;
    for (const auto& o : g) l.push_back({o.value, o.confidence, o.alternatives.empty() ? 0.0f : o.alternatives[0].second, false});
    chars.push_back(std::move(l));
  }
  auto finish = [&](ReadStatus status) {
    read.status = status;
    read.chars = chars;
    read.lines = textOf(chars);
    read.repairs = repairs;
    read.record = mrz::parseLines(read.lines);
    if (read.status != ReadStatus::Unreadable && !read.record.valid()) read.status = ReadStatus::Unreadable;
    // Letters after the end of the names (parser: NAME_LAYOUT): a misread in the filler run
    // (seen: a trial model read ZOE<<<<<<<<T<<< at 0.93, no runner-up, both passes alike).
    // Never Valid from one frame, and those letters stay in doubt for the tracker, so agreeing
    // frames do not accept them either: an officer checks such a document.
    const auto nameLayout = std::find_if(read.record.warnings.begin(), read.record.warnings.end(),
                                         [](const mrz::Diagnostic& w) { return w.code == "NAME_LAYOUT"; });
    if (read.status != ReadStatus::Unreadable && nameLayout != read.record.warnings.end()) {
      // The name field: line 3 of a TD1, else line 1 from position 5 (9303-3 §4.2).
      const std::size_t li = read.lines.size() == 3 ? 2 : 0;
      const std::string& l = read.lines[li];
      const std::size_t sep = l.find("<<", li == 0 ? 5 : 0);
      if (sep != std::string::npos && sep + 2 < l.size()) {
        const std::size_t given = sep + 2;
        const std::size_t endOfNames = l[given] == '<' ? given : l.find("<<", given);
        for (std::size_t i = endOfNames == std::string::npos ? l.size() : endOfNames; i < l.size(); ++i)
          if (l[i] != '<') read.chars[li][i].doubted = true;
      }
      if (read.status == ReadStatus::Valid) {
        read.status = ReadStatus::Uncertain;
        read.record.errors.push_back({"UNEXPECTED_NAME_LAYOUT", nameLayout->message + ": probably a misread in the filler run; hold the document still for another frame, or let the officer check the document"});
        return read;
      }
    }
    // State codes are a closed list (ICAO 9303-3 §5, parser: UNKNOWN_CODE): an issuing state
    // or nationality outside it is no check digit's business and, from a camera, far likelier
    // an unproven letter misread (seen with a trial model: POL read as PGL in both passes)
    // than a state the list lacks. Never Valid from one frame; an officer decides.
    // The same holds for a document code whose first letter is not one 9303 allows for the
    // format (parser: DOCUMENT_CODE; 9303-5 §4.2.2 A/C/I on TD1, 9303-4 P, 9303-7 V): the
    // gate doubts that letter only against alternatives naming a document, so a confident
    // misread of it passes every check (seen: held-out camera-hard-TD1-3160, 'AC' read as 'KC'
    // at 0.97 from a deblurred retry rendering that did not ship).
    if (read.status == ReadStatus::Valid) {
      for (const auto& w : read.record.warnings)
        if (w.code == "UNKNOWN_CODE" || w.code == "DOCUMENT_CODE") {
          read.status = ReadStatus::Uncertain;
          read.record.errors.push_back({w.code == "UNKNOWN_CODE" ? "UNKNOWN_STATE_CODE" : "UNEXPECTED_DOCUMENT_CODE",
                                        w.message + ": probably a misread; hold the document still for another frame, or let the officer check the document"});
          return read;
        }
    }
    if (read.status == ReadStatus::Uncertain)
      read.record.errors.push_back({"UNCERTAIN_READ", "the text passes its check digits but some characters are not proven by them; hold the document still for another frame"});
    return read;
  };

  const FormatLayout* layout = layoutFor(textOf(chars), chars.size(), len);
  if (!layout) {
    // A layout we have no class table for (every format the parser knows has one today):
    // accept only what parses as read, and never from one frame. Its characters get the
    // plain doubt test, so the tracker accepts it only where some frame read each character
    // surely.
    for (auto& line : chars)
      for (auto& ch : line) ch.doubted = doubted(ch, minConf, maxRunnerUp);
    return finish(mrz::parseLines(textOf(chars)).valid() ? ReadStatus::Uncertain : ReadStatus::Unreadable);
  }

  // 1. Character-set coercion: a letter in a digit-only position (or the reverse) becomes its
  //    best allowed alternative. Digit positions are then proven by their check digit;
  //    letter positions are not (the gate below accounts for that).
  for (std::size_t li = 0; li < chars.size(); ++li)
    for (std::size_t i = 0; i < len; ++i) {
      MrzChar& ch = chars[li][i];
      const char cls = layout->classes[li][i];
      if (allowed(cls, ch.value)) continue;
      const std::string cands = candidatesFor(ch, glyphs[li][i].alternatives, cls);
      if (cands.empty()) return finish(ReadStatus::Unreadable);
      // '0' where only letters are allowed is the letter O when the OCR considered no other
      // letter (the OCR-B 0/O pair is the model's main confusion, tools/ocr-training/README.md);
      // it stays a proven-enough read. Any other coercion is a repair the gate refuses.
      const bool zeroAsO = cls == 'A' && ch.value == '0' && cands[0] == 'O' &&
                           std::none_of(glyphs[li][i].alternatives.begin(), glyphs[li][i].alternatives.end(),
                                        [](const auto& a) { return a.first >= 'A' && a.first <= 'Z' && a.first != 'O' && a.second >= 0.05f; });
      ch.value = cands[0];
      ch.repaired = !zeroAsO;
      ++repairs;
    }

  // 2. Check-digit repair (not of a TD1 document number that overflows, overflowCheck: the
  //    parser checks it): for each failing check, try every single substitution among the
  //    field's (and the check digit's) plausible candidates; apply it only if exactly one works.
  for (const auto& ck : layout->checks) {
    if (checkPasses(chars, ck) || overflowCheck(chars, *layout, ck)) continue;
    std::vector<std::pair<int, int>> positions;
    for (const auto& r : ck.ranges)
      for (int i = r.begin; i < r.end; ++i) positions.emplace_back(r.line, i);
    positions.emplace_back(ck.line, ck.pos);
    int solutions = 0;
    std::pair<int, int> where{-1, -1};
    char with = 0;
    for (auto [l, i] : positions) {
      MrzChar& ch = chars[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)];
      const char original = ch.value;
      for (char c : candidatesFor(ch, glyphs[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)].alternatives,
                                  layout->classes[static_cast<std::size_t>(l)][static_cast<std::size_t>(i)])) {
        ch.value = c;
        if (checkPasses(chars, ck)) {
          ++solutions;
          where = {l, i};
          with = c;
        }
      }
      ch.value = original;
    }
    if (solutions != 1) return finish(ReadStatus::Unreadable);
    MrzChar& fixed = chars[static_cast<std::size_t>(where.first)][static_cast<std::size_t>(where.second)];
    fixed.value = with;
    fixed.repaired = true;
    ++repairs;
  }
  if (!allChecksPass(chars, *layout)) return finish(ReadStatus::Unreadable);

  // Runner-up among the characters the position's class allows: 'O' vs '0' is no doubt in a
  // name (digits are not allowed there), but it is in a document number. The first character
  // of the document code is narrower: a conforming read (documentCodeAllows) doubts only
  // alternatives that are conforming too; 'L' for 'I' names no document, 'C' for 'I' does.
  for (std::size_t li = 0; li < chars.size(); ++li)
    for (std::size_t i = 0; i < len; ++i) {
      MrzChar& ch = chars[li][i];
      const bool code = li == 0 && i == 0 && documentCodeAllows(len, ch.value);
      ch.runnerUp = 0;
      for (const auto& a : glyphs[li][i].alternatives)
        if (a.first != ch.value && allowed(layout->classes[li][i], a.first) && (!code || documentCodeAllows(len, a.first)))
          ch.runnerUp = std::max(ch.runnerUp, a.second);
    }

  // Positions some check digit covers (field or composite).
  const std::vector<std::vector<bool>> covered = checkedPositions(*layout);

  // A different-residue doubt is harmless only alone: two substitutions in one field can
  // cancel out under 7-3-1 (0->O twice at weights 7 and 3 adds 24*10 = 240, still 0 mod 10).
  // So the relaxation below applies to a position only when some check covering it covers no
  // other position whose OCR listed an allowed different-residue alternative of at least
  // kPartnerDoubt; otherwise every such alternative counts as doubt. The partner threshold is
  // far below the runner-up limit: a trial network read document number OO92668380 as
  // 0092668380 with O as runner-up at 0.19 and 0.57 (docs/vision.md, fifth round); the 0.19
  // partner must not count as certain.
  std::vector<std::vector<bool>> diffResidueDoubt(chars.size(), std::vector<bool>(len, false));
  for (std::size_t li = 0; li < chars.size(); ++li)
    for (std::size_t i = 0; i < len; ++i) {
      if (layout->classes[li][i] != 'X' || !covered[li][i]) continue;
      const char v = chars[li][i].value;
      for (const auto& a : glyphs[li][i].alternatives)
        if (a.first != v && allowed('X', a.first) && residue(a.first) != residue(v) && a.second >= kPartnerDoubt)
          diffResidueDoubt[li][i] = true;
    }
  auto isolatedDoubt = [&](std::size_t li, std::size_t i) {
    for (const auto& ck : layout->checks) {
      bool coversThis = false;
      int doubts = 0;
      for (const auto& r : ck.ranges) {
        for (int k = r.begin; k < r.end; ++k) {
          const auto l = static_cast<std::size_t>(r.line), c = static_cast<std::size_t>(k);
          if (l == li && c == i) coversThis = true;
          else if (diffResidueDoubt[l][c]) ++doubts;
        }
      }
      if (coversThis && doubts == 0) return true;
    }
    return false;
  };

  // 3. Gate: single-frame acceptance needs every character that no check digit fully proves
  //    (classes A, S, X: a substitution by a value differing by a multiple of 10, e.g. 6/G,
  //    keeps a 7-3-1 check digit right, tests/mrz/property_test.cpp) to be unrepaired and
  //    confidently read. In an alphanumeric field a check digit covers (document number,
  //    optional data under the composite), an OCR alternative of a different residue mod 10
  //    is no doubt: substituting it would break the check the read passes. There the
  //    runner-up test counts only same-residue alternatives (the 6/G, 0/U, 1/L, </K kind);
  //    the confidence test stays (a wrong glyph the OCR lists no alternative for).
  //    Digits and check digits are proven by their checks, except one whose runner-up is
  //    above the limit: two digit errors in one field can cancel (+5 at weights 7 and 3), and
  //    a strong doubt marks a line region where a second, confident error is likely (a trial
  //    network read a visa's expiry 230528 as 010528, the '0' with '2' at 0.59).
  bool proven = !fillerShiftInside;
  for (std::size_t li = 0; li < chars.size(); ++li)
    for (std::size_t i = 0; i < len; ++i) {
      const char cls = layout->classes[li][i];
      MrzChar& ch = chars[li][i];
      const bool settledHere = li < settled.size() && i < settled[li].size() && settled[li][i] && !ch.repaired;
      if (cls == 'N' || cls == 'C') {
        ch.proven = ch.runnerUp <= maxRunnerUp;
        ch.doubted = !ch.proven && !settledHere;
        if (ch.doubted) proven = false;
        continue;
      }
      float runnerUp = ch.runnerUp;
      if (cls == 'X' && covered[li][i] && isolatedDoubt(li, i)) {
        runnerUp = 0;
        for (const auto& a : glyphs[li][i].alternatives)
          if (a.first != ch.value && allowed(cls, a.first) && residue(a.first) == residue(ch.value)) runnerUp = std::max(runnerUp, a.second);
      }
      ch.proven = cls == 'X' && covered[li][i] && !ch.repaired && ch.confidence >= minConf && runnerUp <= maxRunnerUp;
      ch.doubted = ch.repaired || (!settledHere && (ch.confidence < minConf || runnerUp > maxRunnerUp));
      if (ch.doubted) proven = false;
    }
  // A glyph out of its slot (above) may sit anywhere no check covers: every unproven character
  // is in doubt.
  if (fillerShiftInside)
    for (auto& line : chars)
      for (auto& ch : line) ch.doubted = ch.doubted || !ch.proven;

  // 4. Competing reading: two substitutions the OCR listed (each at least kPartnerDoubt, at
  //    positions a check covers) can together pass every check even when each alone breaks
  //    one (0->O twice at weights 7 and 3). Then the checks cannot tell the read from that
  //    other reading, however small each doubt is: a trial network read MRV-B document
  //    number OT6SJ5OO87 as OT6SJ50087, both '0's with 'O' listed at 0.12 and 0.07, under
  //    the runner-up limit (docs/vision.md, sixth round). Both positions are unproven and
  //    the read is Uncertain. Three or more listed substitutions cancelling are not searched
  //    (each is a doubt of its own; the second pass reads the line again).
  for (const auto& [a, b] : competingPairs(chars, glyphs, *layout)) {
    for (const Position& at : {a, b}) {
      chars[at.line][at.pos].proven = false;
      chars[at.line][at.pos].doubted = true;
    }
    proven = false;
  }
  return finish(proven ? ReadStatus::Valid : ReadStatus::Uncertain);
}

}  // namespace bordergate::vision

namespace bordergate::vision {

bool secondPassAgrees(const MrzRead& first, const MrzRead& second) {
  if (first.lines == second.lines) return true;
  // A second text that passes every check is a competing reading: never Valid from one frame.
  if (second.status != ReadStatus::Unreadable || first.lines.size() != second.lines.size() || first.chars.size() != first.lines.size())
    return false;
  for (std::size_t l = 0; l < first.lines.size(); ++l) {
    if (first.lines[l].size() != second.lines[l].size() || first.chars[l].size() != first.lines[l].size()) return false;
    for (std::size_t i = 0; i < first.lines[l].size(); ++i) {
      const char a = first.lines[l][i], b = second.lines[l][i];
      // Only where a check digit the first read passes would have caught the second's
      // character (a different residue mod 10, and the position proven by a check).
      if (a != b && (!first.chars[l][i].proven || residue(a) == residue(b))) return false;
    }
  }
  // ... and every check covering a difference must fail on the second text (two differences
  // in one field could otherwise cancel out and make it a competing reading).
  const FormatLayout* layout = first.lines.empty() ? nullptr : layoutFor(first.lines, first.lines.size(), first.lines[0].size());
  return layout && !passesADisputedCheck(*layout, first.lines, second.lines);
}

bool hasCompetingReading(const MrzRead& read, const std::vector<std::vector<OcrGlyph>>& glyphs) {
  const FormatLayout* layout = read.lines.empty() ? nullptr : layoutFor(read.lines, read.lines.size(), read.lines[0].size());
  if (!layout || glyphs.size() != read.chars.size()) return false;
  for (std::size_t l = 0; l < glyphs.size(); ++l)
    if (glyphs[l].size() != read.chars[l].size()) return false;
  std::vector<std::vector<MrzChar>> chars = read.chars;
  return allChecksPass(chars, *layout) && !competingPairs(chars, glyphs, *layout).empty();
}

bool arbiterMaySettle(const MrzRead& first, const MrzRead& second) {
  const FormatLayout* layout = first.lines.empty() ? nullptr : layoutFor(first.lines, first.lines.size(), first.lines[0].size());
  if (!layout || second.lines.size() != first.lines.size()) return false;
  // Nothing in dispute, or a competing reading (the dispute touches a check the second text passes).
  return first.lines != second.lines && !passesADisputedCheck(*layout, first.lines, second.lines);
}

void markDisagreement(MrzRead& first, const MrzRead& second) {
  for (std::size_t l = 0; l < first.chars.size(); ++l) {
    const bool aligned = l < second.lines.size() && second.lines[l].size() == first.chars[l].size();
    for (std::size_t i = 0; i < first.chars[l].size(); ++i) {
      MrzChar& ch = first.chars[l][i];
      if (aligned ? second.lines[l][i] != ch.value : !ch.proven) ch.doubted = true;
    }
  }
}

std::vector<std::vector<std::string_view>> fieldCharacters(const MrzRead& read) {
  // Per class, the MRZ alphabet's characters `allowed` admits, in alphabet order.
  static const std::map<char, std::string> byClass = [] {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
    std::map<char, std::string> m;
    for (const char cls : std::string_view("ANCSX"))
      for (const char c : kAlphabet)
        if (allowed(cls, c)) m[cls] += c;
    return m;
  }();
  std::vector<std::vector<std::string_view>> out(read.lines.size());
  const FormatLayout* layout = read.lines.empty() ? nullptr : layoutFor(read.lines, read.lines.size(), read.lines[0].size());
  if (!layout) return out;
  for (std::size_t l = 0; l < read.lines.size(); ++l)
    for (const char cls : layout->classes[l]) out[l].push_back(byClass.at(cls));
  return out;
}

std::vector<std::vector<std::string>> shapeRivals(const MrzRead& read) {
  const auto admits = fieldCharacters(read);
  std::vector<std::vector<std::string>> out(read.lines.size());
  for (std::size_t l = 0; l < read.lines.size(); ++l) {
    const std::string& line = read.lines[l];
    if (l >= read.chars.size() || read.chars[l].size() != line.size() || l >= admits.size() || admits[l].size() != line.size())
      continue;
    out[l].resize(line.size());
    const std::size_t end = line.find_last_not_of('<') + 1;  // npos + 1 == 0: all fillers
    for (std::size_t i = 0; i < end; ++i)
      for (const char c : admits[l][i])
        if (c != line[i] && (!read.chars[l][i].proven || residue(c) == residue(line[i]))) out[l][i] += c;
  }
  return out;
}

std::vector<std::vector<bool>> secondLookPositions(const MrzRead& first, float minConf, float maxRunnerUp) {
  std::vector<std::vector<bool>> look;
  const FormatLayout* layout = first.chars.empty() ? nullptr : layoutFor(first.lines, first.chars.size(), first.chars[0].size());
  for (std::size_t l = 0; l < first.chars.size(); ++l) {
    look.emplace_back();
    for (std::size_t i = 0; i < first.chars[l].size(); ++i) {
      const MrzChar& ch = first.chars[l][i];
      bool need = !ch.proven || doubted(ch, minConf, maxRunnerUp);
      // A check digit pins an alphanumeric character only against substitutes of another
      // residue mod 10, and every character has same-residue ones (0 A K U <, 1 B L V, ...,
      // 5 F P Z, 9 J T): a substitution among them keeps the check right, so every letter and
      // digit of a checked alphanumeric field is read again. A list of "look-alikes" is not
      // enough: a trial model read the P of document number AM5MP8MWF as F (15 and 25) in a
      // clean scan, a pair no such list held (held-out scan-clean-MRVA-1038). The filler '<'
      // is the exception: this model turned '<' into K twice in 1314 wrong characters on the
      // committed, held-out (corpus-gen --first 1000) and real sets, never K into '<' (a K has
      // a stem blur does not remove), and the fillers of empty optional data would otherwise
      // be read again on every TD3.
      if (!need && layout && layout->classes[l][i] == 'X' && ch.value != '<') need = true;
      look.back().push_back(need || !layout);
    }
    // A line's trailing run of fillers read with confidence, unrepaired and with no runner-up
    // above the limit (the end of a name field, a visa's empty optional data) is not read
    // again. On the committed, held-out and real sets (1,342 reads of the truth's shape) such
    // runs held 21,195 fillers, one of them a letter (in a line of garbage, camera-hard
    // MRVA-3033, that passes nothing). A name whose last letter the first pass took for a '<'
    // is still seen: the second look keeps kSecondLookContext glyphs beyond the last marked
    // position (mrz_reader.cpp), and names must match exactly. Fillers added by a line-length
    // fix are repaired, so they are read again. The crop then ends after the last letter of
    // the names: about 14 glyphs fewer per read, and fewer second passes that disagree only on
    // blurred fillers (14 more exact reads, none wrong, on the same images).
    if (layout)
      for (std::size_t i = first.chars[l].size(); i-- > 0;) {
        const MrzChar& ch = first.chars[l][i];
        if (ch.value != '<' || doubted(ch, minConf, maxRunnerUp)) break;
        look.back()[i] = false;
      }
  }
  return look;
}

std::vector<bool> linesTheGateRefused(const MrzRead& read, std::size_t lineCount, float minConf, float maxRunnerUp) {
  std::vector<bool> refused(lineCount, false);
  const FormatLayout* layout = read.chars.empty() ? nullptr : layoutFor(read.lines, read.chars.size(), read.chars[0].size());
  bool any = false;
  if (read.status == ReadStatus::Uncertain && layout && read.chars.size() == lineCount) {
    const std::vector<std::vector<bool>> covered = checkedPositions(*layout);
    for (std::size_t l = 0; l < read.chars.size(); ++l)
      for (std::size_t i = 0; i < read.chars[l].size(); ++i) {
        const char cls = layout->classes[l][i];
        const MrzChar& ch = read.chars[l][i];
        // The gate's own test (decodeLines, step 3): for a digit, a check digit and a checked
        // alphanumeric character `proven` is that test (with the strong-doubt and
        // different-residue rules); elsewhere it is the plain one.
        const bool refusedHere = cls == 'N' || cls == 'C' || (cls == 'X' && covered[l][i])
                                     ? !ch.proven
                                     : doubted(ch, minConf, maxRunnerUp);
        if (refusedHere) refused[l] = any = true;
      }
  }
  // No character to blame (a glyph out of its slot, an unknown layout, not Uncertain): all.
  if (!any) std::fill(refused.begin(), refused.end(), true);
  return refused;
}

std::vector<OcrGlyph> spliceSecondLook(const std::string& firstLine, std::size_t begin, std::size_t count,
                                       const std::vector<OcrGlyph>& crop) {
  std::vector<OcrGlyph> out;
  if (crop.size() != count || begin + count > firstLine.size()) return out;
  for (std::size_t i = 0; i < firstLine.size(); ++i) {
    if (i >= begin && i < begin + count) {
      out.push_back(crop[i - begin]);
      out.back().x = -1;
    } else {
      OcrGlyph g;
      g.value = firstLine[i];
      g.confidence = 1.0f;
      out.push_back(g);
    }
  }
  return out;
}

}  // namespace bordergate::vision
