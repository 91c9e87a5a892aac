// Result<T> and Error: the one error channel of the project (decided once, project-wide:
// C++20 + tl::expected from Debian's libexpected-dev; see docs/architecture.md).
//
// Contract: functions that can fail because of input from outside (images, USB bytes,
// database rows, files, network) return Result<T>. Exceptions never cross a module
// boundary; adapters around OpenCV/Tesseract/SQLite/libusb convert theirs to Error.
// Asserts are for programmer bugs only.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace bordergate {

// What kind of failure happened; lets callers branch without parsing messages.
enum class ErrorCode {
  InvalidArgument,   // the caller passed something malformed (usage, bad option value)
  InvalidData,       // input bytes/text from outside do not follow their format
  NotFound,          // a file, record or device that should exist does not
  Io,                // reading/writing a file, socket or device failed
  Timeout,           // a bounded wait ran out
  Integrity,         // a signature, hash, check digit or CRC did not verify
  Unsupported,       // valid input we deliberately do not handle
  Busy,              // a resource is held by someone else; retry later
  Internal,          // a bug or an unexpected library failure
};

std::string_view errorCodeName(ErrorCode code);

// A failure a person can act on. `message` says what failed and, where possible, what to do
// ("list file /x.db is corrupt (quick_check: ...); re-run `bordergate sync`").
struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;

  // "InvalidData: <message>"
  std::string describe() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for `return fail(ErrorCode::X, "...")` inside a function returning Result<T>.
inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace bordergate
