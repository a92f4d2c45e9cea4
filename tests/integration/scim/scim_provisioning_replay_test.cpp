// Replays complete provisioning sequences as Okta and Microsoft Entra ID send them (Okta's SCIM 2.0
// test suite, Entra's "Develop and plan provisioning for a SCIM endpoint" request and response
// examples) against the real `tandem serve` over HTTP on 127.0.0.1, with a bearer token made by
// the real `tandem scim token create`. Every answer is checked for its exact status, the SCIM
// media type, integer counts, and SCIM error bodies ("status" as a string).
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http_client.h"
#include "tandem_server.h"

#ifndef TANDEM_CLI_PATH
#error "TANDEM_CLI_PATH must be defined by the build"
#endif
#ifndef TANDEM_PLUGIN_PATH
#error "TANDEM_PLUGIN_PATH must be defined by the build"
#endif

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tandem::testing::HttpReply;
using tandem::testing::readTextFile;
using tandem::testing::TandemServer;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr const char* kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
constexpr const char* kPatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
constexpr const char* kListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr const char* kError = "urn:ietf:params:scim:api:messages:2.0:Error";

// Content types as the vendors send them.
constexpr const char* kScimUtf8 = "application/scim+json; charset=utf-8";
constexpr const char* kPlainJson = "application/json";
constexpr const char* kScim = "application/scim+json";

// Percent-encodes a query parameter value (RFC 3986 unreserved characters stay).
std::string encode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

// The media type of a Content-Type value, without parameters and surrounding blanks.
std::string mediaType(const std::string& contentType) {
  std::string type = contentType.substr(0, contentType.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

json patchOp(json operations) {
  return {{"schemas", json::array({kPatchOp})}, {"Operations", std::move(operations)}};
}

class ScimProvisioningReplay : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("tandem-scim-replay-test-" + std::to_string(rd()));
    fs::create_directories(dir_);
    dataDir_ = (dir_ / "data").string();
    ASSERT_EQ(tandem::testing::runTandem(TANDEM_CLI_PATH,
                                         {"scim", "token", "create", "--name", "idp", "--data-dir",
                                          dataDir_, "--plugin", TANDEM_PLUGIN_PATH},
                                         dir_, "token"),
              0)
        << readTextFile(dir_ / "token.err");
    std::string printed = readTextFile(dir_ / "token.out");
    while (!printed.empty() && (printed.back() == '\n' || printed.back() == '\r')) {
      printed.pop_back();
    }
    token_ = printed.substr(printed.rfind('\n') + 1);
    ASSERT_EQ(token_.rfind("tdm_scim_", 0), 0u) << printed;
    std::string error;
    server_ = TandemServer::start(
        TANDEM_CLI_PATH,
        {"--data-dir", dataDir_, "--plugin", TANDEM_PLUGIN_PATH, "--log-level", "warn"}, dir_,
        error);
    ASSERT_TRUE(server_) << error;
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const char* f : {"token.err", "serve.out", "serve.err"}) {
        if (fs::exists(dir_ / f)) {
          std::cerr << "---- " << f << " ----\n" << readTextFile(dir_ / f).substr(0, 20000) << "\n";
        }
      }
    }
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A request with the bearer token; `contentType` is sent with a body only.
  HttpReply scim(const std::string& method, const std::string& target, const std::string& body = "",
                 const std::string& contentType = kScim) {
    Headers headers = {{"Authorization", "Bearer " + token_}, {"Accept", kScim}};
    if (!body.empty()) headers.emplace_back("Content-Type", contentType);
    return tandem::testing::httpRequest(server_->port(), method, "/scim/v2" + target, body,
                                        headers);
  }

  // Checks the status and the SCIM media type, and returns the body as JSON.
  static json expectScimJson(const HttpReply& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.error << r.body;
    EXPECT_EQ(mediaType(r.header("Content-Type")), kScim) << what;
    const json body = r.json();
    EXPECT_TRUE(body.is_object()) << what << ": " << r.body;
    return body.is_object() ? body : json::object();
  }

  static void expectScimError(const HttpReply& r, int status, const std::string& what) {
    const json body = expectScimJson(r, status, what);
    EXPECT_EQ(body.value("schemas", json()), json::array({kError})) << what << ": " << r.body;
    ASSERT_TRUE(body.contains("status") && body["status"].is_string())
        << what << ": status must be a string: " << r.body;
    EXPECT_EQ(body["status"].get<std::string>(), std::to_string(status)) << what;
    EXPECT_FALSE(body.value("detail", "").empty()) << what << ": " << r.body;
  }

  // A ListResponse with `total` results, integer counts, and the resources; returns Resources.
  static json expectList(const HttpReply& r, int total, const std::string& what) {
    const json body = expectScimJson(r, 200, what);
    EXPECT_EQ(body.value("schemas", json()), json::array({kListResponse})) << what;
    for (const char* key : {"totalResults", "startIndex", "itemsPerPage"}) {
      EXPECT_TRUE(body.contains(key) && body[key].is_number_integer())
          << what << ": " << key << " must be an integer: " << r.body;
    }
    EXPECT_EQ(body.value("totalResults", -1), total) << what << ": " << r.body;
    const json resources = body.value("Resources", json());
    EXPECT_TRUE(resources.is_array()) << what << ": Resources must be a list: " << r.body;
    if (!resources.is_array()) return json::array();
    EXPECT_EQ(resources.size(), static_cast<std::size_t>(total)) << what;
    return resources;
  }

  fs::path dir_;
  std::string dataDir_;
  std::string token_;
  std::unique_ptr<TandemServer> server_;
};

