#include "app/router.h"

#include <gtest/gtest.h>

namespace tandem::app {
namespace {

TEST(MatchPattern, LiteralsParamsAndRest) {
  std::map<std::string, std::string> p;
  EXPECT_TRUE(matchPattern("/api/v1/me", "/api/v1/me", p));
  EXPECT_FALSE(matchPattern("/api/v1/me", "/api/v1/me/", p));
  EXPECT_FALSE(matchPattern("/api/v1/me", "/api/v1", p));
  EXPECT_TRUE(matchPattern("/api/v1/programs/{id}", "/api/v1/programs/12", p));
  EXPECT_EQ(p["id"], "12");
  EXPECT_FALSE(matchPattern("/api/v1/programs/{id}", "/api/v1/programs/", p));
  EXPECT_TRUE(matchPattern("/ui/{*path}", "/ui/i18n/fr.json", p));
  EXPECT_EQ(p["path"], "i18n/fr.json");
  EXPECT_FALSE(matchPattern("/ui/{*path}", "/uix/a", p));
  EXPECT_FALSE(matchPattern("/api/v1/me", "api/v1/me", p));
}

TEST(Router, ReportsAllowedMethodsWhenOnlyThePathMatches) {
  std::vector<http::Route> routes;
  routes.push_back({"GET", "/a/{id}", http::kPublic, "get", nullptr});
  routes.push_back({"PUT", "/a/{id}", http::kPublic, "put", nullptr});
  Router router(std::move(routes));
  auto m = router.match("DELETE", "/a/1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "PUT"}));
  auto put = router.match("PUT", "/a/1");
  ASSERT_NE(put.route, nullptr);
  EXPECT_EQ(put.route->summary, "put");
  EXPECT_EQ(put.params["id"], "1");
}

}  // namespace
}  // namespace tandem::app
