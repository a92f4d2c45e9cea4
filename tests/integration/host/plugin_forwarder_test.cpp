#include "plugin_forwarder.h"

#include <gtest/gtest.h>

namespace tandem::standalone {
namespace {

TEST(PluginForwarder, ScimPathIsTheScimPrefixAndBelow) {
  EXPECT_TRUE(PluginForwarder::isScimPath("/scim/v2"));
  EXPECT_TRUE(PluginForwarder::isScimPath("/scim/v2/"));
  EXPECT_TRUE(PluginForwarder::isScimPath("/scim/v2/Users/abc"));
  EXPECT_FALSE(PluginForwarder::isScimPath("/scim/v20"));
  EXPECT_FALSE(PluginForwarder::isScimPath("/scim/v2x/Users"));
  EXPECT_FALSE(PluginForwarder::isScimPath("/scim"));
  EXPECT_FALSE(PluginForwarder::isScimPath("/api/v1/scim/v2"));
  EXPECT_FALSE(PluginForwarder::isScimPath("/api/v1/me"));
}

TEST(PluginForwarder, AuthorizationReachesThePluginOnlyUnderScim) {
  EXPECT_TRUE(PluginForwarder::forwardsHeader("/scim/v2/Users", "Authorization"));
  EXPECT_TRUE(PluginForwarder::forwardsHeader("/scim/v2/Users", "authorization"));
  EXPECT_FALSE(PluginForwarder::forwardsHeader("/api/v1/me", "Authorization"));
  EXPECT_FALSE(PluginForwarder::forwardsHeader("/ui/profile.html", "AUTHORIZATION"));
  EXPECT_FALSE(PluginForwarder::forwardsHeader("/scim/v20/Users", "Authorization"));
}

TEST(PluginForwarder, SessionCookieAndCsrfTokenNeverReachThePlugin) {
  for (const char* path : {"/scim/v2/Users", "/api/v1/me", "/ui/profile.html"}) {
    EXPECT_FALSE(PluginForwarder::forwardsHeader(path, "Cookie")) << path;
    EXPECT_FALSE(PluginForwarder::forwardsHeader(path, "cookie")) << path;
    EXPECT_FALSE(PluginForwarder::forwardsHeader(path, "X-CSRF-Token")) << path;
    EXPECT_TRUE(PluginForwarder::forwardsHeader(path, "Content-Type")) << path;
    EXPECT_TRUE(PluginForwarder::forwardsHeader(path, "If-Match")) << path;
  }
}

TEST(PluginForwarder, ScimCallersAreAnonymousWithoutASession) {
  const host::PluginIdentity anonymous = PluginForwarder::identityFor(std::nullopt);
  EXPECT_EQ(anonymous.roles, 0u);
  EXPECT_TRUE(anonymous.userId.empty());
}

}  // namespace
}  // namespace tandem::standalone
