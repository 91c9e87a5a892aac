// CameraDocumentSource: camera capture thread + OCR thread (vision MrzReader, DocumentSessions)
// behind the lane controller's DocumentSource port (see camera_document_source.h).
#include "bordergate/kiosk_adapters/camera_document_source.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "bordergate/kiosk_adapters/document_sessions.h"

namespace bordergate::kiosk_adapters {

using kiosk_ui::DocumentRead;
using kiosk_ui::MonoTime;
using Steady = std::chrono::steady_clock;

std::string CameraDocumentSource::hintKey(const std::string& h) { return DocumentSessions::hintKey(h); }

struct CameraDocumentSource::State {
  CameraDocumentOptions options;
  std::unique_ptr<devices::CameraSource> camera;
  std::unique_ptr<vision::MrzReader> reader;
  std::string describe;

  // --- shared between the threads, guarded by m ---
  mutable std::mutex m;
  std::condition_variable wake;   // stop, or a new capture for the OCR thread
  std::condition_variable paced;  // stop, for the capture thread's sleeps
  bool stop = false;
  std::optional<Frame> live;      // newest published frame (capture or republished)
  std::optional<Frame> capture;   // newest distinct capture not yet read by OCR
  std::deque<DocumentRead> ready;
  std::vector<std::string> hints{"hint.place_document"};
  bool inView = false;  // DocumentSessions::documentInView after the newest read or tick
  std::string health;
  bool healthy = false;
  CameraDocumentStats stats;
  std::deque<double> readTimes;  // newest 2000 read times (ms)

  // --- OCR thread only ---
  DocumentSessions sessions;
  std::uint64_t nextId = 0;

  std::thread captureThread, ocrThread;

  void captureLoop();
  void ocrLoop();
  // Hands a delivery (if any) to the UI thread and publishes changed hints.
  void publish(std::optional<DocumentDelivery> delivery);
};

void CameraDocumentSource::State::captureLoop() {
  const auto period = options.republishFps > 0
                          ? std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(1.0 / options.republishFps))
                          : Steady::duration::zero();
  std::uint64_t sequence = 0;
  std::optional<Frame> last;
  Steady::time_point lastPublished{};
  for (;;) {
    {
      std::lock_guard lk(m);
      if (stop) return;
    }
    // The camera is used only by this thread (CameraSource is single-threaded).
    auto f = camera->poll();
    const auto events = camera->takeEvents();
    const auto camState = camera->state();
    const auto now = Steady::now();
    {
      std::lock_guard lk(m);
      for (const auto& e : events) {
        switch (e.kind) {
          case devices::CameraEvent::Kind::Connected:
            health = "camera ok (" + describe + ")";
            healthy = true;
            break;
          case devices::CameraEvent::Kind::Disconnected:
            health = "camera DISCONNECTED (" + e.detail + "); reconnecting every " +
                     std::to_string(devices::ReconnectingCamera::kReconnectInterval.count()) + " ms";
            healthy = false;
            live.reset();  // never show a stale picture as live
            last.reset();
            break;
          case devices::CameraEvent::Kind::EndOfStream:
            health = "camera ENDED (" + describe + ": no more frames)";
            healthy = false;
            break;
          case devices::CameraEvent::Kind::FrameSkipped:
            health = "camera ok (" + describe + "; skipped an undecodable image: " + e.detail + ")";
            break;
        }
      }
      if (f) {
        f->sequence = ++sequence;  // one sequence for everything published (the UI keys uploads on it)
        if (f->capturedAt == Steady::time_point{}) f->capturedAt = now;
        live = *f;
        capture = *f;
        last = std::move(*f);
        lastPublished = now;
        ++stats.framesCaptured;
        wake.notify_all();
      } else if (period > Steady::duration::zero() && last && camState == devices::CameraState::Streaming &&
                 now - lastPublished >= period) {
        Frame again = *last;  // shares the pixels: no copy
        again.sequence = ++sequence;
        again.capturedAt = now;
        live = std::move(again);
        lastPublished = now;
      }
    }
    // Sleep until the camera's next frame (or reconnect attempt) or the next republish, at
    // most 50 ms so that state changes show promptly; a live camera's poll() already waits.
    auto until = std::min(camera->nextDue(), now + std::chrono::milliseconds(50));
    if (period > Steady::duration::zero() && last) until = std::min(until, lastPublished + period);
    if (until > now) {
      std::unique_lock lk(m);
      paced.wait_until(lk, until, [&] { return stop; });
    }
  }
}

