// Black-box tests of the bordergate-kiosk program: the unattended demo contract (off-screen,
// prints each decision, exits after N documents) and journal verification.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "test_support.h"

namespace {

struct Run {
  int exitCode = -1;
  std::string out;
};

// `env`: variables for the kiosk, e.g. "SDL_VIDEODRIVER=dummy" (DISPLAY, WAYLAND_DISPLAY and
// SDL_VIDEODRIVER are unset otherwise: the kiosk runs off-screen).
Run runKiosk(const std::string& args, const std::string& env = "") {
  // A test never writes to the user's state directory: those without --state get a scratch
  // one under the build tree.
  const std::string state = std::string(BORDERGATE_BINARY_DIR) + "/kiosk-app-cli-test-state";
  const std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER BORDERGATE_STATE_DIR=" + state + " " + env + " " + std::string(BORDERGATE_BINARY_DIR) +
                          "/bin/bordergate-kiosk " + args + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) r.out += buf;
  const int status = pclose(p);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

TEST_CASE("the demo runs off-screen, prints each decision, writes screenshots and exits after N documents") {
  bordergate::kiosk_ui::testing::TempDir dir;
  const auto journal = dir.path / "demo.journal";
  const std::string state = " --state " + (dir.path / "state").string();
  auto r = runKiosk("--mrz-text-replay --documents 2 --interval-ms 300 --journal " + journal.string() + state + " --screenshots " +
                    (dir.path / "shots").string());
  INFO(r.out);
  CHECK(r.exitCode == 0);
  CHECK(r.out.find("off-screen") != std::string::npos);
  CHECK(r.out.find("DEMO-1 DECISION ADMIT U12345678 by 1001") != std::string::npos);
  CHECK(r.out.find("DEMO-1 DECISION REFER N0482913") != std::string::npos);
  CHECK(r.out.find("INTERIM") != std::string::npos);
  // No list synced into the fresh state directory: the sample list, and the kiosk says so.
  CHECK(r.out.find("SAMPLE list") != std::string::npos);
  CHECK(std::filesystem::exists(dir.path / "state/sample-list.db"));
  CHECK(std::filesystem::exists(dir.path / "state/state.db"));
  CHECK(std::filesystem::exists(dir.path / "shots/officer-001-idle.png"));
  auto v = runKiosk("--verify-journal " + journal.string());
  CHECK(v.exitCode == 0);
  CHECK(v.out.find("hash chain intact") != std::string::npos);
  // The held person is restored on the next start.
  auto again = runKiosk("--seconds 0.5 --journal " + journal.string() + state);
  CHECK(again.out.find("restored 1 open comprehensive-control case") != std::string::npos);
}

TEST_CASE("by default the kiosk reads the camera replay with the MRZ reader and drives the simulated board") {
  bordergate::kiosk_ui::testing::TempDir dir;
  auto r = runKiosk("--documents 1 --interval-ms 1500 --state " + (dir.path / "state").string() + " --journal " +
                    (dir.path / "cam.journal").string());
  INFO(r.out);
  CHECK(r.exitCode == 0);
  CHECK(r.out.find("camera replay of") != std::string::npos);
  CHECK(r.out.find("gate board simulator") != std::string::npos);
  // The first document of kiosk-ui/demo-camera.m3u, images/scan-clean/scan-clean-TD1-010.png,
  // read by OCR and decided by rules/ on the SAMPLE list: a card issued by UTO to a Turkish
  // national, referred for the officer to verify the citizenship (not a Turkish document).
  CHECK(r.out.find("DEMO-1 RECOMMEND REFER TUR TS93034 CELIK, EMRE [CITIZEN Law 6458 Art. 5(1)]") != std::string::npos);
  CHECK(r.out.find("DEMO-1 DECISION REFER TS93034") != std::string::npos);
}

TEST_CASE("camera and board options are checked") {
  CHECK(runKiosk("--board serial").exitCode == 2);
  CHECK(runKiosk("--camera-dir /nonexistent/folder --seconds 1").exitCode == 2);
  CHECK(runKiosk("--mrz-text-replay --camera /dev/video0").exitCode == 2);
}

TEST_CASE("journal verification reports a tampered journal with exit code 1") {
  bordergate::kiosk_ui::testing::TempDir dir;
  const auto journal = dir.path / "demo.journal";
  const std::string state = " --state " + (dir.path / "state").string();
  REQUIRE(runKiosk("--seconds 0.2 --journal " + journal.string() + state).exitCode == 0);
  std::string text;
  {
    std::ifstream in(journal);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const auto at = text.find("DEMO-1");
  REQUIRE(at != std::string::npos);
  text.replace(at, 6, "DEMO-9");
  std::ofstream(journal, std::ios::trunc) << text;
  auto v = runKiosk("--verify-journal " + journal.string());
  CHECK(v.exitCode == 1);
  CHECK(v.out.find("hash chain broken at line 1") != std::string::npos);
  // And the kiosk refuses to run on it.
  CHECK(runKiosk("--seconds 0.2 --journal " + journal.string() + state).exitCode == 2);
}

TEST_CASE("bad options are a usage error with exit code 2") {
  auto r = runKiosk("--no-such-option");
  CHECK(r.exitCode == 2);
  CHECK(r.out.find("usage: bordergate-kiosk") != std::string::npos);
  CHECK(runKiosk("--help").exitCode == 0);
}

TEST_CASE("with real hardware the kiosk needs real officers and a real list, and no autopilot") {
  bordergate::kiosk_ui::testing::TempDir dir;
  const std::string state = " --state " + (dir.path / "state").string();
  // The demo officers' PINs are public (the usage text prints them).
  auto noOfficers = runKiosk("--board usb --seconds 0.2" + state);
  INFO(noOfficers.out);
  CHECK(noOfficers.exitCode == 2);
  CHECK(noOfficers.out.find("give --officers FILE") != std::string::npos);
  CHECK(runKiosk("--camera /dev/video0 --seconds 0.2" + state).exitCode == 2);
  // The traveller screen signs in no officer: it needs none, but the real list all the same.
  auto traveller = runKiosk("--traveller --board usb --seconds 0.2" + state);
  INFO(traveller.out);
  CHECK(traveller.exitCode == 2);
  CHECK(traveller.out.find("no signed list is installed") != std::string::npos);
  // An officer file made with --hash-pin.
  std::ofstream(dir.path / "pin") << "482913\n";
  std::ofstream(dir.path / "bad-pin") << "12ab\n";
  auto hash = runKiosk("--hash-pin < " + (dir.path / "pin").string());
  REQUIRE(hash.exitCode == 0);
  REQUIRE(hash.out.rfind("$argon2id$", 0) == 0);
  hash.out.pop_back();  // the newline
  std::ofstream(dir.path / "officers.json") << R"([{"id": "7001", "name": "Officer", "role": "officer", "pin_hash": ")" << hash.out << R"("}])";
  const std::string officers = " --officers " + (dir.path / "officers.json").string();
  CHECK(runKiosk("--hash-pin < " + (dir.path / "bad-pin").string()).exitCode == 2);  // a PIN is 6-12 digits
  CHECK(runKiosk("--board usb --autopilot --seconds 0.2" + officers + state).exitCode == 2);
  // No synced list in the state directory: the SAMPLE list (fictitious people) is not used.
  auto noList = runKiosk("--board usb --seconds 0.2" + officers + state);
  INFO(noList.out);
  CHECK(noList.exitCode == 2);
  CHECK(noList.out.find("no signed list is installed") != std::string::npos);
}

TEST_CASE("with real hardware and no display the kiosk stops and says how to show its screen") {
  bordergate::kiosk_ui::testing::TempDir dir;
  const std::string state = " --state " + (dir.path / "state").string();
  // A list that opens (the SAMPLE list a demo run builds, given as --list) and real officers:
  // everything real hardware asks for, so that only the screen is missing.
  REQUIRE(runKiosk("--mrz-text-replay --documents 1 --interval-ms 100" + state).exitCode == 0);
  const auto list = dir.path / "state/sample-list.db";
  REQUIRE(std::filesystem::exists(list));
  std::ofstream(dir.path / "pin") << "482913\n";
  auto hash = runKiosk("--hash-pin < " + (dir.path / "pin").string());
  REQUIRE(hash.exitCode == 0);
  hash.out.pop_back();
  std::ofstream(dir.path / "officers.json") << R"([{"id": "7001", "name": "Officer", "role": "officer", "pin_hash": ")" << hash.out << R"("}])";
  const std::string real = " --board usb --seconds 0.2 --list " + list.string() + " --officers " + (dir.path / "officers.json").string();
  auto r = runKiosk(real + state);
  INFO(r.out);
  CHECK(r.exitCode == 2);
  CHECK(r.out.find("no display for the kiosk's screen") != std::string::npos);
  CHECK(r.out.find("SDL_VIDEODRIVER=kmsdrm") != std::string::npos);
  // SDL's dummy driver opens a window nobody sees: no display either.
  auto dummy = runKiosk(real + state, "SDL_VIDEODRIVER=dummy");
  INFO(dummy.out);
  CHECK(dummy.exitCode == 2);
  CHECK(dummy.out.find("no display for the kiosk's screen") != std::string::npos);
}

TEST_CASE("a full-screen window (--fullscreen) takes the screen's size, and SDL_VIDEODRIVER counts as a display") {
  bordergate::kiosk_ui::testing::TempDir dir;
  // SDL's dummy video driver: a window without a screen, 1024x768.
  const std::string cmd = "SDL_VIDEODRIVER=dummy OMP_THREAD_LIMIT=1 " + std::string(BORDERGATE_BINARY_DIR) +
                          "/bin/bordergate-kiosk --mrz-text-replay --fullscreen --seconds 1 --state " + (dir.path / "state").string() +
                          " --screenshots " + (dir.path / "shots").string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  INFO(out);
  REQUIRE(pclose(p) == 0);
  CHECK(out.find("rendering off-screen") == std::string::npos);
  const auto shot = dir.path / "shots/officer-001-idle.png";
  REQUIRE(std::filesystem::exists(shot));
  // The PNG's IHDR: width and height, big-endian, at bytes 16-23.
  std::ifstream in(shot, std::ios::binary);
  unsigned char h[24] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  const auto be = [&](int at) { return (h[at] << 24) | (h[at + 1] << 16) | (h[at + 2] << 8) | h[at + 3]; };
  CHECK(be(16) == 1024);
  CHECK(be(20) == 768);
}

TEST_CASE("a --list file that cannot be opened stops the kiosk with exit code 2 and says why") {
  bordergate::kiosk_ui::testing::TempDir dir;
  std::ofstream(dir.path / "broken.db") << "not a list";
  auto r = runKiosk("--seconds 0.2 --state " + (dir.path / "state").string() + " --list " + (dir.path / "broken.db").string());
  INFO(r.out);
  CHECK(r.exitCode == 2);
  CHECK(r.out.find("--list " + (dir.path / "broken.db").string()) != std::string::npos);
}
