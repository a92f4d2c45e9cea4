// LDAP bind login (LdapAuthenticator) against a real slapd: the right password signs in and HR
// admins get the role; wrong passwords, unknown and disabled users, empty passwords and filter
// injection attempts are all refused with the same message; the same over StartTLS.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "ldap_authenticator.h"
#include "slapd_fixture.h"

namespace tandem {
namespace {

using ldap::kInvalidCredentials;
using ldap::LdapAuthenticator;
using nlohmann::json;

class LdapLogin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    slapd_ = testing::Slapd::start({.people = 200, .seed = 31, .tls = true}).release();
  }
  static void TearDownTestSuite() {
    delete slapd_;
    slapd_ = nullptr;
  }

  static json config() {
    return {{"uri", slapd_->uri()},
            {"bind_dn", slapd_->bindDn()},
            {"password_file", slapd_->passwordFile()},
            {"base_dn", slapd_->baseDn()},
            {"preset", "openldap"},
            {"hr_admin_group", "tandem-hr-admins"}};
  }
  static LdapAuthenticator authenticator(const json& cfg = config()) {
    auto c = ldap::LdapConfig::fromJson(cfg);
    EXPECT_TRUE(c.isOk()) << c.status().message();
    return LdapAuthenticator(*c);
  }
  static std::string password() { return slapd_->directory().userPassword; }

  static void expectRefused(const core::Result<ldap::LdapIdentity>& r, const std::string& what) {
    ASSERT_FALSE(r.isOk()) << what << " signed in as " << r->dn;
    EXPECT_EQ(r.status().code(), core::StatusCode::kUnauthenticated) << what;
    EXPECT_EQ(r.status().message(), kInvalidCredentials) << what;
  }

  static testing::Slapd* slapd_;
};
testing::Slapd* LdapLogin::slapd_ = nullptr;

TEST_F(LdapLogin, TheRightPasswordSignsInWithoutTheHrAdminRole) {
  const auto& dir = slapd_->directory();
  auto r = authenticator().authenticate(dir.ceoUid, password());
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_EQ(r->userName, dir.ceoUid);
  EXPECT_EQ(r->dn, dir.dnOf(dir.ceoUid));
  EXPECT_FALSE(r->displayName.empty());
  EXPECT_FALSE(r->hrAdmin);
}

TEST_F(LdapLogin, HrAdminsGetTheRoleFromTheConfiguredGroup) {
  const auto& dir = slapd_->directory();
  for (const auto& uid : dir.hrAdminUids) {
    auto r = authenticator().authenticate(uid, password());
    ASSERT_TRUE(r.isOk()) << uid << ": " << r.status().message();
    EXPECT_TRUE(r->hrAdmin) << uid;
    EXPECT_NE(std::find(r->groups.begin(), r->groups.end(), "tandem-hr-admins"), r->groups.end());
  }
  // Another group name: nobody is HR admin.
  json cfg = config();
  cfg["hr_admin_group"] = "someone-else";
  auto r = authenticator(cfg).authenticate(dir.hrAdminUids.at(0), password());
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_FALSE(r->hrAdmin);
}

TEST_F(LdapLogin, WrongPasswordUnknownUserAndEmptyPasswordGetTheSameAnswer) {
  const auto& dir = slapd_->directory();
  const auto auth = authenticator();
  expectRefused(auth.authenticate(dir.ceoUid, "wrong-password"), "wrong password");
  expectRefused(auth.authenticate("nobody-here", password()), "unknown user");
  expectRefused(auth.authenticate(dir.ceoUid, ""), "empty password");
  // A person without a userPassword cannot bind either.
  expectRefused(auth.authenticate(dir.internUid, password()), "no password set");
}

TEST_F(LdapLogin, TheDisabledUserIsRefused) {
  const auto& dir = slapd_->directory();
  expectRefused(authenticator().authenticate(dir.disabledUid, password()), "disabled user");
}

