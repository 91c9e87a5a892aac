// The controller board's firmware logic (docs/controller-protocol.md), simulated in-process.
#include "bordergate/firmware_host/board_simulator.h"

#include <algorithm>

namespace bordergate::firmware_host {

namespace {
using Clock_ = std::chrono::steady_clock;
std::uint32_t msSince(Clock::TimePoint from, Clock::TimePoint now) {
  return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now - from).count());
}
}  // namespace

BoardSimulator::BoardSimulator(BoardConfig config, Clock::TimePoint powerOn)
    : config_(config), bootId_(config.bootId), activeVersion_(config.firmwareVersion) {
  powerOn_ = powerOn;
  lastTick_ = powerOn;
  lastHostRx_ = powerOn;
  nextHeartbeat_ = powerOn + kHeartbeatPeriod;
  counters_.boots = 1;
}

std::uint8_t BoardSimulator::flags() const {
  std::uint8_t f = 0;
  if (gate_ == BoardGateState::FailSafe) f |= kFlagFailSafe;
  if (documentPresent_) f |= kFlagDocumentPresent;
  if (tamper_) f |= kFlagTamper;
  return f;
}

std::vector<std::uint8_t> BoardSimulator::statusPayload() const {
  std::vector<std::uint8_t> p{static_cast<std::uint8_t>(gate_), flags(), static_cast<std::uint8_t>(lights_),
                              static_cast<std::uint8_t>(illumination_)};
  putU16(p, bootId_);
  putU16(p, generation_);
  return p;
}

void BoardSimulator::emit(const Frame& f) {
  auto bytes = encodeFrame(f);
  if (bytes) out_.insert(out_.end(), bytes->begin(), bytes->end());
}

Frame BoardSimulator::ack(const Frame& f, std::vector<std::uint8_t> payload) const {
  Frame a;
  a.type = static_cast<std::uint8_t>(MessageType::Ack);
  a.ack = f.seq;
  a.payload = std::move(payload);
  return a;
}

Frame BoardSimulator::nak(const Frame& f, NakReason reason, const std::string& text) const {
  Frame n;
  n.type = static_cast<std::uint8_t>(MessageType::Nak);
  n.ack = f.seq;
  n.payload.push_back(static_cast<std::uint8_t>(reason));
  n.payload.insert(n.payload.end(), text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(text.size(), 200)));
  return n;
}

void BoardSimulator::queueEvent(MessageType type, std::vector<std::uint8_t> payload) {
  // Events exist only within a session; the HELLO reply carries the state otherwise (§5.4).
  if (!session_) return;
  Frame e;
  e.type = static_cast<std::uint8_t>(type);
  e.payload = std::move(payload);
  eventQueue_.push_back(std::move(e));
}

void BoardSimulator::setGate(BoardGateState g, GateChangeReason reason) {
  if (g == gate_) return;
  gate_ = g;
  newGeneration(reason);
}

void BoardSimulator::newGeneration(GateChangeReason reason) {
  ++generation_;
  std::vector<std::uint8_t> p{static_cast<std::uint8_t>(gate_), static_cast<std::uint8_t>(reason)};
  putU16(p, bootId_);
  putU16(p, generation_);
  queueEvent(MessageType::GateEvent, std::move(p));
}

void BoardSimulator::receive(std::span<const std::uint8_t> bytes, Clock::TimePoint now) {
  if (booting_ || hung_) {
    // The MCU's USB peripheral is down; the bytes are lost (the host's ARQ recovers).
    ++counters_.framesWhileDown;
    return;
  }
  std::vector<Frame> frames;
  const auto rejectedBefore = reader_.stats().rejected;
  reader_.feed(bytes, frames);
  counters_.framesRejected += reader_.stats().rejected - rejectedBefore;
  for (const auto& f : frames) {
    if (booting_) break;  // FW_ACTIVATE rebooted us mid-buffer
    handleFrame(f, now);
  }
}

