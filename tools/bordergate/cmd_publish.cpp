// `bordergate list publish`: write a signed static list repository (snapshot, deltas, metadata).
#ifdef HAVE_BORDERGATE_SYNC
#include <iostream>

#include "bordergate/sync/publish.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runPublish(const std::vector<std::string>& args, Io& io) {
  const char* name = "list publish";
  Options opt(args, {"list", "previous", "key", "out", "expires-in", "targets-expires-in", "root-expires-in", "rotate-root", "now"}, {});
  if (!opt.ok()) return usageError(io, name, opt.error());
  if (!opt.positional().empty()) return usageError(io, name, "unexpected argument '" + opt.positional()[0] + "' (give --previous once per earlier list: --previous v1.db --previous v2.db)");
  for (const char* r : {"list", "key", "out"})
    if (!opt.has(r)) return usageError(io, name, std::string("--") + r + " is required");
  sync::PublishOptions po;
  po.listPath = opt.get("list");
  po.previousPaths = opt.getAll("previous");
  po.signingKeyPath = opt.get("key");
  po.repoDir = opt.get("out");
  for (auto [flag, target] : {std::pair{"expires-in", &po.timestampExpiresIn}, std::pair{"targets-expires-in", &po.targetsExpiresIn},
                              std::pair{"root-expires-in", &po.rootExpiresIn}}) {
    if (!opt.has(flag)) continue;
    auto d = sync::parseDuration(opt.get(flag));
    if (!d) return usageError(io, name, std::string("--") + flag + " '" + opt.get(flag) + "' is not a duration like 90s, 15m, 24h, 7d");
    *target = *d;
  }
  if (opt.has("rotate-root")) po.rotateToKeyPath = opt.get("rotate-root");
  if (opt.has("now")) {
    auto t = sync::parseIsoUtc(opt.get("now"));
    if (!t) return usageError(io, name, "--now must be ISO 8601 UTC, e.g. 2025-01-02T00:00:00Z");
    po.now = *t;
  }
  auto r = sync::publishList(po);
  if (!r) {
    io.err << "bordergate list publish: " << r.error().message << "\n";
    return r.error().code == ErrorCode::InvalidArgument ? 2 : 1;
  }
  Json files = Json::array();
  for (const auto& f : r->files) {
    Json e{{"name", f.name}, {"kind", f.kind}, {"length", f.length}, {"raw_length", f.rawLength}};
    if (f.kind == "delta") e["from"] = f.fromVersion;
    files.push_back(e);
  }
  io.out << dumpLine(Json{{"list_version", r->listVersion}, {"root_version", r->rootVersion}, {"targets_version", r->targetsVersion},
                          {"timestamp_version", r->timestampVersion}, {"files", files}, {"notes", r->notes}})
         << "\n";
  return 0;
}

const CommandRegistration reg({"list publish",
                               "list publish --list NEW.db [--previous OLD.db]... --key KEY --out REPO_DIR [--expires-in 24h] "
                               "[--rotate-root NEWKEY]   signed list repository",
                               runPublish});

}  // namespace
}  // namespace bordergate::cli
#endif
