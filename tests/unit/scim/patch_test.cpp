#include "scim/patch.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace tandem::scim {
namespace {

using core::StatusCode;
using nlohmann::json;

const std::string kEnterprise(kEnterpriseUserSchema);
const std::string kTandem(kTandemUserSchema);

json user() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223",
    "externalId": "ext-1",
    "userName": "bjensen@example.com",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "displayName": "Babs Jensen",
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
    "active": true,
    "meta": {"resourceType": "User", "version": "W/\"1\""},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "department": "R&D", "manager": {"value": "m1", "displayName": "Boss"}}
  })");
}

json group() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "g1",
    "displayName": "Mentors",
    "members": [{"value": "u1", "display": "Ann"}, {"value": "u2"}, {"value": "u3"}],
    "meta": {"resourceType": "Group"}
  })");
}

json body(const std::string& operations) {
  return json::parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":)" +
                     operations + "}");
}

// Parses and applies; the parse error when there is one.
core::Status patch(json& resource, const std::string& operations,
                   const ResourceTypeDef& type = userResourceType()) {
  core::Result<std::vector<PatchOperation>> ops = parsePatchRequest(body(operations));
  if (!ops.isOk()) return ops.status();
  return applyPatch(resource, type, *ops);
}

json patched(const std::string& operations, json resource = user(),
             const ResourceTypeDef& type = userResourceType()) {
  const core::Status s = patch(resource, operations, type);
  EXPECT_TRUE(s.isOk()) << s.toString();
  return resource;
}

// Expects `operations` to fail with kInvalidArgument and `detail` and leave the resource alone.
void expectError(const std::string& operations, const std::string& detail, json resource = user(),
                 const ResourceTypeDef& type = userResourceType()) {
  const json before = resource;
  const core::Status s = patch(resource, operations, type);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.toString();
  EXPECT_EQ(s.errorCode(), detail) << s.toString();
  EXPECT_EQ(resource, before);
}

core::Status parseError(const json& b) {
  core::Result<std::vector<PatchOperation>> ops = parsePatchRequest(b);
  return ops.isOk() ? core::Status::ok() : ops.status();
}

// ---------------------------------------------------------------------------------------------
// parsePatchRequest

TEST(ParsePatchRequest, OpNamesInAnyCase) {
  core::Result<std::vector<PatchOperation>> ops = parsePatchRequest(body(R"([
      {"op":"Replace","path":"active","value":"False"},
      {"op":"ADD","path":"displayName","value":"x"},
      {"op":"remove","path":"title"}])"));
  ASSERT_TRUE(ops.isOk()) << ops.status().toString();
  ASSERT_EQ(ops->size(), 3u);
  EXPECT_EQ((*ops)[0].op, PatchOperation::Op::kReplace);
  EXPECT_EQ((*ops)[1].op, PatchOperation::Op::kAdd);
  EXPECT_EQ((*ops)[2].op, PatchOperation::Op::kRemove);
  ASSERT_TRUE((*ops)[0].path.has_value());
  EXPECT_EQ((*ops)[0].path->attr.name, "active");
  EXPECT_EQ((*ops)[0].pathText, "active");
  EXPECT_EQ((*ops)[0].value, "False");
  EXPECT_TRUE((*ops)[2].value.is_null());
}

TEST(ParsePatchRequest, MemberNamesAndSchemaUrnIgnoreCase) {
  const json b = json::parse(R"({"Schemas":["URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PATCHOP"],
      "operations":[{"OP":"replace","Value":{"active":false}}]})");
  core::Result<std::vector<PatchOperation>> ops = parsePatchRequest(b);
  ASSERT_TRUE(ops.isOk()) << ops.status().toString();
  EXPECT_FALSE((*ops)[0].path.has_value());
  EXPECT_EQ((*ops)[0].value, json::parse(R"({"active":false})"));
}

TEST(ParsePatchRequest, EmptyPathIsPathless) {
  core::Result<std::vector<PatchOperation>> ops =
      parsePatchRequest(body(R"([{"op":"replace","path":" ","value":{"active":false}}])"));
  ASSERT_TRUE(ops.isOk()) << ops.status().toString();
  EXPECT_FALSE((*ops)[0].path.has_value());
}

