// BGCP framing (docs/controller-protocol.md §2): COBS, CRC-32 and header encode/decode.
#include "bordergate/firmware_host/frame_codec.h"

#include <array>
#include <string>

namespace bordergate::firmware_host {
namespace {

// Table-driven reflected CRC-32 (poly 0xEDB88320), built at compile time.
constexpr std::array<std::uint32_t, 256> makeCrcTable() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    t[i] = c;
  }
  return t;
}
constexpr auto kCrcTable = makeCrcTable();

}  // namespace

std::uint32_t crc32(std::span<const std::uint8_t> data) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::uint8_t b : data) c = kCrcTable[(c ^ b) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::vector<std::uint8_t> cobsEncode(std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> out;
  out.reserve(data.size() + data.size() / 254 + 2);
  std::size_t codeAt = out.size();
  out.push_back(0);
  std::uint8_t code = 1;
  for (std::uint8_t b : data) {
    if (b == 0) {
      out[codeAt] = code;
      codeAt = out.size();
      out.push_back(0);
      code = 1;
      continue;
    }
    out.push_back(b);
    ++code;
    if (code == 0xFF) {
      out[codeAt] = code;
      codeAt = out.size();
      out.push_back(0);
      code = 1;
    }
  }
  out[codeAt] = code;
  return out;
}

Result<std::vector<std::uint8_t>> cobsDecode(std::span<const std::uint8_t> encoded) {
  std::vector<std::uint8_t> out;
  out.reserve(encoded.size());
  std::size_t i = 0;
  while (i < encoded.size()) {
    const std::uint8_t code = encoded[i];
    if (code == 0) return fail(ErrorCode::InvalidData, "COBS: zero byte inside a frame");
    if (static_cast<std::size_t>(code) - 1 > encoded.size() - i - 1)
      return fail(ErrorCode::InvalidData, "COBS: block length runs past the end of the frame");
    for (std::size_t k = 1; k < code; ++k) {
      const std::uint8_t b = encoded[i + k];
      if (b == 0) return fail(ErrorCode::InvalidData, "COBS: zero byte inside a frame");
      out.push_back(b);
    }
    i += code;
    // A block shorter than 0xFF implies a zero, except after the last block.
    if (code != 0xFF && i < encoded.size()) out.push_back(0);
  }
  return out;
}

void putU16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>((v >> (8 * k)) & 0xFF));
}
std::uint16_t getU16(std::span<const std::uint8_t> in, std::size_t at) {
  return static_cast<std::uint16_t>(in[at] | (in[at + 1] << 8));
}
std::uint32_t getU32(std::span<const std::uint8_t> in, std::size_t at) {
  return static_cast<std::uint32_t>(in[at]) | (static_cast<std::uint32_t>(in[at + 1]) << 8) |
         (static_cast<std::uint32_t>(in[at + 2]) << 16) | (static_cast<std::uint32_t>(in[at + 3]) << 24);
}

Result<std::vector<std::uint8_t>> encodeFrame(const Frame& frame) {
  if (frame.payload.size() > kMaxPayload)
    return fail(ErrorCode::InvalidArgument, "frame payload of " + std::to_string(frame.payload.size()) +
                                                " bytes exceeds the protocol maximum of " + std::to_string(kMaxPayload));
  std::vector<std::uint8_t> raw;
  raw.reserve(kHeaderSize + frame.payload.size() + kCrcSize);
  raw.push_back(frame.version);
  raw.push_back(frame.type);
  putU16(raw, frame.seq);
  putU16(raw, frame.ack);
  putU16(raw, static_cast<std::uint16_t>(frame.payload.size()));
  raw.insert(raw.end(), frame.payload.begin(), frame.payload.end());
  putU32(raw, crc32(raw));
  auto out = cobsEncode(raw);
  out.push_back(0);
  return out;
}

Result<Frame> decodeFrame(std::span<const std::uint8_t> encoded) {
  if (encoded.size() > kMaxEncodedFrame)
    return fail(ErrorCode::InvalidData, "frame of " + std::to_string(encoded.size()) + " encoded bytes exceeds the maximum of " +
                                            std::to_string(kMaxEncodedFrame));
  auto raw = cobsDecode(encoded);
  if (!raw) return tl::unexpected(raw.error());
  if (raw->size() < kHeaderSize + kCrcSize)
    return fail(ErrorCode::InvalidData, "frame of " + std::to_string(raw->size()) + " bytes is shorter than header + CRC (12)");
  const std::span<const std::uint8_t> r(*raw);
  const std::size_t body = raw->size() - kCrcSize;
  if (crc32(r.first(body)) != getU32(r, body)) return fail(ErrorCode::Integrity, "frame CRC-32 mismatch");
  const std::uint16_t length = getU16(r, 6);
  if (length != body - kHeaderSize)
    return fail(ErrorCode::InvalidData, "frame length field says " + std::to_string(length) + " payload bytes but " +
                                            std::to_string(body - kHeaderSize) + " arrived");
  if (length > kMaxPayload) return fail(ErrorCode::InvalidData, "frame payload exceeds the protocol maximum");
  Frame f;
  f.version = r[0];
  f.type = r[1];
  f.seq = getU16(r, 2);
  f.ack = getU16(r, 4);
  f.payload.assign(raw->begin() + static_cast<std::ptrdiff_t>(kHeaderSize), raw->begin() + static_cast<std::ptrdiff_t>(body));
  return f;
}

void FrameReader::feed(std::span<const std::uint8_t> bytes, std::vector<Frame>& out) {
  for (std::uint8_t b : bytes) {
    if (b != 0) {
      if (buf_.size() >= kMaxEncodedFrame) {
        overflow_ = true;  // keep discarding until the next delimiter
        buf_.clear();
      }
      if (!overflow_) buf_.push_back(b);
      continue;
    }
    if (overflow_) {
      ++stats_.rejected;
      overflow_ = false;
    } else if (!buf_.empty()) {
      auto f = decodeFrame(buf_);
      if (f) {
        ++stats_.frames;
        out.push_back(std::move(*f));
      } else {
        ++stats_.rejected;
      }
    }
    buf_.clear();
  }
}

void FrameReader::reset() {
  buf_.clear();
  overflow_ = false;
}

}  // namespace bordergate::firmware_host
