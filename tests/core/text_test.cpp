// Text helpers.
#include <catch2/catch.hpp>

#include "bordergate/core/text.h"

using namespace bordergate::text;

TEST_CASE("nonBlankLines tolerates CRLF, blanks and spaces", "[text]") {
  auto lines = nonBlankLines("\r\n  ABC \r\n\n\t DEF\r\n   \n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "ABC");
  CHECK(lines[1] == "DEF");
  CHECK(nonBlankLines("").empty());
}

TEST_CASE("UTF-8 decoding rejects malformed sequences without overreading", "[text]") {
  CHECK(decodeUtf8("\xC3\x96Z") == U"\u00D6Z");
  CHECK(decodeUtf8("\xC3") == U"\uFFFD");             // truncated
  CHECK(decodeUtf8("\xC0\x80") == U"\uFFFD\uFFFD");   // overlong NUL
  CHECK(decodeUtf8("\xED\xA0\x80").size() == 3);      // surrogate -> 3 replacements
  CHECK(encodeUtf8(decodeUtf8("İı Ğ ß Ж Ω")) == "İı Ğ ß Ж Ω");
}

TEST_CASE("jsonEscape always yields valid JSON string content", "[text]") {
  CHECK(jsonEscape("a\"b\\c\n\x01") == "a\\\"b\\\\c\\n\\u0001");
  CHECK(jsonEscape("\xff") == "\xEF\xBF\xBD");
}
