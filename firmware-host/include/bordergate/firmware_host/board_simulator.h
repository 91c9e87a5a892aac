// BoardSimulator: the firmware side of BGCP (docs/controller-protocol.md) running in-process,
// so that the demo, the UI and the tests work with no hardware. It is the reference
// behaviour of the board: session/handshake, duplicate suppression, gate with auto-close,
// heartbeat watchdog fail-safe, lights/buzzer/illumination, sensor events with
// retransmission, and A/B firmware update with Ed25519 verification, trial and rollback.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bordergate/firmware_host/clock.h"
#include "bordergate/firmware_host/firmware_image.h"
#include "bordergate/firmware_host/frame_codec.h"
#include "bordergate/firmware_host/protocol.h"

namespace bordergate::firmware_host {

struct BoardConfig {
  std::uint32_t serial = 0x0B6A7E01;
  std::uint32_t firmwareVersion = 0x010000;  // 1.0.0
  std::uint8_t minProtocol = kProtocolVersion;
  std::uint8_t maxProtocol = kProtocolVersion;
  PublicKey firmwareKey = developmentKeyPair().publicKey;  // bootloader's verification key
  std::uint16_t bootId = 1;                                 // boot counter "in flash"
};

// Counters that let tests prove what happened on the board side.
struct BoardCounters {
  std::uint64_t commandsExecuted = 0;
  std::uint64_t duplicatesAnswered = 0;   // re-sent cached reply for a repeated seq
  std::uint64_t staleDropped = 0;         // seq behind the last accepted one
  std::uint64_t framesRejected = 0;       // COBS/CRC/length failures
  std::uint64_t framesWhileDown = 0;      // arrived while booting or hung
  std::uint64_t eventsSent = 0;           // first transmissions
  std::uint64_t eventRetransmissions = 0;
  std::uint64_t eventsUnacknowledged = 0; // gave up after kMaxRetransmissions
  std::uint64_t failSafeTrips = 0;
  std::uint64_t boots = 0;
};

// Single-threaded and clock-free: every call takes the current time, so a simulation is
// fully deterministic. Typical driver: SimulatedLink (simulated_link.h).
class BoardSimulator {
 public:
  explicit BoardSimulator(BoardConfig config = {}, Clock::TimePoint powerOn = {});

  // Bytes arriving on the bulk OUT endpoint at `now`. Lost while the board boots or hangs.
  void receive(std::span<const std::uint8_t> bytes, Clock::TimePoint now);
  // Runs timers up to `now`: heartbeats, host-loss watchdog, auto-close, event
  // retransmission, boot completion, firmware trial window.
  void tick(Clock::TimePoint now);
  // Bytes written to the bulk IN endpoint since the last call.
  std::vector<std::uint8_t> takeOutput();
  // Earliest time at which tick() has work; always later than the last tick's `now`.
  Clock::TimePoint nextWakeup() const;

  // --- the physical world (test and demo hooks) ---
  void setDocumentPresent(bool present);
  void setTamper(bool active);
  // A person walks through the exit light barrier (PASSAGE event with the current gate
  // generation, whether or not the gate is open: the host decides what it means).
  void passage();
  void reportError(std::uint16_t code, const std::string& text);
  // Firmware stops running (no output, frames lost); the hardware watchdog holds the gate
  // closed. hang(false) = watchdog reset: the board reboots.
  void hang(bool hung, Clock::TimePoint now);
  // The next activated firmware image fails its power-on self-test (§5.5 rollback).
  void failNextBootSelfTest(bool fail) { failNextBoot_ = fail; }

  // --- truth, for tests and the CLI ---
  BoardGateState gate() const { return gate_; }
  bool failSafe() const { return gate_ == BoardGateState::FailSafe; }
  bool sessionOpen() const { return session_; }
  bool running() const { return !booting_ && !hung_; }
  LightColor lights() const { return lights_; }
  bool lightsBlink() const { return blink_; }
  BuzzerPattern buzzer() const { return buzzer_; }
  IlluminationMode illumination() const { return illumination_; }
  std::uint8_t illuminationLevel() const { return illuminationLevel_; }
  std::uint32_t firmwareVersion() const { return activeVersion_; }
  bool trialImage() const { return trial_; }
  bool rolledBack() const { return rolledBack_; }
  std::uint16_t bootId() const { return bootId_; }
  std::uint16_t gateGeneration() const { return generation_; }
  const BoardCounters& counters() const { return counters_; }

 private:
  enum class FwState { Idle, Receiving, Verified };
  enum class BootTarget { Same, Trial, Previous };

  void handleFrame(const Frame& f, Clock::TimePoint now);
  Frame execute(const Frame& f, Clock::TimePoint now);
  Frame ack(const Frame& f, std::vector<std::uint8_t> payload = {}) const;
  Frame nak(const Frame& f, NakReason reason, const std::string& text) const;
  std::vector<std::uint8_t> statusPayload() const;
  void emit(const Frame& f);
  void queueEvent(MessageType type, std::vector<std::uint8_t> payload);
  void sendNextEvent(Clock::TimePoint now);
  void setGate(BoardGateState g, GateChangeReason reason);
  // The gate's state, as it is, under a new generation, announced by a GATE event (§5.4).
  void newGeneration(GateChangeReason reason);
  void reboot(Clock::TimePoint now, BootTarget target);
  void finishBoot(Clock::TimePoint now);
  std::uint8_t flags() const;

  BoardConfig config_;
  FrameReader reader_;
  std::vector<std::uint8_t> out_;
  BoardCounters counters_;

  // power / boot
  bool booting_ = false;
  bool hung_ = false;
  Clock::TimePoint bootDoneAt_{};
  BootTarget bootTarget_ = BootTarget::Same;
  std::uint16_t bootId_ = 1;
  Clock::TimePoint lastTick_{};

  // session (§3, §5.1)
  bool session_ = false;
  std::optional<std::uint16_t> lastHostSeq_;
  std::vector<std::uint8_t> cachedReply_;
  Clock::TimePoint lastHostRx_{};

  // outputs
  BoardGateState gate_ = BoardGateState::Closed;
  std::uint16_t generation_ = 0;
  Clock::TimePoint openUntil_{};
  LightColor lights_ = LightColor::Off;
  bool blink_ = false;
  BuzzerPattern buzzer_ = BuzzerPattern::Off;
  Clock::TimePoint buzzerUntil_{};
  IlluminationMode illumination_ = IlluminationMode::Off;
  std::uint8_t illuminationLevel_ = 0;
  bool documentPresent_ = false;
  bool tamper_ = false;

  // heartbeat (§4)
  Clock::TimePoint nextHeartbeat_{};
  Clock::TimePoint powerOn_{};

  // events (§5.4): stop-and-wait queue
  std::deque<Frame> eventQueue_;
  std::optional<Frame> eventOutstanding_;
  Clock::TimePoint eventSentAt_{};
  int eventAttempts_ = 0;
  std::uint16_t eventSeq_ = 0;

  // firmware (§5.5): A/B slots
  std::uint32_t activeVersion_ = 0;
  std::uint32_t previousVersion_ = 0;
  FwState fwState_ = FwState::Idle;
  std::uint32_t fwSize_ = 0;
  std::uint32_t fwVersion_ = 0;
  Signature fwSignature_{};
  std::vector<std::uint8_t> fwBuffer_;
  std::uint32_t stagedVersion_ = 0;
  bool trial_ = false;
  Clock::TimePoint trialDeadline_{};
  bool rolledBack_ = false;
  bool failNextBoot_ = false;
};

}  // namespace bordergate::firmware_host
