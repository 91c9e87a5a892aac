// bordergate-kiosk: wires the lane controller (or the traveller self-check) to its ports and
// draws it with Dear ImGui on SDL2. With a display it opens a window; without one (no
// $DISPLAY / $WAYLAND_DISPLAY, or --headless) it renders off-screen, prints each decision,
// writes screenshots (--screenshots DIR) and exits after --seconds N or --documents N.
// --bench measures drawing frame time and document-placed -> recommendation-shown latency.
//
// Ports wired here (makeDocumentSource(), makeGate(), makeDecisions(), makeJournal(), makeStatus()):
//   camera+MRZ = CameraDocumentSource (kiosk-ui/adapters: devices/ camera -> vision/ MRZ reader +
//                tracker; a replay of kiosk-ui/demo-camera.m3u (shipped images) by default,
//                --camera DEVICE for V4L2; --mrz-text-replay / --documents-dir: the INTERIM
//                ReplayDocumentSource of MRZ text)
//   gate      = ControllerGate (kiosk-ui/adapters: firmware-host ControllerClient; the in-process
//               board simulator by default, --board usb for the board)
//   decisions = RulesDecisionService (kiosk-ui/adapters: the rules/ Law 6458 engine on the list
//               `bordergate sync --state DIR` installed in the state dir; while none is
//               installed, the SAMPLE list built from rules/data into DIR/sample-list.db;
//               or --list FILE), with the sync staleness policy (--warn-after/--hard-after)
//   journal   = StateJournal (DIR/state.db: StateStore records + outbox, drained by
//               `bordergate upload --state DIR`; and the hash-chained audit trail
//               DIR/kiosk-<lane>.journal, from which the control board is rebuilt)
//   status    = SyncStatusSource (list version/age/staleness, last sync, outbox count, camera health)
//   clock     = SystemClock (real).
// DIR = --state, else $BORDERGATE_STATE_DIR, else ~/.local/state/bordergate.
#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include <time.h>
#include <unistd.h>
#include <vector>

#include "bordergate/core/data_dir.h"
#include "bordergate/devices/camera.h"
#include "bordergate/firmware_host/clock.h"
#include "bordergate/kiosk_adapters/camera_document_source.h"
#include "bordergate/kiosk_adapters/controller_gate.h"
#include "bordergate/kiosk_adapters/rules_decision_service.h"
#include "bordergate/kiosk_adapters/state_journal.h"
#include "bordergate/kiosk_adapters/sync_status_source.h"
#include "bordergate/kiosk_ui/clock.h"
#include "bordergate/sync/list_store.h"
#include "bordergate/vision/mrz_reader.h"
#include "bordergate/kiosk_ui/file_journal.h"
#include "bordergate/kiosk_ui/interim_adapters.h"
#include "bordergate/kiosk_ui/lane_controller.h"
#include "bordergate/kiosk_ui/traveller_self_check.h"
#include "bordergate/kiosk_ui/translations.h"
#include "fonts_theme.h"
#include "officer_screen.h"
#include "render_target.h"
#include "traveller_screen.h"

namespace fs = std::filesystem;
using namespace bordergate;
using namespace bordergate::kiosk_ui;
using namespace bordergate::kiosk_app;
using namespace bordergate::kiosk_adapters;
using Steady = std::chrono::steady_clock;

