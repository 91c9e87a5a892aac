// Camera sources: folder replay, video file, reconnecting live camera (V4L2 via OpenCV).
// Every OpenCV call is wrapped: cv::Exception never leaves this file.
#include "bordergate/devices/camera.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>

namespace bordergate::devices {
namespace {

using std::chrono::duration_cast;
using std::chrono::nanoseconds;

// Copies a cv::Mat (8-bit, 1 or 3 channels) into a Frame.
Result<Frame> toFrame(const cv::Mat& m, std::uint64_t seq, Clock::TimePoint at) {
  if (m.empty()) return fail(ErrorCode::InvalidData, "empty image");
  if (m.depth() != CV_8U || (m.channels() != 1 && m.channels() != 3))
    return fail(ErrorCode::Unsupported, "image is not 8-bit gray or BGR (" + std::to_string(m.channels()) + " channels)");
  Frame f = Frame::allocate(m.cols, m.rows, m.channels() == 1 ? PixelFormat::Gray8 : PixelFormat::Bgr8);
  auto buf = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(f.stride) * static_cast<std::size_t>(f.height));
  for (int y = 0; y < m.rows; ++y) std::copy_n(m.ptr<std::uint8_t>(y), f.stride, buf->data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(f.stride));
  f.pixels = std::move(buf);
  f.sequence = seq;
  f.capturedAt = at;
  return f;
}

nanoseconds periodFor(double fps) { return nanoseconds(static_cast<std::int64_t>(std::llround(1e9 / fps))); }

bool isImage(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

// A playlist (plain M3U): one image path per line, relative to the playlist's folder or
// absolute; blank lines and lines starting with '#' are skipped. Every entry must exist and
// be an image, so a typo is reported at start, not minutes later in the replay.
Result<std::vector<std::filesystem::path>> readPlaylist(const std::filesystem::path& playlist) {
  namespace fs = std::filesystem;
  std::ifstream in(playlist);
  if (!in) return fail(ErrorCode::Io, "cannot read the replay playlist " + playlist.string());
  std::vector<fs::path> files;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    fs::path p = line.substr(first);
    if (p.is_relative()) p = playlist.parent_path() / p;
    std::error_code ec;
    if (!isImage(p) || !fs::is_regular_file(p, ec))
      return fail(ErrorCode::InvalidData, playlist.string() + ":" + std::to_string(n) + ": " + p.string() +
                                              " is not an existing .png/.jpg/.jpeg image; fix the playlist line");
    files.push_back(p);
  }
  if (files.empty()) return fail(ErrorCode::InvalidData, "replay playlist " + playlist.string() + " lists no images");
  return files;
}

class FolderReplayCamera final : public CameraSource {
 public:
  FolderReplayCamera(std::filesystem::path folder, double fps, const Clock& clock, bool loop)
      : folder_(std::move(folder)), fps_(fps), clock_(clock), loop_(loop) {}

  Result<void> open() override {
    if (!(fps_ > 0 && fps_ <= 1000)) return fail(ErrorCode::InvalidArgument, "replay frame rate must be in (0, 1000] fps");
    auto files = listReplayImages(folder_);
    if (!files) return tl::unexpected(files.error());
    files_ = std::move(*files);
    start_ = clock_.now();
    emitted_ = 0;
    index_ = 0;
    state_ = CameraState::Streaming;
    events_.push_back({CameraEvent::Kind::Connected, "replaying " + std::to_string(files_.size()) + " images from " + folder_.string(), start_});
    return {};
  }

  std::optional<Frame> poll() override {
    if (state_ != CameraState::Streaming) return std::nullopt;
    const auto now = clock_.now();
    if (now < nextDue()) return std::nullopt;
    // Skip undecodable files (reported), at most one pass over the folder per poll.
    for (std::size_t tries = 0; tries < files_.size(); ++tries) {
      if (index_ >= files_.size()) {
        if (!loop_) {
          state_ = CameraState::Ended;
          events_.push_back({CameraEvent::Kind::EndOfStream, folder_.string(), now});
          return std::nullopt;
        }
        index_ = 0;
      }
      const auto& path = files_[index_++];
      cv::Mat m;
      try {
        // ANYCOLOR: 8-bit gray stays gray, colour becomes BGR, alpha and 16-bit are dropped.
        m = cv::imread(path.string(), cv::IMREAD_ANYCOLOR);
      } catch (const cv::Exception&) {
        m.release();
      }
      auto f = normalise(m, now);
      if (f) {
        ++emitted_;
        return std::move(*f);
      }
      events_.push_back({CameraEvent::Kind::FrameSkipped, path.string() + ": " + f.error().message, now});
    }
    // A whole pass over the folder without one decodable image: the replay can never deliver
    // a frame. It ends, saying why (each poll retried the pass at once, 100 % CPU, events
    // without bound; a folder of corrupt files).
    if (!files_.empty()) {
      state_ = CameraState::Ended;
      events_.push_back({CameraEvent::Kind::EndOfStream,
                         "none of the " + std::to_string(files_.size()) + " images in " + folder_.string() +
                             " decodes: replace or remove the damaged files",
                         now});
    }
    return std::nullopt;
  }

