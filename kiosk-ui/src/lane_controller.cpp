// The officer lane state machine; see lane_controller.h.
#include "bordergate/kiosk_ui/lane_controller.h"

#include <algorithm>

#include "bordergate/kiosk_ui/file_journal.h"

namespace bordergate::kiosk_ui {
namespace {

std::string verdictWord(Verdict v) {
  switch (v) {
    case Verdict::Admit: return "ADMIT";
    case Verdict::Refer: return "REFER";
    case Verdict::Refuse: return "REFUSE";
  }
  return "REFER";
}

// The crossing of a person admitted after comprehensive control: the person's fields kept
// from control.start, the case, and the officer who admitted (empty: the signed-in one).
JournalRecord afterControlCrossing(std::vector<std::pair<std::string, std::string>> fields, const std::string& caseId,
                                   const std::string& officer) {
  JournalRecord r{"crossing", "", officer, std::move(fields)};
  r.fields.emplace_back("passage", "after_control");
  r.fields.emplace_back("case", caseId);
  return r;
}

// What an officer who pressed "refuse" on an exit lane reads (LaneConfig::exitLane).
constexpr const char* kNoRefusalOfExit =
    "an exit lane refuses no one: Law 6458 refuses entry (Art. 7), not exit. Clear the traveller for exit, or hold "
    "them for control (refer) and hand them on";

std::string msString(std::chrono::milliseconds d) { return std::to_string(d.count()); }
std::string wallMsString(WallTime t) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

}  // namespace

std::string_view laneStateName(LaneState s) {
  switch (s) {
    case LaneState::Idle: return "idle";
    case LaneState::NoRecommendation: return "no_recommendation";
    case LaneState::Recommendation: return "recommendation";
    case LaneState::GateOpen: return "gate_open";
    case LaneState::RefusalNotice: return "refusal_notice";
    case LaneState::ManualPassage: return "manual_passage";
  }
  return "idle";
}

const std::vector<RefusalGround>& refusalGrounds() {
  static const std::vector<RefusalGround> grounds = {
      {"NO_VALID_DOCUMENT", "Law 6458 Art. 7(1)(a)",
       "No passport, substitute document, visa or permit, or one obtained by fraud or found false"},
      {"DOC_VALIDITY_SHORT", "Law 6458 Art. 7(1)(b)",
       "Passport not valid at least sixty days beyond the visa, exemption or permit"},
      {"ART15_EXCLUDED", "Law 6458 Art. 7(1)(c), Art. 15(1)",
       "Among the foreigners not to be given a visa under Art. 15(1), even if visa-exempt"},
      {"ENTRY_BAN", "Law 6458 Art. 9", "Subject to a ban on entering Turkey"},
  };
  return grounds;
}

std::string personLabel(const mrz::MrzRecord& r) {
  if (r.surname.empty() && r.givenNames.empty()) return "(unreadable name)";
  if (r.givenNames.empty()) return r.surname;
  return r.surname + ", " + r.givenNames;
}

int reasonSeverity(std::string_view code) {
  static const std::vector<std::pair<std::string_view, int>> table = {
      {"ENTRY_BAN", 0},          {"DOC_LOST_STOLEN", 1},      {"PROTECTION_REQUEST", 2}, {"NO_ADMISSION", 3},
      {"ENTRY_BAN_POSSIBLE", 4}, {"MRZ_INVALID", 5},          {"MRZ_UNREADABLE", 5},     {"DOC_EXPIRED", 6},
      {"PASSPORT_VALIDITY", 7},  {"DOC_VALIDITY_SHORT", 7},   {"EXPIRY_UNKNOWN", 7},     {"VISA_MISSING", 8},
      {"VISA_ONLY", 8},          {"STAY_LIMIT", 9},           {"OVERSTAY", 10},          {"AIRPORT_TRANSIT_VISA", 11},
      {"PRIOR_AUTHORIZATION", 12}, {"MINOR", 13},             {"NO_ENTRY_RECORD", 14},   {"REGIME_UNKNOWN", 15},
      {"LIST_STALE", 16},        {"ENTRY_BAN_LIFTED", 30},    {"PERMIT_VALID", 40},      {"VISA_EXEMPT", 40},
      {"VISA_VALID", 40},        {"CITIZEN", 40},             {"DOC_OK", 40},            {"INTERIM_NO_LIST", 40},
  };
  for (const auto& [c, rank] : table)
    if (c == code) return rank;
  return 20;  // unknown: after every known problem, before the reasons that explain an admission
}

void orderMostSevereFirst(std::vector<Reason>& reasons) {
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const Reason& a, const Reason& b) { return reasonSeverity(a.code) < reasonSeverity(b.code); });
}

