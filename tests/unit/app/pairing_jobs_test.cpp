// The pairing jobs over a real SQLite file seeded with the demo organisation: a program's run is
// stored as a draft and replays to the same pairs, a dry run stores nothing, a re-run keeps
// approved pairs and supersedes the draft, and an instance file is solved without the store.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "app/plugin_app.h"
#include "pairing/match.h"
#include "storage/sqlite_store.h"
#include "support/test_app.h"

namespace tandem::app {
namespace {

using nlohmann::json;

class PairingJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-pairing-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = storage::openSqliteStore({(dir_ / "t.db").string()});
    ASSERT_TRUE(store.isOk()) << store.status().toString();
    app_ = PluginApp::createWithStore(host_, std::move(store).value());
    ASSERT_TRUE(app_->enable().isOk());
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Seeds the 600-person demo company and creates a program; returns its id.
  int64_t seedProgram() {
    auto seeded = app_->runJob("demo_seed", {{"employees", 600}, {"seed", 42}}, nullptr);
    EXPECT_TRUE(seeded.isOk()) << seeded.status().toString();
    http::Request r;
    r.method = "POST";
    r.path = "/api/v1/programs";
    r.body = R"({"name":"Cohort 2027","startsOn":"2027-01-10","endsOn":"2027-07-10"})";
    http::Identity hr;
    hr.userId = "hr";
    hr.roles = http::kRoleHrAdmin;
    auto created = app_->handle(r, hr);
    EXPECT_EQ(created.status, 201) << created.body;
    return json::parse(created.body).at("id").get<int64_t>();
  }

  // A second connection to the same file, as another process would see it.
  std::unique_ptr<storage::StoreSession> inspect() {
    auto store = storage::openSqliteStore({(dir_ / "t.db").string()});
    EXPECT_TRUE(store.isOk());
    inspectStore_ = std::move(store).value();
    return std::move(inspectStore_->session()).value();
  }

