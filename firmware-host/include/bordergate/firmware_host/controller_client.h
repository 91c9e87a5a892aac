// ControllerClient: the host side of BGCP (docs/controller-protocol.md). Opens a session,
// sends commands with acknowledgement and retransmission, keeps heart-beating, receives the
// board's events, and always knows the gate state (Open / Closed / FailSafe / Unknown).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/firmware_host/clock.h"
#include "bordergate/firmware_host/firmware_image.h"
#include "bordergate/firmware_host/frame_codec.h"
#include "bordergate/firmware_host/protocol.h"
#include "bordergate/firmware_host/transport.h"

namespace bordergate::firmware_host {

// What the host knows about the gate. Unknown whenever the host cannot vouch for the state:
// before the first report, after a command that failed (it may or may not have run), while
// the board is silent. The UI must treat Unknown like "not open".
enum class GateState { Unknown, Closed, Open, FailSafe };
std::string_view gateStateName(GateState s);

struct BoardStatus {
  GateState gate = GateState::Unknown;
  bool failSafe = false;
  bool documentPresent = false;
  bool tamper = false;
  LightColor lights = LightColor::Off;
  IlluminationMode illumination = IlluminationMode::Off;
  std::uint16_t bootId = 0;
  std::uint16_t generation = 0;
};

struct BoardInfo {
  std::uint8_t protocolVersion = 0;
  std::uint32_t firmwareVersion = 0;
  std::uint32_t serial = 0;
  bool trialImage = false;
  bool rolledBack = false;
  BoardStatus status;
};

struct ControllerEvent {
  enum class Kind {
    DocumentPresent,   // value: 1 inserted, 0 removed
    Tamper,            // value: 1 active, 0 cleared; detail: sensor
    FailSafe,          // the board failed safe (detail: reason)
    GateChanged,       // gate: new state; detail: GateChangeReason
    BoardError,        // value: board error code; text
    BoardSilent,       // no frame from the board for kBoardSilentTimeout
    BoardBack,         // frames arrive again after BoardSilent
    BoardRebooted,     // a new boot id was seen; the session is re-opened
    Passage,           // a person passed the exit light barrier; value: gate generation at that moment
  };
  Kind kind;
  int value = 0;
  int detail = 0;
  GateState gate = GateState::Unknown;
  std::string text;
  Clock::TimePoint at{};
};
std::string_view controllerEventName(ControllerEvent::Kind k);

struct ClientStats {
  std::uint64_t commands = 0;           // calls that sent a reliable frame
  std::uint64_t acknowledged = 0;
  std::uint64_t refused = 0;            // NAKed
  std::uint64_t failed = 0;             // no reply after all retransmissions, or link error
  std::uint64_t retransmissions = 0;
  std::uint64_t framesRejected = 0;     // damaged frames from the board
  std::uint64_t duplicateEvents = 0;
  std::uint64_t staleReports = 0;       // gate reports older than the newest applied
  std::uint64_t heartbeatsSent = 0;
};

// Contract: not thread-safe; one thread makes every call (a UI runs it on a controller
// thread and calls poll() when idle, at least every kHeartbeatPeriod/2). `transport` and
// `clock` are borrowed and must outlive the client. Every command returns either its
// acknowledged result or an Error — never silently nothing:
//   Timeout      no reply after 1 + kMaxRetransmissions attempts (gate state -> Unknown)
//   Busy         refused: fail-safe latched or tamper active (message says what to do)
//   Integrity    firmware signature rejected / update rolled back
//   Unsupported  protocol version mismatch or unknown command
//   InvalidArgument  refused as malformed (BadPayload) or a bad argument to this call
//   Io           the transport failed (unplugged)
class ControllerClient {
 public:
  // `firstSeq`: the first reliable seq is firstSeq + 1 (skipping 0); default random (§5.1).
  // Fixed only for byte-exact scripted tests.
  ControllerClient(Transport& transport, const Clock& clock, std::optional<std::uint16_t> firstSeq = std::nullopt);

