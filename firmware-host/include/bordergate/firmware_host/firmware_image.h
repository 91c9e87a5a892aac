// Signed firmware images for the controller board (docs/controller-protocol.md §5.5):
// Ed25519 (RFC 8032) over "BGFW" || version u32 || size u32 || image, via libsodium.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/firmware_host/protocol.h"

namespace bordergate::firmware_host {

using PublicKey = std::array<std::uint8_t, kPublicKeySize>;
using SecretKey = std::array<std::uint8_t, kSecretKeySize>;
using Signature = std::array<std::uint8_t, kSignatureSize>;

struct KeyPair {
  PublicKey publicKey{};
  SecretKey secretKey{};
};

// The bytes the signature covers (§5.5).
std::vector<std::uint8_t> firmwareSignedMessage(std::span<const std::uint8_t> image, std::uint32_t version);

// A key pair derived from a 32-byte seed (crypto_sign_seed_keypair): deterministic, for
// tests and the simulator's development key. Internal error only if libsodium cannot start.
Result<KeyPair> keyPairFromSeed(std::span<const std::uint8_t, 32> seed);

// The simulator's built-in development key pair (seed = the 32 ASCII bytes
// "bordergate-dev-firmware-key-0001"). NEVER a production key: anyone can sign with it.
const KeyPair& developmentKeyPair();

Result<Signature> signFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const SecretKey& key);
// Overwrites a secret key in memory so that the compiler cannot drop it (sodium_memzero).
void wipeSecretKey(SecretKey& key);

// True when `signature` verifies over firmwareSignedMessage(image, version) with `key`.
bool verifyFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const Signature& signature,
                    const PublicKey& key);

// "1.2.3" for 0x010203.
std::string firmwareVersionString(std::uint32_t version);
// 0x010203 for "1.2.3": three decimal numbers 0..255 of 1-3 digits each ("01.2.3" too);
// nullopt for anything else.
std::optional<std::uint32_t> parseFirmwareVersion(std::string_view text);

// The signature file shipped beside a firmware image (IMAGE.sig, written by `bordergate
// firmware sign`, read by `bordergate board update`). Text, one field per line:
//   bordergate-firmware-signature 1
//   version 1.2.3
//   size 40960
//   sha256 <64 hex digits>        of the image: tells a wrong image from a forged one on the host
//   ed25519 <128 hex digits>      over firmwareSignedMessage(image, version); the board checks it
struct FirmwareSignatureFile {
  std::uint32_t version = 0;
  std::uint32_t size = 0;
  std::array<std::uint8_t, 32> sha256{};
  Signature signature{};
};

// Signs `image` as `version`. InvalidArgument if the image is empty or larger than kFwSlotSize
// (the board would refuse it at FW_BEGIN).
Result<FirmwareSignatureFile> signFirmwareFile(std::span<const std::uint8_t> image, std::uint32_t version, const SecretKey& key);
std::string formatFirmwareSignatureFile(const FirmwareSignatureFile& file);
// InvalidData, saying which line is wrong, for anything but the format above.
Result<FirmwareSignatureFile> parseFirmwareSignatureFile(std::string_view text);
// Whether `image` is the one `file` was made for: InvalidData naming the size or the SHA-256
// that differs (a wrong or damaged file: nothing is sent to the board).
Result<void> checkFirmwareImage(const FirmwareSignatureFile& file, std::span<const std::uint8_t> image);

}  // namespace bordergate::firmware_host
