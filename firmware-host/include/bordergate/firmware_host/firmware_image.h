// Signed firmware images for the controller board (docs/controller-protocol.md §5.5):
// Ed25519 (RFC 8032) over "BGFW" || version u32 || size u32 || image, via libsodium.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
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

// True when `signature` verifies over firmwareSignedMessage(image, version) with `key`.
bool verifyFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const Signature& signature,
                    const PublicKey& key);

// "1.2.3" for 0x010203.
std::string firmwareVersionString(std::uint32_t version);

}  // namespace bordergate::firmware_host
