// Starts the real `tandem` binary (which dlopens the real libtandem.so) and talks HTTP to it on
// 127.0.0.1: demo seeding, sign-in, sessions, CSRF, body limits, metrics, clean shutdown.
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "http_client.h"
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

using tandem::testing::readTextFile;
using tandem::testing::TandemServer;

std::string readFile(const fs::path& p) { return readTextFile(p); }

using Reply = tandem::testing::HttpReply;

std::string errorCode(const Reply& r) {
  const auto j = r.json();
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

class StandaloneHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("tandem-serve-test-" + std::to_string(rd()));
    fs::create_directories(dir_);
    dataDir_ = (dir_ / "data").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const char* f : {"demo.err", "serve.out", "serve.err"}) {
        if (fs::exists(dir_ / f)) {
          std::cerr << "---- " << f << " ----\n" << readFile(dir_ / f).substr(0, 20000) << "\n";
        }
      }
    }
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs the CLI to completion (bounded) and returns its exit code (-1 on timeout).
  int runCli(const std::vector<std::string>& args, const std::string& name,
             std::chrono::seconds timeout = 120s) {
    return tandem::testing::runTandem(TANDEM_CLI_PATH, args, dir_, name, timeout);
  }

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {}) {
    return tandem::testing::httpRequest(port_, method, path, body,
                                        {headers.begin(), headers.end()});
  }

  std::map<std::string, std::string> withSession(std::map<std::string, std::string> h = {}) {
    h["Cookie"] = "tandem_session=" + cookie_;
    return h;
  }

  fs::path dir_;
  std::string dataDir_;
  uint16_t port_ = 0;
  std::string cookie_;
  std::unique_ptr<TandemServer> server_;
};

