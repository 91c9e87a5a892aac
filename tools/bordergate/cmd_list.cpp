// `bordergate list build`: validates the central authority's CSV export and builds the list.
#ifdef HAVE_BORDERGATE_RULES
#include <fstream>
#include <iostream>
#include <sstream>

#include "bordergate/core/text.h"
#include "bordergate/rules/list_builder.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runListBuild(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"from", "out", "version", "hash-key-file"}, {"json"});
  if (!opt.ok()) return usageError(io, "list build", opt.error());
  if (!opt.positional().empty()) return usageError(io, "list build", "unexpected argument '" + opt.positional()[0] + "'");
  if (!opt.has("from") || !opt.has("out")) return usageError(io, "list build", "--from DIR and --out FILE are required");
  rules::BuildOptions bo;
  bo.fromDir = opt.get("from");
  bo.outPath = opt.get("out");
  if (opt.has("version")) {
    const std::string v = opt.get("version");
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      return usageError(io, "list build", "--version '" + v + "' is not a decimal integer");
    bo.version = std::stoll(v);
  }
  if (opt.has("hash-key-file")) {
    std::ifstream in(opt.get("hash-key-file"));
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) return usageError(io, "list build", "cannot read --hash-key-file " + opt.get("hash-key-file"));
    auto key = rules::parseHashKey(std::string(text::trim(ss.str())));
    if (!key) return usageError(io, "list build", opt.get("hash-key-file") + ": " + key.error().message);
    bo.hashKey = *key;
  }
  auto summary = rules::buildList(bo);
  if (!summary) {
    io.err << "bordergate list build: " << summary.error().message << "\n";
    return 2;
  }
  if (opt.has("json")) {
    Json j;
    j["out"] = bo.outPath;
    j["version"] = summary->version;
    j["built_at"] = rules::formatTimestamp(summary->builtAt);
    j["bytes"] = summary->fileBytes;
    Json rows = Json::object();
    for (const auto& [file, n] : summary->rowCounts) rows[file] = n;
    j["rows"] = rows;
    j["random_hash_key"] = summary->randomHashKey;
    io.out << dumpLine(j) << "\n";
  } else {
    io.out << "built " << bo.outPath << ": version " << summary->version << ", built_at "
           << rules::formatTimestamp(summary->builtAt) << ", " << summary->fileBytes << " bytes\n";
    for (const auto& [file, n] : summary->rowCounts) io.out << "  " << file << ": " << n << " rows\n";
  }
  if (summary->randomHashKey)
    io.err << "bordergate list build: note: no HASH_KEY in " << bo.fromDir
           << " and no --hash-key-file: lost documents are hashed with a new random key, so a sync delta "
              "to the previous list will carry the whole lost_documents table\n";
  return 0;
}

const CommandRegistration kListBuild(
    {"list build",
     "list build --from DIR --out FILE.db [--version N] [--hash-key-file F] [--json]   validate the CSV export "
     "in DIR and build the list (atomically; a bad file builds nothing)",
     runListBuild});

}  // namespace
}  // namespace bordergate::cli
#endif
