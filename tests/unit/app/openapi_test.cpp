// The OpenAPI document served at /api/v1/openapi.json names every route, and nothing else.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "support/test_app.h"

namespace tandem::app {
namespace {

std::string docPath(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex(R"(\{\*)"), "{");
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TEST(OpenApi, DocumentIsServedAndListsEveryRoute) {
  testing::TestApp t;
  auto r = t.call("GET", "/api/v1/openapi.json", "", 0);
  ASSERT_EQ(r.status, 200);
  auto doc = testing::TestApp::json(r);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> routes;
  for (const auto& route : t.app->router().routes()) {
    const std::string path = docPath(route.pattern);
    const std::string method = lower(route.method);
    routes.insert(method + " " + path);
    ASSERT_TRUE(doc["paths"].contains(path)) << "missing from openapi.json: " << path;
    ASSERT_TRUE(doc["paths"][path].contains(method))
        << "missing from openapi.json: " << route.method << " " << path;
    EXPECT_EQ(doc["paths"][path][method]["summary"], route.summary) << path;
  }
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      EXPECT_TRUE(routes.count(method + " " + path)) << "documented but not routed: " << method
                                                     << " " << path;
    }
  }
}

}  // namespace
}  // namespace tandem::app
