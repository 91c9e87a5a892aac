// ICAO 9303-3 §4.9 check digits.
#include <catch2/catch.hpp>

#include "bordergate/mrz/check_digit.h"

using namespace bordergate::mrz;

TEST_CASE("check digits of the 9303 worked examples", "[check_digit]") {
  // 9303-3 §4.9 worked example: date 520727 -> 3.
  CHECK(computeCheckDigit("520727") == '3');
  // 9303-4 Appendix A specimen fields.
  CHECK(computeCheckDigit("L898902C3") == '6');
  CHECK(computeCheckDigit("740812") == '2');
  CHECK(computeCheckDigit("120415") == '9');
  CHECK(computeCheckDigit("ZE184226B<<<<<") == '1');
  CHECK(computeCheckDigit("AB2134<<<") == '5');  // 9303-3 §4.9 example with fillers
}

TEST_CASE("character values", "[check_digit]") {
  CHECK(mrzCharValue('0') == 0);
  CHECK(mrzCharValue('9') == 9);
  CHECK(mrzCharValue('A') == 10);
  CHECK(mrzCharValue('Z') == 35);
  CHECK(mrzCharValue('<') == 0);
  CHECK(mrzCharValue('a') == -1);
  CHECK(mrzCharValue(' ') == -1);
  CHECK_FALSE(computeCheckDigit("AB c"));
  CHECK(computeCheckDigit("") == '0');
}