  Clock::TimePoint nextDue() const override {
    return start_ + duration_cast<Clock::TimePoint::duration>(periodFor(fps_) * static_cast<std::int64_t>(emitted_));
  }
  CameraState state() const override { return state_; }
  std::string describe() const override { return "folder replay " + folder_.string(); }

 private:
  Result<Frame> normalise(const cv::Mat& m, Clock::TimePoint now) {
    if (m.empty()) return fail(ErrorCode::InvalidData, "not a decodable image");
    return toFrame(m, emitted_, now);
  }
  std::filesystem::path folder_;
  double fps_;
  const Clock& clock_;
  bool loop_;
  std::vector<std::filesystem::path> files_;
  std::size_t index_ = 0;
  std::uint64_t emitted_ = 0;
  Clock::TimePoint start_{};
  CameraState state_ = CameraState::Closed;
};

class VideoFileCamera final : public CameraSource {
 public:
  VideoFileCamera(std::filesystem::path file, const Clock& clock, double fps, bool loop)
      : file_(std::move(file)), clock_(clock), fps_(fps), loop_(loop) {}

  Result<void> open() override {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file_, ec))
      return fail(ErrorCode::NotFound, "video file " + file_.string() + " does not exist");
    try {
      if (!cap_.open(file_.string(), cv::CAP_ANY))
        return fail(ErrorCode::InvalidData, "OpenCV cannot decode video " + file_.string() + " (unsupported container or codec)");
      if (fps_ <= 0) fps_ = cap_.get(cv::CAP_PROP_FPS);
    } catch (const cv::Exception& e) {
      return fail(ErrorCode::InvalidData, "OpenCV failed on " + file_.string() + ": " + e.what());
    }
    if (!(fps_ > 0 && fps_ <= 1000))
      return fail(ErrorCode::InvalidArgument, "video " + file_.string() + " states no usable frame rate; pass one explicitly");
    start_ = clock_.now();
    emitted_ = 0;
    state_ = CameraState::Streaming;
    events_.push_back({CameraEvent::Kind::Connected, "playing " + file_.string(), start_});
    return {};
  }

  std::optional<Frame> poll() override {
    if (state_ != CameraState::Streaming) return std::nullopt;
    const auto now = clock_.now();
    if (now < nextDue()) return std::nullopt;
    cv::Mat m;
    try {
      if (!cap_.read(m) && loop_) {
        cap_.set(cv::CAP_PROP_POS_FRAMES, 0);
        cap_.read(m);
      }
    } catch (const cv::Exception&) {
      m.release();
    }
    if (m.empty()) {
      state_ = CameraState::Ended;
      events_.push_back({CameraEvent::Kind::EndOfStream, file_.string(), now});
      return std::nullopt;
    }
    auto f = toFrame(m, emitted_, now);
    ++emitted_;  // a bad frame still consumes its time slot
    if (!f) {
      events_.push_back({CameraEvent::Kind::FrameSkipped, file_.string() + ": " + f.error().message, now});
      return std::nullopt;
    }
    return std::move(*f);
  }

  Clock::TimePoint nextDue() const override {
    return start_ + duration_cast<Clock::TimePoint::duration>(periodFor(fps_) * static_cast<std::int64_t>(emitted_));
  }
  CameraState state() const override { return state_; }
  std::string describe() const override { return "video file " + file_.string(); }

 private:
  std::filesystem::path file_;
  const Clock& clock_;
  double fps_;
  bool loop_;
  cv::VideoCapture cap_;
  Clock::TimePoint start_{};
  std::uint64_t emitted_ = 0;
  CameraState state_ = CameraState::Closed;
};

class V4l2Grabber final : public FrameGrabber {
 public:
  explicit V4l2Grabber(std::string device) : device_(std::move(device)) {}

  Result<void> open() override {
    const bool isIndex = !device_.empty() && std::all_of(device_.begin(), device_.end(), [](unsigned char c) { return std::isdigit(c); });
    // An index N is /dev/videoN: a camera not plugged in is not found, not "cannot be opened".
    const std::string node = isIndex ? "/dev/video" + device_ : device_;
    std::error_code ec;
    if (!std::filesystem::exists(node, ec))
      return fail(ErrorCode::NotFound, "no camera at " + node + ": check the camera's USB cable; `bordergate devices` lists the cameras this machine sees");
    try {
      const bool ok = isIndex ? cap_.open(std::stoi(device_), cv::CAP_V4L2) : cap_.open(device_, cv::CAP_V4L2);
      if (!ok) return fail(ErrorCode::Io, "camera " + device_ + " exists but cannot be opened: is another program using it, and may this user open /dev/video*? (group video)");
    } catch (const cv::Exception& e) {
      return fail(ErrorCode::Io, "camera " + device_ + ": " + e.what());
    }
    return {};
  }

