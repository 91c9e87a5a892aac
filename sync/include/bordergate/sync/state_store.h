// The kiosk state database: every crossing, decision, officer action and control-timer event,
// each written in the same SQLite transaction as an outbox row with a client-generated
// UUIDv7, so nothing recorded can be lost between the kiosk and the centre (docs/sync.md,
// "Uplink"). Separate from the list file; WAL journal, synchronous=FULL.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bordergate/core/result.h"
#include "bordergate/sync/clock.h"

namespace bordergate::sync {

// occurredAt fields: ISO 8601 UTC; empty means "now".

// Further key/value pairs an application keeps with an event (the kiosk: lane, officer,
// reasons with their articles, ...). They travel in the outbox payload as the JSON object
// "details" (omitted when empty), so they reach the centre's jsonb payload; the local record
// tables have no column for them.
using EventDetails = std::vector<std::pair<std::string, std::string>>;
struct CrossingRecord {
  std::string occurredAt;
  std::string lane;
  std::string direction;  // "entry" or "exit"
  std::string documentType;
  std::string issuingState;
  std::string documentNumber;
  std::string nationality;
  std::string birthDate;  // YYYY-MM-DD
  std::string surname;
  std::string givenNames;
  std::int64_t listVersion = 0;  // the list the decision was taken against
};

struct DecisionRecord {
  std::string crossingId;  // event id returned by recordCrossing
  std::string occurredAt;
  std::string outcome;  // e.g. "admit", "refer", "refuse"
  std::vector<std::string> reasonCodes;  // e.g. {"LIST_STALE"}
  std::int64_t listVersion = 0;
};

struct OfficerActionRecord {
  std::string crossingId;  // may be empty (an action not tied to a traveller)
  std::string occurredAt;
  std::string officerId;
  std::string action;  // e.g. "override_admit", "manual_check"
  std::string note;
};

struct TimerEventRecord {
  std::string occurredAt;
  std::string lane;
  std::string timer;  // e.g. "document_read", "gate_open"
  std::string event;  // "start", "stop", "expired"
  std::int64_t elapsedMs = 0;
};

// One row to upload: the payload is the JSON the centre stores.
struct OutboxEvent {
  std::int64_t seq = 0;
  std::string eventId;  // UUIDv7, unique across all kiosks
  std::string kind;     // crossing | decision | officer_action | timer_event
  std::string occurredAt;
  std::string payload;
};

struct StateStoreOptions {
  // Stored on first open; later opens keep the stored id unless this is non-empty and equal.
  std::string kioskId;
  // synchronous=FULL (true, the production setting: a committed event survives power loss).
  // Benchmarks that simulate many kiosks may pass false (synchronous=NORMAL).
  bool durable = true;
};

// One connection; not thread-safe (one StateStore per thread). Several processes may open
// the same file (SQLite WAL locking): the UI records while `bordergate upload` drains.
class StateStore {
 public:
  // Creates the file and schema if missing. InvalidArgument if options.kioskId disagrees
  // with the id stored in the file.
  static Result<StateStore> open(const std::string& path, const StateStoreOptions& options = {});
  ~StateStore();
  StateStore(StateStore&&) noexcept;
  StateStore& operator=(StateStore&&) noexcept;

  const std::string& kioskId() const;

  // Each returns the new event id; the record and its outbox row commit together or not at all.
  // `details`: see EventDetails.
  Result<std::string> recordCrossing(const CrossingRecord& r, const EventDetails& details = {});
  Result<std::string> recordDecision(const DecisionRecord& r, const EventDetails& details = {});
  Result<std::string> recordOfficerAction(const OfficerActionRecord& r, const EventDetails& details = {});
  Result<std::string> recordTimerEvent(const TimerEventRecord& r, const EventDetails& details = {});

  // The crossings this kiosk recorded for one document (document number and nationality as
  // recorded), oldest first, at most `limit` — for the rules engine's own-crossings input
  // (90/180-day count before the centre's next list carries them). Rows purged after their
  // retention period are gone; by then the list has them.
  Result<std::vector<CrossingRecord>> crossingsOf(const std::string& documentNumber, const std::string& nationality,
                                                  std::size_t limit = 1000);

  // Oldest unacknowledged outbox rows first, at most `limit`.
  Result<std::vector<OutboxEvent>> pendingOutbox(std::size_t limit);
  Result<std::int64_t> pendingCount();
  // Marks rows acknowledged; call only after the centre COMMITTED them. Unknown ids are
  // ignored (idempotent). Returns how many rows changed.
  Result<std::size_t> markAcknowledged(const std::vector<std::string>& eventIds);
  // Data minimisation: deletes the personal records and outbox rows of events acknowledged
  // before `olderThan`; the audit table keeps event id, kind, time and SHA-256 of the payload.
  // Never touches unacknowledged events. Returns how many events were purged.
  Result<std::size_t> purgeAcknowledged(TimePoint olderThan);

 private:
  struct Impl;
  explicit StateStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bordergate::sync