  std::shared_ptr<testing::FakeHost> host_ = std::make_shared<testing::FakeHost>();
  std::unique_ptr<PluginApp> app_;
  std::unique_ptr<storage::Store> inspectStore_;
  std::filesystem::path dir_;
};

TEST_F(PairingJobs, AProgramRunIsStoredAsADraftAndReplaysToTheSamePairs) {
  const int64_t program = seedProgram();
  auto run = app_->runJob("pair_program", {{"program", program}}, nullptr);
  ASSERT_TRUE(run.isOk()) << run.status().toString();
  const int64_t runId = (*run)["run"].get<int64_t>();
  EXPECT_GT(runId, 0);
  ASSERT_FALSE((*run)["pairs"].empty()) << run->dump();
  EXPECT_EQ((*run)["inputHash"].get<std::string>().size(), 64u);

  auto session = inspect();
  auto matches = session->pairing().runMatches(runId);
  ASSERT_TRUE(matches.isOk());
  EXPECT_EQ(matches->size(), (*run)["pairs"].size());
  std::set<int64_t> mentees;
  for (const auto& m : *matches) {
    EXPECT_EQ(m.status, pairing::MatchStatus::kProposed);
    EXPECT_NE(m.mentorId, m.menteeId);
    EXPECT_TRUE(mentees.insert(m.menteeId).second) << "mentee " << m.menteeId << " twice";
    EXPECT_GT(m.score, 0);
  }
  auto stored = session->pairing().findRun(runId);
  ASSERT_TRUE(stored.isOk() && stored->has_value());
  EXPECT_EQ((**stored).status, pairing::RunStatus::kDraft);
  EXPECT_EQ((**stored).inputHash, (*run)["inputHash"].get<std::string>());
  ASSERT_TRUE(run->contains("fairness")) << run->dump();
  EXPECT_TRUE((*run)["fairness"].contains("mentees"));
  EXPECT_TRUE((*run)["fairness"].contains("mentors"));
  EXPECT_NE((**stored).fairnessJson, "{}");
  EXPECT_EQ(json::parse((**stored).fairnessJson), (*run)["fairness"]);

  auto replay = app_->runJob("pair_replay", {{"run", runId}}, nullptr);
  ASSERT_TRUE(replay.isOk()) << replay.status().toString();
  EXPECT_TRUE((*replay)["identical"].get<bool>()) << replay->dump();
  EXPECT_TRUE((*replay)["inputHashMatches"].get<bool>());
  EXPECT_EQ((*replay)["differences"], 0);
  EXPECT_EQ((*replay)["storedObjective"], (*run)["objective"]);
}

// A bad byte from the directory in a name or a department made storing the run throw (the stored
// input was dumped strictly while the hash replaced it). The stored input now replaces invalid
// UTF-8 by U+FFFD as the hash does, and the run replays to the same hash.
TEST_F(PairingJobs, ARunWithInvalidUtf8InANameIsStoredAndReplaysWithTheSameHash) {
  const int64_t program = seedProgram();
  {
    auto session = inspect();
    auto people = session->pairingPool().participants();
    ASSERT_TRUE(people.isOk()) << people.status().toString();
    ASSERT_GE(people->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      auto found = session->employees().findById((*people)[i].id);
      ASSERT_TRUE(found.isOk() && found->has_value());
      directory::Employee e = **found;
      e.displayName = "Bad \xff\xc3( name \xf0\x9f";
      e.department += "\xe2\x82";
      ASSERT_TRUE(session->employees().upsert(e).isOk());
    }
  }
  auto run = app_->runJob("pair_program", {{"program", program}}, nullptr);
  ASSERT_TRUE(run.isOk()) << run.status().toString();
  const int64_t runId = (*run)["run"].get<int64_t>();

  auto session = inspect();
  auto stored = session->pairing().findRun(runId);
  ASSERT_TRUE(stored.isOk() && stored->has_value());
  const std::string& input = (**stored).inputJson;
  EXPECT_NE(input.find("\"Bad \xEF\xBF\xBD\xEF\xBF\xBD( name \xEF\xBF\xBD\""), std::string::npos);
  EXPECT_FALSE(json::parse(input, nullptr, /*allow_exceptions=*/false).is_discarded());
  EXPECT_FALSE(json::parse((**stored).resultJson, nullptr, false).is_discarded());
  EXPECT_EQ((**stored).inputHash, (*run)["inputHash"].get<std::string>());

  auto replay = app_->runJob("pair_replay", {{"run", runId}}, nullptr);
  ASSERT_TRUE(replay.isOk()) << replay.status().toString();
  EXPECT_TRUE((*replay)["inputHashMatches"].get<bool>());
  EXPECT_TRUE((*replay)["identical"].get<bool>());
}

TEST_F(PairingJobs, ADryRunStoresNothing) {
  const int64_t program = seedProgram();
  auto run = app_->runJob("pair_program", {{"program", program}, {"dryRun", true}}, nullptr);
  ASSERT_TRUE(run.isOk()) << run.status().toString();
  EXPECT_FALSE(run->contains("run"));
  EXPECT_FALSE((*run)["pairs"].empty());
  auto session = inspect();
  auto runs = session->pairing().listRuns(program);
  ASSERT_TRUE(runs.isOk());
  EXPECT_TRUE(runs->empty());
  auto matches = session->pairing().listMatches(program, std::nullopt);
  ASSERT_TRUE(matches.isOk());
  EXPECT_TRUE(matches->empty());
}

TEST_F(PairingJobs, AReRunKeepsApprovedPairsAndSupersedesTheDraft) {
  const int64_t program = seedProgram();
  auto first = app_->runJob("pair_program", {{"program", program}}, nullptr);
  ASSERT_TRUE(first.isOk()) << first.status().toString();
  const int64_t firstRun = (*first)["run"].get<int64_t>();
  auto session = inspect();
  auto matches = session->pairing().runMatches(firstRun);
  ASSERT_TRUE(matches.isOk());
  ASSERT_GE(matches->size(), 2u);
  const pairing::Match approved = matches->front();
  ASSERT_TRUE(session->pairing()
                  .transition(approved.id, pairing::MatchStatus::kProposed,
                              pairing::MatchStatus::kApproved, "hr", "")
                  .isOk());

  auto second = app_->runJob("pair_program", {{"program", program}}, nullptr);
  ASSERT_TRUE(second.isOk()) << second.status().toString();
  const int64_t secondRun = (*second)["run"].get<int64_t>();
  EXPECT_NE(secondRun, firstRun);

  auto oldRun = session->pairing().findRun(firstRun);
  ASSERT_TRUE(oldRun.isOk() && oldRun->has_value());
  EXPECT_EQ((**oldRun).status, pairing::RunStatus::kSuperseded);
  auto kept = session->pairing().findMatch(approved.id);
  ASSERT_TRUE(kept.isOk() && kept->has_value());
  EXPECT_EQ((**kept).status, pairing::MatchStatus::kApproved);
  auto other = session->pairing().findMatch((*matches)[1].id);
  ASSERT_TRUE(other.isOk() && other->has_value());
  EXPECT_EQ((**other).status, pairing::MatchStatus::kClosed);

  bool found = false;
  for (const auto& p : (*second)["pairs"]) {
    if (p["mentorId"] == approved.mentorId && p["menteeId"] == approved.menteeId) {
      EXPECT_EQ(p["origin"], "kept");
      found = true;
    }
  }
  EXPECT_TRUE(found) << "the approved pair is not in the re-run";
  // The kept pair's match is not duplicated: the new run stores only its new pairs.
  auto newMatches = session->pairing().runMatches(secondRun);
  ASSERT_TRUE(newMatches.isOk());
  EXPECT_EQ(newMatches->size() + 1, (*second)["pairs"].size());
}

TEST_F(PairingJobs, AProgramWithARunIsClosedNotDeleted) {
  const int64_t program = seedProgram();
  ASSERT_TRUE(app_->runJob("pair_program", {{"program", program}}, nullptr).isOk());
  http::Request r;
  r.method = "DELETE";
  r.path = "/api/v1/programs/" + std::to_string(program);
  http::Identity hr;
  hr.userId = "hr";
  hr.roles = http::kRoleHrAdmin;
  auto refused = app_->handle(r, hr);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("close it instead"), std::string::npos) << refused.body;
}

