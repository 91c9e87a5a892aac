// ControllerClient against a scripted conversation (the libusb test style): the exact bytes
// the host must put on the bulk OUT endpoint, and canned bytes or a transfer error back.
#include <catch2/catch.hpp>

#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/scripted_transport.h"

using namespace bordergate;
using namespace bordergate::firmware_host;

namespace {
Frame cmd(MessageType t, std::uint16_t seq, std::vector<std::uint8_t> payload = {}) {
  Frame f;
  f.type = static_cast<std::uint8_t>(t);
  f.seq = seq;
  f.payload = std::move(payload);
  return f;
}
Frame reply(MessageType t, std::uint16_t ack, std::vector<std::uint8_t> payload = {}) {
  Frame f;
  f.type = static_cast<std::uint8_t>(t);
  f.ack = ack;
  f.payload = std::move(payload);
  return f;
}
std::vector<std::uint8_t> status(BoardGateState g, std::uint16_t generation) {
  std::vector<std::uint8_t> p{static_cast<std::uint8_t>(g), 0, 0, 0};
  putU16(p, 1);  // boot id
  putU16(p, generation);
  return p;
}
std::vector<std::uint8_t> helloReply() {
  std::vector<std::uint8_t> p{1};
  putU32(p, 0x010203);
  putU32(p, 0xCAFE0001);
  p.push_back(0);
  auto st = status(BoardGateState::Closed, 0);
  p.insert(p.end(), st.begin(), st.end());
  return p;
}
}  // namespace

TEST_CASE("scripted: handshake and gate open are byte-exact") {
  ManualClock clock;
  ScriptedTransport t(clock);
  t.expect(cmd(MessageType::Hello, 1, {1, 1}), reply(MessageType::Ack, 1, helloReply()));
  t.expect(cmd(MessageType::GateOpen, 2, {0x10, 0x27}), reply(MessageType::Ack, 2, status(BoardGateState::Open, 1)));
  ControllerClient c(t, clock, std::uint16_t{0});
  auto info = c.connect();
  REQUIRE(info);
  CHECK(info->firmwareVersion == 0x010203);
  CHECK(info->serial == 0xCAFE0001);
  REQUIRE(c.openGate(std::chrono::milliseconds(10000)));
  CHECK(c.gateState() == GateState::Open);
  CHECK(t.complete());
  INFO(t.mismatch());
}

TEST_CASE("scripted: a damaged reply is retransmitted with identical bytes") {
  ManualClock clock;
  ScriptedTransport t(clock);
  t.expect(cmd(MessageType::Hello, 1, {1, 1}), reply(MessageType::Ack, 1, helloReply()));
  t.expect(cmd(MessageType::GateStatus, 2), std::vector<std::uint8_t>{0x05, 0x11, 0x22, 0x00});  // garbage frame
  t.expect(cmd(MessageType::GateStatus, 2), reply(MessageType::Ack, 2, status(BoardGateState::Closed, 0)));
  ControllerClient c(t, clock, std::uint16_t{0});
  REQUIRE(c.connect());
  REQUIRE(c.status());
  CHECK(c.stats().retransmissions == 1);
  CHECK(c.stats().framesRejected == 1);
  CHECK(t.complete());
}

TEST_CASE("scripted: a USB transfer error is an Io error and the gate becomes Unknown") {
  ManualClock clock;
  ScriptedTransport t(clock);
  t.expect(cmd(MessageType::Hello, 1, {1, 1}), reply(MessageType::Ack, 1, helloReply()));
  t.expectError(cmd(MessageType::GateClose, 2), Error{ErrorCode::Io, "usb 1209:0001: board unplugged during write; reconnect the USB cable"});
  ControllerClient c(t, clock, std::uint16_t{0});
  REQUIRE(c.connect());
  CHECK(c.gateState() == GateState::Closed);
  auto r = c.closeGate();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Io);
  CHECK(r.error().message.find("reconnect the USB cable") != std::string::npos);
  CHECK(c.gateState() == GateState::Unknown);
  CHECK(t.complete());
}

TEST_CASE("scripted: a NAK is final and not retransmitted") {
  ManualClock clock;
  ScriptedTransport t(clock);
  t.expect(cmd(MessageType::Hello, 1, {1, 1}), reply(MessageType::Ack, 1, helloReply()));
  std::vector<std::uint8_t> nak{static_cast<std::uint8_t>(NakReason::TamperActive)};
  for (char ch : std::string("latched")) nak.push_back(static_cast<std::uint8_t>(ch));
  t.expect(cmd(MessageType::GateOpen, 2, {0, 0}), reply(MessageType::Nak, 2, nak));
  ControllerClient c(t, clock, std::uint16_t{0});
  REQUIRE(c.connect());
  auto r = c.openGate();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Busy);
  CHECK(r.error().message == "controller board refused GATE_OPEN: TamperActive (latched)");
  CHECK(c.stats().retransmissions == 0);
  CHECK(t.complete());
}

TEST_CASE("scripted: a silent board gets exactly 1 + kMaxRetransmissions attempts then Timeout") {
  ManualClock clock;
  ScriptedTransport t(clock);
  t.expect(cmd(MessageType::Hello, 1, {1, 1}), reply(MessageType::Ack, 1, helloReply()));
  for (int i = 0; i < 1 + kMaxRetransmissions; ++i) t.expect(cmd(MessageType::GateStatus, 2), std::vector<std::uint8_t>{});
  ControllerClient c(t, clock, std::uint16_t{0});
  REQUIRE(c.connect());
  const auto t0 = clock.now();
  auto r = c.status();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Timeout);
  CHECK(r.error().message.find("did not acknowledge GATE_STATUS after 6 attempt(s)") != std::string::npos);
  CHECK(t.complete());  // a 7th attempt would have been a script mismatch
  CHECK(clock.now() - t0 == (1 + kMaxRetransmissions) * kAckTimeout);
  CHECK(c.gateState() == GateState::Unknown);
}