void BoardSimulator::handleFrame(const Frame& f, Clock::TimePoint now) {
  if (f.version != kProtocolVersion && f.messageType() != MessageType::Hello) {
    ++counters_.framesRejected;
    return;
  }
  lastHostRx_ = now;  // any intact frame proves the host is alive (§4)
  const auto type = f.messageType();
  if (type == MessageType::Heartbeat) return;
  if (type == MessageType::Ack || type == MessageType::Nak) {
    if (eventOutstanding_ && f.ack == eventOutstanding_->seq) {
      eventOutstanding_.reset();
      sendNextEvent(now);
    }
    return;
  }
  const bool duplicate = lastHostSeq_ && f.seq == *lastHostSeq_;
  if (type == MessageType::Hello && !duplicate) {
    // §5.1: HELLO opens a session whatever its seq.
    const Frame reply = execute(f, now);
    auto bytes = encodeFrame(reply);
    emit(reply);
    if (reply.messageType() == MessageType::Ack) {
      lastHostSeq_ = f.seq;
      cachedReply_ = bytes ? *bytes : std::vector<std::uint8_t>{};
    }
    return;
  }
  if (!session_) {
    emit(nak(f, NakReason::NoSession, "no session: send HELLO first"));
    return;
  }
  if (duplicate) {
    ++counters_.duplicatesAnswered;
    out_.insert(out_.end(), cachedReply_.begin(), cachedReply_.end());
    return;
  }
  if (lastHostSeq_ && !seqAfter(f.seq, *lastHostSeq_)) {
    ++counters_.staleDropped;
    return;
  }
  const Frame reply = execute(f, now);
  auto bytes = encodeFrame(reply);
  lastHostSeq_ = f.seq;
  cachedReply_ = bytes ? *bytes : std::vector<std::uint8_t>{};
  out_.insert(out_.end(), cachedReply_.begin(), cachedReply_.end());
  // FW_ACTIVATE: the ACK is in the USB FIFO; now reboot into the new image (§5.5).
  if (type == MessageType::FwActivate && reply.messageType() == MessageType::Ack) reboot(now, BootTarget::Trial);
}

