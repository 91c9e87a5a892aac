// CameraDocumentSource over real cameras (folder replay, a grabber that fails) and the real
// MRZ reader: the right MRZ, once per document, nothing from pages without an MRZ, and a
// camera failure that becomes a hint. Real time, bounded waits (no timed assertions).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "bordergate/kiosk_adapters/camera_document_source.h"
#include "bordergate/vision/image_file.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace bordergate;
using namespace bordergate::kiosk_adapters;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
using bordergate::kiosk_ui::DocumentRead;
using bordergate::kiosk_ui::testing::TempDir;

namespace {

const fs::path kImages = fs::path(BORDERGATE_SOURCE_DIR) / "images";

std::string readLines(const fs::path& txt) {
  std::ifstream in(txt);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (std::size_t i = 0; i < lines.size(); ++i) s += (i ? "\n" : "") + lines[i];
  return s;
}

CameraDocumentOptions testOptions() {
  CameraDocumentOptions o;
  o.label = "test camera";
  o.reader.tessdataDir = std::string(BORDERGATE_SOURCE_DIR) + "/vision/models";
  return o;
}

// Polls like the UI thread until `done` or `limit` (a bound on the test's run time).
template <class Done>
std::vector<DocumentRead> pollUntil(CameraDocumentSource& src, Steady::duration limit, Done done) {
  std::vector<DocumentRead> got;
  const auto end = Steady::now() + limit;
  while (Steady::now() < end && !done(got)) {
    while (auto r = src.poll(Steady::now())) {
      CHECK(r->placedAt <= Steady::now());  // placed before it was delivered
      got.push_back(std::move(*r));
    }
    std::this_thread::sleep_for(10ms);
  }
  return got;
}

// A grabber standing in for a USB camera that can be unplugged and plugged back.
class UnpluggableGrabber final : public devices::FrameGrabber {
 public:
  explicit UnpluggableGrabber(std::shared_ptr<std::atomic<bool>> plugged, Frame frame) : plugged_(std::move(plugged)), frame_(std::move(frame)) {}
  Result<void> open() override {
    if (!*plugged_) return fail(ErrorCode::NotFound, "no camera at /dev/video-test");
    return {};
  }
  Result<Frame> grab() override {
    std::this_thread::sleep_for(30ms);  // a 30 fps device
    if (!*plugged_) return fail(ErrorCode::Io, "camera /dev/video-test stopped delivering frames (unplugged?)");
    return frame_;
  }
  void close() override {}
  std::string describe() const override { return "test camera /dev/video-test"; }

 private:
  std::shared_ptr<std::atomic<bool>> plugged_;
  Frame frame_;
};

}  // namespace

TEST_CASE("camera source: each document's MRZ equals its .txt and is delivered once, however many frames show it") {
  // Three captures per document (copies of the file decode to distinct frames), as a camera
  // shows a document lying on the glass for a while.
  TempDir dir;
  const std::vector<std::string> names = {"camera-easy-TD3-002", "camera-easy-TD1-000"};
  for (std::size_t d = 0; d < names.size(); ++d)
    for (int k = 0; k < 3; ++k)
      fs::copy_file(kImages / "camera-easy" / (names[d] + ".png"), dir.path / (std::to_string(d) + "-" + std::to_string(k) + ".png"));
  firmware_host::SteadyClock clock;
  const auto t0 = Steady::now();
  auto src = CameraDocumentSource::start(devices::makeFolderReplayCamera(dir.path, 4, clock, false), testOptions());
  REQUIRE(src);
  // Until both arrived and the camera ran out, plus 1 s for anything delivered twice.
  std::optional<Steady::time_point> quietFrom;
  auto got = pollUntil(**src, 20s, [&](const std::vector<DocumentRead>& g) {
    if (g.size() < 2 || (*src)->stats().framesCaptured < 6) return false;
    if (!quietFrom) quietFrom = Steady::now();
    return Steady::now() - *quietFrom > 1s;
  });
  REQUIRE(got.size() == 2);
  for (std::size_t d = 0; d < 2; ++d) {
    INFO(names[d]);
    CHECK(joined(got[d].mrzLines) == readLines(kImages / "camera-easy" / (names[d] + ".txt")));
    CHECK(got[d].record.valid());
    CHECK(got[d].placedAt >= t0);
    REQUIRE(got[d].frame);
    REQUIRE(got[d].mrzBox);
    CHECK(got[d].mrzBox->x + got[d].mrzBox->width <= got[d].frame->width);
    CHECK(got[d].mrzBox->y + got[d].mrzBox->height <= got[d].frame->height);
    CHECK(got[d].sourceLabel == "test camera");
  }
  CHECK(got[0].id < got[1].id);
  CHECK(got[0].placedAt < got[1].placedAt);
  CHECK((*src)->stats().documentsGivenUp == 0);
}

