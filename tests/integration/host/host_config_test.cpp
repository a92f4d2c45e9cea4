#include "host_config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>

namespace tandem::standalone {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("tandem-host-test-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void writeFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

TEST(HostConfig, LdapKeysLayerFileThenEnvironmentThenFlags) {
  TempDir dir;
  const fs::path file = dir.path() / "tandem.ini";
  writeFile(file,
            "[ldap]\nuri = ldap://file.example\nbind_dn = cn=sync,dc=example,dc=com\n"
            "base_dn = dc=example,dc=com\npreset = freeipa\n");
  auto c = HostConfig::load(file.string(), {{"TANDEM_LDAP_PRESET", "active-directory"}},
                            {{"ldap.uri", "ldaps://flag.example"}});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->ldap.at("uri"), "ldaps://flag.example");
  EXPECT_EQ(c->ldap.at("preset"), "active-directory");
  EXPECT_EQ(c->ldap.at("bind_dn"), "cn=sync,dc=example,dc=com");
  EXPECT_EQ(c->ldap.count("password_file"), 0u);
  EXPECT_EQ(c->pluginSettings().count("ldap.uri"), 0u);
}

TEST(HostConfig, AuthIsDemoByDefaultAndAcceptsOnlyDemoOrLdap) {
  auto c = HostConfig::load("", {}, {});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->auth, "demo");
  c = HostConfig::load("", {{"TANDEM_AUTH", "ldap"}}, {});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->auth, "ldap");
  c = HostConfig::load("", {}, {{"auth", "kerberos"}});
  ASSERT_FALSE(c.isOk());
  EXPECT_EQ(c.status().errorCode(), "invalid_argument");
  EXPECT_NE(c.status().message().find("auth"), std::string::npos) << c.status().message();
}

TEST(HostConfig, DefaultsApplyWithoutLayers) {
  auto c = HostConfig::load("", {}, {});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->dataDir, "./var/tandem");
  EXPECT_FALSE(c->demo);
  EXPECT_EQ(c->hrAdminGroup, "tandem-hr-admins");
  EXPECT_EQ(c->sessionSecretFile, "./var/tandem/session.key");
  EXPECT_EQ(c->sessionTtlMinutes, 480);
  EXPECT_EQ(c->logLevel, "info");
  EXPECT_EQ(c->maxBodyBytes, 1048576u);
  EXPECT_EQ(c->threads, 8);
  EXPECT_FALSE(c->cookieSecure);
  EXPECT_FALSE(c->pluginPath.empty());
}

TEST(HostConfig, FileThenEnvironmentThenFlagsWin) {
  TempDir dir;
  const fs::path file = dir.path() / "tandem.properties";
  writeFile(file,
            "listen = 127.0.0.1:1111\n"
            "data_dir = /from/file\n"
            "hr_admin_group = file-group\n"
            "threads = 3\n"
            "log_level = debug\n");
  const std::map<std::string, std::string> env = {{"TANDEM_LISTEN", "127.0.0.1:2222"},
                                                  {"TANDEM_DATA_DIR", "/from/env"},
                                                  {"TANDEM_UNRELATED", "x"}};
  const std::map<std::string, std::string> flags = {{"listen", "127.0.0.1:3333"}};

  auto c = HostConfig::load(file.string(), env, flags);
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->listen, "127.0.0.1:3333");    // flag beats env and file
  EXPECT_EQ(c->dataDir, "/from/env");        // env beats file
  EXPECT_EQ(c->hrAdminGroup, "file-group");  // file beats default
  EXPECT_EQ(c->threads, 3);
  EXPECT_EQ(c->logLevel, "debug");
  EXPECT_EQ(c->sessionSecretFile, "/from/env/session.key");  // follows the resolved data_dir

  auto fileOnly = HostConfig::load(file.string(), {}, {});
  ASSERT_TRUE(fileOnly.isOk());
  EXPECT_EQ(fileOnly->listen, "127.0.0.1:1111");
  EXPECT_EQ(fileOnly->dataDir, "/from/file");
}