TEST(ParsePatchRequest, SchemaUrnAloneIsAPath) {
  core::Result<std::vector<PatchOperation>> ops = parsePatchRequest(
      body(R"([{"op":"add","path":")" + kEnterprise + R"(","value":{"department":"X"}}])"));
  ASSERT_TRUE(ops.isOk()) << ops.status().toString();
  ASSERT_TRUE((*ops)[0].path.has_value());
  EXPECT_EQ((*ops)[0].path->attr.schema, kEnterprise);
  EXPECT_EQ((*ops)[0].path->attr.name, "");
}

TEST(ParsePatchRequest, RejectsMalformedBodies) {
  const core::Status notObject = parseError(json::array());
  EXPECT_EQ(notObject.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(notObject.errorCode(), kInvalidSyntax);

  const core::Status noUrn = parseError(json::parse(
      R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
          "Operations":[{"op":"add","path":"title","value":"x"}]})"));
  EXPECT_EQ(noUrn.errorCode(), kInvalidSyntax);

  const core::Status noSchemas =
      parseError(json::parse(R"({"Operations":[{"op":"add","path":"title","value":"x"}]})"));
  EXPECT_EQ(noSchemas.errorCode(), kInvalidSyntax);

  EXPECT_EQ(parseError(body("[]")).errorCode(), kInvalidSyntax);
  EXPECT_EQ(parseError(body("{}")).errorCode(), kInvalidSyntax);
  EXPECT_EQ(parseError(body("[42]")).errorCode(), kInvalidSyntax);
  EXPECT_EQ(parseError(body(R"([{"op":"move","path":"title","value":"x"}])")).errorCode(),
            kInvalidSyntax);
  EXPECT_EQ(parseError(body(R"([{"path":"title","value":"x"}])")).errorCode(), kInvalidSyntax);
  EXPECT_EQ(parseError(body(R"([{"op":7,"path":"title","value":"x"}])")).errorCode(),
            kInvalidSyntax);
}

TEST(ParsePatchRequest, AtMostOneThousandOperations) {
  json ops = json::array();
  for (int i = 0; i < 1000; ++i) ops.push_back({{"op", "add"}, {"path", "title"}, {"value", "x"}});
  EXPECT_TRUE(parsePatchRequest(body(ops.dump())).isOk());
  ops.push_back({{"op", "add"}, {"path", "title"}, {"value", "x"}});
  const core::Status s = parseError(body(ops.dump()));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.errorCode(), kInvalidSyntax);
}

TEST(ParsePatchRequest, BadPathIsInvalidPath) {
  EXPECT_EQ(parseError(body(R"([{"op":"add","path":"emails[type eq","value":"x"}])")).errorCode(),
            kInvalidPath);
  EXPECT_EQ(parseError(body(R"([{"op":"add","path":42,"value":"x"}])")).errorCode(), kInvalidPath);
  EXPECT_EQ(parseError(body(R"([{"op":"add","path":"a b","value":"x"}])")).errorCode(),
            kInvalidPath);
}

TEST(ParsePatchRequest, ValueRules) {
  // RFC 7644 section 3.5.2.2: remove without a path is noTarget.
  EXPECT_EQ(parseError(body(R"([{"op":"remove"}])")).errorCode(), kNoTarget);
  EXPECT_EQ(parseError(body(R"([{"op":"add","path":"title"}])")).errorCode(), kInvalidValue);
  EXPECT_EQ(parseError(body(R"([{"op":"replace","value":"x"}])")).errorCode(), kInvalidValue);
  EXPECT_EQ(parseError(body(R"([{"op":"add","value":[1]}])")).errorCode(), kInvalidValue);
  // Entra's member removal carries a value; a path-less remove with an object value is allowed.
  EXPECT_TRUE(
      parseError(body(R"([{"op":"Remove","path":"members","value":[{"value":"id1"}]}])")).isOk());
  EXPECT_TRUE(parseError(body(R"([{"op":"remove","value":{"title":null}}])")).isOk());
}

// ---------------------------------------------------------------------------------------------
// Entra ID's documented requests

TEST(ApplyPatchEntra, ReplaceActiveWithStringFalse) {
  const json r = patched(R"([{"op":"Replace","path":"active","value":"False"}])");
  EXPECT_EQ(r.at("active"), false);
  json expected = user();
  expected["active"] = false;
  EXPECT_EQ(r, expected);
}

TEST(ApplyPatchEntra, BooleanStringsInAnyCase) {
  EXPECT_EQ(patched(R"([{"op":"Replace","path":"active","value":"TRUE"}])").at("active"), true);
  EXPECT_EQ(patched(R"([{"op":"Replace","path":"active","value":"false"}])").at("active"), false);
}

TEST(ApplyPatchEntra, AddFilteredEmailCreatesTheWorkEmail) {
  json r = user();
  r.erase("emails");
  r = patched(R"([{"op":"Add","path":"emails[type eq \"work\"].value","value":"a@b.c"}])", r);
  EXPECT_EQ(r.at("emails"), json::parse(R"([{"type":"work","value":"a@b.c"}])"));
}

