// `bordergate sync`: fetch, verify and install the newest signed list; `sync status`: the
// installed list's version, age and staleness verdict.
#ifdef HAVE_BORDERGATE_SYNC
#include <iostream>
#include <limits>

#include "bordergate/sync/list_store.h"
#include "bordergate/sync/staleness.h"
#include "bordergate/sync/syncer.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

// A non-negative whole number into `out` (parseLong, command.h); false when it is not one.
bool parseCount(const std::string& s, long& out) {
  const auto v = parseLong(s, 0, std::numeric_limits<long>::max());
  if (v) out = *v;
  return v.has_value();
}

int runSync(const std::vector<std::string>& args, Io& io) {
  const char* name = "sync";
  Options opt(args, {"repo", "state", "root", "retries", "connect-timeout", "stall-timeout", "now"}, {"prefer-snapshot"});
  if (!opt.ok()) return usageError(io, name, opt.error());
  if (!opt.positional().empty()) return usageError(io, name, "unexpected argument '" + opt.positional()[0] + "'");
  if (!opt.has("repo") || !opt.has("state")) return usageError(io, name, "--repo URL and --state DIR are required");
  sync::SyncOptions so;
  so.repoUrl = opt.get("repo");
  so.stateDir = opt.get("state");
  if (opt.has("root")) so.initialRootPath = opt.get("root");
  so.preferSnapshot = opt.has("prefer-snapshot");
  long retries = 2;
  if (opt.has("retries") && !parseCount(opt.get("retries"), retries)) return usageError(io, name, "--retries must be a non-negative integer");
  if (opt.has("connect-timeout") && !parseCount(opt.get("connect-timeout"), so.connectTimeoutSeconds))
    return usageError(io, name, "--connect-timeout must be whole seconds");
  if (opt.has("stall-timeout") && !parseCount(opt.get("stall-timeout"), so.stallTimeoutSeconds))
    return usageError(io, name, "--stall-timeout must be whole seconds");
  if (opt.has("now")) {
    auto t = sync::parseIsoUtc(opt.get("now"));
    if (!t) return usageError(io, name, "--now must be ISO 8601 UTC");
    so.now = [t = *t] { return t; };
  }
  sync::Syncer syncer(so);
  sync::RetryPolicy rp;
  rp.maxAttempts = static_cast<int>(retries) + 1;
  auto r = syncer.syncWithRetry(rp);
  if (!r) {
    io.out << dumpLine(Json{{"ok", false}, {"error", sync::syncFailureName(r.error().kind)}, {"transient", r.error().transient()},
                            {"message", r.error().message}})
           << "\n";
    io.err << "bordergate sync: " << r.error().describe() << "\n";
    return 1;
  }
  io.out << dumpLine(Json{{"ok", true}, {"action", sync::syncActionName(r->action)}, {"from_version", r->fromVersion},
                          {"to_version", r->toVersion}, {"root_version", r->rootVersion}, {"file", r->file},
                          {"bytes_downloaded", r->bytesDownloaded}, {"notes", r->notes}})
         << "\n";
  return 0;
}

int runStatus(const std::vector<std::string>& args, Io& io) {
  const char* name = "sync status";
  Options opt(args, {"state", "warn-after", "hard-after", "now"}, {});
  if (!opt.ok()) return usageError(io, name, opt.error());
  if (!opt.positional().empty()) return usageError(io, name, "unexpected argument '" + opt.positional()[0] + "'");
  if (!opt.has("state")) return usageError(io, name, "--state DIR is required");
  sync::StalenessPolicy policy;
  auto warn = sync::parseDuration(opt.get("warn-after", "24h"));
  auto hard = sync::parseDuration(opt.get("hard-after", "72h"));
  if (!warn || !hard) return usageError(io, name, "--warn-after/--hard-after must be durations like 24h");
  auto p = sync::makeStalenessPolicy(*warn, *hard);
  if (!p) return usageError(io, name, p.error().message);
  sync::TimePoint now = sync::Clock::now();
  if (opt.has("now")) {
    auto t = sync::parseIsoUtc(opt.get("now"));
    if (!t) return usageError(io, name, "--now must be ISO 8601 UTC");
    now = *t;
  }
  sync::ListStore store(opt.get("state"));
  const auto verdict = sync::evaluateStaleness(*p, store, now);
  Json j{{"state", store.stateDir()}};
  auto path = store.activePath();
  j["active"] = path ? Json(*path) : Json(nullptr);
  auto v = store.version();
  j["version"] = v ? Json(*v) : Json(nullptr);
  j["age_seconds"] = verdict.age ? Json(verdict.age->count()) : Json(nullptr);
  j["freshness"] = sync::freshnessName(verdict.freshness);
  j["refer_every_traveller"] = verdict.referEveryTraveller();
  if (verdict.referEveryTraveller()) j["reason"] = sync::kReasonListStale;
  j["message"] = verdict.message;
  io.out << dumpLine(j) << "\n";
  return verdict.referEveryTraveller() ? 1 : 0;
}

const CommandRegistration reg({"sync",
                               "sync --repo URL --state DIR [--root ROOT.json] [--retries 2] [--stall-timeout 30]   install the newest signed list",
                               runSync});
const CommandRegistration regStatus({"sync status", "sync status --state DIR [--warn-after 24h] [--hard-after 72h]   list version, age, staleness",
                                     runStatus});

}  // namespace
}  // namespace bordergate::cli
#endif
