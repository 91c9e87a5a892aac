// Host side of BGCP (docs/controller-protocol.md): session, stop-and-wait ARQ, heartbeats,
// events, silent-board detection, gate-state bookkeeping and the firmware update procedure.
#include "bordergate/firmware_host/controller_client.h"

#include <random>

namespace bordergate::firmware_host {
namespace {

using namespace std::chrono;

GateState fromBoard(BoardGateState g) {
  switch (g) {
    case BoardGateState::Closed: return GateState::Closed;
    case BoardGateState::Open: return GateState::Open;
    case BoardGateState::FailSafe: return GateState::FailSafe;
  }
  return GateState::Unknown;
}

bool validBoardGate(std::uint8_t g) { return g <= static_cast<std::uint8_t>(BoardGateState::FailSafe); }

std::uint16_t randomSeq() {
  std::random_device rd;
  return nextSeq(static_cast<std::uint16_t>(rd()));
}

}  // namespace

std::string_view gateStateName(GateState s) {
  switch (s) {
    case GateState::Unknown: return "unknown";
    case GateState::Closed: return "closed";
    case GateState::Open: return "open";
    case GateState::FailSafe: return "fail-safe";
  }
  return "?";
}

std::string_view controllerEventName(ControllerEvent::Kind k) {
  switch (k) {
    case ControllerEvent::Kind::DocumentPresent: return "document";
    case ControllerEvent::Kind::Tamper: return "tamper";
    case ControllerEvent::Kind::FailSafe: return "fail-safe";
    case ControllerEvent::Kind::GateChanged: return "gate";
    case ControllerEvent::Kind::BoardError: return "board-error";
    case ControllerEvent::Kind::BoardSilent: return "board-silent";
    case ControllerEvent::Kind::BoardBack: return "board-back";
    case ControllerEvent::Kind::BoardRebooted: return "board-rebooted";
    case ControllerEvent::Kind::Passage: return "passage";
  }
  return "?";
}

ControllerClient::ControllerClient(Transport& transport, const Clock& clock, std::optional<std::uint16_t> firstSeq)
    : transport_(transport), clock_(clock), txSeq_(firstSeq ? *firstSeq : randomSeq()) {
  start_ = clock_.now();
  nextHeartbeat_ = start_;
  lastRx_ = start_;
}

void ControllerClient::emitEvent(ControllerEvent e) {
  e.at = clock_.now();
  events_.push_back(std::move(e));
}

std::vector<ControllerEvent> ControllerClient::takeEvents() {
  std::vector<ControllerEvent> e;
  e.swap(events_);
  return e;
}

void ControllerClient::markUnknown() {
  gate_ = GateState::Unknown;
  status_.gate = GateState::Unknown;
  needStatus_ = true;
}

void ControllerClient::recordGateReport(BoardGateState g, std::uint16_t boot, std::uint16_t generation, bool authoritative) {
  bool newer = !knownBoot_ || seqAfter(boot, *knownBoot_) ||
               (boot == *knownBoot_ && (generation == knownGeneration_ || seqAfter(generation, knownGeneration_)));
  if (newer) {
    knownBoot_ = boot;
    knownGeneration_ = generation;
    reportedGate_ = fromBoard(g);
  } else {
    ++stats_.staleReports;
  }
  if (authoritative) needStatus_ = false;
  gate_ = needStatus_ ? GateState::Unknown : reportedGate_;
  status_.gate = gate_;
  status_.failSafe = reportedGate_ == GateState::FailSafe;
  status_.bootId = *knownBoot_;
  status_.generation = knownGeneration_;
}

void ControllerClient::applyStatus(std::span<const std::uint8_t> p, std::size_t at, bool authoritative) {
  if (p.size() < at + 8 || !validBoardGate(p[at])) return;
  const std::uint8_t flags = p[at + 1];
  status_.documentPresent = flags & kFlagDocumentPresent;
  status_.tamper = flags & kFlagTamper;
  if (p[at + 2] <= static_cast<std::uint8_t>(LightColor::Blue)) status_.lights = static_cast<LightColor>(p[at + 2]);
  if (p[at + 3] <= static_cast<std::uint8_t>(IlluminationMode::Ultraviolet)) status_.illumination = static_cast<IlluminationMode>(p[at + 3]);
  recordGateReport(static_cast<BoardGateState>(p[at]), getU16(p, at + 4), getU16(p, at + 6), authoritative);
}

void ControllerClient::sendHeartbeatIfDue() {
  const auto now = clock_.now();
  if (!heartbeats_ || now < nextHeartbeat_) return;
  Frame hb;
  hb.type = static_cast<std::uint8_t>(MessageType::Heartbeat);
  putU32(hb.payload, static_cast<std::uint32_t>(duration_cast<milliseconds>(now - start_).count()));
  if (auto bytes = encodeFrame(hb); bytes && transport_.send(*bytes)) ++stats_.heartbeatsSent;
  nextHeartbeat_ += kHeartbeatPeriod;
  if (nextHeartbeat_ <= now) nextHeartbeat_ = now + kHeartbeatPeriod;
}

void ControllerClient::checkSilence() {
  if (silent_ || clock_.now() - lastRx_ < kBoardSilentTimeout) return;
  // §4: the board will have failed safe, but the host cannot know; say Unknown.
  silent_ = true;
  session_ = false;
  markUnknown();
  emitEvent({ControllerEvent::Kind::BoardSilent, 0, 0, GateState::Unknown,
             "no frame from the controller board for 500 ms (" + transport_.describe() +
                 "): check the USB cable and the board's power LED",
             {}});
}

Result<void> ControllerClient::service(microseconds maxWait) {
  sendHeartbeatIfDue();
  auto now = clock_.now();
  auto wait = duration_cast<microseconds>(maxWait);
  if (heartbeats_) wait = std::min(wait, duration_cast<microseconds>(nextHeartbeat_ - now));
  // Poll slice 20 ms bounds silent-board detection latency (§4).
  wait = std::min(wait, duration_cast<microseconds>(milliseconds(20)));
  if (wait < microseconds(0)) wait = microseconds(0);
  auto bytes = transport_.receive(ceil<milliseconds>(wait));
  if (!bytes) {
    checkSilence();
    return tl::unexpected(bytes.error());
  }
  std::vector<Frame> frames;
  reader_.feed(*bytes, frames);
  stats_.framesRejected = reader_.stats().rejected;
  for (const auto& f : frames) handleFrame(f);
  checkSilence();
  return {};
}

void ControllerClient::handleFrame(const Frame& f) {
  if (f.version != kProtocolVersion) {
    ++stats_.framesRejected;
    return;
  }
  lastRx_ = clock_.now();
  if (silent_) {
    silent_ = false;
    reconnectWanted_ = true;
    emitEvent({ControllerEvent::Kind::BoardBack, 0, 0, gate_, "controller board answers again", {}});
  }
  const auto type = f.messageType();
  const auto& p = f.payload;
  if (type == MessageType::Ack || type == MessageType::Nak) {
    if (outstandingSeq_ && f.ack == *outstandingSeq_ && !reply_) reply_ = Reply{type == MessageType::Ack, p};
    return;
  }
  if (type == MessageType::Heartbeat) {
    if (p.size() < 10 || !validBoardGate(p[0])) return;
    const std::uint16_t boot = getU16(p, 2);
    if (knownBoot_ && seqAfter(boot, *knownBoot_)) {
      session_ = false;
      reconnectWanted_ = true;
      emitEvent({ControllerEvent::Kind::BoardRebooted, boot, 0, GateState::Unknown, "controller board rebooted", {}});
    }
    status_.documentPresent = p[1] & kFlagDocumentPresent;
    status_.tamper = p[1] & kFlagTamper;
    recordGateReport(static_cast<BoardGateState>(p[0]), boot, getU16(p, 4), false);
    return;
  }
  // A reliable frame from the board: an event. ACK it (also duplicates: our ACK was lost).
  Frame reply;
  reply.ack = f.seq;
  const bool known = type == MessageType::DocumentEvent || type == MessageType::TamperEvent ||
                     type == MessageType::FailSafeEvent || type == MessageType::GateEvent ||
                     type == MessageType::PassageEvent || type == MessageType::ErrorReport;
  reply.type = static_cast<std::uint8_t>(known ? MessageType::Ack : MessageType::Nak);
  if (!known) reply.payload.push_back(static_cast<std::uint8_t>(NakReason::UnknownType));
  if (auto bytes = encodeFrame(reply)) (void)transport_.send(*bytes);
  if (!known) return;
  if (lastBoardSeq_ && (f.seq == *lastBoardSeq_ || !seqAfter(f.seq, *lastBoardSeq_))) {
    ++stats_.duplicateEvents;
    return;
  }
  lastBoardSeq_ = f.seq;
  switch (type) {
    case MessageType::DocumentEvent:
      if (p.size() != 1) return;
      status_.documentPresent = p[0] != 0;
      emitEvent({ControllerEvent::Kind::DocumentPresent, p[0] != 0, 0, gate_, {}, {}});
      break;
    case MessageType::TamperEvent:
      if (p.size() != 2) return;
      status_.tamper = p[1] != 0;
      emitEvent({ControllerEvent::Kind::Tamper, p[1] != 0, p[0], gate_, p[1] ? "enclosure tamper detected" : "tamper cleared", {}});
      break;
    case MessageType::FailSafeEvent: {
      // §4: reason (1 HostHeartbeatLost, 2 Watchdog) and `cleared`: 1 when a new session
      // released the latch (the gate stays closed), 0 when the board failed safe.
      if (p.size() != 2) return;
      const bool cleared = p[1] != 0;
      const std::string why = p[0] == static_cast<std::uint8_t>(FailSafeReason::Watchdog)
                                  ? "its watchdog tripped"
                                  : "it lost the host's heartbeat (host stalled or link down)";
      emitEvent({ControllerEvent::Kind::FailSafe, p[1], p[0], cleared ? GateState::Closed : GateState::FailSafe,
                 cleared ? "board fail-safe cleared by the new session; the gate stays closed" : "board closed the gate: " + why, {}});
      break;
    }
    case MessageType::GateEvent:
      if (p.size() != 6 || !validBoardGate(p[0])) return;
      recordGateReport(static_cast<BoardGateState>(p[0]), getU16(p, 2), getU16(p, 4), false);
      emitEvent({ControllerEvent::Kind::GateChanged, 0, p[1], fromBoard(static_cast<BoardGateState>(p[0])),
                 std::string(gateChangeReasonName(static_cast<GateChangeReason>(p[1]))), {}});
      break;
    case MessageType::PassageEvent:
      if (p.size() != 2) return;
      emitEvent({ControllerEvent::Kind::Passage, getU16(p, 0), 0, gate_, "a person passed the exit light barrier", {}});
      break;
    case MessageType::ErrorReport:
      if (p.size() < 2) return;
      emitEvent({ControllerEvent::Kind::BoardError, getU16(p, 0), 0, gate_, std::string(p.begin() + 2, p.end()), {}});
      break;
    default:
      break;
  }
}

Result<ControllerClient::Reply> ControllerClient::transactOnce(MessageType type, const std::vector<std::uint8_t>& payload) {
  ++stats_.commands;
  txSeq_ = nextSeq(txSeq_);
  Frame f;
  f.type = static_cast<std::uint8_t>(type);
  f.seq = txSeq_;
  f.payload = payload;
  auto bytes = encodeFrame(f);
  if (!bytes) return tl::unexpected(bytes.error());
  outstandingSeq_ = f.seq;
  reply_.reset();
  // §4: while the board is silent, one attempt only — fail fast, do not queue up.
  const int attempts = silent_ ? 1 : 1 + kMaxRetransmissions;
  for (int a = 0; a < attempts && !reply_; ++a) {
    if (a > 0) ++stats_.retransmissions;
    auto sent = transport_.send(*bytes);
    if (!sent) {
      outstandingSeq_.reset();
      ++stats_.failed;
      markUnknown();
      return fail(ErrorCode::Io, std::string(messageTypeName(type)) + " not sent: " + sent.error().message);
    }
    const auto deadline = clock_.now() + kAckTimeout;
    while (!reply_ && clock_.now() < deadline) {
      auto s = service(duration_cast<microseconds>(deadline - clock_.now()));
      if (!s && s.error().code == ErrorCode::Io) {
        outstandingSeq_.reset();
        ++stats_.failed;
        markUnknown();
        return fail(ErrorCode::Io, std::string(messageTypeName(type)) + " failed: " + s.error().message);
      }
    }
  }
  outstandingSeq_.reset();
  if (!reply_) {
    ++stats_.failed;
    markUnknown();
    return fail(ErrorCode::Timeout,
                "controller board (" + transport_.describe() + ") did not acknowledge " + std::string(messageTypeName(type)) +
                    " after " + std::to_string(attempts) + " attempt(s); the gate state is unknown until the board reports again. "
                    "Check the USB cable and the board's power");
  }
  if (reply_->acked) ++stats_.acknowledged;
  else ++stats_.refused;
  return *reply_;
}

Error ControllerClient::nakError(MessageType type, const Reply& r) const {
  const auto reason = r.payload.empty() ? NakReason::BadPayload : static_cast<NakReason>(r.payload[0]);
  const std::string text = r.payload.size() > 1 ? std::string(r.payload.begin() + 1, r.payload.end()) : std::string();
  ErrorCode code = ErrorCode::InvalidArgument;
  switch (reason) {
    case NakReason::FailSafeActive:
    case NakReason::TamperActive: code = ErrorCode::Busy; break;
    case NakReason::FwBadSignature: code = ErrorCode::Integrity; break;
    case NakReason::UnknownType:
    case NakReason::VersionUnsupported: code = ErrorCode::Unsupported; break;
    case NakReason::NoSession: code = ErrorCode::Io; break;
    default: break;
  }
  return Error{code, "controller board refused " + std::string(messageTypeName(type)) + ": " + std::string(nakReasonName(reason)) +
                         (text.empty() ? "" : " (" + text + ")")};
}

Result<BoardInfo> ControllerClient::connect() {
  auto r = transactOnce(MessageType::Hello, {kProtocolVersion, kProtocolVersion});
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) {
    auto e = nakError(MessageType::Hello, *r);
    if (!r->payload.empty() && r->payload[0] == static_cast<std::uint8_t>(NakReason::VersionUnsupported))
      e.message += "; this host speaks protocol v1: update the host software or the board firmware";
    return tl::unexpected(e);
  }
  const auto& p = r->payload;
  if (p.size() < 18) return fail(ErrorCode::InvalidData, "HELLO reply of " + std::to_string(p.size()) + " bytes, expected 18");
  BoardInfo info;
  info.protocolVersion = p[0];
  info.firmwareVersion = getU32(p, 1);
  info.serial = getU32(p, 5);
  info.trialImage = p[9] & kHelloFlagTrialImage;
  info.rolledBack = p[9] & kHelloFlagRolledBack;
  // A new session: the board's event numbering may have restarted (§5.1).
  lastBoardSeq_.reset();
  if (knownBoot_ && getU16(p, 14) != *knownBoot_) knownBoot_.reset();  // another boot: take its numbers
  applyStatus(p, 10, true);
  info.status = status_;
  session_ = true;
  reconnectWanted_ = false;
  info_ = info;
  return info;
}

