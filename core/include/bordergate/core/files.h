// Reading a whole file within a bound (metadata, keys, signature files, firmware images).
#pragma once

#include <cstdint>
#include <string>

#include "bordergate/core/result.h"

namespace bordergate {

// Reads a whole file. NotFound when it does not exist, Io when it cannot be opened or read
// (a directory too: "Is a directory"), InvalidData when it is larger than maxBytes (it stops
// reading there). Each message names the file.
Result<std::string> readFile(const std::string& path, std::uint64_t maxBytes);

}  // namespace bordergate
