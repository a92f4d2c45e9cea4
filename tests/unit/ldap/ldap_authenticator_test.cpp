// The login filter of LdapAuthenticator (RFC 4515 escaping of the user name) and the refusals it
// makes before talking to any server.
#include "ldap_authenticator.h"

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

namespace tandem::ldap {
namespace {

constexpr std::string_view kPeople = "(objectClass=inetOrgPerson)";

TEST(BuildLoginFilter, PlainNameIsUnchanged) {
  EXPECT_EQ(buildLoginFilter(kPeople, "uid", "hr-admin-1"),
            "(&(objectClass=inetOrgPerson)(uid=hr-admin-1))");
}

// libldap prints the hex digits in upper case (RFC 4515 accepts either).
TEST(BuildLoginFilter, WildcardIsEscaped) {
  EXPECT_EQ(buildLoginFilter(kPeople, "uid", "*"), "(&(objectClass=inetOrgPerson)(uid=\\2A))");
}

TEST(BuildLoginFilter, ClosingAndReopeningIsEscaped) {
  EXPECT_EQ(buildLoginFilter(kPeople, "uid", "*)(uid=*"),
            "(&(objectClass=inetOrgPerson)(uid=\\2A\\29\\28uid=\\2A))");
}

TEST(BuildLoginFilter, OrInjectionIsEscaped) {
  EXPECT_EQ(buildLoginFilter(kPeople, "uid", "admin)(|(uid=*"),
            "(&(objectClass=inetOrgPerson)(uid=admin\\29\\28|\\28uid=\\2A))");
}

TEST(BuildLoginFilter, NulAndBackslashAreEscaped) {
  const std::string nul("ceo\0x", 5);
  EXPECT_EQ(buildLoginFilter(kPeople, "uid", nul), "(&(objectClass=inetOrgPerson)(uid=ceo\\00x))");
  EXPECT_EQ(buildLoginFilter(kPeople, "uid", "a\\2a"),
            "(&(objectClass=inetOrgPerson)(uid=a\\5C2a))");
}

TEST(BuildLoginFilter, EscapedValueHasNoFilterMetacharacters) {
  for (std::string_view injection :
       {"*", "*)(uid=*", "admin)(|(uid=*", ")", "(", "\\", "*)(|(objectClass=*))", "x)(!(uid=x"}) {
    const std::string filter = buildLoginFilter(kPeople, "uid", injection);
    const std::string prefix = "(&(objectClass=inetOrgPerson)(uid=";
    ASSERT_EQ(filter.rfind(prefix, 0), 0u) << filter;
    const std::string value = filter.substr(prefix.size(), filter.size() - prefix.size() - 2);
    EXPECT_EQ(value.find_first_of("*()"), std::string::npos) << injection << " -> " << filter;
    // Every backslash starts a two-digit hex escape.
    for (std::size_t i = value.find('\\'); i != std::string::npos; i = value.find('\\', i + 1)) {
      ASSERT_LT(i + 2, value.size()) << filter;
      EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
                  std::isxdigit(static_cast<unsigned char>(value[i + 2])))
          << filter;
    }
  }
}

TEST(BuildLoginFilter, AFilterWithoutParenthesesIsWrapped) {
  EXPECT_EQ(buildLoginFilter("objectClass=person", "sAMAccountName", "jo"),
            "(&(objectClass=person)(sAMAccountName=jo))");
}

LdapConfig unreachableConfig() {
  // Port 1 on loopback: any attempt to connect would fail with kUnavailable.
  auto c = LdapConfig::fromJson({{"uri", "ldap://127.0.0.1:1"},
                                 {"bind_dn", "cn=sync,dc=example,dc=com"},
                                 {"password_file", "/nonexistent/password"},
                                 {"base_dn", "dc=example,dc=com"}});
  EXPECT_TRUE(c.isOk()) << c.status().message();
  return *c;
}

TEST(LdapAuthenticator, RefusesAnEmptyPasswordBeforeTalkingToTheServer) {
  LdapAuthenticator auth(unreachableConfig());
  auto r = auth.authenticate("ceo", "");
  ASSERT_FALSE(r.isOk());
  // Unauthenticated (not unavailable): no connection was tried.
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnauthenticated);
  EXPECT_EQ(r.status().message(), kInvalidCredentials);
}

TEST(LdapAuthenticator, RefusesAnEmptyUserNameBeforeTalkingToTheServer) {
  LdapAuthenticator auth(unreachableConfig());
  auto r = auth.authenticate("", "secret");
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnauthenticated);
  EXPECT_EQ(r.status().message(), kInvalidCredentials);
}

}  // namespace
}  // namespace tandem::ldap
