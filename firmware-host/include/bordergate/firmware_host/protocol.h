// BGCP v1 constants and message vocabulary: the controller board protocol of
// docs/controller-protocol.md, shared by the host library and the board simulator.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace bordergate::firmware_host {

using std::chrono::milliseconds;

// §5.1 handshake: the only protocol version today.
inline constexpr std::uint8_t kProtocolVersion = 1;

// §2 framing.
inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kCrcSize = 4;
inline constexpr std::size_t kMaxPayload = 1024;
// COBS adds at most 1 byte per 254 (Cheshire & Baker 1999): 1036 raw bytes -> +5.
inline constexpr std::size_t kMaxRawFrame = kHeaderSize + kMaxPayload + kCrcSize;
inline constexpr std::size_t kMaxEncodedFrame = kMaxRawFrame + (kMaxRawFrame / 254) + 1;

// §3 reliability.
inline constexpr milliseconds kAckTimeout{50};
inline constexpr int kMaxRetransmissions = 5;

// §4 heartbeats and fail-safe.
inline constexpr milliseconds kHeartbeatPeriod{100};
inline constexpr milliseconds kHostLossTimeout{500};
inline constexpr milliseconds kBoardSilentTimeout{500};
inline constexpr std::uint16_t kDefaultMaxOpenMs = 10000;
inline constexpr std::uint16_t kMinMaxOpenMs = 1000;
inline constexpr std::uint16_t kMaxMaxOpenMs = 60000;

// §5.5 firmware update.
inline constexpr std::size_t kFwSlotSize = 256 * 1024;
inline constexpr std::size_t kFwChunkSize = 256;
inline constexpr milliseconds kBootTime{200};
inline constexpr milliseconds kTrialWindow{5000};
inline constexpr std::size_t kSignatureSize = 64;   // Ed25519, RFC 8032
inline constexpr std::size_t kPublicKeySize = 32;
inline constexpr std::size_t kSecretKeySize = 64;   // libsodium's seed||public form

// §5 message types.
enum class MessageType : std::uint8_t {
  Ack = 0x01,
  Nak = 0x02,
  Hello = 0x10,
  Heartbeat = 0x11,
  GateOpen = 0x20,
  GateClose = 0x21,
  GateStatus = 0x22,
  SetLights = 0x30,
  Buzzer = 0x31,
  Illumination = 0x32,
  DocumentEvent = 0x40,
  TamperEvent = 0x41,
  FailSafeEvent = 0x42,
  GateEvent = 0x43,
  PassageEvent = 0x44,
  ErrorReport = 0x4F,
  FwBegin = 0x50,
  FwChunk = 0x51,
  FwVerify = 0x52,
  FwActivate = 0x53,
  FwConfirm = 0x54,
};

std::string_view messageTypeName(MessageType t);
bool isKnownMessageType(std::uint8_t t);
// Reliable = sequenced and acknowledged (§3); the rest are unsequenced.
bool isReliable(MessageType t);

// §5.2
enum class NakReason : std::uint8_t {
  UnknownType = 1,
  BadPayload = 2,
  VersionUnsupported = 3,
  NoSession = 4,
  FailSafeActive = 5,
  TamperActive = 6,
  FwBadState = 10,
  FwBadOffset = 11,
  FwTooLarge = 12,
  FwBadSignature = 13,
  FwIncomplete = 14,
};
std::string_view nakReasonName(NakReason r);

// §5.3 gate state as the board reports it.
enum class BoardGateState : std::uint8_t { Closed = 0, Open = 1, FailSafe = 2 };

enum class LightColor : std::uint8_t { Off = 0, Red = 1, Amber = 2, Green = 3, Blue = 4 };
enum class BuzzerPattern : std::uint8_t { Off = 0, Short = 1, Long = 2, Alarm = 3 };
enum class IlluminationMode : std::uint8_t { Off = 0, White = 1, Infrared = 2, Ultraviolet = 3 };
enum class GateChangeReason : std::uint8_t { Command = 0, AutoClose = 1, FailSafe = 2, Tamper = 3, Boot = 4 };
enum class FailSafeReason : std::uint8_t { HostHeartbeatLost = 1, Watchdog = 2 };

std::string_view lightColorName(LightColor c);
std::string_view illuminationModeName(IlluminationMode m);
std::string_view gateChangeReasonName(GateChangeReason r);

// Board heartbeat/status flags (§4).
inline constexpr std::uint8_t kFlagFailSafe = 0x01;
inline constexpr std::uint8_t kFlagDocumentPresent = 0x02;
inline constexpr std::uint8_t kFlagTamper = 0x04;

// HELLO reply flags (§5.1).
inline constexpr std::uint8_t kHelloFlagTrialImage = 0x01;
inline constexpr std::uint8_t kHelloFlagRolledBack = 0x02;

// RFC 1982 serial number arithmetic on 16-bit seqs: true when `a` is after `b`.
inline bool seqAfter(std::uint16_t a, std::uint16_t b) {
  const std::uint16_t d = static_cast<std::uint16_t>(a - b);
  return d != 0 && d < 0x8000;
}
// Next reliable seq, skipping 0 (§3).
inline std::uint16_t nextSeq(std::uint16_t s) {
  ++s;
  return s == 0 ? std::uint16_t{1} : s;
}

}  // namespace bordergate::firmware_host
