// Downloads from the list repository with libcurl (http://, https://, file://), bounded in
// size and time so a slow, stalled or hostile server cannot hang or flood the kiosk.
#pragma once

#include <cstdint>
#include <string>

#include "bordergate/core/result.h"

namespace bordergate::sync::detail {

struct FetchLimits {
  long connectTimeoutSeconds = 10;
  // A transfer below 1 byte/s for this long is a stall and is aborted (CURLOPT_LOW_SPEED_*).
  long stallTimeoutSeconds = 30;
  long totalTimeoutSeconds = 600;
};

enum class FetchStatus { Ok, NotFound, Network, TooLarge, Local };

struct FetchError {
  FetchStatus status = FetchStatus::Network;
  std::string message;
};

template <typename T>
using FetchResult = tl::expected<T, FetchError>;

// GET baseUrl + "/" + name into memory; at most maxBytes.
FetchResult<std::string> fetchToMemory(const std::string& baseUrl, const std::string& name, std::uint64_t maxBytes, const FetchLimits& limits);
// GET into a file (truncated first); at most maxBytes.
FetchResult<std::uint64_t> fetchToFile(const std::string& baseUrl, const std::string& name, const std::string& path,
                                       std::uint64_t maxBytes, const FetchLimits& limits);

}  // namespace bordergate::sync::detail
