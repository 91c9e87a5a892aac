// `bordergate check`: the entry/exit/transit decision for one document against a list.
#ifdef HAVE_BORDERGATE_RULES
#include <fstream>
#include <iostream>
#include <sstream>

#include "bordergate/mrz/parser.h"
#include "bordergate/rules/engine.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

constexpr const char* kName = "check";

// Reads an MRZ from --X-file or --X (literal "\n" sequences count as line breaks, so the
// text can be given on one shell line).
std::optional<std::string> mrzText(const Options& opt, const std::string& key, Io& io, bool* failed) {
  if (opt.has(key + "-file")) {
    std::ifstream in(opt.get(key + "-file"), std::ios::binary);
    if (!in) {
      io.err << "bordergate check: cannot read --" << key << "-file " << opt.get(key + "-file") << "\n";
      *failed = true;
      return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str().substr(0, 1 << 16);
  }
  if (!opt.has(key)) return std::nullopt;
  std::string t = opt.get(key);
  for (std::size_t p; (p = t.find("\\n")) != std::string::npos;) t.replace(p, 2, "\n");
  return t;
}

int runCheck(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"db", "mrz-file", "mrz", "visa-mrz", "visa-mrz-file", "direction", "at", "port", "list-age-limit-hours"},
              {"protection-request", "json", "traveller-view"});
  if (!opt.ok()) return usageError(io, kName, opt.error());
  if (!opt.positional().empty()) return usageError(io, kName, "unexpected argument '" + opt.positional()[0] + "'");
  if (!opt.has("db")) return usageError(io, kName, "--db FILE is required");
  if (opt.has("mrz") == opt.has("mrz-file")) return usageError(io, kName, "give exactly one of --mrz TEXT or --mrz-file F");
  const auto direction = rules::parseDirection(opt.get("direction"));
  if (!direction) return usageError(io, kName, "--direction must be entry, exit or transit");
  if (!opt.has("at")) return usageError(io, kName, "--at TIMESTAMP is required (ISO 8601 UTC, e.g. 2026-11-23T10:15:00Z)");
  const auto at = rules::parseTimestamp(opt.get("at"));
  if (!at) return usageError(io, kName, "--at '" + opt.get("at") + "' is not an ISO 8601 UTC timestamp like 2026-11-23T10:15:00Z");

  bool failed = false;
  const auto text = mrzText(opt, "mrz", io, &failed);
  const auto visaText = mrzText(opt, "visa-mrz", io, &failed);
  if (failed) return 2;
  mrz::ParseOptions po;
  po.today = rules::borderDayOf(*at);  // the day at the border, as the engine counts it
  const auto record = mrz::parse(*text, po);

  rules::CheckContext ctx;
  ctx.direction = *direction;
  ctx.at = *at;
  ctx.port = opt.get("port");
  ctx.protectionRequest = opt.has("protection-request");
  if (visaText) ctx.visaMrz = mrz::parse(*visaText, po);
  if (opt.has("list-age-limit-hours")) {
    const std::string h = opt.get("list-age-limit-hours");
    if (h.empty() || h.size() > 6 || h.find_first_not_of("0123456789") != std::string::npos)
      return usageError(io, kName, "--list-age-limit-hours must be a whole number of hours");
    ctx.listAgeLimit = std::chrono::hours(std::stoi(h));
  }

  auto list = rules::ListReader::open(opt.get("db"));
  if (!list) {
    io.err << "bordergate check: " << list.error().message << "\n";
    return 2;
  }
  auto result = rules::check(**list, record, ctx);
  if (!result) {
    io.err << "bordergate check: " << result.error().message << "\n";
    return 2;
  }
  if (opt.has("traveller-view")) {
    const auto view = rules::travellerView(*result);
    if (opt.has("json")) {
      Json j;
      j["decision"] = rules::toString(view.decision);
      j["message"] = view.message;
      io.out << dumpLine(j) << "\n";
    } else {
      io.out << view.message << "\n";
    }
    return 0;
  }
  if (opt.has("json")) {
    Json j;
    j["decision"] = rules::toString(result->decision);
    Json reasons = Json::array();
    for (const auto& r : result->reasons)
      reasons.push_back(Json{{"code", rules::reasonCodeName(r.code)}, {"article", r.article}, {"message", r.message}});
    j["reasons"] = reasons;
    j["stay_until"] = result->stayUntil ? Json(result->stayUntil->iso()) : Json(nullptr);
    j["days_used_in_180"] = result->daysUsedIn180 ? Json(*result->daysUsedIn180) : Json(nullptr);
    j["list_version"] = result->listVersion;
    if (!result->banCandidates.empty()) {
      Json cands = Json::array();
      for (const auto& c : result->banCandidates)
        cands.push_back(Json{{"ban_id", c.banId}, {"score", c.score}, {"exact", c.exact}, {"explanation", c.explanation}});
      j["ban_candidates"] = cands;
    }
    io.out << dumpLine(j) << "\n";
  } else {
    io.out << "decision: " << rules::toString(result->decision) << "  (list version " << result->listVersion << ")\n";
    for (const auto& r : result->reasons)
      io.out << "  " << rules::reasonCodeName(r.code) << " [Art. " << r.article << "] " << r.message << "\n";
    if (result->stayUntil) io.out << "stay until: " << result->stayUntil->iso() << "\n";
    if (result->daysUsedIn180) io.out << "days used in 180: " << *result->daysUsedIn180 << "\n";
  }
  return 0;
}

const CommandRegistration kCheck(
    {"check",
     "check --db FILE (--mrz-file F | --mrz TEXT) --direction entry|exit|transit --at TIMESTAMP [--port CODE] "
     "[--protection-request] [--visa-mrz TEXT | --visa-mrz-file F] [--list-age-limit-hours H] [--traveller-view] [--json]"
     "   recommend admit/refer/refuse with the reasons and articles of Law 6458",
     runCheck});

}  // namespace
}  // namespace bordergate::cli
#endif
