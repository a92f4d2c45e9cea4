#include "host_config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "host/common/internal/crypto.h"
#include "host/common/json_log.h"

#ifndef TANDEM_DEFAULT_PLUGIN_PATH
#define TANDEM_DEFAULT_PLUGIN_PATH "libtandem.so"
#endif

namespace tandem::standalone {
namespace {

using Poco::AutoPtr;
using Poco::Util::AbstractConfiguration;
using Poco::Util::LayeredConfiguration;
using Poco::Util::MapConfiguration;

// Poco: the layer with the *lowest* priority value that has a key wins.
constexpr int kFlagsPriority = 0;
constexpr int kEnvPriority = 10;
constexpr int kFilePriority = 20;
constexpr std::size_t kSecretBytes = 32;
constexpr long long kMaxSessionTtlMinutes = 60LL * 24 * 30;
constexpr long long kMaxBodyBytesLimit = 1LL << 30;
constexpr std::string_view kLdapPrefix = "ldap.";
constexpr std::string_view kScimClientPrefix = "scim_client.";
constexpr long long kMaxScimRate = 1000000;

AutoPtr<MapConfiguration> mapLayer(const std::map<std::string, std::string>& values) {
  AutoPtr<MapConfiguration> layer(new MapConfiguration);
  for (const auto& [k, v] : values) layer->setString(k, v);
  return layer;
}

bool isKnownKey(std::string_view key) {
  for (const auto& k : configKeys()) {
    if (k.key == key) return true;
  }
  return false;
}

host::Status badValue(std::string_view key, const std::string& value, std::string_view expected) {
  return host::invalidArgument("invalid value '" + value + "' for " + std::string(key) +
                               " (expected " + std::string(expected) + ")");
}

// Reads an integer key in [lo, hi].
host::Status readInt(const AbstractConfiguration& cfg, const char* key, long long lo, long long hi,
                     long long* out) {
  if (!cfg.hasProperty(key)) return host::Status::ok();
  const std::string raw = cfg.getString(key);
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(raw.c_str(), &end, 10);
  if (raw.empty() || errno != 0 || end == nullptr || *end != '\0' || v < lo || v > hi) {
    return badValue(key, raw,
                    "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  *out = v;
  return host::Status::ok();
}

host::Status readBool(const AbstractConfiguration& cfg, const char* key, bool* out) {
  if (!cfg.hasProperty(key)) return host::Status::ok();
  try {
    *out = cfg.getBool(key);
    return host::Status::ok();
  } catch (const Poco::Exception&) {
    return badValue(key, cfg.getString(key), "true or false");
  }
}

}  // namespace

const std::vector<ConfigKey>& configKeys() {
  static const std::vector<ConfigKey> kKeys = {
      {"listen", "TANDEM_LISTEN", "127.0.0.1:8080", "HOST:PORT the HTTP server listens on",
       &HostConfig::listen},
      {"data_dir", "TANDEM_DATA_DIR", "./var/tandem",
       "Directory of the database, the session key and demo-accounts.json", &HostConfig::dataDir},
      {"plugin", "TANDEM_PLUGIN", "(built-in path)", "Path of libtandem.so",
       &HostConfig::pluginPath},
      {"demo", "TANDEM_DEMO", "false", "Demo mode: password-less sign-in as a seeded employee",
       &HostConfig::demo},
      {"auth", "TANDEM_AUTH", "demo",
       "Sign-in: demo (pick a seeded employee when demo=true) or ldap (user name and password, "
       "checked by an LDAP bind with the ldap.* settings)",
       &HostConfig::auth},
      {"hr_admin_group", "TANDEM_HR_ADMIN_GROUP", "tandem-hr-admins",
       "Directory group whose members get the hr_admin role", &HostConfig::hrAdminGroup},
      {"session_secret_file", "TANDEM_SESSION_SECRET_FILE", "<data_dir>/session.key",
       "File holding the session signing key (created 0600 with 32 random bytes)",
       &HostConfig::sessionSecretFile},
      {"session_ttl_minutes", "TANDEM_SESSION_TTL_MINUTES", "480", "Session lifetime in minutes",
       &HostConfig::sessionTtlMinutes, 1, kMaxSessionTtlMinutes},
      {"cookie_secure", "TANDEM_COOKIE_SECURE", "false",
       "Mark the session cookie Secure (behind HTTPS)", &HostConfig::cookieSecure},
      {"log_level", "TANDEM_LOG_LEVEL", "info", "trace, debug, info, warn, error or off",
       &HostConfig::logLevel},
      {"max_body_bytes", "TANDEM_MAX_BODY_BYTES", "1048576",
       "Largest accepted request body; larger ones get 413", &HostConfig::maxBodyBytes, 1024,
       kMaxBodyBytesLimit},
      {"threads", "TANDEM_THREADS", "8", "HTTP worker threads", &HostConfig::threads, 1, 256},
      {"ldap.uri",
       "TANDEM_LDAP_URI",
       "",
       "LDAP server URIs (ldap://, ldaps://), separated by spaces, tried in order",
       {}},
      {"ldap.bind_dn", "TANDEM_LDAP_BIND_DN", "", "DN the sync binds as", {}},
      {"ldap.password_file",
       "TANDEM_LDAP_PASSWORD_FILE",
       "",
       "File holding the bind password (an empty one is refused)",
       {}},
      {"ldap.base_dn", "TANDEM_LDAP_BASE_DN", "", "Search base for people", {}},
      {"ldap.preset",
       "TANDEM_LDAP_PRESET",
       "openldap",
       "Attribute mapping: openldap, active-directory or freeipa",
       {}},
      {"ldap.ca_file", "TANDEM_LDAP_CA_FILE", "", "CA certificates (PEM) to verify the server", {}},
      {"ldap.verify_certs",
       "TANDEM_LDAP_VERIFY_CERTS",
       "true",
       "Verify the server certificate",
       {}},
      {"ldap.start_tls",
       "TANDEM_LDAP_START_TLS",
       "false",
       "Upgrade ldap:// connections with StartTLS (failure is fatal)",
       {}},
      {"ldap.user_filter", "TANDEM_LDAP_USER_FILTER", "(preset)", "Search filter for people", {}},
      {"ldap.group_base_dn",
       "TANDEM_LDAP_GROUP_BASE_DN",
       "(base_dn)",
       "Search base for groups",
       {}},
      {"ldap.group_filter", "TANDEM_LDAP_GROUP_FILTER", "(preset)", "Search filter for groups", {}},
      {"ldap.page_size", "TANDEM_LDAP_PAGE_SIZE", "500", "Paged-search page size (1 to 1000)", {}},
      {"ldap.network_timeout",
       "TANDEM_LDAP_NETWORK_TIMEOUT",
       "10",
       "Seconds to wait for a connection",
       {}},
      {"ldap.timeout", "TANDEM_LDAP_TIMEOUT", "60", "Seconds to wait for each search result", {}},
      {"ldap.sync_interval_minutes",
       "TANDEM_LDAP_SYNC_INTERVAL_MINUTES",
       "60",
       "Minutes between automatic syncs in tandem serve (0: only on demand, from the HR page)",
       {}},
      {"ldap.hire_date_format",
       "TANDEM_LDAP_HIRE_DATE_FORMAT",
       "date",
       "Hire date attribute format: date, generalized_time or filetime",
       {}},
      {"ldap.deletion_guard_share",
       "TANDEM_LDAP_DELETION_GUARD_SHARE",
       "0.10",
       "Largest share of people a sync may deactivate without --force",
       {}},
      {"ldap.incremental",
       "TANDEM_LDAP_INCREMENTAL",
       "auto",
       "Incremental sync mechanism: auto (from the rootDSE), syncrepl, usn, timestamp or off",
       {}},
      {"ldap.timestamp_overlap_seconds",
       "TANDEM_LDAP_TIMESTAMP_OVERLAP_SECONDS",
       "300",
       "modifyTimestamp incremental sync: seconds re-read before the last run",
       {}},
      {"ldap.write_batch",
       "TANDEM_LDAP_WRITE_BATCH",
       "2500",
       "People a sync writes per store transaction (1 to 100000); a sync holds two such "
       "batches in memory (one read, one written)",
       {}},
      {"ldap.reconnect_attempts",
       "TANDEM_LDAP_RECONNECT_ATTEMPTS",
       "5",
       "Reconnects per sync after the connection was lost or timed out (0: none); the search "
       "restarts and skips what was already read",
       {}},
      {"ldap.reconnect_initial_delay_ms",
       "TANDEM_LDAP_RECONNECT_INITIAL_DELAY_MS",
       "500",
       "First wait before reconnecting, doubled for each further attempt",
       {}},
      {"ldap.reconnect_max_delay_ms",
       "TANDEM_LDAP_RECONNECT_MAX_DELAY_MS",
       "8000",
       "Longest single wait before reconnecting",
       {}},
      {"ldap.reconnect_max_total_ms",
       "TANDEM_LDAP_RECONNECT_MAX_TOTAL_MS",
       "60000",
       "All reconnect waits of one sync together",
       {}},
      {"scim_client.url",
       "TANDEM_SCIM_CLIENT_URL",
       "",
       "Base URL of a remote SCIM 2.0 server `tandem sync scim` pulls from (https://, or http:// "
       "with a warning unless loopback), e.g. https://idp.example.com/scim/v2",
       {}},
      {"scim_client.token_file",
       "TANDEM_SCIM_CLIENT_TOKEN_FILE",
       "",
       "File holding the bearer token for scim_client.url (read at sync time, never logged)",
       {}},
      {"scim_client.page_size",
       "TANDEM_SCIM_CLIENT_PAGE_SIZE",
       "100",
       "Users per page (1 to 1000), capped by the server's filter.maxResults",
       {}},
      {"scim_client.deletion_guard_share",
       "TANDEM_SCIM_CLIENT_DELETION_GUARD_SHARE",
       "0.10",
       "Largest share of SCIM-pulled people a sync may deactivate without --force",
       {}},
      {"scim_client.ca_file",
       "TANDEM_SCIM_CLIENT_CA_FILE",
       "",
       "CA certificates (PEM) to verify the SCIM server (default: the system's)",
       {}},
      {"scim_client.timeout_seconds",
       "TANDEM_SCIM_CLIENT_TIMEOUT_SECONDS",
       "30",
       "Seconds to wait for each SCIM response (1 to 600)",
       {}},
      {"scim.rate_limit_per_second", "TANDEM_SCIM_RATE_LIMIT_PER_SECOND", "50",
       "SCIM requests per second allowed to each identity provider token (0: no limit)",
       &HostConfig::scimRateLimitPerSecond, 0, kMaxScimRate},
      {"scim.rate_limit_burst", "TANDEM_SCIM_RATE_LIMIT_BURST", "100",
       "SCIM requests a token may send at once before scim.rate_limit_per_second applies",
       &HostConfig::scimRateLimitBurst, 1, kMaxScimRate},
      {"pairing.housekeeping_seconds", "TANDEM_PAIRING_HOUSEKEEPING_SECONDS", "60",
       "Seconds between two passes of the pairing housekeeping: shortlist requests past their "
       "time expire and pass to the mentee's next choice (1 to 86400)",
       &HostConfig::pairingHousekeepingSeconds, 1, 86400},
  };
  return kKeys;
}

std::string defaultPluginPath() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path built(TANDEM_DEFAULT_PLUGIN_PATH);
  if (fs::exists(built, ec)) return built.string();
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path packaged = exe.parent_path().parent_path() / "lib" / "libtandem.so";
    if (fs::exists(packaged, ec)) return packaged.string();
  }
  return built.string();
}

host::Result<HostConfig> HostConfig::load(const std::string& configFile,
                                          const std::map<std::string, std::string>& env,
                                          const std::map<std::string, std::string>& flags) {
  AutoPtr<LayeredConfiguration> cfg(new LayeredConfiguration);
  HostConfig c;  // the defaults: a key no layer sets keeps its initializer
  c.configFile = configFile;
  try {
    if (!configFile.empty()) {
      const std::string ext = std::filesystem::path(configFile).extension().string();
      if (!std::filesystem::is_regular_file(configFile)) {
        return host::invalidArgument("cannot read config file " + configFile);
      }
      if (ext == ".properties") {
        cfg->add(
            AutoPtr<AbstractConfiguration>(new Poco::Util::PropertyFileConfiguration(configFile)),
            kFilePriority);
      } else if (ext == ".ini") {
        cfg->add(AutoPtr<AbstractConfiguration>(new Poco::Util::IniFileConfiguration(configFile)),
                 kFilePriority);
      } else {
        return host::invalidArgument("unsupported config file " + configFile +
                                     " (use .properties or .ini)");
      }
    }

    std::map<std::string, std::string> fromEnv;
    for (const auto& k : configKeys()) {
      const auto it = env.find(std::string(k.env));
      if (it != env.end()) fromEnv.emplace(std::string(k.key), it->second);
    }
    cfg->add(AutoPtr<AbstractConfiguration>(mapLayer(fromEnv)), kEnvPriority);

    for (const auto& [k, v] : flags) {
      if (!isKnownKey(k)) return host::invalidArgument("unknown configuration key " + k);
    }
    cfg->add(AutoPtr<AbstractConfiguration>(mapLayer(flags)), kFlagsPriority);

    // One pass over the key table: each set key lands in its field.
    for (const auto& k : configKeys()) {
      const std::string key(k.key);
      if (!cfg->hasProperty(key)) continue;
      host::Status s = std::visit(
          [&](auto field) -> host::Status {
            using Field = decltype(field);
            if constexpr (std::is_same_v<Field, std::monostate>) {
              if (key.rfind(kScimClientPrefix, 0) == 0) {
                c.scimClient[key.substr(kScimClientPrefix.size())] = cfg->getString(key);
              } else {
                c.ldap[key.substr(kLdapPrefix.size())] = cfg->getString(key);
              }
              return host::Status::ok();
            } else if constexpr (std::is_same_v<Field, std::string HostConfig::*>) {
              c.*field = cfg->getString(key);
              return host::Status::ok();
            } else if constexpr (std::is_same_v<Field, bool HostConfig::*>) {
              return readBool(*cfg, key.c_str(), &(c.*field));
            } else {
              long long value = 0;
              host::Status read = readInt(*cfg, key.c_str(), k.min, k.max, &value);
              if (read.isOk()) {
                c.*field = static_cast<std::remove_reference_t<decltype(c.*field)>>(value);
              }
              return read;
            }
          },
          k.field);
      if (!s.isOk()) return s;
    }
  } catch (const Poco::Exception& e) {
    return host::invalidArgument("configuration error: " + e.displayText());
  }

  if (c.pluginPath.empty()) c.pluginPath = defaultPluginPath();
  if (c.listen.empty()) return badValue("listen", c.listen, "HOST:PORT");
  if (c.dataDir.empty()) return badValue("data_dir", c.dataDir, "a directory");
  if (c.hrAdminGroup.empty()) return badValue("hr_admin_group", c.hrAdminGroup, "a group name");
  if (c.auth != "demo" && c.auth != "ldap") return badValue("auth", c.auth, "demo or ldap");
  if (!host::JsonLog::parseLevel(c.logLevel)) {
    return badValue("log_level", c.logLevel, "trace, debug, info, warn, error or off");
  }
  if (c.sessionSecretFile.empty()) {
    c.sessionSecretFile = (std::filesystem::path(c.dataDir) / "session.key").string();
  }
  return c;
}

std::map<std::string, std::string> HostConfig::pluginSettings() const {
  return {{"data_dir", dataDir},
          {"log_level", logLevel},
          {"hr_admin_group", hrAdminGroup},
          {"demo", demo ? "true" : "false"},
          {"scim.rate_limit_per_second", std::to_string(scimRateLimitPerSecond)},
          {"scim.rate_limit_burst", std::to_string(scimRateLimitBurst)},
          {"pairing.housekeeping_seconds", std::to_string(pairingHousekeepingSeconds)}};
}

std::string HostConfig::ldapSettingsJson() const {
  const auto uri = ldap.find("uri");
  if (uri == ldap.end() || uri->second.empty()) return "";
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [key, value] : ldap) settings[key] = value;
  if (!settings.contains("hr_admin_group")) settings["hr_admin_group"] = hrAdminGroup;
  return settings.dump();
}

