// `bordergate keygen --out PREFIX`: an Ed25519 key pair for signing list repositories.
#ifdef HAVE_BORDERGATE_SYNC
#include <iostream>

#include "bordergate/sync/keys.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runKeygen(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"out"}, {});
  if (!opt.ok()) return usageError(io, "keygen", opt.error());
  if (!opt.has("out")) return usageError(io, "keygen", "--out PREFIX is required");
  auto k = sync::generateKeyPair(opt.get("out"));
  if (!k) {
    io.err << "bordergate keygen: " << k.error().message << "\n";
    return 2;
  }
  io.out << dumpLine(Json{{"key_id", k->keyId}, {"public", k->publicPath}, {"secret", k->secretPath}}) << "\n";
  return 0;
}

const CommandRegistration reg({"keygen", "keygen --out PREFIX   new Ed25519 signing key: PREFIX.pub, PREFIX.key (mode 0600)", runKeygen});

}  // namespace
}  // namespace bordergate::cli
#endif
