// Bad image files are typed errors that name the file and say what is wrong with it
// (image_file.h); a good one decodes to a frame of its size.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "bordergate/vision/image_file.h"
#include "corpus_support.h"

namespace fs = std::filesystem;
using namespace bordergate;
using namespace bordergate::vision;
using bordergate::vision::testing::TempDir;

TEST_CASE("image files: missing, a directory, empty or not an image are errors naming the file", "[image]") {
  const TempDir d("image");
  const std::string missing = (d.path / "missing.png").string();
  auto r = loadImageFile(missing);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::NotFound);
  CHECK(r.error().message == "image file " + missing + " does not exist");

  fs::create_directories(d.path / "scans");
  r = loadImageFile((d.path / "scans").string());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  CHECK(r.error().message.find("is a directory") != std::string::npos);
  CHECK(r.error().message.find((d.path / "scans").string()) != std::string::npos);

  for (const char* content : {"", "not a picture\n", "\x89PNG\r\n\x1a\n truncated"}) {
    const std::string bad = (d.path / "bad.png").string();
    std::ofstream(bad, std::ios::binary) << content;
    r = loadImageFile(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidData);
    CHECK(r.error().message.find(bad) != std::string::npos);
    // Said in words a person can act on, not as an OpenCV assertion with its source file.
    CHECK(r.error().message.find("loadsave.cpp") == std::string::npos);
    if (*content == '\0') CHECK(r.error().message == "image file " + bad + " is empty (0 bytes): not an image");
  }
}

TEST_CASE("image files: a PNG or JPEG declaring more pixels than the reader takes is refused before decoding", "[image]") {
  // A PNG of 1 MB decoding to 32000 x 32000 took 2.1 GB and 10 s (a review, 7 Dec 2026). The
  // headers alone declare the size: these files hold nothing after it.
  const TempDir d("image-size");
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  png += std::string("\0\0\x7d\0\0\0\x7d\0\x08\0\0\0\0", 13);  // 32000 x 32000, grey
  png += std::string(4, '\0');                                         // CRC
  std::string jpeg("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
  jpeg += std::string("\xff\xc0\0\x0b\x08\xff\xff\xff\xff\x01\x01\x11\0", 13);  // 65535 x 65535
  for (const auto& [name, bytes] : {std::pair{"bomb.png", png}, std::pair{"bomb.jpg", jpeg}}) {
    const std::string file = (d.path / name).string();
    std::ofstream(file, std::ios::binary) << bytes;
    const auto r = loadImageFile(file);
    INFO(name);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK(r.error().message.find("pixels, more than the reader takes") != std::string::npos);
  }
}

TEST_CASE("image files: a committed PNG decodes to a frame of its size", "[image]") {
  auto f = loadImageFile((fs::path(BORDERGATE_SOURCE_DIR) / "images" / "camera-easy" / "camera-easy-TD3-002.png").string());
  REQUIRE(f);
  CHECK(f->width > 0);
  CHECK(f->height > 0);
  CHECK(f->pixels);
}
