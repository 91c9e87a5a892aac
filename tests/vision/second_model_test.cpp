// The second OCR model (ReaderOptions::secondModel, vision/models/README.md): a frame the first
// model does not read Valid is read again whole with the model trained on shaken lines, and
// only a Valid read of it replaces the first's.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "bordergate/vision/corpus.h"
#include "bordergate/vision/mrz_reader.h"
#include "corpus_support.h"

namespace fs = std::filesystem;
using namespace bordergate;
using namespace bordergate::vision;
using namespace bordergate::vision::testing;

TEST_CASE("the shipped second model reads committed motion-blurred frames the first model does not", "[corpus]") {
  auto first = shippedReader({.secondModel = false});
  auto both = shippedReader();
  // Measured 6 Dec 2026: the first model reads these uncertain or unreadable, deblurring and
  // all; the second reads them right and Valid.
  for (const char* name : {"camera-hard-MRVB-019", "camera-hard-TD3-007"}) {
    INFO(name);
    const CommittedImage c = committedImage("camera-hard", name);
    const MrzRead alone = first->read(c.frame);
    CHECK_FALSE(alone.valid());
    CHECK_FALSE(alone.quality.secondModel);
    const MrzRead read = both->read(c.frame);
    REQUIRE(read.valid());
    CHECK(read.quality.secondModel);
    CHECK(corpusText(read.lines) == c.truth);
    // The frame's blur as the first read measured it; the location in frame pixels.
    CHECK(read.quality.motionBlur == alone.quality.motionBlur);
    REQUIRE(read.location);
    REQUIRE(alone.location);
    CHECK(std::abs(read.location->x - alone.location->x) < 3 * read.quality.charHeight);
  }
}

TEST_CASE("a frame the first model reads valid is the first model's read", "[corpus]") {
  auto first = shippedReader({.secondModel = false});
  auto both = shippedReader();
  for (const char* set : {"scan-clean", "camera-easy", "rotated"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(BORDERGATE_SOURCE_DIR) / "images" / set)) {
      if (entry.path().extension() != ".png") continue;
      const CommittedImage c = committedImage(set, entry.path().stem().string());
      const MrzRead alone = first->read(c.frame);
      if (!alone.valid()) continue;
      const MrzRead read = both->read(c.frame);
      INFO(entry.path().filename());
      CHECK(read.valid());
      CHECK_FALSE(read.quality.secondModel);
      CHECK(read.lines == alone.lines);
    }
  }
}

TEST_CASE("no second model is loaded where none is named or its file is missing", "[corpus]") {
  ReaderOptions o;
  o.tessdataDir = std::string(BORDERGATE_SOURCE_DIR) + "/tests/vision/data/weak-model";
  auto weak = MrzReader::create(o);
  REQUIRE(weak);
  CHECK_FALSE((*weak)->secondModelLoaded());
  o.tessdataDir = std::string(BORDERGATE_SOURCE_DIR) + "/vision/models";
  o.secondModel = "no-such-model";
  auto missing = MrzReader::create(o);
  REQUIRE(missing);
  CHECK_FALSE((*missing)->secondModelLoaded());
}

// A second model's Valid read of a deconvolution does not overrule a character the first
// model read without doubt (MrzReader::read; docs/vision.md, "Thirty-first round"). The draw
// trained on deconvolved lines (data/deconv-draw-model/README.md), read second after the
// shipped first model, reads committed camera-hard MRV-B 019's name BJORKLUND as BJDRKLUND in
// the estimate's deconvolution and in the one 1 px shorter, which corroborates it; the first
// model read the O at 0.99 with no alternative and its text Uncertain (a doubted B). The two
// texts pass every check: the frame stays Uncertain, with the first model's text, its O in
// doubt.
TEST_CASE("a second model's deblurred read does not overrule a letter the first model read without doubt", "[corpus][gate]") {
  // The shipped first model and the draw side by side in one tessdata directory.
  const TempDir dir("deconv-draw");
  const fs::path source(BORDERGATE_SOURCE_DIR);
  fs::create_symlink(source / "vision/models/mrz.traineddata", dir.path / "mrz.traineddata");
  fs::create_symlink(source / "tests/vision/data/deconv-draw-model/mrz-deconv.traineddata", dir.path / "mrz-deconv.traineddata");
  const CommittedImage c = committedImage("camera-hard", "camera-hard-MRVB-019");
  ReaderOptions o = Reading{}.options(dir.path.string());
  o.secondModel = "mrz-deconv";
  auto pair = MrzReader::create(o);
  REQUIRE(pair);
  REQUIRE((*pair)->secondModelLoaded());
  // The draw alone, as the only model read, makes the error Valid: the document still shows
  // the rule's case.
  o.model = "mrz-deconv";
  o.secondModel.clear();
  auto draw = MrzReader::create(o);
  REQUIRE(draw);
  const MrzRead alone = (*draw)->read(c.frame);
  REQUIRE(alone.lines.size() == 2);
  CHECK(alone.valid());
  CHECK(alone.quality.deblurred);
  CHECK(alone.lines[0] == "V<CHNBJDRKLUND<<Q<<<<<<<<<<<<<<<<<<<");

  const MrzRead read = (*pair)->read(c.frame);
  CHECK_FALSE(read.valid());
  CHECK(read.status == ReadStatus::Uncertain);
  CHECK_FALSE(read.quality.secondModel);
  CHECK(corpusText(read.lines) == c.truth);
  // The letter in dispute is in doubt for the tracker, and the message says why.
  REQUIRE(read.chars.size() == 2);
  REQUIRE(read.chars[0].size() > 7);
  CHECK(read.chars[0][7].value == 'O');
  CHECK(read.chars[0][7].doubted);
  bool said = false;
  for (const auto& e : read.record.errors) said = said || e.message.find("two OCR models") != std::string::npos;
  CHECK(said);
}
