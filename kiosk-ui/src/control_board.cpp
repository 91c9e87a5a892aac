// The comprehensive-control board (Law 6458 Art. 6(5)); see control_board.h for the time model.
#include "bordergate/kiosk_ui/control_board.h"

#include <algorithm>
#include <cstdio>

namespace bordergate::kiosk_ui {

Result<void> ControlPolicy::validate() const {
  if (!(amberAt.count() > 0 && amberAt <= redAt && redAt < limit))
    return fail(ErrorCode::InvalidArgument,
                "control warning marks must satisfy 0 < amber <= red < limit (limit is 4 h, Law 6458 Art. 6(5))");
  if (checkpointEvery.count() <= 0)
    return fail(ErrorCode::InvalidArgument, "control checkpoint interval must be positive");
  return {};
}

std::string_view controlMarkName(ControlMark m) {
  switch (m) {
    case ControlMark::Running: return "running";
    case ControlMark::Amber: return "amber";
    case ControlMark::Red: return "red";
    case ControlMark::Overdue: return "overdue";
  }
  return "running";
}

std::string_view controlOutcomeName(ControlOutcome o) {
  switch (o) {
    case ControlOutcome::Admitted: return "admitted";
    case ControlOutcome::Refused: return "refused";
    case ControlOutcome::ProtectionRequested: return "protection_requested";
    case ControlOutcome::ReturnedVoluntarily: return "returned_voluntarily";
    case ControlOutcome::Released: return "released";
  }
  return "released";
}

milliseconds ControlCase::elapsed(MonoTime now) const {
  auto since = std::chrono::duration_cast<milliseconds>(now - anchor);
  if (since.count() < 0) since = milliseconds{0};  // a caller passing an older tick
  return elapsedAtAnchor + since;
}

milliseconds ControlCase::remaining(MonoTime now, const ControlPolicy& p) const {
  return std::max(milliseconds{0}, p.limit - elapsed(now));
}

ControlMark ControlCase::mark(MonoTime now, const ControlPolicy& p) const {
  const auto e = elapsed(now);
  if (e >= p.limit) return ControlMark::Overdue;
  if (e >= p.redAt) return ControlMark::Red;
  if (e >= p.amberAt) return ControlMark::Amber;
  return ControlMark::Running;
}

const ControlCase* ControlBoard::find(const std::string& caseId) const {
  for (const auto& c : cases_)
    if (c.record.caseId == caseId) return &c;
  return nullptr;
}

Result<void> ControlBoard::start(const OpenControlCase& record, MonoTime now) {
  if (find(record.caseId)) return fail(ErrorCode::InvalidArgument, "control case " + record.caseId + " is already open");
  ControlCase c;
  c.record = record;
  c.anchor = now;
  c.elapsedAtAnchor = milliseconds{0};
  cases_.push_back(std::move(c));
  return {};
}

void ControlBoard::restore(const std::vector<OpenControlCase>& open, WallTime wallNow, MonoTime monoNow) {
  cases_.clear();
  for (const auto& r : open) {
    ControlCase c;
    c.record = r;
    auto byWall = std::chrono::duration_cast<milliseconds>(wallNow - r.startedWall);
    // A clock set back since the newest record cannot have been right both then and now; the
    // hold lasted at least until that record (the newest record is at most one checkpoint
    // interval after the last checkpoint, so this also bounds what the checkpoints miss).
    const auto byLastRecord = std::chrono::duration_cast<milliseconds>(r.lastRecordWall - r.startedWall);
    if (r.lastRecordWall > wallNow) c.clockSetBack = std::chrono::duration_cast<milliseconds>(r.lastRecordWall - wallNow);
    c.elapsedAtAnchor = std::max({byWall, r.lastCheckpoint, byLastRecord, milliseconds{0}});
    c.anchor = monoNow;
    c.lastCheckpoint = r.lastCheckpoint;
    // Marks already passed before the restart were journaled then (or are re-journaled now
    // if the crash came first: the journal tolerates a repeated mark).
    c.journaledMark = ControlMark::Running;
    cases_.push_back(std::move(c));
  }
  std::sort(cases_.begin(), cases_.end(),
            [](const ControlCase& a, const ControlCase& b) { return a.record.startedWall < b.record.startedWall; });
}

std::vector<ControlEvent> ControlBoard::advance(MonoTime now) {
  std::vector<ControlEvent> events;
  for (auto& c : cases_) {
    const auto e = c.elapsed(now);
    const auto m = c.mark(now, policy_);
    if (static_cast<int>(m) > static_cast<int>(c.journaledMark)) {
      c.journaledMark = m;
      c.lastCheckpoint = e;
      events.push_back({c.record.caseId, m, e});
    } else if (e - c.lastCheckpoint >= policy_.checkpointEvery) {
      c.lastCheckpoint = e;
      events.push_back({c.record.caseId, ControlMark::Running, e});
    }
  }
  return events;
}

Result<ControlCase> ControlBoard::close(const std::string& caseId) {
  auto it = std::find_if(cases_.begin(), cases_.end(), [&](const ControlCase& c) { return c.record.caseId == caseId; });
  if (it == cases_.end()) return fail(ErrorCode::NotFound, "no open control case " + caseId);
  ControlCase c = *it;
  cases_.erase(it);
  return c;
}

const ControlCase* ControlBoard::firstOverdue(MonoTime now) const {
  const ControlCase* oldest = nullptr;
  for (const auto& c : cases_)
    if (c.mark(now, policy_) == ControlMark::Overdue && (!oldest || c.elapsed(now) > oldest->elapsed(now))) oldest = &c;
  return oldest;
}

std::string formatHms(milliseconds d) {
  long long s = std::max<long long>(0, d.count() / 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

}  // namespace bordergate::kiosk_ui
