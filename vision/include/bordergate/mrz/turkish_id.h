// The Turkish identity number (T.C. Kimlik No.): 11 digits, first non-zero; digit 10 =
// ((d1+d3+d5+d7+d9)*7 - (d2+d4+d6+d8)) mod 10; digit 11 = (d1+...+d10) mod 10.
// (Nüfus Hizmetleri Kanunu No. 5490 implementing rules; published algorithm.)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bordergate::mrz {

bool isValidTurkishIdNumber(std::string_view digits);

// The first run of exactly 11 digits in `field` (fillers around it), if any.
std::optional<std::string> findTurkishIdNumber(std::string_view field);

}  // namespace bordergate::mrz
