// The decision engine: given a read document, the direction of travel, the moment and the
// list, recommends admit, refer (comprehensive control by an officer, Law 6458 Art. 6(5))
// or refuse, and says why, citing the article for every reason. The officer always has the
// last word; the kiosk recommends.
//
// Contract: check() never throws; list read failures become an Error (the caller must not
// decide without the list). Pure C++ over ListReader: no OpenCV, no Tesseract.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bordergate/core/date.h"
#include "bordergate/core/result.h"
#include "bordergate/mrz/mrz_record.h"
#include "bordergate/rules/list_file.h"
#include "bordergate/rules/list_types.h"

namespace bordergate::rules {

enum class Decision { Admit, Refer, Refuse };
const char* toString(Decision d);  // "admit", "refer", "refuse"

// Stable reason codes (issue 4 CLI contract), spelled as in JSON by reasonCodeName().
enum class ReasonCode {
  MrzInvalid, DocExpired, DocLostStolen, EntryBan, EntryBanPossible, EntryBanLifted, PriorAuthorization,
  Citizen, PermitValid, VisaExempt, VisaValid, VisaMissing, NoAdmission, StayLimit, PassportValidity,
  ProtectionRequest, Minor, Overstay, AirportTransitVisa, NoEntryRecord, RegimeUnknown, ListStale,
};
const char* reasonCodeName(ReasonCode c);  // "MRZ_INVALID", ...

struct Reason {
  ReasonCode code;
  std::string article;   // "7(1)(b)", "11(1)", "9(6)"; Law 6458 unless it names another law
  std::string message;   // for the officer: what was found, what it means, what to do
  Decision effect = Decision::Admit;  // the decision this reason alone would lead to
};

// A candidate from the entry-ban name search, for the officer's screen.
struct BanCandidate {
  std::string banId;
  double score = 0;      // name_match.h
  bool exact = false;    // document number, or exact name + birth date + nationality
  std::string explanation;
};

struct CheckContext {
  Direction direction = Direction::Entry;
  std::int64_t at = 0;             // the moment of the check, seconds since epoch (UTC)
  std::string port;                // border crossing point code; informational
  bool protectionRequest = false;  // the person asks for international protection (Art. 65)
  // The kiosk's own recent crossings (its state database), merged with the list's synced
  // history for 90/180 and overstay. Duplicates of synced rows are ignored.
  std::vector<Crossing> ownCrossings;
  // An optional second MRZ: a machine-readable visa (MRV, ICAO 9303-7) scanned from the
  // passport's visa page. It counts as a visa when it belongs to the same holder and is valid.
  std::optional<mrz::MrzRecord> visaMrz;
  // Hook for the sync module: when set, a list whose age (at - listFreshAt, or the list's
  // built_at when listFreshAt is unset) exceeds this limit adds LIST_STALE and refers.
  std::optional<std::chrono::seconds> listAgeLimit;
  std::optional<std::int64_t> listFreshAt;  // last successful sync, seconds since epoch
};

struct CheckResult {
  Decision decision = Decision::Refer;
  std::vector<Reason> reasons;
  std::optional<Date> stayUntil;        // last day of permitted stay (entry) or of the stay that was permitted (exit)
  std::optional<int> daysUsedIn180;     // days present in the 180-day window ending on the check day, this day included
  std::int64_t listVersion = 0;
  std::vector<BanCandidate> banCandidates;  // officer view only
  bool has(ReasonCode c) const;
};

// Decides. `record` is the parsed MRZ of the travel document.
Result<CheckResult> check(const ListReader& list, const mrz::MrzRecord& record, const CheckContext& context);

// What the traveller's own screen may show (airport transit self-check): the decision and
// one instruction. It never discloses a ban, a watchlist hit or any other reason.
struct TravellerView {
  Decision decision = Decision::Refer;
  std::string message;  // "Proceed to transfer." / "Please see an officer."
};
TravellerView travellerView(const CheckResult& result);

// ---- building blocks, public for unit tests ----------------------------------------

// A stay in the country: entry day to exit day, both inclusive (Art. 11(1) counts both).
struct Stay {
  Date entry;
  std::optional<Date> exit;  // unset: still in the country
  // The exit is assumed, not recorded: the stay was closed the day before a later entry (or
  // before the day being decided). The days up to it are counted as present, so a decision
  // that rests on them refers rather than refuses (engine.cpp, STAY_LIMIT).
  bool exitInferred = false;
};

// Pairs entry and exit crossings (sorted by time) into stays, by the day at the border
// (borderDayOf). An exit without an entry counts its own day only; an entry after an entry
// closes the previous stay on the day before (exitInferred): the open stay does not run on
// into the new one, but the days of the gap count as present.
std::vector<Stay> staysFrom(std::vector<Crossing> crossings);

// Days present within [day - (period-1), day], counting `day` itself if `presentOnDay`.
int daysPresentInWindow(const std::vector<Stay>& stays, const Date& day, int periodDays);

// The last day a person entering on `entry` may stay when at most `maxDays` days may fall
// in any window of `periodDays` days (Art. 11(1)), given earlier stays. nullopt if the
// entry day itself would already exceed the limit.
std::optional<Date> stayLimitFrom(const std::vector<Stay>& earlier, const Date& entry, int maxDays, int periodDays);

// Age in whole years on `day`.
int ageOn(const Date& birth, const Date& day);

}  // namespace bordergate::rules
