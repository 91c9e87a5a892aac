// Corpus listing and scoring (see bordergate/vision/corpus.h).
#include "bordergate/vision/corpus.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bordergate/core/text.h"
#include "bordergate/mrz/parser.h"

namespace bordergate::vision {
namespace {

// Characters of `truth` matched position by position by the best line of `read`.
long matchedChars(const std::vector<std::string>& truth, const std::vector<std::string>& read) {
  long n = 0;
  for (const auto& t : truth) {
    long best = 0;
    for (const auto& r : read) {
      long m = 0;
      for (std::size_t i = 0; i < std::min(t.size(), r.size()); ++i) m += t[i] == r[i];
      best = std::max(best, m);
    }
    n += best;
  }
  return n;
}

}  // namespace

std::vector<std::filesystem::path> corpusImages(const std::filesystem::path& dir, std::error_code& ec) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".jpeg")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string corpusText(const std::vector<std::string>& lines) {
  std::string s;
  for (std::size_t i = 0; i < lines.size(); ++i) s += (i ? "\n" : "") + lines[i];
  return s;
}

std::optional<std::string> corpusTruth(const std::filesystem::path& image) {
  auto txt = image;
  txt.replace_extension(".txt");
  std::ifstream in(txt, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool CorpusTally::add(const std::optional<std::string>& truth, bool valid, bool found, bool uncertain,
                      const std::vector<std::string>& lines) {
  ++images;
  const std::string joined = corpusText(lines);
  if (truth) {
    ++withTruth;
    const auto t = text::split(*truth, '\n');
    for (const auto& l : t) chars += static_cast<long>(l.size());
    charsRight += matchedChars(t, lines);
    if (!mrz::parse(*truth).valid()) {
      ++invalidTruth;
      if (joined == *truth) ++invalidTruthRead;
    }
  }
  if (valid) {
    if (truth && joined == *truth) {
      ++exact;
      return false;
    }
    ++misreads;
    return true;
  }
  if (found) {
    ++rejected;
    if (truth && uncertain && joined == *truth) ++uncertainExact;
  } else {
    ++notFound;
  }
  return false;
}

double CorpusTally::exactRateOfValidTruths() const {
  const int readable = withTruth - invalidTruth;
  return readable > 0 ? static_cast<double>(exact) / readable : 0.0;
}

}  // namespace bordergate::vision
