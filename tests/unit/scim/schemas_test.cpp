#include "scim/schemas.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace tandem::scim {
namespace {

using nlohmann::json;

const std::string kBase = "https://hr.example.com/scim/v2";
const std::string kEnterprise(kEnterpriseUserSchema);
const std::string kTandem(kTandemUserSchema);

const json* findAttr(const json& attrs, const std::string& name) {
  for (const json& a : attrs) {
    if (a.at("name") == name) return &a;
  }
  return nullptr;
}

// Checks one RFC 7643 section 7 attribute representation, recursively.
void expectWellFormed(const json& a, const std::string& where) {
  static const std::set<std::string> kTypes = {"string",   "boolean",   "decimal", "integer",
                                               "dateTime", "reference", "complex"};
  static const std::set<std::string> kMutability = {"readWrite", "readOnly", "immutable",
                                                    "writeOnly"};
  static const std::set<std::string> kReturned = {"always", "never", "default", "request"};
  static const std::set<std::string> kUniqueness = {"none", "server", "global"};
  SCOPED_TRACE(where);
  ASSERT_TRUE(a.contains("name") && a["name"].is_string());
  ASSERT_TRUE(a.contains("type"));
  EXPECT_TRUE(kTypes.count(a["type"].get<std::string>()));
  EXPECT_TRUE(a.at("multiValued").is_boolean());
  EXPECT_TRUE(a.at("description").is_string());
  EXPECT_TRUE(a.at("required").is_boolean());
  EXPECT_TRUE(a.at("caseExact").is_boolean());
  EXPECT_TRUE(kMutability.count(a.at("mutability").get<std::string>()));
  EXPECT_TRUE(kReturned.count(a.at("returned").get<std::string>()));
  EXPECT_TRUE(kUniqueness.count(a.at("uniqueness").get<std::string>()));
  if (a["type"] == "complex") {
    ASSERT_TRUE(a.contains("subAttributes"));
    EXPECT_FALSE(a["subAttributes"].empty());
    for (const json& sub : a["subAttributes"]) {
      expectWellFormed(sub, where + "." + sub.value("name", "?"));
      EXPECT_NE(sub.at("type"), "complex");  // RFC 7643 section 2.3.8: no nested complex
    }
  } else {
    EXPECT_FALSE(a.contains("subAttributes"));
  }
  if (a["type"] == "reference") {
    ASSERT_TRUE(a.contains("referenceTypes"));
    EXPECT_FALSE(a["referenceTypes"].empty());
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

TEST(SchemaJson, EverySchemaRendersTheRfcFields) {
  ASSERT_EQ(allSchemas().size(), 4u);
  for (const SchemaDef* schema : allSchemas()) {
    const json j = schemaJson(*schema, kBase);
    SCOPED_TRACE(schema->id);
    EXPECT_EQ(j.at("schemas"), json::array({std::string(kSchemaSchema)}));
    EXPECT_EQ(j.at("id"), schema->id);
    EXPECT_FALSE(j.at("name").get<std::string>().empty());
    EXPECT_TRUE(j.at("description").is_string());
    EXPECT_EQ(j.at("meta").at("resourceType"), "Schema");
    EXPECT_EQ(j.at("meta").at("location"), kBase + "/Schemas/" + schema->id);
    ASSERT_TRUE(j.at("attributes").is_array());
    EXPECT_FALSE(j["attributes"].empty());
    std::set<std::string> names;
    for (const json& a : j["attributes"]) {
      expectWellFormed(a, schema->id + ":" + a.value("name", "?"));
      EXPECT_TRUE(names.insert(a["name"].get<std::string>()).second) << "duplicate " << a["name"];
    }
  }
}

TEST(SchemaJson, UserSchemaCarriesTheRfcDefinitions) {
  const json j = schemaJson(userSchema(), kBase + "/");  // a trailing slash is not doubled
  EXPECT_EQ(j["meta"]["location"], kBase + "/Schemas/" + std::string(kUserSchema));
  const json& attrs = j["attributes"];

  const json* id = findAttr(attrs, "id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ((*id)["mutability"], "readOnly");
  EXPECT_EQ((*id)["returned"], "always");
  EXPECT_EQ((*id)["caseExact"], true);

  const json* userName = findAttr(attrs, "userName");
  ASSERT_NE(userName, nullptr);
  EXPECT_EQ((*userName)["required"], true);
  EXPECT_EQ((*userName)["uniqueness"], "server");
  EXPECT_EQ((*userName)["caseExact"], false);

  EXPECT_EQ((*findAttr(attrs, "externalId"))["caseExact"], true);
  EXPECT_EQ((*findAttr(attrs, "active"))["type"], "boolean");
  EXPECT_EQ((*findAttr(attrs, "profileUrl"))["type"], "reference");

  const json* password = findAttr(attrs, "password");
  ASSERT_NE(password, nullptr);
  EXPECT_EQ((*password)["mutability"], "writeOnly");
  EXPECT_EQ((*password)["returned"], "never");

  const json* name = findAttr(attrs, "name");
  ASSERT_NE(name, nullptr);
  for (const char* sub : {"formatted", "familyName", "givenName", "middleName", "honorificPrefix",
                          "honorificSuffix"}) {
    EXPECT_NE(findAttr((*name)["subAttributes"], sub), nullptr) << sub;
  }

  for (const char* plural :
       {"emails", "phoneNumbers", "ims", "photos", "entitlements", "roles", "x509Certificates"}) {
    const json* a = findAttr(attrs, plural);
    ASSERT_NE(a, nullptr) << plural;
    EXPECT_EQ((*a)["multiValued"], true) << plural;
    for (const char* sub : {"value", "display", "type", "primary"}) {
      EXPECT_NE(findAttr((*a)["subAttributes"], sub), nullptr) << plural << "." << sub;
    }
    EXPECT_EQ((*findAttr((*a)["subAttributes"], "primary"))["type"], "boolean");
  }
  const json* emailType = findAttr((*findAttr(attrs, "emails"))["subAttributes"], "type");
  EXPECT_EQ((*emailType)["canonicalValues"], json::array({"work", "home", "other"}));

  const json* addresses = findAttr(attrs, "addresses");
  ASSERT_NE(addresses, nullptr);
  for (const char* sub : {"formatted", "streetAddress", "locality", "region", "postalCode",
                          "country", "type", "primary"}) {
    EXPECT_NE(findAttr((*addresses)["subAttributes"], sub), nullptr) << sub;
  }

  const json* groups = findAttr(attrs, "groups");
  ASSERT_NE(groups, nullptr);
  EXPECT_EQ((*groups)["mutability"], "readOnly");
  EXPECT_EQ((*groups)["multiValued"], true);
  const json* ref = findAttr((*groups)["subAttributes"], "$ref");
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ((*ref)["referenceTypes"], json::array({"User", "Group"}));

  const json* meta = findAttr(attrs, "meta");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ((*meta)["mutability"], "readOnly");
}

TEST(SchemaJson, GroupSchemaHasRequiredDisplayNameAndMembers) {
  const json attrs = schemaJson(groupSchema(), kBase)["attributes"];
  EXPECT_EQ((*findAttr(attrs, "displayName"))["required"], true);
  const json* members = findAttr(attrs, "members");
  ASSERT_NE(members, nullptr);
  EXPECT_EQ((*members)["multiValued"], true);
  EXPECT_EQ((*members)["mutability"], "readWrite");
  const json& subs = (*members)["subAttributes"];
  EXPECT_EQ((*findAttr(subs, "value"))["mutability"], "immutable");
  EXPECT_EQ((*findAttr(subs, "type"))["canonicalValues"], json::array({"User", "Group"}));
  EXPECT_NE(findAttr(subs, "$ref"), nullptr);
  EXPECT_NE(findAttr(subs, "display"), nullptr);
  EXPECT_NE(findAttr(attrs, "externalId"), nullptr);
  EXPECT_NE(findAttr(attrs, "id"), nullptr);
}

TEST(SchemaJson, EnterpriseAndTandemExtensions) {
  const json ent = schemaJson(enterpriseUserSchema(), kBase)["attributes"];
  for (const char* a :
       {"employeeNumber", "costCenter", "organization", "division", "department", "manager"}) {
    EXPECT_NE(findAttr(ent, a), nullptr) << a;
  }
  const json& manager = (*findAttr(ent, "manager"))["subAttributes"];
  EXPECT_NE(findAttr(manager, "value"), nullptr);
  EXPECT_EQ((*findAttr(manager, "$ref"))["referenceTypes"], json::array({"User"}));
  EXPECT_EQ((*findAttr(manager, "displayName"))["mutability"], "readOnly");

  const json tandem = schemaJson(tandemUserSchema(), kBase)["attributes"];
  EXPECT_EQ((*findAttr(tandem, "level"))["type"], "integer");
  EXPECT_EQ((*findAttr(tandem, "hireDate"))["type"], "string");
  EXPECT_EQ((*findAttr(tandem, "hireDateConfidence"))["canonicalValues"],
            json::array({"exact", "approximate", "unknown"}));
  EXPECT_EQ((*findAttr(tandem, "languages"))["multiValued"], true);
  EXPECT_NE(findAttr(tandem, "location"), nullptr);
}

TEST(ResourceTypeJson, UserListsBothExtensionsAsOptional) {
  const json j = resourceTypeJson(userResourceType(), kBase);
  EXPECT_EQ(j.at("schemas"), json::array({std::string(kResourceTypeSchema)}));
  EXPECT_EQ(j.at("id"), "User");
  EXPECT_EQ(j.at("name"), "User");
  EXPECT_EQ(j.at("endpoint"), "/Users");
  EXPECT_EQ(j.at("schema"), std::string(kUserSchema));
  const json expected = json::array(
      {{{"schema", kEnterprise}, {"required", false}}, {{"schema", kTandem}, {"required", false}}});
  EXPECT_EQ(j.at("schemaExtensions"), expected);
  EXPECT_EQ(j.at("meta").at("resourceType"), "ResourceType");
  EXPECT_EQ(j.at("meta").at("location"), kBase + "/ResourceTypes/User");
}

TEST(ResourceTypeJson, GroupHasNoExtensions) {
  const json j = resourceTypeJson(groupResourceType(), kBase);
  EXPECT_EQ(j.at("endpoint"), "/Groups");
  EXPECT_EQ(j.at("schema"), std::string(kGroupSchema));
  EXPECT_FALSE(j.contains("schemaExtensions"));
  EXPECT_EQ(j.at("meta").at("location"), kBase + "/ResourceTypes/Group");
}

TEST(FindSchema, IgnoresCaseAndRejectsUnknown) {
  EXPECT_EQ(findSchema("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"), &userSchema());
  EXPECT_EQ(findSchema(kEnterpriseUserSchema), &enterpriseUserSchema());
  EXPECT_EQ(findSchema("urn:example:unknown"), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Attribute names

TEST(ParseAttributeName, SplitsKnownUrnsDespiteTheirDot) {
  AttrPath p = parseAttributeName(kEnterprise + ":manager.value");
  EXPECT_EQ(p.schema, kEnterprise);
  EXPECT_EQ(p.name, "manager");
  EXPECT_EQ(p.sub, "value");

  p = parseAttributeName("URN:ietf:params:scim:schemas:extension:enterprise:2.0:user:department");
  EXPECT_EQ(p.schema, kEnterprise);  // canonical spelling
  EXPECT_EQ(p.name, "department");

  p = parseAttributeName(kEnterprise);
  EXPECT_EQ(p.schema, kEnterprise);
  EXPECT_EQ(p.name, "");

  p = parseAttributeName("name.givenName");
  EXPECT_EQ(p.schema, "");
  EXPECT_EQ(p.name, "name");
  EXPECT_EQ(p.sub, "givenName");

  p = parseAttributeName("urn:example:custom:attr");
  EXPECT_EQ(p.schema, "urn:example:custom");
  EXPECT_EQ(p.name, "attr");
}

TEST(FindAttribute, CoreNamesIgnoreCase) {
  const AttributeDef* a = findAttribute(userResourceType(), AttrPath{"", "USERNAME", ""});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "userName");
  EXPECT_TRUE(a->required);
}

TEST(FindAttribute, SubAttributesDottedOrSplit) {
  const AttributeDef* given = findAttribute(userResourceType(), AttrPath{"", "name", "givenName"});
  ASSERT_NE(given, nullptr);
  EXPECT_EQ(given->name, "givenName");
  EXPECT_EQ(findAttribute(userResourceType(), AttrPath{"", "Name.GivenName", ""}), given);
  const AttributeDef* primary =
      findAttribute(userResourceType(), AttrPath{"", "emails", "primary"});
  ASSERT_NE(primary, nullptr);
  EXPECT_EQ(primary->type, AttrType::kBoolean);
}

TEST(FindAttribute, WithUrn) {
  const AttributeDef* dept =
      findAttribute(userResourceType(), AttrPath{kEnterprise, "department", ""});
  ASSERT_NE(dept, nullptr);
  EXPECT_EQ(dept->name, "department");
  const AttributeDef* managerValue =
      findAttribute(userResourceType(), AttrPath{kEnterprise, "manager", "value"});
  ASSERT_NE(managerValue, nullptr);
  EXPECT_EQ(managerValue->name, "value");
  // The URN still in the name, as a path-less PATCH key holds it.
  EXPECT_EQ(findAttribute(userResourceType(), AttrPath{"", kEnterprise + ":department", ""}), dept);
  EXPECT_EQ(findAttribute(userResourceType(), AttrPath{std::string(kUserSchema), "userName", ""}),
            findAttribute(userResourceType(), AttrPath{"", "userName", ""}));
  const AttributeDef* level = findAttribute(userResourceType(), AttrPath{kTandem, "LEVEL", ""});
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->type, AttrType::kInteger);
}

TEST(FindAttribute, UnknownIsNull) {
  const ResourceTypeDef& user = userResourceType();
  EXPECT_EQ(findAttribute(user, AttrPath{"", "shoeSize", ""}), nullptr);
  EXPECT_EQ(findAttribute(user, AttrPath{"", "name", "nickname"}), nullptr);
  EXPECT_EQ(findAttribute(user, AttrPath{"", "department", ""}), nullptr);  // not core
  EXPECT_EQ(findAttribute(user, AttrPath{"urn:example:x", "department", ""}), nullptr);
  EXPECT_EQ(findAttribute(user, AttrPath{std::string(kGroupSchema), "members", ""}), nullptr);
  // Groups have no extensions.
  EXPECT_EQ(findAttribute(groupResourceType(), AttrPath{kEnterprise, "department", ""}), nullptr);
  EXPECT_NE(findAttribute(groupResourceType(), AttrPath{"", "members", "value"}), nullptr);
}

TEST(SplitAttributeList, TrimsAndDropsEmptyParts) {
  EXPECT_EQ(splitAttributeList("userName, name.givenName ,,emails"),
            (std::vector<std::string>{"userName", "name.givenName", "emails"}));
  EXPECT_EQ(splitAttributeList(""), std::vector<std::string>{});
  EXPECT_EQ(splitAttributeList(kEnterprise + ":department"),
            (std::vector<std::string>{kEnterprise + ":department"}));
}

// ---------------------------------------------------------------------------------------------
// Projection (RFC 7644 section 3.4.2.5)

json sampleUser() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "u1",
    "externalId": "e1",
    "userName": "ada",
    "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "active": true,
    "password": "secret",
    "emails": [{"value": "ada@example.com", "type": "work", "primary": true},
               {"value": "ada@home.example", "type": "home"}],
    "meta": {"resourceType": "User", "location": "https://x/Users/u1"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "department": "R&D", "costCenter": "42", "manager": {"value": "u0", "displayName": "Boss"}}
  })");
}

void project(json& r, const std::vector<std::string>& attributes,
             const std::vector<std::string>& excluded) {
  projectAttributes(r, userResourceType(), attributes, excluded);
}

TEST(ProjectAttributes, DefaultDropsNeverReturnedOnly) {
  json r = sampleUser();
  project(r, {}, {});
  json expected = sampleUser();
  expected.erase("password");
  EXPECT_EQ(r, expected);
}

TEST(ProjectAttributes, AttributesKeepSchemasAndIdAlways) {
  json r = sampleUser();
  project(r, {"userName"}, {});
  EXPECT_EQ(r, json::parse(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "id": "u1", "userName": "ada"})"));
}

TEST(ProjectAttributes, AttributesAreCaseInsensitiveAndMetaKeptWhenAsked) {
  json r = sampleUser();
  project(r, {"USERNAME", "Meta", "password"}, {});
  EXPECT_EQ(r.at("userName"), "ada");
  EXPECT_EQ(r.at("meta").at("resourceType"), "User");
  EXPECT_FALSE(r.contains("password"));  // returned "never" even when asked
  EXPECT_FALSE(r.contains("active"));
}

TEST(ProjectAttributes, ExtensionAttributeKeepsOnlyThatKey) {
  json r = sampleUser();
  project(r, {kEnterprise + ":department"}, {});
  EXPECT_EQ(r.at(kEnterprise), json::parse(R"({"department": "R&D"})"));
  EXPECT_FALSE(r.contains("userName"));
  EXPECT_FALSE(r.contains("meta"));
  EXPECT_EQ(r.at("id"), "u1");
}

TEST(ProjectAttributes, ExtensionUrnAloneKeepsTheWholeExtension) {
  json r = sampleUser();
  project(r, {kEnterprise}, {});
  EXPECT_EQ(r.at(kEnterprise), sampleUser().at(kEnterprise));
  EXPECT_FALSE(r.contains("emails"));
}

TEST(ProjectAttributes, SubAttributeOfMultiValuedKeepsItInEachElement) {
  json r = sampleUser();
  project(r, {"emails.value", "name.givenName"}, {});
  EXPECT_EQ(r.at("emails"),
            json::parse(R"([{"value": "ada@example.com"}, {"value": "ada@home.example"}])"));
  EXPECT_EQ(r.at("name"), json::parse(R"({"givenName": "Ada"})"));
  EXPECT_FALSE(r.contains(kEnterprise));  // nothing asked from it: dropped, not left empty
}

TEST(ProjectAttributes, ExtensionSubAttribute) {
  json r = sampleUser();
  project(r, {kEnterprise + ":manager.value"}, {});
  EXPECT_EQ(r.at(kEnterprise), json::parse(R"({"manager": {"value": "u0"}})"));
}

TEST(ProjectAttributes, ExcludedRemovesButNeverAlways) {
  json r = sampleUser();
  project(r, {}, {"emails", "id", "schemas", "meta", kEnterprise + ":costCenter"});
  EXPECT_FALSE(r.contains("emails"));
  EXPECT_FALSE(r.contains("meta"));
  EXPECT_EQ(r.at("id"), "u1");
  EXPECT_TRUE(r.contains("schemas"));
  EXPECT_EQ(r.at(kEnterprise).size(), 2u);
  EXPECT_FALSE(r.at(kEnterprise).contains("costCenter"));
  EXPECT_EQ(r.at("userName"), "ada");
}

TEST(ProjectAttributes, ExcludedSubAttributeAndWholeExtension) {
  json r = sampleUser();
  project(r, {}, {"emails.type", kEnterprise});
  EXPECT_EQ(r.at("emails"), json::parse(R"([{"value": "ada@example.com", "primary": true},
                                            {"value": "ada@home.example"}])"));
  EXPECT_FALSE(r.contains(kEnterprise));
}

TEST(ProjectAttributes, AttributesWinOverExcluded) {
  json r = sampleUser();
  project(r, {"userName"}, {"userName"});
  EXPECT_EQ(r.at("userName"), "ada");
}

TEST(ProjectAttributes, UnknownNamesAreIgnored) {
  json r = sampleUser();
  project(r, {}, {"shoeSize", "urn:example:x:y", "name.nickname"});
  json expected = sampleUser();
  expected.erase("password");
  EXPECT_EQ(r, expected);

  json only = sampleUser();
  project(only, {"shoeSize"}, {});
  EXPECT_EQ(only, json::parse(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "id": "u1"})"));
}

TEST(ProjectAttributes, GroupExcludedMembers) {
  json g = json::parse(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      "id": "g1", "displayName": "Staff", "members": [{"value": "u1"}, {"value": "u2"}],
      "meta": {"resourceType": "Group"}})");
  projectAttributes(g, groupResourceType(), {}, {"members"});
  EXPECT_EQ(g, json::parse(R"({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      "id": "g1", "displayName": "Staff", "meta": {"resourceType": "Group"}})"));
}

}  // namespace
}  // namespace tandem::scim