Result<void> ControllerClient::ensureSession() {
  if (session_) return {};
  auto c = connect();
  if (!c) return tl::unexpected(c.error());
  return {};
}

Result<ControllerClient::Reply> ControllerClient::transact(MessageType type, std::vector<std::uint8_t> payload) {
  if (auto s = ensureSession(); !s) return tl::unexpected(s.error());
  auto r = transactOnce(type, payload);
  const auto nak = [&](NakReason why) {
    return r && !r->acked && !r->payload.empty() && r->payload[0] == static_cast<std::uint8_t>(why);
  };
  // The board rebooted under us (NoSession), or latched fail-safe while the link stayed up
  // (FailSafeActive: the host stalled past kHostLossTimeout; §5.2 "re-handshake, then
  // retry", §4: only a new HELLO clears the latch, and re-learns the board's state): open a
  // new session and try once more.
  if (nak(NakReason::NoSession) || nak(NakReason::FailSafeActive)) {
    session_ = false;
    if (auto s = ensureSession(); !s) return tl::unexpected(s.error());
    r = transactOnce(type, payload);
  }
  return r;
}

Result<BoardStatus> ControllerClient::statusFromReply(const Reply& r) {
  if (r.payload.size() != 8) return fail(ErrorCode::InvalidData, "status reply of " + std::to_string(r.payload.size()) + " bytes, expected 8");
  applyStatus(r.payload, 0, true);
  return status_;
}

