// Staleness policy evaluation (see bordergate/sync/staleness.h).
#include "bordergate/sync/staleness.h"

#include "bordergate/sync/list_store.h"

namespace bordergate::sync {

namespace {
std::string hours(Seconds s) {
  const auto h = s.count() / 3600;
  return h >= 1 ? std::to_string(h) + " h" : std::to_string(s.count() / 60) + " min";
}
}  // namespace

std::string_view freshnessName(Freshness f) {
  switch (f) {
    case Freshness::Fresh: return "fresh";
    case Freshness::Warning: return "warning";
    case Freshness::Stale: return "stale";
  }
  return "stale";
}

Result<StalenessPolicy> makeStalenessPolicy(Seconds warnAfter, Seconds hardAfter) {
  if (warnAfter.count() <= 0 || hardAfter < warnAfter)
    return fail(ErrorCode::InvalidArgument, "staleness policy needs 0 < warning age <= hard age (got " + std::to_string(warnAfter.count()) +
                                                " s and " + std::to_string(hardAfter.count()) + " s)");
  return StalenessPolicy{warnAfter, hardAfter};
}

StalenessVerdict evaluateStaleness(const StalenessPolicy& p, std::optional<Seconds> age) {
  StalenessVerdict v;
  v.age = age;
  if (!age) {
    v.freshness = Freshness::Stale;
    v.message = "no list installed: refer every traveller (" + std::string(kReasonListStale) + ")";
  } else if (*age >= p.hardAfter) {
    v.freshness = Freshness::Stale;
    v.message = "list is " + hours(*age) + " old (limit " + hours(p.hardAfter) + "): refer every traveller (" + std::string(kReasonListStale) + ")";
  } else if (*age >= p.warnAfter) {
    v.freshness = Freshness::Warning;
    v.message = "list is " + hours(*age) + " old (warning at " + hours(p.warnAfter) + ", referrals from " + hours(p.hardAfter) + "): check the network";
  } else {
    v.freshness = Freshness::Fresh;
    v.message = "list is " + hours(*age) + " old";
  }
  return v;
}

StalenessVerdict evaluateStaleness(const StalenessPolicy& p, const ListStore& store, TimePoint now) {
  auto a = store.age(now);
  StalenessVerdict v = evaluateStaleness(p, a ? std::optional<Seconds>(*a) : std::nullopt);
  // An installed list that cannot be read is not "no list installed": say what is wrong and
  // what to do (a sync replaces an unreadable list with the signed snapshot).
  if (!a && store.activePath())
    v.message = "the installed list cannot be read (" + a.error().message + "): refer every traveller (" +
                std::string(kReasonListStale) + "); run `bordergate sync` to replace it with the signed snapshot";
  return v;
}

}  // namespace bordergate::sync
