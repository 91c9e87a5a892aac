// Shared by the vision corpus tests: run the reader over an image folder (zxing-style
// layout: NAME.png|jpg + NAME.txt with the exact MRZ lines) and count the outcomes.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bordergate/mrz/parser.h"
#include "bordergate/vision/image_file.h"
#include "bordergate/vision/mrz_reader.h"

namespace bordergate::vision::testing {

struct CorpusFigures {
  int images = 0;
  int exact = 0;       // valid read equal to NAME.txt
  int misreads = 0;    // valid read different from NAME.txt (or any valid read without NAME.txt)
  int rejected = 0;    // MRZ found but not accepted (check digits / charset / confidence)
  int uncertainExact = 0;  // of `rejected`: Uncertain reads whose text was in fact right
  int notFound = 0;
  int withTruth = 0;     // images with a NAME.txt
  int invalidTruth = 0;  // of those, NAME.txt itself fails its check digits: refusing it is right
  std::vector<std::string> misreadFiles;
};

inline std::string readText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::filesystem::path> corpusImages(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".jpeg")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string joinLines(const std::vector<std::string>& lines) {
  std::string s;
  for (std::size_t i = 0; i < lines.size(); ++i) s += (i ? "\n" : "") + lines[i];
  return s;
}

inline CorpusFigures runCorpus(MrzReader& reader, const std::filesystem::path& dir) {
  CorpusFigures f;
  for (const auto& img : corpusImages(dir)) {
    auto frame = loadImageFile(img.string());
    if (!frame) continue;
    ++f.images;
    const auto r = reader.read(*frame);
    auto txtPath = img;
    txtPath.replace_extension(".txt");
    const bool hasTruth = std::filesystem::exists(txtPath);
    const std::string truth = hasTruth ? readText(txtPath) : std::string();
    if (hasTruth) {
      ++f.withTruth;
      if (!mrz::parse(truth).valid()) ++f.invalidTruth;
    }
    if (r.valid()) {
      if (hasTruth && joinLines(r.lines) == truth) ++f.exact;
      else {
        ++f.misreads;
        f.misreadFiles.push_back(img.filename().string() + " read as " + joinLines(r.lines));
      }
    } else if (r.found()) {
      ++f.rejected;
      if (hasTruth && r.status == ReadStatus::Uncertain && joinLines(r.lines) == truth) ++f.uncertainExact;
    } else {
      ++f.notFound;
    }
  }
  return f;
}

inline void printFigures(const std::string& name, const CorpusFigures& f) {
  std::cout << "corpus " << name << ": images " << f.images << ", exact " << f.exact << ", misreads " << f.misreads
            << ", rejected " << f.rejected << " (uncertain but right " << f.uncertainExact << "), not found " << f.notFound
            << "\n";
  if (f.invalidTruth > 0)
    std::cout << "  " << f.invalidTruth << " of the images print an MRZ that fails its own checks (never valid); exact on the other "
              << f.withTruth - f.invalidTruth << ": " << f.exact << "\n";
  for (const auto& m : f.misreadFiles) std::cout << "  MISREAD " << m << "\n";
}

}  // namespace bordergate::vision::testing
