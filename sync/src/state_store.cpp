// StateStore: records + outbox in one SQLite transaction, acknowledgement and retention.
#include "bordergate/sync/state_store.h"

#include <map>

#include "crypto.h"
#include "sqlite_db.h"

namespace bordergate::sync {
using namespace detail;
using nlohmann::json;

namespace {
const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS kiosk_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  acked_at TEXT);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(seq) WHERE acked_at IS NULL;
CREATE TABLE IF NOT EXISTS crossings(
  event_id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL, lane TEXT, direction TEXT, document_type TEXT,
  issuing_state TEXT, document_number TEXT, nationality TEXT, birth_date TEXT, surname TEXT, given_names TEXT,
  list_version INTEGER);
CREATE INDEX IF NOT EXISTS crossings_document ON crossings(document_number, nationality);
CREATE TABLE IF NOT EXISTS decisions(
  event_id TEXT PRIMARY KEY, crossing_id TEXT, occurred_at TEXT NOT NULL, outcome TEXT NOT NULL,
  reason_codes TEXT NOT NULL, list_version INTEGER);
CREATE TABLE IF NOT EXISTS officer_actions(
  event_id TEXT PRIMARY KEY, crossing_id TEXT, occurred_at TEXT NOT NULL, officer_id TEXT NOT NULL,
  action TEXT NOT NULL, note TEXT);
CREATE TABLE IF NOT EXISTS timer_events(
  event_id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL, lane TEXT, timer TEXT NOT NULL, event TEXT NOT NULL,
  elapsed_ms INTEGER);
CREATE TABLE IF NOT EXISTS audit(
  event_id TEXT PRIMARY KEY, kind TEXT NOT NULL, occurred_at TEXT NOT NULL, payload_sha256 TEXT NOT NULL,
  acked_at TEXT, purged_at TEXT);
)SQL";

std::string nowIso() { return formatIsoUtc(Clock::now()); }

// Adds the event's details to the outbox payload (state_store.h: omitted when empty).
json withDetails(json payload, const EventDetails& details) {
  if (details.empty()) return payload;
  json d = json::object();
  for (const auto& [k, v] : details) d[k] = v;
  payload["details"] = d;
  return payload;
}
}  // namespace

struct StateStore::Impl {
  SqliteDb db;
  std::string kioskId;
  std::map<std::string, Statement> cache;  // prepared once per connection (record is hot)

  Result<Statement*> stmt(const std::string& sql) {
    auto it = cache.find(sql);
    if (it == cache.end()) {
      auto st = db.prepare(sql);
      if (!st) return tl::unexpected(st.error());
      it = cache.emplace(sql, std::move(*st)).first;
    }
    it->second.reset();
    return &it->second;
  }

