#include "support/test_app.h"

#include <gtest/gtest.h>

#include "storage/sqlite_store.h"

namespace tandem::testing {

TestApp::TestApp() {
  auto store = storage::openSqliteStore({":memory:"});
  EXPECT_TRUE(store.isOk()) << store.status().toString();
  {
    auto session = (*store)->session();
    auto& s = **session;
    int n = 0;
    for (const char* user : {"ada", "hr", "zoe"}) {
      directory::Employee e;
      e.source = "import";
      e.externalId = std::string("ext-") + user;
      e.userName = user;
      e.displayName = std::string("User ") + user;
      e.department = n++ % 2 ? "Finance" : "Engineering";
      e.level = n * 3;
      auto up = s.employees().upsert(e);
      EXPECT_TRUE(up.isOk()) << up.status().toString();
      if (std::string(user) == "hr") {
        EXPECT_TRUE(s.groups().setEmployeeGroups(e.id, {"tandem-hr-admins"}, "import").isOk());
      }
    }
  }
  app = app::PluginApp::createWithStore(host, std::move(store).value());
  EXPECT_TRUE(app->enable().isOk());
}

http::Response TestApp::call(const std::string& method, const std::string& target,
                             const std::string& body, uint32_t roles, const std::string& user,
                             const std::string& locale) {
  http::Request r;
  r.method = method;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  r.body = body;
  http::Identity who;
  who.userId = roles == 0 ? "" : user;
  who.roles = roles;
  who.locale = locale;
  return app->handle(r, who);
}

nlohmann::json TestApp::json(const http::Response& r) {
  if (r.body.empty()) return nlohmann::json::object();
  return nlohmann::json::parse(r.body);
}

std::string TestApp::dump() {
  // Everything a request could change, read back through the API as HR and as each user.
  std::string out;
  for (const char* user : {"ada", "hr", "zoe"}) {
    out += call("GET", "/api/v1/me", "", http::kRoleEmployee, user).body;
  }
  out += call("GET", "/api/v1/admin/module", "", http::kRoleHrAdmin, "hr").body;
  out += call("GET", "/api/v1/programs", "", http::kRoleHrAdmin, "hr").body;
  out += call("GET", "/api/v1/skills?includeInactive=true", "", http::kRoleHrAdmin, "hr").body;
  return out;
}

}  // namespace tandem::testing
