// Unit tests of the BGCP frame codec (docs/controller-protocol.md §2): CRC-32 check value,
// COBS reference vectors, header layout, rejection of damaged frames, stream resync.
#include <catch2/catch.hpp>

#include <string>

#include "bordergate/firmware_host/frame_codec.h"

using namespace bordergate;
using namespace bordergate::firmware_host;

namespace {
std::vector<std::uint8_t> bytes(std::initializer_list<int> v) {
  std::vector<std::uint8_t> out;
  for (int b : v) out.push_back(static_cast<std::uint8_t>(b));
  return out;
}
Frame sample() {
  Frame f;
  f.type = static_cast<std::uint8_t>(MessageType::GateOpen);
  f.seq = 0x1234;
  f.ack = 0;
  f.payload = bytes({0x10, 0x27});
  return f;
}
}  // namespace

TEST_CASE("crc32 matches the CRC-32/ISO-HDLC check value") {
  const std::string s = "123456789";
  CHECK(crc32({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}) == 0xCBF43926u);
  CHECK(crc32({}) == 0u);
}

TEST_CASE("COBS encodes the reference vectors of Cheshire & Baker") {
  // Vectors from the COBS paper / Wikipedia "Consistent Overhead Byte Stuffing" examples.
  CHECK(cobsEncode(bytes({0x00})) == bytes({0x01, 0x01}));
  CHECK(cobsEncode(bytes({0x00, 0x00})) == bytes({0x01, 0x01, 0x01}));
  CHECK(cobsEncode(bytes({0x11, 0x22, 0x00, 0x33})) == bytes({0x03, 0x11, 0x22, 0x02, 0x33}));
  CHECK(cobsEncode(bytes({0x11, 0x00, 0x00, 0x00})) == bytes({0x02, 0x11, 0x01, 0x01, 0x01}));
  std::vector<std::uint8_t> run254;
  for (int i = 1; i <= 254; ++i) run254.push_back(static_cast<std::uint8_t>(i));
  auto enc = cobsEncode(run254);
  REQUIRE(enc.size() == 256);
  CHECK(enc[0] == 0xFF);
  CHECK(enc[255] == 0x01);
}

TEST_CASE("COBS decode inverts encode, including 254-byte block boundaries") {
  for (std::size_t n : {0u, 1u, 253u, 254u, 255u, 508u, 1000u}) {
    std::vector<std::uint8_t> data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>((i * 7) % 5 == 0 ? 0 : i);
    auto enc = cobsEncode(data);
    for (auto b : enc) REQUIRE(b != 0);
    auto dec = cobsDecode(enc);
    REQUIRE(dec);
    CHECK(*dec == data);
  }
}

TEST_CASE("COBS decode rejects a zero byte and an overlong block code") {
  CHECK_FALSE(cobsDecode(bytes({0x02, 0x00})));
  auto r = cobsDecode(bytes({0x05, 0x11, 0x22}));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidData);
}

TEST_CASE("encodeFrame lays out header, payload and CRC little-endian and ends with 0x00") {
  auto enc = encodeFrame(sample());
  REQUIRE(enc);
  CHECK(enc->back() == 0);
  for (std::size_t i = 0; i + 1 < enc->size(); ++i) CHECK((*enc)[i] != 0);
  auto raw = cobsDecode(std::span(*enc).first(enc->size() - 1));
  REQUIRE(raw);
  REQUIRE(raw->size() == kHeaderSize + 2 + kCrcSize);
  CHECK((*raw)[0] == kProtocolVersion);
  CHECK((*raw)[1] == 0x20);
  CHECK((*raw)[2] == 0x34);
  CHECK((*raw)[3] == 0x12);
  CHECK((*raw)[6] == 2);
  CHECK((*raw)[7] == 0);
  CHECK(getU32(*raw, 10) == crc32(std::span(*raw).first(10)));
}

TEST_CASE("decodeFrame returns the frame that was encoded") {
  auto enc = encodeFrame(sample());
  REQUIRE(enc);
  auto dec = decodeFrame(std::span(*enc).first(enc->size() - 1));
  REQUIRE(dec);
  CHECK(*dec == sample());
}

TEST_CASE("encodeFrame refuses a payload over kMaxPayload, the maximum fits kMaxEncodedFrame") {
  Frame f = sample();
  f.payload.assign(kMaxPayload + 1, 0xAB);
  auto bad = encodeFrame(f);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::InvalidArgument);
  f.payload.assign(kMaxPayload, 0xAB);
  auto ok = encodeFrame(f);
  REQUIRE(ok);
  CHECK(ok->size() - 1 <= kMaxEncodedFrame);
  CHECK(decodeFrame(std::span(*ok).first(ok->size() - 1)));
}

TEST_CASE("decodeFrame reports a CRC mismatch as an Integrity error") {
  Frame f = sample();
  auto enc = encodeFrame(f);
  REQUIRE(enc);
  auto raw = *cobsDecode(std::span(*enc).first(enc->size() - 1));
  raw[9] ^= 0x01;  // payload bit, CRC unchanged
  auto re = cobsEncode(raw);
  auto dec = decodeFrame(re);
  REQUIRE_FALSE(dec);
  CHECK(dec.error().code == ErrorCode::Integrity);
}

TEST_CASE("decodeFrame rejects short frames and a length field that disagrees") {
  CHECK_FALSE(decodeFrame(cobsEncode(bytes({1, 2, 3}))));
  // Valid CRC but length says 5 while 2 payload bytes follow.
  std::vector<std::uint8_t> raw = bytes({1, 0x20, 1, 0, 0, 0, 5, 0, 0xAA, 0xBB});
  putU32(raw, crc32(raw));
  auto dec = decodeFrame(cobsEncode(raw));
  REQUIRE_FALSE(dec);
  CHECK(dec.error().code == ErrorCode::InvalidData);
}

TEST_CASE("FrameReader splits a stream, skips empty frames and resyncs after garbage") {
  auto a = *encodeFrame(sample());
  Frame g = sample();
  g.seq = 7;
  auto b = *encodeFrame(g);
  std::vector<std::uint8_t> stream = bytes({0x00, 0x55, 0x66, 0x00});  // flush + garbage frame
  stream.insert(stream.end(), a.begin(), a.end());
  stream.push_back(0x00);  // empty frame: ignored
  stream.insert(stream.end(), b.begin(), b.end());
  FrameReader r;
  std::vector<Frame> out;
  // Feed one byte at a time: packet boundaries carry no meaning (§1).
  for (auto byte : stream) r.feed(std::span(&byte, 1), out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].seq == 0x1234);
  CHECK(out[1].seq == 7);
  CHECK(r.stats().rejected == 1);
}

TEST_CASE("FrameReader discards an overlong frame and recovers at the next delimiter") {
  FrameReader r;
  std::vector<Frame> out;
  std::vector<std::uint8_t> junk(kMaxEncodedFrame * 3, 0x42);
  r.feed(junk, out);
  auto a = *encodeFrame(sample());
  std::vector<std::uint8_t> tail{0x00};
  tail.insert(tail.end(), a.begin(), a.end());
  r.feed(tail, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0] == sample());
  CHECK(r.stats().rejected == 1);
}

TEST_CASE("seqAfter follows RFC 1982 across the wrap and nextSeq skips 0") {
  CHECK(seqAfter(2, 1));
  CHECK_FALSE(seqAfter(1, 2));
  CHECK_FALSE(seqAfter(5, 5));
  CHECK(seqAfter(3, 65530));
  CHECK_FALSE(seqAfter(65530, 3));
  CHECK(nextSeq(65535) == 1);
  CHECK(nextSeq(1) == 2);
}