TEST_CASE("camera source: two documents in view, read by turns, are each delivered once and the hint asks for one") {
  // Two passports side by side: the reader reports one per frame, by turns. Each switch looked
  // like a new document: A, B, A, B... were all delivered (8 in 4 s, a review, 7 Dec 2026).
  TempDir dir;
  const std::vector<std::string> names = {"camera-easy-TD3-002", "camera-easy-TD1-000"};
  for (int k = 0; k < 8; ++k) {
    char name[16];
    std::snprintf(name, sizeof name, "%02d.png", k);
    fs::copy_file(kImages / "camera-easy" / (names[static_cast<std::size_t>(k % 2)] + ".png"), dir.path / name);
  }
  // One image a second, each read (a read takes far less, in the sanitizer build too), and
  // goneAfter long enough that neither document counts as removed in between.
  auto options = testOptions();
  options.goneAfter = 4s;
  firmware_host::SteadyClock clock;
  auto src = CameraDocumentSource::start(devices::makeFolderReplayCamera(dir.path, 1, clock, false), options);
  REQUIRE(src);
  bool askedForOne = false;
  std::optional<Steady::time_point> quietFrom;
  auto got = pollUntil(**src, 20s, [&](const std::vector<DocumentRead>&) {
    for (const auto& h : (*src)->liveHints(Steady::now())) askedForOne = askedForOne || h == "hint.one_document";
    if ((*src)->stats().framesRead < 8) return false;
    if (!quietFrom) quietFrom = Steady::now();
    return Steady::now() - *quietFrom > 1s;
  });
  INFO("frames read " << (*src)->stats().framesRead);
  REQUIRE(got.size() == 2);
  CHECK(joined(got[0].mrzLines) == readLines(kImages / "camera-easy" / (names[0] + ".txt")));
  CHECK(joined(got[1].mrzLines) == readLines(kImages / "camera-easy" / (names[1] + ".txt")));
  CHECK(askedForOne);
}

TEST_CASE("camera source: a document lying still is delivered once while the live stream goes on") {
  TempDir dir;
  fs::copy_file(kImages / "camera-easy" / "camera-easy-TD3-002.png", dir.path / "still.png");
  firmware_host::SteadyClock clock;
  auto o = testOptions();
  o.republishFps = 30;
  // 1 capture per 5 s: the same still picture, republished at 30 fps for the live view.
  auto src = CameraDocumentSource::start(devices::makeFolderReplayCamera(dir.path, 0.2, clock, true), o);
  REQUIRE(src);
  auto got = pollUntil(**src, 15s, [](const std::vector<DocumentRead>& g) { return !g.empty(); });
  REQUIRE(got.size() == 1);
  const auto a = (*src)->liveFrame(Steady::now());
  std::this_thread::sleep_for(200ms);
  const auto b = (*src)->liveFrame(Steady::now());
  REQUIRE(a);
  REQUIRE(b);
  CHECK(b->sequence > a->sequence);     // a live stream: new frames keep coming
  CHECK(b->pixels.get() == a->pixels.get());  // ... without copying the picture
  got = pollUntil(**src, 1500ms, [](const std::vector<DocumentRead>& g) { return !g.empty(); });
  CHECK(got.empty());
  CHECK((*src)->liveHints(Steady::now()).empty());  // accepted: nothing to ask of the traveller
  CHECK((*src)->documentInView(Steady::now()));     // still lying there
}

