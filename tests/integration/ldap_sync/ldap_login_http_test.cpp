// `tandem serve` with auth=ldap against a real slapd: `tandem sync ldap` fills the store, then
// POST /auth/login checks the password by LDAP bind, sets the signed session, and /api/v1/me
// answers for the person. Wrong passwords and injection attempts get the same 401; repeated
// failures get 429 with Retry-After; the password never reaches the log.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "http_client.h"
#include "slapd_fixture.h"
#include "tandem_server.h"

#ifndef TANDEM_CLI_PATH
#error "TANDEM_CLI_PATH must be defined by the build"
#endif
#ifndef TANDEM_PLUGIN_PATH
#error "TANDEM_PLUGIN_PATH must be defined by the build"
#endif

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

using tandem::testing::readTextFile;
using tandem::testing::TandemServer;

std::string readFile(const fs::path& p) { return readTextFile(p); }

using Reply = tandem::testing::HttpReply;

std::string errorMessage(const Reply& r) {
  const auto j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].value("message", "") : "";
}

class LdapLoginHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    slapd_ = tandem::testing::Slapd::start({.people = 200, .seed = 41});
    dir_ = fs::path(slapd_->workDir()) / "tandem";
    fs::create_directories(dir_);
    dataDir_ = (dir_ / "data").string();
    configFile_ = (dir_ / "tandem.properties").string();
    std::ofstream cfg(configFile_);
    cfg << "auth = ldap\n"
        << "ldap.uri = " << slapd_->uri() << "\n"
        << "ldap.bind_dn = " << slapd_->bindDn() << "\n"
        << "ldap.password_file = " << slapd_->passwordFile() << "\n"
        << "ldap.base_dn = " << slapd_->baseDn() << "\n"
        << "ldap.preset = openldap\n"
        << "hr_admin_group = tandem-hr-admins\n";
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const char* f : {"sync.out", "sync.err", "serve.out", "serve.err"}) {
        if (fs::exists(dir_ / f))
          std::cerr << "---- " << f << " ----\n" << readFile(dir_ / f).substr(0, 20000) << "\n";
      }
    }
    server_.reset();
    slapd_.reset();
  }

  int runCli(const std::vector<std::string>& args, const std::string& name) {
    return tandem::testing::runTandem(TANDEM_CLI_PATH, args, dir_, name, 120s);
  }

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {}) {
    tandem::testing::HttpRequestOptions options;
    options.timeout = 20s;
    return tandem::testing::httpRequest(port_, method, path, body, {headers.begin(), headers.end()},
                                        options);
  }

  Reply login(const std::string& user, const std::string& password) {
    return request("POST", "/auth/login", json{{"userName", user}, {"password", password}}.dump(),
                   {{"Content-Type", "application/json"}});
  }

  void startServer() {
    std::string error;
    server_ = TandemServer::start(TANDEM_CLI_PATH,
                                  {"--config", configFile_, "--data-dir", dataDir_, "--plugin",
                                   TANDEM_PLUGIN_PATH, "--log-level", "info"},
                                  dir_, error);
    ASSERT_TRUE(server_) << error;
    port_ = server_->port();
  }

  std::unique_ptr<tandem::testing::Slapd> slapd_;
  fs::path dir_;
  std::string dataDir_;
  std::string configFile_;
  uint16_t port_ = 0;
  std::unique_ptr<TandemServer> server_;
};

TEST_F(LdapLoginHttp, SignsInByLdapBindAndServesMe) {
  ASSERT_EQ(runCli({"sync", "ldap", "--config", configFile_, "--data-dir", dataDir_, "--plugin",
                    TANDEM_PLUGIN_PATH, "--json"},
                   "sync"),
            0);
  ASSERT_NO_FATAL_FAILURE(startServer());
  const auto& dir = slapd_->directory();
  const std::string password = dir.userPassword;

  const Reply config = request("GET", "/auth/config");
  EXPECT_EQ(config.status, 200);
  EXPECT_EQ(config.json().value("mode", ""), "ldap");
  // The sign-in page is served, and the root sends anonymous visitors to it.
  EXPECT_EQ(request("GET", "/login").status, 200);
  EXPECT_EQ(request("GET", "/").header("location"), "/login");
  // No demo picker in ldap mode.
  EXPECT_EQ(request("GET", "/auth/demo-accounts").status, 404);

  // Content type and origin rules as for the demo login.
  const std::string body = json{{"userName", dir.ceoUid}, {"password", password}}.dump();
  EXPECT_EQ(request("POST", "/auth/login", body, {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(request("POST", "/auth/login", body,
                    {{"Content-Type", "application/json"}, {"Origin", "http://evil.example"}})
                .status,
            403);

  // HR admin: correct password, role from the directory group, /api/v1/me works.
  const std::string admin = dir.hrAdminUids.at(0);
  const Reply ok = login(admin, password);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().value("userName", ""), admin);
  const auto roles = ok.json()["roles"];
  EXPECT_NE(std::find(roles.begin(), roles.end(), "hr_admin"), roles.end()) << roles.dump();
  const std::vector<std::string> okCookies = ok.headerValues("Set-Cookie");
  ASSERT_EQ(okCookies.size(), 1u);
  const std::string cookie = okCookies[0].substr(0, okCookies[0].find(';'));
  const Reply me = request("GET", "/api/v1/me", "", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["employee"].value("userName", ""), admin);

  // The CEO is an employee only.
  const Reply ceo = login(dir.ceoUid, password);
  ASSERT_EQ(ceo.status, 200) << ceo.body;
  EXPECT_EQ(ceo.json()["roles"], json::array({"employee"}));

  // Refusals, all with the same answer (one attempt per name, under the limits).
  for (const auto& [user, pass] : std::vector<std::pair<std::string, std::string>>{
           {dir.hrAdminUids.at(1), "wrong"},
           {"nobody-here", password},
           {"*", password},
           {"*)(uid=*", password},
           {"admin)(|(uid=*", password},
           {dir.disabledUid, password}}) {
    const Reply r = login(user, pass);
    EXPECT_EQ(r.status, 401) << user << ": " << r.body;
    EXPECT_EQ(errorMessage(r), "invalid user name or password") << user;
    EXPECT_TRUE(r.headerValues("Set-Cookie").empty()) << user;
  }
  // An empty password is refused before any bind (same answer).
  const Reply empty = login(dir.hrAdminUids.at(2), "");
  EXPECT_EQ(empty.status, 401);
  EXPECT_EQ(errorMessage(empty), "invalid user name or password");
  // Without a password at all: a malformed request.
  EXPECT_EQ(request("POST", "/auth/login", json{{"userName", admin}}.dump(),
                    {{"Content-Type", "application/json"}})
                .status,
            400);

  // Five failures for one name, then 429 with Retry-After, even with the right password.
  const std::string target = dir.hrAdminUids.at(2);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login(target, "wrong-" + std::to_string(i)).status, 401);
  const Reply limited = login(target, password);
  EXPECT_EQ(limited.status, 429) << limited.body;
  const std::string retryAfter = limited.header("retry-after");
  ASSERT_FALSE(retryAfter.empty());
  EXPECT_GE(std::stoi(retryAfter), 1);
  EXPECT_LE(std::stoi(retryAfter), 60);

  server_->stop(SIGTERM, 15s);
  const std::string log = readFile(dir_ / "serve.out") + readFile(dir_ / "serve.err");
  EXPECT_EQ(log.find(password), std::string::npos) << "a password reached the log";
  EXPECT_NE(log.find(admin), std::string::npos) << "the log names who signed in";
}

}  // namespace
