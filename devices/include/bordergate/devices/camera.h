// Camera sources behind one interface, producing bordergate::Frame: a folder of images
// replayed at a chosen rate (the "virtual camera" of libcamera's vimc/virtual pipeline),
// a video file, and a real V4L2 camera. OpenCV stays in devices/src.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/frame.h"
#include "bordergate/core/result.h"
#include "bordergate/firmware_host/clock.h"

namespace bordergate::devices {

using firmware_host::Clock;

struct CameraEvent {
  enum class Kind {
    Connected,      // streaming (first open, or back after a disconnect)
    Disconnected,   // the device went away mid-stream; reconnection is automatic
    EndOfStream,    // a non-looping replay ran out
    FrameSkipped,   // one input could not be decoded (detail says which); the stream goes on
  };
  Kind kind;
  std::string detail;
  Clock::TimePoint at{};
};
std::string_view cameraEventName(CameraEvent::Kind k);

enum class CameraState { Closed, Streaming, Disconnected, Ended };

// Contract: single-threaded; the owner calls poll() in its loop (e.g. every nextDue()).
// poll() never blocks longer than one device read and never throws; failures become events.
class CameraSource {
 public:
  virtual ~CameraSource() = default;
  // Opens the source. NotFound for a missing folder/file/device, InvalidData for a folder
  // with no images or a file OpenCV cannot decode — messages say which path and what to do.
  virtual Result<void> open() = 0;
  // A frame if one is due at the clock's now (paced sources) or available (live sources).
  virtual std::optional<Frame> poll() = 0;
  // When the next frame is due (paced sources) or the next reconnect attempt; the caller
  // may sleep until then.
  virtual Clock::TimePoint nextDue() const = 0;
  virtual CameraState state() const = 0;
  std::vector<CameraEvent> takeEvents() {
    std::vector<CameraEvent> e;
    e.swap(events_);
    return e;
  }
  virtual std::string describe() const = 0;

 protected:
  std::vector<CameraEvent> events_;
};

// The images a replay of `folderOrPlaylist` shows, in order: the *.png, *.jpg, *.jpeg of a
// folder by file name, or the entries of a playlist file (plain M3U: one image path per line,
// relative to the playlist or absolute, '#' comments). NotFound for a missing folder,
// InvalidData for an empty one or a playlist line that is not an existing image (named by
// file and line), Io when listing fails.
Result<std::vector<std::filesystem::path>> listReplayImages(const std::filesystem::path& folderOrPlaylist);

// Replays *.png, *.jpg, *.jpeg of `folder` in file-name order at `fps`, looping if `loop`.
// `folder` may instead be a playlist file (plain M3U: one image path per line, relative to the
// playlist or absolute, '#' comments), replayed in its order.
// Paced by `clock` (borrowed; must outlive the camera): frame k is due at open + k/fps.
std::unique_ptr<CameraSource> makeFolderReplayCamera(std::filesystem::path folder, double fps, const Clock& clock, bool loop = true);

// A device or file that yields frames one at a time; the unit a ReconnectingCamera manages.
// open() may be called again after a failure (reconnect).
class FrameGrabber {
 public:
  virtual ~FrameGrabber() = default;
  virtual Result<void> open() = 0;
  // Io when the device is gone (unplugged); NotFound when the stream ended.
  virtual Result<Frame> grab() = 0;
  virtual void close() = 0;
  virtual std::string describe() const = 0;
};

// Live camera with unplug tolerance: a failing grab() is a Disconnected event (never a
// crash); reopen is attempted every kReconnectInterval until it works, then Connected.
class ReconnectingCamera final : public CameraSource {
 public:
  // 1 s: a person re-plugging a cable expects the picture back within about a second; opening
  // a UVC device costs tens of ms, so retrying faster only burns CPU.
  static constexpr std::chrono::milliseconds kReconnectInterval{1000};

  ReconnectingCamera(std::unique_ptr<FrameGrabber> grabber, const Clock& clock);
  Result<void> open() override;
  std::optional<Frame> poll() override;
  Clock::TimePoint nextDue() const override;
  CameraState state() const override { return state_; }
  std::string describe() const override { return grabber_->describe(); }

 private:
  void event(CameraEvent::Kind k, std::string detail);
  std::unique_ptr<FrameGrabber> grabber_;
  const Clock& clock_;
  CameraState state_ = CameraState::Closed;
  Clock::TimePoint nextAttempt_{};
  std::uint64_t sequence_ = 0;
};

// V4L2 camera through OpenCV's VideoCapture (CAP_V4L2): a device path or an index ("0").
// Prefer a stable /dev/v4l/by-id/... path: /dev/videoN numbers can change on a replug, and
// the reconnect reopens the same path.
std::unique_ptr<FrameGrabber> makeV4l2Grabber(std::string device);
std::unique_ptr<CameraSource> makeV4l2Camera(std::string device, const Clock& clock);

// A video file (anything OpenCV/FFmpeg decodes) paced at the file's frame rate, or at
// `fps` when > 0 (also when the file does not state one). Loops if `loop`.
std::unique_ptr<CameraSource> makeVideoFileCamera(std::filesystem::path file, const Clock& clock, double fps = 0, bool loop = true);

}  // namespace bordergate::devices
