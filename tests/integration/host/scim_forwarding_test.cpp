// The standalone host in front of /scim/v2, over real HTTP to the real `tandem serve`: the host's
// own errors there use the SCIM error format, a browser session neither authenticates a SCIM call
// nor triggers the CSRF check, and no log line carries the Authorization header.
// The endpoints' own behaviour is tested in process (tests/unit/http/scim_handlers_test.cpp) and
// replayed as Okta and Entra send it (tests/integration/scim/).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
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

constexpr const char* kScimError = "urn:ietf:params:scim:api:messages:2.0:Error";
// Well formed (the shape `tandem scim token create` prints), never stored.
constexpr const char* kBearer =
    "tdm_scim_0123456789abcdef_SECRETsecretSECRETsecretSECRETsecret-_0123";

using Reply = tandem::testing::HttpReply;

std::string errorCode(const Reply& r) {
  const auto j = r.json();
  return j.is_object() && j.contains("error") && j["error"].is_object()
             ? j["error"].value("code", "")
             : "";
}

class ScimForwardingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("tandem-scim-host-test-" + std::to_string(rd()));
    fs::create_directories(dir_);
    dataDir_ = (dir_ / "data").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const char* f : {"demo.err", "serve.out", "serve.err"}) {
        if (fs::exists(dir_ / f)) {
          std::cerr << "---- " << f << " ----\n" << readTextFile(dir_ / f).substr(0, 20000) << "\n";
        }
      }
    }
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Seeds a small demo company and starts `tandem serve --demo` with debug logs.
  void startServer() {
    ASSERT_EQ(tandem::testing::runTandem(TANDEM_CLI_PATH,
                                         {"demo", "--employees", "50", "--data-dir", dataDir_,
                                          "--plugin", TANDEM_PLUGIN_PATH, "--log-level", "warn"},
                                         dir_, "demo"),
              0);
    std::string error;
    server_ = TandemServer::start(
        TANDEM_CLI_PATH,
        {"--demo", "--data-dir", dataDir_, "--plugin", TANDEM_PLUGIN_PATH, "--log-level", "debug"},
        dir_, error);
    ASSERT_TRUE(server_) << error;
  }

  // withoutLength: send neither Content-Length nor chunked encoding.
  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {},
                bool withoutLength = false) {
    tandem::testing::HttpRequestOptions options;
    options.withoutLength = withoutLength;
    return tandem::testing::httpRequest(server_->port(), method, path, body,
                                        {headers.begin(), headers.end()}, options);
  }

  // Signs in as the first demo account; returns "tandem_session=...".
  std::string signIn() {
    const nlohmann::json accounts = nlohmann::json::parse(
        readTextFile(fs::path(dataDir_) / "demo-accounts.json"), nullptr, false);
    if (!accounts.is_array() || accounts.empty()) return "";
    const std::string user = accounts[0].value("userName", "");
    const Reply res = request("POST", "/auth/login", nlohmann::json{{"userName", user}}.dump(),
                              {{"Content-Type", "application/json"}});
    if (res.status != 200) return "";
    for (const auto& setCookie : res.headerValues("Set-Cookie")) {
      // Only the name=value part matters here.
      const std::string pair = setCookie.substr(0, setCookie.find(';'));
      const auto eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == "tandem_session") {
        return "tandem_session=" + pair.substr(eq + 1);
      }
    }
    return "";
  }

  static void expectScimError(const Reply& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/scim+json") << r.body;
    const auto j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j.value("schemas", nlohmann::json()), nlohmann::json::array({kScimError})) << r.body;
    ASSERT_TRUE(j.contains("status") && j["status"].is_string()) << "status must be a string";
    EXPECT_EQ(j["status"].get<std::string>(), std::to_string(status));
    EXPECT_FALSE(j.value("detail", "").empty()) << r.body;
    EXPECT_FALSE(j.contains("error")) << r.body;
  }

  fs::path dir_;
  std::string dataDir_;
  std::unique_ptr<TandemServer> server_;
};