TEST(ApplyPatchEntra, AddFilteredEmailUpdatesTheMatchingElement) {
  const json r =
      patched(R"([{"op":"Add","path":"emails[type eq \"work\"].value","value":"new@b.c"}])");
  EXPECT_EQ(r.at("emails"), json::parse(R"([{"value":"new@b.c","type":"work","primary":true}])"));
}

TEST(ApplyPatchEntra, ReplaceManagerWithBareString) {
  const json r = patched(R"([{"op":"Replace",
      "path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
      "value":"123"}])");
  // A new manager: the old displayName does not survive.
  EXPECT_EQ(r.at(kEnterprise).at("manager"), json::parse(R"({"value":"123"})"));
  EXPECT_EQ(r.at(kEnterprise).at("department"), "R&D");
}

TEST(ApplyPatchEntra, PathlessAddWithDottedEnterpriseAndSubAttributeKeys) {
  const json r = patched(R"([{"op":"add","value":{
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales",
      "name.givenName":"A"}}])");
  EXPECT_EQ(r.at(kEnterprise).at("department"), "Sales");
  EXPECT_EQ(r.at("name"), json::parse(R"({"givenName":"A","familyName":"Jensen"})"));
}

TEST(ApplyPatchEntra, GroupMemberRemoveWithValueList) {
  const json g = patched(R"([{"op":"Remove","path":"members","value":[{"value":"u1"},
                                                                       {"value":"absent"}]}])",
                         group(), groupResourceType());
  EXPECT_EQ(g.at("members"), json::parse(R"([{"value":"u2"},{"value":"u3"}])"));
}

TEST(ApplyPatchEntra, GroupMemberAddIsUniqueByValue) {
  const json g = patched(R"([{"op":"Add","path":"members","value":[{"value":"u2"},
                                                                    {"value":"u9"}]}])",
                         group(), groupResourceType());
  EXPECT_EQ(g.at("members"), json::parse(R"([{"value":"u1","display":"Ann"},{"value":"u2"},
                                             {"value":"u3"},{"value":"u9"}])"));
}

TEST(ApplyPatchEntra, ReplaceDisplayNameOfGroup) {
  const json g = patched(R"([{"op":"Replace","path":"displayName","value":"Mentors 2024"}])",
                         group(), groupResourceType());
  EXPECT_EQ(g.at("displayName"), "Mentors 2024");
}

TEST(ApplyPatchEntra, AddMembersToAGroupWithoutMembers) {
  json g = group();
  g.erase("members");
  g = patched(R"([{"op":"Add","path":"members","value":[{"value":"u1"}]}])", g,
              groupResourceType());
  EXPECT_EQ(g.at("members"), json::parse(R"([{"value":"u1"}])"));
}

TEST(ApplyPatchEntra, MemberRemoveWithBareStringsAndRemoveOfTheLast) {
  const json g = patched(R"([{"op":"remove","path":"members","value":["u1","u2","u3"]}])", group(),
                         groupResourceType());
  EXPECT_FALSE(g.contains("members"));
}

TEST(ApplyPatchEntra, PathlessKeyWithAFilter) {
  const json r =
      patched(R"([{"op":"replace","value":{"phoneNumbers[type eq \"work\"].value":"+47 1"}}])");
  EXPECT_EQ(r.at("phoneNumbers"), json::parse(R"([{"type":"work","value":"+47 1"}])"));
  expectError(R"([{"op":"replace","value":{"phoneNumbers[type eq":"x"}}])", kInvalidPath);
}

// ---------------------------------------------------------------------------------------------
// Okta

TEST(ApplyPatchOkta, PathlessReplaceDeactivates) {
  const json r = patched(R"([{"op":"replace","value":{"active":false}}])");
  json expected = user();
  expected["active"] = false;
  EXPECT_EQ(r, expected);
}

TEST(ApplyPatchOkta, EchoedIdIsIgnoredWhenUnchanged) {
  const json r = patched(R"([{"op":"replace","value":{"id":"2819c223","active":false}}])");
  EXPECT_EQ(r.at("id"), "2819c223");
  EXPECT_EQ(r.at("active"), false);
}