  Result<std::string> record(const std::string& kind, const std::string& occurredAtIn, const std::string& table,
                             const std::vector<std::string>& columns, const std::vector<json>& values, json payload) {
    const std::string id = uuidV7();
    const std::string occurredAt = occurredAtIn.empty() ? nowIso() : occurredAtIn;
    if (!parseIsoUtc(occurredAt)) return fail(ErrorCode::InvalidArgument, "occurred_at '" + occurredAt + "' is not ISO 8601 UTC");
    payload["event_id"] = id;
    payload["kiosk_id"] = kioskId;
    payload["kind"] = kind;
    payload["occurred_at"] = occurredAt;
    auto text = canonicalJson(payload);
    if (!text) return tl::unexpected(text.error());

    std::string sql = "INSERT INTO " + table + "(event_id, occurred_at";
    std::string qs = "?1, ?2";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += ", " + columns[i];
      qs += ", ?" + std::to_string(i + 3);
    }
    sql += ") VALUES (" + qs + ")";
    if (auto b = db.exec("BEGIN IMMEDIATE"); !b) return tl::unexpected(b.error());
    auto rollback = [&](const Error& e) -> tl::unexpected<Error> {
      (void)db.exec("ROLLBACK");
      return tl::unexpected(e);
    };
    auto st = stmt(sql);
    if (!st) return rollback(st.error());
    (*st)->bind(1, id).bind(2, occurredAt);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int idx = static_cast<int>(i) + 3;
      if (values[i].is_number_integer()) (*st)->bind(idx, values[i].get<std::int64_t>());
      else if (values[i].is_string()) (*st)->bind(idx, values[i].get<std::string>());
      else (*st)->bind(idx, values[i].dump());
    }
    if ((*st)->step() != SQLITE_DONE) return rollback(Error{ErrorCode::Io, "cannot record " + kind + ": " + db.lastError()});
    auto ob = stmt("INSERT INTO outbox(event_id, kind, occurred_at, payload) VALUES (?1, ?2, ?3, ?4)");
    if (!ob) return rollback(ob.error());
    (*ob)->bind(1, id).bind(2, kind).bind(3, occurredAt).bind(4, *text);
    if ((*ob)->step() != SQLITE_DONE) return rollback(Error{ErrorCode::Io, "cannot queue " + kind + " for upload: " + db.lastError()});
    auto au = stmt("INSERT INTO audit(event_id, kind, occurred_at, payload_sha256) VALUES (?1, ?2, ?3, ?4)");
    if (!au) return rollback(au.error());
    (*au)->bind(1, id).bind(2, kind).bind(3, occurredAt).bind(4, sha256Hex(*text));
    if ((*au)->step() != SQLITE_DONE) return rollback(Error{ErrorCode::Io, "cannot write the audit row: " + db.lastError()});
    for (auto& [sqlText, cached] : cache) cached.reset();  // release read locks before COMMIT
    if (auto c = db.exec("COMMIT"); !c) return rollback(c.error());
    return id;
  }
};

StateStore::StateStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateStore::~StateStore() = default;
StateStore::StateStore(StateStore&&) noexcept = default;
StateStore& StateStore::operator=(StateStore&&) noexcept = default;
const std::string& StateStore::kioskId() const { return impl_->kioskId; }

