// DocumentSessions: documents from frame reads (see document_sessions.h).
#include "bordergate/kiosk_adapters/document_sessions.h"

#include <algorithm>

namespace bordergate::kiosk_adapters {

namespace {

int rank(const vision::MrzRead& r) { return static_cast<int>(r.status); }

}  // namespace

bool differentDocuments(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return true;
  std::size_t chars = 0, diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return true;
    chars += a[i].size();
    for (std::size_t j = 0; j < a[i].size(); ++j) diff += a[i][j] != b[i][j];
  }
  return diff * 4 > chars;
}

DocumentSessions::DocumentSessions(DocumentSessionOptions options)
    : options_(std::move(options)), tracker_(options_.tracker) {}

std::string DocumentSessions::hintKey(const std::string& h) {
  if (h == "hold_still") return "hint.blur";
  if (h == "avoid_glare") return "hint.glare";
  if (h == "move_closer") return "hint.move_closer";
  if (h == "low_confidence") return "hint.low_confidence";
  return "";
}

std::vector<std::string> DocumentSessions::hintKeys(const std::vector<std::string>& visionHints) {
  std::vector<std::string> out;
  for (const auto& h : visionHints) {
    auto k = hintKey(h);
    if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  }
  return out;
}

std::optional<std::vector<std::string>> DocumentSessions::takeHints() {
  auto h = std::move(hints_);
  hints_.reset();
  return h;
}

std::optional<DocumentDelivery> DocumentSessions::add(const vision::MrzRead& read, const Frame& frame) {
  const kiosk_ui::MonoTime at = frame.capturedAt;
  if (!read.found()) {
    if (document_) document_->missed = true;
    if (!document_) {
      auto h = hintKeys(read.quality.hints);  // glare can be reported without an MRZ
      h.insert(h.begin(), "hint.place_document");
      setHints(std::move(h));
    }
    return std::nullopt;  // removal is decided by tick (goneAfter without an MRZ)
  }
  if (document_ && differentDocuments(document_->referenceLines, read.lines)) {
    if (document_->delivered) {
      recent_.push_back({document_->referenceLines, document_->lastSeen});
      if (recent_.size() > kRecentDocuments) recent_.pop_front();
    }
    document_.reset();
    tracker_.reset();
  }
  if (!document_) {
    document_ = Document{};
    document_->placedAt = at;
    document_->referenceLines = read.lines;
    // A document delivered before, seen again within kTwoInViewFactor x goneAfter of its last
    // frame while another was read in between: both lie in view. Not delivered again.
    for (auto it = recent_.begin(); it != recent_.end(); ++it)
      if (!differentDocuments(it->lines, read.lines) && at - it->lastSeen < kTwoInViewFactor * options_.goneAfter) {
        document_->delivered = true;
        document_->referenceLines = it->lines;
        recent_.erase(it);
        document_->askedForOne = true;
        setHints({"hint.one_document"});
        break;
      }
  }
  Document& doc = *document_;
  doc.lastSeen = at;
  doc.missed = false;
  if (doc.delivered) {
    // Read alone again for as long as a document counts as in view: the other one is gone.
    if (doc.askedForOne && at - doc.placedAt >= kTwoInViewFactor * options_.goneAfter) {
      doc.askedForOne = false;
      setHints({});
    }
    return std::nullopt;
  }
  if (!doc.best || rank(read) >= rank(*doc.best)) {
    doc.best = read;
    doc.bestFrame = frame;
  }
  const auto tracked = tracker_.add(read);
  if (tracked.valid) return deliver(tracked.lines, tracked.record, read, frame, false);
  auto h = hintKeys(read.quality.hints);
  if (read.status == vision::ReadStatus::Unreadable && h.empty()) h.push_back("hint.reposition");
  if (h.empty()) h.push_back("hint.blur");  // Uncertain: another frame is needed, hold still
  setHints(std::move(h));
  return std::nullopt;
}

std::optional<DocumentDelivery> DocumentSessions::tick(kiosk_ui::MonoTime now) {
  if (!document_) return std::nullopt;
  if (document_->missed && now - document_->lastSeen >= options_.goneAfter) {
    // Removed: frames without an MRZ for goneAfter. (A camera that delivers no new frame —
    // a still replay — removes nothing: the document is still where it was.)
    document_.reset();
    tracker_.reset();
    recent_.clear();  // the camera saw no MRZ for goneAfter: nothing from before is in view
    setHints({"hint.place_document"});
    return std::nullopt;
  }
  if (!document_->delivered && now - document_->placedAt >= options_.giveUpAfter && document_->best &&
      document_->best->record.format) {
    // The reader's own record: it carries the errors (check digits, UNCERTAIN_READ), so
    // record.valid() is false and nothing can admit on it.
    const auto best = *document_->best;
    return deliver(best.lines, best.record, best, document_->bestFrame, true);
  }
  return std::nullopt;
}

DocumentDelivery DocumentSessions::deliver(std::vector<std::string> lines, mrz::MrzRecord record,
                                           const vision::MrzRead& read, const Frame& frame, bool givenUp) {
  DocumentDelivery d;
  d.lines = std::move(lines);
  d.record = std::move(record);
  d.read = read;
  d.frame = frame;
  d.placedAt = document_->placedAt;
  d.givenUp = givenUp;
  document_->delivered = true;
  document_->referenceLines = d.lines;
  setHints({});
  return d;
}

}  // namespace bordergate::kiosk_adapters
