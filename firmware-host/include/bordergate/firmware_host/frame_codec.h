// BGCP frame codec (docs/controller-protocol.md §2): COBS byte stuffing, CRC-32/ISO-HDLC and
// the 8-byte header. Pure functions with no I/O, so the decoder is fuzzable.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/firmware_host/protocol.h"

namespace bordergate::firmware_host {

// One decoded frame. `type` is the raw byte: decodeFrame accepts unknown types (the board
// answers those with NAK UnknownType rather than dropping them).
struct Frame {
  std::uint8_t version = kProtocolVersion;
  std::uint8_t type = 0;
  std::uint16_t seq = 0;
  std::uint16_t ack = 0;
  std::vector<std::uint8_t> payload;

  MessageType messageType() const { return static_cast<MessageType>(type); }
  bool operator==(const Frame&) const = default;
};

// CRC-32/ISO-HDLC (poly 0x04C11DB7 reflected 0xEDB88320, init/xorout 0xFFFFFFFF);
// crc32("123456789") == 0xCBF43926.
std::uint32_t crc32(std::span<const std::uint8_t> data);

// COBS encode (no trailing delimiter). Output never contains 0x00.
std::vector<std::uint8_t> cobsEncode(std::span<const std::uint8_t> data);
// COBS decode of one frame body (without delimiter). Fails with InvalidData on a 0x00 byte
// or a code byte that points past the end.
Result<std::vector<std::uint8_t>> cobsDecode(std::span<const std::uint8_t> encoded);

// header || payload || crc32, COBS-encoded, followed by the 0x00 delimiter. Fails with
// InvalidArgument when the payload exceeds kMaxPayload.
Result<std::vector<std::uint8_t>> encodeFrame(const Frame& frame);

// Decodes one frame body (the bytes between two delimiters, delimiter excluded). Any
// malformed input is an InvalidData / Integrity error, never a crash; accepts any input size.
Result<Frame> decodeFrame(std::span<const std::uint8_t> encoded);

// Splits a byte stream at 0x00 delimiters and decodes each frame. Bytes of a frame longer
// than kMaxEncodedFrame are discarded up to the next delimiter (resync, §2).
class FrameReader {
 public:
  struct Stats {
    std::uint64_t frames = 0;      // decoded intact
    std::uint64_t rejected = 0;    // COBS/CRC/length failures and overlong frames
  };

  // Feeds bytes; decoded frames are appended to `out`. Damaged frames are counted, dropped.
  void feed(std::span<const std::uint8_t> bytes, std::vector<Frame>& out);
  const Stats& stats() const { return stats_; }
  // Forgets a partial frame (after a link reset).
  void reset();

 private:
  std::vector<std::uint8_t> buf_;
  bool overflow_ = false;
  Stats stats_;
};

// Little-endian payload helpers used by both sides.
void putU16(std::vector<std::uint8_t>& out, std::uint16_t v);
void putU32(std::vector<std::uint8_t>& out, std::uint32_t v);
std::uint16_t getU16(std::span<const std::uint8_t> in, std::size_t at);
std::uint32_t getU32(std::span<const std::uint8_t> in, std::size_t at);

}  // namespace bordergate::firmware_host
