// The SCIM client's scan over a fake transport: what it asks for, how it maps resources, and that
// every failure leaves the scan unfinished with the right code and never the token in a message.
#include "scim_client_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace tandem::scimclient {
namespace {

using nlohmann::json;

constexpr const char* kToken = "tdm_scim_SECRET_token_value";
constexpr const char* kBase = "http://127.0.0.1:9/scim/v2";

struct FakeServer {
  json features = {{"filter", {{"supported", true}, {"maxResults", 2}}},
                   {"sort", {{"supported", false}}}};
  std::vector<json> users;
  std::vector<json> groups;
  std::deque<HttpReply> scripted;  // answered first, one per request, before the normal answers
  std::vector<std::string> requests;
  std::string tokenSeen;
  int64_t growBy = 0;  // totalResults grows by this per request (a runaway server)

  static std::map<std::string, std::string> query(const std::string& path) {
    std::map<std::string, std::string> q;
    const auto qm = path.find('?');
    if (qm == std::string::npos) return q;
    std::string rest = path.substr(qm + 1);
    size_t pos = 0;
    while (pos <= rest.size()) {
      const size_t amp = rest.find('&', pos);
      const std::string kv =
          rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      const size_t eq = kv.find('=');
      if (eq != std::string::npos) q[kv.substr(0, eq)] = kv.substr(eq + 1);
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
    return q;
  }

  HttpReply answer(const std::string& path) {
    requests.push_back(path);
    if (!scripted.empty()) {
      HttpReply r = scripted.front();
      scripted.pop_front();
      return r;
    }
    if (path == "/ServiceProviderConfig") return {200, features.dump(), ""};
    const bool isUsers = path.rfind("/Users?", 0) == 0;
    const std::vector<json>& all = isUsers ? users : groups;
    const auto q = query(path);
    const int64_t start = std::stoll(q.at("startIndex"));
    const int64_t count = std::stoll(q.at("count"));
    json page = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                 {"totalResults", static_cast<int64_t>(all.size()) +
                                      growBy * static_cast<int64_t>(requests.size())},
                 {"startIndex", start},
                 {"Resources", json::array()}};
    for (int64_t i = start - 1; i < static_cast<int64_t>(all.size()) && i < start - 1 + count;
         ++i) {
      page["Resources"].push_back(all[static_cast<size_t>(i)]);
    }
    if (growBy > 0 && page["Resources"].empty()) {
      page["Resources"].push_back(
          {{"id", "grown-" + std::to_string(start)}, {"userName", "g" + std::to_string(start)}});
    }
    page["itemsPerPage"] = page["Resources"].size();
    return {200, page.dump(), ""};
  }
};

class FakeTransport final : public ScimTransport {
 public:
  explicit FakeTransport(FakeServer& server) : server_(server) {}
  core::Result<HttpReply> get(const std::string& pathAndQuery) override {
    return server_.answer(pathAndQuery);
  }

 private:
  FakeServer& server_;
};

struct RecordingSink final : directory::DirectorySink {
  std::vector<directory::DirectoryEntry> people;
  std::vector<directory::DirectoryGroup> groups;
  std::vector<std::string> warnings;
  core::Status onPeople(std::vector<directory::DirectoryEntry>& batch) override {
    for (auto& e : batch) people.push_back(std::move(e));
    return core::Status::ok();
  }
  core::Status onGroups(std::vector<directory::DirectoryGroup>& batch) override {
    for (auto& g : batch) groups.push_back(std::move(g));
    return core::Status::ok();
  }
  bool progress(int64_t, int64_t, const std::string&) override { return true; }
  void warning(const std::string& message) override { warnings.push_back(message); }
};

json user(const std::string& id, const std::string& userName, const std::string& manager = "",
          bool active = true) {
  json u = {
      {"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
      {"id", id},
      {"userName", userName},
      {"displayName", userName + " Name"},
      {"active", active},
      {"emails", {{{"value", userName + "@example.com"}, {"type", "work"}, {"primary", true}}}}};
  if (!manager.empty()) {
    u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {
        {"department", "Sales"}, {"manager", {{"value", manager}}}};
  }
  return u;
}

class ScimClientSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-scim-client-source-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "token") << kToken << "\n";
    server_.users = {user("u1", "alice"), user("u2", "bob", "u1"),
                     user("u3", "carol", "u1", false)};
    server_.groups = {{{"id", "g1"},
                       {"displayName", "Sales"},
                       {"members", {{{"value", "u1"}}, {{"value", "u2"}}, {{"value", "g2"}}}}},
                      {{"id", "g2"}, {"displayName", "Leads"}, {"members", {{{"value", "u1"}}}}}};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<ScimClientSource> source(json extra = json::object()) {
    json config = {{"url", kBase}, {"token_file", (dir_ / "token").string()}};
    config.update(extra);
    auto parsed = ScimClientConfig::fromJson(config);
    EXPECT_TRUE(parsed.isOk()) << parsed.status().message();
    return std::make_unique<ScimClientSource>(
        *parsed,
        [this](const ScimClientConfig&,
               const std::string& token) -> core::Result<std::unique_ptr<ScimTransport>> {
          server_.tokenSeen = token;
          return std::unique_ptr<ScimTransport>(new FakeTransport(server_));
        },
        [this](int64_t seconds) { slept_.push_back(seconds); });
  }

