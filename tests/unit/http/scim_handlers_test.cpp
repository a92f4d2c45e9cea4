// The SCIM service provider, in process: every point of the SCIM issue an identity provider can
// observe, over the real SQLite store (":memory:").
#include <gtest/gtest.h>

#include <set>

#include "http/internal/scim_body.h"
#include "http/internal/scim_call.h"
#include "http/scim_endpoint.h"
#include "storage/sqlite_store.h"
#include "support/test_app.h"

namespace tandem::http {
namespace {

using nlohmann::json;
using testing::TestApp;

constexpr const char* kUser = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kGroup = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr const char* kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
constexpr const char* kPatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
constexpr const char* kError = "urn:ietf:params:scim:api:messages:2.0:Error";

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class Scim : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = t.app->runJob("scim_token", {{"action", "create"}, {"name", "okta"}}, {});
    ASSERT_TRUE(made.isOk()) << made.status().toString();
    token = (*made)["token"].get<std::string>();
  }

  Response call(const std::string& method, const std::string& target, const std::string& body = "",
                std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.body = body;
    r.headers = {{"Host", "hr.example.com"}, {"Authorization", "Bearer " + token}};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/scim+json");
    for (auto& h : headers) {
      bool replaced = false;
      for (auto& existing : r.headers) {
        if (existing.first == h.first) {
          existing.second = h.second;
          replaced = true;
        }
      }
      if (!replaced) r.headers.push_back(h);
    }
    return t.app->handle(r, Identity{});
  }

  json createUser(const std::string& userName, json extra = json::object()) {
    json body = {{"schemas", {kUser}},
                 {"userName", userName},
                 {"name", {{"givenName", "Given"}, {"familyName", userName}}},
                 {"emails", {{{"value", userName + "@example.com"}, {"type", "work"},
                              {"primary", true}}}},
                 {"active", true}};
    body.update(extra);
    auto r = call("POST", "/scim/v2/Users", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return TestApp::json(r);
  }

  json get(const std::string& target) {
    auto r = call("GET", target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return TestApp::json(r);
  }

  json list(const std::string& query) { return get("/scim/v2/Users?" + query); }

  static void expectScimError(const Response& r, int status, const std::string& scimType = "") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(header(r, "Content-Type").rfind("application/scim+json", 0), 0u);
    json body = TestApp::json(r);
    EXPECT_EQ(body["schemas"], json::array({kError}));
    EXPECT_EQ(body["status"], std::to_string(status)) << "status must be a string";
    if (!scimType.empty()) {
      EXPECT_EQ(body.value("scimType", ""), scimType) << r.body;
    }
    EXPECT_FALSE(body.value("detail", "").empty());
  }

  TestApp t;
  std::string token;
};

// ---------------------------------------------------------------------------------------------
// Discovery, authentication, media types

TEST_F(Scim, DiscoveryDescribesWhatIsSupported) {
  json config = get("/scim/v2/ServiceProviderConfig");
  EXPECT_EQ(config["patch"]["supported"], true);
  EXPECT_EQ(config["bulk"]["supported"], true);
  EXPECT_EQ(config["bulk"]["maxOperations"], 1000);
  EXPECT_EQ(config["filter"]["maxResults"], 1000);
  EXPECT_EQ(config["etag"]["supported"], true);
  EXPECT_EQ(config["sort"]["supported"], true);
  EXPECT_EQ(config["authenticationSchemes"][0]["type"], "oauthbearertoken");

  json types = get("/scim/v2/ResourceTypes");
  ASSERT_EQ(types["totalResults"], 2);
  EXPECT_EQ(get("/scim/v2/ResourceTypes/User")["endpoint"], "/Users");
  EXPECT_EQ(get("/scim/v2/ResourceTypes/Group")["schema"], kGroup);

  json schemas = get("/scim/v2/Schemas");
  std::set<std::string> ids;
  for (const auto& s : schemas["Resources"]) ids.insert(s["id"]);
  EXPECT_TRUE(ids.contains(kUser));
  EXPECT_TRUE(ids.contains(kGroup));
  EXPECT_TRUE(ids.contains(kEnterprise));
  EXPECT_EQ(get(std::string("/scim/v2/Schemas/") + kEnterprise)["id"], kEnterprise);
  expectScimError(call("GET", "/scim/v2/Schemas/urn:nope"), 404);
  expectScimError(call("GET", "/scim/v2/Nope"), 404);
  expectScimError(call("DELETE", "/scim/v2/ServiceProviderConfig"), 405);
}

TEST_F(Scim, EveryEndpointNeedsAValidBearerToken) {
  for (const std::string& auth : {std::string(), std::string("Bearer nope"),
                                  std::string("Basic ") + token, "Bearer " + token + "x"}) {
    Request r;
    r.method = "GET";
    r.path = "/scim/v2/Users";
    if (!auth.empty()) r.headers.emplace_back("Authorization", auth);
    auto reply = t.app->handle(r, Identity{});
    expectScimError(reply, 401);
    EXPECT_NE(header(reply, "WWW-Authenticate").find("Bearer"), std::string::npos);
    EXPECT_EQ(reply.body.find(token), std::string::npos);
  }
  // A signed-in person's session is no SCIM credential.
  Request r;
  r.method = "GET";
  r.path = "/scim/v2/ServiceProviderConfig";
  Identity hr;
  hr.userId = "hr";
  hr.roles = kRoleHrAdmin;
  expectScimError(t.app->handle(r, hr), 401);
  // A revoked token stops working at once.
  ASSERT_TRUE(t.app->runJob("scim_token", {{"action", "revoke"}, {"name", "okta"}}, {}).isOk());
  expectScimError(call("GET", "/scim/v2/Users"), 401);
  for (const auto& line : t.host->lines) EXPECT_EQ(line.find(token), std::string::npos) << line;
}

TEST_F(Scim, AboveTheRateLimitAnswers429WithRetryAfter) {
  t.host->settings["scim.rate_limit_per_second"] = "0.5";
  t.host->settings["scim.rate_limit_burst"] = "3";
  ASSERT_TRUE(t.app->enable().isOk());  // reads the settings
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("GET", "/scim/v2/Users").status, 200);
  auto refused = call("GET", "/scim/v2/Users");
  expectScimError(refused, 429);
  EXPECT_GE(std::stoi(header(refused, "Retry-After")), 1);
  // Another identity provider's token has its own allowance.
  auto other = t.app->runJob("scim_token", {{"action", "create"}, {"name", "entra"}}, {});
  ASSERT_TRUE(other.isOk());
  token = (*other)["token"];
  EXPECT_EQ(call("GET", "/scim/v2/Users").status, 200);
}

