// `tandem sync scim` pulling from Tandem's own SCIM 2.0 provider: data directory A serves
// /scim/v2 on loopback (`tandem serve`), people and a group are pushed to it over HTTP, and the
// client syncs them into data directory B. B is checked through the --json summaries and by
// reading its tandem.db read-only.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "tandem_server.h"

#ifndef TANDEM_CLI_PATH
#error "TANDEM_CLI_PATH must be defined by the build"
#endif
#ifndef TANDEM_PLUGIN_PATH
#error "TANDEM_PLUGIN_PATH must be defined by the build"
#endif

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using tandem::testing::readTextFile;
using tandem::testing::runTandemShell;
using tandem::testing::TandemServer;

constexpr const char* kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
constexpr int kPeople = 12;  // one inactive; deleting one active person stays under 10 %

struct Reply {
  int status = 0;
  json body;
};

class ScimClientSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("tandem-scim-client-it-" + std::to_string(rd()));
    fs::create_directories(dir_);
    dataA_ = (dir_ / "a").string();
    dataB_ = (dir_ / "b").string();
    tokenFile_ = (dir_ / "scim.token").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const char* f : {"serve.out", "serve.err"}) {
        if (fs::exists(dir_ / f)) {
          std::cerr << "---- " << f << " ----\n" << readTextFile(dir_ / f).substr(0, 20000) << "\n";
        }
      }
    }
    if (server_) server_->stop(SIGTERM, 10s);
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string cli(const std::string& args) {
    return std::string("'") + TANDEM_CLI_PATH + "' " + args + " --plugin '" + TANDEM_PLUGIN_PATH +
           "' --log-level error";
  }

  // Creates the provider's token at A (before serving it) and starts A.
  void startProvider() {
    const auto created =
        runTandemShell(cli("scim token create --name client --data-dir '" + dataA_ + "'"), "");
    ASSERT_EQ(created.exitCode, 0) << created.out;
    std::string last;
    for (size_t start = 0; start < created.out.size();) {
      const size_t end = created.out.find('\n', start);
      const std::string line =
          created.out.substr(start, end == std::string::npos ? end : end - start);
      if (!line.empty()) last = line;
      if (end == std::string::npos) break;
      start = end + 1;
    }
    ASSERT_FALSE(last.empty());
    token_ = last;
    std::ofstream(tokenFile_) << token_ << "\n";
    std::string error;
    server_ = TandemServer::start(
        TANDEM_CLI_PATH,
        {"--data-dir", dataA_, "--plugin", TANDEM_PLUGIN_PATH, "--log-level", "warn"}, dir_, error);
    ASSERT_TRUE(server_) << error;
  }

  Reply scim(const std::string& method, const std::string& path, const json& body = nullptr) {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req(method, "/scim/v2" + path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + token_);
    const std::string text = body.is_null() ? "" : body.dump();
    if (!text.empty()) req.setContentType("application/scim+json");
    req.setContentLength64(static_cast<Poco::Int64>(text.size()));
    session.sendRequest(req) << text;
    Poco::Net::HTTPResponse res;
    std::string out;
    Poco::StreamCopier::copyToString(session.receiveResponse(res), out);
    Reply r;
    r.status = static_cast<int>(res.getStatus());
    r.body = json::parse(out, nullptr, false);
    return r;
  }

  // Pushes kPeople users to A: p0 is everyone's manager, p1 is inactive; a group of p0, p2, p3.
  void pushPeople() {
    for (int i = 0; i < kPeople; ++i) {
      json user = {
          {"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User", kEnterprise}},
          {"userName", "person" + std::to_string(i)},
          {"displayName", "Person " + std::to_string(i)},
          {"active", i != 1},
          {"emails", {{{"value", "p" + std::to_string(i) + "@example.com"}, {"type", "work"}}}},
          {kEnterprise, {{"department", "Dept " + std::to_string(i % 3)}}}};
      if (i > 0) user[kEnterprise]["manager"] = {{"value", ids_[0]}};
      const Reply r = scim("POST", "/Users", user);
      ASSERT_EQ(r.status, 201) << r.body.dump();
      ids_.push_back(r.body.at("id").get<std::string>());
    }
    const Reply g =
        scim("POST", "/Groups",
             {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}},
              {"displayName", "Pulled Group"},
              {"members", {{{"value", ids_[0]}}, {{"value", ids_[2]}}, {{"value", ids_[3]}}}}});
    ASSERT_EQ(g.status, 201) << g.body.dump();
    groupId_ = g.body.at("id").get<std::string>();
  }

  tandem::testing::CliRun sync(const std::string& extra = "", const std::string& tokenFile = "") {
    return runTandemShell(cli("sync scim --url " + server_->baseUrl() + "/scim/v2 --token-file '" +
                              (tokenFile.empty() ? tokenFile_ : tokenFile) +
                              "' --json --data-dir '" + dataB_ + "' " + extra),
                          "");
  }

  int64_t countB(const std::string& sql) {
    SQLite::Database db(dataB_ + "/tandem.db", SQLite::OPEN_READONLY);
    SQLite::Statement q(db, sql);
    if (!q.executeStep()) return -1;
    return q.getColumn(0).getInt64();
  }

  fs::path dir_;
  std::string dataA_, dataB_, tokenFile_, token_, groupId_;
  std::vector<std::string> ids_;
  std::unique_ptr<TandemServer> server_;
};

