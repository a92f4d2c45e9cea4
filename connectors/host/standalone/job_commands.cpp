// tandem import, demo, sync, scim, health and version.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <vector>

#include "cli_spec.h"
#include "commands.h"
#include "demo_accounts.h"
#include "host/common/plugin_loader.h"
#include "job_runner.h"
#include "plugin_runtime.h"
#include "progress_bar.h"

#ifndef TANDEM_VERSION
#define TANDEM_VERSION "0.0.0"
#endif

namespace tandem::standalone {

int runImport(const HostConfig& config, const CommandLine& line, std::ostream& out,
              std::ostream& err) {
  const bool json = line.has("json");
  const std::string format = line.get("format", "auto");
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::absolute(line.args.at(0), ec);
  if (ec || !std::filesystem::is_regular_file(file, ec)) {
    printFailure(out, err, json, "import",
                 host::notFound("cannot read " + line.args.at(0) + ": no such file"));
    return kExitFailure;
  }
  const nlohmann::json args = {{"file", file.string()}, {"format", format}};
  const JobOutcome outcome = runJobCommand(config, out, err, json, "import", "import", args);
  if (outcome.exitCode) return *outcome.exitCode;
  const nlohmann::json& r = outcome.result;
  out << "Imported " << file.string() << " (" << r.value("format", format)
      << "): " << count(r, "added") << " added, " << count(r, "updated") << " updated, "
      << count(r, "unchanged") << " unchanged, " << count(r, "rejected") << " rejected.\n";
  if (const auto rejected = r.find("rejected"); rejected != r.end() && rejected->is_array()) {
    for (const auto& row : *rejected) {
      if (!row.is_object()) continue;
      out << "  row " << (row.contains("row") ? row["row"].dump() : "?");
      if (const auto id = row.find("externalId");
          id != row.end() && id->is_string() && !id->get_ref<const std::string&>().empty()) {
        out << " (" << id->get<std::string>() << ")";
      }
      out << ": " << row.value("reason", std::string("rejected")) << "\n";
    }
  }
  return kExitOk;
}

int runDemo(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err) {
  const bool json = line.has("json");
  long long employees = 600;
  long long seed = 42;
  if (line.has("employees") && !parseInteger(line.get("employees"), 1, 1000000, &employees)) {
    return usageError(err, "demo", "--employees must be an integer from 1 to 1000000");
  }
  if (line.has("seed") && !parseInteger(line.get("seed"), 0, 4294967295LL, &seed)) {
    return usageError(err, "demo", "--seed must be an integer from 0 to 4294967295");
  }
  auto runtime = PluginRuntime::start(config);
  if (!runtime.isOk()) {
    printFailure(out, err, json, "demo", runtime.status());
    return kExitFailure;
  }
  const nlohmann::json args = {{"employees", employees}, {"seed", seed}};
  auto result = runJobWithProgress((*runtime)->plugin(), "demo_seed", args.dump());
  if (!result.isOk()) {
    printFailure(out, err, json, "demo", result.status());
    return kExitFailure;
  }
  const nlohmann::json r = nlohmann::json::parse(*result, nullptr, /*allow_exceptions=*/false);
  const std::filesystem::path accountsFile =
      std::filesystem::path(config.dataDir) / kDemoAccountsFile;
  nlohmann::json accounts = nlohmann::json::array();
  if (r.is_object() && r.contains("accounts") && r["accounts"].is_array()) accounts = r["accounts"];
  host::Status written = writeDemoAccounts(config.dataDir, accounts);
  if (!written.isOk()) {
    printFailure(out, err, json, "demo", written);
    return kExitFailure;
  }
  if (json) {
    out << *result << "\n";
    return kExitOk;
  }
  out << "Seeded a demo company: " << count(r, "employees") << " employees in "
      << count(r, "departments") << " departments, " << count(r, "participants")
      << " participants.\n";
  out << "Demo accounts (saved to " << accountsFile.string() << "):\n" << formatAccounts(accounts);
  out << "Try it: tandem serve --demo --data-dir " << config.dataDir << "\n";
  return kExitOk;
}

namespace {

// The summary both syncs print after the job: counts, then each warning.
void printSyncSummary(const std::string& label, const nlohmann::json& r, std::ostream& out) {
  const std::string ranMode = r.value("mode", std::string("full"));
  out << label << " sync (" << ranMode << "): " << count(r, "added") << " added, "
      << count(r, "updated") << " updated, " << count(r, "deactivated") << " deactivated, "
      << count(r, "unchanged") << " unchanged in " << count(r, "duration_ms") << " ms ("
      << count(r, "people") << " people, " << count(r, "groups") << " groups read).\n";
  if (const auto warnings = r.find("warnings"); warnings != r.end() && warnings->is_array()) {
    if (!warnings->empty()) out << warnings->size() << " warning(s):\n";
    for (const auto& w : *warnings) {
      if (w.is_string()) out << "  " << w.get<std::string>() << "\n";
    }
  }
}

// `tandem sync scim`: the scim_client.* settings, --url, --token-file and --ca-file over them.
int runScimSync(const HostConfig& config, const CommandLine& line, std::ostream& out,
                std::ostream& err) {
  const bool json = line.has("json");
  for (const char* ldapOnly : {"uri", "bind-dn", "password-file", "base-dn", "preset"}) {
    if (line.has(ldapOnly)) {
      return usageError(err, "sync",
                        std::string("--") + ldapOnly + " is for `tandem sync ldap`");
    }
  }
  if (line.has("incremental")) {
    return usageError(err, "sync", "a SCIM sync is always full: --incremental does not apply");
  }
  nlohmann::json args = nlohmann::json::parse(config.scimClientSettingsJson(), nullptr, false);
  if (!args.is_object()) args = nlohmann::json::object();
  if (line.has("url")) args["url"] = line.get("url");
  if (line.has("token-file")) args["token_file"] = line.get("token-file");
  if (line.has("ca-file")) args["ca_file"] = line.get("ca-file");
  using KeyAndFlag = std::pair<const char*, const char*>;
  for (const auto& [key, flag] :
       {KeyAndFlag{"url", "url"}, KeyAndFlag{"token_file", "token-file"}}) {
    if (!args.contains(key) || !args[key].is_string() ||
        args[key].get_ref<const std::string&>().empty()) {
      std::string env = std::string("TANDEM_SCIM_CLIENT_") + key;
      for (char& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      printFailure(out, err, json, "sync",
                   host::invalidArgument(std::string("scim_client.") + key +
                                         " is not set: give --" + flag +
                                         ", set it in the --config file or in " + env));
      return kExitFailure;
    }
  }
  args["mode"] = "full";
  args["force"] = line.has("force");
  const JobOutcome outcome = runJobCommand(config, out, err, json, "sync", "sync_scim", args);
  if (outcome.exitCode) return *outcome.exitCode;
  printSyncSummary("SCIM", outcome.result, out);
  return kExitOk;
}

}  // namespace

int runSync(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err) {
  const bool json = line.has("json");
  const std::string source = line.args.at(0);
  if (source == "scim") return runScimSync(config, line, out, err);
  if (source != "ldap") {
    return usageError(err, "sync", "unknown source '" + source + "' (expected ldap or scim)");
  }
  if (line.has("url") || line.has("token-file")) {
    return usageError(err, "sync", "--url and --token-file are for `tandem sync scim`");
  }
  const std::string settings = config.ldapSettingsJson();
  nlohmann::json args = settings.empty() ? nlohmann::json::object()
                                         : nlohmann::json::parse(settings, nullptr, false);
  for (const char* key : {"uri", "bind_dn", "password_file", "base_dn"}) {
    if (!args.contains(key) || args[key].get_ref<const std::string&>().empty()) {
      std::string flag = key;
      std::replace(flag.begin(), flag.end(), '_', '-');
      printFailure(
          out, err, json, "sync",
          host::invalidArgument(std::string("ldap.") + key + " is not set: give --" + flag +
                                ", set it in the --config file or in TANDEM_LDAP_" + [&] {
                                  std::string upper = key;
                                  for (char& c : upper) c = static_cast<char>(std::toupper(c));
                                  return upper;
                                }()));
      return kExitFailure;
    }
  }
  if (line.has("full") && line.has("incremental")) {
    return usageError(err, "sync", "--full and --incremental exclude each other");
  }
  // Without a flag: incremental when a watermark is stored, else full.
  args["mode"] = line.has("full") ? "full" : line.has("incremental") ? "incremental" : "auto";
  args["force"] = line.has("force");
  const JobOutcome outcome = runJobCommand(config, out, err, json, "sync", "sync_ldap", args);
  if (outcome.exitCode) return *outcome.exitCode;
  printSyncSummary("LDAP", outcome.result, out);
  return kExitOk;
}

namespace {

std::string textOr(const nlohmann::json& j, const char* key, const std::string& fallback) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty()
             ? it->get<std::string>()
             : fallback;
}

// The tokens of a scim_token list result as a table, without any secret (the job has none).
void printScimTokens(const nlohmann::json& tokens, std::ostream& out) {
  std::vector<std::array<std::string, 4>> rows = {{"NAME", "CREATED", "LAST USED", "STATUS"}};
  for (const auto& t : tokens) {
    if (!t.is_object()) continue;
    const std::string revoked = textOr(t, "revoked_at", "");
    rows.push_back({textOr(t, "name", "?"), textOr(t, "created_at", "?"),
                    textOr(t, "last_used_at", "never"),
                    revoked.empty() ? "active" : "revoked " + revoked});
  }
  if (rows.size() == 1) {
    out << "No SCIM tokens yet. Create one with: tandem scim token create --name NAME\n";
    return;
  }
  std::array<std::size_t, 4> width{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

}  // namespace

int runScim(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err) {
  const bool json = line.has("json");
  if (line.args.at(0) != "token") {
    return usageError(err, "scim",
                      "unknown scim subcommand '" + line.args[0] +
                          "' (expected: tandem scim token create, list or revoke)");
  }
  const std::string action = line.args.at(1);
  nlohmann::json args = {{"action", action}};
  if (action == "create") {
    if (line.args.size() > 2) {
      return usageError(
          err, "scim",
          "give the name with --name: tandem scim token create --name " + line.args[2]);
    }
    if (!line.has("name")) {
      return usageError(err, "scim", "'tandem scim token create' needs --name NAME");
    }
    args["name"] = line.get("name");
  } else if (action == "list") {
    if (line.args.size() > 2 || line.has("name")) {
      return usageError(err, "scim", "'tandem scim token list' takes no name");
    }
  } else if (action == "revoke") {
    if (line.has("name") || line.args.size() != 3) {
      return usageError(err, "scim",
                        "'tandem scim token revoke' needs the name: tandem scim "
                        "token revoke NAME");
    }
    args["name"] = line.args[2];
  } else {
    return usageError(err, "scim",
                      "unknown action '" + action + "' (expected create, list or revoke)");
  }

  auto runtime = PluginRuntime::start(config);
  if (!runtime.isOk()) {
    printFailure(out, err, json, "scim", runtime.status());
    return kExitFailure;
  }
  auto result = runJobWithProgress((*runtime)->plugin(), "scim_token", args.dump());
  if (!result.isOk()) {
    // The job refuses only what the command line gave (the name): a usage error.
    if (result.status().errorCode() == "invalid_argument") {
      if (json) {
        printFailure(out, err, json, "scim", result.status());
        return kExitUsage;
      }
      return usageError(err, "scim", result.status().message());
    }
    printFailure(out, err, json, "scim", result.status());
    return kExitFailure;
  }
  if (json) {
    out << *result << "\n";
    return kExitOk;
  }
  const nlohmann::json r = nlohmann::json::parse(*result, nullptr, /*allow_exceptions=*/false);
  if (!r.is_object()) {
    out << *result << "\n";
    return kExitOk;
  }
  if (action == "create") {
    // The token alone on the last line, so a script can take it with `tail -n 1`.
    out << "SCIM token for " << textOr(r, "name", args["name"].get<std::string>())
        << " created. Store it now: it is shown only once.\n"
        << textOr(r, "token", "") << "\n";
  } else if (action == "list") {
    const auto tokens = r.find("tokens");
    printScimTokens(tokens != r.end() && tokens->is_array() ? *tokens : nlohmann::json::array(),
                    out);
  } else {
    out << "SCIM token " << textOr(r, "name", args["name"].get<std::string>()) << " revoked at "
        << textOr(r, "revoked_at", "?")
        << ": identity providers using it are refused from now on.\n";
  }
  out.flush();
  return kExitOk;
}

int runHealth(const HostConfig& config, const CommandLine& /*line*/, std::ostream& out,
              std::ostream& err) {
  auto runtime = PluginRuntime::start(config);
  if (!runtime.isOk()) {
    err << "tandem health: " << runtime.status().message() << " (" << runtime.status().errorCode()
        << ")\n";
    return kExitFailure;
  }
  auto health = (*runtime)->plugin().health();
  if (!health.isOk()) {
    err << "tandem health: " << health.status().message() << " (" << health.status().errorCode()
        << ")\n";
    return kExitFailure;
  }
  const nlohmann::json j = nlohmann::json::parse(*health, nullptr, /*allow_exceptions=*/false);
  out << (j.is_discarded() ? *health : j.dump(2)) << "\n";
  const std::string status = j.is_object() ? j.value("status", std::string()) : std::string();
  return status == "ok" || status == "degraded" ? kExitOk : kExitFailure;
}

int runVersion(const HostConfig& config, const CommandLine& /*line*/, std::ostream& out,
               std::ostream& err) {
  out << "tandem " << TANDEM_VERSION << " (host ABI " << TDM_ABI_MAJOR << "." << TDM_ABI_MINOR
      << ")\n";
  auto plugin = host::PluginLoader::open(config.pluginPath);
  if (!plugin.isOk()) {
    err << "tandem version: " << plugin.status().message() << "\n";
    return kExitFailure;
  }
  const uint32_t abi = (*plugin)->abiVersion();
  out << "plugin " << (*plugin)->name() << " " << (*plugin)->version() << " (ABI " << (abi >> 16)
      << "." << (abi & 0xFFFFu) << ") " << (*plugin)->path() << "\n";
  return kExitOk;
}

}  // namespace tandem::standalone
