// Every route x every role: the core enforces roles for each route, whatever the host does.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_app.h"

namespace tandem::app {
namespace {

struct Caller {
  const char* name;
  uint32_t roles;
  const char* user;
};

const Caller kCallers[] = {
    {"anonymous", 0, ""},
    {"employee", http::kRoleEmployee, "ada"},
    {"hr_admin", http::kRoleEmployee | http::kRoleHrAdmin, "hr"},
    {"hr_admin_only", http::kRoleHrAdmin, "hr"},
    {"host_admin", http::kRoleHostAdmin, "ada"},
    {"service", http::kRoleService, "tandem-host"},
};

std::string concretePath(const std::string& pattern) {
  std::string path = std::regex_replace(pattern, std::regex(R"(\{\*[a-zA-Z]+\})"), "profile.html");
  path = std::regex_replace(path, std::regex(R"(\{userName\})"), "ada");
  return std::regex_replace(path, std::regex(R"(\{[a-zA-Z]+\})"), "1");
}

TEST(RouteRoles, EveryRouteAnswersEveryRoleAsDeclared) {
  testing::TestApp t;
  int checked = 0;
  for (const auto& route : t.app->router().routes()) {
    for (const Caller& caller : kCallers) {
      const std::string path = concretePath(route.pattern);
      auto r = t.call(route.method, path, "{}", caller.roles, caller.user);
      SCOPED_TRACE(route.method + " " + path + " as " + caller.name);
      if (route.roles == http::kPublic) {
        EXPECT_NE(r.status, 401);
        EXPECT_NE(r.status, 403);
      } else if (caller.roles == 0) {
        EXPECT_EQ(r.status, 401);
        EXPECT_EQ(testing::TestApp::json(r)["error"]["code"], "unauthenticated");
      } else if ((caller.roles & route.roles) == 0) {
        EXPECT_EQ(r.status, 403);
        EXPECT_EQ(testing::TestApp::json(r)["error"]["code"], "permission_denied");
      } else {
        EXPECT_NE(r.status, 401);
        EXPECT_NE(r.status, 403) << r.body;
        EXPECT_NE(r.status, 405);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(t.app->router().routes().size() * std::size(kCallers)));
}

TEST(RouteRoles, TheRoleTableIsWhatTheProductPromises) {
  testing::TestApp t;
  for (const auto& route : t.app->router().routes()) {
    SCOPED_TRACE(route.method + " " + route.pattern);
    const bool hrOnly = route.pattern.rfind("/api/v1/admin", 0) == 0 ||
                        route.pattern.rfind("/api/v1/programs", 0) == 0 ||
                        (route.pattern.rfind("/api/v1/skills", 0) == 0 && route.method != "GET");
    if (hrOnly) {
      EXPECT_EQ(route.roles, http::kRoleHrAdmin);
    }
    if (route.pattern.rfind("/api/v1/service", 0) == 0) {
      EXPECT_EQ(route.roles, http::kRoleService);
    }
    if (route.pattern.rfind("/api/v1/me", 0) == 0) {
      EXPECT_EQ(route.roles, http::kRoleEmployee);
    }
  }
}

}  // namespace
}  // namespace tandem::app