TEST(HostConfig, ReadsIniFiles) {
  TempDir dir;
  const fs::path file = dir.path() / "tandem.ini";
  writeFile(file, "demo = yes\nsession_ttl_minutes = 60\ncookie_secure = true\n");
  auto c = HostConfig::load(file.string(), {}, {});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_TRUE(c->demo);
  EXPECT_TRUE(c->cookieSecure);
  EXPECT_EQ(c->sessionTtlMinutes, 60);
}

TEST(HostConfig, RejectsBadFilesAndValues) {
  TempDir dir;
  const fs::path yaml = dir.path() / "tandem.yaml";
  writeFile(yaml, "listen: x\n");
  EXPECT_EQ(HostConfig::load(yaml.string(), {}, {}).status().errorCode(), "invalid_argument");
  EXPECT_EQ(HostConfig::load((dir.path() / "missing.properties").string(), {}, {}).status().errorCode(),
            "invalid_argument");
  EXPECT_EQ(HostConfig::load("", {{"TANDEM_THREADS", "many"}}, {}).status().errorCode(),
            "invalid_argument");
  EXPECT_EQ(HostConfig::load("", {{"TANDEM_THREADS", "0"}}, {}).status().errorCode(),
            "invalid_argument");
  EXPECT_EQ(HostConfig::load("", {}, {{"log_level", "loud"}}).status().errorCode(), "invalid_argument");
  EXPECT_EQ(HostConfig::load("", {}, {{"session_secret", "hunter2"}}).status().errorCode(),
            "invalid_argument");
  EXPECT_EQ(HostConfig::load("", {{"TANDEM_DEMO", "maybe"}}, {}).status().errorCode(),
            "invalid_argument");
}

TEST(HostConfig, PluginSettingsCarryNoSecrets) {
  auto c = HostConfig::load("", {}, {{"data_dir", "/d"}});
  ASSERT_TRUE(c.isOk());
  const auto settings = c->pluginSettings();
  EXPECT_EQ(settings.at("data_dir"), "/d");
  EXPECT_EQ(settings.count("session_secret_file"), 0u);
}

