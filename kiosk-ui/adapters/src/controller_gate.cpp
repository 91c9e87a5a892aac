// ControllerGate: GatePort over the firmware-host ControllerClient, on a controller thread
// (see controller_gate.h for the threading and passage contract).
#include "bordergate/kiosk_adapters/controller_gate.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/simulated_controller.h"
#include "bordergate/firmware_host/usb_transport.h"

namespace bordergate::kiosk_adapters {

namespace fh = firmware_host;
using kiosk_ui::GateLight;
using kiosk_ui::GateStatus;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// A command not started by the controller thread within this time is dropped (never run
// late: a gate opening seconds after the officer's click is worse than an error). 100 ms =
// 5 poll slices.
constexpr auto kStartDeadline = 100ms;
// The UI waits at most this long: the client's bound of 1 + kMaxRetransmissions attempts of
// kAckTimeout (300 ms, controller_client.h) plus the start deadline.
constexpr auto kCommandWait = 450ms;
// Re-open an absent board / re-handshake after a link failure this often (as the camera's
// reconnect: a person re-plugging a cable expects it back within about a second).
constexpr auto kReconnectInterval = 1000ms;

fh::LightColor toBoard(GateLight l) {
  switch (l) {
    case GateLight::Off: return fh::LightColor::Off;
    case GateLight::Green: return fh::LightColor::Green;
    case GateLight::Red: return fh::LightColor::Red;
    case GateLight::Amber: return fh::LightColor::Amber;
  }
  return fh::LightColor::Off;
}

}  // namespace

struct ControllerGate::State {
  ControllerGateOptions options;
  // Simulator: owns the whole stack. USB: transport + clock + client.
  std::unique_ptr<fh::SimulatedController> sim;
  fh::SteadyClock steady;
  std::unique_ptr<fh::Transport> usbTransport;
  std::unique_ptr<fh::ControllerClient> usbClient;
  fh::ControllerClient* client = nullptr;  // the one in use (nullptr: no USB board)

  struct Task {
    std::function<Result<void>()> run;
    std::promise<Result<void>> done;
    Steady::time_point deadline;
  };
  std::mutex m;
  std::condition_variable cv;
  bool stop = false;
  std::deque<Task> tasks;
  GateStatus snapshot;
  std::string offlineShared;  // copy of `offline` for the UI thread's fast refusal
  bool unplugRequest = false, unplugged = false;

  // --- controller thread only ---
  std::string offline;  // non-empty: why the board is considered offline
  Steady::time_point nextReconnect{};
  std::optional<std::uint16_t> openGeneration;
  fh::Clock::TimePoint openedAt{};
  bool passage = false, walked = false;
  GateLight light = GateLight::Off;
  Steady::time_point simRealStart{};
  fh::Clock::TimePoint simStart{};
  std::thread thread;

  void loop();
  void reconnect();
  void service();
  void publish();
  void linkFailed(const Error& e) {
    offline = e.message;
    nextReconnect = Steady::now() + kReconnectInterval;
    if (!sim) {  // a USB handle is dead after an unplug: open the device again
      usbClient.reset();
      usbTransport.reset();
      client = nullptr;
    }
  }
  Result<void> command(const char* what, const std::function<Result<void>()>& f) {
    if (!client || !offline.empty())
      return fail(ErrorCode::Io, std::string("board offline (") + (offline.empty() ? "not connected" : offline) + "): cannot " + what +
                                     "; check the controller board's USB cable and power, or call a technician");
    auto r = f();
    if (!r) {
      if (r.error().code == ErrorCode::Io || r.error().code == ErrorCode::Timeout) linkFailed(r.error());
      return fail(r.error().code, std::string("gate board: cannot ") + what + ": " + r.error().message);
    }
    return r;
  }
  Result<void> post(const char* what, std::function<Result<void>()> run) {
    {
      // Known offline: refuse at once (the UI thread does not wait for a reconnect attempt).
      std::lock_guard lk(m);
      if (!offlineShared.empty())
        return fail(ErrorCode::Io, "board offline (" + offlineShared + "): cannot " + what +
                                       "; check the controller board's USB cable and power, or call a technician");
    }
    Task t{std::move(run), {}, Steady::now() + kStartDeadline};
    auto fut = t.done.get_future();
    {
      std::lock_guard lk(m);
      tasks.push_back(std::move(t));
    }
    cv.notify_all();
    if (fut.wait_for(kCommandWait) != std::future_status::ready)
      return fail(ErrorCode::Timeout, "gate board: no answer within " + std::to_string(kCommandWait.count()) + " ms");
    return fut.get();
  }
};

