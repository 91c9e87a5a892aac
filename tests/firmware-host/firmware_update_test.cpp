// Firmware update (docs/controller-protocol.md §5.5) through the ControllerClient: success,
// bad signature, wrong key, self-test rollback, and an update over a lossy link.
#include "sim_rig.h"

using namespace bgtest;
using bordergate::ErrorCode;

namespace {
std::vector<std::uint8_t> makeImage(std::size_t n) {
  std::vector<std::uint8_t> img(n);
  for (std::size_t i = 0; i < n; ++i) img[i] = static_cast<std::uint8_t>((i * 131) ^ (i >> 3));
  return img;
}
}  // namespace

TEST_CASE("signFirmware/verifyFirmware: Ed25519 binds image and version") {
  const auto img = makeImage(1000);
  auto sig = signFirmware(img, 0x010203, developmentKeyPair().secretKey);
  REQUIRE(sig);
  CHECK(verifyFirmware(img, 0x010203, *sig, developmentKeyPair().publicKey));
  CHECK_FALSE(verifyFirmware(img, 0x010204, *sig, developmentKeyPair().publicKey));  // version replay
  auto tampered = img;
  tampered[500] ^= 1;
  CHECK_FALSE(verifyFirmware(tampered, 0x010203, *sig, developmentKeyPair().publicKey));
  CHECK(firmwareVersionString(0x010203) == "1.2.3");
}

TEST_CASE("firmware update: signed image is transferred, verified, activated and confirmed") {
  Rig rig;
  REQUIRE(rig.client.connect());
  const auto img = makeImage(5000);  // 20 chunks
  auto sig = signFirmware(img, 0x010100, developmentKeyPair().secretKey);
  REQUIRE(sig);
  auto info = rig.client.updateFirmware(img, 0x010100, *sig);
  REQUIRE(info);
  CHECK(info->firmwareVersion == 0x010100);
  CHECK(rig.board.firmwareVersion() == 0x010100);
  CHECK_FALSE(rig.board.trialImage());  // confirmed: permanent
  // Past the trial window nothing rolls back.
  rig.client.poll(kTrialWindow + 1000ms);
  CHECK(rig.board.firmwareVersion() == 0x010100);
  CHECK_FALSE(rig.board.rolledBack());
  CHECK(rig.client.gateState() == GateState::Closed);
}

TEST_CASE("firmware update: a bad signature is refused and the old image keeps running") {
  Rig rig;
  REQUIRE(rig.client.connect());
  const auto img = makeImage(700);
  auto sig = signFirmware(img, 0x010100, developmentKeyPair().secretKey);
  REQUIRE(sig);
  (*sig)[10] ^= 0x40;
  auto r = rig.client.updateFirmware(img, 0x010100, *sig);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Integrity);
  CHECK(r.error().message.find("FwBadSignature") != std::string::npos);
  CHECK(r.error().message.find("old firmware keeps running") != std::string::npos);
  CHECK(rig.board.firmwareVersion() == 0x010000);
  CHECK(rig.board.running());
}

TEST_CASE("firmware update: an image signed with another key is refused") {
  Rig rig;
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x33);
  auto other = keyPairFromSeed(seed);
  REQUIRE(other);
  const auto img = makeImage(300);
  auto sig = signFirmware(img, 0x020000, other->secretKey);
  REQUIRE(sig);
  auto r = rig.client.updateFirmware(img, 0x020000, *sig);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Integrity);
  CHECK(rig.board.firmwareVersion() == 0x010000);
}

TEST_CASE("firmware update: an image failing its self-test is rolled back and reported") {
  Rig rig;
  REQUIRE(rig.client.connect());
  rig.board.failNextBootSelfTest(true);
  const auto img = makeImage(900);
  auto sig = signFirmware(img, 0x010100, developmentKeyPair().secretKey);
  REQUIRE(sig);
  auto r = rig.client.updateFirmware(img, 0x010100, *sig);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Integrity);
  CHECK(r.error().message.find("rolled back to firmware 1.0.0") != std::string::npos);
  CHECK(rig.board.firmwareVersion() == 0x010000);
  CHECK(rig.board.rolledBack());
  CHECK(rig.board.running());
  CHECK(rig.client.gateState() == GateState::Closed);
}

TEST_CASE("firmware update: the FW_ACTIVATE ACK lost as the board reboots, the new image is confirmed, not reported failed") {
  Rig rig;
  int dropped = 0;
  // The only frame a booting board sends is the ACK of FW_ACTIVATE, written before it reboots.
  rig.link.dropToHostIf([&](const Frame& f) {
    if (f.messageType() != MessageType::Ack || rig.board.running() || dropped > 0) return false;
    ++dropped;
    return true;
  });
  const auto img = makeImage(4096);
  auto sig = signFirmware(img, 0x010101, developmentKeyPair().secretKey);
  REQUIRE(sig);
  auto info = rig.client.updateFirmware(img, 0x010101, *sig);
  REQUIRE(info);
  CHECK(dropped == 1);
  CHECK(info->firmwareVersion == 0x010101);
  CHECK(rig.board.firmwareVersion() == 0x010101);
  CHECK_FALSE(rig.board.trialImage());
}

TEST_CASE("firmware update: succeeds over a lossy, duplicating link") {
  Rig rig(77);
  FaultConfig f;
  f.drop = 0.05;
  f.duplicate = 0.05;
  f.corrupt = 0.05;
  rig.link.setFaults(f);
  const auto img = makeImage(4096);
  auto sig = signFirmware(img, 0x010101, developmentKeyPair().secretKey);
  REQUIRE(sig);
  auto info = rig.client.updateFirmware(img, 0x010101, *sig);
  REQUIRE(info);
  CHECK(rig.board.firmwareVersion() == 0x010101);
  CHECK_FALSE(rig.board.trialImage());
}
