// Document illumination through the controller board (simulator) and a settled capture
// from a replayed camera sharing the same manual clock.
#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#include "bordergate/devices/document_lighting.h"
#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/simulated_link.h"

using namespace bordergate;
using namespace bordergate::devices;
using namespace bordergate::firmware_host;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST_CASE("capture under infrared switches the board's light and returns a frame taken after it settled") {
  fs::path dir = fs::path(BORDERGATE_BINARY_DIR) / "test-scratch" / "devices" / "lighting";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int i = 0; i < 4; ++i) REQUIRE(cv::imwrite((dir / ("f" + std::to_string(i) + ".png")).string(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(i))));
  ManualClock clock;
  BoardSimulator board(BoardConfig{}, clock.now());
  SimulatedLink link(board, clock);
  ControllerClient client(link, clock);
  auto cam = makeFolderReplayCamera(dir, 30.0, clock);
  REQUIRE(cam->open());
  DocumentLighting lighting(client, clock);
  const auto before = clock.now();
  auto f = lighting.capture(IlluminationMode::Infrared, *cam, 1000ms);
  REQUIRE(f);
  CHECK(board.illumination() == IlluminationMode::Infrared);
  CHECK(f->capturedAt - before >= DocumentLighting::kSettleTime);
  REQUIRE(lighting.select(IlluminationMode::Ultraviolet));
  CHECK(board.illumination() == IlluminationMode::Ultraviolet);
}

TEST_CASE("illumination fails with the board's reason when the board is gone") {
  ManualClock clock;
  BoardSimulator board(BoardConfig{}, clock.now());
  SimulatedLink link(board, clock);
  ControllerClient client(link, clock);
  link.setUnplugged(true);
  DocumentLighting lighting(client, clock);
  auto r = lighting.select(IlluminationMode::White);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("cannot switch document illumination to white") != std::string::npos);
}
