// Turkish identity number (T.C. Kimlik No.) checksum.
#include "bordergate/mrz/turkish_id.h"

namespace bordergate::mrz {

bool isValidTurkishIdNumber(std::string_view s) {
  if (s.size() != 11) return false;
  int d[11];
  for (int i = 0; i < 11; ++i) {
    if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return false;
    d[i] = s[static_cast<std::size_t>(i)] - '0';
  }
  if (d[0] == 0) return false;
  const int odd = d[0] + d[2] + d[4] + d[6] + d[8];
  const int even = d[1] + d[3] + d[5] + d[7];
  // ((odd*7 - even) mod 10), kept non-negative.
  const int tenth = ((odd * 7 - even) % 10 + 10) % 10;
  if (d[9] != tenth) return false;
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += d[i];
  return d[10] == sum % 10;
}

std::optional<std::string> findTurkishIdNumber(std::string_view field) {
  std::size_t i = 0;
  while (i < field.size()) {
    if (field[i] >= '0' && field[i] <= '9') {
      std::size_t j = i;
      while (j < field.size() && field[j] >= '0' && field[j] <= '9') ++j;
      if (j - i == 11) return std::string(field.substr(i, 11));
      i = j;
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

}  // namespace bordergate::mrz