TEST_CASE("camera source: a document the reader cannot accept is delivered once, invalid, after giveUpAfter") {
  // camera-hard-TD3-017: a blurred TD3 under glare that the shipped reader reads with 32 of
  // 88 characters wrong (unreadable, hint avoid_glare; docs/vision.md). Until 2026-12-05 this
  // test used scan-clean-TD1-015, which the reader had long since read valid, so the give-up
  // path went untested behind a warning; a still image the reader accepts now fails the test.
  // Then camera-hard-MRVB-014, until the reader learnt to undo its motion blur (5 Dec 2026).
  TempDir dir;
  fs::copy_file(kImages / "camera-hard" / "camera-hard-TD3-017.png", dir.path / "still.png");
  firmware_host::SteadyClock clock;
  auto o = testOptions();
  o.giveUpAfter = 1000ms;
  auto src = CameraDocumentSource::start(devices::makeFolderReplayCamera(dir.path, 0.1, clock, true), o);
  REQUIRE(src);
  auto got = pollUntil(**src, 15s, [](const std::vector<DocumentRead>& g) { return !g.empty(); });
  REQUIRE(got.size() == 1);
  INFO("if the reader now accepts camera-hard-TD3-017, pick a still image it cannot read for this test");
  REQUIRE_FALSE(got[0].record.valid());
  CHECK((*src)->stats().documentsGivenUp == 1);
  CHECK_FALSE(got[0].record.errors.empty());  // says why (check digit, uncertain read)
  CHECK_FALSE(got[0].qualityHints.empty());
  CHECK(Steady::now() - got[0].placedAt >= 1000ms);
  got = pollUntil(**src, 1500ms, [](const std::vector<DocumentRead>& g) { return !g.empty(); });
  CHECK(got.empty());  // once
}

TEST_CASE("camera source: pages, receipts and barcodes without an MRZ deliver nothing") {
  firmware_host::SteadyClock clock;
  auto src = CameraDocumentSource::start(devices::makeFolderReplayCamera(kImages / "falsepositives", 10, clock, true), testOptions());
  REQUIRE(src);
  auto got = pollUntil(**src, 15s, [&](const std::vector<DocumentRead>&) { return (*src)->stats().framesRead >= 8; });
  CHECK(got.empty());
  CHECK((*src)->stats().framesRead >= 8);
  CHECK((*src)->stats().documentsDelivered == 0);
  CHECK_FALSE((*src)->documentInView(Steady::now()));
  const auto hints = (*src)->liveHints(Steady::now());
  CHECK(std::find(hints.begin(), hints.end(), "hint.place_document") != hints.end());
}

TEST_CASE("camera source: an unplugged camera becomes a hint and a health message, and comes back") {
  auto frame = vision::loadImageFile((kImages / "falsepositives" / "barcode-002.png").string());
  REQUIRE(frame);
  auto plugged = std::make_shared<std::atomic<bool>>(true);
  firmware_host::SteadyClock clock;
  auto cam = std::make_unique<devices::ReconnectingCamera>(std::make_unique<UnpluggableGrabber>(plugged, *frame), clock);
  auto src = CameraDocumentSource::start(std::move(cam), testOptions());
  REQUIRE(src);
  auto& s = **src;
  auto waitFor = [&](auto cond) {
    const auto end = Steady::now() + 5s;
    while (Steady::now() < end && !cond()) std::this_thread::sleep_for(10ms);
    return cond();
  };
  REQUIRE(waitFor([&] { return s.healthy() && s.liveFrame(Steady::now()).has_value(); }));
  *plugged = false;
  REQUIRE(waitFor([&] { return !s.healthy(); }));
  CHECK(s.health().find("DISCONNECTED") != std::string::npos);
  CHECK(s.health().find("unplugged") != std::string::npos);
  CHECK(s.liveHints(Steady::now()) == std::vector<std::string>{"hint.camera_offline"});
  CHECK_FALSE(s.liveFrame(Steady::now()));  // no stale picture shown as live
  CHECK_FALSE(s.poll(Steady::now()));
  *plugged = true;  // reconnect attempts every second
  REQUIRE(waitFor([&] { return s.healthy() && s.liveFrame(Steady::now()).has_value(); }));
}

