// Subcommand registry of the `bordergate` CLI. Each cmd_*.cpp registers its commands with a
// static CommandRegistration; main() dispatches on the longest registered name prefix
// ("list build" before "list"). Exit codes, for every command: 0 success, 1 a negative
// result (e.g. invalid MRZ), 2 usage or environment error.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bordergate::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string name;     // one or two words: "parse", "list build"
  std::string synopsis; // one line: "parse [--today YYYY-MM-DD]   read MRZ lines from stdin"
  int (*run)(const std::vector<std::string>& args, Io& io);  // args exclude the name words
};

std::vector<Command>& commands();

struct CommandRegistration {
  explicit CommandRegistration(Command c) { commands().push_back(std::move(c)); }
};

// A tiny option parser shared by the commands: `--key value`, `--key=value` and flags.
class Options {
 public:
  // `flags` are options that take no value. Unknown options are an error reported by ok().
  Options(const std::vector<std::string>& args, std::vector<std::string> valued,
          std::vector<std::string> flags);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool has(std::string_view key) const;
  std::string get(std::string_view key, std::string fallback = {}) const;
  std::vector<std::string> getAll(std::string_view key) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

// Prints "bordergate <name>: <message>" and the command's synopsis to err; returns 2.
int usageError(Io& io, std::string_view command, std::string_view message);

// An option's value as a number: the whole string (std::stol/stod read a prefix, so "30abc"
// would be 30), within [lo, hi], and for a double finite (NaN passes every range check).
// nullopt otherwise.
std::optional<long> parseLong(const std::string& s, long lo, long hi);
std::optional<double> parseFiniteDouble(const std::string& s, double lo, double hi);

// Root of the shipped data (vision/models, rules/data; images/ in a source tree):
// $BORDERGATE_DATA_DIR if set, else the source tree for a program run from its build tree,
// else the installed tree beside the program (bordergate/core/data_dir.h).
std::string dataDir();

}  // namespace bordergate::cli