// Okta: import check, create, read, profile push (PUT), path-less deactivation and reactivation.
TEST_F(ScimProvisioningReplay, OktaUserLifecycle) {
  const std::string userName = "Runscope300Jones@atko.com";
  const std::string byName = "/Users?filter=" + encode("userName eq \"" + userName + "\"");

  // The paged list and the existence check before a create: an empty ListResponse, not a 404.
  expectList(scim("GET", "/Users?startIndex=1&count=1"), 0, "paged list");
  expectList(scim("GET", byName + "&startIndex=1&count=100"), 0, "lookup before create");

  const json okta = {
      {"schemas", json::array({kUserSchema})},
      {"userName", userName},
      {"name", {{"givenName", "Runscope300"}, {"familyName", "Jones"}}},
      {"emails", json::array({{{"primary", true}, {"value", userName}, {"type", "work"}}})},
      {"displayName", "Runscope300 Jones"},
      {"locale", "en-US"},
      {"externalId", "00ujl29u0le5T6Aj10h7"},
      {"groups", json::array()},
      {"password", "1mz050nq"},
      {"active", true}};
  const HttpReply made = scim("POST", "/Users", okta.dump(), kScimUtf8);
  const json created = expectScimJson(made, 201, "create");
  ASSERT_TRUE(created.contains("id") && created["id"].is_string()) << made.body;
  const std::string id = created["id"];
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(created.value("userName", ""), userName);
  EXPECT_EQ(created.value("active", false), true);
  EXPECT_FALSE(created.contains("password")) << "a password is never returned";
  EXPECT_EQ(created["meta"].value("resourceType", ""), "User");
  const std::string location = made.header("Location");
  const std::string suffix = "/scim/v2/Users/" + id;
  ASSERT_GE(location.size(), suffix.size()) << location;
  EXPECT_EQ(location.substr(location.size() - suffix.size()), suffix);
  EXPECT_EQ(created["meta"].value("location", ""), location);
  // Sending the same person again is a uniqueness conflict.
  const HttpReply again = scim("POST", "/Users", okta.dump(), kScimUtf8);
  expectScimError(again, 409, "duplicate create");
  EXPECT_EQ(again.json().value("scimType", ""), "uniqueness");

  const std::string url = "/Users/" + id;
  const json fetched = expectScimJson(scim("GET", url), 200, "get by id");
  EXPECT_EQ(fetched.value("id", ""), id);
  EXPECT_EQ(fetched["name"].value("givenName", ""), "Runscope300");
  EXPECT_EQ(fetched.value("externalId", ""), "00ujl29u0le5T6Aj10h7");
  EXPECT_FALSE(fetched.contains("password"));
  const json found = expectList(scim("GET", byName), 1, "lookup after create");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value("id", ""), id);
  // Okta probes for an id that does not exist.
  expectScimError(scim("GET", "/Users/010101010101010101010101"), 404, "unknown id");

  // Profile push: Okta PUTs the whole user back (with id, meta and groups) with changes.
  json replacement = fetched;
  replacement["name"]["givenName"] = "Another";
  replacement["displayName"] = "Another Jones";
  const json put =
      expectScimJson(scim("PUT", url, replacement.dump(), kPlainJson), 200, "profile push");
  EXPECT_EQ(put.value("id", ""), id);
  EXPECT_EQ(put["name"].value("givenName", ""), "Another");
  EXPECT_EQ(put.value("displayName", ""), "Another Jones");
  EXPECT_EQ(put.value("active", false), true);

  // Deactivation: a path-less replace with {"active": false}.
  const json deactivate =
      patchOp(json::array({{{"op", "replace"}, {"value", {{"active", false}}}}}));
  const json patched =
      expectScimJson(scim("PATCH", url, deactivate.dump(), kScimUtf8), 200, "deactivate");
  EXPECT_EQ(patched.value("active", true), false);
  const json inactive = expectScimJson(scim("GET", url), 200, "get after deactivation");
  EXPECT_EQ(inactive.value("active", true), false);
  EXPECT_EQ(inactive["name"].value("givenName", ""), "Another");
  // Deactivated people are still found (Okta looks them up before reactivating).
  const json stillFound = expectList(scim("GET", byName), 1, "lookup after deactivation");
  ASSERT_EQ(stillFound.size(), 1u);
  EXPECT_EQ(stillFound[0].value("active", true), false);
  expectList(scim("GET", "/Users?filter=" +
                             encode("userName eq \"" + userName + "\" and active eq false")),
             1, "lookup of inactive");

  // Reactivation, sent as application/json this time.
  const json reactivate =
      patchOp(json::array({{{"op", "replace"}, {"value", {{"active", true}}}}}));
  const json back =
      expectScimJson(scim("PATCH", url, reactivate.dump(), kPlainJson), 200, "reactivate");
  EXPECT_EQ(back.value("active", false), true);
  EXPECT_EQ(expectScimJson(scim("GET", url), 200, "get after reactivation").value("active", false),
            true);
}

