// `bordergate board`: drive the kiosk controller board (USB, libusb) or, with --sim, the
// in-process board simulator (docs/controller-protocol.md) from the shell.
#ifdef HAVE_BORDERGATE_FIRMWARE_HOST
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include "bordergate/core/files.h"
#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/firmware_image.h"
#include "bordergate/firmware_host/simulated_link.h"
#include "bordergate/firmware_host/usb_transport.h"
#include "command.h"
#include "json_out.h"
#ifdef HAVE_BORDERGATE_SYNC
#include "bordergate/sync/keys.h"
#endif

namespace bordergate::cli {
namespace {


namespace fh = firmware_host;
using namespace std::chrono_literals;

constexpr const char* kSynopsis =
    "board [--sim] [--json] status|open [--max-open MS]|close|lights COLOR [--blink]|buzzer [short|long|alarm|off] [--ms N]|"
    "illumination white|ir|uv|off [--level PCT]|heartbeat-test|update IMAGE [--signature IMAGE.sig]   [--sim: --fault-rate P --seed N]";

// A whole file of at most `limit` bytes (bordergate/core/files.h), as bytes. A directory is a
// wrong file (InvalidArgument: a refusal), not an unreadable one. Errors name `what`.
Result<std::vector<std::uint8_t>> readSmallFile(const std::string& path, std::size_t limit, const std::string& what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(ErrorCode::InvalidArgument, what + " " + path + " is a directory");
  auto bytes = readFile(path, limit);
  if (!bytes) return fail(bytes.error().code, what + ": " + bytes.error().message);
  return std::vector<std::uint8_t>(bytes->begin(), bytes->end());
}

// The image and its signature file, checked against each other before any board is touched.
struct FirmwareUpdate {
  std::vector<std::uint8_t> image;
  fh::FirmwareSignatureFile signature;
};

// `forRealBoard`: an image signed with the simulator's development key is refused here (a real
// board would only refuse it after the whole transfer).
Result<FirmwareUpdate> loadFirmwareUpdate(const std::string& imagePath, const std::string& signaturePath, bool forRealBoard) {
  FirmwareUpdate u;
  auto image = readSmallFile(imagePath, fh::kFwSlotSize, "firmware image");
  if (!image) return tl::unexpected(image.error());
  u.image = std::move(*image);
  auto text = readSmallFile(signaturePath, 4096, "signature file");
  if (!text) return tl::unexpected(text.error());
  auto sig = fh::parseFirmwareSignatureFile(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()));
  if (!sig) return fail(sig.error().code, signaturePath + ": " + sig.error().message);
  u.signature = *sig;
  if (auto ok = fh::checkFirmwareImage(u.signature, u.image); !ok) return fail(ok.error().code, imagePath + ": " + ok.error().message);
  if (forRealBoard && fh::verifyFirmware(u.image, u.signature.version, u.signature.signature, fh::developmentKeyPair().publicKey))
    return fail(ErrorCode::Integrity, signaturePath + " was made with the simulator's development key (--dev-key), which anyone "
                                      "can use: not for a real board; nothing was sent");
  return u;
}

// Everything a command needs: a client over either the simulator or the USB board.
struct Session {
  std::unique_ptr<fh::Clock> clock;
  std::unique_ptr<fh::BoardSimulator> board;  // --sim only
  std::unique_ptr<fh::Transport> transport;
  fh::SimulatedLink* link = nullptr;
  std::unique_ptr<fh::ControllerClient> client;
  bool sim = false;
};

std::optional<fh::LightColor> parseColor(const std::string& s) {
  for (auto c : {fh::LightColor::Off, fh::LightColor::Red, fh::LightColor::Amber, fh::LightColor::Green, fh::LightColor::Blue})
    if (s == fh::lightColorName(c)) return c;
  return std::nullopt;
}

std::optional<fh::IlluminationMode> parseIllumination(const std::string& s) {
  for (auto m : {fh::IlluminationMode::Off, fh::IlluminationMode::White, fh::IlluminationMode::Infrared, fh::IlluminationMode::Ultraviolet})
    if (s == fh::illuminationModeName(m)) return m;
  return std::nullopt;
}

Json statusJson(const Session& s) {
  const auto& st = s.client->lastStatus();
  Json j{{"transport", s.transport->describe()},
         {"gate", std::string(fh::gateStateName(s.client->gateState()))},
         {"fail_safe", st.failSafe},
         {"document_present", st.documentPresent},
         {"tamper", st.tamper},
         {"lights", std::string(fh::lightColorName(st.lights))},
         {"illumination", std::string(fh::illuminationModeName(st.illumination))}};
  if (const auto& info = s.client->boardInfo()) {
    j["firmware"] = fh::firmwareVersionString(info->firmwareVersion);
    std::ostringstream serial;
    serial << std::hex << std::setw(8) << std::setfill('0') << info->serial;
    j["serial"] = serial.str();
  }
  const auto& cs = s.client->stats();
  j["link"] = Json{{"commands", cs.commands}, {"acknowledged", cs.acknowledged}, {"refused", cs.refused},
                   {"failed", cs.failed}, {"retransmissions", cs.retransmissions}, {"frames_rejected", cs.framesRejected}};
  return j;
}

void printStatus(Io& io, const Session& s, bool json, const std::string& action) {
  Json j = statusJson(s);
  if (json) {
    Json out{{"action", action}, {"ok", true}};
    out.update(j);
    io.out << dumpLine(out) << "\n";
    return;
  }
  io.out << action << ": ok\n"
         << "  gate          " << j["gate"].get<std::string>() << "\n"
         << "  lights        " << j["lights"].get<std::string>() << "\n"
         << "  illumination  " << j["illumination"].get<std::string>() << "\n"
         << "  document      " << (j["document_present"].get<bool>() ? "present" : "none") << "\n"
         << "  tamper        " << (j["tamper"].get<bool>() ? "ACTIVE" : "no") << "\n";
  if (j.contains("firmware")) io.out << "  firmware      " << j["firmware"].get<std::string>() << "  serial " << j["serial"].get<std::string>() << "\n";
  io.out << "  via           " << j["transport"].get<std::string>() << "\n";
}

int reportError(Io& io, bool json, const std::string& action, const Error& e) {
  if (json) {
    io.out << dumpLine(Json{{"action", action}, {"ok", false}, {"error", std::string(errorCodeName(e.code))}, {"message", e.message}}) << "\n";
  } else {
    io.err << "bordergate board " << action << ": " << e.message << "\n";
  }
  // A refusal or a failed command is a negative result; a missing board is an environment error.
  return e.code == ErrorCode::NotFound || e.code == ErrorCode::Io || e.code == ErrorCode::Internal ? 2 : 1;
}

// heartbeat-test: both directions of §4. Exit 0 when both bounds hold.
int heartbeatTest(Io& io, Session& s, bool json) {
  Json result{{"action", "heartbeat-test"}};
  auto open = s.client->openGate(60000ms);
  if (!open) return reportError(io, json, "heartbeat-test", open.error());
  // 1. Host stops heart-beating: the board must fail safe within kHostLossTimeout.
  s.client->setHeartbeatsEnabled(false);
  const auto t0 = s.clock->now();
  std::optional<std::chrono::milliseconds> failSafeAfter;
  while (s.clock->now() - t0 < 2000ms && !failSafeAfter) {
    s.client->poll(10ms);
    if (s.client->gateState() == fh::GateState::FailSafe)
      failSafeAfter = std::chrono::duration_cast<std::chrono::milliseconds>(s.clock->now() - t0);
  }
  s.client->setHeartbeatsEnabled(true);
  const bool failSafeOk = failSafeAfter && *failSafeAfter <= fh::kHostLossTimeout + fh::kHeartbeatPeriod;
  result["fail_safe_reported_after_ms"] = failSafeAfter ? Json(failSafeAfter->count()) : Json(nullptr);
  result["fail_safe_bound_ms"] = (fh::kHostLossTimeout + fh::kHeartbeatPeriod).count();
  auto re = s.client->connect();
  result["gate_after_new_session"] = std::string(fh::gateStateName(s.client->gateState()));
  // 2. The board goes silent (simulator only: a real board cannot be hung on request).
  bool silentOk = true;
  if (s.sim && re) {
    const auto t1 = s.clock->now();
    s.board->hang(true, t1);
    std::optional<std::chrono::milliseconds> silentAfter;
    while (s.clock->now() - t1 < 2000ms && !silentAfter) {
      s.client->poll(10ms);
      if (s.client->boardSilent()) silentAfter = std::chrono::duration_cast<std::chrono::milliseconds>(s.clock->now() - t1);
    }
    silentOk = silentAfter && *silentAfter <= fh::kBoardSilentTimeout + 20ms;
    result["board_silent_detected_after_ms"] = silentAfter ? Json(silentAfter->count()) : Json(nullptr);
    result["board_silent_bound_ms"] = (fh::kBoardSilentTimeout + 20ms).count();
    result["gate_while_silent"] = std::string(fh::gateStateName(s.client->gateState()));
    s.board->hang(false, s.clock->now());
    s.client->poll(1000ms);
    result["recovered"] = s.client->sessionOpen();
  }
  result["ok"] = failSafeOk && silentOk && re.has_value();
  if (json) {
    io.out << dumpLine(result) << "\n";
  } else {
    io.out << "heartbeat-test (" << s.transport->describe() << (s.sim ? ", simulated time" : "") << ")\n";
    io.out << "  host heartbeats stopped -> board fail-safe reported after "
           << (failSafeAfter ? std::to_string(failSafeAfter->count()) + " ms" : std::string("NEVER")) << " (bound "
           << result["fail_safe_bound_ms"].get<long>() << " ms): " << (failSafeOk ? "PASS" : "FAIL") << "\n";
    io.out << "  new session -> gate " << result["gate_after_new_session"].get<std::string>() << "\n";
    if (s.sim) {
      io.out << "  board silent -> detected after "
             << (result["board_silent_detected_after_ms"].is_null() ? std::string("NEVER")
                                                                     : std::to_string(result["board_silent_detected_after_ms"].get<long>()) + " ms")
             << " (bound " << result["board_silent_bound_ms"].get<long>() << " ms), gate shown as "
             << result["gate_while_silent"].get<std::string>() << ": " << (silentOk ? "PASS" : "FAIL") << "\n";
    }
  }
  return result["ok"].get<bool>() ? 0 : 1;
}

// update: the §5.5 procedure (begin, chunks, verify, activate, the new image's handshake,
// confirm). Exit 0 when the board runs the new image, confirmed; 1 when the board refused it or
// rolled back (the old image runs); 2 when the board is gone.
int updateBoard(Io& io, Session& s, bool json, const FirmwareUpdate& u) {
  const std::string before = s.client->boardInfo() ? fh::firmwareVersionString(s.client->boardInfo()->firmwareVersion) : "?";
  const std::string wanted = fh::firmwareVersionString(u.signature.version);
  if (!json)
    io.out << "update: firmware " << before << " -> " << wanted << ", " << u.image.size() << " bytes, via " << s.transport->describe() << "\n";
  auto info = s.client->updateFirmware(u.image, u.signature.version, u.signature.signature);
  if (!info) {
    // The board stopped answering: after FW_ACTIVATE it may be booting the new image on trial or
    // rolling back; which one runs is known only when it answers again.
    if (info.error().code == ErrorCode::Timeout) {
      reportError(io, json, "update", Error{ErrorCode::Timeout, info.error().message + "; the board stopped answering: "
                                                                  "`bordergate board status` tells which firmware runs once it answers"});
      return 2;
    }
    return reportError(io, json, "update", info.error());  // its message says which firmware runs
  }
  const std::string now = fh::firmwareVersionString(info->firmwareVersion);
  if (json) {
    Json out{{"action", "update"}, {"ok", true}, {"previous_firmware", before}};
    out.update(statusJson(s));
    out["firmware"] = now;
    io.out << dumpLine(out) << "\n";
  } else {
    io.out << "update: ok, the board runs firmware " << now << ", confirmed (was " << before << ")\n";
  }
  return 0;
}

int runBoard(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"max-open", "level", "ms", "seed", "fault-rate", "signature"}, {"sim", "json", "blink"});
  if (!opt.ok()) return usageError(io, "board", opt.error());
  if (opt.positional().empty())
    return usageError(io, "board", "which action? status, open, close, lights, buzzer, illumination, heartbeat-test, update");
  const std::string action = opt.positional()[0];
  const std::string arg = opt.positional().size() > 1 ? opt.positional()[1] : "";
  const bool json = opt.has("json");
  auto number = [&](const char* key, long fallback, long lo, long hi) -> std::optional<long> {
    return opt.has(key) ? parseLong(opt.get(key), lo, hi) : fallback;
  };

  // Validate the action before touching any hardware.
  static const char* kActions[] = {"status", "open", "close", "lights", "buzzer", "illumination", "heartbeat-test", "update"};
  if (std::find(std::begin(kActions), std::end(kActions), action) == std::end(kActions))
    return usageError(io, "board", "unknown action '" + action + "'");
  std::optional<fh::LightColor> color;
  std::optional<fh::IlluminationMode> illum;
  fh::BuzzerPattern pattern = fh::BuzzerPattern::Short;
  if (action == "lights" && !(color = parseColor(arg)))
    return usageError(io, "board", "lights needs a color: off, red, amber, green or blue");
  if (action == "illumination" && !(illum = parseIllumination(arg)))
    return usageError(io, "board", "illumination needs a mode: white, ir, uv or off");
  if (opt.has("signature") && action != "update") return usageError(io, "board", "--signature only applies to update");
  std::optional<FirmwareUpdate> update;
  if (action == "update") {
    if (arg.empty()) return usageError(io, "board", "update needs the firmware image: update IMAGE [--signature IMAGE.sig]");
    auto u = loadFirmwareUpdate(arg, opt.get("signature", arg + ".sig"), !opt.has("sim"));
    if (!u) return reportError(io, json, action, u.error());
    update = std::move(*u);
  }
  if (action == "buzzer") {
    if (arg.empty() || arg == "short") pattern = fh::BuzzerPattern::Short;
    else if (arg == "long") pattern = fh::BuzzerPattern::Long;
    else if (arg == "alarm") pattern = fh::BuzzerPattern::Alarm;
    else if (arg == "off") pattern = fh::BuzzerPattern::Off;
    else return usageError(io, "board", "buzzer pattern must be short, long, alarm or off");
  }
  const auto maxOpen = number("max-open", 0, 0, 60000);
  const auto level = number("level", 100, 0, 100);
  const auto ms = number("ms", 200, 0, 65535);
  const auto seed = number("seed", 1, 0, 1L << 30);
  if (!maxOpen || (*maxOpen != 0 && *maxOpen < 1000)) return usageError(io, "board", "--max-open must be 0 or 1000..60000 ms");
  if (!level) return usageError(io, "board", "--level must be 0..100");
  if (!ms) return usageError(io, "board", "--ms must be 0..65535");
  if (!seed) return usageError(io, "board", "--seed must be a non-negative integer");
  double faultRate = 0;
  if (opt.has("fault-rate")) {
    if (!opt.has("sim")) return usageError(io, "board", "--fault-rate only applies to --sim");
    faultRate = parseFiniteDouble(opt.get("fault-rate"), 0, 0.5).value_or(-1);
    if (faultRate < 0 || faultRate > 0.5) return usageError(io, "board", "--fault-rate must be 0..0.5");
  }

  Session s;
  s.sim = opt.has("sim");
  if (s.sim) {
    auto clock = std::make_unique<fh::ManualClock>();
    s.board = std::make_unique<fh::BoardSimulator>(fh::BoardConfig{}, clock->now());
    auto link = std::make_unique<fh::SimulatedLink>(*s.board, *clock, static_cast<std::uint64_t>(*seed));
    fh::FaultConfig f;
    f.drop = f.duplicate = f.corrupt = f.delay = faultRate;
    link->setFaults(f);
    s.link = link.get();
    s.transport = std::move(link);
    s.clock = std::move(clock);
  } else {
    auto t = fh::openUsbBoard();
    if (!t) {
      const Error& e = t.error();
      if (json) return reportError(io, json, action, e);
      io.err << "bordergate board " << action << ": " << e.message << "\n";
      return 2;
    }
    s.transport = std::move(*t);
    s.clock = std::make_unique<fh::SteadyClock>();
  }
  s.client = std::make_unique<fh::ControllerClient>(*s.transport, *s.clock);
  if (auto c = s.client->connect(); !c) {
    const int code = reportError(io, json, action, c.error());
    return action == "update" && c.error().code == ErrorCode::Timeout ? 2 : code;  // no board answers: nothing was sent
  }

  if (action == "heartbeat-test") return heartbeatTest(io, s, json);
  if (action == "update") return updateBoard(io, s, json, *update);
  Result<void> r;
  if (action == "status") {
    auto st = s.client->status();
    if (!st) r = tl::unexpected(st.error());
  } else if (action == "open") {
    auto st = s.client->openGate(std::chrono::milliseconds(*maxOpen));
    if (!st) r = tl::unexpected(st.error());
  } else if (action == "close") {
    auto st = s.client->closeGate();
    if (!st) r = tl::unexpected(st.error());
  } else if (action == "lights") {
    r = s.client->setLights(*color, opt.has("blink"));
  } else if (action == "buzzer") {
    r = s.client->buzzer(pattern, std::chrono::milliseconds(*ms));
  } else if (action == "illumination") {
    r = s.client->setIllumination(*illum, static_cast<std::uint8_t>(*level));
  }
  if (!r) return reportError(io, json, action, r.error());
  printStatus(io, s, json, action);
  return 0;
}

