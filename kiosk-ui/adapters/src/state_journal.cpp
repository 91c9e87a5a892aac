// StateJournal: audit chain first, then the state database + outbox (see state_journal.h).
#include "bordergate/kiosk_adapters/state_journal.h"

#include <algorithm>
#include <cctype>

#include "bordergate/sync/clock.h"

namespace bordergate::kiosk_adapters {
namespace {

using kiosk_ui::JournalRecord;

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string fieldOr(const JournalRecord& r, const std::string& key, const std::string& dflt = "") {
  const auto* v = r.field(key);
  return v ? *v : dflt;
}

// A list version as the lane journals it ("20261101"); 0 when there was none.
std::int64_t versionOf(const JournalRecord& r) {
  const auto* v = r.field("list_version");
  if (!v || v->empty() || !std::isdigit(static_cast<unsigned char>((*v)[0]))) return 0;
  try {
    return std::stoll(*v);
  } catch (const std::exception&) {
    return 0;
  }
}

std::int64_t elapsedOf(const JournalRecord& r) {
  try {
    return std::stoll(fieldOr(r, "elapsed_ms", "0"));
  } catch (const std::exception&) {
    return 0;
  }
}

// Every field of the record, plus type/lane/officer, except those mapped to a column.
sync::EventDetails detailsOf(const JournalRecord& r, std::initializer_list<const char*> mapped = {}) {
  sync::EventDetails d{{"type", r.type}, {"lane", r.lane}};
  if (!r.officer.empty()) d.emplace_back("officer", r.officer);
  for (const auto& [k, v] : r.fields)
    if (std::none_of(mapped.begin(), mapped.end(), [&](const char* m) { return k == m; })) d.emplace_back(k, v);
  return d;
}

std::vector<std::string> reasonCodesOf(const JournalRecord& r) {
  std::vector<std::string> out;
  for (const auto& reason : kiosk_ui::reasonsFromFields(r)) out.push_back(reason.code);
  return out;
}

}  // namespace

std::string stateKindOf(const std::string& type) {
  if (type == "crossing") return "crossing";
  if (type == "recommendation" || type == "traveller.check") return "decision";
  if (startsWith(type, "control.") || type == "gate.timeout" || type == "lane.start" || type == "lane.stop") return "timer_event";
  return "officer_action";
}

StateJournal::StateJournal(StateJournalOptions options, std::unique_ptr<kiosk_ui::FileJournal> audit, sync::StateStore store)
    : options_(std::move(options)), audit_(std::move(audit)), store_(std::move(store)) {}

Result<std::unique_ptr<StateJournal>> StateJournal::open(const StateJournalOptions& options) {
  if (options.direction != "entry" && options.direction != "exit")
    return fail(ErrorCode::InvalidArgument, "the lane's crossings must be 'entry' or 'exit', not '" + options.direction + "'");
  auto audit = kiosk_ui::FileJournal::open(options.auditJournal);
  if (!audit) return tl::unexpected(audit.error());
  std::error_code ec;
  if (options.stateDatabase.has_parent_path()) std::filesystem::create_directories(options.stateDatabase.parent_path(), ec);
  sync::StateStoreOptions so;
  so.kioskId = options.kioskId;
  auto store = sync::StateStore::open(options.stateDatabase.string(), so);
  if (!store)
    return fail(store.error().code, "cannot open the kiosk state database " + options.stateDatabase.string() + ": " +
                                        store.error().message);
  return std::unique_ptr<StateJournal>(new StateJournal(options, std::move(*audit), std::move(*store)));
}

Result<std::string> StateJournal::record(const JournalRecord& r, const std::string& occurredAt) {
  const std::string kind = stateKindOf(r.type);
  if (kind == "crossing") {
    sync::CrossingRecord c;
    c.occurredAt = occurredAt;
    c.lane = r.lane;
    c.direction = options_.direction;
    c.documentType = fieldOr(r, "document_code");
    c.issuingState = fieldOr(r, "issuing_state");
    c.documentNumber = fieldOr(r, "document_number");
    c.nationality = fieldOr(r, "nationality");
    c.birthDate = fieldOr(r, "birth_date");
    c.surname = fieldOr(r, "surname");
    c.givenNames = fieldOr(r, "given_names");
    c.listVersion = versionOf(r);
    return store_.recordCrossing(c, detailsOf(r, {"document_code", "issuing_state", "document_number", "nationality",
                                                  "birth_date", "surname", "given_names"}));
  }
  if (kind == "decision") {
    sync::DecisionRecord d;
    d.occurredAt = occurredAt;
    // The lane decides before anyone crosses, so there is no crossing id to point at yet; the
    // document number in the details links them.
    if (r.type == "traveller.check") d.outcome = fieldOr(r, "outcome", "see_officer");
    else d.outcome = r.field("verdict") ? lower(*r.field("verdict")) : "none";
    d.reasonCodes = reasonCodesOf(r);
    d.listVersion = versionOf(r);
    return store_.recordDecision(d, detailsOf(r));
  }
  if (kind == "timer_event") {
    sync::TimerEventRecord t;
    t.occurredAt = occurredAt;
    t.lane = r.lane;
    t.elapsedMs = elapsedOf(r);
    if (r.type == "gate.timeout") {
      t.timer = "gate_open";
      t.event = "expired";
    } else if (r.type == "lane.start" || r.type == "lane.stop") {
      t.timer = "lane";
      t.event = r.type == "lane.start" ? "start" : "stop";
    } else {
      // Law 6458 Art. 6(5): the four-hour comprehensive-control clock of one case.
      t.timer = "comprehensive_control";
      if (r.type == "control.start") t.event = "start";
      else if (r.type == "control.close") t.event = "stop";
      else if (r.type == "control.mark") t.event = fieldOr(r, "mark", "mark");
      else t.event = r.type.substr(std::string("control.").size());
      if (t.event.empty()) t.event = "event";
    }
    // control.start also keeps the person's crossing fields (birth date, names...) for the
    // crossing an admission makes; the centre gets them with that crossing, not with the timer.
    return store_.recordTimerEvent(t, detailsOf(r, {"elapsed_ms", "document_code", "issuing_state", "birth_date", "surname",
                                                    "given_names", "list_version"}));
  }
  sync::OfficerActionRecord a;
  a.occurredAt = occurredAt;
  a.officerId = !r.officer.empty() ? r.officer : kSystemOfficer;
  a.action = r.type;
  if (r.type == "decision") a.action += "." + lower(fieldOr(r, "decision", "unknown"));
  a.note = fieldOr(r, "error", fieldOr(r, "reason"));
  return store_.recordOfficerAction(a, detailsOf(r));
}

Result<void> StateJournal::append(const JournalRecord& r, kiosk_ui::WallTime at) {
  if (auto ok = audit_->append(r, at); !ok) return ok;
  const std::uint64_t seq = audit_->entries().back().seq;
  auto id = record(r, sync::formatIsoUtc(at));
  if (id) return {};
  ++voided_;
  JournalRecord v{kiosk_ui::kJournalVoidType, r.lane, r.officer,
                  {{"void_seq", std::to_string(seq)}, {"void_type", r.type}, {"error", id.error().message}}};
  auto voided = audit_->append(v, at);
  return fail(id.error().code, "the state database did not record the " + r.type + " (" + id.error().message + ")" +
                                   (voided ? "" : "; the audit trail could not mark it void either (" + voided.error().message + ")") +
                                   " — free disk space or call a technician");
}

Result<std::vector<kiosk_ui::OpenControlCase>> StateJournal::openControlCases() { return audit_->openControlCases(); }
Result<std::vector<kiosk_ui::UnrecordedCrossing>> StateJournal::admittedWithoutCrossing() { return audit_->admittedWithoutCrossing(); }

}  // namespace bordergate::kiosk_adapters
