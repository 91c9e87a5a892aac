// Ed25519 signing keys for the list repository (`bordergate keygen`).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "bordergate/core/result.h"

namespace bordergate::sync {

struct KeyPairFiles {
  std::string keyId;       // TUF-style key id (hex SHA-256 of the canonical public-key JSON)
  std::string publicPath;  // PREFIX.pub: {"keytype":"ed25519","public":"<hex>"}
  std::string secretPath;  // PREFIX.key: the same plus "secret"; created with mode 0600
};

// Generates a new Ed25519 key pair (libsodium crypto_sign_keypair) and writes PREFIX.pub and
// PREFIX.key. Refuses to overwrite existing files (InvalidArgument). The secret file is
// created with O_EXCL and mode 0600 whatever the umask.
Result<KeyPairFiles> generateKeyPair(const std::string& prefix);

// Fills `out` with the 64-byte libsodium secret key (seed || public) of a PREFIX.key file,
// checked against the public key beside it: for signing other things with keys of this format
// (the controller board's firmware, `bordergate firmware sign`). The copies made on the way are
// wiped (sodium_memzero); the caller wipes `out`. InvalidData / InvalidArgument / Integrity
// name the file and what is wrong with it; `out` is then all zeros.
Result<void> loadSecretKeyBytes(const std::string& path, std::span<std::uint8_t, 64> out);

}  // namespace bordergate::sync