TEST_F(PairingJobs, BadArgumentsAndUnknownProgramsAreRefused) {
  EXPECT_EQ(app_->runJob("pair_program", {{"program", 999}}, nullptr).status().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(app_->runJob("pair_program", {{"program", "x"}}, nullptr).status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(app_->runJob("pair_program", {{"program", 1}, {"dryRun", "yes"}}, nullptr)
                .status()
                .code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(app_->runJob("pair_replay", {{"run", 5}}, nullptr).status().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(app_->runJob("pair_instance", json::object(), nullptr).status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_EQ(app_->runJob("pair_instance", {{"file", (dir_ / "missing.json").string()}}, nullptr)
                .status()
                .code(),
            core::StatusCode::kNotFound);
}

TEST_F(PairingJobs, AnInstanceFileIsSolvedAndItsGraphDumped) {
  const std::string instance = R"({
    "referenceDate": "2027-01-10",
    "skills": [{"id": 1, "kind": "digital", "slug": "data-analysis", "name": "Data analysis"},
               {"id": 2, "kind": "business", "slug": "negotiation", "name": "Negotiation"}],
    "participants": [
      {"id": 10, "name": "Ana", "department": "IT", "level": 2, "role": "mentor", "capacity": 1,
       "languages": ["en"], "skills": [{"skill": 1, "direction": "teach", "level": 5}]},
      {"id": 11, "name": "Ben", "department": "Ops", "level": 3, "role": "mentor", "capacity": 1,
       "languages": ["en"], "skills": [{"skill": 1, "direction": "teach", "level": 3}]},
      {"id": 20, "name": "Marc", "department": "Sales", "level": 9, "role": "mentee",
       "languages": ["en"], "skills": [{"skill": 1, "direction": "learn", "level": 1}]},
      {"id": 21, "name": "Eva", "department": "Finance", "level": 8, "role": "mentee",
       "languages": ["en"], "skills": [{"skill": 1, "direction": "learn", "level": 1}]}
    ]
  })";
  const auto file = dir_ / "instance.json";
  std::ofstream(file) << instance;
  const auto graph = dir_ / "graph";
  auto r = app_->runJob("pair_instance", {{"file", file.string()}, {"dumpGraph", graph.string()}},
                        nullptr);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ((*r)["pairs"].size(), 2u) << r->dump();
  for (const char* name : {"edges.csv", "capacities.csv", "pairs.csv"}) {
    std::ifstream in(graph / name);
    std::string header;
    ASSERT_TRUE(std::getline(in, header)) << name;
    EXPECT_EQ(header.find("mentor_id"), 0u) << name;
  }
  std::ofstream(file) << R"({"participants": [{"id": 1, "age": 30}]})";
  auto bad = app_->runJob("pair_instance", {{"file", file.string()}}, nullptr);
  EXPECT_EQ(bad.status().code(), core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tandem::app
