#include "cli_spec.h"

#include <algorithm>
#include <utility>

#include "host_config.h"

namespace tandem::standalone {
namespace {

constexpr std::string_view kTagline = "Tandem: reverse mentoring for HR and intranet suites.";
constexpr std::string_view kUsage = "tandem [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]";
constexpr std::string_view kExitCodes = "Exit codes: 0 ok, 1 failure, 2 usage error.";

std::string optionLabel(const OptionSpec& o) {
  std::string label = o.name == "help" ? "-h, --help" : "--" + std::string(o.name);
  if (!o.metavar.empty()) label += " " + std::string(o.metavar);
  return label;
}

constexpr std::size_t kWidth = 100;

// Word-wraps text to lines of at most width characters (longer words stay whole).
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t space = text.find(' ', pos);
    const std::size_t end = space == std::string_view::npos ? text.size() : space;
    const std::string_view word = text.substr(pos, end - pos);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Two-column rows; the right column wraps with a hanging indent.
void appendRows(std::string& out, const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t left = 0;
  for (const auto& row : rows) left = std::max(left, row.first.size());
  const std::size_t indent = 2 + left + 2;
  const std::size_t right = kWidth > indent + 30 ? kWidth - indent : 30;
  for (const auto& [name, text] : rows) {
    const std::vector<std::string> lines = wrap(text, right);
    out += "  " + name + std::string(left - name.size() + 2, ' ');
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) out += std::string(indent, ' ');
      out += lines[i] + "\n";
    }
    if (lines.empty()) out += "\n";
  }
}

void appendParagraph(std::string& out, std::string_view text) {
  for (const auto& line : wrap(text, kWidth)) out += line + "\n";
}

std::vector<std::pair<std::string, std::string>> optionRows(const std::vector<OptionSpec>& opts) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& o : opts) rows.emplace_back(optionLabel(o), std::string(o.help));
  return rows;
}

std::string commandUsage(const CommandSpec& c) {
  std::string usage = "tandem " + std::string(c.name);
  if (!c.options.empty()) usage += " [OPTIONS]";
  if (!c.arguments.empty()) usage += " " + std::string(c.arguments);
  return usage;
}