TEST_F(Scim, BothMediaTypesWithOrWithoutCharsetAreAccepted) {
  int n = 0;
  for (const char* type : {"application/scim+json", "application/json",
                           "application/scim+json; charset=utf-8",
                           "Application/JSON;charset=UTF-8"}) {
    json body = {{"schemas", {kUser}}, {"userName", "media" + std::to_string(n++)}};
    EXPECT_EQ(call("POST", "/scim/v2/Users", body.dump(), {{"Content-Type", type}}).status, 201)
        << type;
  }
  expectScimError(call("POST", "/scim/v2/Users", R"({"userName":"x"})",
                       {{"Content-Type", "text/plain"}}),
                  415);
}

TEST_F(Scim, BadBodiesGetScimErrorsAndStoreNothing) {
  const json before = list("count=1000");
  expectScimError(call("POST", "/scim/v2/Users", "{not json"), 400, "invalidSyntax");
  expectScimError(call("POST", "/scim/v2/Users", "[1,2]"), 400, "invalidSyntax");
  expectScimError(call("POST", "/scim/v2/Users", R"({"schemas":[")" + std::string(kUser) +
                                                     R"("],"name":{"givenName":"No user name"}})"),
                  400, "invalidValue");
  expectScimError(call("POST", "/scim/v2/Users",
                       R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"x"})"),
                  400, "invalidSyntax");
  expectScimError(call("POST", "/scim/v2/Users", std::string(2 * 1024 * 1024, ' ')), 413);
  EXPECT_EQ(list("count=1000"), before);
}

// ---------------------------------------------------------------------------------------------
// Users: create, lookups, filters, paging

TEST_F(Scim, CreateAnswers201AndADuplicateAnswers409Uniqueness) {
  auto r = call("POST", "/scim/v2/Users",
                json({{"schemas", {kUser}}, {"userName", "Bjensen@Example.com"},
                      {"externalId", "okta-1"}})
                    .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json created = TestApp::json(r);
  EXPECT_FALSE(created["id"].get<std::string>().empty());
  EXPECT_EQ(header(r, "Location"),
            "http://hr.example.com/scim/v2/Users/" + created["id"].get<std::string>());
  EXPECT_EQ(header(r, "ETag"), created["meta"]["version"]);
  EXPECT_EQ(created["meta"]["resourceType"], "User");
  EXPECT_EQ(created["active"], true);
  // Another case of the same userName is the same userName.
  expectScimError(call("POST", "/scim/v2/Users",
                       json({{"schemas", {kUser}}, {"userName", "bjensen@example.com"}}).dump()),
                  409, "uniqueness");
  // A person another connector owns is reported, not overwritten.
  auto conflict = call("POST", "/scim/v2/Users", json({{"userName", "ada"}}).dump());
  expectScimError(conflict, 409, "uniqueness");
  EXPECT_NE(TestApp::json(conflict)["detail"].get<std::string>().find("CSV import"),
            std::string::npos);
}

TEST_F(Scim, LookupFiltersAlwaysAnswerAListEvenWhenEmpty) {
  json u = createUser("Alice.Martin", {{"externalId", "6d2a7c3e-1c1f-4b1b-9b77-0f4f4f1f1f1f"},
                                       {"displayName", "Alice Martin"}});
  const std::string id = u["id"];
  json byName = list("filter=" + std::string("userName%20eq%20%22alice.martin%22"));
  ASSERT_EQ(byName["totalResults"], 1);
  EXPECT_TRUE(byName["totalResults"].is_number_integer());
  EXPECT_TRUE(byName["startIndex"].is_number_integer());
  EXPECT_TRUE(byName["itemsPerPage"].is_number_integer());
  EXPECT_EQ(byName["Resources"][0]["id"], id);
  // Entra: unquoted externalId, operators and names in any case.
  EXPECT_EQ(list("filter=externalId%20eq%206d2a7c3e-1c1f-4b1b-9b77-0f4f4f1f1f1f")["totalResults"], 1);
  EXPECT_EQ(list("filter=USERNAME%20EQ%20%22ALICE.MARTIN%22")["totalResults"], 1);
  EXPECT_EQ(list("filter=displayName%20eq%20%22alice%20martin%22")["totalResults"], 1);
  // Nothing matches: 200 and an empty list, never 404.
  auto none = call("GET", "/scim/v2/Users?filter=userName%20eq%20%22nobody%22");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(TestApp::json(none)["totalResults"], 0);
  EXPECT_EQ(TestApp::json(none)["Resources"], json::array());
  expectScimError(call("GET", "/scim/v2/Users?filter=userName%20eqq%20%22x%22"), 400,
                  "invalidFilter");
  expectScimError(call("GET", "/scim/v2/Users?filter=shoeSize%20eq%2042"), 400, "invalidFilter");
  expectScimError(call("GET", "/scim/v2/Users?filter=active%20gt%20true"), 400, "invalidFilter");
  // Unknown ids are the only 404.
  expectScimError(call("GET", "/scim/v2/Users/no-such-id"), 404);
}

TEST_F(Scim, TheWholeFilterGrammarRunsAgainstTheStore) {
  createUser("anna", {{"title", "Analyst"},
                      {"emails", {{{"value", "anna@example.com"}, {"type", "work"}},
                                  {{"value", "anna@home.example"}, {"type", "home"}}}},
                      {kEnterprise, {{"department", "Sales"}, {"employeeNumber", "701"}}}});
  createUser("bob", {{"title", "Engineer"}, {kEnterprise, {{"department", "R&D"}}}});
  createUser("carl", {{"active", false}, {kEnterprise, {{"department", "Sales"}}}});
  const auto count = [&](const std::string& filter) {
    std::string encoded;
    for (char c : filter) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
        encoded += c;
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
        encoded += buf;
      }
    }
    auto r = call("GET", "/scim/v2/Users?filter=" + encoded);
    EXPECT_EQ(r.status, 200) << filter << ": " << r.body;
    return TestApp::json(r).value("totalResults", -1);
  };
  EXPECT_EQ(count(R"(userName sw "an")"), 1);
  EXPECT_EQ(count(R"(userName ew "OB")"), 1);
  EXPECT_EQ(count(R"(userName co "ar")"), 1);
  EXPECT_EQ(count(R"(title pr)"), 2);
  EXPECT_EQ(count(R"(userName gt "b" and userName lt "c")"), 1);
  EXPECT_EQ(count(R"(userName ge "bob" and userName le "carl")"), 2);
  EXPECT_EQ(count(R"(userName ne "anna" and userName ne "ada" and userName ne "hr" and userName ne "zoe")"), 2);
  EXPECT_EQ(count(R"(active eq false)"), 1);
  EXPECT_EQ(count(R"(active eq "False")"), 1);
  EXPECT_EQ(count(R"(not (active eq true) or title eq "engineer")"), 2);
  EXPECT_EQ(count(R"((title eq "Analyst" or title eq "Engineer") and not (userName eq "bob"))"), 1);
  EXPECT_EQ(count(R"(emails[type eq "home" and value co "@home"])"), 1);
  EXPECT_EQ(count(R"(emails[type eq "work" and value co "@example.com"])"), 3);
  EXPECT_EQ(count(R"(emails.value eq "BOB@example.com")"), 1);
  EXPECT_EQ(count(std::string(kEnterprise) + R"(:department eq "sales")"), 2);
  EXPECT_EQ(count(std::string(kEnterprise) + R"(:employeeNumber eq "701")"), 1);
  EXPECT_EQ(count(R"(meta.created pr and meta.lastModified gt "2000-01-01T00:00:00Z")"), 6);
  // Values are bound, never spliced into SQL.
  EXPECT_EQ(count(R"(userName eq "x' OR '1'='1")"), 0);
  EXPECT_EQ(count(R"(userName co "%")"), 0);
  EXPECT_EQ(count(R"(userName sw "_")"), 0);
}

