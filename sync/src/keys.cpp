// Ed25519 key files: generation (keygen) and loading (publish).
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "bordergate/sync/keys.h"
#include "files.h"
#include "key_files.h"

namespace bordergate::sync {
using namespace detail;

namespace {
Result<void> writeNew(const std::string& path, const std::string& data, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    return fail(errno == EEXIST ? ErrorCode::InvalidArgument : ErrorCode::Io,
                "cannot create " + path + ": " + std::strerror(errno) + (errno == EEXIST ? " (refusing to overwrite a key)" : ""));
  ::fchmod(fd, mode);  // independent of the umask
  const char* p = data.data();
  std::size_t n = data.size();
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      ::close(fd);
      return fail(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return fail(ErrorCode::Io, "fsync " + path + " failed");
  return {};
}
}  // namespace

Result<KeyPairFiles> generateKeyPair(const std::string& prefix) {
  auto key = generateEd25519();
  if (!key) return tl::unexpected(key.error());
  KeyPairFiles out{key->keyId(), prefix + ".pub", prefix + ".key"};
  for (const auto& p : {out.publicPath, out.secretPath})
    if (::access(p.c_str(), F_OK) == 0) return fail(ErrorCode::InvalidArgument, p + " already exists; refusing to overwrite a key");
  nlohmann::json secret = key->publicJson();
  secret["secret"] = toHex(key->secretKey);
  std::string secretText = secret.dump() + "\n";
  auto ws = writeNew(out.secretPath, secretText, 0600);
  sodium_memzero(secretText.data(), secretText.size());
  if (!ws) return tl::unexpected(ws.error());
  if (auto wp = writeNew(out.publicPath, key->publicJson().dump() + "\n", 0644); !wp) return tl::unexpected(wp.error());
  return out;
}

namespace detail {

namespace {
Result<nlohmann::json> parseKeyFile(const std::string& path) {
  auto text = readFile(path, 4096);
  if (!text) return tl::unexpected(text.error());
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  // Not j.value("keytype", ""): it throws when the field is not a string.
  if (j.is_discarded() || !j.is_object() || !j.contains("keytype") || j["keytype"] != "ed25519" || !j.contains("public") ||
      !j["public"].is_string())
    return fail(ErrorCode::InvalidData, path + " is not a bordergate Ed25519 key file (make one with `bordergate keygen`)");
  return j;
}
}  // namespace

Result<Ed25519Key> loadPublicKey(const std::string& path) {
  auto j = parseKeyFile(path);
  if (!j) return tl::unexpected(j.error());
  auto pk = fromHex((*j)["public"].get<std::string>(), crypto_sign_PUBLICKEYBYTES);
  if (!pk) return fail(ErrorCode::InvalidData, path + ": bad public key: " + pk.error().message);
  return Ed25519Key{*pk, {}};
}

Result<Ed25519Key> loadSecretKey(const std::string& path) {
  if (auto ok = ensureSodium(); !ok) return tl::unexpected(ok.error());
  auto j = parseKeyFile(path);
  if (!j) return tl::unexpected(j.error());
  if (!j->contains("secret") || !(*j)["secret"].is_string())
    return fail(ErrorCode::InvalidArgument, path + " holds no secret key (did you pass the .pub file? use PREFIX.key)");
  auto pk = fromHex((*j)["public"].get<std::string>(), crypto_sign_PUBLICKEYBYTES);
  auto sk = fromHex((*j)["secret"].get<std::string>(), crypto_sign_SECRETKEYBYTES);
  if (!pk || !sk) return fail(ErrorCode::InvalidData, path + ": malformed key material");
  unsigned char derived[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(derived, reinterpret_cast<const unsigned char*>(sk->data()));
  if (std::memcmp(derived, pk->data(), sizeof derived) != 0)
    return fail(ErrorCode::Integrity, path + ": the public key does not belong to the secret key");
  return Ed25519Key{*pk, *sk};
}

}  // namespace detail
Result<void> loadSecretKeyBytes(const std::string& path, std::span<std::uint8_t, 64> out) {
  sodium_memzero(out.data(), out.size());
  auto k = detail::loadSecretKey(path);
  if (!k) return tl::unexpected(k.error());
  const bool fits = k->secretKey.size() == out.size();
  if (fits) std::memcpy(out.data(), k->secretKey.data(), out.size());
  sodium_memzero(k->secretKey.data(), k->secretKey.size());
  if (!fits) return fail(ErrorCode::InvalidData, path + ": not a 64-byte Ed25519 secret key");
  return {};
}

}  // namespace bordergate::sync
