// Durable file operations for the sync module: atomic replace (write, fsync, rename(2),
// fsync of the directory), bounded reads, copies.
#pragma once

#include <cstdint>
#include <string>

#include "bordergate/core/files.h"
#include "bordergate/core/result.h"

namespace bordergate::sync::detail {

// Reads a whole file; InvalidData if it is larger than maxBytes (bordergate/core/files.h).
using bordergate::readFile;
// Writes `data` to path.tmp, fsyncs it, renames over `path`, fsyncs the directory: after a
// crash the file holds either the old or the new content, never a mix.
Result<void> writeFileAtomic(const std::string& path, const std::string& data, unsigned mode = 0644);
Result<void> fsyncPath(const std::string& path);
Result<void> fsyncDir(const std::string& dir);
Result<void> copyFileDurable(const std::string& from, const std::string& to);
Result<void> renameDurable(const std::string& from, const std::string& to);
Result<void> makeDirs(const std::string& dir);
std::string parentDir(const std::string& path);

}  // namespace bordergate::sync::detail