// Okta group push: create, add a member (with display), remove by filter, rename, look up, delete.
TEST_F(ScimProvisioningReplay, OktaGroupPush) {
  const json user = expectScimJson(
      scim("POST", "/Users",
           json({{"schemas", json::array({kUserSchema})},
                 {"userName", "okta.member@atko.com"},
                 {"name", {{"givenName", "Okta"}, {"familyName", "Member"}}},
                 {"emails",
                  json::array(
                      {{{"primary", true}, {"value", "okta.member@atko.com"}, {"type", "work"}}})},
                 {"active", true}})
               .dump(),
           kScimUtf8),
      201, "create member");
  const std::string userId = user.value("id", "");
  ASSERT_FALSE(userId.empty());

  const HttpReply made = scim("POST", "/Groups",
                              json({{"schemas", json::array({kGroupSchema})},
                                    {"displayName", "Test SCIMv2"},
                                    {"members", json::array()}})
                                  .dump(),
                              kScimUtf8);
  const json group = expectScimJson(made, 201, "create group");
  const std::string groupId = group.value("id", "");
  ASSERT_FALSE(groupId.empty()) << made.body;
  EXPECT_EQ(group.value("displayName", ""), "Test SCIMv2");
  EXPECT_EQ(group["meta"].value("resourceType", ""), "Group");
  const std::string url = "/Groups/" + groupId;
  const auto memberIds = [&]() {
    std::set<std::string> ids;
    const json g = expectScimJson(scim("GET", url), 200, "get group");
    for (const auto& m : g.value("members", json::array())) ids.insert(m.value("value", ""));
    return ids;
  };

  const HttpReply added =
      scim("PATCH", url,
           patchOp(json::array({{{"op", "add"},
                                 {"path", "members"},
                                 {"value", json::array({{{"value", userId},
                                                         {"display", "okta.member@atko.com"}}})}}}))
               .dump(),
           kScimUtf8);
  EXPECT_EQ(added.status, 204) << added.body;
  EXPECT_TRUE(added.body.empty()) << added.body;
  EXPECT_EQ(memberIds(), std::set<std::string>{userId});
  const json person = expectScimJson(scim("GET", "/Users/" + userId), 200, "member's groups");
  ASSERT_EQ(person.value("groups", json::array()).size(), 1u) << person.dump();
  EXPECT_EQ(person["groups"][0].value("value", ""), groupId);

  const HttpReply removed = scim(
      "PATCH", url,
      patchOp(json::array({{{"op", "remove"}, {"path", "members[value eq \"" + userId + "\"]"}}}))
          .dump(),
      kPlainJson);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_TRUE(memberIds().empty());

  // Rename: Okta sends a path-less replace with the id and the new name.
  const HttpReply renamed = scim(
      "PATCH", url,
      patchOp(json::array({{{"op", "replace"},
                            {"value", {{"id", groupId}, {"displayName", "Test SCIMv2 Renamed"}}}}}))
          .dump(),
      kScimUtf8);
  EXPECT_EQ(renamed.status, 204) << renamed.body;
  const json byName =
      expectList(scim("GET", "/Groups?filter=" + encode("displayName eq \"Test SCIMv2 Renamed\"") +
                                 "&startIndex=1&count=100"),
                 1, "group lookup by new name");
  ASSERT_EQ(byName.size(), 1u);
  EXPECT_EQ(byName[0].value("id", ""), groupId);
  expectList(scim("GET", "/Groups?filter=" + encode("displayName eq \"Test SCIMv2\"")), 0,
             "group lookup by old name");

  const HttpReply deleted = scim("DELETE", url);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  expectScimError(scim("GET", url), 404, "group after delete");
}

