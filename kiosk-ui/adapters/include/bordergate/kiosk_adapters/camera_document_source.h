// CameraDocumentSource: the real DocumentSource port — a devices/ camera (folder replay for
// the demo, V4L2 on the kiosk) feeding the vision/ MRZ reader and tracker on worker threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/date.h"
#include "bordergate/core/result.h"
#include "bordergate/devices/camera.h"
#include "bordergate/kiosk_ui/ports.h"
#include "bordergate/vision/mrz_reader.h"
#include "bordergate/vision/mrz_tracker.h"

namespace bordergate::kiosk_adapters {

struct CameraDocumentOptions {
  // "camera 0", "replay images/camera-easy": shown as DocumentRead::sourceLabel.
  std::string label = "camera";
  // A document counts as removed once frames without an MRZ were read for this long. 700 ms:
  // at ~150-200 ms per OCR read (README vision figures) that is 3-4 reads in a row, so one
  // frame lost to a hand or a reflection does not deliver the same document twice.
  std::chrono::milliseconds goneAfter{700};
  // A document that is seen but not accepted by the tracker within this time is delivered
  // anyway, with the reader's INVALID record (its errors say why: check digits, uncertain
  // read), so that the officer learns a traveller is waiting with an unreadable document.
  // It can never be admitted on that record (record.valid() is false). 2.5 s: about 12
  // reads at ~200 ms (project choice; the issue 7 target for a good read is 1 s median).
  std::chrono::milliseconds giveUpAfter{2500};
  // Cameras slower than a live stream (a folder replay holding each image for seconds) are
  // republished at this rate with the same pixels, so the UI sees (and uploads) a live
  // 30 fps stream as from the kiosk's document camera. 0 = publish camera frames only.
  // Republished frames are never fed to the tracker again (see MrzTracker: the same still
  // image read twice is not two observations).
  double republishFps = 0;
  vision::ReaderOptions reader;
  vision::TrackerOptions tracker;
};

// Counters for tests, the status bar and the benchmark (a snapshot).
struct CameraDocumentStats {
  std::uint64_t framesCaptured = 0;   // distinct captures from the camera
  std::uint64_t framesRead = 0;       // captures the OCR worker read (it skips stale ones)
  std::uint64_t documentsDelivered = 0;
  std::uint64_t documentsGivenUp = 0; // delivered with an invalid record after giveUpAfter
  double lastReadMs = 0;              // wall time of the last MrzReader::read
};

// Threads: a capture thread polls the camera (never waits on OCR), an OCR thread reads the
// newest distinct capture with its own MrzReader and runs the tracker. poll(), liveFrame(),
// liveHints(), documentInView(), health() and stats() are for the UI thread: they only take a
// mutex for a few copies (a Frame copy shares its pixels) and never wait for the camera or the
// OCR.
//
// Delivery: once per document, as DocumentSessions decides (document_sessions.h): when the
// tracker accepts it (record valid), or after giveUpAfter with the invalid record.
// placedAt = capture time of the first frame in which an MRZ was found for this document. A
// document is "new" after goneAfter of frames without an MRZ, or when a read shows a clearly
// different MRZ (other layout, or more than a quarter of its characters differ: a misread
// changes a few characters, a different document most; a family member's passport differs
// less, the known limit in document_sessions.h). Two documents in view: a document delivered
// earlier that shows again less than 3 x goneAfter after it was last seen never left the
// camera, while another one was read in between; it is not delivered again, and the hint asks
// for one document ("hint.one_document"). Before, two passports side by side, read by turns
// or in runs, were delivered A, B, A, B... (8 in 4 s, a review).
class CameraDocumentSource final : public kiosk_ui::DocumentSource {
 public:
  // Opens the camera and starts the threads. `clock` is the camera's clock (borrowed, must
  // outlive this object and be thread-safe: SteadyClock). Fails with the camera's error
  // (NotFound/InvalidData for a bad replay folder) or the reader's (missing OCR model).
  // A V4L2 camera that is absent at start is not an error: it reconnects (health says so).
  static Result<std::unique_ptr<CameraDocumentSource>> start(std::unique_ptr<devices::CameraSource> camera,
                                                             CameraDocumentOptions options = {});
  ~CameraDocumentSource() override;  // stops and joins both threads
  CameraDocumentSource(const CameraDocumentSource&) = delete;
  CameraDocumentSource& operator=(const CameraDocumentSource&) = delete;

  std::optional<kiosk_ui::DocumentRead> poll(kiosk_ui::MonoTime now) override;
  std::optional<Frame> liveFrame(kiosk_ui::MonoTime now) override;
  std::vector<std::string> liveHints(kiosk_ui::MonoTime now) override;
  bool documentInView(kiosk_ui::MonoTime now) override;

  // For the status bar: "camera ok (<camera>)", "camera DISCONNECTED (<why>); reconnecting ...".
  std::string health() const;
  bool healthy() const;
  CameraDocumentStats stats() const;
  // Wall time of each MrzReader::read so far (the newest 2000), in ms: for the benchmark.
  std::vector<double> readTimesMs() const;

  // The translation key for a vision hint ("hold_still" -> "hint.blur"); empty if unknown.
  static std::string hintKey(const std::string& visionHint);

 private:
  struct State;
  explicit CameraDocumentSource(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

// Where the portrait (ICAO 9303 zone V) should be, from the MRZ glyph box of a document lying
// square to the camera: TD3 / MRV-A (9303-4, 9303-7: 125 x 88 mm book page, 44 characters at
// 2.54 mm pitch, portrait up to 35 x 45 mm at the left, above the MRZ zone of 23.2 mm) and
// TD2 / MRV-B (9303-6, 9303-7: 36 characters, portrait up to 30 x 40 mm). An ESTIMATE from
// nominal layouts (national designs vary), for the officer's crop beside the camera view; it
// is never used to decide anything. nullopt for TD1 (its MRZ is on the back, the portrait on
// the front), for a box not square to the frame (its aspect ratio says the document is
// rotated), or when the area would fall mostly outside the frame. `upsideDown`: the MRZ was
// read at 180 degrees, so the portrait is below and to the right of it.
std::optional<kiosk_ui::PixelRect> estimatePortraitArea(mrz::Format format, const kiosk_ui::PixelRect& mrzGlyphBox,
                                                        bool upsideDown, int frameWidth, int frameHeight);

// A camera that replays several folders one after another (each in file-name order), then
// loops: the demo's camera over images/camera-easy and images/scan-clean. Each image is one
// capture, held for 1/fps seconds. Events and errors are those of the folder replays.
std::unique_ptr<devices::CameraSource> makeFolderSequenceCamera(std::vector<std::filesystem::path> folders, double fps,
                                                                const devices::Clock& clock);

}  // namespace bordergate::kiosk_adapters