Result<BoardStatus> ControllerClient::status() {
  auto r = transact(MessageType::GateStatus, {});
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) return tl::unexpected(nakError(MessageType::GateStatus, *r));
  return statusFromReply(*r);
}

Result<BoardStatus> ControllerClient::openGate(milliseconds maxOpen) {
  if (maxOpen.count() != 0 && (maxOpen.count() < kMinMaxOpenMs || maxOpen.count() > kMaxMaxOpenMs))
    return fail(ErrorCode::InvalidArgument, "max open time must be 0 (board default) or 1000..60000 ms");
  std::vector<std::uint8_t> p;
  putU16(p, static_cast<std::uint16_t>(maxOpen.count()));
  auto r = transact(MessageType::GateOpen, std::move(p));
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) {
    // A refusal still tells us the gate did not open; ask for the status to stay accurate.
    auto e = nakError(MessageType::GateOpen, *r);
    return tl::unexpected(e);
  }
  return statusFromReply(*r);
}

Result<BoardStatus> ControllerClient::closeGate() {
  auto r = transact(MessageType::GateClose, {});
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) return tl::unexpected(nakError(MessageType::GateClose, *r));
  return statusFromReply(*r);
}

Result<void> ControllerClient::setLights(LightColor color, bool blink) {
  auto r = transact(MessageType::SetLights, {static_cast<std::uint8_t>(color), static_cast<std::uint8_t>(blink ? 1 : 0)});
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) return tl::unexpected(nakError(MessageType::SetLights, *r));
  status_.lights = color;
  return {};
}