std::string holdSummary(const OpenControlCase& c) {
  std::string out = c.heldOverRefusal ? "held over REFUSE: " : "";
  for (std::size_t i = 0; i < c.reasons.size(); ++i)
    out += (i ? "; " : "") + c.reasons[i].code + " " + c.reasons[i].article;
  if (c.reasons.empty()) out += "(no reason recorded)";
  return out;
}

LaneController::LaneController(LaneConfig config, LanePorts ports, OfficerDirectory& officers)
    : config_(std::move(config)), ports_(ports), officers_(officers), board_(config_.control) {}

void LaneController::stamp(JournalRecord& r) const {
  r.lane = config_.lane;
  if (officer_ && r.officer.empty()) r.officer = officer_->id;
}

Result<void> LaneController::journal(JournalRecord r) {
  stamp(r);
  auto ok = ports_.journal.append(r, ports_.clock.wall());
  if (!ok) {
    ++journalFailures_;
    return fail(ok.error().code, "not recorded, so not done: " + ok.error().message);
  }
  return {};
}

void LaneController::journalFact(JournalRecord r) { journalFact(std::move(r), ports_.clock.wall()); }

void LaneController::journalFact(JournalRecord r, WallTime at) {
  stamp(r);
  // Behind earlier refused facts, so that they are recorded in the order they happened.
  if (unrecorded_.empty()) {
    auto ok = ports_.journal.append(r, at);
    if (ok) return;
    ++journalFailures_;
    lastError_ = "a " + r.type + " record was not saved (" + ok.error().message + "); it is kept and retried";
    retryDelay_ = kFirstRetryDelay;
    retryAt_ = ports_.clock.monotonic() + retryDelay_;
  }
  unrecorded_.emplace_back(std::move(r), at);
}

void LaneController::retryUnrecorded() {
  // Not on every tick (30 a second): each refused attempt also writes the audit trail's
  // record and its void. After 1 s, then twice as long each time, up to a minute.
  const auto now = ports_.clock.monotonic();
  if (unrecorded_.empty() || now < retryAt_) return;
  while (!unrecorded_.empty()) {
    const auto& [r, at] = unrecorded_.front();
    if (!ports_.journal.append(r, at)) {
      retryDelay_ = std::min(retryDelay_ * 2, kLastRetryDelay);
      retryAt_ = now + retryDelay_;
      return;
    }
    unrecorded_.pop_front();
  }
}

Result<void> LaneController::fail_(Result<void> r) {
  lastError_ = r ? "" : r.error().message;
  return r;
}

Result<void> LaneController::start() {
  if (auto ok = config_.control.validate(); !ok) return ok;
  auto open = ports_.journal.openControlCases();
  if (!open) return tl::unexpected(open.error());
  board_.restore(*open, ports_.clock.wall(), ports_.clock.monotonic());
  lastActivity_ = ports_.clock.monotonic();
  JournalRecord r{"lane.start", "", "", {{"open_control_cases", std::to_string(open->size())}}};
  if (auto ok = journal(r); !ok) return ok;
  // Admitted after control, but the crossing after the close never reached the journal (a
  // crash or a refused write): journaled now, at the time of the admission.
  auto lost = ports_.journal.admittedWithoutCrossing();
  if (!lost) return tl::unexpected(lost.error());
  for (auto& u : *lost) {
    auto crossing = afterControlCrossing(std::move(u.fields), u.caseId, u.officer);
    crossing.fields.emplace_back("recovered", "at_start");
    journalFact(std::move(crossing), u.closedAt);
  }
  return {};
}

Result<void> LaneController::stop() {
  const auto now = ports_.clock.monotonic();
  for (const auto& c : board_.cases())
    if (auto ok = journal({"control.checkpoint", "", "", {{"case", c.record.caseId}, {"elapsed_ms", msString(c.elapsed(now))}}}); !ok)
      return ok;
  return journal({"lane.stop", "", "", {}});
}