TEST_F(StandaloneHostTest, ServesTheDemoEndToEnd) {
  // 1. Seed a demo company; the accounts land in <data_dir>/demo-accounts.json.
  ASSERT_EQ(runCli({"demo", "--employees", "520", "--seed", "7", "--data-dir", dataDir_, "--plugin",
                    TANDEM_PLUGIN_PATH, "--log-level", "warn"},
                   "demo"),
            0);
  const nlohmann::json accounts =
      nlohmann::json::parse(readFile(fs::path(dataDir_) / "demo-accounts.json"), nullptr, false);
  ASSERT_TRUE(accounts.is_array() && !accounts.empty()) << accounts.dump();
  std::string employee;
  for (const auto& a : accounts) {
    if (a.value("roles", nlohmann::json::array()) == nlohmann::json::array({"employee"})) {
      employee = a.value("userName", "");
      break;
    }
  }
  if (employee.empty()) employee = accounts[0].value("userName", "");
  ASSERT_FALSE(employee.empty());

  // 2. Start the server and wait (bounded) until /healthz answers.
  std::string error;
  server_ = TandemServer::start(
      TANDEM_CLI_PATH,
      {"--demo", "--data-dir", dataDir_, "--plugin", TANDEM_PLUGIN_PATH, "--log-level", "warn"},
      dir_, error);
  ASSERT_TRUE(server_) << error;
  port_ = server_->port();
  EXPECT_NE(readFile(dir_ / "serve.out")
                .find("Tandem is running at http://127.0.0.1:" + std::to_string(port_) + "/"),
            std::string::npos);

  // 3. Health and security headers.
  const Reply health = request("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json().value("status", ""), "ok");
  EXPECT_EQ(health.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(health.header("referrer-policy"), "same-origin");
  EXPECT_EQ(health.header("content-security-policy"), "default-src 'self'; frame-ancestors 'self'");

  // 4. Anonymous.
  EXPECT_EQ(request("GET", "/auth/session").status, 401);
  const Reply anonymousMe = request("GET", "/api/v1/me");
  EXPECT_EQ(anonymousMe.status, 401);
  EXPECT_EQ(errorCode(anonymousMe), "unauthenticated");
  const Reply root = request("GET", "/");
  EXPECT_EQ(root.status, 302);
  EXPECT_EQ(root.header("location"), "/login");
  EXPECT_EQ(request("GET", "/no/such/route").status, 404);

  // 5. Sign-in: JSON only, same origin only.
  const std::string loginBody = nlohmann::json{{"userName", employee}}.dump();
  const Reply notJson = request("POST", "/auth/login", loginBody, {{"Content-Type", "text/plain"}});
  EXPECT_EQ(notJson.status, 415);
  const Reply crossOrigin =
      request("POST", "/auth/login", loginBody,
              {{"Content-Type", "application/json"}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(crossOrigin.status, 403);
  EXPECT_EQ(errorCode(crossOrigin), "csrf_failed");
  const Reply unknown = request("POST", "/auth/login", R"({"userName":"nobody.at.all"})",
                                {{"Content-Type", "application/json"}});
  EXPECT_EQ(unknown.status, 401);

  const Reply login = request("POST", "/auth/login", loginBody,
                              {{"Content-Type", "application/json; charset=utf-8"},
                               {"Origin", "http://127.0.0.1:" + std::to_string(port_)}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::vector<std::string> loginCookies = login.headerValues("Set-Cookie");
  ASSERT_EQ(loginCookies.size(), 1u);
  const std::string& setCookie = loginCookies[0];
  EXPECT_EQ(setCookie.rfind("tandem_session=", 0), 0u);
  EXPECT_NE(setCookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(setCookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(setCookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(setCookie.find("Secure"), std::string::npos);
  cookie_ = setCookie.substr(15, setCookie.find(';') - 15);
  const std::string csrf = login.json().value("csrfToken", "");
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(login.json().value("userName", ""), employee);
  EXPECT_EQ(login.json()["roles"], nlohmann::json::array({"employee"}));

  const Reply session = request("GET", "/auth/session", "", withSession());
  EXPECT_EQ(session.status, 200);
  EXPECT_EQ(session.json().value("csrfToken", ""), csrf);

  // 6. The API with the session.
  const Reply me = request("GET", "/api/v1/me", "", withSession());
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.header("x-csrf-token"), csrf);
  EXPECT_EQ(me.json()["employee"].value("userName", ""), employee);
  EXPECT_EQ(request("GET", "/", "", withSession()).header("location"), "/ui/profile.html");

  // 7. CSRF on state-changing requests.
  const std::string participation =
      R"({"role":"mentor","capacity":2,"languages":["en"],)"
      R"("availability":[{"weekday":2,"start":"10:00","end":"11:00"}],)"
      R"("hopeNote":"integration test"})";
  const auto json = std::map<std::string, std::string>{{"Content-Type", "application/json"}};
  const Reply noToken =
      request("PUT", "/api/v1/me/participation", participation, withSession(json));
  EXPECT_EQ(noToken.status, 403);
  EXPECT_EQ(errorCode(noToken), "csrf_failed");
  auto badTokenHeaders = withSession(json);
  badTokenHeaders["X-CSRF-Token"] = csrf + "x";
  EXPECT_EQ(errorCode(request("PUT", "/api/v1/me/participation", participation, badTokenHeaders)),
            "csrf_failed");
  auto goodHeaders = withSession(json);
  goodHeaders["X-CSRF-Token"] = csrf;
  const Reply withToken = request("PUT", "/api/v1/me/participation", participation, goodHeaders);
  EXPECT_NE(errorCode(withToken), "csrf_failed");
  EXPECT_EQ(withToken.status, 200) << withToken.body;

  // 8. A tampered cookie is anonymous: the plugin answers 401.
  std::string tampered = cookie_;
  tampered[tampered.size() / 3] = tampered[tampered.size() / 3] == 'A' ? 'B' : 'A';
  const Reply tamperedMe =
      request("GET", "/api/v1/me", "", {{"Cookie", "tandem_session=" + tampered}});
  EXPECT_EQ(tamperedMe.status, 401);
  EXPECT_EQ(errorCode(tamperedMe), "unauthenticated");

  // 9. Bodies over max_body_bytes get 413, with the body sent and with only its length declared.
  const Reply tooLarge =
      request("PUT", "/api/v1/me/participation", std::string(2 * 1024 * 1024, 'x'), goodHeaders);
  EXPECT_EQ(tooLarge.status, 413);
  EXPECT_EQ(errorCode(tooLarge), "payload_too_large");
  // Headers only: the host must answer without waiting for the body.
  tandem::testing::HttpRequestOptions headersOnly;
  headersOnly.declaredLength = 50LL * 1024 * 1024;
  EXPECT_EQ(
      tandem::testing::httpRequest(port_, "POST", "/api/v1/programs", "", {}, headersOnly).status,
      413);

  // 10. Host pages.
  const Reply loginPage = request("GET", "/login");
  EXPECT_EQ(loginPage.status, 200);
  EXPECT_EQ(loginPage.header("content-type").rfind("text/html", 0), 0u);
  const Reply picker = request("GET", "/auth/demo-accounts?q=");
  EXPECT_EQ(picker.status, 200) << picker.body;
  EXPECT_TRUE(picker.json()["items"].is_array());

  // 11. Metrics.
  const Reply metrics = request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("tandem_http_requests_total{method=\"GET\",route=\"/api/v1/me\","
                              "status=\"200\"}"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("tandem_http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_NE(metrics.body.find("tandem_http_errors_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("tandem_plugin_up 1"), std::string::npos);

  // 12. Roles: the hr_admin group maps to HR_ADMIN.
  EXPECT_EQ(request("GET", "/api/v1/admin/module", "", withSession()).status, 403);
  std::string hrAdmin;
  for (const auto& a : accounts) {
    const auto roles = a.value("roles", nlohmann::json::array());
    if (std::find(roles.begin(), roles.end(), "hr_admin") != roles.end()) {
      hrAdmin = a.value("userName", "");
      break;
    }
  }
  if (!hrAdmin.empty()) {
    const Reply hrLogin =
        request("POST", "/auth/login", nlohmann::json{{"userName", hrAdmin}}.dump(),
                {{"Content-Type", "application/json"}});
    ASSERT_EQ(hrLogin.status, 200) << hrLogin.body;
    EXPECT_EQ(hrLogin.json()["roles"], nlohmann::json::array({"employee", "hr_admin"}));
    const std::string c = hrLogin.headerValues("Set-Cookie").at(0);
    const Reply module =
        request("GET", "/api/v1/admin/module", "", {{"Cookie", c.substr(0, c.find(';'))}});
    EXPECT_EQ(module.status, 200) << module.body;
  } else {
    ADD_FAILURE() << "the demo accounts hold no hr_admin";
  }

  // 13. Logout needs the token, then clears the cookie and revokes the session.
  EXPECT_EQ(request("POST", "/auth/logout", "", withSession()).status, 403);
  auto logoutHeaders = withSession();
  logoutHeaders["X-CSRF-Token"] = csrf;
  const Reply logout = request("POST", "/auth/logout", "", logoutHeaders);
  EXPECT_EQ(logout.status, 204);
  const std::vector<std::string> logoutCookies = logout.headerValues("Set-Cookie");
  ASSERT_EQ(logoutCookies.size(), 1u);
  EXPECT_NE(logoutCookies[0].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(request("GET", "/api/v1/me", "", withSession()).status, 401);  // a kept copy is dead

  // 14. SIGINT stops the server cleanly.
  EXPECT_EQ(server_->stop(SIGINT, 10s), std::optional<int>(0));
}

TEST_F(StandaloneHostTest, CliUsageErrorsExitWithTwo) {
  EXPECT_EQ(runCli({"--bogus"}, "bogus", 10s), 2);
  EXPECT_NE(readFile(dir_ / "bogus.err").find("unknown option --bogus"), std::string::npos);
  EXPECT_EQ(runCli({"serve", "--listen"}, "nolisten", 10s), 2);
  EXPECT_EQ(runCli({"--help"}, "help", 10s), 0);
  EXPECT_NE(readFile(dir_ / "help.out").find("Usage: tandem"), std::string::npos);
}

TEST_F(StandaloneHostTest, VersionLoadsThePluginThroughTheAbi) {
  EXPECT_EQ(runCli({"version", "--plugin", TANDEM_PLUGIN_PATH}, "version", 30s), 0);
  const std::string out = readFile(dir_ / "version.out");
  EXPECT_NE(out.find("tandem "), std::string::npos);
  EXPECT_NE(out.find("(ABI 1."), std::string::npos) << out;
}

TEST_F(StandaloneHostTest, ServeRefusesAPortInUse) {
  Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::string listen = "127.0.0.1:" + std::to_string(taken.address().port());
  EXPECT_EQ(runCli({"serve", "--listen", listen, "--data-dir", dataDir_, "--plugin",
                    TANDEM_PLUGIN_PATH, "--log-level", "warn"},
                   "busy", 30s),
            1);
}

}  // namespace