Frame BoardSimulator::execute(const Frame& f, Clock::TimePoint now) {
  const auto& p = f.payload;
  const auto type = f.messageType();
  if (!isKnownMessageType(f.type) || !isReliable(type))
    return nak(f, NakReason::UnknownType, "unknown message type " + std::to_string(f.type));
  ++counters_.commandsExecuted;
  switch (type) {
    case MessageType::Hello: {
      if (p.size() != 2) return nak(f, NakReason::BadPayload, "HELLO needs min and max version");
      const std::uint8_t lo = std::max(p[0], config_.minProtocol);
      const std::uint8_t hi = std::min(p[1], config_.maxProtocol);
      if (lo > hi)
        return nak(f, NakReason::VersionUnsupported,
                   "board speaks protocol v" + std::to_string(config_.minProtocol) + "..v" + std::to_string(config_.maxProtocol));
      session_ = true;
      eventQueue_.clear();
      eventOutstanding_.reset();
      if (gate_ == BoardGateState::FailSafe) {
        // §4: the latch clears with a new session (event FAILSAFE, cleared = 1); the gate
        // stays closed.
        gate_ = BoardGateState::Closed;
        ++generation_;
        queueEvent(MessageType::FailSafeEvent, {static_cast<std::uint8_t>(FailSafeReason::HostHeartbeatLost), 1});
      }
      std::vector<std::uint8_t> r{hi};
      putU32(r, activeVersion_);
      putU32(r, config_.serial);
      r.push_back(static_cast<std::uint8_t>((trial_ ? kHelloFlagTrialImage : 0) | (rolledBack_ ? kHelloFlagRolledBack : 0)));
      const auto st = statusPayload();
      r.insert(r.end(), st.begin(), st.end());
      return ack(f, std::move(r));
    }
    case MessageType::GateOpen: {
      if (p.size() != 2) return nak(f, NakReason::BadPayload, "GATE_OPEN needs a u16 max open time");
      std::uint16_t ms = getU16(p, 0);
      if (ms == 0) ms = kDefaultMaxOpenMs;
      if (ms < kMinMaxOpenMs || ms > kMaxMaxOpenMs)
        return nak(f, NakReason::BadPayload, "max open time must be 1000..60000 ms");
      if (gate_ == BoardGateState::FailSafe) return nak(f, NakReason::FailSafeActive, "gate fail-safe latched: HELLO again first");
      if (tamper_) return nak(f, NakReason::TamperActive, "enclosure tamper active: gate stays closed");
      // A new opening of a gate still open (the next traveller before it closed) is a new
      // generation too, so that a late PASSAGE of the previous one never counts for it (§5.4).
      if (gate_ == BoardGateState::Open) newGeneration(GateChangeReason::Command);
      else setGate(BoardGateState::Open, GateChangeReason::Command);
      openUntil_ = now + std::chrono::milliseconds(ms);
      return ack(f, statusPayload());
    }
    case MessageType::GateClose:
      if (!p.empty()) return nak(f, NakReason::BadPayload, "GATE_CLOSE takes no payload");
      if (gate_ == BoardGateState::Open) setGate(BoardGateState::Closed, GateChangeReason::Command);
      return ack(f, statusPayload());
    case MessageType::GateStatus:
      if (!p.empty()) return nak(f, NakReason::BadPayload, "GATE_STATUS takes no payload");
      return ack(f, statusPayload());
    case MessageType::SetLights:
      if (p.size() != 2 || p[0] > static_cast<std::uint8_t>(LightColor::Blue) || p[1] > 1)
        return nak(f, NakReason::BadPayload, "SET_LIGHTS needs color 0..4 and blink 0/1");
      lights_ = static_cast<LightColor>(p[0]);
      blink_ = p[1] != 0;
      return ack(f);
    case MessageType::Buzzer:
      if (p.size() != 3 || p[0] > static_cast<std::uint8_t>(BuzzerPattern::Alarm))
        return nak(f, NakReason::BadPayload, "BUZZER needs pattern 0..3 and a u16 duration");
      buzzer_ = static_cast<BuzzerPattern>(p[0]);
      buzzerUntil_ = now + std::chrono::milliseconds(getU16(p, 1));
      return ack(f);
    case MessageType::Illumination:
      if (p.size() != 2 || p[0] > static_cast<std::uint8_t>(IlluminationMode::Ultraviolet) || p[1] > 100)
        return nak(f, NakReason::BadPayload, "ILLUMINATION needs mode 0..3 and level 0..100");
      illumination_ = static_cast<IlluminationMode>(p[0]);
      illuminationLevel_ = illumination_ == IlluminationMode::Off ? 0 : p[1];
      return ack(f);
    case MessageType::FwBegin: {
      if (p.size() != 8 + kSignatureSize) return nak(f, NakReason::BadPayload, "FW_BEGIN needs size, version, signature");
      const std::uint32_t size = getU32(p, 0);
      if (size == 0 || size > kFwSlotSize)
        return nak(f, NakReason::FwTooLarge, "image of " + std::to_string(size) + " bytes does not fit the 262144-byte slot");
      fwSize_ = size;
      fwVersion_ = getU32(p, 4);
      std::copy(p.begin() + 8, p.end(), fwSignature_.begin());
      fwBuffer_.clear();
      fwState_ = FwState::Receiving;
      return ack(f);
    }
    case MessageType::FwChunk: {
      if (fwState_ != FwState::Receiving) return nak(f, NakReason::FwBadState, "FW_CHUNK before FW_BEGIN");
      if (p.size() < 5 || p.size() > 4 + kFwChunkSize) return nak(f, NakReason::BadPayload, "FW_CHUNK needs offset + 1..256 bytes");
      const std::uint32_t offset = getU32(p, 0);
      if (offset != fwBuffer_.size())
        return nak(f, NakReason::FwBadOffset, "chunk at offset " + std::to_string(offset) + ", expected " + std::to_string(fwBuffer_.size()));
      if (fwBuffer_.size() + (p.size() - 4) > fwSize_) return nak(f, NakReason::FwTooLarge, "chunk runs past the announced image size");
      fwBuffer_.insert(fwBuffer_.end(), p.begin() + 4, p.end());
      return ack(f);
    }
    case MessageType::FwVerify:
      if (fwState_ != FwState::Receiving) return nak(f, NakReason::FwBadState, "FW_VERIFY before FW_BEGIN");
      if (fwBuffer_.size() != fwSize_)
        return nak(f, NakReason::FwIncomplete, std::to_string(fwBuffer_.size()) + " of " + std::to_string(fwSize_) + " bytes received");
      if (!verifyFirmware(fwBuffer_, fwVersion_, fwSignature_, config_.firmwareKey)) {
        fwState_ = FwState::Idle;
        fwBuffer_.clear();
        return nak(f, NakReason::FwBadSignature, "image signature does not verify with the board's key; image discarded");
      }
      fwState_ = FwState::Verified;
      return ack(f);
    case MessageType::FwActivate:
      if (fwState_ != FwState::Verified) return nak(f, NakReason::FwBadState, "FW_ACTIVATE before a successful FW_VERIFY");
      stagedVersion_ = fwVersion_;
      fwState_ = FwState::Idle;
      return ack(f);
    case MessageType::FwConfirm:
      trial_ = false;  // idempotent: nothing to confirm is fine
      return ack(f);
    default:
      return nak(f, NakReason::UnknownType, std::string(messageTypeName(type)) + " is not a host command");
  }
}