void LaneController::tick() {
  const auto now = ports_.clock.monotonic();
  retryUnrecorded();
  if (officer_ && !locked_ && now - lastActivity_ >= config_.autoLockAfter) {
    locked_ = true;
    (void)journal({"officer.auto_lock", "", "", {}});
  }
  while (auto r = ports_.documents.poll(now)) pending_.push_back(std::move(*r));
  liveFrame_ = ports_.documents.liveFrame(now);
  liveHints_ = ports_.documents.liveHints(now);
  if (state_ == LaneState::Idle && !pending_.empty()) {
    read_ = std::move(pending_.front());
    pending_.pop_front();
    auto rec = ports_.decisions.recommend(*read_, Date::fromDays(std::chrono::duration_cast<std::chrono::days>(
                                                      ports_.clock.wall().time_since_epoch()).count()));
    recommendationAt_ = ports_.clock.monotonic();
    JournalRecord jr{"recommendation", "", "", {}};
    jr.fields = {{"document_number", read_->record.documentNumber},
                 {"nationality", read_->record.nationality},
                 {"mrz_valid", read_->record.valid() ? "yes" : "no"}};
    if (rec) {
      recommendation_ = std::move(*rec);
      orderMostSevereFirst(recommendation_->reasons);
      state_ = LaneState::Recommendation;
      jr.fields.emplace_back("verdict", verdictWord(recommendation_->verdict));
      jr.fields.emplace_back("list_version", recommendation_->listVersion);
      appendReasonFields(jr, recommendation_->reasons);
      std::string line = config_.lane + " RECOMMEND " + verdictWord(recommendation_->verdict) + " " +
                         read_->record.nationality + " " + read_->record.documentNumber + " " + personLabel(read_->record);
      for (const auto& reason : recommendation_->reasons) line += " [" + reason.code + " " + reason.article + "]";
      decisionLog_.push_back(line);
    } else {
      recommendationError_ = rec.error().message;
      state_ = LaneState::NoRecommendation;
      jr.fields.emplace_back("error", recommendationError_);
      decisionLog_.push_back(config_.lane + " NO RECOMMENDATION " + read_->record.documentNumber + ": " + recommendationError_);
    }
    (void)journal(jr);
  }
  for (const auto& ev : board_.advance(now)) {
    if (ev.mark == ControlMark::Running)
      journalFact({"control.checkpoint", "", "", {{"case", ev.caseId}, {"elapsed_ms", msString(ev.elapsed)}}});
    else
      journalFact({"control.mark", "", "",
                   {{"case", ev.caseId}, {"mark", std::string(controlMarkName(ev.mark))}, {"elapsed_ms", msString(ev.elapsed)}}});
    if (ev.mark == ControlMark::Overdue)
      decisionLog_.push_back(config_.lane + " CONTROL OVERDUE " + ev.caseId + " (4 h, Law 6458 Art. 6(5)): release or decide");
  }
  gateStatus_ = ports_.gate.status(now);
  if (state_ == LaneState::GateOpen) {
    const auto& gs = gateStatus_;
    const bool passed = gs.passageDetected;
    if (passed || now - gateOpenedAt_ >= config_.gatePassageTimeout) {
      (void)ports_.gate.close();
      (void)ports_.gate.setLight(GateLight::Red);
      JournalRecord jr = passageRecord(passed ? "crossing" : "gate.timeout");
      // The person has walked through (or the gate closed unused): a fact, kept until saved.
      journalFact(std::move(jr));
      resetLane();
    }
  }
}

Result<void> LaneController::signIn(const std::string& officerId, std::string_view pin) {
  auto acc = officers_.verify(officerId, pin, ports_.clock.monotonic());
  if (!acc) {
    (void)journal({"officer.sign_in_failed", "", "", {{"badge", officerId}, {"reason", acc.error().message}}});
    return fail_(tl::unexpected(acc.error()));
  }
  const bool sameOfficer = officer_ && officer_->id == acc->id;
  officer_ = *acc;
  locked_ = false;
  lastActivity_ = ports_.clock.monotonic();
  lastError_.clear();
  return journal({sameOfficer ? "officer.unlock" : "officer.sign_in", "", acc->id, {{"role", std::string(roleName(acc->role))}}});
}

void LaneController::signOut() {
  if (officer_) (void)journal({"officer.sign_out", "", "", {}});
  officer_.reset();
  locked_ = true;
}

void LaneController::lock() {
  if (officer_ && !locked_) (void)journal({"officer.lock", "", "", {}});
  locked_ = true;
}

