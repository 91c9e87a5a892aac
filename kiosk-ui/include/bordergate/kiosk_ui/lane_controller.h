// LaneController: the officer lane as a testable state machine. It owns the model the
// officer screen draws (document read, recommendation, control board, notice, status, session)
// and performs every officer action through the ports. No ImGui, no SDL, no SQL.
//
// Lane states:  Idle ─read─► Recommendation ─admit─► GateOpen ─passage/timeout─► Idle
//                              │  (NoRecommendation when the decision service failed)
//                              │    └─gate did not open─► ManualPassage ─confirmManualPassage─► Idle
//                              ├─refer─► Idle  (+ a comprehensive-control case on the board)
//                              ├─refuse(ground)─► RefusalNotice ─acknowledge─► Idle
//                              └─protection request─► Idle (Art. 65, never blocked)
// The session (signed in / locked) is orthogonal: while locked, reads still queue in the
// model but no action is accepted; unlocking returns to the same state.
//
// Contract: every action returns Result<void>; on an Error nothing changed (in particular
// nothing is reported done unless the journal accepted its record). Call tick() once per
// frame; actions may be called between ticks from the UI thread only.
#pragma once

#include <chrono>
#include <deque>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/kiosk_ui/control_board.h"
#include "bordergate/kiosk_ui/officer_auth.h"
#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

// ManualPassage: the admission is journaled but the gate did not open (board offline); the
// officer lets the traveller through by hand and says whether they went through.
enum class LaneState { Idle, NoRecommendation, Recommendation, GateOpen, RefusalNotice, ManualPassage };
std::string_view laneStateName(LaneState s);

// A ground of refusal the officer can choose, with the article it rests on.
struct RefusalGround {
  std::string code;     // stable, journaled
  std::string article;  // e.g. "Law 6458 Art. 7(1)(a)"
  std::string label;    // English label for the officer screen (translated via i18n key "ground.<code>")
};
// The grounds of Law 6458 Art. 7(1)(a)-(c) and an entry ban (Art. 9).
const std::vector<RefusalGround>& refusalGrounds();

struct LaneConfig {
  std::string lane = "DEMO-1";
  ControlPolicy control;
  // Auto-lock after this long without officer input. Project default (no statutory value):
  // two minutes keeps an unattended booth from being used by someone else.
  std::chrono::seconds autoLockAfter{120};
  // The gate closes by itself when nobody walked through in this time (project default).
  std::chrono::seconds gatePassageTimeout{20};
  // An exit lane. Law 6458 refuses entry (Art. 7 and its notice, 7(2); Art. 6(4) checks Art. 7
  // "on entry") and has no refusal of exit: an overstay or a ban found at exit is referred
  // (Art. 9(4), 54(1)(e), (g), (ı); rules/README.md "Exit"), never refused, and a travel ban
  // under other law is a hold for control and a hand-over. So refuse() and a held case's
  // Refused are not offered on an exit lane; admit() clears for exit.
  bool exitLane = false;
};

struct LanePorts {
  DocumentSource& documents;
  DecisionService& decisions;
  GatePort& gate;
  EventJournal& journal;
  const Clock& clock;
  StatusSource* status = nullptr;  // optional
};

// The refusal notice being shown (Law 6458 Art. 7(2)).
struct RefusalNotice {
  RefusalGround ground;
  std::string person;
  std::string documentNumber;
};

class LaneController {
 public:
  LaneController(LaneConfig config, LanePorts ports, OfficerDirectory& officers);

  // Restores the control board from the journal's open cases and journals "lane.start".
  // Call once before the first tick.
  Result<void> start();
  // Journals a checkpoint for each open control case and "lane.stop" (clean shutdown).
  Result<void> stop();

  // Polls the document source, asks for a recommendation, advances control timers (and
  // journals marks and checkpoints), watches the gate, applies the auto-lock.
  void tick();

  // --- session ---
  Result<void> signIn(const std::string& officerId, std::string_view pin);
  void signOut();
  void lock();
  // Any officer input (key, click); postpones the auto-lock.
  void noteActivity();
  bool locked() const { return !officer_ || locked_; }
  const std::optional<OfficerAccount>& officer() const { return officer_; }
  bool can(Permission p) const { return !locked() && roleHas(officer_->role, p); }

  // --- the traveller at the lane ---
  Result<void> admit();
  Result<void> refer();
  Result<void> refuse(const std::string& groundCode);
  Result<void> acknowledgeNotice();  // the notice was handed over; lane returns to Idle
  // In ManualPassage only: the admitted traveller was let through by hand (`passed`: a
  // "crossing" with passage "manual" is journaled) or did not go through ("passage.none").
  // The lane returns to Idle. The admission itself was journaled once, by admit().
  Result<void> confirmManualPassage(bool passed);
  // Records an international protection request (Law 6458 Art. 65) for the traveller at the
  // lane, or for a held case when caseId is given; while the refusal notice of a held person
  // is shown (closeControl Refused), for that person. Never blocked by a recommendation, an
  // entry ban or an overdue control case; only needs a signed-in officer.
  Result<void> recordProtectionRequest(const std::optional<std::string>& caseId = std::nullopt);

  // --- comprehensive control (Art. 6(5)) ---
  // Final decision or release for a held case (Admitted, Refused needs groundCode, Released).
  Result<void> closeControl(const std::string& caseId, ControlOutcome outcome, const std::string& groundCode = "");
  // The person asked to leave and go back (Art. 6(5)): closes the case as ReturnedVoluntarily;
  // the clock stops there (it is never reset or resumed).
  Result<void> markReturned(const std::string& caseId);