void BoardSimulator::sendNextEvent(Clock::TimePoint now) {
  if (eventOutstanding_ || eventQueue_.empty() || !session_) return;
  Frame e = std::move(eventQueue_.front());
  eventQueue_.pop_front();
  eventSeq_ = nextSeq(eventSeq_);
  e.seq = eventSeq_;
  emit(e);
  ++counters_.eventsSent;
  eventOutstanding_ = std::move(e);
  eventSentAt_ = now;
  eventAttempts_ = 1;
}

void BoardSimulator::reboot(Clock::TimePoint now, BootTarget target) {
  booting_ = true;
  bootTarget_ = target;
  bootDoneAt_ = now + kBootTime;
  session_ = false;
  lastHostSeq_.reset();
  cachedReply_.clear();
  eventQueue_.clear();
  eventOutstanding_.reset();
  reader_.reset();
  // Reset: outputs de-energised, the gate closes (fail-safe hardware default).
  if (gate_ != BoardGateState::Closed) {
    gate_ = BoardGateState::Closed;
    ++generation_;
  }
  lights_ = LightColor::Off;
  blink_ = false;
  buzzer_ = BuzzerPattern::Off;
  illumination_ = IlluminationMode::Off;
  illuminationLevel_ = 0;
  fwState_ = FwState::Idle;
  fwBuffer_.clear();
}

void BoardSimulator::finishBoot(Clock::TimePoint now) {
  booting_ = false;
  ++bootId_;
  generation_ = 0;
  ++counters_.boots;
  if (bootTarget_ == BootTarget::Trial) {
    if (failNextBoot_) {
      // Self-test failed: the bootloader swaps back to the previous slot (§5.5).
      failNextBoot_ = false;
      rolledBack_ = true;
      reboot(now, BootTarget::Same);
      return;
    }
    previousVersion_ = activeVersion_;
    activeVersion_ = stagedVersion_;
    trial_ = true;
    rolledBack_ = false;
    trialDeadline_ = now + kTrialWindow;
  } else if (bootTarget_ == BootTarget::Previous) {
    activeVersion_ = previousVersion_;
    trial_ = false;
    rolledBack_ = true;
  }
  powerOn_ = now;
  lastHostRx_ = now;
  nextHeartbeat_ = now;
}

