// Hashing, Ed25519 signatures, canonical JSON and UUIDs for the sync module, all on libsodium
// (proven primitives only; nothing here invents cryptography).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bordergate/core/result.h"

namespace bordergate::sync::detail {

// Calls sodium_init() once; Internal error if libsodium cannot initialise.
Result<void> ensureSodium();

std::string toHex(const unsigned char* data, std::size_t n);
inline std::string toHex(std::string_view s) { return toHex(reinterpret_cast<const unsigned char*>(s.data()), s.size()); }
// Decodes lower/upper-case hex of exactly `expectedBytes` bytes.
Result<std::string> fromHex(std::string_view hex, std::size_t expectedBytes);

// SHA-256 (FIPS 180-4) of a buffer, lower-case hex.
std::string sha256Hex(std::string_view data);

// Incremental SHA-256 for streamed downloads and files.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t n);
  std::string finishHex();

 private:
  alignas(64) unsigned char state_[128];
};

// SHA-256 and size of a file.
struct FileDigest {
  std::uint64_t length = 0;
  std::string sha256;
};
Result<FileDigest> digestFile(const std::string& path);

// The canonical form signatures are computed over (docs/sync.md, "Canonical JSON"): UTF-8,
// object keys sorted by byte value, no whitespace, integers only (no floats), strings
// escaped minimally (", \ and control characters < 0x20 as \uXXXX or the short escapes).
// This is nlohmann::json::dump() of a sorted-key json with ensure_ascii=false, which we pin
// here; floats are rejected so number formatting can never differ between implementations.
Result<std::string> canonicalJson(const nlohmann::json& value);

// Ed25519 (RFC 8032) via libsodium crypto_sign_*.
struct Ed25519Key {
  std::string publicKey;  // 32 raw bytes
  std::string secretKey;  // 64 raw bytes (empty for a verify-only key)
  // TUF-style key id: hex SHA-256 of the canonical JSON {"keytype":"ed25519","public":"<hex>"}.
  std::string keyId() const;
  nlohmann::json publicJson() const;
};
Result<Ed25519Key> generateEd25519();
std::string signDetached(const Ed25519Key& key, std::string_view message);  // 64 raw bytes
bool verifyDetached(std::string_view publicKey, std::string_view message, std::string_view signature);

// RFC 9562 UUID version 7 (48-bit Unix milliseconds + 74 random bits from randombytes_buf),
// so outbox ids are unique across kiosks without coordination and sort by creation time.
std::string uuidV7();

}  // namespace bordergate::sync::detail
