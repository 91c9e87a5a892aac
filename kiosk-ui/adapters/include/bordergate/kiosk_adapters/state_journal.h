// StateJournal: the kiosk's EventJournal port on BOTH the sync state database (every record
// becomes one StateStore event with its outbox row, for the centre) AND the tamper-evident
// FileJournal audit chain (kept locally; rebuilds the comprehensive-control board).
//
// Order and failure (ports.h: nothing is reported done unless durable):
//   1. the audit chain line is written and fsync'd (FileJournal::append);
//   2. the record is committed to the state database with its outbox row (one transaction).
//   append() succeeds only when both did. If 1 fails, nothing was written anywhere. If 2
//   fails, the audit line stays (the chain is append-only) and a "journal.void" line naming
//   its seq and the error follows it, so the audit trail says the action was attempted and
//   not completed; the outbox never holds an action the officer was told failed.
//   Why the audit first: it is what openControlCases() rebuilds the board from, so a crash
//   between the two writes can leave at most one audit line without its outbox event (a
//   control then reappears on the board after the restart and is released by hand), never
//   a held person missing from the board while the centre was told of the hold.
//
// Mapping of the lane controller's record types (lane_controller.cpp, traveller_self_check.cpp)
// onto StateStore kinds (sync/state_store.h); every field not mapped to a column travels in the
// event's `details` (and the officer, lane and type always do):
//   crossing                          -> crossing (direction from the options)
//   recommendation, traveller.check   -> decision (outcome admit/refer/refuse/none or
//                                        proceed/see_officer, reason codes, list version)
//   control.start/.checkpoint/.mark/.close -> timer_event, timer "comprehensive_control",
//                                        event start/checkpoint/<mark>/stop, elapsed_ms
//   gate.timeout                      -> timer_event, timer "gate_open", event "expired"
//   lane.start, lane.stop             -> timer_event, timer "lane", event start/stop
//   everything else (decision, officer.*, notice.given, protection.request, gate.fault and any
//   future type)                      -> officer_action, action = the record type (+ ".<decision>"
//                                        for "decision"), officer "system" when none was signed in
//
// Not thread-safe (StateStore is one connection): UI thread only.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bordergate/kiosk_ui/file_journal.h"
#include "bordergate/kiosk_ui/ports.h"
#include "bordergate/sync/state_store.h"

namespace bordergate::kiosk_adapters {

struct StateJournalOptions {
  std::filesystem::path stateDatabase;  // DIR/state.db (what `bordergate upload --state DIR` drains)
  std::filesystem::path auditJournal;   // DIR/kiosk-<lane>.journal
  std::string direction = "entry";      // of the lane's crossings: "entry" or "exit"
  std::string kioskId;                  // empty: the one stored in the database (or a new UUIDv7)
};

// The officer id written for events no officer caused (lane start, timers, failed sign-in).
inline constexpr const char* kSystemOfficer = "system";

class StateJournal final : public kiosk_ui::EventJournal {
 public:
  // Opens (creating if needed) both. InvalidArgument for a direction other than entry/exit;
  // the FileJournal's Integrity error if the audit chain is broken (a person must look).
  static Result<std::unique_ptr<StateJournal>> open(const StateJournalOptions& options);

  Result<void> append(const kiosk_ui::JournalRecord& record, kiosk_ui::WallTime at) override;
  // The audit chain's open controls (voided records skipped).
  Result<std::vector<kiosk_ui::OpenControlCase>> openControlCases() override;
  Result<std::vector<kiosk_ui::UnrecordedCrossing>> admittedWithoutCrossing() override;

  kiosk_ui::FileJournal& audit() { return *audit_; }
  sync::StateStore& store() { return store_; }
  // How many appends failed in the state database after the audit line was written.
  std::size_t voidedRecords() const { return voided_; }

 private:
  StateJournal(StateJournalOptions options, std::unique_ptr<kiosk_ui::FileJournal> audit, sync::StateStore store);
  Result<std::string> record(const kiosk_ui::JournalRecord& r, const std::string& occurredAt);

  StateJournalOptions options_;
  std::unique_ptr<kiosk_ui::FileJournal> audit_;
  sync::StateStore store_;
  std::size_t voided_ = 0;
};

// The StateStore kind a lane record type goes to ("crossing", "decision", "officer_action",
// "timer_event"), per the table above. Public for tests.
std::string stateKindOf(const std::string& recordType);

}  // namespace bordergate::kiosk_adapters
