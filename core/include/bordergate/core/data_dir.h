// Where a program finds the data it ships with: vision/models (the OCR models), kiosk-ui/i18n
// (the screens' strings), rules/data (the SAMPLE list), and in a source tree also images/.
#pragma once

#include <filesystem>

namespace bordergate {

// The directory of the shipped data:
//  1. $BORDERGATE_DATA_DIR, when set and not empty (taken as given, even if it does not exist:
//     the caller's error then names it);
//  2. else, for a program run from its build tree (BUILD/bin/<program> beside
//     BUILD/CMakeCache.txt), `builtFrom`: the source tree it was built from (the demo, the tests);
//  3. else <directory of the running program>/../share/bordergate: an installed tree (`cmake
//     --install`, docs/install.md), wherever its prefix was put. Even when it is incomplete: an
//     installed program never falls back to a source tree that happens to be on the kiosk.
// Never fails: a missing file is reported by whoever opens it, with its path.
std::filesystem::path shippedDataDir(const std::filesystem::path& builtFrom);

// The installed-tree candidate of step 3 for a program at `program` (exposed for tests).
std::filesystem::path installedDataDirOf(const std::filesystem::path& program);

}  // namespace bordergate