void CameraDocumentSource::State::ocrLoop() {
  for (;;) {
    Frame f;
    {
      std::unique_lock lk(m);
      // Wake at least every 100 ms to run the give-up / removal timers on a still camera.
      wake.wait_for(lk, std::chrono::milliseconds(100), [&] { return stop || capture.has_value(); });
      if (stop) return;
      if (!capture) {
        lk.unlock();
        publish(sessions.tick(Steady::now()));
        continue;
      }
      f = std::move(*capture);
      capture.reset();
    }
    const auto t0 = Steady::now();
    const auto read = reader->read(f);
    const double ms = std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
    {
      std::lock_guard lk(m);
      ++stats.framesRead;
      stats.lastReadMs = ms;
      readTimes.push_back(ms);
      if (readTimes.size() > 2000) readTimes.pop_front();
    }
    publish(sessions.add(read, f));
    publish(sessions.tick(Steady::now()));
  }
}

void CameraDocumentSource::State::publish(std::optional<DocumentDelivery> delivery) {
  std::optional<DocumentRead> out;
  if (delivery) {
    DocumentRead d;
    d.sourceLabel = options.label;
    d.mrzLines = std::move(delivery->lines);
    d.record = std::move(delivery->record);
    const auto& read = delivery->read;
    const Frame& frame = delivery->frame;
    d.qualityHints = DocumentSessions::hintKeys(read.quality.hints);
    if (delivery->givenUp && d.qualityHints.empty()) d.qualityHints.push_back("hint.reposition");
    d.frame = frame;
    if (read.location && frame.width > 0 && frame.height > 0) {
      // The reader's box hugs the glyphs; half a character of margin keeps the outline off the
      // characters on screen (clamped to the frame).
      const int pad = static_cast<int>(read.quality.charHeight * 0.5);
      const int x0 = std::max(0, read.location->x - pad), y0 = std::max(0, read.location->y - pad);
      const int x1 = std::min(frame.width, read.location->x + read.location->width + pad);
      const int y1 = std::min(frame.height, read.location->y + read.location->height + pad);
      if (x1 > x0 && y1 > y0) d.mrzBox = kiosk_ui::PixelRect{x0, y0, x1 - x0, y1 - y0};
    }
    if (read.location && d.record.valid() && d.record.format)
      d.photoBox = estimatePortraitArea(*d.record.format,
                                        {read.location->x, read.location->y, read.location->width, read.location->height},
                                        read.upsideDown, frame.width, frame.height);
    d.placedAt = delivery->placedAt;
    out = std::move(d);
  }
  auto h = sessions.takeHints();
  std::lock_guard lk(m);
  if (h) hints = std::move(*h);
  inView = sessions.documentInView();
  if (out) {
    out->id = ++nextId;
    ++stats.documentsDelivered;
    if (delivery->givenUp) ++stats.documentsGivenUp;
    ready.push_back(std::move(*out));
  }
}

CameraDocumentSource::CameraDocumentSource(std::unique_ptr<State> state) : s_(std::move(state)) {}