std::string mdEscape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') {
      out += "\\|";
    } else if (ch == '<') {
      out += "&lt;";
    } else if (ch == '>') {
      out += "&gt;";
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

const std::vector<OptionSpec>& globalOptions() {
  static const std::vector<OptionSpec> kOptions = {
      {"config", "FILE", "Configuration file (.properties or .ini)"},
      {"data-dir", "DIR", "Data directory (database, session key, demo accounts) [./var/tandem]"},
      {"plugin", "PATH", "Plugin library to load [the libtandem.so built with this binary]"},
      {"log-level",
       "LEVEL",
       "Log level: trace, debug, info, warn, error or off [info]",
       {"trace", "debug", "info", "warn", "error", "off"}},
      {"help", "", "Show help and exit"},
  };
  return kOptions;
}

const std::vector<CommandSpec>& commandSpecs() {
  static const std::vector<CommandSpec> kCommands = {
      {"serve",
       "",
       0,
       0,
       "Run the standalone host: sign-in, the Tandem UI and the API over HTTP",
       "Loads the plugin, listens on HOST:PORT and serves /ui/, /api/v1/, /healthz and /metrics. "
       "With ldap.uri set, the plugin also syncs the directory every ldap.sync_interval_minutes "
       "and when an HR admin clicks Sync now on the HR page. Stops cleanly on SIGINT or SIGTERM "
       "(a running sync is cancelled).",
       {{"listen", "HOST:PORT", "Address to listen on [127.0.0.1:8080]"},
        {"demo", "", "Demo mode: password-less sign-in as any seeded employee (/login)"}}},
      {"import",
       "FILE",
       1,
       1,
       "Import employees from a CSV or SCIM JSON file",
       "Adds or updates employees from FILE and prints how many were added, updated, unchanged "
       "and rejected (with each rejected row and its reason).",
       {{"format", "FORMAT", "File format: auto, csv or scim [auto]", {"auto", "csv", "scim"}},
        {"json", "", "Print the job's JSON result instead of a summary"}}},
      {"demo",
       "",
       0,
       0,
       "Seed a fictional company to try Tandem",
       "Creates employees, departments and participants, and writes the demo accounts to "
       "<data_dir>/demo-accounts.json for `tandem serve --demo`.",
       {{"employees", "N", "Number of employees to create [600]"},
        {"seed", "S", "Random seed, for a reproducible company [42]"},
        {"json", "", "Print the job's JSON result instead of a summary"}}},
      {"sync",
       "SOURCE",
       1,
       1,
       "Sync employees and groups from a directory (SOURCE: ldap or scim)",
       "ldap reads the LDAP directory configured by the ldap.* keys (flags override them) and "
       "writes it into the store in batches: adds and updates people keyed by the server's stable "
       "id, joins managers and nested groups by DN, and deactivates people who left (never more "
       "than ldap.deletion_guard_share of them without --force). Without --full or --incremental "
       "the sync is incremental when an earlier run stored a watermark, else full. Incremental "
       "sync uses RFC 4533 syncrepl when the server offers it (sees deletions), uSNChanged on one "
       "Active Directory DC, or modifyTimestamp (no deletions: a full sync finds those); "
       "ldap.incremental (auto, syncrepl, usn, timestamp, off) forces one. scim pulls from a "
       "remote SCIM 2.0 server (--url and --token-file, or the scim_client.* keys): it reads "
       "/ServiceProviderConfig first and uses only what the server supports, pages through "
       "/Users and /Groups, adds and updates people keyed by their SCIM id, joins managers and "
       "group members by id, and deactivates people the server no longer lists (never more than "
       "scim_client.deletion_guard_share of them without --force); always a full sync. Both "
       "print a summary (or JSON with mode, added, updated, deactivated, unchanged, warnings and "
       "duration_ms) and exit 1 naming the server's error when the sync fails; a failed sync "
       "deactivates nobody.",
       {{"full", "", "Read the whole directory (and take a new incremental watermark)"},
        {"incremental",
         "",
         "Read only what changed since the stored watermark (a full sync when there is none)"},
        {"force", "", "Deactivate even when more than the deletion guard share would go"},
        {"json", "", "Print the sync summary as JSON"},
        {"uri", "URI", "LDAP server URI(s), overrides ldap.uri"},
        {"bind-dn", "DN", "Bind DN, overrides ldap.bind_dn"},
        {"password-file", "FILE", "Bind password file, overrides ldap.password_file"},
        {"base-dn", "DN", "Search base for people, overrides ldap.base_dn"},
        {"preset",
         "PRESET",
         "Attribute mapping, overrides ldap.preset",
         {"openldap", "active-directory", "freeipa"}},
        {"ca-file", "FILE", "CA certificates (PEM), overrides ldap.ca_file or scim_client.ca_file"},
        {"url", "URL", "scim: base URL of the SCIM server, overrides scim_client.url"},
        {"token-file",
         "FILE",
         "scim: file holding the bearer token, overrides scim_client.token_file"}}},
      {"scim",
       "token ACTION [NAME]",
       2,
       3,
       "Manage the bearer tokens of SCIM identity providers (ACTION: create, list or revoke)",
       "IT manages the bearer tokens identity providers (Okta, Entra) use to push people and "
       "groups to /scim/v2. `tandem scim token create --name NAME` makes a token and prints it "
       "once, alone on the last line of standard output: store it in the identity provider now, "
       "Tandem keeps only its SHA-256 hash. A name has at most one active token (creating a "
       "second one exits 1). `tandem scim token list` shows each token's name, creation time, "
       "last use and status, never a secret. `tandem scim token revoke NAME` refuses the token "
       "from then on (exit 1 when NAME has no active token). A name other than 1 to 64 letters, "
       "digits, '.', '_' or '-' is a usage error (exit 2).",
       {{"name", "NAME", "Name of the token to create, e.g. the identity provider (okta)"},
        {"json", "", "Print the job's JSON result (for create: including the token)"}}},
      {"pair",
       "[replay RUN]",
       0,
       2,
       "Pair mentors and mentees: a program's run, an instance file, or the replay of a run",
       "`tandem pair --program ID` pairs the program's eligible participants with the exact "
       "optimiser and stores the run as a draft for HR to review in the UI (--dry-run prints "
       "the pairs and stores nothing). `tandem pair --instance FILE.json` solves a "
       "self-contained instance (docs/pairing-instance.md) without reading or writing the "
       "store and prints the pairs, the objective and the unmatched people with their reasons; "
       "--dump-graph DIR also writes DIR/edges.csv, DIR/capacities.csv and DIR/pairs.csv so "
       "any other solver can check the optimum. `tandem pair replay RUN` recomputes a stored "
       "run from its recorded input and settings and exits 1 when the pairs differ. Scores are "
       "printed in points (the JSON and CSV files carry integer thousandths).",
       {{"program", "ID", "Program to pair (its eligible, opted-in participants)"},
        {"instance", "FILE", "Self-contained instance file (JSON) to solve without the store"},
        {"dry-run", "", "With --program: compute and print, store nothing"},
        {"dump-graph", "DIR", "With --instance: write the candidate graph and pairs as CSV"},
        {"json", "", "Print the job's JSON result"}}},
      {"health",
       "",
       0,
       0,
       "Load the plugin and print its health as JSON (exit 1 when down)",
       "Starts the plugin against the data directory, prints its health report and stops it.",
       {}},
      {"version",
       "",
       0,
       0,
       "Print the host, plugin and ABI versions",
       "Loads the plugin library without starting it and prints its name and version.",
       {}},
      {"help",
       "[COMMAND]",
       0,
       1,
       "Show help for tandem or one command",
       "Prints the help of COMMAND, or of tandem.",
       {{"markdown", "", "Print the complete help as Markdown (for the README)"}}},
  };
  return kCommands;
}

const CommandSpec* findCommand(std::string_view name) {
  for (const auto& c : commandSpecs()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string helpText() {
  std::string out = std::string(kTagline) + "\n\nUsage: " + std::string(kUsage) + "\n\nCommands:\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& c : commandSpecs())
    rows.emplace_back(std::string(c.name), std::string(c.summary));
  appendRows(out, rows);
  out += "\nGlobal options:\n";
  appendRows(out, optionRows(globalOptions()));
  out += "\nConfiguration keys (defaults < --config file < TANDEM_* environment < flags):\n";
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& k : configKeys()) {
    keys.emplace_back(std::string(k.key) + " / " + std::string(k.env),
                      std::string(k.help) + " [" + std::string(k.defaultValue) + "]");
  }
  appendRows(out, keys);
  out += "\nRun 'tandem COMMAND --help' for a command's options.\n";
  out += std::string(kExitCodes) + "\n";
  return out;
}

std::string commandHelpText(std::string_view name) {
  const CommandSpec* c = findCommand(name);
  if (c == nullptr) return helpText();
  std::string out = "Usage: " + commandUsage(*c) + "\n\n" + std::string(c->summary) + ".\n";
  appendParagraph(out, c->description);
  if (!c->options.empty()) {
    out += "\nOptions:\n";
    appendRows(out, optionRows(c->options));
  }
  out += "\nGlobal options:\n";
  appendRows(out, optionRows(globalOptions()));
  out += "\n" + std::string(kExitCodes) + "\n";
  return out;
}

std::string helpMarkdown() {
  std::string out = "```\n" + std::string(kUsage) + "\n```\n\n" + std::string(kTagline) + "\n\n";
  out += "| command | what it does |\n|---|---|\n";
  for (const auto& c : commandSpecs()) {
    out += "| `" + commandUsage(c) + "` | " + mdEscape(c.summary) + " |\n";
  }
  out += "\n**Global options**\n\n| option | |\n|---|---|\n";
  for (const auto& o : globalOptions()) {
    out += "| `" + optionLabel(o) + "` | " + mdEscape(o.help) + " |\n";
  }
  for (const auto& c : commandSpecs()) {
    out += "\n**`tandem " + std::string(c.name) + "`**: " + mdEscape(c.description) + "\n";
    if (!c.options.empty()) {
      out += "\n| option | |\n|---|---|\n";
      for (const auto& o : c.options) {
        out += "| `" + optionLabel(o) + "` | " + mdEscape(o.help) + " |\n";
      }
    }
  }
  out += "\n**Configuration** (defaults < `--config` file < `TANDEM_*` environment < flags)\n\n";
  out += "| key | environment | default | |\n|---|---|---|---|\n";
  for (const auto& k : configKeys()) {
    out += "| `" + std::string(k.key) + "` | `" + std::string(k.env) + "` | `" +
           std::string(k.defaultValue) + "` | " + mdEscape(k.help) + " |\n";
  }
  out += "\n" + std::string(kExitCodes) + "\n";
  return out;
}

}  // namespace tandem::standalone
