// What the training-data tools (mrz-line-harvest, zero-oh-harvest) share: matching an OCR'd
// line against its truth.
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../src/reader/tess_engine.h"

namespace bordergate::vision::harvest {

// Edit distance (insertions, deletions, substitutions) between two lines.
inline std::size_t levenshtein(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The text of an OCR'd line.
inline std::string text(const std::vector<OcrGlyph>& g) {
  std::string s;
  for (const auto& c : g) s += c.value;
  return s;
}

// The truth of a labelled document image (corpus-gen's NAME.png + NAME.txt): its non-empty
// lines; none when it has no .txt (an unlabelled image: nothing to learn from).
inline std::vector<std::string> truthOf(const std::filesystem::path& image) {
  std::filesystem::path txt = image;
  txt.replace_extension(".txt");
  std::ifstream in(txt);
  std::vector<std::string> truth;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) truth.push_back(l);
  return truth;
}

}  // namespace bordergate::vision::harvest