namespace {

// The shipped data (vision/models, kiosk-ui/i18n, rules/data, the demo's images):
// $BORDERGATE_DATA_DIR, else the source tree for a program run from its build tree, else the
// installed tree beside the program (bordergate/core/data_dir.h).
const fs::path& dataDir() {
  static const fs::path dir = shippedDataDir(BORDERGATE_SOURCE_DIR);
  return dir;
}

const char* kUsage =
    "usage: bordergate-kiosk [options]\n"
    "  --traveller            traveller self-check screen (airport transit) instead of the officer screen\n"
    "  --headless             render off-screen even if a display is available\n"
    "  --fullscreen           the window fills the screen (its size, not --size); with\n"
    "                         SDL_VIDEODRIVER=kmsdrm (a console, no desktop) it always does\n"
    "  --screenshots DIR      write a PNG screenshot to DIR on every new screen (and on F11 in a window)\n"
    "  --seconds N            exit after N seconds\n"
    "  --documents N          exit after N documents were handled\n"
    "  --camera-dir DIR       camera = replay of the images in folder DIR, or of a .m3u playlist (repeatable;\n"
    "                         default: kiosk-ui/demo-camera.m3u; --bench: images/camera-easy, 720p)\n"
    "  --camera DEVICE        camera = V4L2 device (/dev/v4l/by-id/..., /dev/videoN or an index)\n"
    "  --mrz-text-replay      INTERIM: no camera, no OCR — replay MRZ .txt files (kiosk-ui/demo-documents\n"
    "                         and images/specimens, or --documents-dir DIR, repeatable, which implies it)\n"
    "  --interval-ms N        each replayed image is shown N ms (text replay: time between documents; default 3000)\n"
    "  --board sim|usb        gate controller board: the in-process simulator (default) or the USB board\n"
    "  --state DIR            the kiosk state directory, as for `bordergate sync --state DIR` and\n"
    "                         `bordergate upload --state DIR`: the synced list (DIR/current), the state\n"
    "                         database with the outbox (DIR/state.db) and the audit journal\n"
    "                         (default: $BORDERGATE_STATE_DIR, else ~/.local/state/bordergate)\n"
    "  --list FILE            decide on this list file instead of the state directory's synced list\n"
    "                         (default: the synced list; while none is installed, the SAMPLE list built\n"
    "                         from rules/data into DIR/sample-list.db, fictitious people, demo only)\n"
    "  --warn-after D         list age that warns the officer (default 24h, as `bordergate sync status`)\n"
    "  --hard-after D         list age from which every traveller is referred, LIST_STALE (default 72h)\n"
    "  --direction entry|exit what the officer lane decides (default entry; the traveller screen: transit)\n"
    "  --journal FILE         the hash-chained audit journal (default: DIR/kiosk-<lane>.journal)\n"
    "  --officers FILE        officer accounts (JSON with Argon2id PIN hashes); default: the demo officers\n"
    "  --lane NAME            lane name (default DEMO-1; TRANSIT-1 with --traveller)\n"
    "  --language L           traveller screen language: tr, en, ar, ru (default en)\n"
    "  --size WxH             screen size in pixels (default 1920x1080)\n"
    "  --autopilot / --no-autopilot   a demo officer follows each recommendation (default: on off-screen)\n"
    "  --bench [--bench-seconds N]    measure frame time and placed->shown latency, print figures\n"
    "  --verify-journal FILE  check a journal's hash chain and exit (0 intact, 1 broken)\n"
    "  --hash-pin             read a PIN (6-12 digits) from standard input, print its Argon2id hash for\n"
    "                         an --officers file, and exit\n"
    "With real hardware (--camera DEVICE or --board usb) the kiosk needs --officers FILE (officer screen)\n"
    "and a list (a synced one in the state directory, or --list FILE), and runs without the autopilot: the demo\n"
    "officers' PINs are public and the SAMPLE list holds fictitious people (docs/kiosk-ui.md,\n"
    "\"Installing a kiosk\").\n"
    "Demo officers (PINs are for the demo only): badge 1001 PIN 246810 (officer), 2001 PIN 135790\n"
    "(supervisor), 3001 PIN 975310 (technician).\n";

struct Options {
  bool traveller = false, headless = false, fullscreen = false, bench = false, hashPin = false;
  std::optional<bool> autopilot;
  std::optional<fs::path> screenshots, journal, officers, verifyJournal, stateDir, list;
  std::string warnAfter = "24h", hardAfter = "72h", direction = "entry";
  double seconds = 0, benchSeconds = 20;
  std::size_t documents = 0;
  std::vector<fs::path> documentDirs, cameraDirs;
  std::optional<std::string> cameraDevice;
  bool textReplay = false;
  std::string board = "sim";
  int intervalMs = 3000;
  std::string lane, language = "en";
  int width = 1920, height = 1080;
};

std::optional<Options> parseOptions(int argc, char** argv, std::string& error) {
  Options o;
  bool intervalGiven = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) {
        error = a + " needs a value";
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    auto number = [&](double& out) {
      auto v = value();
      if (!v) return false;
      char* end = nullptr;
      out = std::strtod(v->c_str(), &end);
      if (!end || *end || out < 0) {
        error = a + " needs a non-negative number, got " + *v;
        return false;
      }
      return true;
    };
    double n = 0;
    if (a == "--traveller") o.traveller = true;
    else if (a == "--headless") o.headless = true;
    else if (a == "--fullscreen") o.fullscreen = true;
    else if (a == "--bench") o.bench = true;
    else if (a == "--hash-pin") o.hashPin = true;
    else if (a == "--autopilot") o.autopilot = true;
    else if (a == "--no-autopilot") o.autopilot = false;
    else if (a == "--screenshots") { auto v = value(); if (!v) return std::nullopt; o.screenshots = *v; }
    else if (a == "--journal") { auto v = value(); if (!v) return std::nullopt; o.journal = *v; }
    else if (a == "--state") { auto v = value(); if (!v) return std::nullopt; o.stateDir = *v; }
    else if (a == "--list") { auto v = value(); if (!v) return std::nullopt; o.list = *v; }
    else if (a == "--warn-after") { auto v = value(); if (!v) return std::nullopt; o.warnAfter = *v; }
    else if (a == "--hard-after") { auto v = value(); if (!v) return std::nullopt; o.hardAfter = *v; }
    else if (a == "--direction") {
      auto v = value();
      if (!v) return std::nullopt;
      if (*v != "entry" && *v != "exit") {
        error = "--direction must be entry or exit";
        return std::nullopt;
      }
      o.direction = *v;
    }
    else if (a == "--officers") { auto v = value(); if (!v) return std::nullopt; o.officers = *v; }
    else if (a == "--verify-journal") { auto v = value(); if (!v) return std::nullopt; o.verifyJournal = *v; }
    else if (a == "--documents-dir") { auto v = value(); if (!v) return std::nullopt; o.documentDirs.push_back(*v); o.textReplay = true; }
    else if (a == "--mrz-text-replay") o.textReplay = true;
    else if (a == "--camera-dir") { auto v = value(); if (!v) return std::nullopt; o.cameraDirs.push_back(*v); }
    else if (a == "--camera") { auto v = value(); if (!v) return std::nullopt; o.cameraDevice = *v; }
    else if (a == "--board") {
      auto v = value();
      if (!v) return std::nullopt;
      if (*v != "sim" && *v != "usb") {
        error = "--board must be sim or usb, got " + *v;
        return std::nullopt;
      }
      o.board = *v;
    }
    else if (a == "--lane") { auto v = value(); if (!v) return std::nullopt; o.lane = *v; }
    else if (a == "--language") { auto v = value(); if (!v) return std::nullopt; o.language = *v; }
    else if (a == "--seconds") { if (!number(o.seconds)) return std::nullopt; }
    else if (a == "--bench-seconds") { if (!number(o.benchSeconds)) return std::nullopt; }
    else if (a == "--documents") { if (!number(n)) return std::nullopt; o.documents = static_cast<std::size_t>(n); }
    else if (a == "--interval-ms") { if (!number(n)) return std::nullopt; o.intervalMs = static_cast<int>(n); intervalGiven = true; }
    else if (a == "--size") {
      auto v = value();
      if (!v || std::sscanf(v->c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 800 || o.height < 600) {
        error = "--size needs WxH of at least 800x600";
        return std::nullopt;
      }
    } else if (a == "--help" || a == "-h") {
      error = "";
      return std::nullopt;
    } else {
      error = "unknown option " + a;
      return std::nullopt;
    }
  }
  if (o.lane.empty()) o.lane = o.traveller ? "TRANSIT-1" : "DEMO-1";
  if (o.textReplay && (o.cameraDevice || !o.cameraDirs.empty())) {
    error = "--mrz-text-replay / --documents-dir and --camera / --camera-dir exclude each other";
    return std::nullopt;
  }
  if (o.cameraDevice && !o.cameraDirs.empty()) {
    error = "give either --camera DEVICE or --camera-dir DIR";
    return std::nullopt;
  }
  // Bench on the camera replay: 4 s per image, longer than one lane cycle (OCR ~0.2 s +
  // autopilot 0.3 s + the simulated traveller's 2.5 s walk), so documents arrive at a free lane.
  if (o.bench && !intervalGiven && !o.textReplay) o.intervalMs = 4000;
  if (o.intervalMs < 100) {
    error = "--interval-ms must be at least 100";
    return std::nullopt;
  }
  // Real hardware serves real travellers: none of the demo's stand-ins (public PINs, an officer
  // who follows every recommendation, a list of fictitious people) may serve them unnoticed.
  if (o.cameraDevice || o.board == "usb") {
    if (!o.officers && !o.traveller) {
      error = "with real hardware (--camera DEVICE or --board usb) give --officers FILE: the demo officers' PINs are "
              "public (make PIN hashes with --hash-pin; docs/kiosk-ui.md, \"Installing a kiosk\")";
      return std::nullopt;
    }
    if (o.autopilot.value_or(false)) {
      error = "--autopilot decides for an officer and is for the demo only, not with real hardware";
      return std::nullopt;
    }
    o.autopilot = false;
  }
  if (o.documentDirs.empty())
    o.documentDirs = {dataDir() / "kiosk-ui/demo-documents", dataDir() / "images/specimens"};
  if (o.cameraDirs.empty() && !o.cameraDevice) {
    // The demo: a queue of travellers from the committed corpus (kiosk-ui/demo-camera.m3u);
    // the benchmark: every image of images/camera-easy (1280x720).
    o.cameraDirs = {dataDir() / (o.bench ? "images/camera-easy" : "kiosk-ui/demo-camera.m3u")};
    std::error_code ec;
    const bool needsCamera = !o.textReplay && !o.hashPin && !o.verifyJournal;
    if (needsCamera && !fs::exists(o.cameraDirs.front(), ec)) {
      // An installed kiosk has no demo images (docs/install.md): say what to give instead.
      error = "no camera given, and the demo's camera replay " + o.cameraDirs.front().string() +
              " is not there (the demo runs from the build tree): give --camera DEVICE, or --camera-dir DIR";
      return std::nullopt;
    }
  }
  return o;
}

fs::path defaultStateDir() {
  if (const char* s = std::getenv("BORDERGATE_STATE_DIR")) return s;
  if (const char* h = std::getenv("HOME")) return fs::path(h) / ".local/state/bordergate";
  return fs::temp_directory_path() / "bordergate";
}

// The sync staleness policy from --warn-after/--hard-after (the durations and defaults of
// `bordergate sync status`, sync/staleness.h).
Result<sync::StalenessPolicy> stalenessPolicy(const Options& o) {
  const auto warn = sync::parseDuration(o.warnAfter);
  const auto hard = sync::parseDuration(o.hardAfter);
  if (!warn || !hard) return fail(ErrorCode::InvalidArgument, "--warn-after/--hard-after must be durations like 24h");
  return sync::makeStalenessPolicy(*warn, *hard);
}

// Where the list comes from: --list FILE, else the state directory's synced list, falling back
// to the sample list (built from rules/data into the state directory when missing or old).
Result<ListSourceOptions> listSource(const Options& o, const fs::path& stateDir, const sync::StalenessPolicy& policy) {
  ListSourceOptions ls;
  ls.stateDir = stateDir;
  if (o.list) {
    // Refuse to start on a list that cannot be opened: better a clear error now than a lane
    // without recommendations.
    auto probe = rules::ListReader::open(o.list->string());
    if (!probe) return fail(probe.error().code, "--list " + o.list->string() + ": " + probe.error().message);
    ls.fixedList = *o.list;
    return ls;
  }
  if (sync::ListStore(stateDir.string()).activePath()) return ls;  // a synced list is installed
  if (o.cameraDevice || o.board == "usb")
    return fail(ErrorCode::NotFound, "no signed list is installed in " + stateDir.string() +
                                         ": with real hardware the kiosk does not decide on the SAMPLE list (fictitious "
                                         "people); run `bordergate sync --repo URL --state " + stateDir.string() +
                                         "` first, or give --list FILE");
  const fs::path sampleData = dataDir() / "rules/data";
  std::error_code ec;
  if (!fs::exists(sampleData / "VERSION", ec)) return ls;  // no sample shipped: no list until a sync
  auto sample = prepareSampleList(sampleData, stateDir / "sample-list.db", policy.warnAfter);
  if (!sample) return tl::unexpected(sample.error());
  ls.fallbackList = *sample;
  return ls;
}

// `own`: the state database (the journal's, same thread) for this kiosk's own crossings.
std::unique_ptr<RulesDecisionService> makeDecisions(const Options& o, const ListSourceOptions& ls, const sync::StalenessPolicy& policy,
                                                    sync::StateStore* own, const Clock& clock) {
  RulesDecisionOptions ro;
  ro.list = ls;
  ro.staleness = policy;
  ro.direction = o.traveller ? rules::Direction::Transit : (o.direction == "exit" ? rules::Direction::Exit : rules::Direction::Entry);
  ro.port = o.lane;
  ro.ownCrossings = own;
  return std::make_unique<RulesDecisionService>(ro, clock);
}

Result<std::unique_ptr<StateJournal>> makeJournal(const Options& o, const fs::path& stateDir) {
  StateJournalOptions jo;
  jo.stateDatabase = stateDir / "state.db";
  jo.auditJournal = o.journal ? *o.journal : stateDir / ("kiosk-" + o.lane + ".journal");
  jo.direction = o.direction;
  return StateJournal::open(jo);
}

Result<std::unique_ptr<SyncStatusSource>> makeStatus(const ListSourceOptions& ls, const sync::StalenessPolicy& policy,
                                                     const fs::path& stateDir, const Clock& clock,
                                                     std::function<std::string()> cameraHealth, std::function<bool()> cameraHealthy,
                                                     const std::string& interimNote) {
  SyncStatusOptions so;
  so.list = ls;
  so.staleness = policy;
  so.stateDatabase = stateDir / "state.db";
  so.deviceHealthFn = std::move(cameraHealth);  // the board's health is the gate's own status line
  so.devicesHealthyFn = std::move(cameraHealthy);
  if (!interimNote.empty()) so.interimAdapters = {interimNote};
  return SyncStatusSource::open(so, clock);
}

Result<OfficerDirectory> demoOfficers() {
  // The demo accounts (documented in docs/kiosk-ui.md). Hashed at start with the production
  // Argon2id cost, so that sign-in behaves exactly as it will with a real officer file.
  OfficerDirectory d;
  const struct { const char* id; const char* name; Role role; const char* pin; } demo[] = {
      {"1001", "Demo Officer", Role::Officer, "246810"},
      {"2001", "Demo Supervisor", Role::Supervisor, "135790"},
      {"3001", "Demo Technician", Role::Technician, "975310"},
  };
  for (const auto& a : demo) {
    auto h = hashPin(a.pin, PinHashCost::interactive());
    if (!h) return tl::unexpected(h.error());
    if (auto ok = d.add({a.id, a.name, a.role, *h}); !ok) return tl::unexpected(ok.error());
  }
  return d;
}

// CPU time of this thread: the cost of a frame independent of other processes on the machine.
double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// The demo officer: follows each recommendation after a short pause, so that the demo runs
// unattended. Never used unless asked for (or off-screen); its decisions are journaled under
// the demo officer's badge like any other.
class Autopilot {
 public:
  explicit Autopilot(std::chrono::milliseconds pause) : pause_(pause) {}
  void step(LaneController& lane, MonoTime now) {
    if (lane.locked()) {
      (void)lane.signIn("1001", "246810");
      return;
    }
    if (const auto* od = lane.overdueCase()) {
      (void)lane.closeControl(od->record.caseId, ControlOutcome::Released);
      return;
    }
    const bool waiting = lane.state() == LaneState::Recommendation || lane.state() == LaneState::NoRecommendation ||
                         lane.state() == LaneState::RefusalNotice || lane.state() == LaneState::ManualPassage;
    if (!waiting) {
      waiting_ = false;
      return;
    }
    if (!waiting_) {
      waiting_ = true;
      since_ = now;
    }
    if (now - since_ < pause_) return;
    waiting_ = false;
    lane.noteActivity();
    if (lane.state() == LaneState::RefusalNotice) {
      (void)lane.acknowledgeNotice();
      return;
    }
    if (lane.state() == LaneState::ManualPassage) {  // the demo's officer lets the traveller through by hand
      (void)lane.confirmManualPassage(true);
      return;
    }
    const auto& rec = lane.recommendation();
    if (!rec || rec->verdict == Verdict::Refer || (rec->verdict == Verdict::Refuse && lane.config().exitLane)) {
      (void)lane.refer();  // an exit lane refuses no one (LaneConfig::exitLane)
    } else if (rec->verdict == Verdict::Admit) {
      (void)lane.admit();
    } else {
      std::string ground = "NO_VALID_DOCUMENT";
      for (const auto& r : rec->reasons)
        if (r.code == "DOC_VALIDITY_SHORT") ground = "DOC_VALIDITY_SHORT";
      (void)lane.refuse(ground);
    }
  }

