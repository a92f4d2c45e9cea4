// HostConfig: the standalone host's settings, resolved from four layers (later wins):
//   built-in defaults < configuration file (--config, .properties or .ini) < TANDEM_* environment
//   < command-line flags.
// Secrets are never configuration values: only the *path* of the session key file is, and the key
// itself is read from (or created in) that file.
//
// Thread-safety: a value type, immutable after load().
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "host/common/status.h"

namespace tandem::standalone {

struct HostConfig;

// Where a key's value lands in HostConfig: a string, a boolean or an integer member (integers
// checked against [min, max]); std::monostate for the ldap.* keys, which land in HostConfig::ldap,
// and the scim_client.* keys, which land in HostConfig::scimClient.
using ConfigField = std::variant<std::monostate, std::string HostConfig::*, bool HostConfig::*,
                                 int HostConfig::*, std::size_t HostConfig::*>;

// One configuration key: how it is read (HostConfig::load walks this table) and how the help text
// shows it (the README quotes it).
struct ConfigKey {
  std::string_view key;           // "data_dir"
  std::string_view env;           // "TANDEM_DATA_DIR"
  std::string_view defaultValue;  // as shown in help; the real default is HostConfig's initializer
  std::string_view help;
  ConfigField field;
  long long min = 0;  // integer fields only
  long long max = 0;
};

// Every key the host reads, in help order.
const std::vector<ConfigKey>& configKeys();

struct HostConfig {
  std::string configFile;  // "" when none
  std::string listen = "127.0.0.1:8080";
  std::string dataDir = "./var/tandem";
  std::string pluginPath;
  bool demo = false;
  // "demo" (the picker, when demo is true) or "ldap" (password sign-in by LDAP bind; no picker).
  std::string auth = "demo";
  std::string hrAdminGroup = "tandem-hr-admins";
  std::string sessionSecretFile;  // default <data_dir>/session.key
  int sessionTtlMinutes = 480;
  std::string logLevel = "info";
  std::size_t maxBodyBytes = 1048576;
  int threads = 8;
  bool cookieSecure = false;
  // SCIM service provider: requests per second per identity provider token (0: no limit) and
  // how many may come at once. Handed to the plugin as the global settings
  // "scim.rate_limit_per_second" and "scim.rate_limit_burst".
  int scimRateLimitPerSecond = 50;
  int scimRateLimitBurst = 100;
  int pairingHousekeepingSeconds = 60;
  // The LDAP connector's settings: the ldap.* keys that are set, without the prefix
  // ("uri" -> "ldaps://..."). Handed to the plugin's sync_ldap job; the plugin validates them.
  std::map<std::string, std::string> ldap;
  // The SCIM client connector's settings: the scim_client.* keys that are set, without the prefix
  // ("url" -> "https://..."). `tandem sync scim` hands them to the plugin's sync_scim job.
  std::map<std::string, std::string> scimClient;

  // Resolves the layers. configFile: path or "" (its extension picks the format: .properties or
  // .ini). env: the process environment (only TANDEM_* names of known keys are read). flags:
  // key -> value from the command line (keys as in configKeys()). Errors: invalid_argument for an
  // unreadable/unsupported file or an invalid value, naming the key.
  static host::Result<HostConfig> load(const std::string& configFile,
                                       const std::map<std::string, std::string>& env,
                                       const std::map<std::string, std::string>& flags);

  // Global settings offered to the plugin through setting_get (no secrets, no secret paths).
  std::map<std::string, std::string> pluginSettings() const;

  // The ldap.* settings as the JSON object the plugin's LDAP connector reads: keys without the
  // prefix, hr_admin_group defaulting to the host's. "" when ldap.uri is not set. Carries the
  // password file's path, never the password. `tandem serve` offers it as the global setting
  // "directory.ldap" (the plugin then syncs on ldap.sync_interval_minutes and on demand);
  // `tandem sync ldap` passes it as the job's arguments.
  std::string ldapSettingsJson() const;

  // The scim_client.* settings as the JSON object the SCIM client connector reads (keys without
  // the prefix); always an object, possibly empty. Carries the token file's path, never the token.
  std::string scimClientSettingsJson() const;
};

// The plugin the binary was built with (compile-time path), or, when that file does not exist,
// ../lib/libtandem.so next to the running executable (the package layout).
std::string defaultPluginPath();

// Reads the session secret from path, creating the file (mode 0600, parents 0700, 32 bytes from
// the OpenSSL CSPRNG) when it does not exist. Errors: internal when the file cannot be created or
// read, failed_precondition when it holds fewer than 32 bytes. The secret is never logged.
host::Result<std::string> loadOrCreateSessionSecret(const std::string& path);

// Creates dir and its parents (mode 0700 for what it creates). Errors: internal.
host::Status ensureDirectory(const std::string& dir);

}  // namespace tandem::standalone
