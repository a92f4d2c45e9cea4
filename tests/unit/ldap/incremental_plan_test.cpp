// The network-free decisions of incremental LDAP sync: mechanism choice from the rootDSE, the
// watermark round trip, and when a stored watermark forces a full sync (Active Directory: another
// DC, a changed invocationId, a USN ahead of the server; any mechanism: another search scope).
#include "incremental_plan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ldap_config.h"

namespace tandem::ldap {
namespace {

LdapConfig config(const std::string& preset, const std::string& incremental = "auto") {
  nlohmann::json j = {{"uri", "ldap://127.0.0.1:10389"},
                      {"bind_dn", "cn=sync,dc=example,dc=com"},
                      {"password_file", "/nonexistent"},
                      {"base_dn", "dc=example,dc=com"},
                      {"preset", preset},
                      {"incremental", incremental}};
  auto c = LdapConfig::fromJson(j);
  EXPECT_TRUE(c.isOk()) << c.status().message();
  return c.isOk() ? *c : LdapConfig{};
}

ServerCapabilities activeDirectory(const std::string& dc, const std::string& invocation,
                                   int64_t usn) {
  ServerCapabilities caps;
  caps.activeDirectory = true;
  caps.dnsHostName = dc;
  caps.invocationId = invocation;
  caps.highestCommittedUsn = usn;
  return caps;
}

Watermark usnWatermark(const LdapConfig& c, const std::string& dc, const std::string& invocation,
                       int64_t usn) {
  Watermark w;
  w.mechanism = "usn";
  w.scope = searchScope(c);
  w.dc = dc;
  w.invocation = invocation;
  w.usn = usn;
  return w;
}

TEST(IncrementalPlan, ChoosesSyncreplThenUsnThenTimestamp) {
  ServerCapabilities openldap;
  openldap.syncrepl = true;
  EXPECT_EQ(*chooseMechanism(config("openldap"), openldap), "syncrepl");
  EXPECT_EQ(*chooseMechanism(config("active-directory"),
                             activeDirectory("dc1.example.com", "inv", 10)),
            "usn");
  EXPECT_EQ(*chooseMechanism(config("openldap"), ServerCapabilities{}), "timestamp");
  EXPECT_EQ(*chooseMechanism(config("openldap", "timestamp"), openldap), "timestamp");
  EXPECT_EQ(*chooseMechanism(config("openldap", "off"), openldap), "");
  // syncrepl reports deletes by entryUUID: a source keyed otherwise does not use it.
  EXPECT_EQ(*chooseMechanism(config("freeipa"), openldap), "timestamp");
}

TEST(IncrementalPlan, AForcedMechanismTheServerLacksNeedsAFullSync) {
  auto s = chooseMechanism(config("openldap", "syncrepl"), ServerCapabilities{});
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.status().errorCode(), "full_sync_required");
  s = chooseMechanism(config("openldap", "usn"), ServerCapabilities{});
  EXPECT_EQ(s.status().errorCode(), "full_sync_required");
}

TEST(IncrementalPlan, RejectsAnUnknownIncrementalSetting) {
  nlohmann::json j = {{"uri", "ldap://h"},
                      {"bind_dn", "cn=x"},
                      {"password_file", "/p"},
                      {"base_dn", "dc=x"},
                      {"incremental", "dirsync"}};
  auto c = LdapConfig::fromJson(j);
  ASSERT_FALSE(c.isOk());
  EXPECT_EQ(c.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(IncrementalPlan, WatermarksRoundTrip) {
  Watermark w;
  w.mechanism = "syncrepl";
  w.scope = "dc=example,dc=com|(objectClass=inetOrgPerson)";
  w.cookie = std::string("rid=000,csn=20261127\0\xff", 22);
  auto back = Watermark::decode(w.encode());
  ASSERT_TRUE(back.isOk()) << back.status().message();
  EXPECT_EQ(back->cookie, w.cookie);
  EXPECT_EQ(back->scope, w.scope);
  const auto c = config("active-directory");
  auto usn = Watermark::decode(usnWatermark(c, "dc1", "inv-1", 4711).encode());
  ASSERT_TRUE(usn.isOk());
  EXPECT_EQ(usn->usn, 4711);
  EXPECT_EQ(usn->dc, "dc1");
  EXPECT_EQ(usn->invocation, "inv-1");
  for (const char* bad : {"", "garbage", "{}", R"({"v":1,"mechanism":"syncrepl","scope":"s"})",
                          R"({"v":1,"mechanism":"syncrepl","scope":"s","cookie":"zz"})",
                          R"({"v":1,"mechanism":"dirsync","scope":"s"})"}) {
    auto d = Watermark::decode(bad);
    ASSERT_FALSE(d.isOk()) << bad;
    EXPECT_EQ(d.status().errorCode(), "full_sync_required") << bad;
  }
}

TEST(IncrementalPlan, UsnIsPinnedToOneDomainControllerAndItsInvocationId) {
  const auto c = config("active-directory");
  const auto stored = usnWatermark(c, "dc1.example.com", "inv-1", 1000);
  EXPECT_TRUE(
      checkWatermark(stored, c, activeDirectory("DC1.example.com", "inv-1", 1200), "usn").isOk());
  auto other = checkWatermark(stored, c, activeDirectory("dc2.example.com", "inv-2", 1200), "usn");
  EXPECT_EQ(other.errorCode(), "full_sync_required");
  EXPECT_NE(other.message().find("dc2.example.com"), std::string::npos) << other.message();
  auto restored = checkWatermark(stored, c, activeDirectory("dc1.example.com", "inv-9", 1200), "usn");
  EXPECT_EQ(restored.errorCode(), "full_sync_required");
  EXPECT_NE(restored.message().find("invocationId"), std::string::npos);
  auto behind = checkWatermark(stored, c, activeDirectory("dc1.example.com", "inv-1", 999), "usn");
  EXPECT_EQ(behind.errorCode(), "full_sync_required");
  auto silent = checkWatermark(stored, c, activeDirectory("", "", 1200), "usn");
  EXPECT_EQ(silent.errorCode(), "full_sync_required");
  EXPECT_EQ(usnFilter("(objectClass=user)", 1000), "(&(objectClass=user)(uSNChanged>=1001))");
}

TEST(IncrementalPlan, AnotherScopeOrMechanismNeedsAFullSync) {
  const auto c = config("active-directory");
  auto stored = usnWatermark(c, "dc1", "inv", 5);
  stored.scope = "dc=other|(objectClass=user)";
  EXPECT_EQ(checkWatermark(stored, c, activeDirectory("dc1", "inv", 9), "usn").errorCode(),
            "full_sync_required");
  stored.scope = searchScope(c);
  EXPECT_EQ(checkWatermark(stored, c, activeDirectory("dc1", "inv", 9), "timestamp").errorCode(),
            "full_sync_required");
}

TEST(IncrementalPlan, TimestampFilterSubtractsTheOverlap) {
  auto f = timestampFilter("(objectClass=person)", "20261127120000Z", 300);
  ASSERT_TRUE(f.isOk());
  EXPECT_EQ(*f, "(&(objectClass=person)(modifyTimestamp>=20261127115500Z))");
  EXPECT_EQ(timestampFilter("(o=x)", "yesterday", 300).status().errorCode(), "full_sync_required");
  EXPECT_EQ(generalizedTimeNow().size(), 15u);
}

TEST(IncrementalPlan, FormatsBinaryUuids) {
  const std::string bytes("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x23\x45\x67\x89\xab\xcd\xef", 16);
  EXPECT_EQ(uuidText(bytes), "12345678-9abc-def0-0123-456789abcdef");
  EXPECT_EQ(uuidText("short"), "");
}

}  // namespace
}  // namespace tandem::ldap
