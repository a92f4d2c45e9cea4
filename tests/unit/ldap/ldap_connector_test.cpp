// The LDAP connector's pure parts: RFC 4515 escaping, DN normalisation, attribute transforms,
// presets, configuration and entry mapping. No server needed.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "attribute_transforms.h"
#include "entry_mapper.h"
#include "ldap_config.h"
#include "ldap_text.h"

namespace tandem::ldap {
namespace {

using nlohmann::json;

TEST(EscapeFilterValue, EscapesTheRfc4515Specials) {
  EXPECT_EQ(escapeFilterValue("a*b(c)d\\e"), "a\\2Ab\\28c\\29d\\5Ce");  // hex case is free
  EXPECT_EQ(escapeFilterValue(std::string("x\0y", 3)), "x\\00y");
  EXPECT_EQ(escapeFilterValue("plain.name-1"), "plain.name-1");
}

TEST(EscapeFilterValue, NeutralisesAnInjectionAttempt) {
  const std::string escaped = escapeFilterValue("*)(uid=*))(|(uid=*");
  EXPECT_EQ(escaped.find_first_of("*()"), std::string::npos) << escaped;
}

TEST(NormalizeDn, EscapedCommaFormsAndCaseAndSpacingAgree) {
  auto a = normalizeDn("uid=u1,ou=Legal\\2C Risk,ou=people,dc=example,dc=com");
  auto b = normalizeDn("UID=U1, OU=Legal\\, Risk,  OU=People,DC=Example,DC=com");
  ASSERT_TRUE(a.isOk()) << a.status().message();
  ASSERT_TRUE(b.isOk()) << b.status().message();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos);
}

TEST(NormalizeDn, EmptyStaysEmptyAndGarbageIsInvalidArgument) {
  EXPECT_EQ(*normalizeDn(""), "");
  EXPECT_EQ(normalizeDn("not a dn").status().code(), core::StatusCode::kInvalidArgument);
}

TEST(ParentOu, ReadsTheDepartmentOuUnescaped) {
  EXPECT_EQ(parentOu("uid=a,ou=Legal\\2C Risk,ou=people,dc=example,dc=com"), "Legal, Risk");
  EXPECT_EQ(parentOu("uid=a,dc=example,dc=com"), "");
}

TEST(Transforms, GeneralizedTime) {
  EXPECT_EQ(generalizedTimeToDate("20240131093000Z"), "2024-01-31");
  EXPECT_EQ(generalizedTimeToDate("20240131093000.5+0100"), "2024-01-31");
  EXPECT_EQ(generalizedTimeToDate("202401310930Z"), "2024-01-31");
  EXPECT_FALSE(generalizedTimeToDate("20240231093000Z"));  // no 31 February
  EXPECT_FALSE(generalizedTimeToDate("2024013109"));       // no time zone
  EXPECT_FALSE(generalizedTimeToDate("yesterday"));
}

TEST(Transforms, AnyDate) {
  EXPECT_EQ(anyDateToDate("2007-03-26"), "2007-03-26");
  EXPECT_EQ(anyDateToDate("20070326"), "2007-03-26");
  EXPECT_EQ(anyDateToDate("20070326000000Z"), "2007-03-26");
  EXPECT_FALSE(anyDateToDate("2007-13-01"));
  EXPECT_EQ(anyDateToDate("2024-02-29"), "2024-02-29");
  EXPECT_FALSE(anyDateToDate("2023-02-29"));
}

TEST(Transforms, AdFileTime) {
  EXPECT_EQ(fileTimeToDate("116444736000000000"), "1970-01-01");
  EXPECT_EQ(fileTimeToDate("133485408000000000"), "2024-01-01");
  EXPECT_FALSE(fileTimeToDate("0"));
  EXPECT_FALSE(fileTimeToDate("9223372036854775807"));
  EXPECT_FALSE(fileTimeToDate("abc"));
}

TEST(Transforms, BooleansAndUserAccountControl) {
  EXPECT_EQ(parseLdapBool("TRUE"), true);
  EXPECT_EQ(parseLdapBool("false"), false);
  EXPECT_FALSE(parseLdapBool("maybe"));
  EXPECT_EQ(uacDisabled("514"), true);  // NORMAL_ACCOUNT | ACCOUNTDISABLE
  EXPECT_EQ(uacDisabled("512"), false);
  EXPECT_FALSE(uacDisabled("x"));
}

TEST(Transforms, ObjectGuidToCanonicalText) {
  const unsigned char bytes[16] = {0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56,
                                   0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78};
  const std::string raw(reinterpret_cast<const char*>(bytes), sizeof bytes);
  EXPECT_EQ(guidToText(raw), "12345678-1234-5678-9abc-def012345678");
  EXPECT_FALSE(guidToText("short"));
  EXPECT_EQ(transformValue(raw, Transform::kGuid), "12345678-1234-5678-9abc-def012345678");
}

TEST(Presets, MapTheStableIdLoginAndDisabledFlagOfEachDirectory) {
  auto openldap = presetMapping("openldap");
  ASSERT_TRUE(openldap.isOk());
  EXPECT_EQ(openldap->stableId.attributes.front(), "entryUUID");
  EXPECT_EQ(openldap->login.attributes.front(), "uid");
  EXPECT_EQ(openldap->level.attributes.front(), "tandemLevel");
  EXPECT_EQ(openldap->hireDateFallback.attributes.front(), "createTimestamp");
  auto ad = presetMapping("active-directory");
  ASSERT_TRUE(ad.isOk());
  EXPECT_EQ(ad->stableId.transform, Transform::kGuid);
  EXPECT_EQ(ad->login.attributes.front(), "sAMAccountName");
  EXPECT_EQ(ad->disabled.transform, Transform::kUacDisabled);
  EXPECT_EQ(ad->hireDateFallback.attributes.front(), "whenCreated");
  auto ipa = presetMapping("freeipa");
  ASSERT_TRUE(ipa.isOk());
  EXPECT_EQ(ipa->stableId.attributes.front(), "ipaUniqueID");
  EXPECT_EQ(ipa->disabled.attributes.front(), "nsAccountLock");
  EXPECT_EQ(presetMapping("novell").status().code(), core::StatusCode::kInvalidArgument);
}

TEST(Presets, NeverAskForEveryAttribute) {
  auto m = presetMapping("openldap");
  ASSERT_TRUE(m.isOk());
  for (const auto& a : m->personAttributes()) EXPECT_NE(a, "*");
  for (const auto& a : m->personAttributes()) EXPECT_NE(a, "jpegPhoto");
}

json minimalConfig() {
  return {{"uri", "ldap://127.0.0.1:10389 ldap://127.0.0.1:10390"},
          {"bind_dn", "cn=sync,dc=example,dc=com"},
          {"password_file", "/nonexistent"},
          {"base_dn", "dc=example,dc=com"}};
}

TEST(LdapConfig, ReadsUrisDefaultsAndOverrides) {
  json j = minimalConfig();
  j["page_size"] = "1000";
  j["verify_certs"] = "true";
  j["map"] = {{"level", "employeeGrade"}};
  auto c = LdapConfig::fromJson(j);
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->uris.size(), 2u);
  EXPECT_EQ(c->pageSize, 1000);
  EXPECT_TRUE(c->verifyCertificates);
  EXPECT_FALSE(c->startTls);
  EXPECT_DOUBLE_EQ(c->deletionGuardShare, 0.10);
  EXPECT_EQ(c->groupBaseDn, "dc=example,dc=com");
  EXPECT_EQ(c->userFilter, "(objectClass=inetOrgPerson)");
  EXPECT_EQ(c->mapping.level.attributes, std::vector<std::string>{"employeeGrade"});
  j["hire_date_format"] = "filetime";
  EXPECT_EQ(LdapConfig::fromJson(j)->mapping.hireDate.transform, Transform::kFileTime);
}

