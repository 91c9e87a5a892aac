// The firmware signature file (IMAGE.sig) and version strings (firmware_image.h): what
// `bordergate firmware sign` writes and `bordergate board update` reads before any board is
// touched.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "bordergate/firmware_host/firmware_image.h"

using namespace bordergate::firmware_host;
using bordergate::ErrorCode;

namespace {
std::vector<std::uint8_t> image(std::size_t n, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> img(n);
  for (auto& b : img) b = static_cast<std::uint8_t>(rng());
  return img;
}
}  // namespace

TEST_CASE("firmware versions: X.Y.Z, three numbers 0..255, and back") {
  CHECK(parseFirmwareVersion("1.2.3") == 0x010203u);
  CHECK(parseFirmwareVersion("0.0.0") == 0u);
  CHECK(parseFirmwareVersion("255.255.255") == 0xFFFFFFu);
  for (const char* bad : {"", "1", "1.2", "1.2.3.4", "256.0.0", "1..3", ".1.2", "1.2.", "1.2.3 ", " 1.2.3", "a.b.c", "1.2.-3", "0001.2.3"}) {
    INFO(bad);
    CHECK_FALSE(parseFirmwareVersion(bad).has_value());
  }
  CHECK(parseFirmwareVersion("01.4.002") == 0x010402u);  // 1-3 digits each
  for (std::uint32_t v : {0x000000u, 0x010000u, 0x0A0B0Cu, 0xFF00FFu})
    CHECK(parseFirmwareVersion(firmwareVersionString(v)) == v);
}

TEST_CASE("a signature file round-trips, and its signature verifies over the image and version") {
  const auto img = image(40000);
  auto f = signFirmwareFile(img, 0x010402, developmentKeyPair().secretKey);
  REQUIRE(f);
  const std::string text = formatFirmwareSignatureFile(*f);
  CHECK(text.rfind("bordergate-firmware-signature 1\nversion 1.4.2\nsize 40000\nsha256 ", 0) == 0);
  auto back = parseFirmwareSignatureFile(text);
  REQUIRE(back);
  CHECK(back->version == 0x010402u);
  CHECK(back->size == 40000u);
  CHECK(back->sha256 == f->sha256);
  CHECK(back->signature == f->signature);
  CHECK(checkFirmwareImage(*back, img));
  CHECK(verifyFirmware(img, back->version, back->signature, developmentKeyPair().publicKey));
}

TEST_CASE("an image that is not the signed one is told apart before the board: size, then SHA-256") {
  const auto img = image(1000);
  auto f = signFirmwareFile(img, 0x010000, developmentKeyPair().secretKey);
  REQUIRE(f);
  auto longer = img;
  longer.push_back(0);
  auto r = checkFirmwareImage(*f, longer);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidData);
  CHECK(r.error().message.find("1001 bytes") != std::string::npos);
  auto flipped = img;
  flipped[999] ^= 0x80;
  r = checkFirmwareImage(*f, flipped);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("SHA-256") != std::string::npos);
}

TEST_CASE("signing refuses an empty image and one larger than the board's slot") {
  CHECK_FALSE(signFirmwareFile({}, 0x010000, developmentKeyPair().secretKey));
  CHECK(signFirmwareFile(image(kFwSlotSize), 0x010000, developmentKeyPair().secretKey));
  auto big = signFirmwareFile(image(kFwSlotSize + 1), 0x010000, developmentKeyPair().secretKey);
  REQUIRE_FALSE(big);
  CHECK(big.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a signature file that passed through Windows (CRLF), lost its last newline or gained blank lines still reads") {
  auto f = signFirmwareFile(image(64), 0x020000, developmentKeyPair().secretKey);
  REQUIRE(f);
  const std::string lf = formatFirmwareSignatureFile(*f);
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  for (const std::string& text : {crlf, lf.substr(0, lf.size() - 1), lf + "\n\n", crlf + "\r\n"}) {
    auto back = parseFirmwareSignatureFile(text);
    REQUIRE(back);
    CHECK(back->signature == f->signature);
    CHECK(back->version == 0x020000u);
  }
}

TEST_CASE("a damaged signature file is refused with the line that is wrong") {
  auto f = signFirmwareFile(image(64), 0x020000, developmentKeyPair().secretKey);
  REQUIRE(f);
  const std::string good = formatFirmwareSignatureFile(*f);
  REQUIRE(parseFirmwareSignatureFile(good));
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::pair<std::string, std::string> cases[] = {
      {"", "first line"},
      {good.substr(0, good.size() - 1) + "\nextra\n", "6 lines, not 5"},
      {replaced("signature 1", "signature 2"), "first line"},
      {"\xEF\xBB\xBF" + good, "first line"},  // a byte-order mark
      {replaced("version 2.0.0", "version 2.0"), "version"},
      {replaced("version", "Version"), "line 2"},
      {replaced("size 64", "size 0"), "size"},
      {replaced("size 64", "size 999999999"), "size"},
      {replaced("size 64", "size 6x"), "size"},
      {replaced("sha256 ", "sha256 0"), "sha256"},
      {replaced("ed25519 ", "ed25519 zz"), "ed25519"},
      {good.substr(0, good.size() - 3) + "\n", "ed25519"},
  };
  for (const auto& [text, says] : cases) {
    INFO(text);
    auto r = parseFirmwareSignatureFile(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidData);
    CHECK(r.error().message.find(says) != std::string::npos);
  }
}