// Entra ID: existence check, create with the enterprise extension, lookup by unquoted externalId,
// the PATCH shapes Entra sends, and delete.
TEST_F(ScimProvisioningReplay, EntraUserLifecycle) {
  const std::string userName = "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081";
  const std::string externalId = "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef";
  const std::string byName = "/Users?filter=" + encode("userName eq \"" + userName + "\"");

  expectList(scim("GET", byName), 0, "lookup before create");

  // A manager for the enterprise extension.
  const json boss =
      expectScimJson(scim("POST", "/Users",
                          json({{"schemas", json::array({kUserSchema, kEnterprise})},
                                {"externalId", "9b3c1f0e-2d6a-4c55-9a0e-5f1f2a3b4c5d"},
                                {"userName", "Test_User_Manager_1d5e2f4a"},
                                {"active", true},
                                {"displayName", "Manager One"},
                                {"meta", {{"resourceType", "User"}}}})
                              .dump()),
                     201, "create manager");
  const std::string bossId = boss.value("id", "");
  ASSERT_FALSE(bossId.empty());

  const json entra = {{"schemas", json::array({kUserSchema, kEnterprise})},
                      {"externalId", externalId},
                      {"userName", userName},
                      {"active", true},
                      {"emails", json::array({{{"primary", true},
                                               {"type", "work"},
                                               {"value",
                                                "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@"
                                                "testuser.com"}}})},
                      {"meta", {{"resourceType", "User"}}},
                      {"name",
                       {{"formatted", "givenName familyName"},
                        {"familyName", "familyName"},
                        {"givenName", "givenName"}}},
                      {"roles", json::array()},
                      {kEnterprise,
                       {{"employeeNumber", "701984"},
                        {"department", "Tour Operations"},
                        {"manager", {{"value", bossId}}}}}};
  const HttpReply made = scim("POST", "/Users", entra.dump());
  const json created = expectScimJson(made, 201, "create");
  const std::string id = created.value("id", "");
  ASSERT_FALSE(id.empty()) << made.body;
  EXPECT_EQ(created.value("externalId", ""), externalId);
  EXPECT_EQ(created.value("active", false), true);
  EXPECT_EQ(created["name"].value("familyName", ""), "familyName");
  ASSERT_TRUE(created.contains(kEnterprise)) << made.body;
  EXPECT_EQ(created[kEnterprise].value("employeeNumber", ""), "701984");
  EXPECT_EQ(created[kEnterprise].value("department", ""), "Tour Operations");
  EXPECT_EQ(created[kEnterprise]["manager"].value("value", ""), bossId);
  EXPECT_EQ(created["meta"].value("resourceType", ""), "User");
  // Entra retries a create it believes failed: a uniqueness conflict.
  const HttpReply duplicate = scim("POST", "/Users", entra.dump());
  expectScimError(duplicate, 409, "duplicate create");
  EXPECT_EQ(duplicate.json().value("scimType", ""), "uniqueness");

  // Entra matches on externalId, unquoted.
  const json matched =
      expectList(scim("GET", "/Users?filter=" + encode("externalId eq " + externalId)), 1,
                 "lookup by unquoted externalId");
  ASSERT_EQ(matched.size(), 1u);
  EXPECT_EQ(matched[0].value("id", ""), id);

  const std::string url = "/Users/" + id;
  // Multi-valued and single-valued updates in one request.
  const json update = patchOp(json::array(
      {{{"op", "Replace"},
        {"path", "emails[type eq \"work\"].value"},
        {"value", "updatedEmail@microsoft.com"}},
       {{"op", "Replace"}, {"path", "name.familyName"}, {"value", "updatedFamilyName"}}}));
  const json updated = expectScimJson(scim("PATCH", url, update.dump()), 200, "update");
  EXPECT_EQ(updated["name"].value("familyName", ""), "updatedFamilyName");
  bool workEmail = false;
  for (const auto& e : updated.value("emails", json::array())) {
    workEmail |=
        e.value("type", "") == "work" && e.value("value", "") == "updatedEmail@microsoft.com";
  }
  EXPECT_TRUE(workEmail) << updated.dump();

  // Disable with a string boolean.
  const json disable =
      patchOp(json::array({{{"op", "Replace"}, {"path", "active"}, {"value", "False"}}}));
  expectScimJson(scim("PATCH", url, disable.dump()), 200, "disable");
  const json disabled = expectScimJson(scim("GET", url), 200, "get after disable");
  ASSERT_TRUE(disabled.contains("active") && disabled["active"].is_boolean()) << disabled.dump();
  EXPECT_EQ(disabled["active"], false);

  // The manager as a bare id on the extension's attribute path: first another person, then back.
  const json other = expectScimJson(scim("POST", "/Users",
                                         json({{"schemas", json::array({kUserSchema})},
                                               {"userName", "Test_User_Manager_2a7b9c0d"},
                                               {"displayName", "Manager Two"},
                                               {"active", true}})
                                             .dump()),
                                    201, "create second manager");
  const std::string otherId = other.value("id", "");
  ASSERT_FALSE(otherId.empty());
  const json manager = patchOp(json::array(
      {{{"op", "Replace"}, {"path", std::string(kEnterprise) + ":manager"}, {"value", otherId}}}));
  expectScimJson(scim("PATCH", url, manager.dump()), 200, "set manager");
  const json managed = expectScimJson(scim("GET", url), 200, "get after manager");
  EXPECT_EQ(managed[kEnterprise]["manager"].value("value", ""), otherId) << managed.dump();
  EXPECT_EQ(managed[kEnterprise]["manager"].value("displayName", ""), "Manager Two");

  // A path-less Add whose keys are attribute paths, enterprise ones included.
  const json dotted =
      patchOp(json::array({{{"op", "Add"},
                            {"value",
                             {{std::string(kEnterprise) + ":department", "Finance"},
                              {std::string(kEnterprise) + ":employeeNumber", "701985"},
                              {"name.givenName", "Eva"}}}}}));
  expectScimJson(scim("PATCH", url, dotted.dump()), 200, "path-less add");
  const json after = expectScimJson(scim("GET", url), 200, "get after path-less add");
  EXPECT_EQ(after["name"].value("givenName", ""), "Eva");
  EXPECT_EQ(after["name"].value("familyName", ""), "updatedFamilyName");
  EXPECT_EQ(after[kEnterprise].value("department", ""), "Finance");
  EXPECT_EQ(after[kEnterprise].value("employeeNumber", ""), "701985");
  EXPECT_EQ(after.value("active", true), false);

  const HttpReply deleted = scim("DELETE", url);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty()) << deleted.body;
  expectScimError(scim("GET", url), 404, "get after delete");
  expectList(scim("GET", byName), 0, "lookup after delete");
}

