// INTERIM port implementations, so that the kiosk runs end to end today (demo, tests,
// benchmark) before the real modules are wired in. Each says which module replaces it:
//
//   ReplayDocumentSource       -> devices/ camera (V4L2 or replay pipeline) + vision/ MRZ reader
//   DocumentCheckDecisionService -> rules/ Law 6458 decision engine on the SQLite list
//   SimulatedGate              -> firmware-host/ controller board (or its simulator)
//   InterimStatusSource        -> sync/ (list version/age, outbox) + devices/ health
//   (FileJournal, file_journal.h -> sync/ state database + outbox; kept as the audit trail)
//
// They are honest about what they do: the replay source reads MRZ TEXT files (no OCR is
// involved) and synthesises the camera frames; the decision service checks only the document
// itself (check digits, expiry) and consults no list — it says so in every admit.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

struct ReplayOptions {
  // Time between two documents being "placed" (project default for the demo).
  std::chrono::milliseconds interval{4000};
  // Synthetic live frames: 1280x720 gray, as a 720p document camera (issue 7 benchmark).
  int frameWidth = 1280;
  int frameHeight = 720;
  // Stop after this many documents (0 = cycle forever).
  std::size_t maxDocuments = 0;
  Date today = todayUtc();  // for mrz::parse century resolution
};

class ReplayDocumentSource final : public DocumentSource {
 public:
  // Every *.txt in each directory (sorted by name; README* skipped) is one document: its
  // non-blank lines are the MRZ. NotFound when no directory yields a document.
  static Result<ReplayDocumentSource> fromDirectories(const std::vector<std::filesystem::path>& dirs,
                                                      ReplayOptions options = {});
  // From MRZ texts directly (label, text) — for tests.
  static Result<ReplayDocumentSource> fromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                                ReplayOptions options = {});

  std::optional<DocumentRead> poll(MonoTime now) override;
  std::optional<Frame> liveFrame(MonoTime now) override;
  std::vector<std::string> liveHints(MonoTime now) override;

  std::size_t documentCount() const { return documents_.size(); }
  std::size_t delivered() const { return delivered_; }
  // The next poll() delivers a document immediately (a document "placed" now).
  void placeNow() { placeNow_ = true; }

 private:
  ReplayDocumentSource() = default;
  void buildFrames();
  ReplayOptions options_;
  std::vector<std::pair<std::string, std::vector<std::string>>> documents_;  // label, lines
  std::vector<Frame> frames_;  // a short synthetic loop
  std::optional<MonoTime> start_;
  MonoTime nextAt_{};
  std::size_t delivered_ = 0;
  bool placeNow_ = false;
  PixelRect mrzBox_, photoBox_;
};

// Interim Law 6458 "decision" on the document alone: MRZ unreadable/invalid -> refer
// (Art. 6(5)); a visa read instead of a passport -> refer; expired -> refuse (Art. 7(1)(a));
// fewer than 60 days of validity left -> refer (Art. 7(1)(b)); otherwise admit WITH the
// reason INTERIM_NO_LIST ("no entry-ban list, watchlist or visa regime consulted").
class DocumentCheckDecisionService final : public DecisionService {
 public:
  Result<Recommendation> recommend(const DocumentRead& read, Date today) override;
};

// A gate that opens and closes on command and reports a passage `walkThrough` after opening.
class SimulatedGate final : public GatePort {
 public:
  // `walkThrough`: a traveller needs about 2.5 s to pass an open gate (project estimate).
  explicit SimulatedGate(const Clock& clock, std::chrono::milliseconds walkThrough = std::chrono::milliseconds(2500))
      : clock_(clock), walkThrough_(walkThrough) {}
  Result<void> open() override;
  Result<void> close() override;
  Result<void> setLight(GateLight light) override;
  GateStatus status(MonoTime now) override;
  // Test hooks: make the board appear offline (open() then fails with Io).
  void setOnline(bool online) { online_ = online; }
  int openCount() const { return opens_; }

 private:
  const Clock& clock_;
  std::chrono::milliseconds walkThrough_;
  bool open_ = false, online_ = true;
  std::optional<MonoTime> openedAt_;
  GateLight light_ = GateLight::Red;
  int opens_ = 0;
};

class InterimStatusSource final : public StatusSource {
 public:
  explicit InterimStatusSource(std::string deviceHealth = "camera: replay (interim)") : deviceHealth_(std::move(deviceHealth)) {}
  // `deviceHealth` is asked on every status() (UI thread; must not block); `interimAdapters`
  // lists the ports the app runs on interim implementations, for the status bar.
  InterimStatusSource(std::function<std::string()> deviceHealth, std::vector<std::string> interimAdapters)
      : deviceHealthFn_(std::move(deviceHealth)), interimAdapters_(std::move(interimAdapters)) {}
  LaneStatus status(MonoTime now) override;
  bool devicesHealthy = true;  // LaneStatus::devicesHealthy as given (tests)

 private:
  std::string deviceHealth_;
  std::function<std::string()> deviceHealthFn_;
  std::optional<std::vector<std::string>> interimAdapters_;
};

}  // namespace bordergate::kiosk_ui