TEST_F(ScimForwardingTest, HostErrorsUnderScimUseTheScimErrorFormat) {
  ASSERT_NO_FATAL_FAILURE(startServer());
  const std::map<std::string, std::string> bearer = {
      {"Authorization", std::string("Bearer ") + kBearer},
      {"Content-Type", "application/scim+json"}};

  // A body over max_body_bytes (1 MiB by default), sent and only declared.
  expectScimError(request("POST", "/scim/v2/Users", std::string(2 * 1024 * 1024, 'x'), bearer),
                  413);
  // Headers only: the host answers without waiting for the body.
  tandem::testing::HttpRequestOptions headersOnly;
  headersOnly.declaredLength = 50LL * 1024 * 1024;
  expectScimError(tandem::testing::httpRequest(
                      server_->port(), "POST", "/scim/v2/Users", "",
                      {{"Authorization", std::string("Bearer ") + kBearer}}, headersOnly),
                  413);
  // A POST with neither Content-Length nor chunked encoding.
  expectScimError(request("POST", "/scim/v2/Users", "", bearer, /*withoutLength=*/true), 411);

  // Elsewhere the host keeps the API's error format.
  const Reply api = request("PUT", "/api/v1/me/participation", std::string(2 * 1024 * 1024, 'x'),
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(api.status, 413);
  EXPECT_EQ(errorCode(api), "payload_too_large");

  // Neither the access log nor any other log line carries the Authorization header.
  EXPECT_EQ(server_->stop(SIGTERM, 10s), std::optional<int>(0));
  const std::string logs = server_->output();
  EXPECT_NE(logs.find("/scim/v2/Users"), std::string::npos) << "the access log should list it";
  EXPECT_EQ(logs.find(kBearer), std::string::npos);
  EXPECT_EQ(logs.find("SECRETsecret"), std::string::npos);
  EXPECT_EQ(logs.find("Bearer"), std::string::npos);
}

TEST_F(ScimForwardingTest, SessionCookieNeitherAuthenticatesScimNorTriggersCsrf) {
  ASSERT_NO_FATAL_FAILURE(startServer());
  const std::string cookie = signIn();
  ASSERT_FALSE(cookie.empty()) << "demo sign-in failed";
  // The cookie is a live session elsewhere.
  const Reply me = request("GET", "/api/v1/me", "", {{"Cookie", cookie}});
  ASSERT_EQ(me.status, 200) << me.body;
  const std::string userName = me.json()["employee"].value("userName", "");
  ASSERT_FALSE(userName.empty());

  // GET with the cookie and no Authorization: the plugin sees an anonymous caller and asks for a
  // bearer token.
  const Reply config = request("GET", "/scim/v2/ServiceProviderConfig", "", {{"Cookie", cookie}});
  EXPECT_EQ(config.status, 401) << config.body;
  EXPECT_TRUE(config.json().is_object()) << config.body;
  EXPECT_EQ(config.body.find(userName), std::string::npos) << config.body;

  // A state-changing SCIM request with the cookie, a foreign Origin and no X-CSRF-Token: no CSRF
  // refusal (bearer auth is not ambient), and still no identity from the cookie.
  const std::string user = R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],)"
                           R"("userName":"new.person"})";
  for (const auto& headers : std::vector<std::map<std::string, std::string>>{
           {{"Cookie", cookie}, {"Content-Type", "application/scim+json"}},
           {{"Cookie", cookie},
            {"Content-Type", "application/scim+json"},
            {"Origin", "http://evil.example"}}}) {
    const Reply post = request("POST", "/scim/v2/Users", user, headers);
    EXPECT_NE(post.status, 403) << post.body;
    EXPECT_NE(errorCode(post), "csrf_failed") << post.body;
    EXPECT_EQ(post.status, 401) << post.body;
    EXPECT_TRUE(post.json().is_object()) << post.body;
  }

  // Outside /scim/v2 the same request is still refused by the CSRF check.
  const Reply api = request("PUT", "/api/v1/me/participation", "{}",
                            {{"Cookie", cookie}, {"Content-Type", "application/json"}});
  EXPECT_EQ(api.status, 403);
  EXPECT_EQ(errorCode(api), "csrf_failed");
}

TEST_F(ScimForwardingTest, BearerTokenFromTheCliReachesThePluginAndStaysOutOfTheLogs) {
  ASSERT_EQ(tandem::testing::runTandem(TANDEM_CLI_PATH,
                                       {"scim", "token", "create", "--name", "okta", "--data-dir",
                                        dataDir_, "--plugin", TANDEM_PLUGIN_PATH},
                                       dir_, "create"),
            0);
  std::string created = readTextFile(dir_ / "create.out");
  while (!created.empty() && created.back() == '\n') created.pop_back();
  const std::string token = created.substr(created.rfind('\n') + 1);
  ASSERT_EQ(token.rfind("tdm_scim_", 0), 0u) << created;
  ASSERT_NO_FATAL_FAILURE(startServer());

  // The Authorization header reaches the plugin under /scim/v2: a valid token gets 200.
  const Reply good =
      request("GET", "/scim/v2/ServiceProviderConfig", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(good.status, 200) << good.body;
  // Elsewhere it stays hidden: the API does not take it as a sign-in.
  const Reply me = request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 401) << me.body;

  EXPECT_EQ(server_->stop(SIGTERM, 10s), std::optional<int>(0));
  const std::string logs = server_->output() + readTextFile(dir_ / "create.err");
  EXPECT_EQ(logs.find(token.substr(26)), std::string::npos) << "a log line holds the token";
}

}  // namespace
