// RFC 4180 CSV reader with line/column positions (see csv.h).
#include "bordergate/rules/csv.h"

#include <cstdint>
#include <limits>

namespace bordergate::rules {

std::string ImportIssue::describe() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  if (!columnName.empty()) s += " (" + columnName + ")";
  s += ": " + message;
  return s;
}

namespace {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    int n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + static_cast<std::size_t>(n) >= s.size()) return false;  // truncated sequence
    for (int k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}

}  // namespace

tl::expected<CsvDocument, ImportIssue> parseCsv(std::string_view text, std::string_view fileName) {
  const std::string file(fileName);
  auto issue = [&](int line, int column, std::string message) {
    return tl::unexpected<ImportIssue>(ImportIssue{file, line, column, {}, std::move(message)});
  };
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return issue(0, 0, "file is larger than 2 GiB; split the export");
  // A UTF-8 byte-order mark is what spreadsheet programs write; it is not part of the header.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  CsvDocument doc;
  std::size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    bool recordDone = false;
    while (!recordDone) {
      std::string field;
      const int column = static_cast<int>(rec.fields.size()) + 1;
      if (i < text.size() && text[i] == '"') {
        const int quoteLine = line;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; i += 2; continue; }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        if (!closed)
          return issue(quoteLine, column, "quoted field is never closed (a '\"' is missing); inside quotes write a quote as \"\"");
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return issue(line, column, std::string("unexpected character '") + text[i] +
                                         "' after a closing quote; a quote inside a field must be doubled (\"\")");
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            return issue(line, column, "a quote inside an unquoted field; enclose the field in quotes and double the quote (\"\")");
          field += text[i];
          ++i;
        }
      }
      if (field.find('\0') != std::string::npos) return issue(rec.line, column, "field contains a NUL byte");
      if (!isValidUtf8(field)) return issue(rec.line, column, "field is not valid UTF-8; export the file as UTF-8");
      rec.fields.push_back(std::move(field));
      if (i >= text.size()) { recordDone = true; break; }
      if (text[i] == ',') { ++i; continue; }
      // Record end: CRLF, LF, or a lone CR (old Mac exports).
      if (text[i] == '\r') {
        ++i;
        if (i < text.size() && text[i] == '\n') ++i;
      } else {
        ++i;
      }
      ++line;
      recordDone = true;
    }
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) doc.records.push_back(std::move(rec));
  }
  return doc;
}

}  // namespace bordergate::rules
