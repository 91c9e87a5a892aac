// Small text helpers shared by parsers: line splitting, trimming, UTF-8 decoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bordergate::text {

// Splits on '\n', strips '\r' and surrounding spaces/tabs from each line, drops blank lines.
std::vector<std::string> nonBlankLines(std::string_view input);

std::string_view trim(std::string_view s);

// Splits on every occurrence of `sep`; keeps empty fields.
std::vector<std::string> split(std::string_view s, char sep);

// Decodes UTF-8 into code points. Invalid sequences become U+FFFD; never reads out of bounds.
std::u32string decodeUtf8(std::string_view s);
std::string encodeUtf8(std::u32string_view s);
std::string encodeUtf8(char32_t c);

// Escapes a string for inclusion in a JSON string literal (without the quotes). Bytes that
// are not valid UTF-8 are replaced by U+FFFD so the output is always valid JSON.
std::string jsonEscape(std::string_view s);

}  // namespace bordergate::text
