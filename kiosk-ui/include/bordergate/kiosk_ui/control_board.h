// The comprehensive-control board: everyone held under Law 6458 Art. 6(5), each with a
// countdown from four hours, warning marks, and the rule that at four hours a case cannot be
// left open.
//
// Time model (issue 7: "immune to wall-clock jumps while running, survive restarts"):
//  - while the program runs, elapsed time is measured on the MONOTONIC clock from an anchor;
//    a wall-clock step (NTP, operator) changes nothing;
//  - the start of each hold is persisted as wall-clock UTC, and the journal receives periodic
//    checkpoints of the elapsed time;
//  - after a restart (monotonic origin lost) elapsed = max(wall now − persisted start, last
//    journaled checkpoint). The max never under-counts because of a wall clock that was set
//    back while the program was down, by more than one checkpoint interval.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_ui {

using std::chrono::milliseconds;

struct ControlPolicy {
  // Law 6458 Art. 6(5): comprehensive control may keep a person "up to four hours".
  milliseconds limit = std::chrono::hours(4);
  // Warning marks: issue 7 defaults (amber at 3 h, red at 3 h 45 min); configurable.
  milliseconds amberAt = std::chrono::hours(3);
  milliseconds redAt = std::chrono::hours(3) + std::chrono::minutes(45);
  // How often the elapsed time of each open case is checkpointed to the journal. Bounds what
  // a restart with a wall clock set back can lose (see the file comment). Project choice.
  milliseconds checkpointEvery = std::chrono::minutes(5);

  // InvalidArgument unless 0 < amberAt <= redAt < limit and checkpointEvery > 0.
  Result<void> validate() const;
};

enum class ControlMark { Running, Amber, Red, Overdue };
std::string_view controlMarkName(ControlMark m);  // "running", "amber", "red", "overdue"

// How a comprehensive control ended.
enum class ControlOutcome {
  Admitted,             // entry allowed after the control
  Refused,              // entry refused (Art. 7), notice of appeal rights given (Art. 7(2))
  ProtectionRequested,  // an international protection request was recorded (Art. 65)
  ReturnedVoluntarily,  // the person chose to go back without waiting (Art. 6(5))
  Released,             // the four hours ran out: the hold ends (Art. 6(5))
};
std::string_view controlOutcomeName(ControlOutcome o);  // "admitted", "refused", ...

struct ControlCase {
  OpenControlCase record;
  MonoTime anchor{};                 // monotonic time at which elapsedAtAnchor was true
  milliseconds elapsedAtAnchor{0};
  ControlMark journaledMark = ControlMark::Running;  // the highest mark already journaled
  milliseconds lastCheckpoint{0};    // the elapsed time last journaled
  // At restore() the wall clock stood this much before the journal's newest record: it was
  // set back (a board without a real-time clock, a bad time source), so the time held is at
  // least as shown but may be longer by the downtime, which no clock here measured. The
  // screen says so while the case is open.
  milliseconds clockSetBack{0};

  milliseconds elapsed(MonoTime now) const;
  milliseconds remaining(MonoTime now, const ControlPolicy& p) const;  // never negative
  ControlMark mark(MonoTime now, const ControlPolicy& p) const;
};

// Something the journal must hear about: a mark was crossed, or a checkpoint is due.
struct ControlEvent {
  std::string caseId;
  ControlMark mark = ControlMark::Running;  // Running = a plain checkpoint
  milliseconds elapsed{0};
};

class ControlBoard {
 public:
  explicit ControlBoard(ControlPolicy policy = {}) : policy_(policy) {}

  const ControlPolicy& policy() const { return policy_; }
  const std::vector<ControlCase>& cases() const { return cases_; }
  const ControlCase* find(const std::string& caseId) const;

  // Starts a hold at `now` (monotonic); record.startedWall must already be set.
  // InvalidArgument if the case id is already open.
  Result<void> start(const OpenControlCase& record, MonoTime now);

  // Rebuilds the board after a restart from the journal's open cases.
  void restore(const std::vector<OpenControlCase>& open, WallTime wallNow, MonoTime monoNow);

  // Marks crossed and checkpoints due since the last call, in time order per case. The
  // caller journals each one; the board already counts them as journaled.
  std::vector<ControlEvent> advance(MonoTime now);

  // Removes a case. NotFound when it is not open.
  Result<ControlCase> close(const std::string& caseId);

  // The open case that has run out its four hours, if any (the oldest first).
  const ControlCase* firstOverdue(MonoTime now) const;

 private:
  ControlPolicy policy_;
  std::vector<ControlCase> cases_;
};

// "3:59:12" style h:mm:ss of a non-negative duration (negative shows as 0:00:00).
std::string formatHms(milliseconds d);

}  // namespace bordergate::kiosk_ui