TEST(ApplyPatchOkta, EchoedSchemasAndMetaAreIgnoredWhenUnchanged) {
  const json r = patched(R"([{"op":"replace","value":{
      "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
      "meta":{"resourceType":"User","version":"W/\"1\""},
      "displayName":"B"}}])");
  EXPECT_EQ(r.at("displayName"), "B");
  EXPECT_EQ(r.at("schemas"), user().at("schemas"));
}

TEST(ApplyPatchOkta, ChangedIdOrMetaIsMutability) {
  expectError(R"([{"op":"replace","value":{"id":"other","active":false}}])", kMutability);
  expectError(R"([{"op":"replace","value":{"meta":{"resourceType":"Group"}}}])", kMutability);
  expectError(R"([{"op":"replace","value":{"schemas":["urn:example:other"]}}])", kInvalidValue);
}

TEST(ApplyPatchOkta, ReplaceAllMembers) {
  const json g = patched(R"([{"op":"replace","path":"members","value":[{"value":"u7"},
                                                                       {"value":"u8"}]}])",
                         group(), groupResourceType());
  EXPECT_EQ(g.at("members"), json::parse(R"([{"value":"u7"},{"value":"u8"}])"));
}

TEST(ApplyPatchOkta, PathlessReplaceMembersWithEmptyListClearsThem) {
  const json g =
      patched(R"([{"op":"replace","value":{"members":[]}}])", group(), groupResourceType());
  EXPECT_FALSE(g.contains("members"));
}

TEST(ApplyPatchOkta, RemoveMemberByFilter) {
  const json g = patched(R"([{"op":"remove","path":"members[value eq \"u2\"]"}])", group(),
                         groupResourceType());
  EXPECT_EQ(g.at("members"), json::parse(R"([{"value":"u1","display":"Ann"},{"value":"u3"}])"));
}

// ---------------------------------------------------------------------------------------------
// RFC 7644 section 3.5.2 semantics

TEST(ApplyPatch, RemoveByFilterMatchingNothingIsNoTarget) {
  // RFC 7644 section 3.12: noTarget when "the specified path value contains a filter that yields
  // no match"; the value-list form above stays idempotent instead.
  expectError(R"([{"op":"remove","path":"members[value eq \"nobody\"]"}])", kNoTarget, group(),
              groupResourceType());
  expectError(R"([{"op":"remove","path":"phoneNumbers[type eq \"work\"]"}])", kNoTarget);
}

TEST(ApplyPatch, FilteredReplaceWithNoMatchCreatesTheElement) {
  const json r = patched(
      R"([{"op":"replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555"}])");
  EXPECT_EQ(r.at("phoneNumbers"), json::parse(R"([{"type":"mobile","value":"+1 555"}])"));
}

TEST(ApplyPatch, FilteredAddWithSeveralEqualsCreatesThemAll) {
  const json r = patched(R"([{"op":"add",
      "path":"addresses[type eq \"work\" and primary eq true].locality","value":"Oslo"}])");
  EXPECT_EQ(r.at("addresses"),
            json::parse(R"([{"type":"work","primary":true,"locality":"Oslo"}])"));
}

TEST(ApplyPatch, FilteredReplaceThatDescribesNoElementIsNoTarget) {
  expectError(R"([{"op":"replace","path":"emails[value co \"@x\"].type","value":"home"}])",
              kNoTarget);
  expectError(
      R"([{"op":"replace","path":"emails[type eq \"a\" or type eq \"b\"].value","value":"x"}])",
      kNoTarget);
}

TEST(ApplyPatch, FilteredReplaceOfWholeElement) {
  const json r = patched(R"([{"op":"replace","path":"emails[type eq \"work\"]",
                              "value":{"value":"w@x.y","type":"work"}}])");
  EXPECT_EQ(r.at("emails"), json::parse(R"([{"value":"w@x.y","type":"work"}])"));
}

TEST(ApplyPatch, FilterComparesCaseInsensitivelyUnlessCaseExact) {
  const json r = patched(R"([{"op":"remove","path":"emails[value eq \"BJENSEN@example.com\"]"}])");
  EXPECT_FALSE(r.contains("emails"));
  // members.value is caseExact: "U2" is not "u2".
  expectError(R"([{"op":"remove","path":"members[value eq \"U2\"]"}])", kNoTarget, group(),
              groupResourceType());
}