TEST(LdapConfig, RefusesBadValuesNamingTheKey) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, json>>{{"page_size", 1001},
                                                 {"uri", "http://x"},
                                                 {"preset", "novell"},
                                                 {"deletion_guard_share", 1.5},
                                                 {"base_dn", ""},
                                                 {"verify_certs", "perhaps"}}) {
    json j = minimalConfig();
    j[key] = value;
    auto c = LdapConfig::fromJson(j);
    EXPECT_EQ(c.status().code(), core::StatusCode::kInvalidArgument) << key;
    EXPECT_NE(c.status().message().find(key == "uri" ? "uri" : key), std::string::npos)
        << c.status().message();
  }
}

TEST(ReadPasswordFile, StripsTheNewlineAndRefusesAnEmptyPassword) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto full = dir / ("tandem-pw-" + std::to_string(::getpid()));
  const auto empty = dir / ("tandem-pw-empty-" + std::to_string(::getpid()));
  std::ofstream(full) << "s3cret\n";
  std::ofstream(empty) << "\n";
  EXPECT_EQ(*readPasswordFile(full.string()), "s3cret");
  EXPECT_EQ(readPasswordFile(empty.string()).status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(readPasswordFile((dir / "nope-tandem").string()).status().code(),
            core::StatusCode::kInvalidArgument);
  std::filesystem::remove(full);
  std::filesystem::remove(empty);
}

