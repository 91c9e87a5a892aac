// The gate limits travel with the OCR model: <model>.gate beside the .traineddata
// (ReaderOptions, mrz_reader.h). A model without one gets the conservative defaults; a broken
// file is an error naming the file and line, never a silent fallback.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "bordergate/vision/mrz_reader.h"

namespace fs = std::filesystem;
using namespace bordergate;
using namespace bordergate::vision;

namespace {

// A temporary tessdata directory holding a copy of the shipped model under the name "m".
struct ModelDir {
  fs::path path;
  ModelDir() {
    path = fs::temp_directory_path() / ("bordergate-gate-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
    fs::copy_file(fs::path(BORDERGATE_SOURCE_DIR) / "vision" / "models" / "mrz.traineddata", path / "m.traineddata");
  }
  ~ModelDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void gate(const std::string& text) const { std::ofstream(path / "m.gate") << text; }
  // A copy of the shipped second model as "m2", with the gate file `text` (none when empty).
  void second(const std::string& text) const {
    fs::copy_file(fs::path(BORDERGATE_SOURCE_DIR) / "vision" / "models" / "mrz-motion.traineddata", path / "m2.traineddata",
                  fs::copy_options::overwrite_existing);
    if (!text.empty()) std::ofstream(path / "m2.gate") << text;
  }
  Result<std::unique_ptr<MrzReader>> open(float conf = -1, float runnerUp = -1) const {
    ReaderOptions o;
    o.tessdataDir = path.string();
    o.model = "m";
    o.secondModel = "m2";
    o.minUnprovenConfidence = conf;
    o.maxUnprovenRunnerUp = runnerUp;
    return MrzReader::create(o);
  }
};

}  // namespace

TEST_CASE("a model without a .gate file gets the default gate limits", "[gate]") {
  const ModelDir d;
  auto r = d.open();
  REQUIRE(r);
  CHECK((*r)->options().maxUnprovenRunnerUp == ReaderOptions::kDefaultMaxUnprovenRunnerUp);
  CHECK((*r)->options().minUnprovenConfidence == ReaderOptions::kDefaultMinUnprovenConfidence);
  CHECK((*r)->gateSource() == "defaults");
}

TEST_CASE("a model's .gate file sets its limits, and options the caller sets win", "[gate]") {
  const ModelDir d;
  d.gate("# calibrated on held-out documents\nmax_unproven_runner_up 0.3\n\nmin_unproven_confidence 0.75  # note\n");
  auto r = d.open();
  REQUIRE(r);
  CHECK((*r)->options().maxUnprovenRunnerUp == Approx(0.3f));
  CHECK((*r)->options().minUnprovenConfidence == Approx(0.75f));
  CHECK((*r)->gateSource() == (d.path / "m.gate").string());
  auto given = d.open(0.9f, 0.1f);
  REQUIRE(given);
  CHECK((*given)->options().maxUnprovenRunnerUp == Approx(0.1f));
  CHECK((*given)->options().minUnprovenConfidence == Approx(0.9f));
  CHECK((*given)->gateSource() == "options");
  // One key in the file, the other from the defaults.
  d.gate("max_unproven_runner_up 0.25\n");
  auto half = d.open();
  REQUIRE(half);
  CHECK((*half)->options().maxUnprovenRunnerUp == Approx(0.25f));
  CHECK((*half)->options().minUnprovenConfidence == ReaderOptions::kDefaultMinUnprovenConfidence);
}

TEST_CASE("a broken .gate file is an error naming the file and line", "[gate]") {
  const ModelDir d;
  for (const char* bad : {"max_unproven_runner_up\n", "max_unproven_runner_up 1.5\n", "max_unproven_runner_up 0.3 0.4\n",
                          "runner_up 0.3\n", "# ok\nmax_unproven_runner_up zero\n"}) {
    d.gate(bad);
    auto r = d.open();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidData);
    CHECK(r.error().message.find("m.gate line") != std::string::npos);
  }
}

// ReaderOptions::secondModel: read where its file is, under its own .gate file, which is
// checked as strictly as the first model's; a directory without it reads with the first alone.
TEST_CASE("a second model is read only where its file is, and a broken .gate file of its own is an error", "[gate]") {
  const ModelDir d;
  auto alone = d.open();
  REQUIRE(alone);
  CHECK_FALSE((*alone)->secondModelLoaded());
  d.second("");
  auto both = d.open();
  REQUIRE(both);
  CHECK((*both)->secondModelLoaded());
  CHECK((*both)->gateSource() == "defaults");  // the first model's limits are its own
  d.second("min_unproven_confidence 0.9\n");
  auto gated = d.open();
  REQUIRE(gated);
  CHECK((*gated)->secondModelLoaded());
  CHECK((*gated)->options().minUnprovenConfidence == ReaderOptions::kDefaultMinUnprovenConfidence);
  d.second("min_unproven_confidence high\n");
  auto broken = d.open();
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == ErrorCode::InvalidData);
  CHECK(broken.error().message.find("m2.gate line 1") != std::string::npos);
}
