// RulesDecisionService: rules::check on the active list (see rules_decision_service.h).
#include "bordergate/kiosk_adapters/rules_decision_service.h"

namespace bordergate::kiosk_adapters {

std::string lawArticle(const std::string& engineArticle) {
  // rules/engine.h: articles are of Law 6458 unless the text names another law after a ';'.
  if (engineArticle.empty()) return "Law 6458";
  return "Law 6458 Art. " + engineArticle;
}

kiosk_ui::Recommendation toRecommendation(const rules::CheckResult& result) {
  kiosk_ui::Recommendation out;
  switch (result.decision) {
    case rules::Decision::Admit: out.verdict = kiosk_ui::Verdict::Admit; break;
    case rules::Decision::Refer: out.verdict = kiosk_ui::Verdict::Refer; break;
    case rules::Decision::Refuse: out.verdict = kiosk_ui::Verdict::Refuse; break;
  }
  for (const auto& r : result.reasons) out.reasons.push_back({rules::reasonCodeName(r.code), lawArticle(r.article), r.message});
  out.stayUntil = result.stayUntil;
  // Only the engine's own traveller view decides what a traveller may be told (never a reason).
  const auto view = rules::travellerView(result);
  out.travellerOutcome = (view.decision == rules::Decision::Admit && result.decision == rules::Decision::Admit)
                             ? kiosk_ui::TravellerOutcome::Proceed
                             : kiosk_ui::TravellerOutcome::SeeOfficer;
  out.listVersion = std::to_string(result.listVersion);
  return out;
}

RulesDecisionService::RulesDecisionService(RulesDecisionOptions options, const kiosk_ui::Clock& clock)
    : options_(std::move(options)), clock_(clock), list_(options_.list) {}

Result<kiosk_ui::Recommendation> RulesDecisionService::recommend(const kiosk_ui::DocumentRead& read, Date today) {
  auto list = list_.current();
  if (!list) return tl::unexpected(list.error());
  // The moment of the check: the caller's day at the clock's time of day (the engine needs
  // seconds for the list's age and the crossing history, the port gives a date).
  const auto wallS = std::chrono::duration_cast<std::chrono::seconds>(clock_.wall().time_since_epoch()).count();
  const std::int64_t secondOfDay = ((wallS % 86400) + 86400) % 86400;
  rules::CheckContext ctx;
  ctx.direction = options_.direction;
  ctx.at = today.toDays() * 86400 + secondOfDay;
  ctx.port = options_.port;
  // Staleness through the engine's hook (rules/engine.h CheckContext::listAgeLimit), measured
  // as sync::ListStore::age does (from max(built_at, confirmed_at)). The engine refers when
  // age > limit, the sync policy when age >= hardAfter; ages are whole seconds, so a limit of
  // hardAfter - 1 s makes the two agree exactly.
  ctx.listAgeLimit = options_.staleness.hardAfter - std::chrono::seconds(1);
  ctx.listFreshAt = list_.freshAt();
  if (options_.ownCrossings) {
    auto own = options_.ownCrossings->crossingsOf(read.record.documentNumber, read.record.nationality);
    if (!own)
      return fail(own.error().code, "cannot read this kiosk's own crossings for the 90/180-day count: " + own.error().message +
                                        " — decide by hand; call a technician if it persists");
    for (const auto& c : *own) {
      const auto t = sync::parseIsoUtc(c.occurredAt);
      if (!t || (c.direction != "entry" && c.direction != "exit")) continue;  // not a crossing the engine can count
      rules::Crossing x;
      x.documentNumber = c.documentNumber;
      x.nationality = c.nationality;
      x.birthDate = Date::parseIso(c.birthDate);
      x.direction = c.direction == "entry" ? rules::Direction::Entry : rules::Direction::Exit;
      x.at = std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
      x.port = c.lane;
      ctx.ownCrossings.push_back(std::move(x));
    }
  }
  auto result = rules::check(**list, read.record, ctx);
  if (!result)
    return fail(result.error().code, "the Law 6458 engine could not decide on list " + (*list)->path() + ": " +
                                         result.error().message + " — decide by hand; call a technician if it persists");
  return toRecommendation(*result);
}

}  // namespace bordergate::kiosk_adapters