  Result<Frame> grab() override {
    cv::Mat m;
    try {
      if (!cap_.read(m) || m.empty()) return fail(ErrorCode::Io, "camera " + device_ + " stopped delivering frames (unplugged?)");
    } catch (const cv::Exception& e) {
      return fail(ErrorCode::Io, "camera " + device_ + ": " + e.what());
    }
    return toFrame(m, 0, {});
  }

  void close() override {
    try {
      cap_.release();
    } catch (const cv::Exception&) {
    }
  }
  std::string describe() const override { return "V4L2 camera " + device_; }

 private:
  std::string device_;
  cv::VideoCapture cap_;
};

}  // namespace

std::string_view cameraEventName(CameraEvent::Kind k) {
  switch (k) {
    case CameraEvent::Kind::Connected: return "connected";
    case CameraEvent::Kind::Disconnected: return "disconnected";
    case CameraEvent::Kind::EndOfStream: return "end-of-stream";
    case CameraEvent::Kind::FrameSkipped: return "frame-skipped";
  }
  return "?";
}

Result<std::vector<std::filesystem::path>> listReplayImages(const std::filesystem::path& folderOrPlaylist) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(folderOrPlaylist, ec)) return readPlaylist(folderOrPlaylist);
  if (!fs::is_directory(folderOrPlaylist, ec))
    return fail(ErrorCode::NotFound, "replay folder " + folderOrPlaylist.string() +
                                         " does not exist or is not a folder; pass a folder of PNG/JPG images or a .m3u playlist");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folderOrPlaylist, ec))
    if (e.is_regular_file() && isImage(e.path())) files.push_back(e.path());
  if (ec) return fail(ErrorCode::Io, "cannot list " + folderOrPlaylist.string() + ": " + ec.message());
  if (files.empty()) return fail(ErrorCode::InvalidData, "replay folder " + folderOrPlaylist.string() + " holds no .png/.jpg/.jpeg images");
  std::sort(files.begin(), files.end());
  return files;
}

std::unique_ptr<CameraSource> makeFolderReplayCamera(std::filesystem::path folder, double fps, const Clock& clock, bool loop) {
  return std::make_unique<FolderReplayCamera>(std::move(folder), fps, clock, loop);
}

std::unique_ptr<CameraSource> makeVideoFileCamera(std::filesystem::path file, const Clock& clock, double fps, bool loop) {
  return std::make_unique<VideoFileCamera>(std::move(file), clock, fps, loop);
}

std::unique_ptr<FrameGrabber> makeV4l2Grabber(std::string device) { return std::make_unique<V4l2Grabber>(std::move(device)); }

std::unique_ptr<CameraSource> makeV4l2Camera(std::string device, const Clock& clock) {
  return std::make_unique<ReconnectingCamera>(makeV4l2Grabber(std::move(device)), clock);
}

ReconnectingCamera::ReconnectingCamera(std::unique_ptr<FrameGrabber> grabber, const Clock& clock)
    : grabber_(std::move(grabber)), clock_(clock) {}

void ReconnectingCamera::event(CameraEvent::Kind k, std::string detail) { events_.push_back({k, std::move(detail), clock_.now()}); }

Result<void> ReconnectingCamera::open() {
  auto r = grabber_->open();
  if (!r) {
    // Absent at start is not final: poll() keeps trying, like after an unplug.
    state_ = CameraState::Disconnected;
    nextAttempt_ = clock_.now() + kReconnectInterval;
    return r;
  }
  state_ = CameraState::Streaming;
  event(CameraEvent::Kind::Connected, grabber_->describe());
  return {};
}

std::optional<Frame> ReconnectingCamera::poll() {
  const auto now = clock_.now();
  if (state_ == CameraState::Disconnected) {
    if (now < nextAttempt_) return std::nullopt;
    if (auto r = grabber_->open(); !r) {
      nextAttempt_ = now + kReconnectInterval;
      return std::nullopt;
    }
    state_ = CameraState::Streaming;
    event(CameraEvent::Kind::Connected, grabber_->describe() + " is back");
  }
  if (state_ != CameraState::Streaming) return std::nullopt;
  auto f = grabber_->grab();
  if (!f) {
    grabber_->close();
    state_ = CameraState::Disconnected;
    nextAttempt_ = now + kReconnectInterval;
    event(CameraEvent::Kind::Disconnected, f.error().message);
    return std::nullopt;
  }
  f->sequence = sequence_++;
  f->capturedAt = now;
  return std::move(*f);
}

Clock::TimePoint ReconnectingCamera::nextDue() const {
  return state_ == CameraState::Disconnected ? nextAttempt_ : clock_.now();
}

}  // namespace bordergate::devices
