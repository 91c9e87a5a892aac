// ICAO 9303-3 §6 transliteration (Latin with diacritics, Cyrillic, Greek) and plain folding.
#include "bordergate/mrz/transliteration.h"

#include "bordergate/core/text.h"

namespace bordergate::mrz {

namespace {

// 9303-3 §6, table A (multinational Latin-based characters), U+00C0..U+017F.
// Index = code point - 0xC0. nullptr = not a letter (× ÷): dropped.
// Lower-case entries mirror their capitals. Where 9303-3 gives a choice (Ä AE or A), the
// first (recommended) form is used here; plain folding overrides them (see kPlainOverrides).
constexpr const char* kLatin[0x180 - 0xC0] = {
    // C0-CF: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    "A", "A", "A", "A", "AE", "AA", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    // D0-DF: Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    "D", "N", "O", "O", "O", "O", "OE", nullptr, "OE", "U", "U", "U", "UE", "Y", "TH", "SS",
    // E0-EF: à á â ã ä å æ ç è é ê ë ì í î ï
    "A", "A", "A", "A", "AE", "AA", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    // F0-FF: ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    "D", "N", "O", "O", "O", "O", "OE", nullptr, "OE", "U", "U", "U", "UE", "Y", "TH", "Y",
    // 100-10F: Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď
    "A", "A", "A", "A", "A", "A", "C", "C", "C", "C", "C", "C", "C", "C", "D", "D",
    // 110-11F: Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ
    "D", "D", "E", "E", "E", "E", "E", "E", "E", "E", "E", "E", "G", "G", "G", "G",
    // 120-12F: Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į
    "G", "G", "G", "G", "H", "H", "H", "H", "I", "I", "I", "I", "I", "I", "I", "I",
    // 130-13F: İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ
    "I", "I", "IJ", "IJ", "J", "J", "K", "K", "K", "L", "L", "L", "L", "L", "L", "L",
    // 140-14F: ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ
    "L", "L", "L", "N", "N", "N", "N", "N", "N", "N", "N", "N", "O", "O", "O", "O",
    // 150-15F: Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş
    "O", "O", "OE", "OE", "R", "R", "R", "R", "R", "R", "S", "S", "S", "S", "S", "S",
    // 160-16F: Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů
    "S", "S", "T", "T", "T", "T", "T", "T", "U", "U", "U", "U", "U", "U", "U", "U",
    // 170-17F: Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ
    "U", "U", "U", "U", "W", "W", "Y", "Y", "Y", "Z", "Z", "Z", "Z", "Z", "Z", "S",
};

// 9303-3 §6, table B (Cyrillic), U+0400..U+045F; lower case = upper + 0x20 (0x430..0x44F)
// and + 0x50 (0x450..0x45F). Ь is omitted per the table.
constexpr const char* kCyrillic400[16] = {
    // Ѐ Ё Ђ Ѓ Є Ѕ І Ї Ј Љ Њ Ћ Ќ Ѝ Ў Џ
    "E", "E", "D", "G", "IE", "DZ", "I", "I", "J", "LJ", "NJ", "C", "K", "I", "U", "DZ"};
constexpr const char* kCyrillic410[32] = {
    // А Б В Г Д Е Ж З И Й К Л М Н О П
    "A", "B", "V", "G", "D", "E", "ZH", "Z", "I", "I", "K", "L", "M", "N", "O", "P",
    // Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я
    "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "SHCH", "IE", "Y", "", "E", "IU", "IA"};

// 9303-3 §6, table C (Greek), capitals U+0391..U+03A9; small letters map onto them.
constexpr const char* kGreek391[25] = {
    // Α Β Γ Δ Ε Ζ Η Θ Ι Κ Λ Μ Ν Ξ Ο Π Ρ (3A2 unused) Σ Τ Υ Φ Χ Ψ Ω
    "A", "V", "G", "D", "E", "Z", "I", "TH", "I", "K", "L", "M", "N", "X", "O", "P", "R",
    nullptr, "S", "T", "Y", "F", "CH", "PS", "O"};

char32_t greekBase(char32_t c) {
  switch (c) {
    case 0x386: case 0x3AC: return 0x391;            // Ά ά
    case 0x388: case 0x3AD: return 0x395;            // Έ έ
    case 0x389: case 0x3AE: return 0x397;            // Ή ή
    case 0x38A: case 0x3AF: case 0x3AA: case 0x3CA: case 0x390: return 0x399;  // Ί ί Ϊ ϊ ΐ
    case 0x38C: case 0x3CC: return 0x39F;            // Ό ό
    case 0x38E: case 0x3CD: case 0x3AB: case 0x3CB: case 0x3B0: return 0x3A5;  // Ύ ύ Ϋ ϋ ΰ
    case 0x38F: case 0x3CE: return 0x3A9;            // Ώ ώ
    case 0x3C2: return 0x3A3;                        // final ς
    default: break;
  }
  if (c >= 0x3B1 && c <= 0x3C9) return c - 0x20;
  if (c >= 0x391 && c <= 0x3A9) return c;
  return 0;
}

enum class Mode { Icao, Plain };

// Appends the transliteration of one code point. Returns false if it has no mapping.
bool appendChar(std::string& out, char32_t c, char32_t next, Mode mode) {
  if (c >= 'A' && c <= 'Z') { out += static_cast<char>(c); return true; }
  if (c >= 'a' && c <= 'z') { out += static_cast<char>(c - 32); return true; }
  // 9303-3 §4.6: spaces, hyphens and commas separate name components; apostrophes and
  // other punctuation are omitted.
  if (c == ' ' || c == '-' || c == ',' || c == '<' || c == '\t' || c == 0x2010 || c == 0x2011) {
    out += ' ';
    return true;
  }
  if (c == '\'' || c == '.' || c == 0x2019 || c == 0x02BC || c == '`') return true;
  if (c >= 0xC0 && c < 0x180) {
    const char* m = kLatin[c - 0xC0];
    if (!m) return false;
    if (mode == Mode::Plain) {
      switch (c) {
        case 0xC4: case 0xE4: case 0xC5: case 0xE5: out += 'A'; return true;  // Ä Å
        case 0xD6: case 0xF6: case 0xD8: case 0xF8: out += 'O'; return true;  // Ö Ø
        case 0xDC: case 0xFC: out += 'U'; return true;                        // Ü
        default: break;
      }
    }
    out += m;
    return true;
  }
  if (c == 0x218 || c == 0x219) { out += 'S'; return true; }  // Ș ș (Romanian)
  if (c == 0x21A || c == 0x21B) { out += 'T'; return true; }  // Ț ț
  if (c >= 0x400 && c <= 0x40F) { out += kCyrillic400[c - 0x400]; return true; }
  if (c >= 0x450 && c <= 0x45F) { out += kCyrillic400[c - 0x450]; return true; }
  if (c >= 0x410 && c <= 0x42F) { out += kCyrillic410[c - 0x410]; return true; }
  if (c >= 0x430 && c <= 0x44F) { out += kCyrillic410[c - 0x430]; return true; }
  if (c == 0x490 || c == 0x491) { out += 'G'; return true; }  // Ґ ґ
  if (char32_t g = greekBase(c)) {
    // ΟΥ -> OU (ELOT 743 as used in Greek passports), otherwise Υ -> Y.
    if (g == 0x39F && greekBase(next) == 0x3A5) { out += "OU"; return true; }
    const char* m = kGreek391[g - 0x391];
    if (!m) return false;
    out += m;
    return true;
  }
  return false;
}

std::string transliterate(std::string_view utf8, Mode mode, bool* lossy) {
  const std::u32string cps = text::decodeUtf8(utf8);
  std::string out;
  bool lost = false;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t next = i + 1 < cps.size() ? cps[i + 1] : 0;
    // ΟΥ consumed as a pair.
    const bool pairOu = greekBase(cps[i]) == 0x39F && greekBase(next) == 0x3A5;
    if (!appendChar(out, cps[i], next, mode)) lost = true;
    if (pairOu) ++i;
  }
  // Collapse separators into single spaces and trim.
  std::string collapsed;
  for (char ch : out) {
    if (ch == ' ') {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
    } else {
      collapsed += ch;
    }
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  if (lossy) *lossy = lost;
  return collapsed;
}

}  // namespace

std::string transliterateIcao(std::string_view utf8, bool* lossy) {
  return transliterate(utf8, Mode::Icao, lossy);
}

std::string foldPlain(std::string_view utf8) { return transliterate(utf8, Mode::Plain, nullptr); }

std::string normalizeName(std::string_view nameOrMrz) {
  return transliterate(nameOrMrz, Mode::Icao, nullptr);
}

}  // namespace bordergate::mrz
