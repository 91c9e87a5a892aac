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
