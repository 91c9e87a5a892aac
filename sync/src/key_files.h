// Loading the key files written by generateKeyPair (internal).
#pragma once

#include "crypto.h"

namespace bordergate::sync::detail {

// A secret key file (PREFIX.key); checks the public half matches the secret.
Result<Ed25519Key> loadSecretKey(const std::string& path);
// A public key file (PREFIX.pub) or a secret key file (only its public half is kept).
Result<Ed25519Key> loadPublicKey(const std::string& path);

}  // namespace bordergate::sync::detail
