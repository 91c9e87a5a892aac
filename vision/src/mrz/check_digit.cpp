// ICAO 9303-3 §4.9 check digit computation.
#include "bordergate/mrz/check_digit.h"

namespace bordergate::mrz {

int mrzCharValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

std::optional<char> computeCheckDigit(std::string_view field) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const int v = mrzCharValue(field[i]);
    if (v < 0) return std::nullopt;
    sum += v * kWeights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

bool isMrzAlphabet(std::string_view s) {
  for (char c : s)
    if (mrzCharValue(c) < 0) return false;
  return true;
}

}  // namespace bordergate::mrz