TEST(ApplyPatch, AddToMultiValuedAppendsAndMergesExisting) {
  const json r = patched(R"([{"op":"add","path":"emails","value":[
      {"value":"BJensen@Example.com","display":"Work"},
      {"value":"babs@home.example","type":"home"}]}])");
  EXPECT_EQ(r.at("emails"), json::parse(R"([
      {"value":"BJensen@Example.com","type":"work","primary":true,"display":"Work"},
      {"value":"babs@home.example","type":"home"}])"));
}

TEST(ApplyPatch, ReplaceMultiValuedWithoutFilterReplacesAll) {
  const json r =
      patched(R"([{"op":"replace","path":"emails","value":[{"value":"x@y.z","type":"home"}]}])");
  EXPECT_EQ(r.at("emails"), json::parse(R"([{"value":"x@y.z","type":"home"}])"));
}

TEST(ApplyPatch, ComplexReplaceMergesSubAttributes) {
  const json r = patched(R"([{"op":"replace","path":"name","value":{"givenName":"Babs"}}])");
  EXPECT_EQ(r.at("name"), json::parse(R"({"givenName":"Babs","familyName":"Jensen"})"));
}

TEST(ApplyPatch, SubAttributePathAndRemove) {
  json r = patched(R"([{"op":"replace","path":"name.familyName","value":"Doe"},
                      {"op":"remove","path":"name.givenName"}])");
  EXPECT_EQ(r.at("name"), json::parse(R"({"familyName":"Doe"})"));
  r = patched(R"([{"op":"remove","path":"name.familyName"}])", r);
  EXPECT_FALSE(r.contains("name"));  // empty complex: unassigned
}

TEST(ApplyPatch, RemoveAttribute) {
  const json r = patched(R"([{"op":"remove","path":"displayName"},
                             {"op":"remove","path":"title"}])");  // absent: nothing to do
  EXPECT_FALSE(r.contains("displayName"));
}

TEST(ApplyPatch, PathlessRemoveWithObjectValue) {
  const json r = patched(R"([{"op":"remove","value":{"displayName":null}}])");
  EXPECT_FALSE(r.contains("displayName"));
}

TEST(ApplyPatch, NullValueUnassigns) {
  // RFC 7643 section 2.5: null is the same state as unassigned.
  const json r = patched(R"([{"op":"replace","path":"displayName","value":null},
                             {"op":"add","path":"title","value":null}])");
  EXPECT_FALSE(r.contains("displayName"));
  EXPECT_FALSE(r.contains("title"));
}

TEST(ApplyPatch, FilteredRemoveOfASubAttribute) {
  const json r = patched(R"([{"op":"remove","path":"emails[type eq \"work\"].primary"}])");
  EXPECT_EQ(r.at("emails"), json::parse(R"([{"value":"bjensen@example.com","type":"work"}])"));
}

TEST(ApplyPatch, OperationsApplyInOrder) {
  const json r = patched(R"([{"op":"add","path":"title","value":"A"},
                             {"op":"replace","path":"title","value":"B"},
                             {"op":"add","path":"nickName","value":"Babs"},
                             {"op":"remove","path":"nickName"}])");
  EXPECT_EQ(r.at("title"), "B");
  EXPECT_FALSE(r.contains("nickName"));
}

TEST(ApplyPatch, AllOrNothing) {
  expectError(R"([{"op":"replace","path":"displayName","value":"Changed"},
                  {"op":"replace","path":"active","value":false},
                  {"op":"add","path":"shoeSize","value":"42"}])",
              kInvalidPath);
}

TEST(ApplyPatch, UnknownAttributesAreInvalidPath) {
  expectError(R"([{"op":"add","path":"shoeSize","value":"42"}])", kInvalidPath);
  expectError(R"([{"op":"add","path":"name.nickname","value":"x"}])", kInvalidPath);
  expectError(R"([{"op":"add","value":{"shoeSize":"42"}}])", kInvalidPath);
  expectError(R"([{"op":"add","path":"urn:example:other:2.0:User:x","value":"42"}])", kInvalidPath);
  expectError(R"([{"op":"add","path":"department","value":"x"}])", kInvalidPath);  // not core
  expectError(R"([{"op":"add","path":"emails","value":[{"value":"x@y.z","kind":"a"}]}])",
              kInvalidPath);
  expectError(R"([{"op":"add","path":"displayName[value eq \"x\"]","value":"y"}])", kInvalidPath);
  expectError(R"([{"op":"add","path":"emails[kind eq \"x\"].value","value":"y"}])", kInvalidPath);
  // Groups have no enterprise extension.
  expectError(R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:)"
              R"(User:department","value":"x"}])",
              kInvalidPath, group(), groupResourceType());
}

