// Names for BGCP enums (docs/controller-protocol.md §5), used in logs, errors and the CLI.
#include "bordergate/firmware_host/protocol.h"

namespace bordergate::firmware_host {

std::string_view messageTypeName(MessageType t) {
  switch (t) {
    case MessageType::Ack: return "ACK";
    case MessageType::Nak: return "NAK";
    case MessageType::Hello: return "HELLO";
    case MessageType::Heartbeat: return "HEARTBEAT";
    case MessageType::GateOpen: return "GATE_OPEN";
    case MessageType::GateClose: return "GATE_CLOSE";
    case MessageType::GateStatus: return "GATE_STATUS";
    case MessageType::SetLights: return "SET_LIGHTS";
    case MessageType::Buzzer: return "BUZZER";
    case MessageType::Illumination: return "ILLUMINATION";
    case MessageType::DocumentEvent: return "DOCUMENT";
    case MessageType::TamperEvent: return "TAMPER";
    case MessageType::FailSafeEvent: return "FAILSAFE";
    case MessageType::GateEvent: return "GATE";
    case MessageType::PassageEvent: return "PASSAGE";
    case MessageType::ErrorReport: return "ERROR_REPORT";
    case MessageType::FwBegin: return "FW_BEGIN";
    case MessageType::FwChunk: return "FW_CHUNK";
    case MessageType::FwVerify: return "FW_VERIFY";
    case MessageType::FwActivate: return "FW_ACTIVATE";
    case MessageType::FwConfirm: return "FW_CONFIRM";
  }
  return "UNKNOWN";
}

bool isKnownMessageType(std::uint8_t t) { return messageTypeName(static_cast<MessageType>(t)) != "UNKNOWN"; }

bool isReliable(MessageType t) {
  return t != MessageType::Ack && t != MessageType::Nak && t != MessageType::Heartbeat;
}

std::string_view nakReasonName(NakReason r) {
  switch (r) {
    case NakReason::UnknownType: return "UnknownType";
    case NakReason::BadPayload: return "BadPayload";
    case NakReason::VersionUnsupported: return "VersionUnsupported";
    case NakReason::NoSession: return "NoSession";
    case NakReason::FailSafeActive: return "FailSafeActive";
    case NakReason::TamperActive: return "TamperActive";
    case NakReason::FwBadState: return "FwBadState";
    case NakReason::FwBadOffset: return "FwBadOffset";
    case NakReason::FwTooLarge: return "FwTooLarge";
    case NakReason::FwBadSignature: return "FwBadSignature";
    case NakReason::FwIncomplete: return "FwIncomplete";
  }
  return "Unknown";
}

std::string_view lightColorName(LightColor c) {
  switch (c) {
    case LightColor::Off: return "off";
    case LightColor::Red: return "red";
    case LightColor::Amber: return "amber";
    case LightColor::Green: return "green";
    case LightColor::Blue: return "blue";
  }
  return "?";
}

std::string_view illuminationModeName(IlluminationMode m) {
  switch (m) {
    case IlluminationMode::Off: return "off";
    case IlluminationMode::White: return "white";
    case IlluminationMode::Infrared: return "ir";
    case IlluminationMode::Ultraviolet: return "uv";
  }
  return "?";
}

std::string_view gateChangeReasonName(GateChangeReason r) {
  switch (r) {
    case GateChangeReason::Command: return "command";
    case GateChangeReason::AutoClose: return "auto-close";
    case GateChangeReason::FailSafe: return "fail-safe";
    case GateChangeReason::Tamper: return "tamper";
    case GateChangeReason::Boot: return "boot";
  }
  return "?";
}

}  // namespace bordergate::firmware_host