// `bordergate bench board`: the soak as a benchmark. Prints command latency in simulated
// link time (what a kiosk would see on a link with these faults) and host CPU cost per
// command (wall time of the simulation, host + board), median/p95/p99, and peak memory.
int runBenchBoard(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"commands", "fault-rate", "seed"}, {"json"});
  if (!opt.ok()) return usageError(io, "bench board", opt.error());
  long n = 10000, seed = 1;
  double rate = 0.03;
  const auto nIn = parseLong(opt.get("commands", "10000"), std::numeric_limits<long>::min(), std::numeric_limits<long>::max());
  const auto seedIn = parseLong(opt.get("seed", "1"), std::numeric_limits<long>::min(), std::numeric_limits<long>::max());
  const auto rateIn = parseFiniteDouble(opt.get("fault-rate", "0.03"), -std::numeric_limits<double>::max(),
                                        std::numeric_limits<double>::max());
  if (!nIn || !seedIn || !rateIn) return usageError(io, "bench board", "--commands, --seed and --fault-rate take numbers");
  n = *nIn;
  seed = *seedIn;
  rate = *rateIn;
  if (n < 1 || n > 10000000 || rate < 0 || rate > 0.5) return usageError(io, "bench board", "--commands 1..1e7, --fault-rate 0..0.5");
  fh::ManualClock clock;
  fh::BoardSimulator board(fh::BoardConfig{}, clock.now());
  fh::SimulatedLink link(board, clock, static_cast<std::uint64_t>(seed));
  fh::FaultConfig f;
  f.drop = f.duplicate = f.corrupt = f.delay = rate;
  link.setFaults(f);
  fh::ControllerClient client(link, clock);
  if (auto c = client.connect(); !c) return reportError(io, false, "bench board", c.error());
  std::vector<double> simMs, wallUs;
  simMs.reserve(static_cast<std::size_t>(n));
  wallUs.reserve(static_cast<std::size_t>(n));
  long ok = 0;
  for (long i = 0; i < n; ++i) {
    const auto s0 = clock.now();
    const auto w0 = std::chrono::steady_clock::now();
    bool good = false;
    switch (i % 3) {
      case 0: good = client.openGate(60000ms).has_value(); break;
      case 1: good = client.closeGate().has_value(); break;
      default: good = client.setLights(static_cast<fh::LightColor>(i % 5)).has_value(); break;
    }
    ok += good ? 1 : 0;
    wallUs.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - w0).count());
    simMs.push_back(std::chrono::duration<double, std::milli>(clock.now() - s0).count());
  }
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  Json j{{"commands", n},
         {"fault_rate", rate},
         {"acknowledged", ok},
         {"failed", n - ok},
         {"retransmissions", client.stats().retransmissions},
         {"latency_sim_ms", Json{{"median", pct(simMs, 0.5)}, {"p95", pct(simMs, 0.95)}, {"p99", pct(simMs, 0.99)}, {"max", pct(simMs, 1.0)}}},
         {"cpu_per_command_us", Json{{"median", pct(wallUs, 0.5)}, {"p95", pct(wallUs, 0.95)}, {"p99", pct(wallUs, 0.99)}}},
         {"max_rss_kib", ru.ru_maxrss}};
  if (opt.has("json")) {
    io.out << dumpLine(j) << "\n";
  } else {
    io.out << "bench board: " << n << " commands, fault rate " << rate << " per frame per fault type (simulator)\n"
           << "  acknowledged " << ok << ", reported failed " << (n - ok) << ", retransmissions " << client.stats().retransmissions << "\n"
           << "  latency (simulated link time) ms: median " << pct(simMs, 0.5) << "  p95 " << pct(simMs, 0.95) << "  p99 "
           << pct(simMs, 0.99) << "  max " << pct(simMs, 1.0) << "\n"
           << "  host+board CPU per command us: median " << pct(wallUs, 0.5) << "  p95 " << pct(wallUs, 0.95) << "  p99 "
           << pct(wallUs, 0.99) << "\n"
           << "  peak RSS " << ru.ru_maxrss << " KiB\n";
  }
  return 0;
}