TEST(ApplyPatch, ReadOnlyAttributesAreMutability) {
  expectError(R"([{"op":"replace","path":"id","value":"x"}])", kMutability);
  expectError(R"([{"op":"replace","path":"meta.version","value":"x"}])", kMutability);
  expectError(R"([{"op":"add","path":"groups","value":[{"value":"g1"}]}])", kMutability);
  expectError(R"([{"op":"remove","path":"groups"}])", kMutability);
  expectError(R"([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:)"
              R"(2.0:User:manager.displayName","value":"x"}])",
              kMutability);
  expectError(R"([{"op":"replace","path":"id","value":"x"}])", kMutability, group(),
              groupResourceType());
}

TEST(ApplyPatch, ImmutableMemberValueIsMutability) {
  expectError(R"([{"op":"replace","path":"members[value eq \"u2\"].value","value":"u9"}])",
              kMutability, group(), groupResourceType());
}

TEST(ApplyPatch, RemovingRequiredAttributeIsInvalidValue) {
  expectError(R"([{"op":"remove","path":"userName"}])", kInvalidValue);
  expectError(R"([{"op":"replace","path":"userName","value":""}])", kInvalidValue);
  expectError(R"([{"op":"replace","value":{"userName":null}}])", kInvalidValue);
  expectError(R"([{"op":"remove","path":"displayName"}])", kInvalidValue, group(),
              groupResourceType());
}

TEST(ApplyPatch, WrongTypesAreInvalidValueNamingTheAttribute) {
  json r = user();
  core::Status s = patch(r, R"([{"op":"replace","path":"active","value":"maybe"}])");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.errorCode(), kInvalidValue);
  EXPECT_NE(s.message().find("active"), std::string::npos) << s.message();

  s = patch(r, R"([{"op":"replace","value":{"userName":5}}])");
  EXPECT_EQ(s.errorCode(), kInvalidValue);
  EXPECT_NE(s.message().find("userName"), std::string::npos) << s.message();

  expectError(R"([{"op":"replace","path":"name.givenName","value":{"a":1}}])", kInvalidValue);
  expectError(R"([{"op":"replace","path":"name","value":"Barbara"}])", kInvalidValue);
  expectError(R"([{"op":"add","path":"emails[type eq \"work\"].primary","value":"yes"}])",
              kInvalidValue);
  expectError(R"([{"op":"add","path":"urn:tandem:params:scim:schemas:extension:tandem:2.0:)"
              R"(User:level","value":"senior"}])",
              kInvalidValue);
  EXPECT_EQ(r, user());
}

TEST(ApplyPatch, PrimaryIsUniqueAfterAdd) {
  const json r = patched(R"([{"op":"add","path":"emails",
                              "value":[{"value":"h@x.y","type":"home","primary":true}]}])");
  EXPECT_EQ(r.at("emails"), json::parse(R"([
      {"value":"bjensen@example.com","type":"work","primary":false},
      {"value":"h@x.y","type":"home","primary":true}])"));
}

TEST(ApplyPatch, PrimaryIsUniqueAfterFilteredReplace) {
  json r = patched(R"([{"op":"add","path":"emails","value":[{"value":"h@x.y","type":"home"}]}])");
  r = patched(R"([{"op":"replace","path":"emails[type eq \"home\"].primary","value":"True"}])", r);
  EXPECT_EQ(r.at("emails"), json::parse(R"([
      {"value":"bjensen@example.com","type":"work","primary":false},
      {"value":"h@x.y","type":"home","primary":true}])"));
}

TEST(ApplyPatch, TwoPrimariesInOneValueIsInvalidValue) {
  expectError(R"([{"op":"replace","path":"emails","value":[
      {"value":"a@x.y","primary":true},{"value":"b@x.y","primary":true}]}])",
              kInvalidValue);
}

TEST(ApplyPatch, AttributeNamesTakeTheSchemaSpelling) {
  const json r = patched(R"([{"op":"replace","value":{"DisplayName":"X","Active":"False",
                                                       "NAME.GIVENNAME":"G"}},
                             {"op":"add","path":"NickName","value":"N"}])");
  EXPECT_EQ(r.at("displayName"), "X");
  EXPECT_EQ(r.at("active"), false);
  EXPECT_EQ(r.at("name").at("givenName"), "G");
  EXPECT_EQ(r.at("nickName"), "N");
  EXPECT_FALSE(r.contains("DisplayName"));
  EXPECT_FALSE(r.contains("Active"));
}

