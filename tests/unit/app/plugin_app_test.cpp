#include "app/plugin_app.h"

#include <gtest/gtest.h>
#include <spdlog/logger.h>

#include "support/test_app.h"

namespace tandem::app {
namespace {

TEST(PluginApp, RefusesRequestsUntilEnabledAndAfterDisable) {
  testing::TestApp t;
  ASSERT_TRUE(t.app->disable().isOk());
  auto r = t.call("GET", "/api/v1/me");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(testing::TestApp::json(r)["error"]["code"], "unavailable");
  ASSERT_TRUE(t.app->enable().isOk());
  EXPECT_EQ(t.call("GET", "/api/v1/me").status, 200);
}

TEST(PluginApp, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  testing::TestApp t;
  auto r = t.call("GET", "/api/v1/does-not-exist");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(testing::TestApp::json(r)["error"]["code"], "not_found");
  auto m = t.call("POST", "/api/v1/me");
  EXPECT_EQ(m.status, 405);
  bool allow = false;
  for (const auto& [k, v] : m.headers) allow |= k == "Allow" && v == "GET";
  EXPECT_TRUE(allow);
}

TEST(PluginApp, BodyOverOneMebibyteIs413AndChangesNothing) {
  testing::TestApp t;
  const std::string before = t.dump();
  std::string big = "{\"role\":\"mentor\",\"hopeNote\":\"" + std::string(kMaxBodyBytes, 'x') + "\"}";
  auto r = t.call("PUT", "/api/v1/me/participation", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(testing::TestApp::json(r)["error"]["code"], "payload_too_large");
  EXPECT_EQ(t.dump(), before);
}

TEST(PluginApp, UnknownAccountGets403NotACrash) {
  testing::TestApp t;
  auto r = t.call("GET", "/api/v1/me", "", http::kRoleEmployee, "stranger");
  EXPECT_EQ(r.status, 403);
}

TEST(PluginApp, HealthReportsTheStore) {
  testing::TestApp t;
  auto h = t.app->health();
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["employees"], 3);
}

TEST(PluginApp, PrivacyExportAndErase) {
  testing::TestApp t;
  ASSERT_EQ(t.call("PUT", "/api/v1/me/participation",
                   R"({"role":"mentor","skills":[{"skillId":1,"direction":"teach","level":4}]})")
                .status,
            200);
  auto exported = t.app->privacyExport("ada");
  ASSERT_TRUE(exported.isOk());
  EXPECT_EQ((*exported)["employee"]["userName"], "ada");
  EXPECT_EQ((*exported)["participant"]["role"], "mentor");
  EXPECT_FALSE((*exported)["audit"].empty());
  auto erased = t.app->privacyErase("ada");
  ASSERT_TRUE(erased.isOk()) << erased.status().toString();
  EXPECT_EQ(t.app->privacyExport("ada").status().code(), core::StatusCode::kNotFound);
  auto after = t.app->privacyExport((*erased)["erased"].get<std::string>());
  ASSERT_TRUE(after.isOk());
  EXPECT_EQ((*after)["employee"]["displayName"], "Erased employee");
  EXPECT_TRUE((*after)["participant"].is_null());
  EXPECT_EQ(t.app->privacyErase("nobody").status().code(), core::StatusCode::kNotFound);
}

TEST(PluginApp, UnknownJobIsNotFound) {
  testing::TestApp t;
  auto r = t.app->runJob("nope", nlohmann::json::object(), nullptr);
  EXPECT_EQ(r.status().code(), core::StatusCode::kNotFound);
}

TEST(PluginApp, LoggerIsNamedAndWritesToTheHost) {
  testing::TestApp t;
  EXPECT_EQ(t.app->logger().name(), "tandem");
  t.call("GET", "/api/v1/me");
  EXPECT_FALSE(t.host->lines.empty());
}

}  // namespace
}  // namespace tandem::app
