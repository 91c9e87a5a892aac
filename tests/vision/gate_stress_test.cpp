// Gate stress test: the reader must never report a wrong MRZ as valid, also when the OCR
// model errs confidently (issue #3). The shipped model seldom does, so this reads, with a
// deliberately weaker trial model (data/weak-model/README.md), held-out documents on which
// that model's first read was wrong yet passed its check digits, or was refused only by the
// confidence gate or the second OCR pass. Any loosening of the gate, the second look or the
// state-code rule that lets such a read through turns this test red. The documents are made
// by corpus-gen (deterministic: set and index give the same image bytes), so no image is
// committed for it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "corpus_support.h"

namespace fs = std::filesystem;
using namespace bordergate::vision;
using namespace bordergate::vision::testing;

namespace {

struct Doc {
  const char* set;
  int index;
};

// Found with the weak model on the committed sets and corpus-gen --first 1000 / 2000 (60 per
// set): 19 reads wrong in a way no check digit sees (the reader refused every one), and
// scan-clean 1026 (a trial model read its document number OO as 00, weights 7 and 3 cancel).
constexpr Doc kDocs[] = {
    {"camera-hard", 11},   {"scan-clean", 1038},  {"scan-clean", 1005},  {"scan-clean", 1042},  {"camera-hard", 1015},
    {"camera-hard", 1020}, {"camera-hard", 1001}, {"camera-hard", 1041}, {"camera-hard", 1051}, {"camera-hard", 1012},
    {"rotated", 1032},     {"camera-easy", 2025}, {"camera-hard", 2018}, {"camera-hard", 2028}, {"camera-hard", 2043},
    {"camera-hard", 2045}, {"camera-hard", 2050}, {"camera-hard", 2037}, {"rotated", 2003},     {"scan-clean", 1026},
};

// The documents, generated once per process into a fresh temporary folder, removed at exit.
struct StressDir {
  fs::path path;
  StressDir() : path(fs::temp_directory_path() / ("bordergate-gate-stress-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
    for (const Doc& doc : kDocs) {
      const std::string cmd = std::string("'") + BORDERGATE_CORPUS_GEN + "' --set " + doc.set + " --out '" + path.string() +
                              "' --count 1 --first " + std::to_string(doc.index) + " > /dev/null";
      if (std::system(cmd.c_str()) != 0) FAIL("corpus-gen failed: " << cmd);
    }
  }
  ~StressDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& stressDir() {
  static const StressDir dir;
  return dir.path;
}

CorpusFigures readAll(const std::string& tessdata) {
  ReaderOptions o;
  o.tessdataDir = tessdata;
  auto reader = MrzReader::create(o);
  if (!reader) FAIL("cannot create the MRZ reader: " << reader.error().message);
  return runCorpus(**reader, stressDir());
}

}  // namespace

TEST_CASE("gate stress: a weaker model's check-passing misreads are all refused", "[corpus][gate]") {
  const auto f = readAll(std::string(BORDERGATE_SOURCE_DIR) + "/tests/vision/data/weak-model");
  printFigures("gate-stress (weak model)", f);
  REQUIRE(f.images == static_cast<int>(std::size(kDocs)));
  CHECK(f.misreads == 0);
  // Each was found and decoded, so the refusals are the gate's (not a locate failure), and
  // the weak model still reads some right: the test is not passed by reading nothing.
  CHECK(f.exact + f.rejected >= static_cast<int>(std::size(kDocs)) - 1);
  CHECK(f.exact + f.uncertainExact > 0);
}

TEST_CASE("gate stress: the shipped model reads the same documents without a misread", "[corpus][gate]") {
  const auto f = readAll(std::string(BORDERGATE_SOURCE_DIR) + "/vision/models");
  printFigures("gate-stress (shipped model)", f);
  CHECK(f.misreads == 0);
  CHECK(f.exact >= 4);  // measured 5 (hard documents: most are camera-hard)
}