TEST(ApplyPatch, ExistingKeyInAnotherCaseIsRenamed) {
  json r = user();
  r.erase("displayName");
  r["DISPLAYNAME"] = "Old";
  r = patched(R"([{"op":"replace","path":"displayName","value":"New"}])", r);
  EXPECT_EQ(r.at("displayName"), "New");
  EXPECT_FALSE(r.contains("DISPLAYNAME"));
}

// ---------------------------------------------------------------------------------------------
// Extensions

TEST(ApplyPatchExtension, ManagerAsObjectAndRemoval) {
  json r = patched(R"([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:)"
                   R"(enterprise:2.0:User:manager","value":{"value":"m2"}}])");
  EXPECT_EQ(r.at(kEnterprise).at("manager"), json::parse(R"({"value":"m2"})"));

  r = patched(R"([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:)"
              R"(enterprise:2.0:User:manager","value":{"value":""}}])");
  EXPECT_FALSE(r.at(kEnterprise).contains("manager"));

  r = patched(R"([{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:)"
              R"(enterprise:2.0:User:manager":null}}])");
  EXPECT_FALSE(r.at(kEnterprise).contains("manager"));

  r = patched(R"([{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:)"
              R"(enterprise:2.0:User:manager"}])");
  EXPECT_EQ(r.at(kEnterprise), json::parse(R"({"department":"R&D"})"));
}

TEST(ApplyPatchExtension, ManagerValueSubPath) {
  const json r = patched(R"([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:)"
                         R"(enterprise:2.0:User:manager.value","value":"m3"}])");
  EXPECT_EQ(r.at(kEnterprise).at("manager").at("value"), "m3");
}

TEST(ApplyPatchExtension, UrnKeyWithObjectValue) {
  const json r = patched(R"([{"op":"add","value":{
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"Ops",
                                                                    "costCenter":"4130"}}}])");
  EXPECT_EQ(r.at(kEnterprise).at("department"), "Ops");
  EXPECT_EQ(r.at(kEnterprise).at("costCenter"), "4130");
  EXPECT_EQ(r.at(kEnterprise).at("manager").at("value"), "m1");
}

TEST(ApplyPatchExtension, UrnAsPath) {
  const json r = patched(R"([{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:)"
                         R"(enterprise:2.0:User","value":{"division":"North"}}])");
  EXPECT_EQ(r.at(kEnterprise).at("division"), "North");
  EXPECT_EQ(r.at(kEnterprise).at("department"), "R&D");
}

TEST(ApplyPatchExtension, SchemaUrnAddedWhenAnExtensionGetsAValue) {
  const json r = patched(R"([{"op":"add","path":"urn:tandem:params:scim:schemas:extension:)"
                         R"(tandem:2.0:User:level","value":"42"}])");
  EXPECT_EQ(r.at(kTandem), json::parse(R"({"level":42})"));
  EXPECT_EQ(r.at("schemas"), json::array({std::string(kUserSchema), kEnterprise, kTandem}));
}

TEST(ApplyPatchExtension, SchemaUrnDroppedWhenTheExtensionEmpties) {
  const json r = patched(R"([{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:)"
                         R"(enterprise:2.0:User:department"},
                            {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:)"
                         R"(enterprise:2.0:User:manager"}])");
  EXPECT_FALSE(r.contains(kEnterprise));
  EXPECT_EQ(r.at("schemas"), json::array({std::string(kUserSchema)}));
}

TEST(ApplyPatchExtension, TandemValuesAreChecked) {
  const std::string level = R"(urn:tandem:params:scim:schemas:extension:tandem:2.0:User:level)";
  expectError(R"([{"op":"add","path":")" + level + R"(","value":101}])", kInvalidValue);
  expectError(R"([{"op":"add","path":")" + level + R"(","value":-1}])", kInvalidValue);
  expectError(R"([{"op":"add","path":")" + level + R"(","value":4.5}])", kInvalidValue);
  expectError(R"([{"op":"add","value":{"urn:tandem:params:scim:schemas:extension:tandem:2.0:)"
              R"(User:hireDate":"2023-02-30"}}])",
              kInvalidValue);
  expectError(R"([{"op":"add","value":{"urn:tandem:params:scim:schemas:extension:tandem:2.0:)"
              R"(User:hireDateConfidence":"guess"}}])",
              kInvalidValue);
  expectError(R"([{"op":"add","value":{"urn:tandem:params:scim:schemas:extension:tandem:2.0:)"
              R"(User:languages":["eng"]}}])",
              kInvalidValue);

  const json r = patched(R"([{"op":"add","value":{"urn:tandem:params:scim:schemas:extension:)"
                         R"(tandem:2.0:User":{"level":7,"hireDate":"2024-02-29",)"
                         R"("hireDateConfidence":"Exact","languages":["EN","de"],)"
                         R"("location":"Oslo"}}},
                            {"op":"add","path":"urn:tandem:params:scim:schemas:extension:)"
                         R"(tandem:2.0:User:languages","value":["de","fr"]}])");
  EXPECT_EQ(r.at(kTandem), json::parse(R"({"level":7,"hireDate":"2024-02-29",
      "hireDateConfidence":"exact","languages":["en","de","fr"],"location":"Oslo"})"));
}

