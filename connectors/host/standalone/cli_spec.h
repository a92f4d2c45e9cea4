// The `tandem` command line as data: subcommands, their options and help texts. This table is the
// single source of `tandem --help`, `tandem COMMAND --help`, `tandem help --markdown` (quoted by
// the README) and of the parser's validation.
//
// Thread-safety: immutable static data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tandem::standalone {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct OptionSpec {
  std::string_view name;     // without dashes: "data-dir"
  std::string_view metavar;  // "DIR"; empty for a switch
  std::string_view help;
  std::vector<std::string_view> choices = {};  // allowed values, empty = any
};

struct CommandSpec {
  std::string_view name;       // "import"
  std::string_view arguments;  // "FILE" (shown in usage)
  std::size_t minArgs = 0;
  std::size_t maxArgs = 0;
  std::string_view summary;      // one line
  std::string_view description;  // a paragraph for the command's own help
  std::vector<OptionSpec> options;
};

// Options every command accepts (before or after the command name).
const std::vector<OptionSpec>& globalOptions();
// The subcommands, in help order.
const std::vector<CommandSpec>& commandSpecs();
// The command named name, or nullptr.
const CommandSpec* findCommand(std::string_view name);

// `tandem --help`.
std::string helpText();
// `tandem COMMAND --help`; falls back to helpText() for an unknown name.
std::string commandHelpText(std::string_view name);
// `tandem help --markdown`: the same content as Markdown (commands, options, config keys).
std::string helpMarkdown();

}  // namespace tandem::standalone
