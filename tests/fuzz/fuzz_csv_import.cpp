// libFuzzer target: the CSV importer must accept any bytes for any table without crashing,
// and every issue it reports must point into the input (line >= 0, column >= 0, a message).
// The first byte selects the table; the rest is the file's text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bordergate/rules/list_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bordergate::rules;
  if (size == 0) return 0;
  const auto& specs = listTableSpecs();
  const ListTableSpec& spec = specs[data[0] % specs.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  ListContents contents;
  const auto issues = importTable(spec.table, text, spec.fileName, contents);
  int lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';
  for (const auto& i : issues) {
    if (i.line < 0 || i.line > lines || i.column < 0 || i.message.empty() || i.file != spec.fileName) std::abort();
    if (i.describe().empty()) std::abort();
  }
  // Accepted rows must satisfy the invariants the engine relies on.
  if (issues.empty()) {
    for (const auto& b : contents.bans)
      if (!b.validity.from || !b.validity.to || *b.validity.to < *b.validity.from) std::abort();
    for (const auto& v : contents.visas)
      if (!v.validity.from || !v.validity.to) std::abort();
  }
  return 0;
}