TEST_F(Scim, PagingIsOneBasedStableAndCountsAreIntegers) {
  for (int i = 0; i < 8; ++i) createUser("page" + std::to_string(i));
  std::vector<std::string> seen;
  for (int start = 1; start <= 12; start += 5) {
    json page = list("startIndex=" + std::to_string(start) + "&count=5");
    EXPECT_EQ(page["totalResults"], 11);  // 3 imported + 8
    EXPECT_EQ(page["startIndex"], start);
    EXPECT_EQ(page["itemsPerPage"], page["Resources"].size());
    for (const auto& u : page["Resources"]) seen.push_back(u["id"]);
  }
  ASSERT_EQ(seen.size(), 11u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 11u);
  // The same pages again give the same order.
  json again = list("startIndex=6&count=5");
  for (size_t i = 0; i < again["Resources"].size(); ++i) {
    EXPECT_EQ(again["Resources"][i]["id"], seen[5 + i]);
  }
  EXPECT_EQ(list("startIndex=0&count=2")["startIndex"], 1);
  EXPECT_EQ(list("count=0")["Resources"].size(), 0u);
  EXPECT_EQ(list("count=0")["totalResults"], 11);
  EXPECT_EQ(list("startIndex=100")["Resources"].size(), 0u);
  expectScimError(call("GET", "/scim/v2/Users?count=ten"), 400, "invalidValue");
  // Sorting, in both directions, with ties broken by id.
  json sorted = list("sortBy=userName&sortOrder=descending&count=3");
  EXPECT_EQ(sorted["Resources"][0]["userName"], "zoe");
  EXPECT_EQ(sorted["Resources"][1]["userName"], "page7");
  expectScimError(call("GET", "/scim/v2/Users?sortBy=userName&sortOrder=sideways"), 400,
                  "invalidValue");
}

TEST_F(Scim, PagesFoundByRankMatchPagesFoundByWalkingAfterDeletions) {
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(createUser("rank" + std::to_string(i))["id"]);
  for (int gone : {0, 5, 6, 11}) {
    ASSERT_EQ(call("DELETE", "/scim/v2/Users/" + ids[static_cast<size_t>(gone)]).status, 204);
  }
  // Without a filter the start of a page is computed from the deleted ids; "id pr" matches the
  // same people but walks the index. Both must give the same pages.
  for (int count : {1, 2, 5}) {
    std::vector<std::string> byRank;
    std::vector<std::string> byWalk;
    for (int start = 1; start <= 13; start += count) {
      const std::string page = "startIndex=" + std::to_string(start) + "&count=" +
                               std::to_string(count);
      json a = list(page);
      json b = list("filter=id%20pr&" + page);
      EXPECT_EQ(a["totalResults"], 11);  // 3 imported + 12 - 4
      EXPECT_EQ(b["totalResults"], 11);
      for (const auto& u : a["Resources"]) byRank.push_back(u["id"]);
      for (const auto& u : b["Resources"]) byWalk.push_back(u["id"]);
    }
    EXPECT_EQ(byRank, byWalk) << "count=" << count;
    EXPECT_EQ(byRank.size(), 11u);
  }
  EXPECT_EQ(list("startIndex=12")["Resources"].size(), 0u);
}

TEST_F(Scim, AttributesAndExcludedAttributesShapeTheAnswer) {
  json u = createUser("shape", {{"title", "Analyst"}});
  json only = get("/scim/v2/Users/" + u["id"].get<std::string>() + "?attributes=userName");
  EXPECT_EQ(only["userName"], "shape");
  EXPECT_EQ(only["id"], u["id"]);
  EXPECT_FALSE(only.contains("title"));
  EXPECT_FALSE(only.contains("emails"));
  json without =
      get("/scim/v2/Users/" + u["id"].get<std::string>() + "?excludedAttributes=emails,title");
  EXPECT_FALSE(without.contains("emails"));
  EXPECT_FALSE(without.contains("title"));
  EXPECT_EQ(without["userName"], "shape");
  json listed = list("filter=userName%20eq%20%22shape%22&attributes=emails.value");
  EXPECT_EQ(listed["Resources"][0]["emails"][0]["value"], "shape@example.com");
  EXPECT_FALSE(listed["Resources"][0]["emails"][0].contains("type"));
}

// ---------------------------------------------------------------------------------------------
// Users: PATCH, PUT, ETags, DELETE

