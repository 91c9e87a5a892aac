// Image-corpus tests of the MRZ reader (zxing style, issue #3): per set a minimum number of
// exact reads and a maximum number of misreads (0). Figures are printed so the thresholds
// can ratchet up; raise a minimum whenever the printed figure beats it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

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
// minus one (scan-clean 20, camera-easy 20, camera-hard 19, rotated 20, images-real 37), so a
// different libtesseract build does not flip the test. Ratchet up from the printed figures.
// Two safety changes lowered them: images-real 29 -> 27 when a state code outside the code
// list stopped reading valid from one frame (specimens of organisations: INP, COU), rotated
// 19 -> 18 when every character of a checked alphanumeric field got the second look,
// images-real 27 -> 26 when the runner-up limit went from 0.50 to 0.20. The space-to-depth
// model (tools/ocr-training/README.md, "Which model ships") raised camera-hard 8 -> 9 and
// rotated 18 -> 19; line images cut 1.6 instead of 2 glyph heights high (locate.cpp,
// kLineCropHeight) camera-hard 9 -> 11, rotated 19 -> 20 and images-real 26 -> 31; a
// line's trailing fillers left out of the second look (decode.cpp, secondLookPositions)
// camera-hard 11 -> 12; an arbiter for the two passes' disputes (mrz_reader.cpp,
// arbiterRendering) camera-hard 12 -> 13; motion blur undone before a second read
// (deblur.h) camera-hard 13 -> 15; short blur estimates undone too camera-hard 15 -> 16; a
// line's end glyph boxed to the image's edge centred from its inner edge (tess_engine.h,
// centreEdgeGlyphs) images-real 31 -> 32; a second model, trained on shaken lines, for the
// frames the first does not read valid (ReaderOptions::secondModel) camera-hard 16 -> 18 and
// images-real 32 -> 34; a colour frame whose luminance shows no MRZ located again in its
// brightest channel (mrz_reader.cpp brightestChannel) images-real 34 -> 35; a glyph the
// LSTM reads twice merged into one (tess_engine.h, mergeDoubleReads) camera-hard 18 -> 19; one
// glyph's label off its slot between two neighbours in theirs not taken for a glyph inserted
// (decode.cpp, slotsConsistent) images-real 35 -> 37; the French national ID card gated by its
// own layout (decode.cpp formatLayouts; it was never Valid from one frame) images-real 37 -> 38.
constexpr int kMinScanClean = 19;
constexpr int kMinCameraEasy = 19;
constexpr int kMinCameraHard = 18;
constexpr int kMinRotated = 19;
constexpr int kMinReal = 37;

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

namespace {

// The same frame turned by 180 degrees (pixel order reversed, pixels kept whole).
bordergate::Frame turned180(const bordergate::Frame& f) {
  const int bpp = bordergate::bytesPerPixel(f.format);
  auto px = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(f.width * bpp) * static_cast<std::size_t>(f.height));
  for (int y = 0; y < f.height; ++y)
    for (int x = 0; x < f.width; ++x)
      for (int c = 0; c < bpp; ++c)
        (*px)[static_cast<std::size_t>(((f.height - 1 - y) * f.width + (f.width - 1 - x)) * bpp + c)] = f.row(y)[x * bpp + c];
  bordergate::Frame out = f;
  out.stride = f.width * bpp;
  out.pixels = px;
  return out;
}

}  // namespace

// Orientation is tried in the order the glyph layout suggests, and the other way is skipped
// once the first reads as an MRZ (mrz_reader.cpp): an upside-down document must still read
// exactly as the upright one, flagged upside down.
TEST_CASE("a frame turned by 180 degrees reads the same MRZ, flagged upside down", "[corpus][orientation]") {
  for (const char* name : {"camera-easy-TD1-000", "camera-easy-TD2-001", "camera-easy-TD3-002", "camera-easy-MRVB-004"}) {
    const fs::path img = fs::path(BORDERGATE_SOURCE_DIR) / "images" / "camera-easy" / (std::string(name) + ".png");
    auto frame = loadImageFile(img.string());
    REQUIRE(frame);
    const auto upright = sharedReader().read(*frame);
    const auto turned = sharedReader().read(turned180(*frame));
    INFO(name);
    CHECK(upright.valid());
    CHECK_FALSE(upright.upsideDown);
    CHECK(turned.valid());
    CHECK(turned.upsideDown);
    CHECK(turned.lines == upright.lines);
    CHECK(corpusText(turned.lines) == corpusTruth(img).value_or(""));
  }
}