TEST(ApplyPatchExtension, SimpleMultiValuedFilter) {
  json r = patched(R"([{"op":"add","value":{"urn:tandem:params:scim:schemas:extension:tandem:)"
                   R"(2.0:User:languages":["en","de"]}}])");
  r = patched(R"([{"op":"remove","path":"urn:tandem:params:scim:schemas:extension:tandem:2.0:)"
              R"(User:languages[value eq \"EN\"]"}])",
              r);
  EXPECT_EQ(r.at(kTandem).at("languages"), json::array({"de"}));
}

// ---------------------------------------------------------------------------------------------
// normaliseResource

TEST(NormaliseResource, EntraPostBody) {
  json r = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "externalId": "0a21f0f2",
    "UserName": "Test_User@contoso.com",
    "active": "True",
    "emails": [{"primary": "true", "type": "work", "value": "a@b.c"}],
    "meta": {"resourceType": "User"},
    "id": "client-chosen",
    "name": {"formatted": "givenName familyName", "familyName": "familyName"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Sales",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "m1"}
  })");
  const core::Status s = normaliseResource(r, userResourceType());
  ASSERT_TRUE(s.isOk()) << s.toString();
  EXPECT_EQ(r, json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "externalId": "0a21f0f2",
    "userName": "Test_User@contoso.com",
    "active": true,
    "emails": [{"primary": true, "type": "work", "value": "a@b.c"}],
    "name": {"formatted": "givenName familyName", "familyName": "familyName"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "department": "Sales", "manager": {"value": "m1"}}
  })"));
}

TEST(NormaliseResource, SchemasFollowTheExtensionsThatHoldValues) {
  json r = json::parse(R"({"userName":"a","urn:tandem:params:scim:schemas:extension:tandem:2.0:)"
                       R"(User":{"level":"3"},"urn:ietf:params:scim:schemas:extension:)"
                       R"(enterprise:2.0:User":{}})");
  ASSERT_TRUE(normaliseResource(r, userResourceType()).isOk());
  EXPECT_EQ(r.at("schemas"), json::array({std::string(kUserSchema), kTandem}));
  EXPECT_EQ(r.at(kTandem).at("level"), 3);
  EXPECT_FALSE(r.contains(kEnterprise));
}

TEST(NormaliseResource, Errors) {
  json missing = json::parse(R"({"displayName":"x"})");
  core::Status s = normaliseResource(missing, userResourceType());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.errorCode(), kInvalidValue);

  json wrong = json::parse(R"({"userName":"a","active":"perhaps"})");
  s = normaliseResource(wrong, userResourceType());
  EXPECT_EQ(s.errorCode(), kInvalidValue);
  EXPECT_EQ(wrong, json::parse(R"({"userName":"a","active":"perhaps"})"));  // unchanged

  json unknown = json::parse(R"({"userName":"a","shoeSize":"42"})");
  EXPECT_EQ(normaliseResource(unknown, userResourceType()).errorCode(), kInvalidPath);

  json notObject = json::array();
  EXPECT_EQ(normaliseResource(notObject, userResourceType()).errorCode(), kInvalidValue);

  json badSchemas = json::parse(R"({"userName":"a","schemas":"x"})");
  EXPECT_EQ(normaliseResource(badSchemas, userResourceType()).errorCode(), kInvalidValue);
}

TEST(NormaliseResource, GroupWithMembers) {
  json g = json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
      "displayName":"Mentors","Members":[{"value":"u1","display":"Ann"}]})");
  ASSERT_TRUE(normaliseResource(g, groupResourceType()).isOk());
  EXPECT_EQ(g.at("members"), json::parse(R"([{"value":"u1","display":"Ann"}])"));
}

}  // namespace
}  // namespace tandem::scim
