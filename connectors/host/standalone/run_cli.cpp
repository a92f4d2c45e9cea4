#include <ostream>

#include "cli_spec.h"
#include "commands.h"
#include "host/common/json_log.h"

namespace tandem::standalone {

std::map<std::string, std::string> configFlags(const CommandLine& line) {
  static const std::map<std::string, std::string> kFlagToKey = {
      {"data-dir", "data_dir"},
      {"plugin", "plugin"},
      {"log-level", "log_level"},
      {"listen", "listen"},
      {"demo", "demo"},
      {"uri", "ldap.uri"},
      {"bind-dn", "ldap.bind_dn"},
      {"password-file", "ldap.password_file"},
      {"base-dn", "ldap.base_dn"},
      {"preset", "ldap.preset"},
      {"ca-file", "ldap.ca_file"}};
  std::map<std::string, std::string> flags;
  for (const auto& [flag, key] : kFlagToKey) {
    if (line.has(flag)) flags[key] = line.get(flag);
  }
  return flags;
}

int runCli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
           std::ostream& out, std::ostream& err) {
  const ParseResult parsed = parseCommandLine(args);
  if (!parsed.ok) {
    err << "tandem: " << parsed.error.message << "\n" << parsed.error.hint << "\n";
    return kExitUsage;
  }
  const CommandLine& line = parsed.line;
  if (line.command.empty()) {
    if (line.help) {
      out << helpText();
      return kExitOk;
    }
    err << helpText();
    return kExitUsage;
  }
  if (line.help) {
    out << commandHelpText(line.command);
    return kExitOk;
  }
  if (line.command == "help") {
    if (line.has("markdown")) {
      out << helpMarkdown();
    } else if (line.args.empty()) {
      out << helpText();
    } else if (findCommand(line.args[0]) != nullptr) {
      out << commandHelpText(line.args[0]);
    } else {
      err << "tandem: unknown command '" << line.args[0] << "'\nRun 'tandem --help' for usage.\n";
      return kExitUsage;
    }
    return kExitOk;
  }

  auto config = HostConfig::load(line.get("config"), env, configFlags(line));
  if (!config.isOk()) {
    err << "tandem: " << config.status().message() << "\n";
    return kExitFailure;
  }
  host::JsonLog::setLevel(*host::JsonLog::parseLevel(config->logLevel));

  if (line.command == "serve") return runServe(*config, line, out, err);
  if (line.command == "import") return runImport(*config, line, out, err);
  if (line.command == "demo") return runDemo(*config, line, out, err);
  if (line.command == "sync") return runSync(*config, line, out, err);
  if (line.command == "scim") return runScim(*config, line, out, err);
  if (line.command == "pair") return runPair(*config, line, out, err);
  if (line.command == "health") return runHealth(*config, line, out, err);
  if (line.command == "version") return runVersion(*config, line, out, err);
  err << "tandem: command '" << line.command << "' is not implemented\n";
  return kExitFailure;
}

}  // namespace tandem::standalone
