// Gate stress test: the reader must never report a wrong MRZ as valid, also when the OCR
// model errs confidently (issue #3). The shipped model seldom does, so this reads, with a
// deliberately weaker trial model (data/weak-model/README.md), held-out documents on which
// that model's first read was wrong yet passed its check digits, or was refused only by the
// confidence gate or the second OCR pass. Any loosening of the gate, the second look or the
// state-code rule that lets such a read through turns this test red. The documents are made
// by corpus-gen (deterministic: set and index give the same image bytes), so no image is
// committed for it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "corpus_support.h"

namespace fs = std::filesystem;
using namespace bordergate::vision;
using namespace bordergate::vision::testing;

namespace {

using Doc = GeneratedDoc;

// Found with the weak model on the committed sets and corpus-gen --first 1000 / 2000 (60 per
// set) / 3000 (camera-hard, 200): reads wrong in a way no check digit sees, all refused by
// the gate or the second look (21 documents), and scan-clean 1026 (a trial model read its
// document number OO as 00, weights 7 and 3 cancel). Chosen again when line images became
// 1.6 glyph heights high (locate.cpp, kLineCropHeight): with the cleaner cut, 14 of the first
// list's 19 reads were right or failed their checks, so they no longer tested the gate. The
// 3000 ones are the closest calls: one name letter wrong (MRVA-3123 Z read as I, TD3-3032
// KAYA as KATA, TD3-3022 M as H).
const std::vector<Doc> kDocs = {
    {"camera-hard", 10},   {"camera-hard", 1001}, {"camera-hard", 1012}, {"camera-hard", 1018}, {"camera-hard", 1031},
    {"camera-hard", 1036}, {"camera-hard", 1046}, {"camera-easy", 2025}, {"camera-hard", 2011}, {"camera-hard", 2015},
    {"camera-hard", 2017}, {"camera-hard", 2033}, {"camera-hard", 2045}, {"camera-hard", 2050}, {"camera-hard", 2055},
    {"camera-hard", 3022}, {"camera-hard", 3032}, {"camera-hard", 3056}, {"camera-hard", 3123}, {"camera-hard", 3148},
    {"camera-hard", 3192}, {"scan-clean", 1026},
};

// Found with the space-to-depth trial network (data/trial-s2-model/README.md) on held-out
// documents: both OCR passes agreed on a wrong read the old gate let through. scan-clean 1026:
// document number OO read as 00 (weights 7 and 3 cancel), the partner O at 0.19, under the old
// 0.50 runner-up limit. camera-hard 3045: a TD1 document number's 8 read as S (same residue)
// with 8 as runner-up at 0.30.
const std::vector<Doc> kS2Docs = {{"scan-clean", 1026}, {"camera-hard", 3045}};

const fs::path& stressDir() {
  static const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "gate-stress-weak", kDocs);
  if (!dir.error().empty()) FAIL(dir.error());
  return dir.path();
}

const fs::path& s2StressDir() {
  static const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "gate-stress-s2", kS2Docs);
  if (!dir.error().empty()) FAIL(dir.error());
  return dir.path();
}

const std::string kShipped = std::string(BORDERGATE_SOURCE_DIR) + "/vision/models";
const std::string kWeak = std::string(BORDERGATE_SOURCE_DIR) + "/tests/vision/data/weak-model";
const std::string kS2 = std::string(BORDERGATE_SOURCE_DIR) + "/tests/vision/data/trial-s2-model";
const std::string kMotionDraw = std::string(BORDERGATE_SOURCE_DIR) + "/tests/vision/data/motion-draw-model";

CorpusFigures readAll(const std::string& tessdata, const fs::path& dir, Reading reading = {}) {
  auto reader = MrzReader::create(reading.options(tessdata));
  if (!reader) FAIL("cannot create the MRZ reader: " << reader.error().message);
  return runCorpus(**reader, dir);
}

}  // namespace

TEST_CASE("gate stress: a weaker model's check-passing misreads are all refused", "[corpus][gate]") {
  const auto f = readAll(kWeak, stressDir());
  printFigures("gate-stress (weak model)", f);
  REQUIRE(f.images == static_cast<int>(kDocs.size()));
  CHECK(f.misreads == 0);
  // Each was found and decoded, so the refusals are the gate's (not a locate failure), and
  // the weak model still reads some right: the test is not passed by reading nothing.
  CHECK(f.exact + f.rejected >= static_cast<int>(kDocs.size()) - 1);
  CHECK(f.exact + f.uncertainExact > 0);
}

