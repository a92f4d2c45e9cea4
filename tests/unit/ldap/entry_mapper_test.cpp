// The raw attributes an LDAP entry leaves in the store (DirectoryEntry::rawJson): written by hand
// for speed, so checked here against a real JSON parser.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "entry_mapper.h"
#include "ldap_config.h"

namespace tandem::ldap {
namespace {

using nlohmann::json;

RawEntry personWith(const std::string& attribute, std::vector<std::string> values) {
  RawEntry e;
  e.dn = "uid=ada,ou=people,dc=example,dc=com";
  e.attributes = {{"entryuuid", {"3f1c2f0e-0000-4000-8000-000000000001"}},
                  {"uid", {"ada"}},
                  {attribute, std::move(values)}};
  return e;
}

json rawOf(const RawEntry& e, const std::string& preset = "openldap") {
  std::vector<std::string> warnings;
  auto mapping = presetMapping(preset);
  EXPECT_TRUE(mapping.isOk());
  auto entry = mapPerson(e, *mapping, warnings);
  EXPECT_TRUE(entry.has_value());
  if (!entry) return json();
  return json::parse(entry->rawJson);  // throws, failing the test, on invalid JSON
}

TEST(RawJson, EscapesQuotesBackslashesAndControlCharacters) {
  const std::string tricky = "say \"hi\" \\ back\tslash\nline\r\x01\x1f end";
  const json raw = rawOf(personWith("description", {tricky, "plain"}));
  EXPECT_EQ(raw.at("description"), json({tricky, "plain"}));
}

TEST(RawJson, KeepsUtf8AndEncodesBinaryAsBase64) {
  const std::string utf8 = "Zoë Łukasz 東京 🙂";
  const std::string binary("\xff\xfe\x00\x01", 4);
  const json raw = rawOf(personWith("cn", {utf8, binary}));
  EXPECT_EQ(raw.at("cn").at(0), utf8);
  EXPECT_EQ(raw.at("cn").at(1), "base64://4AAQ==");
}

TEST(RawJson, ListsEveryAttributeWithAllItsValues) {
  RawEntry e = personWith("mail", {"a@example.com", "b@example.com"});
  e.attributes["ou"] = {};
  const json raw = rawOf(e);
  EXPECT_EQ(raw.size(), 4u);
  EXPECT_EQ(raw.at("uid"), json({"ada"}));
  EXPECT_EQ(raw.at("mail"), json({"a@example.com", "b@example.com"}));
  EXPECT_EQ(raw.at("ou"), json::array());
}

TEST(RawJson, WritesAnActiveDirectoryGuidAsText) {
  const unsigned char bytes[] = {0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56,
                                 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78};
  RawEntry e;
  e.dn = "CN=Ada,OU=People,DC=example,DC=com";
  e.attributes = {{"objectguid", {std::string(reinterpret_cast<const char*>(bytes), sizeof bytes)}},
                  {"samaccountname", {"ada"}}};
  const json raw = rawOf(e, "active-directory");
  EXPECT_EQ(raw.at("objectguid").at(0), "12345678-1234-5678-9abc-def012345678");
}

}  // namespace
}  // namespace tandem::ldap
