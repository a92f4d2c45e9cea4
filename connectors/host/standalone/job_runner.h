// What the job commands (import, demo, sync, scim, pair) share: running a plugin job with a
// progress bar that SIGINT cancels, printing failures, parsing integers, usage errors.
// Thread-safety: called from main's thread only.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "cli_spec.h"
#include "commands.h"
#include "host/common/plugin_loader.h"

namespace tandem::standalone {

// Parses a decimal integer in [lo, hi]; false (out untouched) otherwise.
bool parseInteger(const std::string& text, long long lo, long long hi, long long* out);

// Prints "tandem: message" and the --help hint; returns kExitUsage.
int usageError(std::ostream& err, const std::string& command, const std::string& message);

// A failure as {"error":{"code","message"}} on out with --json, else a line on err.
void printFailure(std::ostream& out, std::ostream& err, bool json, const std::string& command,
                  const host::Status& status);

// Runs a job with a progress bar on a terminal; SIGINT cancels it.
host::Result<std::string> runJobWithProgress(host::PluginLoader& plugin, const std::string& job,
                                             const std::string& args);

// j[key] as a count: the integer, the size of an array, else 0.
long long count(const nlohmann::json& j, const char* key);

// What import, sync and pair share: start the plugin, run `job` with a progress bar, print a
// failure (exit 1) or, with --json, the result as it is (exit 0). Otherwise `exitCode` is empty
// and `result` holds the parsed result for the caller's summary (a result that is not a JSON
// object was printed as it is, exit 0).
struct JobOutcome {
  std::optional<int> exitCode;
  nlohmann::json result;
};

JobOutcome runJobCommand(const HostConfig& config, std::ostream& out, std::ostream& err,
                         bool json, const std::string& command, const std::string& job,
                         const nlohmann::json& args);

}  // namespace tandem::standalone