TEST_CASE("gate stress: the shipped model reads the same documents without a misread", "[corpus][gate]") {
  const auto f = readAll(kShipped, stressDir());
  printFigures("gate-stress (shipped models)", f);
  CHECK(f.misreads == 0);
  // Measured 19 with the second model (docs/vision.md, "Twenty-second round"), 20 since the
  // uncertain deblurred read is read again 1 px shorter ("Twenty-eighth round"); with the
  // first alone 14: 7 after the arbiter (4 before), 10 at the seventeenth round, 11 since the
  // arbiter may side with a retry's text against the failed plain read (TD3 3032, KAYA, one
  // name letter in dispute; "Eighteenth round"), 12 at the twenty-first. Hard documents: all
  // but two are camera-hard.
  CHECK(f.exact >= 19);
  const auto first = readAll(kShipped, stressDir(), {.secondModel = false});
  printFigures("gate-stress (shipped first model)", first);
  CHECK(first.misreads == 0);
  CHECK(first.exact >= 13);
}

// The gamma-2 retry (retryRendering) reads again a frame whose plain read failed; a text it
// yields must also be corroborated by that plain read, since the retry and the Otsu second
// pass darken the ink alike. On held-out camera-easy TD1 9085 (JOHANSSON read JOHANSSTN) and
// 9035 (ITA read TTA, POULOS read POULJS) the plain read is the one in error and the retry
// reads right; the dispute lies where no check reaches, letter against letter, so the
// arbiter's binarisation settles it as it settles the Otsu pass's (docs/vision.md,
// "Eighteenth round"). Without that both stayed uncertain. Camera-hard MRV-A 9103 is the trap:
// the weak model reads AYSE as ATSE in the retry, the Otsu pass and the arbiter alike, and the
// plain rendering XHTSE, a glyph more; a plain read that counts a line's glyphs otherwise is no
// letter-for-letter witness and is not put to the arbiter.
TEST_CASE("gate stress: the arbiter may side with the retry's text against the failed plain read", "[corpus][gate]") {
  const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "retry-arbiter", {{"camera-easy", 9085}, {"camera-easy", 9035}, {"camera-hard", 9103}});
  REQUIRE(dir.error().empty());
  const auto shipped = readAll(kShipped, dir.path());
  printFigures("retry-arbiter (shipped model)", shipped);
  REQUIRE(shipped.images == 3);
  CHECK(shipped.misreads == 0);
  CHECK(shipped.exact >= 2);  // measured 2: the two camera-easy documents
  const auto weak = readAll(kWeak, dir.path());
  printFigures("retry-arbiter (weak model)", weak);
  CHECK(weak.misreads == 0);
}

// A glyph the LSTM reads twice (two labels over one glyph's time steps, centres a third of a
// pitch apart) made a line one glyph too long: held-out camera-easy TD3 1052 (the document
// number's O read "0O" by the plain rendering) and TD1 4030 (its name line read a glyph too
// long) read uncertain, their right text disputed by a plain read of another glyph count.
// Such reads are merged (tess_engine.h, mergeDoubleReads): both read Valid with the shipped
// models, and the weak model reads neither wrong.
TEST_CASE("gate stress: a glyph the LSTM reads twice is one glyph", "[corpus][gate]") {
  const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "double-read", {{"camera-easy", 1052}, {"camera-easy", 4030}});
  REQUIRE(dir.error().empty());
  const auto shipped = readAll(kShipped, dir.path());
  printFigures("double-read (shipped models)", shipped);
  REQUIRE(shipped.images == 2);
  CHECK(shipped.misreads == 0);
  CHECK(shipped.exact == 2);
  const auto weak = readAll(kWeak, dir.path());
  printFigures("double-read (weak model)", weak);
  CHECK(weak.misreads == 0);
}

// With a shorter shake than the sets' (corpus-gen --shake 0.5: a 2-5 px segment) the shipped
// model reads three held-out camera-hard frames wrong with confidence 0.98-0.99, and the Otsu
// pass reads them alike: MRV-A 8163 YUSUF as YUSUY, TD2 8001 FATMA as YATMA, TD1 3130 document
// code AC as AL. No check digit covers names or codes. The OCR-B shapes refute each letter
// (glyph_shapes.h; docs/vision.md, "Nineteenth round"): another letter the field admits fits
// the glyph better. The reader without that check shows the trap is still set: should the
// model change so that it reads them right, pick new frames for this test.
TEST_CASE("gate stress: OCR-B shapes refute a confident wrong letter no check digit covers", "[corpus][gate]") {
  const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "shapes",
                          {{"camera-hard", 8163, 1, 0.5}, {"camera-hard", 8001, 1, 0.5}, {"camera-hard", 3130, 1, 0.5}});
  REQUIRE(dir.error().empty());
  const auto unchecked = readAll(kShipped, dir.path(), {.verify = false});
  printFigures("short shake (shipped model, shapes not checked)", unchecked);
  REQUIRE(unchecked.images == 3);
  CHECK(unchecked.misreads == 3);
  const auto checked = readAll(kShipped, dir.path());
  printFigures("short shake (shipped model)", checked);
  CHECK(checked.misreads == 0);
  CHECK(checked.notFound == 0);
  // Measured 2: refuted, the frame is deconvolved (MrzReader::read) and YUSUF and FATMA read right.
  CHECK(checked.exact >= 2);
}