// Entra ID groups: existence check without members, create, add and remove members (legacy value
// list form), read without members, delete.
TEST_F(ScimProvisioningReplay, EntraGroupLifecycle) {
  std::vector<std::string> users;
  for (const char* name : {"Test_User_91b67701-697b-46de-b864-bd0bbe4f99c1",
                           "Test_User_2c5e3b7a-0d1f-4e2a-9b8c-7d6e5f4a3b2c"}) {
    const json u = expectScimJson(scim("POST", "/Users",
                                       json({{"schemas", json::array({kUserSchema, kEnterprise})},
                                             {"userName", name},
                                             {"active", true},
                                             {"meta", {{"resourceType", "User"}}}})
                                           .dump()),
                                  201, name);
    users.push_back(u.value("id", ""));
    ASSERT_FALSE(users.back().empty());
  }
  const std::string displayName = "Group_b8f2c4d6-3a1e-4f5b-9c7d-2e8a0b6f4d1c";
  const std::string lookup = "/Groups?excludedAttributes=members&filter=" +
                             encode("displayName eq \"" + displayName + "\"");
  expectList(scim("GET", lookup), 0, "group lookup before create");

  const json entra = {
      {"schemas", json::array({kGroupSchema,
                               "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/"
                               "Group"})},
      {"externalId", "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"},
      {"displayName", displayName},
      {"meta", {{"resourceType", "Group"}}}};
  const HttpReply made = scim("POST", "/Groups", entra.dump());
  const json group = expectScimJson(made, 201, "create group");
  const std::string groupId = group.value("id", "");
  ASSERT_FALSE(groupId.empty()) << made.body;
  EXPECT_EQ(group.value("externalId", ""), "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
  EXPECT_EQ(group.value("displayName", ""), displayName);
  const std::string url = "/Groups/" + groupId;

  const json found = expectList(scim("GET", lookup), 1, "group lookup after create");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value("id", ""), groupId);
  EXPECT_FALSE(found[0].contains("members")) << found[0].dump();

  const auto memberIds = [&]() {
    std::set<std::string> ids;
    const json g = expectScimJson(scim("GET", url), 200, "get group");
    for (const auto& m : g.value("members", json::array())) ids.insert(m.value("value", ""));
    return ids;
  };
  // Entra sends "$ref": null with each member.
  const HttpReply added = scim(
      "PATCH", url,
      patchOp(json::array({{{"op", "Add"},
                            {"path", "members"},
                            {"value", json::array({{{"$ref", nullptr}, {"value", users[0]}},
                                                   {{"$ref", nullptr}, {"value", users[1]}}})}}}))
          .dump());
  EXPECT_EQ(added.status, 204) << added.body;
  EXPECT_EQ(memberIds(), (std::set<std::string>{users[0], users[1]}));

  const HttpReply removed = scim(
      "PATCH", url,
      patchOp(json::array({{{"op", "Remove"},
                            {"path", "members"},
                            {"value", json::array({{{"$ref", nullptr}, {"value", users[0]}}})}}}))
          .dump());
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(memberIds(), std::set<std::string>{users[1]});

  const json withoutMembers =
      expectScimJson(scim("GET", url + "?excludedAttributes=members"), 200, "get without members");
  EXPECT_FALSE(withoutMembers.contains("members")) << withoutMembers.dump();
  EXPECT_EQ(withoutMembers.value("displayName", ""), displayName);

  const HttpReply deleted = scim("DELETE", url);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  expectScimError(scim("GET", url), 404, "group after delete");
  expectList(scim("GET", lookup), 0, "group lookup after delete");
}