void LaneController::noteActivity() {
  if (!locked()) lastActivity_ = ports_.clock.monotonic();
}

Result<void> LaneController::requireAction(Permission p, bool blockedByOverdue) {
  if (locked()) return fail(ErrorCode::Busy, "the lane is locked: sign in with your badge number and PIN");
  if (!roleHas(officer_->role, p))
    return fail(ErrorCode::InvalidArgument, "your role (" + std::string(roleName(officer_->role)) + ") may not do this");
  if (blockedByOverdue) {
    if (const auto* c = overdueCase())
      return fail(ErrorCode::Busy, "control case " + c->record.caseId + " (" + c->record.personLabel +
                                       ") has reached four hours (Law 6458 Art. 6(5)): release or decide it first");
  }
  noteActivity();
  return {};
}

JournalRecord LaneController::passageRecord(const std::string& type) const {
  JournalRecord jr{type, "", "", {}};
  if (read_) {
    // What the state database's crossing record (sync/, issue 5) and the 90/180-day count
    // of the next list version need about the person who walked through.
    const auto& m = read_->record;
    const auto birth = m.birthDate.date();
    jr.fields = {{"document_number", m.documentNumber}, {"document_code", m.documentCode},
                 {"issuing_state", m.issuingState},     {"nationality", m.nationality},
                 {"birth_date", birth ? birth->iso() : ""}, {"surname", m.surname},
                 {"given_names", m.givenNames}};
    if (recommendation_) jr.fields.emplace_back("list_version", recommendation_->listVersion);
  } else {
    jr.fields = {{"document_number", ""}};
  }
  return jr;
}

JournalRecord LaneController::decisionRecord(const std::string& decision) const {
  JournalRecord r{"decision", "", "", {{"decision", decision}}};
  if (read_) {
    r.fields.emplace_back("document_number", read_->record.documentNumber);
    r.fields.emplace_back("nationality", read_->record.nationality);
    r.fields.emplace_back("person", personLabel(read_->record));
  }
  r.fields.emplace_back("recommended", recommendation_ ? verdictWord(recommendation_->verdict) : "NONE");
  return r;
}

Result<void> LaneController::admit() {
  if (auto ok = requireAction(Permission::DecideEntry, true); !ok) return fail_(ok);
  if (state_ != LaneState::Recommendation && state_ != LaneState::NoRecommendation)
    return fail_(fail(ErrorCode::InvalidArgument, "no traveller waiting for a decision"));
  const bool againstRefusal = !recommendation_ || recommendation_->verdict == Verdict::Refuse;
  if (againstRefusal && !roleHas(officer_->role, Permission::OverrideRefusal))
    return fail_(fail(ErrorCode::InvalidArgument,
                      recommendation_ ? "admitting against a refusal recommendation needs a supervisor"
                                      : "no recommendation: refer to comprehensive control, or call a supervisor"));
  auto rec = decisionRecord("ADMIT");
  rec.fields.emplace_back("override", (recommendation_ && recommendation_->verdict == Verdict::Admit) ? "no" : "yes");
  if (auto ok = journal(rec); !ok) return fail_(ok);
  decisionLog_.push_back(config_.lane + " DECISION ADMIT " + (read_ ? read_->record.documentNumber : "") + " by " + officer_->id);
  if (auto ok = ports_.gate.open(); !ok) {
    // The decision stands and is journaled once: the lane waits for the officer to say whether
    // the traveller went through by hand (until 7 Dec 2026 it stayed on the recommendation and
    // every further F1 journaled another ADMIT). The board's long error goes to the journal;
    // the status bar shows the gate's health.
    (void)journal({"gate.fault", "", "", {{"error", ok.error().message}}});
    state_ = LaneState::ManualPassage;
    return fail_(fail(ok.error().code, "ADMIT recorded, but the gate did not open: let the traveller through by hand"));
  }
  (void)ports_.gate.setLight(GateLight::Green);
  gateOpenedAt_ = ports_.clock.monotonic();
  state_ = LaneState::GateOpen;
  return fail_({});
}

