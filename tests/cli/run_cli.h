// Runs build/bin/bordergate as a child process for black-box CLI tests.
#pragma once

#include <string>

struct CliRun {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs `bordergate ARGS` (ARGS is passed to /bin/sh, so quote as in a shell) with `input`
// on stdin. stdout and stderr are captured separately.
CliRun runCli(const std::string& args, const std::string& input = "");