// `bordergate firmware sign`: the signing side of §5.5, on the machine that holds the key (a
// `bordergate keygen` PREFIX.key whose public half the boards' bootloader holds). --dev-key signs
// with the simulator's development key, which anyone can use: for `board --sim update` only.
int runFirmwareSign(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"version", "key", "out"}, {"dev-key", "force"});
  if (!opt.ok()) return usageError(io, "firmware sign", opt.error());
  if (opt.positional().size() != 1) return usageError(io, "firmware sign", "give one firmware image");
  const std::string imagePath = opt.positional()[0];
  const auto version = fh::parseFirmwareVersion(opt.get("version"));
  if (!version) return usageError(io, "firmware sign", "--version X.Y.Z is required (three numbers 0..255)");
  if (opt.has("key") == opt.has("dev-key")) return usageError(io, "firmware sign", "give --key PREFIX.key, or --dev-key for the simulator");
  const std::string out = opt.get("out", imagePath + ".sig");
  auto failed = [&](const std::string& why) {
    io.err << "bordergate firmware sign: " << why << "\n";
    return 2;
  };
  std::error_code ec;
  if (std::filesystem::exists(out, ec)) {
    if (std::filesystem::equivalent(out, imagePath, ec)) return failed(out + " is the image itself");
    if (!opt.has("force")) return failed(out + " exists (another signature?); --force replaces it");
  }
  auto image = readSmallFile(imagePath, fh::kFwSlotSize, "firmware image");
  if (!image) return failed(image.error().message);

  fh::SecretKey key{};
  if (opt.has("dev-key")) {
    key = fh::developmentKeyPair().secretKey;
  } else {
#ifdef HAVE_BORDERGATE_SYNC
    if (auto loaded = sync::loadSecretKeyBytes(opt.get("key"), key); !loaded) return failed(loaded.error().message);
#else
    return failed("--key needs the sync module (key files); this build has none");
#endif
  }
  auto file = fh::signFirmwareFile(*image, *version, key);
  fh::wipeSecretKey(key);
  if (!file) return failed(imagePath + ": " + file.error().message);

  // Written beside its final name and renamed over it: a reader sees the old file or the new.
  const auto dir = std::filesystem::path(out).parent_path();
  std::string tmp = ((dir.empty() ? std::filesystem::path(".") : dir) / ".firmware-sig-XXXXXX").string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return failed("cannot create a file beside " + out + ": " + std::strerror(errno));
  const std::string text = fh::formatFirmwareSignatureFile(*file);
  // Public, shipped beside the image (mkstemp made it 0600).
  const bool written = ::fchmod(fd, 0644) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const int writeErrno = errno;
  ::close(fd);
  if (!written || std::rename(tmp.c_str(), out.c_str()) != 0) {
    const int e = written ? errno : writeErrno;
    ::unlink(tmp.c_str());
    return failed("cannot write " + out + ": " + std::strerror(e));
  }
  io.out << "firmware sign: " << imagePath << " (" << image->size() << " bytes) signed as firmware "
         << fh::firmwareVersionString(*version) << (opt.has("dev-key") ? " with the DEVELOPMENT key (simulator only)" : "") << ": " << out
         << "\n";
  return 0;
}

const CommandRegistration kBoard({"board", kSynopsis, runBoard});
const CommandRegistration kFirmwareSign({"firmware sign",
                                         "firmware sign IMAGE --version X.Y.Z (--key PREFIX.key | --dev-key) [--out FILE] [--force]   sign a controller-board "
                                         "firmware image: IMAGE.sig, for `board update`",
                                         runFirmwareSign});
const CommandRegistration kBenchBoard({"bench board", "bench board [--commands N] [--fault-rate P] [--seed N] [--json]   controller protocol soak figures", runBenchBoard});

}  // namespace
}  // namespace bordergate::cli
#endif
