// ICAO 9303-3 §4.9 check digits: weights 7,3,1 repeating; '0'-'9' = 0-9, 'A'-'Z' = 10-35,
// '<' = 0; the check digit is the weighted sum modulo 10.
#pragma once

#include <optional>
#include <string_view>

namespace bordergate::mrz {

// Value of one MRZ character, or -1 if the character is not in the MRZ alphabet [0-9A-Z<].
int mrzCharValue(char c);

// The check digit ('0'..'9') of `field`, or nullopt if `field` holds a character outside
// the MRZ alphabet.
std::optional<char> computeCheckDigit(std::string_view field);

// True if every character is in [0-9A-Z<].
bool isMrzAlphabet(std::string_view s);

}  // namespace bordergate::mrz