TEST_CASE("camera source: a replay folder that does not exist is refused at start, naming it") {
  firmware_host::SteadyClock clock;
  auto src = CameraDocumentSource::start(devices::makeFolderReplayCamera("/nonexistent/replay", 10, clock), testOptions());
  REQUIRE_FALSE(src);
  CHECK(src.error().message.find("/nonexistent/replay") != std::string::npos);
}

TEST_CASE("camera source: vision hints map to translation keys") {
  CHECK(CameraDocumentSource::hintKey("hold_still") == "hint.blur");
  CHECK(CameraDocumentSource::hintKey("avoid_glare") == "hint.glare");
  CHECK(CameraDocumentSource::hintKey("move_closer") == "hint.move_closer");
  CHECK(CameraDocumentSource::hintKey("low_confidence") == "hint.low_confidence");
  CHECK(CameraDocumentSource::hintKey("something_new").empty());
}

TEST_CASE("folder sequence camera: replays several folders one after the other, then loops") {
  TempDir a, b;
  fs::copy_file(kImages / "falsepositives" / "barcode-002.png", a.path / "x.png");
  fs::copy_file(kImages / "scan-clean" / "scan-clean-MRVA-003.png", b.path / "y.png");
  firmware_host::SteadyClock clock;
  auto cam = makeFolderSequenceCamera({a.path, b.path}, 50, clock);
  REQUIRE(cam->open());
  std::vector<int> widths;
  const auto end = Steady::now() + 5s;
  while (widths.size() < 4 && Steady::now() < end) {
    if (auto f = cam->poll()) widths.push_back(f->width);
    std::this_thread::sleep_until(std::max(cam->nextDue(), Steady::now()));
  }
  REQUIRE(widths.size() == 4);
  CHECK(widths[0] == 1280);
  CHECK(widths[1] != 1280);  // scan-clean images are not 720p
  CHECK(widths[2] == widths[0]);
  CHECK(widths[3] == widths[1]);
  auto bad = makeFolderSequenceCamera({a.path, "/nonexistent/second"}, 10, clock);
  auto r = bad->open();
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("/nonexistent/second") != std::string::npos);
}

TEST_CASE("portrait area: estimated left of and above a square TD3 MRZ, below and right when upside down, never for TD1") {
  using bordergate::kiosk_ui::PixelRect;
  // A TD3 MRZ at 4 px/mm: 44 x 2.54 mm = 447 px wide, two lines ~34 px high.
  const PixelRect mrz{100, 600, 447, 34};
  const auto up = estimatePortraitArea(mrz::Format::TD3, mrz, false, 1280, 720);
  REQUIRE(up);
  CHECK(up->x + up->width < mrz.x + mrz.width / 2);   // the left part of the page
  CHECK(up->y + up->height < mrz.y);                  // above the MRZ
  CHECK(std::abs(up->width - 35 * 4) <= 2);           // 35 x 45 mm at 4 px/mm
  CHECK(std::abs(up->height - 45 * 4) <= 2);
  const PixelRect flipped{100, 100, 447, 34};
  const auto down = estimatePortraitArea(mrz::Format::TD3, flipped, true, 1280, 720);
  REQUIRE(down);
  CHECK(down->x > flipped.x + flipped.width / 2);
  CHECK(down->y > flipped.y + flipped.height);
  // No estimate: TD1 (portrait on the other side), a rotated document (box not elongated), a
  // portrait that would lie mostly outside the frame.
  CHECK_FALSE(estimatePortraitArea(mrz::Format::TD1, mrz, false, 1280, 720));
  CHECK_FALSE(estimatePortraitArea(mrz::Format::TD3, PixelRect{100, 500, 447, 120}, false, 1280, 720));
  CHECK_FALSE(estimatePortraitArea(mrz::Format::TD3, PixelRect{100, 40, 447, 34}, false, 1280, 720));
}