  std::filesystem::path dir_;
  FakeServer server_;
  std::vector<int64_t> slept_;
};

TEST_F(ScimClientSourceTest, ReadsServiceProviderConfigFirstAndPagesWithinMaxResults) {
  RecordingSink sink;
  auto scan = source()->fullScan(sink);
  ASSERT_TRUE(scan.isOk()) << scan.status().message();
  EXPECT_EQ(server_.tokenSeen, kToken);
  ASSERT_FALSE(server_.requests.empty());
  EXPECT_EQ(server_.requests[0], "/ServiceProviderConfig");
  // maxResults 2 caps page_size 100; no sortBy without sort support; groups page by 2 as well.
  EXPECT_EQ(server_.requests[1], "/Users?startIndex=1&count=2");
  EXPECT_EQ(server_.requests[2], "/Users?startIndex=3&count=2");
  EXPECT_EQ(server_.requests[3], "/Groups?startIndex=1&count=2");
  EXPECT_EQ(server_.requests.size(), 4u);
  for (const auto& r : server_.requests) {
    EXPECT_EQ(r.find("sortBy"), std::string::npos);
    EXPECT_EQ(r.find(".search"), std::string::npos);
    EXPECT_EQ(r.find("Bulk"), std::string::npos);
  }
  EXPECT_EQ(scan->people, 3);
  EXPECT_EQ(scan->groups, 2);
  EXPECT_EQ(scan->server, kBase);
}

TEST_F(ScimClientSourceTest, SendsSortByOnlyWhenSupported) {
  server_.features = {{"sort", {{"supported", true}}}};
  RecordingSink sink;
  ASSERT_TRUE(source({{"page_size", 10}})->fullScan(sink).isOk());
  EXPECT_EQ(server_.requests[1], "/Users?startIndex=1&count=10&sortBy=id&sortOrder=ascending");
  EXPECT_EQ(server_.requests[2], "/Groups?startIndex=1&count=20&sortBy=id&sortOrder=ascending");
}

TEST_F(ScimClientSourceTest, MapsUsersAndGroupsByRemoteId) {
  RecordingSink sink;
  ASSERT_TRUE(source()->fullScan(sink).isOk());
  ASSERT_EQ(sink.people.size(), 3u);
  const auto& bob = sink.people[1];
  EXPECT_EQ(bob.dn, "u2");
  EXPECT_EQ(bob.employee.externalId, "u2");
  EXPECT_EQ(bob.employee.userName, "bob");
  EXPECT_EQ(bob.employee.email, "bob@example.com");
  EXPECT_EQ(bob.employee.department, "Sales");
  EXPECT_EQ(bob.managerDn, "u1");
  EXPECT_TRUE(bob.employee.managerExternalId.empty());
  EXPECT_EQ(json::parse(bob.rawJson)["id"], "u2");
  EXPECT_FALSE(sink.people[2].employee.active);
  ASSERT_EQ(sink.groups.size(), 2u);
  EXPECT_EQ(sink.groups[0].dn, "g1");
  EXPECT_EQ(sink.groups[0].externalId, "g1");
  EXPECT_EQ(sink.groups[0].name, "Sales");
  EXPECT_EQ(sink.groups[0].memberDns, (std::vector<std::string>{"u1", "u2", "g2"}));
}

TEST_F(ScimClientSourceTest, SkipsAResourceWithoutIdWithAWarning) {
  server_.users.push_back({{"userName", "noid"}});
  RecordingSink sink;
  auto scan = source()->fullScan(sink);
  ASSERT_TRUE(scan.isOk());
  EXPECT_EQ(sink.people.size(), 3u);
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_NE(sink.warnings[0].find("no id"), std::string::npos);
}