RawEntry person() {
  RawEntry e;
  e.dn = "uid=jose,ou=Legal\\2C Risk,ou=people,dc=example,dc=com";
  e.attributes = {{"entryuuid", {"3f1c2f0e-0000-4000-8000-000000000001"}},
                  {"uid", {"jose"}},
                  {"displayname", {"José Müller"}},
                  {"givenname", {"José"}},
                  {"sn", {"Müller"}},
                  {"mail", {"jose@example.com", "j.mueller@example.com"}},
                  {"ou", {"Legal, Risk"}},
                  {"tandemlevel", {"7"}},
                  {"tandemhiredate", {"2007-03-26"}},
                  {"tandemlanguages", {"de", "EN"}},
                  {"tandemdisabled", {"FALSE"}},
                  {"manager", {"UID=Boss, OU=Legal\\, Risk,OU=people,DC=example,DC=com"}},
                  {"createtimestamp", {"20200101000000Z"}}};
  return e;
}

TEST(MapPerson, MapsTheOpenLdapPreset) {
  std::vector<std::string> warnings;
  auto m = presetMapping("openldap");
  auto entry = mapPerson(person(), *m, warnings);
  ASSERT_TRUE(entry.has_value());
  const auto& e = entry->employee;
  EXPECT_EQ(e.externalId, "3f1c2f0e-0000-4000-8000-000000000001");
  EXPECT_EQ(e.userName, "jose");
  EXPECT_EQ(e.displayName, "José Müller");
  EXPECT_EQ(e.email, "jose@example.com");
  EXPECT_EQ(e.department, "Legal, Risk");
  EXPECT_EQ(e.level, 7);
  EXPECT_EQ(e.hireDate, "2007-03-26");
  EXPECT_EQ(e.hireDateConfidence, "exact");
  EXPECT_EQ(e.languages, (std::vector<std::string>{"de", "en"}));
  EXPECT_TRUE(e.active);
  EXPECT_EQ(entry->managerDn,
            *normalizeDn("uid=boss,ou=Legal\\2C Risk,ou=people,dc=example,dc=com"));
  EXPECT_TRUE(warnings.empty());
  EXPECT_NE(json::parse(entry->rawJson).at("mail").size(), 0u);
}

TEST(MapPerson, FallsBackToCreateTimestampAsApproximate) {
  RawEntry e = person();
  e.attributes.erase("tandemhiredate");
  e.attributes["tandemdisabled"] = {"TRUE"};
  std::vector<std::string> warnings;
  auto entry = mapPerson(e, *presetMapping("openldap"), warnings);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->employee.hireDate, "2020-01-01");
  EXPECT_EQ(entry->employee.hireDateConfidence, "approximate");
  EXPECT_FALSE(entry->employee.active);
}

TEST(MapPerson, SkipsAnEntryWithoutStableIdAndWarnsAboutABadLevel) {
  RawEntry e = person();
  e.attributes["tandemlevel"] = {"seven"};
  std::vector<std::string> warnings;
  auto entry = mapPerson(e, *presetMapping("openldap"), warnings);
  ASSERT_TRUE(entry.has_value());
  EXPECT_FALSE(entry->employee.level.has_value());
  EXPECT_EQ(warnings.size(), 1u);
  e.attributes.erase("entryuuid");
  warnings.clear();
  EXPECT_FALSE(mapPerson(e, *presetMapping("openldap"), warnings).has_value());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no stable id"), std::string::npos);
}

}  // namespace
}  // namespace tandem::ldap
