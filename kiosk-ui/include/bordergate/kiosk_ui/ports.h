// Ports: the narrow interfaces through which the lane controller talks to the rest of the
// appliance (camera + MRZ reader, Law 6458 decision engine, gate controller, state database,
// clock, status). The app wires each port to a real module; kiosk-ui itself depends on none
// of them, so the controller is tested with in-process implementations.
//
// Threading: every port is called from the UI thread only (the lane controller's tick()).
// An adapter that does slow work (OCR, SQL, USB) must do it on its own thread and hand the
// result over through poll()-style calls, so that drawing never waits (target: p95 ≤ 16 ms
// per frame, issue 7).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bordergate/core/date.h"
#include "bordergate/core/frame.h"
#include "bordergate/core/result.h"
#include "bordergate/mrz/mrz_record.h"

namespace bordergate::kiosk_ui {

using MonoTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// ---------------------------------------------------------------------------------------
// Clock: monotonic time for every duration (timers, auto-lock, idle reset) and wall time
// (UTC) only for what is written down (journal timestamps, the persisted start of a control).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual MonoTime monotonic() const = 0;
  virtual WallTime wall() const = 0;
};

// A pixel rectangle in frame coordinates.
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

// ---------------------------------------------------------------------------------------
// DocumentSource: the camera + MRZ reader. Delivers completed reads and, for the live view,
// the latest frame and live quality hints.
struct DocumentRead {
  std::uint64_t id = 0;                  // increasing per source
  std::string sourceLabel;               // where it came from ("camera 0", a file name)
  std::vector<std::string> mrzLines;     // the MRZ text as read
  mrz::MrzRecord record;                 // mrz::parse of mrzLines
  std::vector<std::string> qualityHints; // translation keys, e.g. "hint.glare"
  std::optional<Frame> frame;            // the frame the MRZ was read from, if any
  std::optional<PixelRect> mrzBox;       // where the MRZ was located in `frame`
  std::optional<PixelRect> photoBox;     // the document photo area in `frame`
  MonoTime placedAt{};                   // when the document was detected on the reader
};

class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  // Non-blocking. The next completed read, or nullopt when none is ready.
  virtual std::optional<DocumentRead> poll(MonoTime now) = 0;
  // Non-blocking. The newest live camera frame (nullopt when the camera has none).
  virtual std::optional<Frame> liveFrame(MonoTime now) = 0;
  // Live hints while no read is complete (translation keys, e.g. "hint.place_document").
  virtual std::vector<std::string> liveHints(MonoTime now) = 0;
  // Non-blocking. A document lies in view as far as the source knows: being read, or delivered
  // and not yet seen to leave (a camera that stops delivering frames keeps its last answer).
  // A source that cannot tell says false. The traveller screen clears the previous traveller's
  // result when a document appears after theirs left, before the new one is delivered.
  virtual bool documentInView(MonoTime) { return false; }
};

// ---------------------------------------------------------------------------------------
// DecisionService: the Law 6458 decision engine (rules/ on the SQLite list).
enum class Verdict { Admit, Refer, Refuse };

// One reason of a recommendation. `code` is stable (e.g. "DOC_EXPIRED"), `article` cites the
// law ("Law 6458 Art. 7(1)(a)"), `message` is for the officer. Never shown to a traveller.
struct Reason {
  std::string code;
  std::string article;
  std::string message;
};

// What the traveller may be told. Deliberately only two values: a self-check screen must
// never reveal a ban, a watchlist hit or any reason (issue 7).
enum class TravellerOutcome { Proceed, SeeOfficer };

struct Recommendation {
  Verdict verdict = Verdict::Refer;
  std::vector<Reason> reasons;          // every reason, in the order the engine found them (the lane orders them)
  std::optional<Date> stayUntil;        // last day of permitted stay, when admitted
  TravellerOutcome travellerOutcome = TravellerOutcome::SeeOfficer;
  std::string listVersion;              // the list the decision was made on
};

class DecisionService {
 public:
  virtual ~DecisionService() = default;
  // Must return within one frame budget or be asynchronous behind this call. An Error means
  // "no recommendation": the officer decides without one (the lane never admits on error).
  virtual Result<Recommendation> recommend(const DocumentRead& read, Date today) = 0;
};

// ---------------------------------------------------------------------------------------
// GatePort: the controller board (firmware-host/) behind the lane's gate.
enum class GateLight { Off, Green, Red, Amber };

