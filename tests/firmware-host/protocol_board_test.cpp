// The board simulator at frame level (docs/controller-protocol.md §3, §5): session rule,
// duplicate and stale sequence numbers, NAK reasons, firmware-update state machine.
#include "sim_rig.h"

using namespace bgtest;

namespace {
std::uint8_t nakReason(const std::optional<Frame>& r) {
  REQUIRE(r);
  REQUIRE(r->messageType() == MessageType::Nak);
  REQUIRE_FALSE(r->payload.empty());
  return r->payload[0];
}
bool isAck(const std::optional<Frame>& r) { return r && r->messageType() == MessageType::Ack; }
}  // namespace

TEST_CASE("board: commands before HELLO are refused with NoSession") {
  RawHost h;
  CHECK(nakReason(h.call(MessageType::GateOpen, {0, 0})) == static_cast<std::uint8_t>(NakReason::NoSession));
  CHECK(h.board.gate() == BoardGateState::Closed);
}

TEST_CASE("board: a repeated seq is answered from cache and not executed twice") {
  RawHost h;
  h.hello();
  auto first = h.send(MessageType::GateOpen, {0, 0});
  const auto s = h.seq;
  REQUIRE(RawHost::replyTo(first, s));
  const auto executed = h.board.counters().commandsExecuted;
  const auto generation = h.board.gateGeneration();
  auto again = h.send(MessageType::GateOpen, {0, 0}, s);
  const Frame* r = RawHost::replyTo(again, s);
  REQUIRE(r);
  CHECK(r->messageType() == MessageType::Ack);
  CHECK(*r == *RawHost::replyTo(first, s));
  CHECK(h.board.counters().commandsExecuted == executed);
  CHECK(h.board.counters().duplicatesAnswered == 1);
  CHECK(h.board.gateGeneration() == generation);
}

TEST_CASE("board: a new GATE_OPEN of a gate still open is a new generation (a late PASSAGE never counts for it)") {
  RawHost h;
  h.hello();
  REQUIRE(h.call(MessageType::GateOpen, {0, 0}));
  REQUIRE(h.board.gate() == BoardGateState::Open);
  const auto first = h.board.gateGeneration();
  // The next traveller's opening before the gate closed (a new seq: a new command).
  auto r = h.call(MessageType::GateOpen, {0, 0});
  REQUIRE(r);
  CHECK(r->messageType() == MessageType::Ack);
  CHECK(h.board.gate() == BoardGateState::Open);
  CHECK(h.board.gateGeneration() != first);
}

TEST_CASE("board: a stale (older) seq is dropped without reply, a newer one is accepted") {
  RawHost h;
  h.hello();
  h.send(MessageType::GateOpen, {0, 0});
  const auto s = h.seq;
  h.send(MessageType::GateClose, {});
  auto stale = h.send(MessageType::GateOpen, {0, 0}, s);
  CHECK(RawHost::replyTo(stale, s) == nullptr);
  CHECK(h.board.counters().staleDropped == 1);
  CHECK(h.board.gate() == BoardGateState::Closed);
  // A gap (the host gave up on some seqs) is fine: RFC 1982 "ahead" is new.
  auto ahead = h.send(MessageType::GateStatus, {}, static_cast<std::uint16_t>(h.seq + 50));
  REQUIRE(RawHost::replyTo(ahead, static_cast<std::uint16_t>(h.seq + 50)));
}

TEST_CASE("board: HELLO opens a session even with a seq behind the last one") {
  RawHost h;
  h.hello();
  h.send(MessageType::GateStatus, {});
  auto out = h.send(MessageType::Hello, {1, 1}, 5);  // a restarted host starting low
  const Frame* r = RawHost::replyTo(out, 5);
  REQUIRE(r);
  CHECK(r->messageType() == MessageType::Ack);
}

