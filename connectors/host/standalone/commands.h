// The `tandem` subcommands. Each returns a process exit code (kExitOk, kExitFailure, kExitUsage),
// writes results to out and messages to err (logs go to stderr as JSON lines).
// Thread-safety: called once from main's thread.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "command_line.h"
#include "host_config.h"

namespace tandem::standalone {

// The whole CLI: parses args (without the program name), resolves the configuration from env and
// flags, and runs the command.
int runCli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
           std::ostream& out, std::ostream& err);

int runServe(const HostConfig& config, const CommandLine& line, std::ostream& out,
             std::ostream& err);
int runImport(const HostConfig& config, const CommandLine& line, std::ostream& out,
              std::ostream& err);
int runDemo(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err);
int runSync(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err);
// tandem scim token create|list|revoke: runs the plugin's scim_token job.
int runScim(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err);
// tandem pair --program ID | --instance FILE | replay RUN: runs the plugin's pairing jobs.
int runPair(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err);
int runHealth(const HostConfig& config, const CommandLine& line, std::ostream& out,
              std::ostream& err);
int runVersion(const HostConfig& config, const CommandLine& line, std::ostream& out,
               std::ostream& err);

// Maps command-line options to configuration keys ("data-dir" -> "data_dir"; switches -> "true").
std::map<std::string, std::string> configFlags(const CommandLine& line);

}  // namespace tandem::standalone
