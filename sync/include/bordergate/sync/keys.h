// Ed25519 signing keys for the list repository (`bordergate keygen`).
#pragma once

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

}  // namespace bordergate::sync
