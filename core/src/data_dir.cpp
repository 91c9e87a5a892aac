#include "bordergate/core/data_dir.h"

#include <cstdlib>
#include <system_error>

namespace bordergate {

std::filesystem::path installedDataDirOf(const std::filesystem::path& program) {
  // The layout of GNUInstallDirs: PREFIX/bin/<program> and PREFIX/share/bordergate.
  return program.parent_path().parent_path() / "share" / "bordergate";
}

std::filesystem::path shippedDataDir(const std::filesystem::path& builtFrom) {
  if (const char* env = std::getenv("BORDERGATE_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return builtFrom;
  if (std::filesystem::exists(self.parent_path().parent_path() / "CMakeCache.txt", ec)) return builtFrom;  // a build tree
  return installedDataDirOf(self);
}

}  // namespace bordergate
