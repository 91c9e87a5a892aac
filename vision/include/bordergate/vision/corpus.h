// Image corpora and how a read is scored against them: one definition for `bordergate bench
// vision` and the corpus tests (tests/vision), so both count the same way (issue #3).
// A corpus is a zxing-style folder: NAME.png|.jpg|.jpeg, and NAME.txt with the exact MRZ lines
// ('\n'-joined, no trailing newline) when the image holds one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace bordergate::vision {

// The images of a corpus folder, sorted by name. `ec` is set when the folder cannot be read.
std::vector<std::filesystem::path> corpusImages(const std::filesystem::path& dir, std::error_code& ec);

// MRZ lines in a truth file's form: '\n'-joined, no trailing newline.
std::string corpusText(const std::vector<std::string>& lines);

// The truth beside an image (NAME.txt), or nullopt when there is none.
std::optional<std::string> corpusTruth(const std::filesystem::path& image);

// Outcomes of reads against their truths.
struct CorpusTally {
  int images = 0;
  int withTruth = 0;         // images with a NAME.txt
  int exact = 0;             // valid read equal to the truth
  int misreads = 0;          // valid read different from the truth, or valid with no truth
  int rejected = 0;          // MRZ found but not accepted (check digits, charset, gate)
  int uncertainExact = 0;    // of `rejected`: uncertain reads whose text was in fact right
  int notFound = 0;
  int invalidTruth = 0;      // truths that fail their own check digits: refusing them is right
  int invalidTruthRead = 0;  // of those, read letter for letter (and refused)
  long chars = 0;            // characters of the truths
  long charsRight = 0;       // of those, matched position by position by the best read line

  // Scores one read: `valid` / `found` / `uncertain` as MrzRead reports them (a reader with
  // no uncertain state passes false), `lines` the text read. Returns true for a misread.
  bool add(const std::optional<std::string>& truth, bool valid, bool found, bool uncertain,
           const std::vector<std::string>& lines);

  // Exact reads among the truths that pass their own checks (0 when there are none).
  double exactRateOfValidTruths() const;
};

}  // namespace bordergate::vision