void ControllerGate::State::reconnect() {
  if (offline.empty() && client) return;
  if (Steady::now() < nextReconnect) return;
  nextReconnect = Steady::now() + kReconnectInterval;
  if (!sim && !client) {
    auto t = fh::openUsbBoard();
    if (!t) {
      offline = t.error().message;
      return;
    }
    usbTransport = std::move(*t);
    usbClient = std::make_unique<fh::ControllerClient>(*usbTransport, steady);
    client = usbClient.get();
  }
  if (auto info = client->connect(); !info) {
    linkFailed(info.error());
    return;
  }
  offline.clear();
  // A new session: the board re-learns nothing from before, so neither do we.
  openGeneration.reset();
  passage = false;
}

void ControllerGate::State::service() {
  if (!client) return;
  if (sim) {
    // Simulated time follows real time: advance it to where the wall of the process is.
    const auto target = simStart + (Steady::now() - simRealStart);
    if (target > sim->clock.now())
      client->poll(std::chrono::duration_cast<std::chrono::milliseconds>(target - sim->clock.now()));
    // The simulated traveller: walks through the exit light barrier after each opening.
    if (options.simulatedWalkThrough && openGeneration && !walked && sim->board.gate() == fh::BoardGateState::Open &&
        sim->clock.now() - openedAt >= *options.simulatedWalkThrough) {
      sim->board.passage();
      walked = true;
    }
  } else {
    client->poll(options.pollSlice);  // waits up to one slice for the board's bytes
  }
  for (const auto& e : client->takeEvents()) {
    if (e.kind == fh::ControllerEvent::Kind::Passage && openGeneration && e.value == *openGeneration) passage = true;
    if (e.kind == fh::ControllerEvent::Kind::BoardRebooted) openGeneration.reset();
  }
  if (client->boardSilent() && offline.empty()) {
    offline = "the board stopped answering (no frame for " + std::to_string(fh::kBoardSilentTimeout.count()) + " ms)";
    nextReconnect = Steady::now() + kReconnectInterval;
  }
}

void ControllerGate::State::publish() {
  GateStatus s;
  s.light = light;
  if (!client || !offline.empty()) {
    s.healthy = false;
    // The status bar is one line: the reason up to its advice (open() errors carry it all).
    std::string why = offline.empty() ? std::string("not connected") : offline;
    if (const auto cut = why.find(": "); cut != std::string::npos) why.resize(cut);
    s.health = "board offline (" + why + ")";
  } else {
    const auto& st = client->lastStatus();
    s.open = client->gateState() == fh::GateState::Open;
    s.passageDetected = s.open && passage;
    std::string via = sim ? "simulator" : "USB";
    if (const auto& info = client->boardInfo()) via += ", firmware " + fh::firmwareVersionString(info->firmwareVersion);
    if (client->gateState() == fh::GateState::FailSafe || st.failSafe) {
      s.health = "board FAIL-SAFE (gate held closed; " + via + ")";
    } else if (st.tamper) {
      s.health = "board TAMPER (enclosure opened; " + via + ")";
    } else {
      s.healthy = true;
      s.health = "board ok (" + via + ")";
    }
  }
  std::lock_guard lk(m);
  snapshot = s;
  offlineShared = client ? offline : (offline.empty() ? "not connected" : offline);
}