Result<StateStore> StateStore::open(const std::string& path, const StateStoreOptions& options) {
  if (auto s = ensureSodium(); !s) return tl::unexpected(s.error());
  auto db = SqliteDb::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return tl::unexpected(db.error());
  // WAL: the UI keeps recording while an upload reads; FULL: a COMMIT is on disk before the
  // UI is told the event is recorded (SQLite docs, "PRAGMA synchronous").
  if (auto r = db->exec("PRAGMA journal_mode=WAL"); !r) return tl::unexpected(r.error());
  if (auto r = db->exec(options.durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"); !r) return tl::unexpected(r.error());
  if (auto r = db->exec(kSchema); !r) return tl::unexpected(r.error());
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  auto stored = impl->db.queryText("SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'");
  if (!stored) return tl::unexpected(stored.error());
  if (*stored) {
    if (!options.kioskId.empty() && options.kioskId != **stored)
      return fail(ErrorCode::InvalidArgument, path + " belongs to kiosk '" + **stored + "', not '" + options.kioskId + "'");
    impl->kioskId = **stored;
  } else {
    impl->kioskId = options.kioskId.empty() ? "kiosk-" + uuidV7() : options.kioskId;
    auto st = impl->db.prepare("INSERT OR IGNORE INTO kiosk_meta(key, value) VALUES ('kiosk_id', ?1)");
    if (!st) return tl::unexpected(st.error());
    st->bind(1, impl->kioskId);
    if (st->step() != SQLITE_DONE) return fail(ErrorCode::Io, "cannot store the kiosk id: " + impl->db.lastError());
    auto again = impl->db.queryText("SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'");
    if (again && *again) impl->kioskId = **again;
  }
  return StateStore(std::move(impl));
}

Result<std::string> StateStore::recordCrossing(const CrossingRecord& r, const EventDetails& details) {
  if (r.direction != "entry" && r.direction != "exit") return fail(ErrorCode::InvalidArgument, "crossing direction must be 'entry' or 'exit'");
  json p{{"lane", r.lane}, {"direction", r.direction}, {"document_type", r.documentType}, {"issuing_state", r.issuingState},
         {"document_number", r.documentNumber}, {"nationality", r.nationality}, {"birth_date", r.birthDate},
         {"surname", r.surname}, {"given_names", r.givenNames}, {"list_version", r.listVersion}};
  p = withDetails(std::move(p), details);
  return impl_->record("crossing", r.occurredAt, "crossings",
                       {"lane", "direction", "document_type", "issuing_state", "document_number", "nationality", "birth_date", "surname",
                        "given_names", "list_version"},
                       {r.lane, r.direction, r.documentType, r.issuingState, r.documentNumber, r.nationality, r.birthDate, r.surname,
                        r.givenNames, r.listVersion},
                       p);
}

Result<std::string> StateStore::recordDecision(const DecisionRecord& r, const EventDetails& details) {
  if (r.outcome.empty()) return fail(ErrorCode::InvalidArgument, "a decision needs an outcome");
  json reasons = r.reasonCodes;
  json p{{"crossing_id", r.crossingId}, {"outcome", r.outcome}, {"reason_codes", reasons}, {"list_version", r.listVersion}};
  p = withDetails(std::move(p), details);
  return impl_->record("decision", r.occurredAt, "decisions", {"crossing_id", "outcome", "reason_codes", "list_version"},
                       {r.crossingId, r.outcome, reasons.dump(), r.listVersion}, p);
}

Result<std::string> StateStore::recordOfficerAction(const OfficerActionRecord& r, const EventDetails& details) {
  if (r.officerId.empty() || r.action.empty()) return fail(ErrorCode::InvalidArgument, "an officer action needs officer_id and action");
  json p{{"crossing_id", r.crossingId}, {"officer_id", r.officerId}, {"action", r.action}, {"note", r.note}};
  p = withDetails(std::move(p), details);
  return impl_->record("officer_action", r.occurredAt, "officer_actions", {"crossing_id", "officer_id", "action", "note"},
                       {r.crossingId, r.officerId, r.action, r.note}, p);
}

Result<std::string> StateStore::recordTimerEvent(const TimerEventRecord& r, const EventDetails& details) {
  if (r.timer.empty() || r.event.empty()) return fail(ErrorCode::InvalidArgument, "a timer event needs timer and event");
  json p{{"lane", r.lane}, {"timer", r.timer}, {"event", r.event}, {"elapsed_ms", r.elapsedMs}};
  p = withDetails(std::move(p), details);
  return impl_->record("timer_event", r.occurredAt, "timer_events", {"lane", "timer", "event", "elapsed_ms"},
                       {r.lane, r.timer, r.event, r.elapsedMs}, p);
}

Result<std::vector<CrossingRecord>> StateStore::crossingsOf(const std::string& documentNumber, const std::string& nationality,
                                                            std::size_t limit) {
  auto st = impl_->stmt(
      "SELECT occurred_at, lane, direction, document_type, issuing_state, document_number, nationality, birth_date, surname, "
      "given_names, list_version FROM crossings WHERE document_number = ?1 AND nationality = ?2 ORDER BY occurred_at LIMIT ?3");
  if (!st) return tl::unexpected(st.error());
  (*st)->bind(1, documentNumber).bind(2, nationality).bind(3, static_cast<std::int64_t>(limit));
  std::vector<CrossingRecord> out;
  int rc;
  while ((rc = (*st)->step()) == SQLITE_ROW) {
    CrossingRecord c;
    c.occurredAt = (*st)->text(0);
    c.lane = (*st)->text(1);
    c.direction = (*st)->text(2);
    c.documentType = (*st)->text(3);
    c.issuingState = (*st)->text(4);
    c.documentNumber = (*st)->text(5);
    c.nationality = (*st)->text(6);
    c.birthDate = (*st)->text(7);
    c.surname = (*st)->text(8);
    c.givenNames = (*st)->text(9);
    c.listVersion = (*st)->integer(10);
    out.push_back(std::move(c));
  }
  (*st)->reset();  // release the read lock at once
  if (rc != SQLITE_DONE) return fail(ErrorCode::Io, "cannot read the kiosk's crossings: " + impl_->db.lastError());
  return out;
}

Result<std::vector<OutboxEvent>> StateStore::pendingOutbox(std::size_t limit) {
  auto st = impl_->db.prepare("SELECT seq, event_id, kind, occurred_at, payload FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?1");
  if (!st) return tl::unexpected(st.error());
  st->bind(1, static_cast<std::int64_t>(limit));
  std::vector<OutboxEvent> out;
  int rc;
  while ((rc = st->step()) == SQLITE_ROW) out.push_back({st->integer(0), st->text(1), st->text(2), st->text(3), st->text(4)});
  if (rc != SQLITE_DONE) return fail(ErrorCode::Io, "cannot read the outbox: " + impl_->db.lastError());
  return out;
}

Result<std::int64_t> StateStore::pendingCount() {
  auto v = impl_->db.queryText("SELECT count(*) FROM outbox WHERE acked_at IS NULL");
  if (!v) return tl::unexpected(v.error());
  return std::stoll(v->value_or("0"));
}

Result<std::size_t> StateStore::markAcknowledged(const std::vector<std::string>& ids) {
  if (ids.empty()) return std::size_t{0};
  const std::string now = nowIso();
  if (auto b = impl_->db.exec("BEGIN IMMEDIATE"); !b) return tl::unexpected(b.error());
  auto ob = impl_->db.prepare("UPDATE outbox SET acked_at = ?2 WHERE event_id = ?1 AND acked_at IS NULL");
  auto au = impl_->db.prepare("UPDATE audit SET acked_at = ?2 WHERE event_id = ?1 AND acked_at IS NULL");
  if (!ob || !au) {
    (void)impl_->db.exec("ROLLBACK");
    return fail(ErrorCode::Internal, "cannot prepare acknowledgement: " + impl_->db.lastError());
  }
  std::size_t changed = 0;
  for (const auto& id : ids) {
    ob->bind(1, id).bind(2, now);
    au->bind(1, id).bind(2, now);
    if (ob->step() != SQLITE_DONE || au->step() != SQLITE_DONE) {
      (void)impl_->db.exec("ROLLBACK");
      return fail(ErrorCode::Io, "cannot mark events acknowledged: " + impl_->db.lastError());
    }
    changed += static_cast<std::size_t>(sqlite3_changes(impl_->db.handle()));
    ob->reset();
    au->reset();
  }
  if (auto c = impl_->db.exec("COMMIT"); !c) {
    (void)impl_->db.exec("ROLLBACK");
    return tl::unexpected(c.error());
  }
  return changed;
}

Result<std::size_t> StateStore::purgeAcknowledged(TimePoint olderThan) {
  const std::string cutoff = formatIsoUtc(olderThan);
  const std::string now = nowIso();
  if (auto b = impl_->db.exec("BEGIN IMMEDIATE"); !b) return tl::unexpected(b.error());
  const std::string victims = "(SELECT event_id FROM outbox WHERE acked_at IS NOT NULL AND acked_at < '" + cutoff + "')";
  Result<void> r;
  for (const char* t : {"crossings", "decisions", "officer_actions", "timer_events"})
    if (r = impl_->db.exec(std::string("DELETE FROM ") + t + " WHERE event_id IN " + victims); !r) break;
  if (r) r = impl_->db.exec("UPDATE audit SET purged_at = '" + now + "' WHERE event_id IN " + victims);
  std::size_t purged = 0;
  if (r) {
    r = impl_->db.exec("DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < '" + cutoff + "'");
    purged = static_cast<std::size_t>(sqlite3_changes(impl_->db.handle()));
  }
  if (r) r = impl_->db.exec("COMMIT");
  if (!r) {
    (void)impl_->db.exec("ROLLBACK");
    return tl::unexpected(r.error());
  }
  return purged;
}

}  // namespace bordergate::sync
