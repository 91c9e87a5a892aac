// Staleness policy of the installed list: how old may the kiosk's list be before the operator
// is warned, and before every traveller is referred to a manual booth (reason LIST_STALE).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bordergate/core/result.h"
#include "bordergate/sync/clock.h"

namespace bordergate::sync {

class ListStore;

// The reason code the rules caller attaches to a referral when the list is too old.
inline constexpr std::string_view kReasonListStale = "LIST_STALE";

// Defaults (docs/sync.md, "Staleness"): the centre republishes at least daily, so a list
// unconfirmed for 24 h means one missed publication cycle (warn); 72 h means a kiosk has been
// cut off over a long weekend and entry bans issued since may be missing (refer everyone).
struct StalenessPolicy {
  Seconds warnAfter{24 * 3600};
  Seconds hardAfter{72 * 3600};
};

// InvalidArgument unless 0 < warnAfter <= hardAfter.
Result<StalenessPolicy> makeStalenessPolicy(Seconds warnAfter, Seconds hardAfter);

enum class Freshness {
  Fresh,    // age < warnAfter
  Warning,  // warnAfter <= age < hardAfter: show the operator, keep deciding
  Stale,    // age >= hardAfter, or no list at all: refer every traveller (LIST_STALE)
};

struct StalenessVerdict {
  Freshness freshness = Freshness::Stale;
  std::optional<Seconds> age;  // nullopt: no list installed
  std::string message;         // for the operator screen: "list is 30 h old (warning at 24 h)"
  // True when every traveller must be referred to a manual booth with kReasonListStale.
  bool referEveryTraveller() const { return freshness == Freshness::Stale; }
};

// Pure policy evaluation. A missing age (no list installed) is Stale.
StalenessVerdict evaluateStaleness(const StalenessPolicy& policy, std::optional<Seconds> age);
// Convenience: the age of the store's active list at `now`.
StalenessVerdict evaluateStaleness(const StalenessPolicy& policy, const ListStore& store, TimePoint now = Clock::now());

std::string_view freshnessName(Freshness f);

}  // namespace bordergate::sync
