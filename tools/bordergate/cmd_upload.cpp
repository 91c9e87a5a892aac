// `bordergate upload --state DIR --centre CONNINFO`: drain the kiosk outbox into the centre.
#ifdef HAVE_BORDERGATE_SYNC
#include <filesystem>
#include <iostream>

#include "bordergate/sync/state_store.h"
#include "bordergate/sync/uploader.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runUpload(const std::vector<std::string>& args, Io& io) {
  const char* name = "upload";
  Options opt(args, {"state", "centre", "batch", "purge-after"}, {"allow-plaintext"});
  if (!opt.ok()) return usageError(io, name, opt.error());
  if (!opt.positional().empty()) return usageError(io, name, "unexpected argument '" + opt.positional()[0] + "'");
  if (!opt.has("state") || !opt.has("centre")) return usageError(io, name, "--state DIR and --centre CONNINFO are required");
  sync::UploadOptions uo;
  uo.conninfo = opt.get("centre");
  uo.requireTls = !opt.has("allow-plaintext");
  if (opt.has("batch")) {
    try {
      uo.batchSize = static_cast<std::size_t>(std::stoul(opt.get("batch")));
    } catch (...) {
      return usageError(io, name, "--batch must be a positive integer");
    }
  }
  const std::string dbPath = opt.get("state") + "/state.db";
  // Never create an empty state database here: a mistyped --state would "succeed" with 0 events.
  if (!std::filesystem::exists(dbPath)) {
    io.err << "bordergate upload: no kiosk state database at " << dbPath << " (check --state)\n";
    return 2;
  }
  auto store = sync::StateStore::open(dbPath);
  if (!store) {
    io.err << "bordergate upload: " << store.error().message << "\n";
    return 2;
  }
  auto r = sync::uploadOutbox(*store, uo);
  if (!r) {
    io.out << dumpLine(Json{{"ok", false}, {"error", errorCodeName(r.error().code)}, {"message", r.error().message}}) << "\n";
    io.err << "bordergate upload: " << r.error().message << "\n";
    return r.error().code == ErrorCode::InvalidArgument ? 2 : 1;
  }
  Json j{{"ok", true}, {"sent", r->sent}, {"inserted", r->inserted}, {"duplicates", r->duplicates}, {"batches", r->batches},
         {"remaining", r->remaining}};
  if (opt.has("purge-after")) {
    auto d = sync::parseDuration(opt.get("purge-after"));
    if (!d) return usageError(io, name, "--purge-after must be a duration like 30d");
    auto p = store->purgeAcknowledged(sync::Clock::now() - *d);
    if (!p) {
      io.err << "bordergate upload: purge failed: " << p.error().message << "\n";
      return 1;
    }
    j["purged"] = *p;
  }
  io.out << dumpLine(j) << "\n";
  return 0;
}

const CommandRegistration reg({"upload", "upload --state DIR --centre CONNINFO [--batch 1000] [--purge-after 30d]   send recorded events to the centre",
                               runUpload});

}  // namespace
}  // namespace bordergate::cli
#endif
