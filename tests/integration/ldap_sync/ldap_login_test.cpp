// LDAP bind login (LdapAuthenticator) against a real slapd: the right password signs in and HR
// admins get the role; wrong passwords, unknown and disabled users, empty passwords and filter
// injection attempts are all refused with the same message; the same over StartTLS.
#include <gtest/gtest.h>

#include <algorithm>
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

}  // namespace
}  // namespace tandem