struct GateStatus {
  bool open = false;
  bool passageDetected = false;   // the traveller has walked through since the last open()
  bool healthy = false;
  std::string health;             // for the status bar, e.g. "board ok", "board offline"
  GateLight light = GateLight::Off;
};

class GatePort {
 public:
  virtual ~GatePort() = default;
  virtual Result<void> open() = 0;
  virtual Result<void> close() = 0;
  virtual Result<void> setLight(GateLight light) = 0;
  virtual GateStatus status(MonoTime now) = 0;
};

// ---------------------------------------------------------------------------------------
// EventJournal: the state database (sync/'s outbox) + the tamper-evident audit trail.
// Records crossings, decisions, officer actions and control-timer events. "The UI never runs
// SQL": the controller only hands records over.
struct JournalRecord {
  std::string type;    // e.g. "decision", "control.start", "control.overdue", "officer.sign_in"
  std::string lane;
  std::string officer; // officer id, empty for system events
  std::vector<std::pair<std::string, std::string>> fields;  // ordered key/value payload

  const std::string* field(const std::string& key) const {
    for (const auto& [k, v] : fields)
      if (k == key) return &v;
    return nullptr;
  }
};

// A comprehensive control (Law 6458 Art. 6(5)) still open, as the journal knows it.
struct OpenControlCase {
  std::string caseId;
  std::string personLabel;     // "SURNAME, Given" for the board
  std::string documentNumber;
  std::string nationality;
  WallTime startedWall{};      // when the hold started (UTC), persisted
  std::chrono::milliseconds lastCheckpoint{0};  // largest elapsed time journaled so far
  WallTime lastRecordWall{};   // wall time of the journal's newest record (any case): a clock
                               // that stands before it at a restart was set back
  std::vector<Reason> reasons;
  // The lane recommended REFUSE when the hold started (control.start "recommended"), or the
  // journal does not say (records written before 7 Dec 2026). Closing such a case as admitted
  // needs the authority to admit against a refusal (Permission::OverrideRefusal), as at the lane.
  bool heldOverRefusal = false;
  // The person's crossing fields (LaneController's passage record: document, issuing state,
  // birth date, names, list version), kept in control.start: a case that ends admitted is a
  // crossing, recorded then (the 90/180-day count and an exit's entry record need it). Only
  // document_number and nationality in records from before 8 Dec 2026.
  std::vector<std::pair<std::string, std::string>> crossingFields;
};

// A control case closed as admitted whose crossing is not in the journal after it (a crash or
// a refused write between the two): LaneController::start() journals it, at `closedAt`.
struct UnrecordedCrossing {
  std::string caseId;
  WallTime closedAt{};
  std::string officer;  // who admitted (the control.close's officer)
  std::vector<std::pair<std::string, std::string>> fields;  // OpenControlCase::crossingFields
};

class EventJournal {
 public:
  virtual ~EventJournal() = default;
  // Durable on success (the record survives a crash or power loss from then on). An Error
  // means the action must not be reported as done.
  virtual Result<void> append(const JournalRecord& record, WallTime at) = 0;
  // The comprehensive controls that were started and not closed (to rebuild the board after
  // a restart or crash).
  virtual Result<std::vector<OpenControlCase>> openControlCases() = 0;
  // Cases whose control.close says a crossing follows ("crossing": "follows", since 8 Dec 2026)
  // with no crossing record for that case after it. None by default (journals that cannot tell).
  virtual Result<std::vector<UnrecordedCrossing>> admittedWithoutCrossing() { return std::vector<UnrecordedCrossing>{}; }
};

// ---------------------------------------------------------------------------------------
// StatusSource: what the status bar shows about the rest of the appliance.
struct LaneStatus {
  std::string listVersion;                       // "" when no list is loaded
  std::optional<std::chrono::hours> listAge;     // age of the list
  bool listStale = false;                        // per the sync policy: past the hard age, every traveller is referred
  bool listWarning = false;                      // per the sync policy: past the warning age (operator sees it)
  std::string listMessage;                       // the policy's explanation, e.g. "list is 30 h old (warning at 24 h, ...)"
  std::string syncState;                         // e.g. "online", "offline 3 h"
  std::size_t outboxPending = 0;                 // records not yet uploaded
  std::string deviceHealth;                      // cameras, readers
  bool devicesHealthy = true;                    // false: the camera the lane reads with is missing or failing
  std::vector<std::string> interimAdapters;      // ports running on interim implementations
};

class StatusSource {
 public:
  virtual ~StatusSource() = default;
  virtual LaneStatus status(MonoTime now) = 0;
};

}  // namespace bordergate::kiosk_ui