Result<void> ControllerClient::buzzer(BuzzerPattern pattern, milliseconds duration) {
  if (duration.count() < 0 || duration.count() > 0xFFFF) return fail(ErrorCode::InvalidArgument, "buzzer duration must be 0..65535 ms");
  std::vector<std::uint8_t> p{static_cast<std::uint8_t>(pattern)};
  putU16(p, static_cast<std::uint16_t>(duration.count()));
  auto r = transact(MessageType::Buzzer, std::move(p));
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) return tl::unexpected(nakError(MessageType::Buzzer, *r));
  return {};
}

Result<void> ControllerClient::setIllumination(IlluminationMode mode, std::uint8_t levelPercent) {
  if (levelPercent > 100) return fail(ErrorCode::InvalidArgument, "illumination level must be 0..100 %");
  auto r = transact(MessageType::Illumination, {static_cast<std::uint8_t>(mode), levelPercent});
  if (!r) return tl::unexpected(r.error());
  if (!r->acked) return tl::unexpected(nakError(MessageType::Illumination, *r));
  status_.illumination = mode;
  return {};
}

void ControllerClient::poll(milliseconds duration) {
  const auto deadline = clock_.now() + duration;
  while (clock_.now() < deadline) {
    const auto now = clock_.now();
    if ((reconnectWanted_ || (needStatus_ && session_)) && !silent_ && now - lastRecoveryAttempt_ >= kHeartbeatPeriod) {
      // Re-learn what the board is doing: a new session after a reboot, or an
      // acknowledged status after a failed command (§3).
      lastRecoveryAttempt_ = now;
      if (reconnectWanted_) (void)connect();
      else (void)status();
      continue;
    }
    if (auto s = service(duration_cast<microseconds>(deadline - now)); !s) return;
  }
}

