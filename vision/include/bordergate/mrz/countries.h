// Issuing-state and nationality codes: ISO 3166-1 alpha-3 plus the codes ICAO 9303-3 §5
// reserves (D for Germany, GBD/GBN/GBO/GBP/GBS, UNO/UNA/UNK, XXA/XXB/XXC/XXX, XOM, XPO,
// EUE, RKS, ...). Codes are given without filler ('D', not 'D<<').
#pragma once

#include <optional>
#include <string_view>

namespace bordergate::mrz {

// English short name for a code, or nullopt if the code is unknown.
std::optional<std::string_view> countryName(std::string_view code);

inline bool isKnownCountryCode(std::string_view code) { return countryName(code).has_value(); }

}  // namespace bordergate::mrz