TEST_F(ScimClientSourceTest, RefusedTokenIsUnauthenticatedWithoutTheToken) {
  server_.scripted.push_back({401, R"({"detail":"bad token","status":"401"})", ""});
  RecordingSink sink;
  auto scan = source()->fullScan(sink);
  ASSERT_FALSE(scan.isOk());
  EXPECT_EQ(scan.status().code(), core::StatusCode::kUnauthenticated);
  EXPECT_NE(scan.status().message().find("401"), std::string::npos);
  EXPECT_NE(scan.status().message().find(kBase), std::string::npos);
  EXPECT_EQ(scan.status().message().find(kToken), std::string::npos);
  EXPECT_TRUE(sink.people.empty());
}

TEST_F(ScimClientSourceTest, AServerErrorMidwayLeavesTheScanUnfinished) {
  server_.scripted.push_back({200, server_.features.dump(), ""});
  const json firstPage = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                          {"totalResults", 3},
                          {"Resources", {server_.users[0], server_.users[1]}}};
  server_.scripted.push_back({200, firstPage.dump(), ""});
  server_.scripted.push_back({503, "busy", ""});
  RecordingSink sink;
  auto scan = source()->fullScan(sink);
  EXPECT_EQ(scan.status().code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(server_.requests.back(), "/Users?startIndex=3&count=2");
}

TEST_F(ScimClientSourceTest, MalformedJsonIsInvalidArgumentNamingThePath) {
  server_.scripted.push_back({200, server_.features.dump(), ""});
  server_.scripted.push_back({200, "{not json", ""});
  RecordingSink sink;
  auto scan = source()->fullScan(sink);
  EXPECT_EQ(scan.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(scan.status().message().find(std::string(kBase) + "/Users"), std::string::npos);
}

TEST_F(ScimClientSourceTest, AnswerThatIsNotAListResponseIsInvalidArgument) {
  server_.scripted.push_back({200, server_.features.dump(), ""});
  server_.scripted.push_back({200, user("u9", "x").dump(), ""});
  RecordingSink sink;
  EXPECT_EQ(source()->fullScan(sink).status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(ScimClientSourceTest, HonoursRetryAfterWithinItsBudget) {
  server_.scripted.push_back({429, "", "3"});
  RecordingSink sink;
  ASSERT_TRUE(source()->fullScan(sink).isOk());
  EXPECT_EQ(slept_, (std::vector<int64_t>{3}));
  EXPECT_EQ(sink.people.size(), 3u);
}

TEST_F(ScimClientSourceTest, ThrottlingBeyondTheBudgetIsUnavailable) {
  for (int i = 0; i < 10; ++i) server_.scripted.push_back({429, "", "4"});
  RecordingSink sink;
  auto scan = source({{"max_retry_wait_seconds", 10}})->fullScan(sink);
  EXPECT_EQ(scan.status().code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(slept_, (std::vector<int64_t>{4, 4}));
  EXPECT_NE(scan.status().message().find("429"), std::string::npos);
}

TEST_F(ScimClientSourceTest, GivesUpOnAListThatNeverEnds) {
  server_.growBy = 5;
  RecordingSink sink;
  auto scan = source()->fullScan(sink);
  EXPECT_EQ(scan.status().code(), core::StatusCode::kUnavailable);
  EXPECT_LT(server_.requests.size(), 50u);
}

TEST_F(ScimClientSourceTest, AMissingTokenFileFailsBeforeAnyRequest) {
  std::filesystem::remove(dir_ / "token");
  RecordingSink sink;
  EXPECT_EQ(source()->fullScan(sink).status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_TRUE(server_.requests.empty());
}

TEST_F(ScimClientSourceTest, WarnsAboutPlainHttpToAHostThatIsNotLoopback) {
  RecordingSink sink;
  ASSERT_TRUE(source({{"url", "http://idp.example/scim/v2"}})->fullScan(sink).isOk());
  ASSERT_FALSE(sink.warnings.empty());
  EXPECT_NE(sink.warnings[0].find("plain http"), std::string::npos);
}

TEST(ScimClientFactory, IsNamedScimClientAndKeepsTheGuardShare) {
  auto s = makeScimClientSource(
      json{{"url", "https://x/scim/v2"}, {"token_file", "/t"}, {"deletion_guard_share", 0.3}});
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ((*s)->sourceName(), "scim_client");
  EXPECT_DOUBLE_EQ((*s)->deletionGuardShare(), 0.3);
  auto w = (*s)->currentWatermark();
  ASSERT_TRUE(w.isOk());
  EXPECT_EQ(*w, "");
  EXPECT_EQ(makeScimClientSource(json{{"url", "https://x"}}).status().code(),
            core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tandem::scimclient
