// Capture sequences through reader + tracker, as the kiosk's OCR thread feeds them: the frames
// of one document lying under the camera (corpus-gen --frames: the same scene, lighting and
// focus, a hand's jitter, sensor effects drawn anew) read in order into one MrzTracker until it
// accepts. Frames of one document err alike, so agreement between them is weaker evidence than
// it looks; these sequences are the held-out cases `bordergate bench tracker` found
// (docs/vision.md, "Twelfth round"). Generated on the fly: no image is committed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bordergate/vision/mrz_tracker.h"
#include "corpus_support.h"

namespace fs = std::filesystem;
using namespace bordergate::vision;
using namespace bordergate::vision::testing;

namespace {

const std::vector<GeneratedDoc> kSequences = {
    // NIKOLAOS under a glare spot: the shipped model reads NIKOTTTTS in frames 0-3, doubting
    // the T's each time; a weaker trial model reads NIKOTITITS, NIKOTTTITS, ... in 8 frames.
    {"camera-easy", 2025, 8},
    // Two unreadable frames, then a Valid one.
    {"camera-hard", 5009, 3},
    // Frames 0 and 2 hold a glyph out of its slot (every unproven character in doubt), 1 and
    // 3 a second pass that reads a filler otherwise; frame 4 is Valid.
    {"camera-easy", 5034, 5},
    // Uncertain frames, each doubting other characters: accepted by agreement (TD3 5037:
    // frames 0, 1, 3; frame 2 finds no MRZ. TD2 5061: frames 0, 1, 5; 2-4 unreadable).
    {"camera-hard", 5037, 4},
    {"camera-hard", 5061, 6},
};

const fs::path& sequenceDir() {
  static const GeneratedDocs dir(BORDERGATE_CORPUS_GEN, "tracker-sequences", kSequences);
  if (!dir.error().empty()) FAIL(dir.error());
  return dir.path();
}

struct SequenceOutcome {
  int acceptedAtFrame = 0;  // 1-based; 0: never accepted
  bool right = false;       // the accepted text is the truth
};

// Frames 0..frames-1 of sequence `stem` read in order until the tracker accepts.
SequenceOutcome runSequence(const std::string& tessdata, const std::string& stem, int frames) {
  ReaderOptions o;
  o.tessdataDir = tessdata;
  auto reader = MrzReader::create(o);
  if (!reader) FAIL("cannot create the MRZ reader: " << reader.error().message);
  MrzTracker tracker;
  for (int k = 0; k < frames; ++k) {
    const fs::path image = sequenceDir() / (stem + (k < 10 ? "-f0" : "-f") + std::to_string(k) + ".png");
    auto frame = loadImageFile(image.string());
    if (!frame) FAIL("cannot load " << image << ": " << frame.error().message);
    const auto t = tracker.add((*reader)->read(*frame));
    if (t.valid) return {k + 1, corpusTruth(image) == corpusText(t.lines)};
  }
  return {};
}

const std::string kShipped = std::string(BORDERGATE_SOURCE_DIR) + "/vision/models";
const std::string kWeak = std::string(BORDERGATE_SOURCE_DIR) + "/tests/vision/data/weak-model";

}  // namespace

TEST_CASE("tracker: frames that doubt the same letters alike are never accepted", "[corpus][tracker]") {
  // Shipped model: 3 agreeing frames (NIKOTTTTS) were accepted before the tracker required
  // each character to be read without doubt in some frame.
  const auto shipped = runSequence(kShipped, "camera-easy-TD1-2025", 4);
  CHECK((shipped.acceptedAtFrame == 0 || shipped.right));
  // Weak model: 3 of 8 frames agreed on a wrong text, the others passed their checks with
  // other texts.
  const auto weak = runSequence(kWeak, "camera-easy-TD1-2025", 8);
  CHECK((weak.acceptedAtFrame == 0 || weak.right));
  // Agreeing frames 0-3 never settle the filler they all doubt; the Valid frame 4 is accepted.
  const auto shifted = runSequence(kShipped, "camera-easy-MRVB-5034", 5);
  CHECK(shifted.acceptedAtFrame == 5);
  CHECK(shifted.right);
}

TEST_CASE("tracker: a valid frame is accepted at once after unreadable ones", "[corpus][tracker]") {
  const auto s = runSequence(kShipped, "camera-hard-MRVB-5009", 3);
  CHECK(s.acceptedAtFrame == 3);
  CHECK(s.right);
}

TEST_CASE("tracker: uncertain frames that settle each other's doubts are accepted", "[corpus][tracker]") {
  // Not a single frame is Valid in these: the agreement path works on real reads, not only on
  // the unit tests' synthetic ones.
  const auto td3 = runSequence(kShipped, "camera-hard-TD3-5037", 4);
  CHECK(td3.acceptedAtFrame == 4);
  CHECK(td3.right);
  const auto td2 = runSequence(kShipped, "camera-hard-TD2-5061", 6);
  CHECK(td2.acceptedAtFrame == 6);
  CHECK(td2.right);
}

TEST_CASE("corpus-gen --frames: frame 0 is the single image, later frames differ", "[corpus][tracker]") {
  const GeneratedDocs single(BORDERGATE_CORPUS_GEN, "tracker-single", {{"camera-hard", 5009}});
  REQUIRE(single.error().empty());
  auto bytes = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string one = bytes(single.path() / "camera-hard-MRVB-5009.png");
  REQUIRE_FALSE(one.empty());
  CHECK(one == bytes(sequenceDir() / "camera-hard-MRVB-5009-f00.png"));
  CHECK(one != bytes(sequenceDir() / "camera-hard-MRVB-5009-f01.png"));
  CHECK(bytes(single.path() / "camera-hard-MRVB-5009.txt") == bytes(sequenceDir() / "camera-hard-MRVB-5009-f02.txt"));
}
