// Test-only helper that runs an external program (ldapsearch, slapadd, openssl) and captures its
// output. Not thread-safe with respect to the process environment; fine for tests.
#pragma once

#include <string>
#include <vector>

namespace tandem::testing {

struct CommandResult {
  int exitCode = -1;   // the program's exit status; 128+N when killed by signal N; -1 if not started
  std::string output;  // stdout followed by stderr
};

// Runs argv[0] (looked up in PATH, plus /usr/sbin and /sbin) with `input` on stdin and `extraEnv`
// ("NAME=value") added to the environment. Waits for it. Never throws for a failing program.
CommandResult runCommand(const std::vector<std::string>& argv, const std::string& input = {},
                         const std::vector<std::string>& extraEnv = {});

// Finds an executable by name in PATH, /usr/sbin and /sbin; returns "" when missing.
std::string findProgram(const std::string& name);

}  // namespace tandem::testing