TEST_F(Scim, EntraPatchShapesApply) {
  json boss = createUser("boss");
  json u = createUser("entra.user");
  const std::string url = "/scim/v2/Users/" + u["id"].get<std::string>();
  json patch = {{"schemas", {kPatchOp}},
                {"Operations",
                 {{{"op", "Replace"}, {"path", "active"}, {"value", "False"}},
                  {{"op", "Add"}, {"path", "emails[type eq \"other\"].value"}, {"value", "o@x.org"}},
                  {{"op", "Replace"}, {"path", std::string(kEnterprise) + ":manager"},
                   {"value", boss["id"]}},
                  {{"op", "Add"},
                   {"value", {{std::string(kEnterprise) + ":department", "Finance"},
                              {"name.givenName", "Eva"}}}}}}};
  auto r = call("PATCH", url, patch.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json after = get(url);
  EXPECT_EQ(after["active"], false);
  EXPECT_EQ(after["name"]["givenName"], "Eva");
  EXPECT_EQ(after[kEnterprise]["department"], "Finance");
  EXPECT_EQ(after[kEnterprise]["manager"]["value"], boss["id"]);
  EXPECT_EQ(after[kEnterprise]["manager"]["displayName"], boss["displayName"]);
  bool other = false;
  for (const auto& e : after["emails"]) other |= e["type"] == "other" && e["value"] == "o@x.org";
  EXPECT_TRUE(other) << after.dump();
  // active:false sticks and shows in filters.
  EXPECT_EQ(list("filter=userName%20eq%20%22entra.user%22%20and%20active%20eq%20false")
                ["totalResults"],
            1);
}

TEST_F(Scim, OktaPathlessDeactivationApplies) {
  json u = createUser("okta.user");
  const std::string url = "/scim/v2/Users/" + u["id"].get<std::string>();
  json patch = {{"schemas", {kPatchOp}},
                {"Operations",
                 {{{"op", "replace"}, {"value", {{"id", u["id"]}, {"active", false}}}}}}};
  ASSERT_EQ(call("PATCH", url, patch.dump()).status, 200);
  EXPECT_EQ(get(url)["active"], false);
  // The manager as an object, then removed.
  json boss = createUser("okta.boss");
  json setManager = {{"schemas", {kPatchOp}},
                     {"Operations",
                      {{{"op", "replace"},
                        {"path", std::string(kEnterprise) + ":manager"},
                        {"value", {{"value", boss["id"]}}}}}}};
  ASSERT_EQ(call("PATCH", url, setManager.dump()).status, 200);
  EXPECT_EQ(get(url)[kEnterprise]["manager"]["value"], boss["id"]);
}

TEST_F(Scim, APatchWithOneBadOperationChangesNothing) {
  json u = createUser("atomic");
  const std::string url = "/scim/v2/Users/" + u["id"].get<std::string>();
  const json before = get(url);
  json patch = {{"schemas", {kPatchOp}},
                {"Operations",
                 {{{"op", "replace"}, {"path", "displayName"}, {"value", "Changed"}},
                  {{"op", "replace"}, {"path", "shoeSize"}, {"value", 42}}}}};
  expectScimError(call("PATCH", url, patch.dump()), 400, "invalidPath");
  json readOnly = {{"schemas", {kPatchOp}},
                   {"Operations",
                    {{{"op", "replace"}, {"path", "displayName"}, {"value", "Changed"}},
                     {{"op", "replace"}, {"path", "id"}, {"value", "mine"}}}}};
  expectScimError(call("PATCH", url, readOnly.dump()), 400, "mutability");
  json wrongType = {{"schemas", {kPatchOp}},
                    {"Operations", {{{"op", "replace"}, {"path", "active"}, {"value", "maybe"}}}}};
  expectScimError(call("PATCH", url, wrongType.dump()), 400, "invalidValue");
  expectScimError(call("PATCH", url, R"({"Operations":[]})"), 400, "invalidSyntax");
  EXPECT_EQ(get(url), before);
}

TEST_F(Scim, PersonOwnedByAnotherSourceIsNotOverwritten) {
  json ada = list("filter=userName%20eq%20%22ada%22")["Resources"][0];
  const std::string url = "/scim/v2/Users/" + ada["id"].get<std::string>();
  json patch = {{"schemas", {kPatchOp}},
                {"Operations", {{{"op", "replace"}, {"path", "active"}, {"value", false}}}}};
  expectScimError(call("PATCH", url, patch.dump()), 409);
  expectScimError(call("DELETE", url), 409);
  EXPECT_EQ(get(url)["active"], true);
}

TEST_F(Scim, PutReplacesAndETagsGuardChanges) {
  json u = createUser("etag.user", {{"title", "Analyst"}});
  const std::string url = "/scim/v2/Users/" + u["id"].get<std::string>();
  const std::string version = u["meta"]["version"];
  auto notModified = call("GET", url, "", {{"If-None-Match", version}});
  EXPECT_EQ(notModified.status, 304);
  EXPECT_TRUE(notModified.body.empty());
  json replacement = {{"schemas", {kUser}}, {"userName", "etag.user"}, {"displayName", "New"}};
  expectScimError(call("PUT", url, replacement.dump(), {{"If-Match", "W/\"stale\""}}), 412);
  auto put = call("PUT", url, replacement.dump(), {{"If-Match", version}});
  ASSERT_EQ(put.status, 200) << put.body;
  json replaced = TestApp::json(put);
  EXPECT_EQ(replaced["displayName"], "New");
  EXPECT_FALSE(replaced.contains("title"));  // PUT replaces: what is not sent is gone
  EXPECT_NE(replaced["meta"]["version"], version);
  EXPECT_EQ(call("GET", url, "", {{"If-None-Match", version}}).status, 200);
  json idChange = replacement;
  idChange["id"] = "another";
  expectScimError(call("PUT", url, idChange.dump()), 400, "mutability");
}

TEST_F(Scim, DeleteDeactivatesKeepsTheRowAndAnswers404After) {
  json u = createUser("leaver");
  const std::string url = "/scim/v2/Users/" + u["id"].get<std::string>();
  EXPECT_EQ(call("DELETE", url).status, 204);
  expectScimError(call("GET", url), 404);
  expectScimError(call("DELETE", url), 404);
  EXPECT_EQ(list("filter=userName%20eq%20%22leaver%22")["totalResults"], 0);
  // The person stays in Tandem, inactive (history points at them).
  auto exported = t.app->privacyExport("leaver");
  ASSERT_TRUE(exported.isOk());
  EXPECT_EQ((*exported)["employee"]["active"], false);
  // Provisioned again: the same person comes back.
  json back = createUser("leaver");
  EXPECT_EQ(back["id"], u["id"]);
  EXPECT_EQ(back["active"], true);
}

// ---------------------------------------------------------------------------------------------
// Groups

TEST_F(Scim, GroupsAndTheirMembersInEveryPatchForm) {
  json a = createUser("member.a");
  json b = createUser("member.b");
  json c = createUser("member.c");
  auto made = call("POST", "/scim/v2/Groups",
                   json({{"schemas", {kGroup}},
                         {"displayName", "Digital Champions"},
                         {"members", {{{"value", a["id"]}}}}})
                       .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  json g = TestApp::json(made);
  const std::string url = "/scim/v2/Groups/" + g["id"].get<std::string>();
  EXPECT_EQ(g["members"].size(), 1u);
  EXPECT_EQ(get(url + "?excludedAttributes=members").contains("members"), false);
  const auto members = [&]() {
    std::set<std::string> ids;
    const json group = get(url);
    for (const auto& m : group["members"]) ids.insert(m["value"]);
    return ids;
  };
  const auto patch = [&](json ops) {
    return call("PATCH", url, json({{"schemas", {kPatchOp}}, {"Operations", ops}}).dump());
  };
  // Entra: add with a list.
  auto added = patch({{{"op", "Add"}, {"path", "members"},
                       {"value", {{{"value", b["id"]}}, {{"value", c["id"]}}}}}});
  EXPECT_EQ(added.status, 204) << added.body;
  EXPECT_FALSE(header(added, "ETag").empty());
  EXPECT_EQ(members(), (std::set<std::string>{a["id"], b["id"], c["id"]}));
  // Okta: remove by filter.
  EXPECT_EQ(patch({{{"op", "remove"}, {"path", "members[value eq \"" + a["id"].get<std::string>() + "\"]"}}})
                .status,
            204);
  EXPECT_EQ(members(), (std::set<std::string>{b["id"], c["id"]}));
  // Entra's legacy remove with a value list.
  EXPECT_EQ(patch({{{"op", "Remove"}, {"path", "members"}, {"value", {{{"value", b["id"]}}}}}})
                .status,
            204);
  EXPECT_EQ(members(), (std::set<std::string>{c["id"]}));
  // Replace all members, and rename in the same request.
  EXPECT_EQ(patch({{{"op", "replace"}, {"path", "members"},
                    {"value", {{{"value", a["id"]}}, {{"value", b["id"]}}}}},
                   {{"op", "replace"}, {"value", {{"displayName", "Data Champions"}}}}})
                .status,
            204);
  EXPECT_EQ(members(), (std::set<std::string>{a["id"], b["id"]}));
  EXPECT_EQ(get(url)["displayName"], "Data Champions");
  // One unknown member: nothing of the request happens.
  auto bad = patch({{{"op", "add"}, {"path", "members"}, {"value", {{{"value", c["id"]}}}}},
                    {{"op", "add"}, {"path", "members"}, {"value", {{{"value", "ghost"}}}}}});
  expectScimError(bad, 400, "invalidValue");
  EXPECT_EQ(members(), (std::set<std::string>{a["id"], b["id"]}));
  // The member shows in the person's groups, and lookups by member work.
  json person = get("/scim/v2/Users/" + a["id"].get<std::string>());
  ASSERT_EQ(person["groups"].size(), 1u);
  EXPECT_EQ(person["groups"][0]["value"], g["id"]);
  json byMember = get("/scim/v2/Groups?filter=members%5Bvalue%20eq%20%22" +
                      a["id"].get<std::string>() + "%22%5D&excludedAttributes=members");
  EXPECT_EQ(byMember["totalResults"], 1);
  EXPECT_FALSE(byMember["Resources"][0].contains("members"));
  // Names are unique; groups another connector owns are not changed.
  expectScimError(call("POST", "/scim/v2/Groups",
                       json({{"schemas", {kGroup}}, {"displayName", "data champions"}}).dump()),
                  409, "uniqueness");
  json hrGroup = get("/scim/v2/Groups?filter=displayName%20eq%20%22tandem-hr-admins%22")
                     ["Resources"][0];
  expectScimError(call("DELETE", "/scim/v2/Groups/" + hrGroup["id"].get<std::string>()), 409);
  EXPECT_EQ(call("DELETE", url).status, 204);
  expectScimError(call("GET", url), 404);
}

TEST_F(Scim, GroupETagChangesWithMembership) {
  json a = createUser("etag.member");
  json g = TestApp::json(
      call("POST", "/scim/v2/Groups", json({{"schemas", {kGroup}}, {"displayName", "E"}}).dump()));
  const std::string url = "/scim/v2/Groups/" + g["id"].get<std::string>();
  const std::string v1 = g["meta"]["version"];
  auto added = call("PATCH", url,
                    json({{"schemas", {kPatchOp}},
                          {"Operations", {{{"op", "add"}, {"path", "members"},
                                           {"value", {{{"value", a["id"]}}}}}}}})
                        .dump(),
                    {{"If-Match", v1}});
  ASSERT_EQ(added.status, 204) << added.body;
  EXPECT_NE(header(added, "ETag"), v1);
  expectScimError(call("PATCH", url,
                       json({{"schemas", {kPatchOp}},
                             {"Operations", {{{"op", "remove"}, {"path", "members"}}}}})
                           .dump(),
                       {{"If-Match", v1}}),
                  412);
  EXPECT_EQ(call("GET", url, "", {{"If-None-Match", header(added, "ETag")}}).status, 304);
}

// ---------------------------------------------------------------------------------------------
// .search and /Bulk

TEST_F(Scim, SearchByPost) {
  createUser("searched");
  auto r = call("POST", "/scim/v2/Users/.search",
                json({{"schemas", {"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}},
                      {"filter", "userName eq \"searched\""},
                      {"attributes", {"userName"}}})
                    .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(TestApp::json(r)["totalResults"], 1);
  auto root = call("POST", "/scim/v2/.search",
                   json({{"schemas", {"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}},
                         {"count", 1000}})
                       .dump());
  ASSERT_EQ(root.status, 200) << root.body;
  EXPECT_EQ(TestApp::json(root)["totalResults"], 5);  // 4 people and the HR group
  expectScimError(call("POST", "/scim/v2/Users/.search", R"({"filter":"userName eq \"x\""})"),
                  400, "invalidSyntax");
}

TEST_F(Scim, BulkResolvesBulkIdsAndStopsAfterFailOnErrors) {
  json request = {
      {"schemas", {"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}},
      {"failOnErrors", 1},
      {"Operations",
       {{{"method", "POST"}, {"path", "/Users"}, {"bulkId", "u1"},
         {"data", {{"schemas", {kUser}}, {"userName", "bulk.one"}}}},
        {{"method", "POST"}, {"path", "/Groups"}, {"bulkId", "g1"},
         {"data", {{"schemas", {kGroup}}, {"displayName", "Bulk"},
                   {"members", {{{"value", "bulkId:u1"}}}}}}},
        {{"method", "POST"}, {"path", "/Users"}, {"bulkId", "dup"},
         {"data", {{"schemas", {kUser}}, {"userName", "bulk.one"}}}},
        {{"method", "POST"}, {"path", "/Users"}, {"bulkId", "never"},
         {"data", {{"schemas", {kUser}}, {"userName", "bulk.never"}}}}}}};
  auto r = call("POST", "/scim/v2/Bulk", request.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json ops = TestApp::json(r)["Operations"];
  ASSERT_EQ(ops.size(), 3u) << r.body;  // stopped after the first error
  EXPECT_EQ(ops[0]["status"], "201");
  EXPECT_EQ(ops[1]["status"], "201");
  EXPECT_EQ(ops[2]["status"], "409");
  EXPECT_EQ(ops[2]["response"]["scimType"], "uniqueness");
  json group = get(ops[1]["location"].get<std::string>().substr(std::string("http://hr.example.com").size()));
  ASSERT_EQ(group["members"].size(), 1u);
  EXPECT_EQ(list("filter=userName%20eq%20%22bulk.never%22")["totalResults"], 0);
}

// ---------------------------------------------------------------------------------------------
// Regressions: nesting depth, /Bulk paths and versions, root search errors, dateTime filters

constexpr const char* kSearch = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
constexpr const char* kBulk = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

std::string urlEncodeForTest(const std::string& text) {
  std::string encoded;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
      encoded += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      encoded += buf;
    }
  }
  return encoded;
}

std::string nestedArrays(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// A body of `depth` levels in all: `object` (not empty) with a "pad" member holding depth - 1
// nested arrays.
std::string bodyOfDepth(const json& object, size_t depth) {
  std::string text = object.dump();
  text.pop_back();  // the closing brace
  return text + ",\"pad\":" + nestedArrays(depth - 1) + "}";
}

void expectNestingRefused(const Response& r) {
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
  json body = TestApp::json(r);
  EXPECT_EQ(body["schemas"], json::array({kError}));
  EXPECT_EQ(body["status"], "400");
  EXPECT_EQ(body["scimType"], "invalidSyntax");
  EXPECT_NE(body.value("detail", "").find("deeper than the limit of 64 levels"), std::string::npos)
      << r.body;
}

TEST_F(Scim, DeeplyNestedBodiesAnswer400InsteadOfOverflowingTheStack) {
  const std::string arrays = nestedArrays(200000);
  const std::string objects = [] {  // {"":{"":...{}...}}, 150,000 deep and under 1 MiB
    std::string text;
    for (int i = 0; i < 150000; ++i) text += "{\"\":";
    return text + "{}" + std::string(150000, '}');
  }();
  ASSERT_LT(objects.size(), 1024u * 1024u);
  json u = createUser("nested.target");
  const std::string url = "/scim/v2/Users/" + u["id"].get<std::string>();
  for (const std::string* deep : {&arrays, &objects}) {
    expectNestingRefused(call("POST", "/scim/v2/Users", *deep));
    expectNestingRefused(call("PUT", url, *deep));
    expectNestingRefused(call("PATCH", url, *deep));
    expectNestingRefused(call("POST", "/scim/v2/Groups", *deep));
    expectNestingRefused(call("POST", "/scim/v2/Users/.search", *deep));
    expectNestingRefused(call("POST", "/scim/v2/Groups/.search", *deep));
    expectNestingRefused(call("POST", "/scim/v2/.search", *deep));
    expectNestingRefused(call("POST", "/scim/v2/Bulk", *deep));
  }
  // Deep content inside an otherwise well-formed request, and an unterminated one.
  expectNestingRefused(call("POST", "/scim/v2/Users",
                            bodyOfDepth({{"schemas", {kUser}}, {"userName", "deep"}}, 200000)));
  expectNestingRefused(call("POST", "/scim/v2/Users/.search",
                            bodyOfDepth({{"schemas", {kSearch}}}, 200000)));
  std::string bulk = json({{"schemas", {kBulk}}}).dump();
  bulk.pop_back();
  bulk += ",\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"d\",\"data\":" +
          nestedArrays(200000) + "}]}";
  expectNestingRefused(call("POST", "/scim/v2/Bulk", bulk));
  expectNestingRefused(call("POST", "/scim/v2/Users", std::string(500000, '[')));
  // The process is still here, and nothing was stored.
  EXPECT_EQ(list("filter=userName%20eq%20%22deep%22")["totalResults"], 0);
  EXPECT_EQ(get(url)["userName"], "nested.target");
}

TEST_F(Scim, BodiesAtTheNestingLimitAreStillHandled) {
  // 64 levels: accepted ("meta" is read-only, so its content is ignored).
  auto created = call("POST", "/scim/v2/Users",
                      json({{"schemas", {kUser}}, {"userName", "depth64"},
                            {"meta", json::parse(nestedArrays(63))}})
                          .dump());
  EXPECT_EQ(created.status, 201) << created.body;
  auto searched =
      call("POST", "/scim/v2/Users/.search", bodyOfDepth({{"schemas", {kSearch}}}, 64));
  ASSERT_EQ(searched.status, 200) << searched.body;
  EXPECT_EQ(TestApp::json(searched)["totalResults"], 4);
  // 65 levels: refused.
  expectNestingRefused(call("POST", "/scim/v2/Users/.search",
                            bodyOfDepth({{"schemas", {kSearch}}}, 65)));
  expectNestingRefused(call("POST", "/scim/v2/Users",
                            json({{"schemas", {kUser}}, {"userName", "depth65"},
                                  {"meta", json::parse(nestedArrays(64))}})
                                .dump()));
  // Brackets inside strings are text, escaped quotes included.
  const std::string name = "br[a{c\\\"k[[[" + std::string(100, '[');
  auto bracketed = call("POST", "/scim/v2/Users",
                        R"({"schemas":[")" + std::string(kUser) + R"("],"userName":")" + name +
                            R"("})");
  EXPECT_EQ(bracketed.status, 201) << bracketed.body;
}

TEST(ScimBody, NestingIsCountedOutsideStringsOnly) {
  const json object = {{"a", 1}};
  EXPECT_TRUE(internal::parseScimBody(bodyOfDepth(object, 64)).isOk());
  auto deep = internal::parseScimBody(bodyOfDepth(object, 65));
  ASSERT_FALSE(deep.isOk());
  EXPECT_EQ(deep.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(deep.status().errorCode(), "invalidSyntax");
  EXPECT_TRUE(internal::parseScimBody(R"({"a":"[[[[\"]]]]{{{{\\"})").isOk());
  auto notObject = internal::parseScimBody("[]");
  ASSERT_FALSE(notObject.isOk());
  EXPECT_EQ(notObject.status().errorCode(), "invalidSyntax");
}

TEST_F(Scim, BulkRefusesOperationsOnBulkOrSearchInsteadOfRecursing) {
  const json inner = {{"schemas", {kBulk}},
                      {"Operations",
                       {{{"method", "POST"}, {"path", "/Users"}, {"bulkId", "in"},
                         {"data", {{"schemas", {kUser}}, {"userName", "bulk.inner"}}}}}}};
  json ops = json::array();
  for (const char* path : {"/Bulk", "/bulk", "/Users/.search", "/Groups/.search", "/.search"}) {
    ops.push_back({{"method", "POST"}, {"path", path}, {"bulkId", path}, {"data", inner}});
  }
  ops.push_back({{"method", "POST"}, {"path", "/Users"}, {"bulkId", "ok"},
                 {"data", {{"schemas", {kUser}}, {"userName", "bulk.outer"}}}});
  auto r = call("POST", "/scim/v2/Bulk", json({{"schemas", {kBulk}}, {"Operations", ops}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const json results = TestApp::json(r)["Operations"];
  ASSERT_EQ(results.size(), 6u) << r.body;
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(results[i]["status"], "400") << results[i];
    EXPECT_EQ(results[i]["response"]["schemas"], json::array({kError}));
    EXPECT_EQ(results[i]["response"]["status"], "400");
    EXPECT_EQ(results[i]["response"]["scimType"], "invalidPath");
    EXPECT_NE(results[i]["response"]["detail"].get<std::string>().find("never /Bulk or a .search"),
              std::string::npos);
  }
  EXPECT_EQ(results[5]["status"], "201");
  EXPECT_EQ(list("filter=userName%20eq%20%22bulk.inner%22")["totalResults"], 0);
  EXPECT_EQ(list("filter=userName%20eq%20%22bulk.outer%22")["totalResults"], 1);
}

TEST_F(Scim, BulkVersionThatIsNotAStringAnswers400InsteadOf500) {
  json u = createUser("bulk.versioned");
  const std::string path = "/Users/" + u["id"].get<std::string>();
  const json patch = {{"schemas", {kPatchOp}},
                      {"Operations", {{{"op", "replace"}, {"path", "title"}, {"value", "T"}}}}};
  json ops = json::array();
  for (const json& version : {json(3), json(true), json::object(), json::array({"W/\"1\""})}) {
    ops.push_back({{"method", "PATCH"}, {"path", path}, {"version", version}, {"data", patch}});
  }
  auto r = call("POST", "/scim/v2/Bulk", json({{"schemas", {kBulk}}, {"Operations", ops}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json results = TestApp::json(r)["Operations"];
  ASSERT_EQ(results.size(), 4u);
  for (const auto& result : results) {
    EXPECT_EQ(result["status"], "400") << result;
    EXPECT_EQ(result["response"]["schemas"], json::array({kError}));
    EXPECT_EQ(result["response"]["status"], "400");
    EXPECT_EQ(result["response"]["scimType"], "invalidValue");
  }
  EXPECT_FALSE(get("/scim/v2" + path).contains("title"));
  // A string version is checked; null is the same as none.
  ops = {{{"method", "PATCH"}, {"path", path}, {"version", "W/\"stale\""}, {"data", patch}},
         {{"method", "PATCH"}, {"path", path}, {"version", nullptr}, {"data", patch}}};
  r = call("POST", "/scim/v2/Bulk", json({{"schemas", {kBulk}}, {"Operations", ops}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  results = TestApp::json(r)["Operations"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["status"], "412");
  EXPECT_EQ(results[1]["status"], "200");
  EXPECT_EQ(get("/scim/v2" + path)["title"], "T");
}

TEST_F(Scim, RootSearchSkipsATypeOnlyWhenTheFilterDoesNotFitIt) {
  createUser("root.one", {{"title", "Root"}});
  const auto search = [&](json extra) {
    json body = {{"schemas", {kSearch}}, {"count", 1000}};
    body.update(extra);
    return call("POST", "/scim/v2/.search", body.dump());
  };
  // userName exists only on Users, members only on Groups.
  auto users = search({{"filter", "userName sw \"root\""}});
  ASSERT_EQ(users.status, 200) << users.body;
  EXPECT_EQ(TestApp::json(users)["totalResults"], 1);
  auto groups = search({{"filter", "members pr"}});
  ASSERT_EQ(groups.status, 200) << groups.body;
  EXPECT_EQ(TestApp::json(groups)["totalResults"], 1);
  // Fits neither: the filter error itself.
  expectScimError(search({{"filter", "shoeSize eq 42"}}), 400, "invalidFilter");
  // sortBy on an attribute only Users have: Groups are still listed (unsorted, after Users).
  auto sorted = search({{"sortBy", "userName"}, {"sortOrder", "descending"}});
  ASSERT_EQ(sorted.status, 200) << sorted.body;
  const json all = TestApp::json(sorted);
  EXPECT_EQ(all["totalResults"], 5);
  EXPECT_EQ(all["Resources"][0]["userName"], "zoe");
  EXPECT_EQ(all["Resources"][4]["displayName"], "tandem-hr-admins");
  expectScimError(search({{"sortBy", "shoeSize"}}), 400, "invalidValue");
}

TEST(ScimRootSearch, AStoreErrorOfOneTypeIsAnsweredNotSwallowed) {
  storage::SqliteOptions options;
  options.path = ":memory:";
  auto store = storage::openSqliteStore(options);
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  auto session = (*store)->session();
  ASSERT_TRUE(session.isOk());
  internal::ScimCall call{"POST", "/.search", "", "", "", {}, {}, "", **session,
                          "http://localhost/scim/v2", "scim:test"};
  const auto failing = [](core::Status failure) -> internal::ListFn {
    return [failure](internal::ScimCall&, const internal::ListParams&) -> core::Result<json> {
      return failure;
    };
  };
  const std::vector<std::pair<core::Status, int>> cases = {
      {core::unavailable("the database is locked"), 503},
      {core::internalError("disk I/O error"), 500}};
  for (const auto& [failure, status] : cases) {
    // Without a filter, and with one that fits Users only: the Groups error is the answer,
    // whichever type fails.
    for (const char* filter : {"", "userName pr"}) {
      internal::ListParams params;
      if (*filter != '\0') params.filter = *scim::parseFilter(filter);
      for (const bool groupsFail : {true, false}) {
        const Response reply =
            groupsFail ? internal::searchRoot(call, params, internal::listUsersJson, failing(failure))
                       : internal::searchRoot(call, params, failing(failure),
                                              internal::listGroupsJson);
        EXPECT_EQ(reply.status, status) << filter << ": " << reply.body;
        json error = TestApp::json(reply);
        EXPECT_EQ(error["schemas"], json::array({kError}));
        EXPECT_EQ(error["status"], std::to_string(status));
        EXPECT_EQ(error["detail"], failure.message());
      }
    }
  }
  // Only a filter that does not fit a type leaves that type out.
  internal::ListParams params;
  params.filter = *scim::parseFilter("userName pr");
  const Response users = internal::searchRoot(
      call, params, internal::listUsersJson,
      failing(core::invalidArgument("unknown attribute userName in filter")
                  .withDetail("invalidFilter")));
  EXPECT_EQ(users.status, 200) << users.body;
  const Response neither = internal::searchRoot(
      call, params,
      failing(core::invalidArgument("unknown attribute a in filter").withDetail("invalidFilter")),
      failing(core::invalidArgument("unknown attribute b in filter").withDetail("invalidFilter")));
  EXPECT_EQ(neither.status, 400);
  EXPECT_EQ(TestApp::json(neither)["scimType"], "invalidFilter");
}

TEST_F(Scim, DateTimeFiltersCompareAsTimesNotText) {
  json u = createUser("dated");
  const std::string created = u["meta"]["created"];  // "YYYY-MM-DDTHH:MM:SSZ", UTC
  ASSERT_EQ(created.size(), 20u) << created;
  const auto count = [&](const std::string& filter) {
    json body = {{"schemas", {kSearch}}, {"filter", filter}};
    auto r = call("POST", "/scim/v2/Users/.search", body.dump());
    EXPECT_EQ(r.status, 200) << filter << ": " << r.body;
    return TestApp::json(r).value("totalResults", -1);
  };
  const auto withId = [&](const std::string& f) {
    return "userName eq \"dated\" and " + f;
  };
  // The stored instant written with an offset: 2 hours behind UTC (local hour - 2), or ahead of
  // it before 02:00 UTC, so the local date is the UTC date whatever the time the test runs.
  const int hour = std::stoi(created.substr(11, 2));
  const bool ahead = hour < 2;
  const int local = ahead ? hour + 2 : hour - 2;
  std::string shifted = created;
  shifted.replace(11, 2, (local < 10 ? "0" : "") + std::to_string(local));
  shifted.pop_back();
  shifted += ahead ? "+02:00" : "-02:00";
  EXPECT_EQ(count(withId("meta.created eq \"" + shifted + "\"")), 1) << shifted;
  EXPECT_EQ(count(withId("meta.created ge \"" + shifted + "\"")), 1);
  EXPECT_EQ(count(withId("meta.created gt \"" + shifted + "\"")), 0);
  // Compared as text, a fraction or lower-case 't'/'z' would order wrongly; as times they do not.
  const std::string base = created.substr(0, 19);
  EXPECT_EQ(count(withId("meta.created eq \"" + base + ".000Z\"")), 1);
  EXPECT_EQ(count(withId("meta.created eq \"" + base + ".5Z\"")), 0);
  EXPECT_EQ(count(withId("meta.created gt \"" + base + ".5Z\"")), 0);
  EXPECT_EQ(count(withId("meta.created lt \"" + base + ".5Z\"")), 1);
  EXPECT_EQ(count(withId("meta.created le \"" + base + ".5z\"")), 1);
  EXPECT_EQ(count(withId("meta.created ge \"" + base + ".5Z\"")), 0);
  EXPECT_EQ(count(withId("meta.created ne \"" + base + ".5Z\"")), 1);
  std::string lowered = created;
  lowered[10] = 't';
  lowered[19] = 'z';
  EXPECT_EQ(count(withId("meta.created eq \"" + lowered + "\"")), 1);
  EXPECT_EQ(count(withId("meta.lastModified gt \"1999-12-31T23:00:00-01:00\"")), 1);
  EXPECT_EQ(count(withId("meta.lastModified lt \"2000-01-01T00:59:59+01:00\"")), 0);
  EXPECT_EQ(count(withId("meta.created sw \"" + created.substr(0, 7) + "\"")), 1);
  EXPECT_EQ(get("/scim/v2/Groups?filter=meta.created%20gt%20%222000-01-01T00:00:00%2B05:00%22")
                ["totalResults"],
            1);
  // Not a dateTime: 400 invalidFilter, not a silent text comparison.
  for (const char* bad :
       {"\"yesterday\"", "\"2024-05-01\"", "\"2024-05-01T10:00:00\"", "\"2024-13-01T10:00:00Z\"",
        "\"2023-02-29T10:00:00Z\"", "\"2024-05-01T24:00:00Z\"", "\"2024-05-01 10:00:00Z\"",
        "\"2024-05-01T10:00:00+2:00\"", "42", "true"}) {
    auto r = call("GET", "/scim/v2/Users?filter=" +
                             urlEncodeForTest(std::string("meta.created gt ") + bad));
    expectScimError(r, 400, "invalidFilter");
  }
}

}  // namespace
}  // namespace tandem::http
