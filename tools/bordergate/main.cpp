// bordergate: command-line entry point. Dispatches to the registered subcommands.
#include <algorithm>
#include <iostream>

#include "command.h"

using namespace bordergate::cli;

namespace {
void printHelp(std::ostream& out) {
  out << "bordergate " BORDERGATE_VERSION " - border-gate kiosk and document reader\n\nCommands:\n";
  auto all = commands();
  std::sort(all.begin(), all.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
  for (const auto& c : all) out << "  bordergate " << c.synopsis << "\n";
  out << "\nExit codes: 0 success, 1 negative result (e.g. invalid MRZ), 2 usage or environment error.\n";
}
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printHelp(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "bordergate " BORDERGATE_VERSION "\n";
    return 0;
  }
  // Longest match first: "list build" wins over "list".
  const Command* best = nullptr;
  std::size_t bestWords = 0;
  for (const auto& c : commands()) {
    const std::size_t words = static_cast<std::size_t>(std::count(c.name.begin(), c.name.end(), ' ')) + 1;
    if (words > args.size() || words <= bestWords) continue;
    std::string joined = args[0];
    for (std::size_t i = 1; i < words; ++i) joined += " " + args[i];
    if (joined == c.name) { best = &c; bestWords = words; }
  }
  Io io{std::cin, std::cout, std::cerr};
  if (!best) {
    std::cerr << "bordergate: unknown command '" << args[0] << "'\n\n";
    printHelp(std::cerr);
    return 2;
  }
  std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(bestWords), args.end());
  // `bordergate COMMAND --help` (or -h) prints that command's usage and succeeds; before, each
  // command refused it as an unknown option (exit 2).
  if (std::find_if(rest.begin(), rest.end(), [](const std::string& a) { return a == "--help" || a == "-h"; }) != rest.end()) {
    std::cout << "usage: bordergate " << best->synopsis << "\n";
    return 0;
  }
  return best->run(rest, io);
}
