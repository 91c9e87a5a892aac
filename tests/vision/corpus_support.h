// Shared by the vision corpus tests: run the reader over an image folder (zxing-style
// layout: NAME.png|jpg + NAME.txt with the exact MRZ lines) and count the outcomes, scored by
// vision::CorpusTally exactly as `bordergate bench vision` scores them.
#pragma once

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bordergate/vision/corpus.h"
#include "bordergate/vision/image_file.h"
#include "bordergate/vision/mrz_reader.h"

namespace bordergate::vision::testing {

struct CorpusFigures : CorpusTally {
  std::vector<std::string> misreadFiles;  // "NAME read as TEXT", one per misread
};

inline CorpusFigures runCorpus(MrzReader& reader, const std::filesystem::path& dir) {
  CorpusFigures f;
  std::error_code ec;
  for (const auto& img : corpusImages(dir, ec)) {
    auto frame = loadImageFile(img.string());
    if (!frame) continue;
    const auto r = reader.read(*frame);
    if (f.add(corpusTruth(img), r.valid(), r.found(), r.status == ReadStatus::Uncertain, r.lines))
      f.misreadFiles.push_back(img.filename().string() + " read as " + corpusText(r.lines));
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