Result<std::unique_ptr<CameraDocumentSource>> CameraDocumentSource::start(std::unique_ptr<devices::CameraSource> camera,
                                                                          CameraDocumentOptions options) {
  if (!camera) return fail(ErrorCode::InvalidArgument, "no camera given");
  if (options.republishFps < 0 || options.republishFps > 120)
    return fail(ErrorCode::InvalidArgument, "republish rate must be 0..120 frames per second");
  auto reader = vision::MrzReader::create(options.reader);
  if (!reader) return tl::unexpected(reader.error());
  auto st = std::make_unique<State>();
  st->describe = camera->describe();
  if (auto ok = camera->open(); !ok) {
    // A live camera absent at start keeps retrying (ReconnectingCamera); anything else
    // (a replay folder that does not exist or holds no images) is the caller's to fix.
    if (camera->state() != devices::CameraState::Disconnected) return tl::unexpected(ok.error());
    st->health = "camera DISCONNECTED (" + ok.error().message + "); reconnecting every " +
                 std::to_string(devices::ReconnectingCamera::kReconnectInterval.count()) + " ms";
    st->hints = {"hint.camera_offline"};
  }
  st->options = std::move(options);
  st->sessions = DocumentSessions({st->options.goneAfter, st->options.giveUpAfter, st->options.tracker});
  st->camera = std::move(camera);
  st->reader = std::move(*reader);
  auto* raw = st.get();
  raw->captureThread = std::thread([raw] { raw->captureLoop(); });
  raw->ocrThread = std::thread([raw] { raw->ocrLoop(); });
  return std::unique_ptr<CameraDocumentSource>(new CameraDocumentSource(std::move(st)));
}

CameraDocumentSource::~CameraDocumentSource() {
  {
    std::lock_guard lk(s_->m);
    s_->stop = true;
  }
  s_->wake.notify_all();
  s_->paced.notify_all();
  if (s_->captureThread.joinable()) s_->captureThread.join();
  if (s_->ocrThread.joinable()) s_->ocrThread.join();
}

std::optional<DocumentRead> CameraDocumentSource::poll(MonoTime) {
  std::lock_guard lk(s_->m);
  if (s_->ready.empty()) return std::nullopt;
  auto d = std::move(s_->ready.front());
  s_->ready.pop_front();
  return d;
}

std::optional<Frame> CameraDocumentSource::liveFrame(MonoTime) {
  std::lock_guard lk(s_->m);
  return s_->live;  // shares the pixel buffer
}

std::vector<std::string> CameraDocumentSource::liveHints(MonoTime) {
  std::lock_guard lk(s_->m);
  if (!s_->healthy) return {"hint.camera_offline"};
  return s_->hints;
}

bool CameraDocumentSource::documentInView(MonoTime) {
  std::lock_guard lk(s_->m);
  return s_->inView;
}

std::string CameraDocumentSource::health() const {
  std::lock_guard lk(s_->m);
  return s_->health;
}

bool CameraDocumentSource::healthy() const {
  std::lock_guard lk(s_->m);
  return s_->healthy;
}

CameraDocumentStats CameraDocumentSource::stats() const {
  std::lock_guard lk(s_->m);
  return s_->stats;
}

std::vector<double> CameraDocumentSource::readTimesMs() const {
  std::lock_guard lk(s_->m);
  return {s_->readTimes.begin(), s_->readTimes.end()};
}

// ---------------------------------------------------------------------------------------

namespace {

class FolderSequenceCamera final : public devices::CameraSource {
 public:
  FolderSequenceCamera(std::vector<std::filesystem::path> folders, double fps, const devices::Clock& clock)
      : folders_(std::move(folders)), fps_(fps), clock_(clock) {}

  Result<void> open() override {
    if (folders_.empty()) return fail(ErrorCode::InvalidArgument, "no replay folder given");
    // Open every folder once now, so a wrong path is reported at start, not minutes later.
    for (std::size_t i = 0; i < folders_.size(); ++i) {
      auto cam = devices::makeFolderReplayCamera(folders_[i], fps_, clock_, false);
      if (auto ok = cam->open(); !ok) return ok;
    }
    return switchTo(0);
  }

  std::optional<Frame> poll() override {
    if (!current_) return std::nullopt;
    auto f = current_->poll();
    for (auto& e : current_->takeEvents())
      if (e.kind != devices::CameraEvent::Kind::EndOfStream) events_.push_back(std::move(e));
    if (!f && current_->state() == devices::CameraState::Ended) {
      if (auto ok = switchTo((index_ + 1) % folders_.size()); !ok) {
        events_.push_back({devices::CameraEvent::Kind::Disconnected, ok.error().message, clock_.now()});
        current_.reset();
        return std::nullopt;
      }
      return poll();  // the next folder's first image is due now
    }
    return f;
  }