void BoardSimulator::tick(Clock::TimePoint now) {
  if (now < lastTick_) now = lastTick_;
  lastTick_ = now;
  if (hung_) return;
  if (booting_) {
    if (now < bootDoneAt_) return;
    finishBoot(now);
    if (booting_) return;
  }
  // §4 watchdog: no intact host frame for kHostLossTimeout -> close and latch.
  if (gate_ != BoardGateState::FailSafe && now - lastHostRx_ >= kHostLossTimeout) {
    ++counters_.failSafeTrips;
    setGate(BoardGateState::FailSafe, GateChangeReason::FailSafe);
    queueEvent(MessageType::FailSafeEvent, {static_cast<std::uint8_t>(FailSafeReason::HostHeartbeatLost), 0});
  }
  if (gate_ == BoardGateState::Open && now >= openUntil_) setGate(BoardGateState::Closed, GateChangeReason::AutoClose);
  if (buzzer_ != BuzzerPattern::Off && now >= buzzerUntil_) buzzer_ = BuzzerPattern::Off;
  if (trial_ && now >= trialDeadline_) {
    // Not confirmed in time: roll back (§5.5).
    reboot(now, BootTarget::Previous);
    return;
  }
  if (now >= nextHeartbeat_) {
    Frame hb;
    hb.type = static_cast<std::uint8_t>(MessageType::Heartbeat);
    hb.payload = {static_cast<std::uint8_t>(gate_), flags()};
    putU16(hb.payload, bootId_);
    putU16(hb.payload, generation_);
    putU32(hb.payload, msSince(powerOn_, now));
    emit(hb);
    nextHeartbeat_ += kHeartbeatPeriod;
    if (nextHeartbeat_ <= now) nextHeartbeat_ = now + kHeartbeatPeriod;
  }
  if (eventOutstanding_ && now - eventSentAt_ >= kAckTimeout) {
    if (eventAttempts_ <= kMaxRetransmissions) {
      emit(*eventOutstanding_);
      ++eventAttempts_;
      ++counters_.eventRetransmissions;
      eventSentAt_ = now;
    } else {
      // Given up; the state is re-reported by every heartbeat (§5.4).
      ++counters_.eventsUnacknowledged;
      eventOutstanding_.reset();
    }
  }
  sendNextEvent(now);
}

Clock::TimePoint BoardSimulator::nextWakeup() const {
  if (hung_) return Clock::TimePoint::max();
  if (booting_) return bootDoneAt_;
  Clock::TimePoint t = nextHeartbeat_;
  if (gate_ != BoardGateState::FailSafe) t = std::min(t, lastHostRx_ + kHostLossTimeout);
  if (gate_ == BoardGateState::Open) t = std::min(t, openUntil_);
  if (buzzer_ != BuzzerPattern::Off) t = std::min(t, buzzerUntil_);
  if (trial_) t = std::min(t, trialDeadline_);
  if (eventOutstanding_) t = std::min(t, eventSentAt_ + kAckTimeout);
  return std::max(t, lastTick_ + std::chrono::microseconds(1));
}

std::vector<std::uint8_t> BoardSimulator::takeOutput() {
  std::vector<std::uint8_t> o;
  o.swap(out_);
  return o;
}

void BoardSimulator::setDocumentPresent(bool present) {
  if (present == documentPresent_) return;
  documentPresent_ = present;
  queueEvent(MessageType::DocumentEvent, {static_cast<std::uint8_t>(present ? 1 : 0)});
}

void BoardSimulator::passage() {
  std::vector<std::uint8_t> p;
  putU16(p, generation_);
  queueEvent(MessageType::PassageEvent, std::move(p));
}

void BoardSimulator::setTamper(bool active) {
  if (active == tamper_) return;
  tamper_ = active;
  queueEvent(MessageType::TamperEvent, {0, static_cast<std::uint8_t>(active ? 1 : 0)});
  if (active && gate_ == BoardGateState::Open) setGate(BoardGateState::Closed, GateChangeReason::Tamper);
}

void BoardSimulator::reportError(std::uint16_t code, const std::string& text) {
  std::vector<std::uint8_t> p;
  putU16(p, code);
  p.insert(p.end(), text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(text.size(), 200)));
  queueEvent(MessageType::ErrorReport, std::move(p));
}

void BoardSimulator::hang(bool hung, Clock::TimePoint now) {
  if (hung == hung_) return;
  hung_ = hung;
  if (hung) {
    // The hardware watchdog de-energises the gate actuator (closed).
    if (gate_ != BoardGateState::Closed) {
      gate_ = BoardGateState::Closed;
      ++generation_;
    }
    session_ = false;
    out_.clear();
  } else {
    lastTick_ = now;
    reboot(now, BootTarget::Same);
  }
}

}  // namespace bordergate::firmware_host
