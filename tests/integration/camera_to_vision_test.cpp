// Camera replay feeds the vision pipeline (issue 6 acceptance): a folder of shipped images is
// replayed as a camera by devices/, each frame goes to vision/'s MrzReader, and every valid
// read must be exactly the MRZ of the image that frame came from.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bordergate/devices/camera.h"
#include "bordergate/firmware_host/clock.h"
#include "bordergate/vision/mrz_reader.h"

namespace fs = std::filesystem;
using namespace bordergate;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}
}  // namespace

TEST_CASE("folder replay camera frames are read by the MRZ reader", "[integration][camera][vision]") {
  const fs::path folder = fs::path(BORDERGATE_SOURCE_DIR) / "images" / "camera-easy";
  std::vector<fs::path> images;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == ".png") images.push_back(e.path());
  std::sort(images.begin(), images.end());  // the replay camera's order
  REQUIRE(images.size() >= 8);

  firmware_host::ManualClock clock;
  auto camera = devices::makeFolderReplayCamera(folder, 10.0, clock, /*loop=*/false);
  REQUIRE(camera->open());
  auto reader = vision::MrzReader::create();
  REQUIRE(reader);

  constexpr std::size_t kFrames = 8;  // bounded: this also runs under ASan
  std::size_t frames = 0, valid = 0;
  while (frames < kFrames) {
    clock.advanceTo(camera->nextDue());
    auto frame = camera->poll();
    if (!frame) continue;
    const auto read = (*reader)->read(*frame);
    INFO("frame " << frames << " from " << images[frames].filename().string());
    if (read.valid()) {
      ++valid;
      // Zero misreads: a valid read is exactly the ground truth of that image.
      CHECK(joined(read.lines) == slurp(fs::path(images[frames]).replace_extension(".txt")));
    }
    ++frames;
  }
  // docs/vision.md: camera-easy reads 20 of 20 single frames; allow slack for slower builds.
  CHECK(valid >= 6);
}
