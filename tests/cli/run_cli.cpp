// Child-process runner for CLI tests (POSIX shell redirections into temporary files).
#include "run_cli.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

CliRun runCli(const std::string& args, const std::string& input) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("bordergate-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "in", std::ios::binary) << input; }
  const std::string cmd = std::string("'") + BORDERGATE_BINARY_DIR + "/bin/bordergate' " + args + " <'" +
                          (dir / "in").string() + "' >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  CliRun r;
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}