Result<void> LaneController::refer() {
  if (auto ok = requireAction(Permission::DecideEntry, true); !ok) return fail_(ok);
  if (state_ != LaneState::Recommendation && state_ != LaneState::NoRecommendation)
    return fail_(fail(ErrorCode::InvalidArgument, "no traveller waiting for a decision"));
  OpenControlCase c;
  const auto wall = ports_.clock.wall();
  c.caseId = config_.lane + "-" + wallMsString(wall) + "-" + std::to_string(++caseCounter_);
  c.personLabel = personLabel(read_->record);
  c.documentNumber = read_->record.documentNumber;
  c.nationality = read_->record.nationality;
  c.startedWall = wall;
  if (recommendation_) c.reasons = recommendation_->reasons;
  if (c.reasons.empty()) c.reasons.push_back({"OFFICER_REFERRAL", "Law 6458 Art. 6(5)", "referred by the officer"});
  c.heldOverRefusal = recommendation_ && recommendation_->verdict == Verdict::Refuse;
  c.crossingFields = passageRecord("crossing").fields;
  auto rec = decisionRecord("REFER");
  rec.fields.emplace_back("case", c.caseId);
  if (auto ok = journal(rec); !ok) return fail_(ok);
  JournalRecord start{"control.start", "", "",
                      {{"case", c.caseId}, {"person", c.personLabel}, {"document_number", c.documentNumber},
                       {"nationality", c.nationality}, {"started_ms", wallMsString(wall)},
                       {"recommended", recommendation_ ? verdictWord(recommendation_->verdict) : "NONE"}}};
  for (const auto& [k, v] : c.crossingFields)
    if (!start.field(k)) start.fields.emplace_back(k, v);  // the rest of the crossing's fields
  appendReasonFields(start, c.reasons);
  if (auto ok = journal(start); !ok) return fail_(ok);
  (void)board_.start(c, ports_.clock.monotonic());
  decisionLog_.push_back(config_.lane + " DECISION REFER " + c.documentNumber + " -> comprehensive control " + c.caseId +
                         " (4 h limit, Law 6458 Art. 6(5)) by " + officer_->id);
  resetLane();
  return fail_({});
}

Result<void> LaneController::refuse(const std::string& groundCode) {
  if (auto ok = requireAction(Permission::DecideEntry, true); !ok) return fail_(ok);
  if (config_.exitLane) return fail_(fail(ErrorCode::InvalidArgument, kNoRefusalOfExit));
  if (state_ != LaneState::Recommendation && state_ != LaneState::NoRecommendation)
    return fail_(fail(ErrorCode::InvalidArgument, "no traveller waiting for a decision"));
  const auto& grounds = refusalGrounds();
  auto g = std::find_if(grounds.begin(), grounds.end(), [&](const RefusalGround& x) { return x.code == groundCode; });
  if (g == grounds.end()) return fail_(fail(ErrorCode::InvalidArgument, "unknown ground of refusal " + groundCode));
  auto rec = decisionRecord("REFUSE");
  rec.fields.emplace_back("ground", g->code);
  rec.fields.emplace_back("article", g->article);
  if (auto ok = journal(rec); !ok) return fail_(ok);
  (void)ports_.gate.setLight(GateLight::Red);
  notice_ = RefusalNotice{*g, personLabel(read_->record), read_->record.documentNumber};
  decisionLog_.push_back(config_.lane + " DECISION REFUSE " + read_->record.documentNumber + " " + g->code + " (" +
                         g->article + ") by " + officer_->id);
  state_ = LaneState::RefusalNotice;
  return fail_({});
}

Result<void> LaneController::acknowledgeNotice() {
  if (auto ok = requireAction(Permission::DecideEntry, false); !ok) return fail_(ok);
  if (!notice_) return fail_(fail(ErrorCode::InvalidArgument, "no refusal notice is open"));
  if (auto ok = journal({"notice.given", "", "",
                         {{"document_number", notice_->documentNumber}, {"ground", notice_->ground.code},
                          {"article", "Law 6458 Art. 7(2)"}}});
      !ok)
    return fail_(ok);
  if (state_ == LaneState::RefusalNotice)
    resetLane();
  else
    notice_.reset();  // a notice from a control case, shown over the lane
  return fail_({});
}