TEST_CASE("board: malformed and unknown commands get the right NAK reason") {
  RawHost h;
  h.hello();
  CHECK(nakReason(h.call(MessageType::GateOpen, {1})) == static_cast<std::uint8_t>(NakReason::BadPayload));
  CHECK(nakReason(h.call(MessageType::GateOpen, {0x10, 0x00})) ==
        static_cast<std::uint8_t>(NakReason::BadPayload));  // 16 ms < 1000 ms minimum
  CHECK(nakReason(h.call(MessageType::SetLights, {9, 0})) == static_cast<std::uint8_t>(NakReason::BadPayload));
  CHECK(nakReason(h.call(MessageType::Illumination, {1, 101})) ==
        static_cast<std::uint8_t>(NakReason::BadPayload));
  CHECK(nakReason(h.call(static_cast<MessageType>(0x7E))) == static_cast<std::uint8_t>(NakReason::UnknownType));
  CHECK(nakReason(h.call(MessageType::DocumentEvent, {1})) ==
        static_cast<std::uint8_t>(NakReason::UnknownType));  // an event is not a host command
}

TEST_CASE("board: firmware steps out of order are refused") {
  RawHost h;
  h.hello();
  std::vector<std::uint8_t> chunk{0, 0, 0, 0, 0xAA};
  CHECK(nakReason(h.call(MessageType::FwChunk, chunk)) == static_cast<std::uint8_t>(NakReason::FwBadState));
  CHECK(nakReason(h.call(MessageType::FwActivate)) == static_cast<std::uint8_t>(NakReason::FwBadState));
  std::vector<std::uint8_t> begin;
  putU32(begin, kFwSlotSize + 1);
  putU32(begin, 0x010100);
  begin.resize(begin.size() + kSignatureSize);
  CHECK(nakReason(h.call(MessageType::FwBegin, begin)) == static_cast<std::uint8_t>(NakReason::FwTooLarge));
  begin.clear();
  putU32(begin, 10);
  putU32(begin, 0x010100);
  begin.resize(begin.size() + kSignatureSize);
  REQUIRE(isAck(h.call(MessageType::FwBegin, begin)));
  std::vector<std::uint8_t> wrongOffset{4, 0, 0, 0, 0xAA};
  CHECK(nakReason(h.call(MessageType::FwChunk, wrongOffset)) == static_cast<std::uint8_t>(NakReason::FwBadOffset));
  CHECK(nakReason(h.call(MessageType::FwVerify)) == static_cast<std::uint8_t>(NakReason::FwIncomplete));
}

TEST_CASE("board: an activated image that is never confirmed rolls back after the trial window") {
  RawHost h;
  h.hello();
  std::vector<std::uint8_t> image(600, 0x5A);
  const std::uint32_t version = 0x010200;
  auto sig = signFirmware(image, version, developmentKeyPair().secretKey);
  REQUIRE(sig);
  std::vector<std::uint8_t> begin;
  putU32(begin, static_cast<std::uint32_t>(image.size()));
  putU32(begin, version);
  begin.insert(begin.end(), sig->begin(), sig->end());
  REQUIRE(isAck(h.call(MessageType::FwBegin, begin)));
  for (std::size_t off = 0; off < image.size(); off += kFwChunkSize) {
    std::vector<std::uint8_t> c;
    putU32(c, static_cast<std::uint32_t>(off));
    c.insert(c.end(), image.begin() + static_cast<std::ptrdiff_t>(off),
             image.begin() + static_cast<std::ptrdiff_t>(std::min(image.size(), off + kFwChunkSize)));
    REQUIRE(isAck(h.call(MessageType::FwChunk, c)));
  }
  REQUIRE(isAck(h.call(MessageType::FwVerify)));
  REQUIRE(isAck(h.call(MessageType::FwActivate)));
  CHECK_FALSE(h.board.running());
  h.clock.advance(kBootTime);
  h.board.tick(h.clock.now());
  CHECK(h.board.running());
  CHECK(h.board.firmwareVersion() == version);
  CHECK(h.board.trialImage());
  // Nobody confirms: after the trial window the bootloader goes back to 1.0.0.
  h.clock.advance(kTrialWindow);
  h.board.tick(h.clock.now());
  h.clock.advance(kBootTime);
  h.board.tick(h.clock.now());
  CHECK(h.board.running());
  CHECK(h.board.firmwareVersion() == 0x010000);
  CHECK(h.board.rolledBack());
}