void ControllerGate::State::loop() {
  simRealStart = Steady::now();
  if (sim) simStart = sim->clock.now();
  for (;;) {
    std::deque<Task> todo;
    bool wantUnplug = false;
    {
      std::lock_guard lk(m);
      if (stop) break;
      todo.swap(tasks);
      wantUnplug = unplugRequest;
    }
    if (sim && wantUnplug != unplugged) {
      sim->link.setUnplugged(wantUnplug);
      unplugged = wantUnplug;
    }
    reconnect();
    for (auto& t : todo) {
      if (Steady::now() > t.deadline) {
        t.done.set_value(fail(ErrorCode::Timeout, "gate board: command dropped (the controller thread was busy for over " +
                                                      std::to_string(kStartDeadline.count()) + " ms); try again"));
        continue;
      }
      auto r = t.run();
      publish();  // the caller sees the command's effect in status() as soon as it returns
      t.done.set_value(std::move(r));
    }
    const auto serviced = Steady::now();
    service();
    publish();
    // A USB client's poll waits a slice for the board's bytes, except when the transport
    // fails at once (LIBUSB_ERROR_NO_DEVICE after an unplug): then wait here, or the loop
    // spins until the board is declared silent.
    if (sim || !client || Steady::now() - serviced < options.pollSlice / 2) {
      std::unique_lock lk(m);
      cv.wait_for(lk, options.pollSlice, [&] { return stop || !tasks.empty(); });
    }
  }
  // Leave the gate closed: the board would close it anyway once our heartbeats stop (§4).
  if (client && offline.empty() && client->gateState() == fh::GateState::Open) (void)client->closeGate();
  std::lock_guard lk(m);
  for (auto& t : tasks) t.done.set_value(fail(ErrorCode::Io, "gate board: shutting down"));
  tasks.clear();
}

ControllerGate::ControllerGate(std::unique_ptr<State> state) : s_(std::move(state)) {
  auto* raw = s_.get();
  raw->thread = std::thread([raw] { raw->loop(); });
}

std::unique_ptr<ControllerGate> ControllerGate::simulated(ControllerGateOptions options) {
  auto st = std::make_unique<State>();
  st->options = options;
  st->sim = std::make_unique<fh::SimulatedController>();
  st->client = &st->sim->client;
  st->offline = "connecting";
  st->offlineShared = st->offline;
  return std::unique_ptr<ControllerGate>(new ControllerGate(std::move(st)));
}

std::unique_ptr<ControllerGate> ControllerGate::usb(ControllerGateOptions options) {
  auto st = std::make_unique<State>();
  st->options = options;
  st->offline = "connecting";
  st->offlineShared = st->offline;
  return std::unique_ptr<ControllerGate>(new ControllerGate(std::move(st)));
}

ControllerGate::~ControllerGate() {
  {
    std::lock_guard lk(s_->m);
    s_->stop = true;
  }
  s_->cv.notify_all();
  if (s_->thread.joinable()) s_->thread.join();
}

Result<void> ControllerGate::open() {
  auto* s = s_.get();
  return s->post("open the gate", [s]() -> Result<void> {
    return s->command("open the gate", [s]() -> Result<void> {
      auto st = s->client->openGate(s->options.maxOpen);
      if (!st) return tl::unexpected(st.error());
      s->openGeneration = st->generation;
      s->openedAt = s->sim ? s->sim->clock.now() : s->steady.now();
      s->passage = false;
      s->walked = false;
      return {};
    });
  });
}

Result<void> ControllerGate::close() {
  auto* s = s_.get();
  return s->post("close the gate", [s]() -> Result<void> {
    return s->command("close the gate", [s]() -> Result<void> {
      auto st = s->client->closeGate();
      if (!st) return tl::unexpected(st.error());
      s->openGeneration.reset();
      s->passage = false;
      return {};
    });
  });
}

Result<void> ControllerGate::setLight(GateLight light) {
  auto* s = s_.get();
  return s->post("set the lights", [s, light]() -> Result<void> {
    return s->command("set the lights", [s, light]() -> Result<void> {
      if (auto r = s->client->setLights(toBoard(light)); !r) return r;
      s->light = light;
      return {};
    });
  });
}

GateStatus ControllerGate::status(kiosk_ui::MonoTime) {
  std::lock_guard lk(s_->m);
  return s_->snapshot;
}

void ControllerGate::simulateUnplugged(bool unplugged) {
  {
    std::lock_guard lk(s_->m);
    s_->unplugRequest = unplugged;
  }
  s_->cv.notify_all();
}

}  // namespace bordergate::kiosk_adapters
