// MrzRead::location: where the reader found the MRZ, in frame pixels (the kiosk outlines it).
#include <catch2/catch.hpp>

#include <filesystem>

#include "bordergate/vision/image_file.h"
#include "bordergate/vision/mrz_reader.h"

namespace fs = std::filesystem;
using namespace bordergate;
using namespace bordergate::vision;

TEST_CASE("a read reports the MRZ location inside the frame, a frame without an MRZ none") {
  auto reader = MrzReader::create();
  REQUIRE(reader);
  const fs::path dir = fs::path(BORDERGATE_SOURCE_DIR) / "images";
  auto frame = loadImageFile((dir / "camera-easy" / "camera-easy-TD3-002.png").string());
  REQUIRE(frame);
  const auto r = (*reader)->read(*frame);
  REQUIRE(r.valid());
  REQUIRE(r.location);
  const auto& b = *r.location;
  CHECK(b.x >= 0);
  CHECK(b.y >= 0);
  CHECK(b.x + b.width <= frame->width);
  CHECK(b.y + b.height <= frame->height);
  // Two TD3 lines of 44 characters: much wider than high, at least two character rows high.
  CHECK(b.width > 3 * b.height);
  CHECK(b.height >= 2 * r.quality.charHeight * 0.8);

  // A TD1 block (3 lines of 30): the location covers all three lines, not the line the
  // locator first found (the demo's first document, outlined on one line before).
  auto card = loadImageFile((dir / "scan-clean" / "scan-clean-TD1-010.png").string());
  REQUIRE(card);
  const auto td1 = (*reader)->read(*card);
  REQUIRE(td1.found());
  REQUIRE(td1.location);
  CHECK(td1.location->height >= 3 * td1.quality.charHeight * 0.9);
  CHECK(td1.location->width > 4 * td1.location->height);

  auto page = loadImageFile((dir / "falsepositives" / "barcode-002.png").string());
  REQUIRE(page);
  const auto none = (*reader)->read(*page);
  CHECK_FALSE(none.found());
  CHECK_FALSE(none.location);
}
