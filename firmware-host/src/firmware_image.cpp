// Ed25519 firmware signing/verification through libsodium (docs/controller-protocol.md §5.5).
#include "bordergate/firmware_host/firmware_image.h"

#include <sodium.h>

#include <cstring>

#include "bordergate/firmware_host/frame_codec.h"

namespace bordergate::firmware_host {
namespace {

bool sodiumReady() {
  // sodium_init() is idempotent and thread-safe; 1 = already initialised.
  static const int rc = sodium_init();
  return rc >= 0;
}

}  // namespace

std::vector<std::uint8_t> firmwareSignedMessage(std::span<const std::uint8_t> image, std::uint32_t version) {
  std::vector<std::uint8_t> m{'B', 'G', 'F', 'W'};
  putU32(m, version);
  putU32(m, static_cast<std::uint32_t>(image.size()));
  m.insert(m.end(), image.begin(), image.end());
  return m;
}

Result<KeyPair> keyPairFromSeed(std::span<const std::uint8_t, 32> seed) {
  if (!sodiumReady()) return fail(ErrorCode::Internal, "libsodium failed to initialise (sodium_init)");
  KeyPair kp;
  crypto_sign_seed_keypair(kp.publicKey.data(), kp.secretKey.data(), seed.data());
  return kp;
}

const KeyPair& developmentKeyPair() {
  static const KeyPair kp = [] {
    std::array<std::uint8_t, 32> seed{};
    const char* text = "bordergate-dev-firmware-key-0001";  // exactly 32 bytes
    std::memcpy(seed.data(), text, 32);
    auto r = keyPairFromSeed(seed);
    return r ? *r : KeyPair{};
  }();
  return kp;
}

Result<Signature> signFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const SecretKey& key) {
  if (!sodiumReady()) return fail(ErrorCode::Internal, "libsodium failed to initialise (sodium_init)");
  const auto m = firmwareSignedMessage(image, version);
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), key.data());
  return sig;
}

bool verifyFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const Signature& signature,
                    const PublicKey& key) {
  if (!sodiumReady()) return false;
  const auto m = firmwareSignedMessage(image, version);
  return crypto_sign_verify_detached(signature.data(), m.data(), m.size(), key.data()) == 0;
}

std::string firmwareVersionString(std::uint32_t v) {
  return std::to_string((v >> 16) & 0xFF) + "." + std::to_string((v >> 8) & 0xFF) + "." + std::to_string(v & 0xFF);
}

}  // namespace bordergate::firmware_host