Result<void> LaneController::confirmManualPassage(bool passed) {
  if (auto ok = requireAction(Permission::DecideEntry, false); !ok) return fail_(ok);
  if (state_ != LaneState::ManualPassage)
    return fail_(fail(ErrorCode::InvalidArgument, "no admitted traveller is waiting to be let through by hand"));
  auto r = passageRecord(passed ? "crossing" : "passage.none");
  r.fields.emplace_back("passage", passed ? "manual" : "none");
  if (passed) {
    // A person walked through: a fact, kept and retried if the journal refuses it now.
    journalFact(std::move(r));
  } else if (auto ok = journal(std::move(r)); !ok) {
    return fail_(ok);
  }
  decisionLog_.push_back(config_.lane + (passed ? " PASSAGE BY HAND " : " NO PASSAGE ") +
                         (read_ ? read_->record.documentNumber : "") + " by " + officer_->id);
  resetLane();
  return fail_({});
}

Result<void> LaneController::recordProtectionRequest(const std::optional<std::string>& caseId) {
  // Never blocked by an overdue case or a recommendation (Law 6458 Art. 8(1), Art. 65).
  if (auto ok = requireAction(Permission::RecordProtection, false); !ok) return fail_(ok);
  if (caseId) {
    const auto* c = board_.find(*caseId);
    if (!c) return fail_(fail(ErrorCode::NotFound, "no open control case " + *caseId));
    const auto elapsed = c->elapsed(ports_.clock.monotonic());
    if (auto ok = journal({"protection.request", "", "",
                           {{"case", *caseId}, {"document_number", c->record.documentNumber}, {"article", "Law 6458 Art. 65"}}});
        !ok)
      return fail_(ok);
    if (auto ok = journal({"control.close", "", "",
                           {{"case", *caseId}, {"outcome", "protection_requested"}, {"elapsed_ms", msString(elapsed)}}});
        !ok)
      return fail_(ok);
    decisionLog_.push_back(config_.lane + " PROTECTION REQUEST " + c->record.documentNumber + " (Law 6458 Art. 65) case " + *caseId);
    (void)board_.close(*caseId);
    return fail_({});
  }
  if (notice_ && !(state_ == LaneState::RefusalNotice && read_)) {
    // The Art. 7(2) notice of a refusal after comprehensive control offers F4: the request is
    // the refused person's (the case is closed), not the traveller's at the lane, if any.
    // Until 7 Dec 2026 it asked for a traveller at the lane and did nothing.
    if (auto ok = journal({"protection.request", "", "",
                           {{"document_number", notice_->documentNumber}, {"person", notice_->person},
                            {"refusal_ground", notice_->ground.code}, {"article", "Law 6458 Art. 65"}}});
        !ok)
      return fail_(ok);
    decisionLog_.push_back(config_.lane + " PROTECTION REQUEST " + notice_->documentNumber +
                           " (Law 6458 Art. 65) after a control refusal by " + officer_->id);
    if (state_ == LaneState::RefusalNotice)
      resetLane();
    else
      notice_.reset();  // the traveller at the lane stays
    return fail_({});
  }
  if (!read_) return fail_(fail(ErrorCode::InvalidArgument, "no traveller at the lane; choose the held person on the board"));
  auto rec = decisionRecord("PROTECTION_REQUEST");
  rec.fields.emplace_back("article", "Law 6458 Art. 65");
  rec.type = "protection.request";
  if (auto ok = journal(rec); !ok) return fail_(ok);
  decisionLog_.push_back(config_.lane + " PROTECTION REQUEST " + read_->record.documentNumber + " (Law 6458 Art. 65) by " + officer_->id);
  resetLane();
  return fail_({});
}

