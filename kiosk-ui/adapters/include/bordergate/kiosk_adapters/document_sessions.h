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

// Do two texts (MRZ lines) show different documents? Another layout; more than a quarter of
// the characters different (an OCR misread of one MRZ changes a few characters, another
// document's most of them); or both texts parse valid (every check digit, real dates) and name
// another document number AND another birth date. The last is for family members' passports
// put down one after the other: same surname, nationality, issuer and often expiry, so fewer
// than a quarter of the characters differ (two sisters' TD3 in the tests: 10 of 88). Such a
// misread is rare: of the 9,554 distinct texts passing every check digit that the reader's
// versions read from the evaluation sets (7 Dec 2026), 6 were misreads changing both fields,
// 3 of them in fewer than a quarter of the characters, 1 of those parsing valid (an Uncertain
// read). One changed field alone is common (0 and O in a document number keep the check digit:
// docs/vision.md, "Thirty-second round"), so it is not enough. Twins (one birth date) therefore
// count as one document: lift the first passport away before placing the second.
bool differentDocuments(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Feed it every read in capture order (add) and the time between reads (tick).
//
// - A document starts at its first frame with an MRZ and ends after goneAfter without one,
//   when a read shows another layout or mostly other characters, or when a candidate (below)
//   is confirmed.
// - It is delivered once: when the tracker accepts it (vision::MrzTracker), or after
//   giveUpAfter with the best read's invalid record, so the officer learns a traveller is
//   waiting with a document the reader cannot accept (record.valid() is false: nothing can
//   admit on it).
// - Once the document in view was delivered, a read of another checked identity (the third
//   case of differentDocuments, against the delivered text) is a candidate, not yet a
//   document: it becomes the next document (placed at its first read) when the next
//   valid-parsing read, within goneAfter, has the same text; a family member's passport put
//   down right after the first is then delivered. Any other valid-parsing text between ends
//   the candidate, so one misread frame of the delivered passport, however often it recurs
//   between reads of the passport's own text, is never a second document. (Two misreads alike
//   in a row are: the same risk as a misread at placing.) Before the document in view is
//   delivered, every read is its own, as before 7 Dec 2026: a Valid read stands alone, another
//   checked text competes in its tracker, and the give-up delivers its best read.
// - Two documents in view: a document delivered earlier that shows again before the camera
//   was clear of MRZs for goneAfter never left; it is not delivered again, and the hint asks
//   for one document ("hint.one_document"). Two passports of one family side by side, read by
//   turns or in runs, are each delivered once (a run of two reads delivers the second).
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
    std::optional<vision::MrzRead> best;  // best read so far (for giveUpAfter)
    Frame bestFrame;
  };
  // Reads of another checked identity than the delivered document's, each within goneAfter
  // of the one before and no other valid-parsing text between them.
  struct Candidate {
    std::vector<std::string> lines;
    kiosk_ui::MonoTime firstSeen{}, lastSeen{};
    std::vector<vision::MrzRead> reads;
  };
  static constexpr std::size_t kRecentDocuments = 4;

  void setHints(std::vector<std::string> h) { hints_ = std::move(h); }
  DocumentDelivery deliver(std::vector<std::string> lines, mrz::MrzRecord record, const vision::MrzRead& read,
                           const Frame& frame, bool givenUp);

  DocumentSessionOptions options_;
  std::optional<Document> document_;
  // Texts of the documents delivered before the current one, newest last, since the camera
  // last saw no MRZ for goneAfter.
  std::deque<std::vector<std::string>> recent_;
  std::optional<Candidate> candidate_;
  std::optional<std::vector<std::string>> previousCandidate_;  // the candidate a read of another text ended
  vision::MrzTracker tracker_;
  std::optional<std::vector<std::string>> hints_;
};

}  // namespace bordergate::kiosk_adapters
