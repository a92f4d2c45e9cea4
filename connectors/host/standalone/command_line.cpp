#include "command_line.h"

#include <algorithm>

#include "cli_spec.h"

namespace tandem::standalone {
namespace {

const OptionSpec* findOption(const std::vector<OptionSpec>& options, std::string_view name) {
  for (const auto& o : options) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

ParseResult fail(std::string message, std::string_view command) {
  ParseResult r;
  r.ok = false;
  r.error.message = std::move(message);
  r.error.hint = command.empty() ? "Run 'tandem --help' for usage."
                                 : "Run 'tandem " + std::string(command) + " --help' for usage.";
  return r;
}

}  // namespace

ParseResult parseCommandLine(const std::vector<std::string>& argv) {
  ParseResult result;
  CommandLine& line = result.line;
  const CommandSpec* command = nullptr;
  bool optionsEnded = false;

  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& token = argv[i];
    if (!optionsEnded && token == "--") {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && (token == "-h" || token == "--help")) {
      line.help = true;
      continue;
    }
    if (!optionsEnded && token.size() > 1 && token[0] == '-') {
      if (token.size() < 3 || token[1] != '-') {
        return fail("unknown option " + token, line.command);
      }
      const std::size_t eq = token.find('=');
      const std::string name =
          token.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const OptionSpec* spec = findOption(globalOptions(), name);
      if (spec == nullptr && command != nullptr) spec = findOption(command->options, name);
      if (spec == nullptr) {
        if (command == nullptr) {
          // A command option before the command: say where it belongs when we know.
          for (const auto& c : commandSpecs()) {
            if (findOption(c.options, name) != nullptr) {
              return fail("option --" + name + " must follow the command (tandem " +
                              std::string(c.name) + " --" + name + ")",
                          "");
            }
          }
          return fail("unknown option --" + name, "");
        }
        return fail("unknown option --" + name + " for 'tandem " + line.command + "'",
                    line.command);
      }
      std::string value;
      if (spec->metavar.empty()) {
        if (eq != std::string::npos) {
          return fail("option --" + name + " takes no value", line.command);
        }
        value = "true";
      } else if (eq != std::string::npos) {
        value = token.substr(eq + 1);
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return fail("option --" + name + " needs a value (" + std::string(spec->metavar) + ")",
                    line.command);
      }
      if (!spec->metavar.empty() && value.empty()) {
        return fail("option --" + name + " needs a non-empty value", line.command);
      }
      if (!spec->choices.empty() &&
          std::find(spec->choices.begin(), spec->choices.end(), value) == spec->choices.end()) {
        std::string allowed;
        for (const auto& c : spec->choices)
          allowed += (allowed.empty() ? "" : ", ") + std::string(c);
        return fail("invalid value '" + value + "' for --" + name + " (expected " + allowed + ")",
                    line.command);
      }
      if (line.options.count(name) != 0) {
        return fail("option --" + name + " given twice", line.command);
      }
      line.options[name] = value;
      continue;
    }
    if (command == nullptr) {
      command = findCommand(token);
      if (command == nullptr) return fail("unknown command '" + token + "'", "");
      line.command = token;
      continue;
    }
    line.args.push_back(token);
  }

  if (command != nullptr && !line.help) {
    if (line.args.size() < command->minArgs) {
      return fail("'tandem " + line.command + "' needs " + std::string(command->arguments),
                  line.command);
    }
    if (line.args.size() > command->maxArgs) {
      return fail("unexpected argument '" + line.args[command->maxArgs] + "'", line.command);
    }
  }
  return result;
}

}  // namespace tandem::standalone