 private:
  std::chrono::milliseconds pause_;
  bool waiting_ = false;
  MonoTime since_{};
};

// The DocumentSource the app runs on, and what the rest of main needs to know about it.
struct DocumentWiring {
  std::unique_ptr<DocumentSource> source;
  ReplayDocumentSource* textReplay = nullptr;                  // INTERIM text replay, or
  kiosk_adapters::CameraDocumentSource* camera = nullptr;      // the camera + MRZ reader
  std::size_t replayCount = 0;  // documents (text) or images (folder replay) in one pass; 0 = live camera
  std::string description;     // for the start banner
  std::string interimNote;     // non-empty when the port runs on an interim adapter
  std::size_t delivered() const {
    return textReplay ? textReplay->delivered() : camera ? camera->stats().documentsDelivered : 0;
  }
  std::string health() const { return camera ? camera->health() : "camera: none (MRZ text replay, interim)"; }
  bool healthy() const { return camera ? camera->healthy() : true; }
};

// Images in one pass of the replay (devices' own listing, so the count is what it shows).
std::size_t countImages(const std::vector<fs::path>& dirs) {
  std::size_t n = 0;
  for (const auto& d : dirs)
    if (auto files = devices::listReplayImages(d)) n += files->size();
  return n;
}

// Camera + MRZ reader (default), or the interim MRZ text replay. `deviceClock` is borrowed by
// the camera and must outlive the source.
Result<DocumentWiring> makeDocumentSource(const Options& o, const firmware_host::Clock& deviceClock) {
  DocumentWiring w;
  if (o.textReplay) {
    ReplayOptions ro;
    // Bench: a document is placed only when the lane is free (as at a real reader), so that
    // placed -> shown measures the pipeline, not a queue of documents behind a busy lane.
    ro.interval = o.bench ? std::chrono::milliseconds(std::chrono::hours(24)) : std::chrono::milliseconds(o.intervalMs);
    auto docs = ReplayDocumentSource::fromDirectories(o.documentDirs, ro);
    if (!docs) return tl::unexpected(docs.error());
    auto p = std::make_unique<ReplayDocumentSource>(std::move(*docs));
    w.textReplay = p.get();
    w.replayCount = p->documentCount();
    w.description = std::to_string(w.replayCount) + " replayed MRZ text documents";
    w.interimNote = "camera+MRZ = replay of MRZ text files (no camera, no OCR)";
    w.source = std::move(p);
    return w;
  }
  kiosk_adapters::CameraDocumentOptions co;  // the reader's default models: vision::defaultTessdataDir()
  std::unique_ptr<devices::CameraSource> cam;
  if (o.cameraDevice) {
    cam = devices::makeV4l2Camera(*o.cameraDevice, deviceClock);
    co.label = "camera " + *o.cameraDevice;
  } else {
    // Each image is one capture held for --interval-ms, republished at 30 fps like the
    // kiosk's 720p document camera (so the UI draws a live stream).
    cam = kiosk_adapters::makeFolderSequenceCamera(o.cameraDirs, 1000.0 / o.intervalMs, deviceClock);
    co.republishFps = 30;
    co.label = "camera replay";
    w.replayCount = countImages(o.cameraDirs);
  }
  auto src = kiosk_adapters::CameraDocumentSource::start(std::move(cam), co);
  if (!src) return tl::unexpected(src.error());
  w.camera = src->get();
  w.description = o.cameraDevice ? "camera " + *o.cameraDevice + " + MRZ reader"
                                 : "camera replay of " + std::to_string(w.replayCount) + " images (each " +
                                       std::to_string(o.intervalMs) + " ms) + MRZ reader";
  w.source = std::move(*src);
  return w;
}

// The gate: the controller board over USB, or the in-process board simulator with a
// simulated traveller walking through 2.5 s after each opening.
std::unique_ptr<kiosk_adapters::ControllerGate> makeGate(const Options& o) {
  kiosk_adapters::ControllerGateOptions go;
  if (o.board == "usb") {
    go.simulatedWalkThrough = std::nullopt;
    return kiosk_adapters::ControllerGate::usb(go);
  }
  return kiosk_adapters::ControllerGate::simulated(go);
}

int run(const Options& o) {
  if (o.hashPin) {
    std::string pin;
    std::getline(std::cin, pin);
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    auto hash = hashPin(pin, PinHashCost::interactive());
    if (!hash) {
      std::cerr << "bordergate-kiosk: " << hash.error().message << "\n";
      return 2;
    }
    std::cout << *hash << "\n";
    return 0;
  }
  if (o.verifyJournal) {
    auto v = verifyJournal(*o.verifyJournal);
    if (!v) {
      std::cerr << "bordergate-kiosk: " << v.error().describe() << "\n";
      return 1;
    }
    std::cout << "journal " << o.verifyJournal->string() << ": " << v->records << " records, hash chain intact"
              << (v->tornTail ? " (a torn last line from a crash will be cut off on next open)" : "") << "\n";
    return 0;
  }
  // A display: X11, Wayland, or an SDL video driver named outright (kmsdrm: full screen on the
  // console of a kiosk without a desktop, as the installed service runs it; docs/install.md).
  const auto set = [](const char* name) { const char* v = std::getenv(name); return v && *v; };
  const bool noDisplay = !set("DISPLAY") && !set("WAYLAND_DISPLAY") && !set("SDL_VIDEODRIVER");
  const bool offscreen = o.headless || o.bench || noDisplay;
  const bool autopilot = o.autopilot.value_or(offscreen);

  auto tr = Translations::loadDirectory(dataDir() / "kiosk-ui/i18n");
  if (!tr) {
    std::cerr << "bordergate-kiosk: " << tr.error().describe() << "\n";
    return 2;
  }
  for (const auto& m : tr->missing()) std::cerr << "bordergate-kiosk: missing translation " << m << "\n";

  SystemClock clock;
  firmware_host::SteadyClock deviceClock;  // the camera's (same steady_clock as `clock`)
  auto docs = makeDocumentSource(o, deviceClock);
  if (!docs) {
    std::cerr << "bordergate-kiosk: " << docs.error().describe() << "\n";
    return 2;
  }
  // Off-screen with no limit given: one pass over the replay. A camera replay is bounded in
  // time too (an image with no readable MRZ delivers nothing): its images x hold + 15 s.
  const bool onePass = offscreen && o.seconds == 0 && !o.bench && o.documents == 0;
  const std::size_t documentLimit = o.documents ? o.documents : (onePass ? docs->replayCount : 0);
  double passSeconds = 0;
  if (onePass && docs->camera && docs->replayCount)
    passSeconds = static_cast<double>(docs->replayCount) * o.intervalMs / 1000.0 + 15;

  fs::path stateDir = o.stateDir ? *o.stateDir : defaultStateDir();
  std::optional<fs::path> benchDir;
  if (o.bench && !o.stateDir && !o.journal) {
    // The benchmark must not fill the real outbox: a throwaway state directory.
    benchDir = fs::temp_directory_path() / ("bordergate-kiosk-bench-" + std::to_string(::getpid()));
    stateDir = *benchDir;
  }
  auto policy = stalenessPolicy(o);
  if (!policy) {
    std::cerr << "bordergate-kiosk: " << policy.error().describe() << "\n";
    return 2;
  }
  auto listSrc = listSource(o, stateDir, *policy);
  if (!listSrc) {
    std::cerr << "bordergate-kiosk: " << listSrc.error().describe() << "\n";
    return 2;
  }
  auto journal = makeJournal(o, stateDir);
  if (!journal) {
    std::cerr << "bordergate-kiosk: " << journal.error().describe() << "\n";
    return 2;
  }
  const fs::path journalPath = (*journal)->audit().path();
  if ((*journal)->audit().recoveredTornTail())
    std::cerr << "bordergate-kiosk: the journal's last line was torn by a crash and has been cut off\n";

  auto officers = o.officers ? OfficerDirectory::loadFile(*o.officers) : demoOfficers();
  if (!officers) {
    std::cerr << "bordergate-kiosk: " << officers.error().describe() << "\n";
    return 2;
  }

  // Real hardware serves a lane: a kiosk whose screen nobody sees must not run as if it were
  // shown (off-screen only when asked for with --headless).
  const bool realHardware = o.cameraDevice || o.board == "usb";
  // SDL's dummy and offscreen drivers open windows nobody sees (tests use them).
  const std::string driver = set("SDL_VIDEODRIVER") ? std::getenv("SDL_VIDEODRIVER") : "";
  const bool invisible = driver == "dummy" || driver == "offscreen";
  if (realHardware && (offscreen || invisible) && !o.headless && !o.bench) {
    std::cerr << "bordergate-kiosk: no display for the kiosk's screen: set SDL_VIDEODRIVER=kmsdrm on a console "
                 "(the installed service does), or DISPLAY / WAYLAND_DISPLAY under X or Wayland; --headless runs "
                 "without a screen\n";
    return 2;
  }
  std::unique_ptr<RenderTarget> target;
  if (!offscreen) {
    auto w = RenderTarget::windowed(o.width, o.height, "bordergate-kiosk " + o.lane, o.fullscreen);
    if (w) {
      target = std::move(*w);
    } else if (realHardware) {
      std::cerr << "bordergate-kiosk: " << w.error().message << "; the lane's screen cannot be shown\n";
      return 2;
    } else {
      std::cerr << "bordergate-kiosk: " << w.error().message << "; rendering off-screen instead\n";
    }
  }
  if (!target) {
    auto t = RenderTarget::offscreen(o.width, o.height);
    if (!t) {
      std::cerr << "bordergate-kiosk: " << t.error().describe() << "\n";
      return 2;
    }
    target = std::move(*t);
  }
  auto fonts = loadFonts();
  if (!fonts) {
    std::cerr << "bordergate-kiosk: " << fonts.error().describe() << "\n";
    return 2;
  }
  applyHighContrastTheme();

  auto decisionService = makeDecisions(o, *listSrc, *policy, &(*journal)->store(), clock);
  auto& decisions = *decisionService;
  auto gatePtr = makeGate(o);
  GatePort& gate = *gatePtr;
  const auto& wiring = *docs;
  auto statusSource = makeStatus(*listSrc, *policy, stateDir, clock, [&wiring] { return wiring.health(); },
                                 [&wiring] { return wiring.healthy(); }, wiring.interimNote);
  if (!statusSource) {
    std::cerr << "bordergate-kiosk: " << statusSource.error().describe() << "\n";
    return 2;
  }
  auto& status = **statusSource;
  std::cout << "bordergate-kiosk: lane " << o.lane << (o.traveller ? " (traveller self-check)" : " (officer)") << ", "
            << (target->isWindowed() ? "window" : "off-screen") << ", " << docs->description << ", gate board "
            << (o.board == "usb" ? "USB" : "simulator")
            << "\n  state " << stateDir.string() << " (state.db + outbox), audit journal " << journalPath.string()
            << "\n  list: "
            << (listSrc->fixedList ? listSrc->fixedList->string() + " (--list)"
                : listSrc->fallbackList ? "none synced yet; SAMPLE list " + listSrc->fallbackList->string() +
                                              " built from rules/data (fictitious people, demo only)"
                                        : "the synced list in " + stateDir.string())
            << ", staleness warn " << o.warnAfter << " / refer everyone " << o.hardAfter << "\n";
  if (!docs->interimNote.empty()) std::cout << "  INTERIM adapters: " << docs->interimNote << "\n";

  std::optional<LaneController> lane;
  std::optional<TravellerSelfCheck> traveller;
  LaneConfig lc;
  lc.lane = o.lane;
  lc.exitLane = o.direction == "exit";
  if (o.traveller) {
    TravellerConfig tc;
    tc.lane = o.lane;
    tc.defaultLanguage = o.language;
    traveller.emplace(tc, *docs->source, decisions, **journal, clock);
    (void)traveller->setLanguage(o.language, tr->languages());
  } else {
    lane.emplace(lc, LanePorts{*docs->source, decisions, gate, **journal, clock, &status}, *officers);
    if (auto ok = lane->start(); !ok) {
      std::cerr << "bordergate-kiosk: " << ok.error().describe() << "\n";
      return 2;
    }
    if (!lane->board().cases().empty())
      std::cout << "  restored " << lane->board().cases().size() << " open comprehensive-control case(s) from the journal\n";
  }
  OfficerUi officerUi;
  TravellerUi travellerUi;
  Autopilot pilot(std::chrono::milliseconds(o.bench ? 300 : 1500));

  const auto start = Steady::now();
  auto last = start;
  int shotCounter = 0;
  std::string lastShotKey;
  std::vector<double> frameMs, cpuMs, buildMs, rasterMs, uploadFrameMs, e2eMs;
  Steady::time_point idleSince{};
  bool idleCounting = false;  // bench text replay: idleSince is set
  std::uint64_t lastCameraSeq = ~0ull;
  std::uint64_t measuredReadId = 0;
  std::size_t queuedReads = 0;                  // bench: placed while the lane was busy (not measured)
  Steady::time_point laneIdleBegan{};  // start of the lane's current/last idle period
  bool laneWasIdle = false;
  std::uint64_t lastReadId = 0;
  std::size_t handled = 0;  // documents taken up by the lane / the self-check
  Steady::time_point lastHandledAt{};
  bool quit = false;
  const double runSeconds = o.bench ? o.benchSeconds : o.seconds > 0 ? o.seconds : passSeconds;
  while (!quit) {
    SDL_Event e;
    while (target->isWindowed() && SDL_PollEvent(&e))
      if (!target->handleEvent(e)) quit = true;
    const auto now = Steady::now();
    const float dt = static_cast<float>(std::chrono::duration<double>(now - last).count());
    last = now;

    if (lane) {
      const bool idle = lane->state() == LaneState::Idle;
      if (idle && !laneWasIdle) laneIdleBegan = now;
      laneWasIdle = idle;
    }
    if (o.bench && lane && docs->textReplay) {
      if (lane->state() != LaneState::Idle) {
        idleCounting = false;
      } else if (!idleCounting) {
        idleSince = now;
        idleCounting = true;
      } else if (now - idleSince >= std::chrono::milliseconds(500)) {
        docs->textReplay->placeNow();
        idleCounting = false;
      }
    }
    std::string shotKey;
    if (lane) {
      lane->tick();
      if (autopilot) pilot.step(*lane, clock.monotonic());
      for (const auto& line : lane->takeDecisionLog()) std::cout << line << "\n" << std::flush;
      if (lane->currentRead() && lane->currentRead()->id != lastReadId) {
        lastReadId = lane->currentRead()->id;
        ++handled;
      }
      shotKey = std::string(laneStateName(lane->state())) + (lane->currentRead() ? std::to_string(lane->currentRead()->id) : "");
    } else {
      traveller->tick();
      const auto v = traveller->view();
      if (v.screen == TravellerScreen::Proceed || v.screen == TravellerScreen::SeeOfficer) {
        if (traveller->checksCompleted() != handled) {
          handled = traveller->checksCompleted();
          lastHandledAt = Steady::now();
        }
      }
      const char* names[] = {"place_document", "reading", "proceed", "see_officer"};
      if (v.screen == TravellerScreen::Proceed || v.screen == TravellerScreen::SeeOfficer) {
        if (lastShotKey.rfind(names[static_cast<int>(v.screen)], 0) != 0)
          std::cout << o.lane << " TRAVELLER " << names[static_cast<int>(v.screen)] << " (document " << docs->delivered() << ")\n";
      }
      shotKey = std::string(names[static_cast<int>(v.screen)]) + "-" + v.language;
    }

    const auto t0 = Steady::now();
    const double cpu0 = o.bench ? threadCpuMs() : 0;
    target->beginFrame(dt);
    if (lane) {
      auto actions = drawOfficerScreen(*lane, *tr, *fonts, target->renderer(), officerUi, clock.monotonic(), clock.wall());
      applyOfficerActions(*lane, actions, officerUi);
    } else {
      auto actions = drawTravellerScreen(traveller->view(), *tr, *fonts, travellerUi);
      applyTravellerActions(*traveller, *tr, actions);
    }
    const auto tBuilt = Steady::now();
    std::optional<fs::path> shot;
    const bool f11 = target->isWindowed() && ImGui::IsKeyPressed(SDL_SCANCODE_F11, false);
    if (o.screenshots && !o.bench && (shotKey != lastShotKey || f11)) {
      char name[96];
      std::snprintf(name, sizeof name, "%s-%03d-%s.png", lane ? "officer" : "traveller", ++shotCounter, shotKey.c_str());
      shot = *o.screenshots / name;
    }
    if (auto ok = target->endFrame(shot ? &*shot : nullptr); !ok)
      std::cerr << "bordergate-kiosk: " << ok.error().message << "\n";
    else if (shot)
      std::cout << "  screenshot " << shot->string() << "\n";
    lastShotKey = shotKey;
    const auto t1 = Steady::now();

    if (o.bench) {
      frameMs.push_back(ms(t1 - t0));
      cpuMs.push_back(threadCpuMs() - cpu0);
      buildMs.push_back(ms(tBuilt - t0));
      rasterMs.push_back(ms(t1 - tBuilt));
      if (officerUi.cameraSequence != lastCameraSeq) {
        uploadFrameMs.push_back(ms(t1 - t0));
        lastCameraSeq = officerUi.cameraSequence;
      }
      if (lane && lane->recommendation() && lane->currentRead() && lane->currentRead()->id != measuredReadId) {
        measuredReadId = lane->currentRead()->id;
        // Only documents placed while the lane was free: the others waited for the officer.
        if (lane->currentRead()->placedAt >= laneIdleBegan)
          e2eMs.push_back(ms(t1 - lane->currentRead()->placedAt));
        else
          ++queuedReads;
      }
    }
    const double elapsed = std::chrono::duration<double>(t1 - start).count();
    if (runSeconds > 0 && elapsed >= runSeconds) quit = true;
    if (documentLimit && handled >= documentLimit) {
      // The self-check's answer stays up until its idle reset, but the next replayed document
      // may arrive first: the last answer counts as handled once it was shown for 2 s.
      const bool idle = lane ? lane->state() == LaneState::Idle
                             : traveller->view().screen == TravellerScreen::PlaceDocument ||
                                   Steady::now() - lastHandledAt >= std::chrono::seconds(2);
      if (idle) quit = true;
    }
    // Off-screen and not benchmarking: ~30 frames per second is plenty and spares the CPU.
    if (!target->isWindowed() && !o.bench) std::this_thread::sleep_for(std::chrono::milliseconds(33));
  }
  if (lane) {
    (void)lane->stop();
    for (const auto& line : lane->takeDecisionLog()) std::cout << line << "\n";
  }
  if (o.bench) {
    std::printf("bench kiosk: %s, %dx%d, SDL %s renderer, %s\n", target->isWindowed() ? "window" : "off-screen", target->width(), target->height(),
                "software", docs->description.c_str());
    if (docs->camera) {
      const auto cs = docs->camera->stats();
      const auto reads = docs->camera->readTimesMs();
      std::printf("  camera: %llu captures, %llu OCR reads (MrzReader::read p50 %.0f ms, p95 %.0f ms, OCR thread), %llu documents\n"
                  "    delivered (%llu of them unreadable: given up); OMP_THREAD_LIMIT=%s\n",
                  static_cast<unsigned long long>(cs.framesCaptured), static_cast<unsigned long long>(cs.framesRead),
                  percentile(reads, 0.5), percentile(reads, 0.95), static_cast<unsigned long long>(cs.documentsDelivered),
                  static_cast<unsigned long long>(cs.documentsGivenUp), std::getenv("OMP_THREAD_LIMIT") ? std::getenv("OMP_THREAD_LIMIT") : "unset");
    }
    std::printf("  frame time (tick excluded: ImGui build + render + present + camera upload), %zu frames:\n", frameMs.size());
    std::printf("    p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms   (target p95 <= 16 ms)\n", percentile(frameMs, 0.5),
                percentile(frameMs, 0.95), percentile(frameMs, 0.99), percentile(frameMs, 1.0));
    std::printf("    CPU time of the UI thread per frame (unaffected by other processes): p50 %.2f ms   p95 %.2f ms\n",
                percentile(cpuMs, 0.5), percentile(cpuMs, 0.95));
    std::printf("    of which UI build (ImGui widgets + camera texture upload): p50 %.2f ms   p95 %.2f ms\n", percentile(buildMs, 0.5),
                percentile(buildMs, 0.95));
    std::printf("    of which rasterise + present (SDL software renderer, CPU): p50 %.2f ms   p95 %.2f ms\n",
                percentile(rasterMs, 0.5), percentile(rasterMs, 0.95));
    std::printf("    frames with a new camera frame uploaded (%zu): p50 %.2f ms   p95 %.2f ms\n", uploadFrameMs.size(),
                percentile(uploadFrameMs, 0.5), percentile(uploadFrameMs, 0.95));
    std::printf("  document placed -> recommendation shown, %zu documents: median %.2f ms   p95 %.2f ms   (target median <= 1000 ms)\n",
                e2eMs.size(), percentile(e2eMs, 0.5), percentile(e2eMs, 0.95));
    if (docs->camera)
      std::printf("    placed = capture time of the first frame in which the MRZ was found; includes OCR + tracker, the\n"
                  "    rules decision, the state database commit, the audit fsync and one frame (%zu documents placed\n"
                  "    while the lane was busy not counted)\n",
                  queuedReads);
    if (docs->textReplay)
      std::printf("  NOTE: INTERIM text replay — documents are replayed MRZ text (no camera capture, no OCR).\n");
    std::printf("  decisions: rules/ engine on the SQLite list; journal: state database (outbox) + audit chain, fsync'd.\n");
    if (benchDir) {
      std::error_code ec;
      fs::remove_all(*benchDir, ec);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The OCR thread must not take the UI thread's core: Debian's libtesseract runs its LSTM
  // with an OpenMP team of 4 (see vision/src/reader/tess_engine.cpp). Measured with --bench
  // on the shared 2-core machine: OMP unlimited -> MrzReader::read ~790 ms, placed->shown
  // median 1000 ms, frame p95 17.5 ms; OMP_THREAD_LIMIT=1 -> ~375 ms, 295 ms, 10.9 ms.
  // libgomp reads the limit only at load time, so set it and start again (once; an explicit
  // OMP_THREAD_LIMIT in the environment is respected).
  if (!std::getenv("OMP_THREAD_LIMIT")) {
    ::setenv("OMP_THREAD_LIMIT", "1", 1);
    ::execv("/proc/self/exe", argv);  // returns only on failure: then run as we are
  }
  // The OCR thread reads frames all shift long: OpenCV's image work stays in that thread, and
  // freed frame buffers are kept instead of faulted in again every frame (mrz_reader.h).
  bordergate::vision::configureProcessForReading();
  std::string error;
  auto o = parseOptions(argc, argv, error);
  if (!o) {
    if (error.empty()) {
      std::cout << kUsage;
      return 0;
    }
    std::cerr << "bordergate-kiosk: " << error << "\n" << kUsage;
    return 2;
  }
  return run(*o);
}
