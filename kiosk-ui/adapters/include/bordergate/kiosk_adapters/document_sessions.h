// DocumentSessions: which document each frame's read shows, and when that document is
// delivered to the lane (CameraDocumentSource's "Delivery", camera_document_source.h). One
// thread, no clock of its own: the times are the frames' capture times. Public so that tests
// can drive it with reads of any text (siblings' passports, misreads) without images.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bordergate/core/frame.h"
#include "bordergate/kiosk_ui/ports.h"
#include "bordergate/mrz/mrz_record.h"
#include "bordergate/vision/mrz_reader.h"
#include "bordergate/vision/mrz_tracker.h"

namespace bordergate::kiosk_adapters {

struct DocumentSessionOptions {
  std::chrono::milliseconds goneAfter{700};     // CameraDocumentOptions::goneAfter
  std::chrono::milliseconds giveUpAfter{2500};  // CameraDocumentOptions::giveUpAfter
  vision::TrackerOptions tracker;
};

// One document for the lane, once.
struct DocumentDelivery {
  std::vector<std::string> lines;  // the accepted text, or the best read's when given up
  mrz::MrzRecord record;           // valid when accepted; the reader's invalid record when given up
  vision::MrzRead read;            // the read of `frame` (location, quality, hints)
  Frame frame;                     // the frame that completed it (given up: the best read's)
  kiosk_ui::MonoTime placedAt{};   // capture time of the document's first frame with an MRZ
  bool givenUp = false;
};

// Do two texts (MRZ lines) show different documents? Another layout, or more than a quarter
// of the characters different (an OCR misread of one MRZ changes a few characters, another
// document's most of them).
//
// Known limit: a family member's passport (same surname, nationality, issuer, often expiry)
// differs from the first in fewer than a quarter of its characters (two sisters' TD3: 10 of
// 88), so put down without lifting the first away for goneAfter it is taken for the first
// and not delivered. Telling them apart by another checked identity (document number and
// birth date) was tried on 7 Dec 2026 and taken back: three reviews of three versions each
// found read sequences it made worse (a passport delivered again and again beside another
// read in runs, a misread delivered after glare frames, phantom documents given up);
// docs/kiosk-ui.md, "The real adapters".
bool differentDocuments(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Feed it every read in capture order (add) and the time between reads (tick).
//
// - A document starts at its first frame with an MRZ and ends after goneAfter without one, or
//   when a read shows a different document (differentDocuments).
// - It is delivered once: when the tracker accepts it (vision::MrzTracker), or after
//   giveUpAfter with the best read's invalid record, so the officer learns a traveller is
//   waiting with a document the reader cannot accept (record.valid() is false: nothing can
//   admit on it).
// - Two documents in view: a document delivered earlier that shows again less than
//   kTwoInViewFactor x goneAfter (2.1 s) after it was last seen, while another one was read
//   in between and the camera never saw no MRZ for goneAfter, never left the camera; it is not
//   delivered again, and the hint asks for one document ("hint.one_document"). Until 7 Dec
//   2026 the limit was goneAfter: a passport and another document lying side by side, read in
//   runs of 3 frames or more, were delivered again and again (10 times in 6 s; the recorded
//   sequences B2, B3 in tests/kiosk-ui/data/document_sessions_scenarios.txt). The price: a
//   passport put back within 2.1 s of its last frame after another one is not delivered again
//   (B7, B8, B12): lift it away for 700 ms first. The hint goes once the document was read
//   alone for those 2.1 s.
class DocumentSessions {
 public:
  explicit DocumentSessions(DocumentSessionOptions options = {});

  // One read of `frame` (frame.capturedAt is its time). A delivery when this read completes one.
  std::optional<DocumentDelivery> add(const vision::MrzRead& read, const Frame& frame);
  // The timers (removal, give-up) at `now`, for a camera that delivers no new read.
  std::optional<DocumentDelivery> tick(kiosk_ui::MonoTime now);
  // The live hint (translation keys) when add() or tick() changed it since the last call.
  std::optional<std::vector<std::string>> takeHints();
  // A document is in view now (not yet removed).
  bool documentInView() const { return document_.has_value(); }

  // "hold_still" -> "hint.blur" (the vision hint vocabulary: vision/mrz_reader.h); empty if unknown.
  static std::string hintKey(const std::string& visionHint);
  // The hints' translation keys, most specific first, without repeats.
  static std::vector<std::string> hintKeys(const std::vector<std::string>& visionHints);

 private:
  struct Document {
    kiosk_ui::MonoTime placedAt{};  // capture time of the first frame with an MRZ
    kiosk_ui::MonoTime lastSeen{};  // capture time of the newest frame with an MRZ
    bool missed = false;            // a frame without an MRZ was read since lastSeen
    std::vector<std::string> referenceLines;  // the first read's text, or the delivered one
    bool delivered = false;
    bool askedForOne = false;  // the hint asks for one document (two were in view)
    std::optional<vision::MrzRead> best;  // best read so far (for giveUpAfter)
    Frame bestFrame;
  };
  struct Delivered {
    std::vector<std::string> lines;
    kiosk_ui::MonoTime lastSeen{};
  };
  static constexpr std::size_t kRecentDocuments = 4;
  static constexpr int kTwoInViewFactor = 3;  // see "Two documents in view" above

  void setHints(std::vector<std::string> h) { hints_ = std::move(h); }
  DocumentDelivery deliver(std::vector<std::string> lines, mrz::MrzRecord record, const vision::MrzRead& read,
                           const Frame& frame, bool givenUp);

  DocumentSessionOptions options_;
  std::optional<Document> document_;
  std::deque<Delivered> recent_;  // delivered before the current one, newest last
  vision::MrzTracker tracker_;
  std::optional<std::vector<std::string>> hints_;
};

}  // namespace bordergate::kiosk_adapters
