// Ed25519 firmware signing/verification through libsodium (docs/controller-protocol.md §5.5).
#include "bordergate/firmware_host/firmware_image.h"

#include <sodium.h>

#include <cstring>
#include <string>
#include <vector>

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

void wipeSecretKey(SecretKey& key) { sodium_memzero(key.data(), key.size()); }

bool verifyFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const Signature& signature,
                    const PublicKey& key) {
  if (!sodiumReady()) return false;
  const auto m = firmwareSignedMessage(image, version);
  return crypto_sign_verify_detached(signature.data(), m.data(), m.size(), key.data()) == 0;
}

std::string firmwareVersionString(std::uint32_t v) {
  return std::to_string((v >> 16) & 0xFF) + "." + std::to_string((v >> 8) & 0xFF) + "." + std::to_string(v & 0xFF);
}

std::optional<std::uint32_t> parseFirmwareVersion(std::string_view text) {
  std::uint32_t v = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 3) {
    std::uint32_t n = 0;
    std::size_t digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 3; ++i, ++digits)
      n = n * 10 + static_cast<std::uint32_t>(text[i] - '0');
    if (digits == 0 || n > 255) return std::nullopt;
    v = (v << 8) | n;
    if (++parts < 3) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return v;
}

namespace {

constexpr std::string_view kSignatureHeader = "bordergate-firmware-signature 1";

std::array<std::uint8_t, 32> sha256Of(std::span<const std::uint8_t> image) {
  std::array<std::uint8_t, 32> h{};
  crypto_hash_sha256(h.data(), image.data(), image.size());
  return h;
}

template <std::size_t N>
std::string hexOf(const std::array<std::uint8_t, N>& bytes) {
  std::string out(2 * N + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), N);
  out.pop_back();
  return out;
}

template <std::size_t N>
bool fromHex(std::string_view hex, std::array<std::uint8_t, N>& out) {
  if (hex.size() != 2 * N) return false;
  std::size_t len = 0;
  const char* end = nullptr;
  return sodium_hex2bin(out.data(), N, hex.data(), hex.size(), nullptr, &len, &end) == 0 && len == N && end == hex.data() + hex.size();
}

}  // namespace

Result<FirmwareSignatureFile> signFirmwareFile(std::span<const std::uint8_t> image, std::uint32_t version, const SecretKey& key) {
  if (image.empty() || image.size() > kFwSlotSize)
    return fail(ErrorCode::InvalidArgument, "a firmware image is 1 byte to " + std::to_string(kFwSlotSize / 1024) + " KiB; this one is " +
                                                std::to_string(image.size()) + " bytes");
  auto sig = signFirmware(image, version, key);
  if (!sig) return tl::unexpected(sig.error());
  FirmwareSignatureFile f;
  f.version = version;
  f.size = static_cast<std::uint32_t>(image.size());
  f.sha256 = sha256Of(image);
  f.signature = *sig;
  return f;
}

std::string formatFirmwareSignatureFile(const FirmwareSignatureFile& f) {
  return std::string(kSignatureHeader) + "\nversion " + firmwareVersionString(f.version) + "\nsize " + std::to_string(f.size) +
         "\nsha256 " + hexOf(f.sha256) + "\ned25519 " + hexOf(f.signature) + "\n";
}

Result<FirmwareSignatureFile> parseFirmwareSignatureFile(std::string_view text) {
  if (!sodiumReady()) return fail(ErrorCode::Internal, "libsodium failed to initialise (sodium_init)");
  // Lines end in LF or CRLF (a file that passed through Windows); blank lines at the end are
  // ignored, so is a missing final newline.
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < text.size();) {
    const auto nl = text.find('\n', at);
    auto line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  auto bad = [](const std::string& why) {
    return fail(ErrorCode::InvalidData, "not a bordergate firmware signature file: " + why + " (make one with `bordergate firmware sign`)");
  };
  if (lines.empty() || lines[0] != kSignatureHeader) return bad("the first line must be \"" + std::string(kSignatureHeader) + "\"");
  if (lines.size() != 5) return bad("it has " + std::to_string(lines.size()) + " lines, not 5");
  static constexpr std::string_view kKeys[] = {"version ", "size ", "sha256 ", "ed25519 "};
  std::string_view value[4];
  for (std::size_t k = 0; k < 4; ++k) {
    if (lines[k + 1].substr(0, kKeys[k].size()) != kKeys[k]) return bad("line " + std::to_string(k + 2) + " must start with \"" + std::string(kKeys[k]) + "\"");
    value[k] = lines[k + 1].substr(kKeys[k].size());
  }
  FirmwareSignatureFile f;
  const auto version = parseFirmwareVersion(value[0]);
  if (!version) return bad("version must be like 1.2.3");
  f.version = *version;
  std::uint64_t size = 0;
  if (value[1].empty() || value[1].size() > 7) return bad("size must be a number of bytes up to " + std::to_string(kFwSlotSize));
  for (char c : value[1]) {
    if (c < '0' || c > '9') return bad("size must be a number of bytes");
    size = size * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (size == 0 || size > kFwSlotSize) return bad("size must be 1.." + std::to_string(kFwSlotSize));
  f.size = static_cast<std::uint32_t>(size);
  if (!fromHex(value[2], f.sha256)) return bad("sha256 must be 64 hex digits");
  if (!fromHex(value[3], f.signature)) return bad("ed25519 must be 128 hex digits");
  return f;
}

Result<void> checkFirmwareImage(const FirmwareSignatureFile& f, std::span<const std::uint8_t> image) {
  if (image.size() != f.size)
    return fail(ErrorCode::InvalidData, "the image is " + std::to_string(image.size()) + " bytes, its signature file is for " +
                                            std::to_string(f.size) + ": a wrong or damaged file; nothing was sent to the board");
  if (!sodiumReady()) return fail(ErrorCode::Internal, "libsodium failed to initialise (sodium_init)");
  if (sha256Of(image) != f.sha256)
    return fail(ErrorCode::InvalidData, "the image's SHA-256 is not the one in its signature file: a wrong or damaged file; "
                                        "nothing was sent to the board");
  return {};
}

}  // namespace bordergate::firmware_host