  // --- the model the screen draws ---
  LaneState state() const { return state_; }
  const std::optional<DocumentRead>& currentRead() const { return read_; }
  // Its reasons most serious first (orderMostSevereFirst), also in the journal.
  const std::optional<Recommendation>& recommendation() const { return recommendation_; }
  const std::string& recommendationError() const { return recommendationError_; }
  const std::optional<RefusalNotice>& notice() const { return notice_; }
  const ControlBoard& board() const { return board_; }
  // The open case past four hours: while set, the screen must demand release or a decision
  // and lane decisions (other than a protection request) are refused.
  const ControlCase* overdueCase() const { return board_.firstOverdue(ports_.clock.monotonic()); }
  LaneStatus status() const;
  // The newest live camera frame and hints, refreshed by tick().
  const std::optional<Frame>& liveFrame() const { return liveFrame_; }
  const std::vector<std::string>& liveHints() const { return liveHints_; }
  // The gate as last seen by tick().
  const GateStatus& gateStatus() const { return gateStatus_; }
  const LaneConfig& config() const { return config_; }
  // The last action error, for the screen ("" when none).
  const std::string& lastError() const { return lastError_; }
  // Decisions made since the last call, one line each ("ADMIT UTO L898902C3 ..."), for the
  // headless demo's stdout.
  std::vector<std::string> takeDecisionLog();
  // When the current recommendation was first available (monotonic), for the end-to-end
  // benchmark; nullopt when none.
  std::optional<MonoTime> recommendationReadyAt() const { return recommendationAt_; }
  std::size_t journalFailures() const { return journalFailures_; }
  // Records of what has already happened (a passage through the gate, a gate timeout, a
  // control checkpoint or mark) that the journal refused and that are waiting to be appended
  // again: each tick retries them, oldest first, with the time they happened. While any is
  // waiting the screen says so (in memory only: a restart before the retry loses them, and
  // the audit trail keeps the refused record and its void).
  std::size_t unrecordedFacts() const { return unrecorded_.size(); }

 private:
  Result<void> requireAction(Permission p, bool blockedByOverdue);
  // Every record of the lane: its lane, and the signed-in officer unless it names one.
  void stamp(JournalRecord& r) const;
  Result<void> journal(JournalRecord r);
  // journal() for a record of something that has already happened, which cannot be "not
  // done": when the journal refuses it, it waits in `unrecorded_` for the next tick.
  void journalFact(JournalRecord r);
  void journalFact(JournalRecord r, WallTime at);  // a fact of an earlier time `at`
  void retryUnrecorded();
  JournalRecord decisionRecord(const std::string& decision) const;
  // The record of the traveller at the lane passing (or not): `type` "crossing", ...
  JournalRecord passageRecord(const std::string& type) const;
  void resetLane();
  Result<void> fail_(Result<void> r);

  LaneConfig config_;
  LanePorts ports_;
  OfficerDirectory& officers_;
  ControlBoard board_;
  LaneState state_ = LaneState::Idle;
  std::optional<OfficerAccount> officer_;
  bool locked_ = true;
  MonoTime lastActivity_{};
  std::optional<DocumentRead> read_;
  std::optional<Recommendation> recommendation_;
  std::string recommendationError_;
  std::optional<MonoTime> recommendationAt_;
  std::optional<RefusalNotice> notice_;
  MonoTime gateOpenedAt_{};
  std::optional<Frame> liveFrame_;
  std::vector<std::string> liveHints_;
  GateStatus gateStatus_;
  std::deque<DocumentRead> pending_;  // reads that arrived while the lane was busy
  std::string lastError_;
  std::vector<std::string> decisionLog_;
  std::uint64_t caseCounter_ = 0;
  std::size_t journalFailures_ = 0;
  std::deque<std::pair<JournalRecord, WallTime>> unrecorded_;
  static constexpr std::chrono::milliseconds kFirstRetryDelay{1000}, kLastRetryDelay{60000};
  std::chrono::milliseconds retryDelay_ = kFirstRetryDelay;
  MonoTime retryAt_{};
};

// "ERIKSSON, ANNA MARIA" from a record ("(unreadable name)" when both are empty).
std::string personLabel(const mrz::MrzRecord& r);

// How serious a reason is, for the order the officer reads them in: 0 is the most serious.
// An entry ban, then a lost or stolen document, a protection request, no admission, a
// possible ban, an invalid MRZ, an expired document, ... ; codes this table does not know
// come after those, and the reasons that only explain an admission (VISA_EXEMPT, CITIZEN,
// ...) last. Project order (review 7 Dec 2026: a REFUSE showed DOC_EXPIRED in view while
// DOC_LOST_STOLEN and ENTRY_BAN were scrolled out of it).
int reasonSeverity(std::string_view code);
// Sorts most serious first (reasonSeverity); stable, so equal ones keep the engine's order.
void orderMostSevereFirst(std::vector<Reason>& reasons);

// One line for the control board and its messages: why the person is held, every reason with
// its article in the order of the recommendation ("ENTRY_BAN Law 6458 Art. 9; DOC_EXPIRED
// Law 6458 Art. 5(1)"), prefixed "held over REFUSE: " when heldOverRefusal.
std::string holdSummary(const OpenControlCase& c);

}  // namespace bordergate::kiosk_ui
