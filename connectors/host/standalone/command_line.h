// Parses `tandem` arguments against the table in cli_spec.h. Global options may appear before or
// after the command; `--name value` and `--name=value` are both accepted; `--` ends options.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tandem::standalone {

struct CommandLine {
  std::string command;  // "" when none was given
  std::map<std::string, std::string>
      options;                    // option name (no dashes) -> value; "true" for switches
  std::vector<std::string> args;  // positional arguments after the command
  bool help = false;              // --help / -h was given

  bool has(const std::string& name) const { return options.count(name) != 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const {
    const auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
  }
};

// A usage error: what is wrong and which help to look at.
struct UsageError {
  std::string message;  // "unknown option --bogus"
  std::string hint;     // "Run 'tandem import --help' for usage."
};

// argv without the program name. Exactly one of the results is set.
struct ParseResult {
  CommandLine line;
  bool ok = true;
  UsageError error;
};
ParseResult parseCommandLine(const std::vector<std::string>& argv);

}  // namespace tandem::standalone
