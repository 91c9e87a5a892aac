// RulesDecisionService: the kiosk's DecisionService port on the rules/ Law 6458 engine and the
// active list (ActiveList: synced list, else the sample list, or --list FILE), with the sync
// staleness policy applied through the engine's LIST_STALE hook.
#pragma once

#include <string>

#include "bordergate/kiosk_adapters/active_list.h"
#include "bordergate/kiosk_ui/ports.h"
#include "bordergate/rules/engine.h"
#include "bordergate/sync/staleness.h"
#include "bordergate/sync/state_store.h"

namespace bordergate::kiosk_adapters {

struct RulesDecisionOptions {
  ListSourceOptions list;
  // Past policy.hardAfter every traveller is referred with LIST_STALE (issue 5); the warning
  // age is the status bar's business (SyncStatusSource). Defaults: sync/staleness.h.
  sync::StalenessPolicy staleness;
  // Officer lanes decide entry (or exit); the traveller self-check at an airport decides transit.
  rules::Direction direction = rules::Direction::Entry;
  std::string port;  // border crossing point / lane, informational (CheckContext::port)
  // The kiosk's state database, for the crossings this kiosk recorded that no list carries yet
  // (CheckContext::ownCrossings: the 90/180-day count). Borrowed, same thread (StateStore is
  // one connection), e.g. &StateJournal::store(). Null: the list's crossings only.
  sync::StateStore* ownCrossings = nullptr;
};

// Maps rules::CheckResult onto the port's Recommendation:
//   verdict        admit/refer/refuse as the engine decided (a stale list turns admit into
//                  refer; a refusal stays a refusal: a missing update cannot make one wrong)
//   reasons        every engine reason in order: code = reasonCodeName ("ENTRY_BAN"),
//                  article = "Law 6458 Art. " + the engine's article ("9, 6(3)"; other laws
//                  stay named after a ';', e.g. "...; Law 5395 Art. 3"), message as given
//   stayUntil      the engine's last day of permitted stay
//   travellerOutcome  Proceed only when the engine admits (rules::travellerView); never a reason
//   listVersion    the decimal list version ("20261101")
// An Error (no list, corrupt list, list read failure) means "no recommendation": the lane
// controller shows none and never admits on it (only refer/refuse, or a supervisor override).
//
// Threading: UI thread only (one ListReader). Cost: one engine check (rules p50 < 1 ms) plus a
// readlink and a small file read; the list is opened only when its version changes.
class RulesDecisionService final : public kiosk_ui::DecisionService {
 public:
  // `clock` gives the time of day of the check (the date comes from recommend()'s `today`).
  RulesDecisionService(RulesDecisionOptions options, const kiosk_ui::Clock& clock);

  Result<kiosk_ui::Recommendation> recommend(const kiosk_ui::DocumentRead& read, Date today) override;

  const ActiveList& activeList() const { return list_; }

 private:
  RulesDecisionOptions options_;
  const kiosk_ui::Clock& clock_;
  ActiveList list_;
};

// The port's article text for an engine article: "7(1)(b)" -> "Law 6458 Art. 7(1)(b)".
std::string lawArticle(const std::string& engineArticle);

// The engine's result in the port's terms (see the table above). Public for tests.
kiosk_ui::Recommendation toRecommendation(const rules::CheckResult& result);

}  // namespace bordergate::kiosk_adapters