  devices::Clock::TimePoint nextDue() const override { return current_ ? current_->nextDue() : clock_.now() + std::chrono::seconds(1); }
  devices::CameraState state() const override { return current_ ? current_->state() : devices::CameraState::Closed; }
  std::string describe() const override {
    // Folder names only: this is shown in the status bar (errors name the full paths).
    std::string d = "replay";
    for (std::size_t i = 0; i < folders_.size(); ++i) d += (i ? " + " : " ") + folders_[i].filename().string();
    return d;
  }

 private:
  Result<void> switchTo(std::size_t i) {
    auto cam = devices::makeFolderReplayCamera(folders_[i], fps_, clock_, false);
    if (auto ok = cam->open(); !ok) return ok;
    for (auto& e : cam->takeEvents()) events_.push_back(std::move(e));
    current_ = std::move(cam);
    index_ = i;
    return {};
  }
  std::vector<std::filesystem::path> folders_;
  double fps_;
  const devices::Clock& clock_;
  std::unique_ptr<devices::CameraSource> current_;
  std::size_t index_ = 0;
};

}  // namespace

std::optional<kiosk_ui::PixelRect> estimatePortraitArea(mrz::Format format, const kiosk_ui::PixelRect& box, bool upsideDown,
                                                        int frameWidth, int frameHeight) {
  // Millimetres of the nominal layout (see the header): characters per line, portrait size,
  // portrait left edge relative to the first MRZ character, gap between the portrait's bottom
  // and the top of the MRZ glyphs (the upper MRZ glyphs end ~17 mm above the bottom edge,
  // zone VII is 23.2 mm high, and portraits usually stop a few mm above it: ~8 mm).
  double chars = 0, photoW = 0, photoH = 0;
  switch (format) {
    case mrz::Format::TD3:
    case mrz::Format::MRVA: chars = 44; photoW = 35; photoH = 45; break;
    case mrz::Format::TD2:
    case mrz::Format::MRVB: chars = 36; photoW = 30; photoH = 40; break;
    default: return std::nullopt;
  }
  constexpr double kPitchMm = 2.54, kLineBlockMm = 8.5, kLeftMm = -1.5, kGapMm = 8.0;
  if (box.width <= 0 || box.height <= 0 || frameWidth <= 0 || frameHeight <= 0) return std::nullopt;
  // Two lines square to the frame: width/height near chars*2.54/8.5 (~13 for TD3). A box
  // much less elongated means the document is rotated; no estimate then.
  const double expected = chars * kPitchMm / kLineBlockMm;
  if (static_cast<double>(box.width) / box.height < 0.7 * expected) return std::nullopt;
  const double pxPerMm = box.width / (chars * kPitchMm);
  double x = box.x + kLeftMm * pxPerMm;
  double y = box.y - (kGapMm + photoH) * pxPerMm;
  if (upsideDown) {  // the page turned by 180 degrees about the MRZ box's centre
    x = box.x + box.width - (kLeftMm + photoW) * pxPerMm;
    y = box.y + box.height + kGapMm * pxPerMm;
  }
  const double w = photoW * pxPerMm, h = photoH * pxPerMm;
  const double x0 = std::max(0.0, x), y0 = std::max(0.0, y);
  const double x1 = std::min<double>(frameWidth, x + w), y1 = std::min<double>(frameHeight, y + h);
  if (x1 <= x0 || y1 <= y0 || (x1 - x0) * (y1 - y0) < 0.7 * w * h) return std::nullopt;
  return kiosk_ui::PixelRect{static_cast<int>(x0), static_cast<int>(y0), static_cast<int>(x1 - x0), static_cast<int>(y1 - y0)};
}

std::unique_ptr<devices::CameraSource> makeFolderSequenceCamera(std::vector<std::filesystem::path> folders, double fps,
                                                                const devices::Clock& clock) {
  return std::make_unique<FolderSequenceCamera>(std::move(folders), fps, clock);
}

}  // namespace bordergate::kiosk_adapters