TEST(HostConfig, EveryKeyOfTheTableLandsInItsField) {
  // One valid, non-default value per key; the checks read it back from HostConfig.
  struct Case {
    std::string value;
    std::function<bool(const HostConfig&)> landed;
  };
  const std::map<std::string, Case> cases = {
      {"listen", {"127.0.0.1:9", [](const HostConfig& c) { return c.listen == "127.0.0.1:9"; }}},
      {"data_dir", {"/data", [](const HostConfig& c) { return c.dataDir == "/data"; }}},
      {"plugin",
       {"/p/libtandem.so", [](const HostConfig& c) { return c.pluginPath == "/p/libtandem.so"; }}},
      {"demo", {"true", [](const HostConfig& c) { return c.demo; }}},
      {"auth", {"ldap", [](const HostConfig& c) { return c.auth == "ldap"; }}},
      {"hr_admin_group", {"hr", [](const HostConfig& c) { return c.hrAdminGroup == "hr"; }}},
      {"session_secret_file",
       {"/k", [](const HostConfig& c) { return c.sessionSecretFile == "/k"; }}},
      {"session_ttl_minutes", {"5", [](const HostConfig& c) { return c.sessionTtlMinutes == 5; }}},
      {"cookie_secure", {"on", [](const HostConfig& c) { return c.cookieSecure; }}},
      {"log_level", {"warn", [](const HostConfig& c) { return c.logLevel == "warn"; }}},
      {"max_body_bytes", {"2048", [](const HostConfig& c) { return c.maxBodyBytes == 2048u; }}},
      {"threads", {"2", [](const HostConfig& c) { return c.threads == 2; }}},
      {"scim.rate_limit_per_second",
       {"7", [](const HostConfig& c) { return c.scimRateLimitPerSecond == 7; }}},
      {"scim.rate_limit_burst",
       {"9", [](const HostConfig& c) { return c.scimRateLimitBurst == 9; }}},
      {"pairing.housekeeping_seconds",
       {"15", [](const HostConfig& c) { return c.pairingHousekeepingSeconds == 15; }}},
      {"scim_client.url",
       {"https://idp.example/scim/v2",
        [](const HostConfig& c) {
          return c.scimClient.at("url") == "https://idp.example/scim/v2";
        }}},
      {"scim_client.token_file",
       {"/etc/tandem/scim.token",
        [](const HostConfig& c) {
          return c.scimClient.at("token_file") == "/etc/tandem/scim.token";
        }}},
      {"scim_client.page_size",
       {"50", [](const HostConfig& c) { return c.scimClient.at("page_size") == "50"; }}},
      {"scim_client.deletion_guard_share",
       {"0.2",
        [](const HostConfig& c) { return c.scimClient.at("deletion_guard_share") == "0.2"; }}},
      {"scim_client.ca_file",
       {"/etc/ca.pem",
        [](const HostConfig& c) { return c.scimClient.at("ca_file") == "/etc/ca.pem"; }}},
      {"scim_client.timeout_seconds",
       {"12", [](const HostConfig& c) { return c.scimClient.at("timeout_seconds") == "12"; }}},
  };
  std::map<std::string, std::string> flags;
  size_t ldapKeys = 0;
  for (const auto& k : configKeys()) {
    const std::string key(k.key);
    if (key.rfind("ldap.", 0) == 0) {
      flags[key] = "value of " + key;
      ++ldapKeys;
      continue;
    }
    ASSERT_TRUE(cases.count(key)) << "no case for the key " << key << ": add one";
    flags[key] = cases.at(key).value;
  }
  auto c = HostConfig::load("", {}, flags);
  ASSERT_TRUE(c.isOk()) << c.status().message();
  for (const auto& [key, test] : cases) EXPECT_TRUE(test.landed(*c)) << key;
  EXPECT_EQ(c->ldap.size(), ldapKeys);
  for (const auto& [key, value] : c->ldap) EXPECT_EQ(value, "value of ldap." + key);
}

TEST(HostConfig, IntegerKeysAreCheckedAgainstTheirRange) {
  EXPECT_EQ(HostConfig::load("", {}, {{"session_ttl_minutes", "43201"}}).status().errorCode(),
            "invalid_argument");
  EXPECT_TRUE(HostConfig::load("", {}, {{"session_ttl_minutes", "43200"}}).isOk());
  EXPECT_EQ(HostConfig::load("", {}, {{"max_body_bytes", "1023"}}).status().errorCode(),
            "invalid_argument");
  auto big = HostConfig::load("", {}, {{"max_body_bytes", "1073741824"}});
  ASSERT_TRUE(big.isOk());
  EXPECT_EQ(big->maxBodyBytes, 1073741824u);
  EXPECT_EQ(HostConfig::load("", {}, {{"threads", "257"}}).status().errorCode(),
            "invalid_argument");
}

TEST(HostConfig, ScimRateLimitDefaultsReachThePluginAndZeroTurnsItOff) {
  auto defaults = HostConfig::load("", {}, {});
  ASSERT_TRUE(defaults.isOk());
  EXPECT_EQ(defaults->pluginSettings().at("scim.rate_limit_per_second"), "50");
  EXPECT_EQ(defaults->pluginSettings().at("scim.rate_limit_burst"), "100");
  auto env = HostConfig::load(
      "", {{"TANDEM_SCIM_RATE_LIMIT_PER_SECOND", "0"}, {"TANDEM_SCIM_RATE_LIMIT_BURST", "20"}}, {});
  ASSERT_TRUE(env.isOk()) << env.status().message();
  EXPECT_EQ(env->pluginSettings().at("scim.rate_limit_per_second"), "0");
  EXPECT_EQ(env->pluginSettings().at("scim.rate_limit_burst"), "20");
  EXPECT_EQ(
      HostConfig::load("", {{"TANDEM_SCIM_RATE_LIMIT_PER_SECOND", "-1"}}, {}).status().errorCode(),
      "invalid_argument");
  EXPECT_EQ(HostConfig::load("", {{"TANDEM_SCIM_RATE_LIMIT_BURST", "0"}}, {}).status().errorCode(),
            "invalid_argument");
}

