// `bordergate demo`: the kiosk's main job on the shipped defaults, with no hardware.
// Parses the bundled specimen MRZs (images/specimens/*.txt) and prints each result.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "bordergate/mrz/countries.h"
#include "bordergate/mrz/parser.h"
#include "command.h"
#include "json_out.h"

namespace bordergate::cli {
namespace {

int runDemo(const std::vector<std::string>& args, Io& io) {
  Options opt(args, {"specimens"}, {"json"});
  if (!opt.ok()) return usageError(io, "demo", opt.error());
  namespace fs = std::filesystem;
  const fs::path dir = opt.get("specimens", dataDir() + "/images/specimens");
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  if (ec || files.empty()) {
    io.err << "bordergate demo: no specimen MRZ files (*.txt) in " << dir.string()
           << "; pass --specimens DIR or set BORDERGATE_DATA_DIR to the source tree\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  int valid = 0;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto r = mrz::parse(ss.str());
    valid += r.valid() ? 1 : 0;
    if (opt.has("json")) {
      Json j = mrzRecordJson(r);
      io.out << dumpLine(Json{{"file", path.filename().string()}, {"result", j}}) << "\n";
      continue;
    }
    io.out << "== " << path.filename().string() << "\n";
    for (const auto& l : r.lines) io.out << "   " << l << "\n";
    io.out << "   " << (r.valid() ? "VALID  " : "INVALID") << "  "
           << (r.format ? std::string(mrz::formatName(*r.format)) : std::string("?")) << "  "
           << r.surname << ", " << r.givenNames << "  doc " << r.documentNumber << "  "
           << r.nationality << " (" << mrz::countryName(r.nationality).value_or("unknown") << ")"
           << "  born " << (r.birthDate.date() ? r.birthDate.date()->iso() : "unknown")
           << "  expires " << (r.expiryDate.date() ? r.expiryDate.date()->iso() : "-") << "\n";
    io.out << "   checks:";
    for (const auto& c : r.checks) io.out << " " << c.name << (c.passed ? " ok" : " FAIL");
    io.out << "\n";
    for (const auto& e : r.errors) io.out << "   error: " << e.message << "\n";
    for (const auto& w : r.warnings) io.out << "   note: " << w.message << "\n";
  }
  io.out << valid << " of " << files.size() << " specimen MRZs valid\n";
  return valid == static_cast<int>(files.size()) ? 0 : 1;
}

const CommandRegistration kDemo({"demo", "demo [--specimens DIR] [--json]   parse the bundled specimen MRZs and print the results", runDemo});

}  // namespace
}  // namespace bordergate::cli