TEST_F(LdapLogin, FilterInjectionAttemptsAreRefused) {
  const auto auth = authenticator();
  for (const std::string& attempt :
       {std::string("*"), std::string("*)(uid=*"), std::string("admin)(|(uid=*"),
        std::string("ceo)(|(uid=*"), std::string("ceo*"), std::string("c*o"),
        std::string("*)(objectClass=*"), std::string("ceo\0", 4), std::string("ceo\\"),
        std::string("hr-admin-*"), std::string("ceo)(uid=hr-admin-1")}) {
    expectRefused(auth.authenticate(attempt, password()), "injection '" + attempt + "'");
  }
}

TEST_F(LdapLogin, AValueWithFilterCharactersMatchesOnlyTheLiteral) {
  // The contractor's cn is "Casey Smith (ext*)". Give it a password and sign in by cn: the
  // literal matches exactly that person; a wildcard or a truncated form matches nobody.
  const auto& dir = slapd_->directory();
  slapd_->modify("dn: " + dir.dnOf(dir.contractorUid) +
                 "\nchangetype: modify\nreplace: userPassword\nuserPassword: " + password() +
                 "\n\n");
  json cfg = config();
  cfg["map"] = {{"login", {"cn"}}};
  const auto auth = authenticator(cfg);
  auto literal = auth.authenticate("Casey Smith (ext*)", password());
  ASSERT_TRUE(literal.isOk()) << literal.status().message();
  EXPECT_EQ(literal->dn, dir.dnOf(dir.contractorUid));
  expectRefused(auth.authenticate("Casey Smith (ext", password()), "prefix");
  expectRefused(auth.authenticate("Casey*", password()), "wildcard");
  expectRefused(auth.authenticate("Casey Smith (ext*", password()), "unbalanced");
  expectRefused(auth.authenticate("*", password()), "star");
}

TEST_F(LdapLogin, WorksOverStartTlsWithTheTestCa) {
  json cfg = config();
  cfg["start_tls"] = true;
  cfg["ca_file"] = slapd_->caFile();
  auto r = authenticator(cfg).authenticate(slapd_->directory().hrAdminUids.at(1), password());
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin);
  cfg["ca_file"] = slapd_->untrustedCaFile();
  r = authenticator(cfg).authenticate(slapd_->directory().hrAdminUids.at(1), password());
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnavailable) << r.status().message();
}

TEST_F(LdapLogin, AnUnreachableServerIsUnavailableNotAWrongPassword) {
  json cfg = config();
  cfg["uri"] = "ldap://127.0.0.1:1";
  cfg["network_timeout"] = 2;
  auto r = authenticator(cfg).authenticate(slapd_->directory().ceoUid, password());
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnavailable) << r.status().message();
}

// Nested HR groups: a person in a group nested (at any depth) in the configured HR group is an HR
// admin; cyclic nesting ends; membership only counts upwards; group DNs with filter
// metacharacters are escaped in the nested-group searches.
class LdapLoginNestedGroups : public ::testing::Test {
 protected:
  void SetUp() override {
    slapd_ = testing::Slapd::start({.people = 64, .seed = 37});
    const auto& dir = slapd_->directory();
    // Passwords for people who have none in the generated directory.
    std::string ldif;
    for (const std::string& uid :
         {dir.internUid, dir.noMailUid, dir.cycleUids.at(0), dir.contractorUid}) {
      ldif += "dn: " + dir.dnOf(uid) +
              "\nchangetype: modify\nreplace: userPassword\nuserPassword: " + dir.userPassword +
              "\n\n";
    }
    slapd_->modify(ldif);
  }

  json config(const std::string& hrGroup) const {
    return {{"uri", slapd_->uri()},
            {"bind_dn", slapd_->bindDn()},
            {"password_file", slapd_->passwordFile()},
            {"base_dn", slapd_->baseDn()},
            {"preset", "openldap"},
            {"hr_admin_group", hrGroup}};
  }
  core::Result<ldap::LdapIdentity> signIn(const std::string& uid, const std::string& hrGroup) {
    auto c = ldap::LdapConfig::fromJson(config(hrGroup));
    EXPECT_TRUE(c.isOk()) << c.status().message();
    return LdapAuthenticator(*c).authenticate(uid, slapd_->directory().userPassword);
  }
  static bool has(const std::vector<std::string>& groups, const std::string& name) {
    return std::find(groups.begin(), groups.end(), name) != groups.end();
  }