TEST(HostConfig, PairingHousekeepingReachesThePluginWithinItsBounds) {
  auto defaults = HostConfig::load("", {}, {});
  ASSERT_TRUE(defaults.isOk());
  EXPECT_EQ(defaults->pluginSettings().at("pairing.housekeeping_seconds"), "60");
  auto env = HostConfig::load("", {{"TANDEM_PAIRING_HOUSEKEEPING_SECONDS", "5"}}, {});
  ASSERT_TRUE(env.isOk()) << env.status().message();
  EXPECT_EQ(env->pluginSettings().at("pairing.housekeeping_seconds"), "5");
  for (const char* bad : {"0", "86401", "soon"}) {
    EXPECT_EQ(HostConfig::load("", {{"TANDEM_PAIRING_HOUSEKEEPING_SECONDS", bad}}, {})
                  .status()
                  .errorCode(),
              "invalid_argument")
        << bad;
  }
}

TEST(HostConfig, LdapSettingsJsonNeedsAUriAndCarriesOnlyThePasswordFilePath) {
  auto none = HostConfig::load("", {{"TANDEM_LDAP_BASE_DN", "dc=example,dc=com"}}, {});
  ASSERT_TRUE(none.isOk());
  EXPECT_EQ(none->ldapSettingsJson(), "");

  TempDir dir;
  const fs::path password = dir.path() / "ldap.password";
  writeFile(password, "s3cret-value");
  auto c = HostConfig::load("",
                            {{"TANDEM_LDAP_URI", "ldap://127.0.0.1:389"},
                             {"TANDEM_LDAP_PASSWORD_FILE", password.string()},
                             {"TANDEM_LDAP_SYNC_INTERVAL_MINUTES", "15"}},
                            {{"hr_admin_group", "people-ops"}});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  const std::string text = c->ldapSettingsJson();
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j.at("uri"), "ldap://127.0.0.1:389");
  EXPECT_EQ(j.at("password_file"), password.string());
  EXPECT_EQ(j.at("sync_interval_minutes"), "15");
  EXPECT_EQ(j.at("hr_admin_group"), "people-ops");  // the host's group unless ldap.hr_admin_group
  EXPECT_EQ(text.find("s3cret-value"), std::string::npos);
  EXPECT_EQ(c->pluginSettings().count("directory.ldap"), 0u)
      << "only tandem serve offers the directory settings (PluginRuntime, RuntimeUse::kServe)";
}

TEST(SessionSecret, IsCreatedPrivateWith32BytesAndReused) {
  TempDir dir;
  const fs::path key = dir.path() / "sub" / "session.key";
  auto first = loadOrCreateSessionSecret(key.string());
  ASSERT_TRUE(first.isOk()) << first.status().message();
  EXPECT_EQ(first->size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = loadOrCreateSessionSecret(key.string());
  ASSERT_TRUE(second.isOk());
  EXPECT_EQ(*first, *second);
}

TEST(SessionSecret, RefusesAShortKeyFile) {
  TempDir dir;
  const fs::path key = dir.path() / "session.key";
  writeFile(key, "short");
  EXPECT_EQ(loadOrCreateSessionSecret(key.string()).status().errorCode(), "failed_precondition");
}

}  // namespace
}  // namespace tandem::standalone