std::string HostConfig::scimClientSettingsJson() const {
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [key, value] : scimClient) settings[key] = value;
  return settings.dump();
}

host::Status ensureDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return host::Status::ok();
  const fs::path p(dir);
  // Create each missing component with 0700 so new data directories are private.
  fs::path partial;
  for (const auto& part : p) {
    partial /= part;
    if (partial.empty() || fs::is_directory(partial, ec)) continue;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      return host::internalError("cannot create directory " + partial.string() + ": " +
                                 std::strerror(errno));
    }
  }
  if (!fs::is_directory(dir, ec)) return host::internalError("cannot create directory " + dir);
  return host::Status::ok();
}

host::Result<std::string> loadOrCreateSessionSecret(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    host::Status s = ensureDirectory(parent.string());
    if (!s.isOk()) return s;
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    const auto secret = host::internal::randomBytes(kSecretBytes);
    bool ok = secret.has_value();
    if (ok) {
      const ssize_t n = ::write(fd, secret->data(), secret->size());
      ok = n == static_cast<ssize_t>(secret->size()) && ::fsync(fd) == 0;
    }
    ::close(fd);
    if (!ok) {
      ::unlink(path.c_str());
      return host::internalError("cannot write session key file " + path);
    }
    host::JsonLog::get("tandem.host")->info("created session key file {}", path);
    return *secret;
  }
  if (errno != EEXIST) {
    return host::internalError("cannot create session key file " + path + ": " +
                               std::strerror(errno));
  }
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return host::internalError("cannot read session key file " + path + ": " +
                               std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
    host::JsonLog::get("tandem.host")
        ->warn("session key file {} is readable by other users; chmod 600 it", path);
  }
  std::string secret;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    secret.append(buf, static_cast<std::size_t>(n));
    if (secret.size() > 4096) break;
  }
  ::close(fd);
  if (secret.size() < kSecretBytes) {
    return host::failedPrecondition("session key file " + path + " holds fewer than 32 bytes");
  }
  return secret;
}

}  // namespace tandem::standalone
