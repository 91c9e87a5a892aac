// Name transliteration per ICAO 9303-3 §6 (Latin with diacritics, Cyrillic, Greek), and the
// plain folding people use when they type a name without diacritics (Ö -> O). Both produce
// MRZ-alphabet text (A-Z, with ' ' between name components); other punctuation per 9303-3
// §4.6: apostrophes are dropped, hyphens and commas become spaces.
#pragma once

#include <string>
#include <string_view>

namespace bordergate::mrz {

// ICAO 9303-3 recommended transliteration: ÖZTÜRK -> OEZTUERK, ÇAĞLAR -> CAGLAR,
// MÜLLER -> MUELLER, ß -> SS, ИВАНОВ -> IVANOV, ΠΑΠΑΔΟΠΟΥΛΟΣ -> PAPADOPOULOS.
// Characters with no known mapping become '?' is NOT done: they are dropped, and *lossy is
// set to true when given.
std::string transliterateIcao(std::string_view utf8, bool* lossy = nullptr);

// Plain folding: diacritics removed without the ICAO digraphs (ÖZTÜRK -> OZTURK,
// MÜLLER -> MULLER); Cyrillic and Greek as in transliterateIcao().
std::string foldPlain(std::string_view utf8);

// Normalises a name for comparison: upper-case MRZ alphabet, '<' and runs of spaces become
// one space, trimmed. Input may be MRZ text ("OZTURK<<AHMET") or UTF-8.
std::string normalizeName(std::string_view nameOrMrz);

}  // namespace bordergate::mrz
