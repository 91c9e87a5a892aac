// libsodium-backed hashing, signatures, canonical JSON and UUIDv7 (see crypto.h).
#include "crypto.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

namespace bordergate::sync::detail {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256 state buffer too small");

Result<void> ensureSodium() {
  static const int rc = sodium_init();
  if (rc < 0) return fail(ErrorCode::Internal, "libsodium failed to initialise (sodium_init)");
  return {};
}

std::string toHex(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 15]);
  }
  return out;
}

Result<std::string> fromHex(std::string_view hex, std::size_t expectedBytes) {
  if (hex.size() != expectedBytes * 2) return fail(ErrorCode::InvalidData, "expected " + std::to_string(expectedBytes * 2) + " hex digits, got " + std::to_string(hex.size()));
  std::string out(expectedBytes, '\0');
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < expectedBytes; ++i) {
    const int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return fail(ErrorCode::InvalidData, "not a hex string");
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

Sha256::Sha256() {
  (void)ensureSodium();
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_));
}
void Sha256::update(const void* data, std::size_t n) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_), static_cast<const unsigned char*>(data), n);
}
std::string Sha256::finishHex() {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), out);
  return toHex(out, sizeof out);
}

std::string sha256Hex(std::string_view data) {
  Sha256 h;
  h.update(data.data(), data.size());
  return h.finishHex();
}

Result<FileDigest> digestFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail(ErrorCode::NotFound, "cannot read " + path + ": " + std::strerror(errno));
  Sha256 h;
  FileDigest d;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    h.update(buf, n);
    d.length += n;
  }
  const bool bad = std::ferror(f);
  std::fclose(f);
  if (bad) return fail(ErrorCode::Io, "read error on " + path);
  d.sha256 = h.finishHex();
  return d;
}

namespace {
bool hasFloat(const nlohmann::json& v) {
  if (v.is_number_float()) return true;
  if (v.is_structured())
    for (const auto& e : v) if (hasFloat(e)) return true;
  return false;
}
}  // namespace

Result<std::string> canonicalJson(const nlohmann::json& value) {
  if (hasFloat(value)) return fail(ErrorCode::InvalidData, "canonical JSON allows integers only, found a floating-point number");
  try {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const std::exception& e) {
    return fail(ErrorCode::InvalidData, std::string("cannot serialise metadata as canonical JSON: ") + e.what());
  }
}

nlohmann::json Ed25519Key::publicJson() const {
  return nlohmann::json{{"keytype", "ed25519"}, {"public", toHex(publicKey)}};
}

std::string Ed25519Key::keyId() const { return sha256Hex(*canonicalJson(publicJson())); }

Result<Ed25519Key> generateEd25519() {
  if (auto ok = ensureSodium(); !ok) return tl::unexpected(ok.error());
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  Ed25519Key k{std::string(reinterpret_cast<char*>(pk), sizeof pk), std::string(reinterpret_cast<char*>(sk), sizeof sk)};
  sodium_memzero(sk, sizeof sk);
  return k;
}

std::string signDetached(const Ed25519Key& key, std::string_view message) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(key.secretKey.data()));
  return std::string(reinterpret_cast<char*>(sig), sizeof sig);
}

bool verifyDetached(std::string_view publicKey, std::string_view message, std::string_view signature) {
  if (!ensureSodium()) return false;
  if (publicKey.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(publicKey.data())) == 0;
}

std::string uuidV7() {
  (void)ensureSodium();
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  const auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch()).count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));  // version 7
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));  // RFC 9562 variant
  const std::string h = toHex(b, sizeof b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace bordergate::sync::detail
