// zstd (RFC 8878) compression of snapshots and changesets, streaming and bounded.
#pragma once

#include <cstdint>
#include <string>

#include "bordergate/core/result.h"
#include "crypto.h"

namespace bordergate::sync::detail {

// Level 9: on a 200,000-row list it compresses ~4x in well under a second per MB on the
// dev machine (bench sync); higher levels cost seconds for a few percent.
inline constexpr int kZstdLevel = 9;

std::string compressBuffer(const std::string& raw);
// Compresses a file; returns the digest of the compressed output.
Result<FileDigest> compressFile(const std::string& from, const std::string& to);
// Decompresses `from` into `to`; InvalidData if the frame is corrupt or the output would
// exceed maxRaw bytes (a decompression bomb). Returns the digest of the raw output.
Result<FileDigest> decompressFile(const std::string& from, const std::string& to, std::uint64_t maxRaw);
Result<std::string> decompressToBuffer(const std::string& from, std::uint64_t maxRaw);

}  // namespace bordergate::sync::detail
