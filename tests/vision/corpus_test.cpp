// Image-corpus tests of the MRZ reader (zxing style, issue #3): per set a minimum number of
// exact reads and a maximum number of misreads (0). Figures are printed so the thresholds
// can ratchet up; raise a minimum whenever the printed figure beats it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "corpus_support.h"

namespace fs = std::filesystem;
using namespace bordergate::vision;
using namespace bordergate::vision::testing;

namespace {

MrzReader& sharedReader() {
  static std::unique_ptr<MrzReader> reader = [] {
    ReaderOptions o;
    o.tessdataDir = std::string(BORDERGATE_SOURCE_DIR) + "/vision/models";
    auto r = MrzReader::create(o);
    if (!r) FAIL("cannot create the MRZ reader: " << r.error().message);
    return std::move(*r);
  }();
  return *reader;
}

// Minimum exact reads per committed set (20 images each) and for ../shared/images-real
// (48 images with text, 6 of which must not read valid): the figures measured at this commit
// minus one (scan-clean 18, camera-easy 20, camera-hard 7, rotated 16, images-real 21 since the
// check-digit-aware gate and the gamma retry), so a different libtesseract build does not flip
// the test. Ratchet up from the printed figures.
constexpr int kMinScanClean = 17;
constexpr int kMinCameraEasy = 19;
constexpr int kMinCameraHard = 6;
constexpr int kMinRotated = 15;
constexpr int kMinReal = 20;

struct SetSpec {
  const char* dir;
  int minExact;
  int maxMisreads;
};

void checkSet(const SetSpec& spec) {
  const fs::path dir = fs::path(BORDERGATE_SOURCE_DIR) / "images" / spec.dir;
  REQUIRE(fs::is_directory(dir));
  const auto f = runCorpus(sharedReader(), dir);
  printFigures(spec.dir, f);
  CHECK(f.images > 0);
  CHECK(f.misreads <= spec.maxMisreads);
  CHECK(f.exact >= spec.minExact);
}

}  // namespace

TEST_CASE("corpus scan-clean: exact reads, no misreads", "[corpus]") { checkSet({"scan-clean", kMinScanClean, 0}); }
TEST_CASE("corpus camera-easy: exact reads, no misreads", "[corpus]") { checkSet({"camera-easy", kMinCameraEasy, 0}); }
TEST_CASE("corpus camera-hard: exact reads, no misreads", "[corpus]") { checkSet({"camera-hard", kMinCameraHard, 0}); }
TEST_CASE("corpus rotated: exact reads, no misreads", "[corpus]") { checkSet({"rotated", kMinRotated, 0}); }

TEST_CASE("corpus falsepositives: nothing is read", "[corpus]") {
  const fs::path dir = fs::path(BORDERGATE_SOURCE_DIR) / "images" / "falsepositives";
  REQUIRE(fs::is_directory(dir));
  const auto f = runCorpus(sharedReader(), dir);
  printFigures("falsepositives", f);
  CHECK(f.images > 0);
  CHECK(f.misreads == 0);  // any valid read of a page, receipt or barcode is a misread
}

// The real specimen images (../shared/images-real), reported separately: they measure
// generalisation, the generator is not tuned to them. Six of them fail their check digits on
// purpose (README there): any valid read of those is a misread, which the count includes.
TEST_CASE("corpus images-real: no misreads, exact reads reported", "[corpus][real]") {
  const fs::path dir = fs::path(BORDERGATE_SOURCE_DIR) / ".." / "shared" / "images-real";
  if (!fs::is_directory(dir)) {
    WARN("../shared/images-real absent: skipped");
    std::exit(77);
  }
  const auto f = runCorpus(sharedReader(), dir);
  printFigures("images-real", f);
  CHECK(f.misreads == 0);
  CHECK(f.exact >= kMinReal);
  if (fs::is_directory(dir / "no-mrz")) {
    const auto n = runCorpus(sharedReader(), dir / "no-mrz");
    printFigures("images-real/no-mrz", n);
    CHECK(n.misreads == 0);
  }
}