TEST_F(ScimClientSyncTest, PullsDeactivatesAndGuardsAgainstTheOwnProvider) {
  ASSERT_NO_FATAL_FAILURE(startProvider());
  ASSERT_NO_FATAL_FAILURE(pushPeople());

  // First run: everyone added, the manager joined, the group with its members.
  auto first = sync();
  ASSERT_EQ(first.exitCode, 0) << first.out;
  json r = json::parse(first.out, nullptr, false);
  ASSERT_TRUE(r.is_object()) << first.out;
  EXPECT_EQ(r.value("added", -1), kPeople) << r.dump();
  EXPECT_EQ(r.value("deactivated", -1), 0);
  EXPECT_EQ(r.value("groups", -1), 1) << r.dump();
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim_client'"), kPeople);
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim'"), 0);
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim_client' AND active = 1"),
            kPeople - 1);
  EXPECT_EQ(countB("SELECT count(*) FROM employees e JOIN employees m ON e.manager_id = m.id "
                   "WHERE m.external_id = '" +
                   ids_[0] + "'"),
            kPeople - 1);
  EXPECT_EQ(countB("SELECT count(*) FROM group_members gm JOIN groups g ON g.id = gm.group_id "
                   "WHERE g.external_id = '" +
                   groupId_ + "' AND g.name = 'Pulled Group'"),
            3);
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE user_name = 'person5' AND "
                   "email = 'p5@example.com' AND department = 'Dept 2'"),
            1);

  // Second run: nothing changed.
  auto second = sync();
  ASSERT_EQ(second.exitCode, 0) << second.out;
  r = json::parse(second.out, nullptr, false);
  EXPECT_EQ(r.value("added", -1), 0) << r.dump();
  EXPECT_EQ(r.value("updated", -1), 0) << r.dump();
  EXPECT_EQ(r.value("unchanged", -1), kPeople) << r.dump();

  // One active person deleted at A: deactivated at B (1 of 11 active, under the guard).
  ASSERT_EQ(scim("DELETE", "/Users/" + ids_[11]).status, 204);
  auto third = sync();
  ASSERT_EQ(third.exitCode, 0) << third.out;
  r = json::parse(third.out, nullptr, false);
  EXPECT_EQ(r.value("deactivated", -1), 1) << r.dump();
  EXPECT_EQ(countB("SELECT active FROM employees WHERE external_id = '" + ids_[11] + "'"), 0);

  // A refused token: exit 1 naming 401, never the token, nobody deactivated.
  ASSERT_EQ(scim("DELETE", "/Users/" + ids_[10]).status, 204);
  const std::string wrong = (dir_ / "wrong.token").string();
  std::ofstream(wrong) << "tdm_scim_0123456789abcdef_WRONGwrongWRONGwrongWRONGwrongWRONG-_0123\n";
  auto refused = sync("2>&1", wrong);
  EXPECT_EQ(refused.exitCode, 1) << refused.out;
  EXPECT_NE(refused.out.find("401"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("127.0.0.1"), std::string::npos) << refused.out;
  EXPECT_EQ(refused.out.find("WRONGwrong"), std::string::npos) << refused.out;
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim_client' AND active = 1"),
            kPeople - 2);

  // Most people deleted at A: the deletion guard keeps them (a warning, nobody deactivated)...
  for (int i = 2; i < 10; ++i)
    ASSERT_EQ(scim("DELETE", "/Users/" + ids_[static_cast<size_t>(i)]).status, 204);
  auto guarded = sync();
  ASSERT_EQ(guarded.exitCode, 0) << guarded.out;
  r = json::parse(guarded.out, nullptr, false);
  EXPECT_EQ(r.value("deactivated", -1), 0) << r.dump();
  EXPECT_NE(r.dump().find("deletion guard"), std::string::npos) << r.dump();
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim_client' AND active = 1"),
            kPeople - 2);
  // ... until --force.
  auto forced = sync("--force");
  ASSERT_EQ(forced.exitCode, 0) << forced.out;
  r = json::parse(forced.out, nullptr, false);
  EXPECT_EQ(r.value("deactivated", -1), 9) << r.dump();  // ids 2..10
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim_client' AND active = 1"),
            1);
  // Deactivated, never deleted.
  EXPECT_EQ(countB("SELECT count(*) FROM employees WHERE source = 'scim_client'"), kPeople);
}

TEST_F(ScimClientSyncTest, AnUnreachableServerFailsWithoutWritingAnything) {
  std::ofstream(tokenFile_) << "tdm_scim_whatever\n";
  const uint16_t port = tandem::testing::freeLoopbackPort();
  auto run = runTandemShell(
      cli("sync scim --url http://127.0.0.1:" + std::to_string(port) + "/scim/v2 --token-file '" +
          tokenFile_ + "' --json --data-dir '" + dataB_ + "'"),
      "");
  EXPECT_EQ(run.exitCode, 1) << run.out;
  const json r = json::parse(run.out, nullptr, false);
  ASSERT_TRUE(r.is_object()) << run.out;
  EXPECT_EQ(r["error"].value("code", ""), "unavailable") << run.out;
  EXPECT_EQ(run.out.find("tdm_scim_whatever"), std::string::npos);
}

TEST_F(ScimClientSyncTest, MissingUrlIsAClearFailure) {
  auto run = runTandemShell(cli("sync scim --json --data-dir '" + dataB_ + "'"), "");
  EXPECT_EQ(run.exitCode, 1) << run.out;
  EXPECT_NE(run.out.find("scim_client.url"), std::string::npos) << run.out;
}

}  // namespace
