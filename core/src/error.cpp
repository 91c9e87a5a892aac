// Names and formatting for bordergate::Error.
#include "bordergate/core/result.h"

namespace bordergate {

std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "InvalidArgument";
    case ErrorCode::InvalidData: return "InvalidData";
    case ErrorCode::NotFound: return "NotFound";
    case ErrorCode::Io: return "Io";
    case ErrorCode::Timeout: return "Timeout";
    case ErrorCode::Integrity: return "Integrity";
    case ErrorCode::Unsupported: return "Unsupported";
    case ErrorCode::Busy: return "Busy";
    case ErrorCode::Internal: return "Internal";
  }
  return "Unknown";
}

std::string Error::describe() const {
  std::string out(errorCodeName(code));
  out += ": ";
  out += message;
  return out;
}

}  // namespace bordergate
