// Where the programs find their shipped data (bordergate/core/data_dir.h). The installed case
// as a whole (a program in PREFIX/bin reading PREFIX/share/bordergate) is tests/install.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "bordergate/core/data_dir.h"

using bordergate::installedDataDirOf;
using bordergate::shippedDataDir;

TEST_CASE("an installed program's data is PREFIX/share/bordergate", "[data_dir]") {
  CHECK(installedDataDirOf("/usr/local/bin/bordergate") == "/usr/local/share/bordergate");
  CHECK(installedDataDirOf("/opt/x/bin/bordergate-kiosk") == "/opt/x/share/bordergate");
}

TEST_CASE("BORDERGATE_DATA_DIR comes first, a program that is not installed reads the tree it was built from", "[data_dir]") {
  const char* before = std::getenv("BORDERGATE_DATA_DIR");
  const std::string saved = before ? before : "";
  ::setenv("BORDERGATE_DATA_DIR", "/somewhere/else", 1);
  CHECK(shippedDataDir("/src/bordergate") == "/somewhere/else");
  ::setenv("BORDERGATE_DATA_DIR", "", 1);  // empty counts as unset
  // This test program lives in build/bin, beside no share/bordergate.
  CHECK(shippedDataDir("/src/bordergate") == "/src/bordergate");
  if (before) ::setenv("BORDERGATE_DATA_DIR", saved.c_str(), 1);
  else ::unsetenv("BORDERGATE_DATA_DIR");
}
