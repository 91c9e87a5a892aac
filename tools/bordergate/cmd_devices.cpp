// `bordergate devices`: list (and watch) the kiosk's USB hardware as the DeviceManager sees
// it; `bordergate camera`: run a camera source (folder replay, video file, V4L2) and print
// what it delivers.
#ifdef HAVE_BORDERGATE_DEVICES
#include <filesystem>
#include <chrono>
#include <thread>

#include "bordergate/devices/camera.h"
#include "bordergate/devices/device_manager.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

using namespace std::chrono_literals;
namespace dv = devices;

Json deviceJson(const dv::DeviceStatus& d) {
  return Json{{"bus", d.info.bus},         {"address", d.info.address},
              {"id", d.info.id()},         {"kind", std::string(dv::deviceKindName(d.kind))},
              {"name", d.name},            {"health", std::string(dv::deviceHealthName(d.health))}};
}


int runDevices(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"watch"}, {"json"});
  if (!opt.ok()) return usageError(io, "devices", opt.error());
  if (!opt.positional().empty()) return usageError(io, "devices", "unexpected argument '" + opt.positional()[0] + "'");
  const auto watch = parseLong(opt.get("watch", "0"), 0, 86400);
  if (!watch) return usageError(io, "devices", "--watch takes seconds, 0..86400");
  const bool json = opt.has("json");
  auto backend = dv::makeLibusbBackend();
  if (!backend) {
    io.err << "bordergate devices: " << backend.error().message << "\n";
    return 2;
  }
  firmware_host::SteadyClock clock;
  dv::DeviceManager manager(std::move(*backend), dv::builtinKnownDevices(), clock);
  if (auto s = manager.start(); !s) {
    io.err << "bordergate devices: " << s.error().message << "\n";
    return 2;
  }
  const dv::DeviceKind kinds[] = {dv::DeviceKind::ControllerBoard, dv::DeviceKind::Camera, dv::DeviceKind::SmartCardReader};
  // libusb initialises even where no USB bus is visible to the process (a container without
  // the host's /dev/bus/usb), and every device then reads "missing" as if unplugged.
  std::error_code ec;
  if (manager.devices().empty() && !std::filesystem::exists("/dev/bus/usb", ec))
    io.err << "bordergate devices: no USB bus is visible to this process (/dev/bus/usb does not exist), so nothing can be "
              "found: in a container pass the USB devices in (--device) or run on the host\n";
  if (json) {
    Json list = Json::array();
    for (const auto& d : manager.devices()) list.push_back(deviceJson(d));
    Json health = Json::object();
    for (auto k : kinds) health[std::string(dv::deviceKindName(k))] = std::string(dv::deviceHealthName(manager.health(k)));
    io.out << dumpLine(Json{{"devices", list}, {"health", health}, {"hotplug", !manager.polling()}}) << "\n";
  } else {
    for (const auto& d : manager.devices())
      io.out << d.info.key() << "  " << d.info.id() << "  " << dv::deviceKindName(d.kind) << "  " << d.name << "\n";
    for (auto k : kinds) io.out << dv::deviceKindName(k) << ": " << dv::deviceHealthName(manager.health(k)) << "\n";
    io.out << "hotplug: " << (manager.polling() ? "not supported, polling every 1 s" : "supported") << "\n";
  }
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(*watch);
  while (std::chrono::steady_clock::now() < end) {
    for (const auto& c : manager.update()) {
      const char* what = c.kind == dv::DeviceChange::Kind::Arrived ? "arrived" : "left";
      if (json) io.out << dumpLine(Json{{"event", what}, {"device", deviceJson(c.device)}}) << "\n";
      else io.out << what << ": " << c.device.info.key() << "  " << c.device.info.id() << "  " << c.device.name << "\n";
      io.out.flush();
    }
    std::this_thread::sleep_for(100ms);
  }
  return 0;
}

int runCamera(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"fps", "frames"}, {"json", "once"});
  if (!opt.ok()) return usageError(io, "camera", opt.error());
  if (opt.positional().size() != 2) return usageError(io, "camera", "give a source kind and where: replay DIR | video FILE | v4l2 DEVICE");
  const std::string kind = opt.positional()[0], where = opt.positional()[1];
  const auto frames = parseLong(opt.get("frames", "10"), 1, 1000000);
  if (!frames) return usageError(io, "camera", "--frames must be 1..1000000");
  double fps = 0;
  try {
    fps = std::stod(opt.get("fps", kind == "replay" ? "10" : "0"));
  } catch (...) {
    return usageError(io, "camera", "--fps must be a number");
  }
  firmware_host::SteadyClock clock;
  std::unique_ptr<dv::CameraSource> cam;
  if (kind == "replay") cam = dv::makeFolderReplayCamera(where, fps, clock, !opt.has("once"));
  else if (kind == "video") cam = dv::makeVideoFileCamera(where, clock, fps, !opt.has("once"));
  else if (kind == "v4l2") cam = dv::makeV4l2Camera(where, clock);
  else return usageError(io, "camera", "source kind must be replay, video or v4l2");
  if (auto r = cam->open(); !r) {
    io.err << "bordergate camera: " << r.error().message << "\n";
    return 2;
  }
  const bool json = opt.has("json");
  const auto t0 = clock.now();
  long got = 0;
  while (got < *frames && cam->state() != dv::CameraState::Ended) {
    if (auto f = cam->poll()) {
      ++got;
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(f->capturedAt - t0).count();
      if (json)
        io.out << dumpLine(Json{{"sequence", f->sequence}, {"t_ms", ms}, {"width", f->width}, {"height", f->height},
                                {"format", f->format == PixelFormat::Gray8 ? "gray8" : "bgr8"}}) << "\n";
      else
        io.out << "frame " << f->sequence << "  t=" << ms << " ms  " << f->width << "x" << f->height << "\n";
    }
    for (const auto& e : cam->takeEvents()) {
      if (json) io.out << dumpLine(Json{{"event", std::string(dv::cameraEventName(e.kind))}, {"detail", e.detail}}) << "\n";
      else io.out << "event " << dv::cameraEventName(e.kind) << ": " << e.detail << "\n";
    }
    std::this_thread::sleep_until(std::max(cam->nextDue(), clock.now()));
  }
  return got > 0 ? 0 : 1;
}

const CommandRegistration kDevices({"devices", "devices [--json] [--watch SECONDS]   list the kiosk's USB hardware and follow hotplug", runDevices});
const CommandRegistration kCamera({"camera",
                                   "camera replay DIR|video FILE|v4l2 DEVICE [--fps N] [--frames N] [--once] [--json]   run a camera source",
                                   runCamera});

}  // namespace
}  // namespace bordergate::cli
#endif