Result<void> LaneController::closeControl(const std::string& caseId, ControlOutcome outcome, const std::string& groundCode) {
  if (outcome == ControlOutcome::ProtectionRequested) return recordProtectionRequest(caseId);
  if (outcome == ControlOutcome::ReturnedVoluntarily) return markReturned(caseId);
  if (auto ok = requireAction(Permission::ManageControl, false); !ok) return fail_(ok);
  const auto* c = board_.find(caseId);
  if (!c) return fail_(fail(ErrorCode::NotFound, "no open control case " + caseId));
  // The same authority as admit() at the lane: referring first must not be a way round the
  // supervisor (review 7 Dec 2026: badge 1001 admitted an entry-ban REFUSE by F2 then F6).
  const bool overRefusal = outcome == ControlOutcome::Admitted && c->record.heldOverRefusal;
  if (overRefusal && !roleHas(officer_->role, Permission::OverrideRefusal))
    return fail_(fail(ErrorCode::InvalidArgument,
                      "held over a REFUSE recommendation" +
                          (c->record.reasons.empty() ? std::string()
                                                     : " (" + c->record.reasons.front().code + " " + c->record.reasons.front().article + ")") +
                          ": admitting needs a supervisor, as at the lane"));
  JournalRecord r{"control.close", "", "",
                  {{"case", caseId}, {"outcome", std::string(controlOutcomeName(outcome))},
                   {"elapsed_ms", msString(c->elapsed(ports_.clock.monotonic()))}}};
  if (outcome == ControlOutcome::Admitted) {
    r.fields.emplace_back("override", overRefusal ? "yes" : "no");
    r.fields.emplace_back("crossing", "follows");  // EventJournal::admittedWithoutCrossing
  }
  if (outcome == ControlOutcome::Refused) {
    if (config_.exitLane) return fail_(fail(ErrorCode::InvalidArgument, kNoRefusalOfExit));
    const auto& grounds = refusalGrounds();
    auto g = std::find_if(grounds.begin(), grounds.end(), [&](const RefusalGround& x) { return x.code == groundCode; });
    if (g == grounds.end()) return fail_(fail(ErrorCode::InvalidArgument, "choose a ground of refusal"));
    r.fields.emplace_back("ground", g->code);
    r.fields.emplace_back("article", g->article);
    notice_ = RefusalNotice{*g, c->record.personLabel, c->record.documentNumber};
  }
  if (auto ok = journal(r); !ok) return fail_(ok);
  if (outcome == ControlOutcome::Admitted) {
    // Admitted after control: the person crosses now (enters, or leaves on an exit lane). Until
    // 8 Dec 2026 no crossing was recorded, so the stay was missing from the 90/180-day count
    // and the exit found no entry. A fact, kept and retried if the journal refuses it now.
    // crossingFields always hold document_number and nationality: refer() takes them from the
    // read, and every control.start (before 8 Dec 2026 too) carries both.
    journalFact(afterControlCrossing(c->record.crossingFields, caseId, ""));
  }
  decisionLog_.push_back(config_.lane + " CONTROL " + std::string(controlOutcomeName(outcome)) + " " + c->record.documentNumber +
                         " after " + formatHms(c->elapsed(ports_.clock.monotonic())) + " case " + caseId);
  (void)board_.close(caseId);
  // A refusal after control also needs its Art. 7(2) notice handed over; show it when the
  // lane itself is free, otherwise the board keeps the notice until acknowledged.
  if (outcome == ControlOutcome::Refused && state_ == LaneState::Idle) state_ = LaneState::RefusalNotice;
  return fail_({});
}

Result<void> LaneController::markReturned(const std::string& caseId) {
  if (auto ok = requireAction(Permission::ManageControl, false); !ok) return fail_(ok);
  // Art. 6(5)'s return is of a person held at entry; a person held on an exit lane who then
  // leaves crosses: F6 (clear for exit) records that exit, this would not.
  if (config_.exitLane)
    return fail_(fail(ErrorCode::InvalidArgument,
                      "on an exit lane a held person who leaves is cleared for exit (F6): that records the exit"));
  const auto* c = board_.find(caseId);
  if (!c) return fail_(fail(ErrorCode::NotFound, "no open control case " + caseId));
  const auto elapsed = c->elapsed(ports_.clock.monotonic());
  if (auto ok = journal({"control.close", "", "",
                         {{"case", caseId}, {"outcome", "returned_voluntarily"}, {"elapsed_ms", msString(elapsed)},
                          {"article", "Law 6458 Art. 6(5)"}}});
      !ok)
    return fail_(ok);
  decisionLog_.push_back(config_.lane + " CONTROL returned_voluntarily " + c->record.documentNumber + " after " +
                         formatHms(elapsed) + " (Law 6458 Art. 6(5)) case " + caseId);
  (void)board_.close(caseId);
  return fail_({});
}

LaneStatus LaneController::status() const {
  return ports_.status ? ports_.status->status(ports_.clock.monotonic()) : LaneStatus{};
}

std::vector<std::string> LaneController::takeDecisionLog() {
  std::vector<std::string> out;
  out.swap(decisionLog_);
  return out;
}

void LaneController::resetLane() {
  read_.reset();
  recommendation_.reset();
  recommendationError_.clear();
  recommendationAt_.reset();
  notice_.reset();
  state_ = LaneState::Idle;
}

}  // namespace bordergate::kiosk_ui