  std::unique_ptr<testing::Slapd> slapd_;
};

TEST_F(LdapLoginNestedGroups, AMemberOfANestedGroupIsHrAdminAtAnyDepth) {
  const auto& dir = slapd_->directory();
  // The intern is in engineering-platform-oncall, nested in engineering-platform, nested in
  // all-engineering.
  auto r = signIn(dir.internUid, "all-engineering");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin);
  for (const char* g : {"engineering-platform-oncall", "engineering-platform", "all-engineering"}) {
    EXPECT_TRUE(has(r->groups, g)) << g;
  }
  // One level up is enough too, and the group may be named by its DN (any case).
  r = signIn(dir.internUid, "engineering-platform");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin);
  std::string upperDn = dir.nestedGroupDns.at(0);
  for (char& ch : upperDn) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  r = signIn(dir.internUid, upperDn);
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin) << upperDn;

  // Nested into the real HR group: the default configuration grants HR.
  r = signIn(dir.internUid, "tandem-hr-admins");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_FALSE(r->hrAdmin);
  slapd_->modify("dn: " + dir.hrAdminGroupDn +
                 "\nchangetype: modify\nadd: member\nmember: " + dir.nestedGroupDns.at(0) + "\n\n");
  r = signIn(dir.internUid, "tandem-hr-admins");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin);
  EXPECT_TRUE(has(r->groups, "tandem-hr-admins"));
}

TEST_F(LdapLoginNestedGroups, MembershipOnlyCountsUpwards) {
  const auto& dir = slapd_->directory();
  // noMail is a direct member of all-engineering, which CONTAINS engineering-platform: not in it.
  auto r = signIn(dir.noMailUid, "engineering-platform");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_FALSE(r->hrAdmin);
  EXPECT_TRUE(has(r->groups, "all-engineering"));
  EXPECT_FALSE(has(r->groups, "engineering-platform"));
  // And the CEO, in no engineering group, is not HR either.
  r = signIn(dir.ceoUid, "all-engineering");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_FALSE(r->hrAdmin);
}

TEST_F(LdapLoginNestedGroups, CyclicGroupsEndAndStillGrantThroughTheCycle) {
  const auto& dir = slapd_->directory();
  // cycle-group-a contains cycle-group-b, which contains cycle-group-a.
  auto r = signIn(dir.cycleUids.at(0), "tandem-hr-admins");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_FALSE(r->hrAdmin);
  EXPECT_TRUE(has(r->groups, "cycle-group-a"));
  EXPECT_TRUE(has(r->groups, "cycle-group-b"));
  EXPECT_EQ(std::count(r->groups.begin(), r->groups.end(), "cycle-group-a"), 1);
  r = signIn(dir.cycleUids.at(0), "cycle-group-b");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin);
}

TEST_F(LdapLoginNestedGroups, GroupDnsWithFilterCharactersAreEscaped) {
  const auto& dir = slapd_->directory();
  const std::string groupsDn = dir.groupsDn;
  // A group whose DN holds ( ) * and an escaped comma, nested in the HR group.
  const std::string odd = "cn=ops (24*7)\\2C night," + groupsDn;
  slapd_->modify("dn: " + odd +
                 "\nchangetype: add\nobjectClass: groupOfNames\ncn: ops (24*7), night\nmember: " +
                 dir.dnOf(dir.contractorUid) + "\n\n" + "dn: " + dir.hrAdminGroupDn +
                 "\nchangetype: modify\nadd: member\nmember: " + odd + "\n\n");
  auto r = signIn(dir.contractorUid, "tandem-hr-admins");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_TRUE(r->hrAdmin);
  EXPECT_TRUE(has(r->groups, "ops (24*7), night"));
  // The intern shares the contractor's other groups but not this one.
  r = signIn(dir.internUid, "tandem-hr-admins");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_FALSE(r->hrAdmin);
}

}  // namespace
}  // namespace tandem