Result<BoardInfo> ControllerClient::updateFirmware(std::span<const std::uint8_t> image, std::uint32_t version, const Signature& signature) {
  if (image.empty() || image.size() > kFwSlotSize)
    return fail(ErrorCode::InvalidArgument, "firmware image of " + std::to_string(image.size()) + " bytes: must be 1..262144 bytes");
  auto step = [&](MessageType t, std::vector<std::uint8_t> p, const std::string& what) -> Result<void> {
    auto r = transact(t, std::move(p));
    if (!r) return fail(r.error().code, "firmware update failed at " + what + ": " + r.error().message + "; the old firmware keeps running");
    if (!r->acked) {
      auto e = nakError(t, *r);
      return fail(e.code, "firmware update failed at " + what + ": " + e.message + "; the old firmware keeps running");
    }
    return {};
  };
  std::vector<std::uint8_t> begin;
  putU32(begin, static_cast<std::uint32_t>(image.size()));
  putU32(begin, version);
  begin.insert(begin.end(), signature.begin(), signature.end());
  if (auto s = step(MessageType::FwBegin, std::move(begin), "FW_BEGIN"); !s) return tl::unexpected(s.error());
  for (std::size_t off = 0; off < image.size(); off += kFwChunkSize) {
    std::vector<std::uint8_t> c;
    putU32(c, static_cast<std::uint32_t>(off));
    const auto n = std::min(kFwChunkSize, image.size() - off);
    c.insert(c.end(), image.begin() + static_cast<std::ptrdiff_t>(off), image.begin() + static_cast<std::ptrdiff_t>(off + n));
    if (auto s = step(MessageType::FwChunk, std::move(c), "chunk at offset " + std::to_string(off)); !s) return tl::unexpected(s.error());
  }
  if (auto s = step(MessageType::FwVerify, {}, "FW_VERIFY"); !s) return tl::unexpected(s.error());
  if (auto s = step(MessageType::FwActivate, {}, "FW_ACTIVATE"); !s) {
    // The board acknowledges FW_ACTIVATE and reboots at once (§5.5): when that ACK is lost,
    // the resends meet a board booting, then a new one with no session, which refuses them
    // (FwBadState: nothing verified since its boot). The new image may be running on trial
    // all the same, and would roll back unconfirmed: ask the board before calling it failed.
    session_ = false;
    markUnknown();
    poll(kBootTime);
    auto probe = connect();
    if (!probe || probe->firmwareVersion != version || !probe->trialImage) return tl::unexpected(s.error());
  }
  // The board reboots into the new image on trial (§5.5).
  session_ = false;
  markUnknown();
  poll(kBootTime);
  const auto deadline = clock_.now() + kTrialWindow / 2;
  Result<BoardInfo> info = fail(ErrorCode::Timeout, "no HELLO reply");
  while (clock_.now() < deadline) {
    info = connect();
    if (info) break;
  }
  if (!info)
    return fail(ErrorCode::Timeout, "the board did not come back after FW_ACTIVATE (" + info.error().message +
                                        "); it rolls back by itself if the new image is not confirmed within 5 s");
  if (info->rolledBack || info->firmwareVersion != version)
    return fail(ErrorCode::Integrity, "the board rolled back to firmware " + firmwareVersionString(info->firmwareVersion) +
                                          ": image " + firmwareVersionString(version) + " failed its self-test; keep the old image and report the build");
  if (auto s = step(MessageType::FwConfirm, {}, "FW_CONFIRM"); !s) return tl::unexpected(s.error());
  info->trialImage = false;
  info_ = *info;
  return *info;
}

}  // namespace bordergate::firmware_host