// What both vendors meet when something is wrong: 401 without or with a wrong token, and 413 for
// a body over the host's limit, each as a SCIM error.
TEST_F(ScimProvisioningReplay, RefusalsAreScimErrors) {
  const HttpReply anonymous = tandem::testing::httpRequest(
      server_->port(), "GET", "/scim/v2/Users?filter=" + encode("userName eq \"someone\""), "",
      Headers{{"Accept", kScim}});
  expectScimError(anonymous, 401, "no token");

  std::string wrong = token_;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  for (const std::string& bearer : {wrong, std::string("not-a-tandem-token")}) {
    const HttpReply refused = tandem::testing::httpRequest(
        server_->port(), "POST", "/scim/v2/Users",
        json({{"schemas", json::array({kUserSchema})}, {"userName", "intruder"}}).dump(),
        Headers{{"Authorization", "Bearer " + bearer}, {"Content-Type", kScimUtf8}});
    expectScimError(refused, 401, "wrong token " + bearer.substr(0, 12));
  }
  // Nothing was created by the refused requests.
  expectList(scim("GET", "/Users?filter=" + encode("userName eq \"intruder\"")), 0,
             "after refusals");

  // A body over max_body_bytes (1 MiB by default).
  const std::string huge = json({{"schemas", json::array({kUserSchema})},
                                 {"userName", "big"},
                                 {"displayName", std::string(2 * 1024 * 1024, 'x')}})
                               .dump();
  expectScimError(scim("POST", "/Users", huge, kScimUtf8), 413, "body over the limit");
  expectList(scim("GET", "/Users?filter=" + encode("userName eq \"big\"")), 0, "after 413");
}

}  // namespace
