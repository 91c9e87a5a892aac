// Registry and option parsing for the bordergate CLI.
#include "command.h"

#include "bordergate/core/data_dir.h"

#include <cmath>
#include <cstdlib>
#include <ostream>

namespace bordergate::cli {

std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}

Options::Options(const std::vector<std::string>& args, std::vector<std::string> valued,
                 std::vector<std::string> flags) {
  auto contains = [](const std::vector<std::string>& v, const std::string& k) {
    for (const auto& x : v) if (x == k) return true;
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string key = a.substr(2), value;
      bool inlineValue = false;
      if (auto eq = key.find('='); eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
        inlineValue = true;
      }
      if (contains(flags, key)) {
        if (inlineValue) { error_ = "option --" + key + " takes no value"; return; }
        values_.emplace_back(key, "");
      } else if (contains(valued, key)) {
        if (!inlineValue) {
          if (i + 1 >= args.size()) { error_ = "option --" + key + " needs a value"; return; }
          value = args[++i];
        }
        values_.emplace_back(key, value);
      } else {
        error_ = "unknown option --" + key;
        return;
      }
    } else {
      positional_.push_back(a);
    }
  }
}

bool Options::has(std::string_view key) const {
  for (const auto& [k, v] : values_) if (k == key) return true;
  return false;
}

std::string Options::get(std::string_view key, std::string fallback) const {
  for (auto it = values_.rbegin(); it != values_.rend(); ++it)
    if (it->first == key) return it->second;
  return fallback;
}

std::vector<std::string> Options::getAll(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : values_) if (k == key) out.push_back(v);
  return out;
}

int usageError(Io& io, std::string_view command, std::string_view message) {
  io.err << "bordergate " << command << ": " << message << "\n";
  for (const auto& c : commands())
    if (c.name == command) io.err << "usage: bordergate " << c.synopsis << "\n";
  return 2;
}

std::optional<long> parseLong(const std::string& s, long lo, long hi) {
  try {
    std::size_t used = 0;
    const long v = std::stol(s, &used);
    if (used != s.size() || v < lo || v > hi) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<double> parseFiniteDouble(const std::string& s, double lo, double hi) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(v) || v < lo || v > hi) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::string dataDir() { return shippedDataDir(BORDERGATE_SOURCE_DIR).string(); }

}  // namespace bordergate::cli
