// `bordergate centre export-crossings`: the central authority exports the crossings kiosks
// uploaded as crossings.csv for the next list version (closes the 90/180 loop, docs/sync.md).
#ifdef HAVE_BORDERGATE_SYNC
#include <iostream>

#include "bordergate/sync/centre_export.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runExportCrossings(const std::vector<std::string>& args, Io& io) {
  const char* name = "centre export-crossings";
  Options opt(args, {"db", "out", "since"}, {"allow-plaintext"});
  if (!opt.ok()) return usageError(io, name, opt.error());
  if (!opt.positional().empty()) return usageError(io, name, "unexpected argument '" + opt.positional()[0] + "'");
  if (!opt.has("db") || !opt.has("out")) return usageError(io, name, "--db CONNINFO and --out FILE are required");
  sync::CrossingsExportOptions eo;
  eo.conninfo = opt.get("db");
  eo.outPath = opt.get("out");
  eo.requireTls = !opt.has("allow-plaintext");
  if (opt.has("since")) {
    auto d = Date::parseIso(opt.get("since"));
    if (!d) return usageError(io, name, "--since '" + opt.get("since") + "' is not a date; expected YYYY-MM-DD");
    eo.since = *d;
  }
  auto r = sync::exportCrossings(eo);
  if (!r) {
    io.out << dumpLine(Json{{"ok", false}, {"error", errorCodeName(r.error().code)}, {"message", r.error().message}}) << "\n";
    io.err << "bordergate " << name << ": " << r.error().message << "\n";
    return 2;
  }
  for (const auto& line : r->rejected) io.err << "bordergate " << name << ": not exported: " << line << "\n";
  io.out << dumpLine(Json{{"ok", true},
                          {"out", eo.outPath},
                          {"since", r->since.iso()},
                          {"rows", r->rows},
                          {"entries", r->entries},
                          {"exits", r->exits},
                          {"open_stays", r->openStays},
                          {"duplicates", r->duplicates},
                          {"rejected", r->rejected.size()}})
         << "\n";
  // Rejected events are a negative result a person must look at: the file is still complete
  // for every other crossing and the list can be built from it.
  return r->rejected.empty() ? 0 : 1;
}

const CommandRegistration reg(
    {"centre export-crossings",
     "centre export-crossings --db CONNINFO --out crossings.csv [--since YYYY-MM-DD] [--allow-plaintext]   "
     "export the centre's crossings (default: the last 280 days) for `list build`",
     runExportCrossings});

}  // namespace
}  // namespace bordergate::cli
#endif