TEST_CASE("gate stress: a space-to-depth trial network's agreed misreads are refused", "[corpus][gate]") {
  const auto f = readAll(kS2, s2StressDir());
  printFigures("gate-stress (space-to-depth trial network)", f);
  REQUIRE(f.images == static_cast<int>(kS2Docs.size()));
  CHECK(f.misreads == 0);
  CHECK(f.exact + f.rejected == static_cast<int>(kS2Docs.size()));
}

// The other way round: OCR-B's outlines settle a doubt the OCR's own figures leave open
// (ReaderOptions::settleWithShapes; docs/vision.md, "Twentieth round" and "Twenty-first
// round"). Each case: right reads of the shipped first model that none read valid with the
// settlement off, all exact with it on (the second model, which reads some of them at once,
// left out), the shipped reader as a whole reads them all, and the weak model, whose errors
// these rules must still refuse, reads none of them wrong. Without the settlement, the
// deblurring's re-read 1 px shorter (ReaderOptions::deblurShorter) is left out too: it reads
// one frame of each case below valid on its own ("Twenty-eighth round").
namespace {
void checkShapesSettle(const std::string& name, const std::vector<Doc>& docs) {
  const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, name, docs);
  REQUIRE(dir.error().empty());
  const int n = static_cast<int>(docs.size());
  const auto unsettled = readAll(kShipped, dir.path(), {.settle = false, .shorter = false, .secondModel = false});
  printFigures(name + " (shipped first model, shapes settle nothing)", unsettled);
  REQUIRE(unsettled.images == n);
  CHECK(unsettled.exact == 0);
  CHECK(unsettled.misreads == 0);
  const auto settled = readAll(kShipped, dir.path(), {.secondModel = false});
  printFigures(name + " (shipped first model)", settled);
  CHECK(settled.misreads == 0);
  CHECK(settled.exact == n);
  const auto shipped = readAll(kShipped, dir.path());
  printFigures(name + " (shipped models)", shipped);
  CHECK(shipped.misreads == 0);
  CHECK(shipped.exact == n);
  const auto weak = readAll(kWeak, dir.path());
  printFigures(name + " (weak model)", weak);
  CHECK(weak.misreads == 0);
}
}  // namespace

// Held-out camera-hard TD2 9121 and TD3 3162: right reads the gate refused for an unsure
// letter whose glyph fits its read clearly best. MRV-B 1019 and MRV-A 2028: right reads whose
// name letter the Otsu pass read otherwise (A as N, F as Y) and the arbiter did not settle.
TEST_CASE("gate stress: OCR-B shapes settle an unsure letter and a dispute of the passes", "[corpus][gate]") {
  checkShapesSettle("settle", {{"camera-hard", 9121}, {"camera-hard", 3162}, {"camera-hard", 1019}, {"camera-hard", 2028}});
}

// Motion-blurred frames whose deconvolved read is right and Valid, and whose corroborating
// read (the neighbourhood deconvolved with a segment 1 px shorter, which leaves blur behind)
// read a letter otherwise: TD2 3071 sex F as Y, TD3 4122 ELIF as ELIT, MRV-A 4168 nationality
// BRA as BRT (with a birth-date digit that fails its check). TD1 8015 (AHMET read AHMEI) was
// a fourth until the twenty-sixth round: the corroborating read's locate now finds the block
// in the shorter deconvolution from its thick core (locate.cpp thickCores), and reads AHMET.
TEST_CASE("gate stress: OCR-B shapes settle a deblurred read's dispute with its corroborating read", "[corpus][gate]") {
  checkShapesSettle("settle-deblurred", {{"camera-hard", 3071}, {"camera-hard", 4122}, {"camera-hard", 4168}});
}

// A letter a check digit covers, confidently read as another of the same residue mod 10:
// held-out camera-hard MRV-A 2018, whose document number AG58962 a motion-trained draw
// (data/motion-draw-model/README.md) reads KG58962 in both OCR passes, 12.8 px glyphs. The
// check digit passes; OCR-B's outlines, weighing the proven K against A, U, 0 and < (shapeRivals,
// decode.h), refute it. The shipped model reads the document without a misread too.
TEST_CASE("gate stress: OCR-B shapes refute a proven letter that its check digit cannot tell from the printed one", "[corpus][gate]") {
  const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "same-residue", {{"camera-hard", 2018}});
  REQUIRE(dir.error().empty());
  // Without the shapes the draw's misread is reported valid: the document still tests the rule.
  const auto unchecked = readAll(kMotionDraw, dir.path(), {.verify = false});
  printFigures("same-residue (motion-trained draw, shapes not checked)", unchecked);
  REQUIRE(unchecked.images == 1);
  CHECK(unchecked.misreads == 1);
  const auto draw = readAll(kMotionDraw, dir.path());
  printFigures("same-residue (motion-trained draw)", draw);
  CHECK(draw.misreads == 0);
  const auto shipped = readAll(kShipped, dir.path());
  printFigures("same-residue (shipped model)", shipped);
  CHECK(shipped.misreads == 0);
}