  // HELLO (§5.1). Called automatically by commands when no session is open.
  Result<BoardInfo> connect();
  Result<BoardStatus> status();
  // `maxOpen` 0 = board default (10 s); else 1 000..60 000 ms (§5.3).
  Result<BoardStatus> openGate(std::chrono::milliseconds maxOpen = std::chrono::milliseconds{0});
  Result<BoardStatus> closeGate();
  Result<void> setLights(LightColor color, bool blink = false);
  Result<void> buzzer(BuzzerPattern pattern, std::chrono::milliseconds duration);
  Result<void> setIllumination(IlluminationMode mode, std::uint8_t levelPercent = 100);
  // Full §5.5 procedure. Returns the running board's info after CONFIRM. On a refused
  // signature the old image keeps running (Integrity); if the board rolls back (self-test
  // failed) the error is Integrity and says so.
  Result<BoardInfo> updateFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const Signature& signature);

  // Services the link for `duration`: sends heartbeats, receives events and reports,
  // detects a silent board, re-opens the session after a board reboot.
  void poll(std::chrono::milliseconds duration);
  // Events received so far (cleared by the call).
  std::vector<ControllerEvent> takeEvents();

  GateState gateState() const { return gate_; }
  const BoardStatus& lastStatus() const { return status_; }
  bool sessionOpen() const { return session_; }
  bool boardSilent() const { return silent_; }
  const ClientStats& stats() const { return stats_; }
  const std::optional<BoardInfo>& boardInfo() const { return info_; }

  // Test hook: stops this host's heartbeats (a stalled heartbeat thread) so the board's
  // fail-safe can be exercised. Commands still flow.
  void setHeartbeatsEnabled(bool enabled) { heartbeats_ = enabled; }

 private:
  struct Reply {
    bool acked = false;
    std::vector<std::uint8_t> payload;  // ACK payload, or NAK reason + text
  };
  Result<Reply> transact(MessageType type, std::vector<std::uint8_t> payload);
  Result<Reply> transactOnce(MessageType type, const std::vector<std::uint8_t>& payload);
  Result<void> ensureSession();
  Error nakError(MessageType type, const Reply& r) const;
  // Waits up to `maxWait` for incoming bytes and handles them (heartbeats sent as due).
  Result<void> service(std::chrono::microseconds maxWait);
  void handleFrame(const Frame& f);
  // Parses an 8-byte status (§5.3) at `at`. `authoritative`: the reply to a command sent
  // after any failed one, so it ends the Unknown period (see markUnknown).
  void applyStatus(std::span<const std::uint8_t> p, std::size_t at, bool authoritative);
  void recordGateReport(BoardGateState g, std::uint16_t boot, std::uint16_t generation, bool authoritative);
  void sendHeartbeatIfDue();
  void checkSilence();
  void emitEvent(ControllerEvent e);
  void markUnknown();
  Result<BoardStatus> statusFromReply(const Reply& r);

  Transport& transport_;
  const Clock& clock_;
  FrameReader reader_;
  ClientStats stats_;
  std::vector<ControllerEvent> events_;

  bool session_ = false;
  bool reconnectWanted_ = false;
  std::uint16_t txSeq_;
  std::optional<std::uint16_t> outstandingSeq_;
  std::optional<Reply> reply_;
  std::optional<std::uint16_t> lastBoardSeq_;

  GateState gate_ = GateState::Unknown;
  BoardStatus status_;
  // Newest gate report by (boot id, generation), §4. gate_ shows it unless needStatus_.
  std::optional<std::uint16_t> knownBoot_;
  std::uint16_t knownGeneration_ = 0;
  GateState reportedGate_ = GateState::Unknown;
  // Set by a failed command: it may still execute late, so reports generated before it are
  // not trusted until an acknowledged status (sequenced after it) arrives.
  bool needStatus_ = true;
  Clock::TimePoint lastRecoveryAttempt_{};
  std::optional<BoardInfo> info_;

  bool heartbeats_ = true;
  Clock::TimePoint start_;
  Clock::TimePoint nextHeartbeat_;
  Clock::TimePoint lastRx_;
  bool silent_ = false;
};

}  // namespace bordergate::firmware_host
