// The pairing HTTP API over a real SQLite file seeded with the 600-person demo organisation:
// HR runs a program, reviews the draft (approve, pin, block, swap), publishes; people see their
// proposals with reasons, accept or decline with a reason (a decline frees both and offers the
// mentee a rematch); shortlist mode (top 5, request, decline passes to the next choice, expiry,
// accept makes the pair). Bad input gets clear errors and changes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "app/plugin_app.h"
#include "pairing/match.h"
#include "storage/sqlite_store.h"
#include "workflow/shortlist.h"
#include "support/test_app.h"

namespace tandem::app {
namespace {

using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
  std::string raw;
};

class PairingApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-pairing-api-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = storage::openSqliteStore({db()});
    ASSERT_TRUE(store.isOk()) << store.status().toString();
    app_ = PluginApp::createWithStore(host_, std::move(store).value());
    ASSERT_TRUE(app_->enable().isOk());
    auto seeded = app_->runJob("demo_seed", {{"employees", 600}, {"seed", 42}}, nullptr);
    ASSERT_TRUE(seeded.isOk()) << seeded.status().toString();
    auto inspectStore = storage::openSqliteStore({db()});
    ASSERT_TRUE(inspectStore.isOk());
    inspectStore_ = std::move(inspectStore).value();
    session_ = std::move(inspectStore_->session()).value();
  }
  void TearDown() override {
    session_.reset();
    inspectStore_.reset();
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string db() const { return (dir_ / "t.db").string(); }

  Reply call(const std::string& method, const std::string& path, const std::string& body,
             const std::string& user, uint32_t roles) {
    http::Request r;
    r.method = method;
    const auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) r.query = path.substr(q + 1);
    r.body = body;
    http::Identity who;
    who.userId = user;
    who.roles = roles;
    auto res = app_->handle(r, who);
    Reply out{res.status, json(), res.body};
    if (!res.body.empty()) out.body = json::parse(res.body, nullptr, false);
    return out;
  }
  Reply hr(const std::string& method, const std::string& path, const std::string& body = "{}") {
    return call(method, path, body, "hr", http::kRoleHrAdmin);
  }
  // The employee with this id, calling as themselves.
  Reply as(int64_t employeeId, const std::string& method, const std::string& path,
           const std::string& body = "{}") {
    return call(method, path, body, userName(employeeId), http::kRoleEmployee);
  }
  std::string userName(int64_t employeeId) {
    auto e = session_->employees().findById(employeeId);
    EXPECT_TRUE(e.isOk() && e->has_value()) << employeeId;
    return (*e)->userName;
  }

  int64_t createProgram(const std::string& settings = "{}") {
    auto r = hr("POST", "/api/v1/programs",
                R"({"name":"Cohort 2027","startsOn":"2027-01-10","endsOn":"2027-07-10",)"
                R"("status":"open","settings":)" + settings + "}");
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.at("id").get<int64_t>();
  }
  std::string programPath(int64_t program) {
    return "/api/v1/programs/" + std::to_string(program);
  }
  // Runs the program and returns the run's detail.
  json runAndRead(int64_t program) {
    auto run = hr("POST", programPath(program) + "/runs");
    EXPECT_EQ(run.status, 201) << run.raw;
    auto detail = hr("GET", programPath(program) + "/runs/" + std::to_string(run.body["id"].get<int64_t>()));
    EXPECT_EQ(detail.status, 200) << detail.raw;
    return detail.body;
  }
  // A shortlist program in which the first mentee of a dry run has asked their best mentor.
  struct SentRequest {
    int64_t program = 0;
    int64_t mentee = 0;
    int64_t mentor = 0;
    json request;
  };
  SentRequest sendFirstRequest() {
    SentRequest out;
    out.program = createProgram(R"({"mode":"shortlist"})");
    auto dry = hr("POST", programPath(out.program) + "/runs", R"({"dryRun":true})");
    out.mentee = dry.body["result"]["pairs"][0]["menteeId"].get<int64_t>();
    const std::string me = "/api/v1/me/programs/" + std::to_string(out.program);
    auto list = as(out.mentee, "GET", me + "/shortlist");
    out.mentor = list.body["mentors"][0]["mentor"]["id"].get<int64_t>();
    auto sent = as(out.mentee, "POST", me + "/requests", json{{"mentorId", out.mentor}}.dump());
    EXPECT_EQ(sent.status, 201) << sent.raw;
    out.request = sent.body;
    return out;
  }

  pairing::Match match(int64_t id) {
    auto m = session_->pairing().findMatch(id);
    EXPECT_TRUE(m.isOk() && m->has_value()) << id;
    return **m;
  }

  std::shared_ptr<testing::FakeHost> host_ = std::make_shared<testing::FakeHost>();
  std::unique_ptr<PluginApp> app_;
  std::unique_ptr<storage::Store> inspectStore_;
  std::unique_ptr<storage::StoreSession> session_;
  std::filesystem::path dir_;
};

TEST_F(PairingApi, HrRunsReviewsAndPublishesThenBothPeopleAccept) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  EXPECT_EQ(run["status"], "draft");
  ASSERT_GE(run["matches"].size(), 3u) << run.dump();
  for (const auto& m : run["matches"]) {
    EXPECT_EQ(m["status"], "proposed");
    EXPECT_FALSE(m["mentor"]["displayName"].get<std::string>().empty());
    EXPECT_FALSE(m["mentee"]["displayName"].get<std::string>().empty());
    ASSERT_EQ(m["parts"].size(), 6u) << m.dump();
    for (const auto& part : m["parts"]) EXPECT_FALSE(part["reason"].get<std::string>().empty());
  }
  // The demo has more mentors than mentees: some mentors stay unmatched, each with a reason.
  ASSERT_FALSE(run["unmatched"].empty());
  for (const auto& u : run["unmatched"]) {
    EXPECT_FALSE(u["reason"].get<std::string>().empty()) << u.dump();
    EXPECT_FALSE(u["code"].get<std::string>().empty());
  }
  EXPECT_TRUE(run["fairness"].contains("mentees"));
  const int64_t runId = run["id"].get<int64_t>();
  const std::string base = programPath(program);

  const int64_t first = run["matches"][0]["id"].get<int64_t>();
  EXPECT_EQ(hr("POST", base + "/matches/" + std::to_string(first) + "/approve").status, 200);
  EXPECT_EQ(match(first).status, pairing::MatchStatus::kApproved);
  auto again = hr("POST", base + "/matches/" + std::to_string(first) + "/approve");
  EXPECT_EQ(again.status, 409) << again.raw;  // already approved
  EXPECT_EQ(hr("POST", base + "/matches/" + std::to_string(first) + "/unapprove").status, 200);
  EXPECT_EQ(hr("POST", base + "/matches/" + std::to_string(first) + "/approve").status, 200);

  // Nobody sees a pair before it is published.
  const pairing::Match m = match(first);
  EXPECT_TRUE(as(m.menteeId, "GET", "/api/v1/me/matches").body["items"].empty());
  EXPECT_EQ(as(m.menteeId, "POST", "/api/v1/me/matches/" + std::to_string(first) + "/accept").status,
            404);

  // Publishing with pairs still proposed is refused, and changes nothing.
  auto refused = hr("POST", base + "/runs/" + std::to_string(runId) + "/publish");
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_NE(refused.raw.find("still proposed"), std::string::npos);
  EXPECT_EQ(match(first).status, pairing::MatchStatus::kApproved);
  auto published = hr("POST", base + "/runs/" + std::to_string(runId) + "/publish",
                      R"({"approveAll":true})");
  ASSERT_EQ(published.status, 200) << published.raw;
  EXPECT_EQ(published.body["published"].get<size_t>(), run["matches"].size());
  EXPECT_EQ(published.body["approved"].get<size_t>(), run["matches"].size() - 1);
  EXPECT_EQ(hr("POST", base + "/runs/" + std::to_string(runId) + "/publish").status, 409);

  // The mentee sees the proposal with the reasons, then both accept.
  auto mine = as(m.menteeId, "GET", "/api/v1/me/matches");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body["items"].size(), 1u) << mine.raw;
  const json& proposal = mine.body["items"][0];
  EXPECT_EQ(proposal["role"], "mentee");
  EXPECT_EQ(proposal["partner"]["id"], m.mentorId);
  EXPECT_FALSE(proposal["partner"].contains("level"));
  EXPECT_EQ(proposal["parts"].size(), 6u);
  EXPECT_EQ(proposal["programName"], "Cohort 2027");
  auto accepted = as(m.menteeId, "POST", "/api/v1/me/matches/" + std::to_string(first) + "/accept");
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(accepted.body["match"]["status"], "published");  // the mentor has not answered yet
  EXPECT_EQ(accepted.body["match"]["myResponse"], "accepted");
  EXPECT_EQ(accepted.body["match"]["programName"], "Cohort 2027");
  accepted = as(m.mentorId, "POST", "/api/v1/me/matches/" + std::to_string(first) + "/accept");
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(accepted.body["match"]["status"], "accepted");
  EXPECT_EQ(match(first).status, pairing::MatchStatus::kAccepted);

  // Someone else cannot see or answer it.
  const int64_t other = run["matches"][1]["mentee"]["id"].get<int64_t>();
  EXPECT_EQ(as(other, "POST", "/api/v1/me/matches/" + std::to_string(first) + "/decline",
               R"({"reason":"no"})").status, 404);
  EXPECT_EQ(match(first).status, pairing::MatchStatus::kAccepted);

  auto runs = hr("GET", base + "/runs");
  ASSERT_EQ(runs.body["items"].size(), 1u);
  EXPECT_EQ(runs.body["items"][0]["status"], "published");
  auto replay = hr("POST", base + "/runs/" + std::to_string(runId) + "/replay");
  ASSERT_EQ(replay.status, 200) << replay.raw;
  EXPECT_TRUE(replay.body["identical"].get<bool>());
  auto events = hr("GET", base + "/matches/" + std::to_string(first) + "/events");
  ASSERT_EQ(events.status, 200);
  EXPECT_GE(events.body["items"].size(), 5u) << events.raw;  // proposed..accepted
}

TEST_F(PairingApi, ADeclineNeedsAReasonFreesBothAndOffersTheMenteeARematch) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  const std::string base = programPath(program);
  ASSERT_EQ(hr("POST", base + "/runs/" + std::to_string(run["id"].get<int64_t>()) + "/publish",
               R"({"approveAll":true})").status, 200);
  const int64_t id = run["matches"][0]["id"].get<int64_t>();
  const pairing::Match m = match(id);
  const std::string path = "/api/v1/me/matches/" + std::to_string(id) + "/decline";

  EXPECT_EQ(as(m.mentorId, "POST", path, "{}").status, 400);
  EXPECT_EQ(as(m.mentorId, "POST", path, R"({"reason":"   "})").status, 400);
  EXPECT_EQ(as(m.mentorId, "POST", path, R"({"reason":)" + json(std::string(501, 'x')).dump() + "}")
                .status, 400);
  EXPECT_EQ(as(m.mentorId, "POST", path, "not json").status, 400);
  EXPECT_EQ(match(id).status, pairing::MatchStatus::kPublished);

  auto declined = as(m.mentorId, "POST", path, R"({"reason":"I am on leave until June"})");
  ASSERT_EQ(declined.status, 200) << declined.raw;
  EXPECT_EQ(declined.body["match"]["status"], "declined");
  EXPECT_EQ(declined.body["match"]["declineReason"], "I am on leave until June");
  EXPECT_TRUE(declined.body["rematchOffered"].get<bool>()) << declined.raw;
  EXPECT_TRUE(declined.body["rematch"].is_null());  // the mentor does not see the mentee's rematch

  // The mentee now has a new proposal, from another mentor, published and explained.
  auto mine = as(m.menteeId, "GET", "/api/v1/me/matches");
  ASSERT_EQ(mine.body["items"].size(), 2u) << mine.raw;
  const json* rematch = nullptr;
  for (const auto& item : mine.body["items"]) {
    if (item["origin"] == "rematch") rematch = &item;
  }
  ASSERT_NE(rematch, nullptr) << mine.raw;
  EXPECT_EQ((*rematch)["status"], "published");
  EXPECT_NE((*rematch)["partner"]["id"], m.mentorId);
  EXPECT_EQ((*rematch)["parts"].size(), 6u);
  // Answering a declined match again is refused.
  EXPECT_EQ(as(m.menteeId, "POST", "/api/v1/me/matches/" + std::to_string(id) + "/accept").status,
            409);
}

TEST_F(PairingApi, BlockAndPinHoldOnTheNextRun) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  const std::string base = programPath(program);
  ASSERT_GE(run["matches"].size(), 2u);
  const int64_t blocked = run["matches"][0]["id"].get<int64_t>();
  const int64_t pinned = run["matches"][1]["id"].get<int64_t>();
  const pairing::Match b = match(blocked);
  const pairing::Match p = match(pinned);

  auto r = hr("POST", base + "/matches/" + std::to_string(blocked) + "/block",
              R"({"note":"they work on the same audit"})");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "closed");
  EXPECT_EQ(r.body["closedReason"], "blocked by HR");
  r = hr("POST", base + "/matches/" + std::to_string(pinned) + "/pin");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "approved");
  EXPECT_EQ(hr("GET", base + "/blocks").body["items"].size(), 1u);
  EXPECT_EQ(hr("GET", base + "/pins").body["items"].size(), 1u);
  // A pair cannot be pinned once blocked.
  auto conflict = hr("POST", base + "/pins",
                     json{{"mentorId", b.mentorId}, {"menteeId", b.menteeId}}.dump());
  EXPECT_EQ(conflict.status, 409) << conflict.raw;

  const json second = runAndRead(program);
  bool pinKept = false;
  for (const auto& m : second["matches"]) {
    EXPECT_FALSE(m["mentor"]["id"] == b.mentorId && m["mentee"]["id"] == b.menteeId)
        << "the blocked pair came back";
    if (m["mentor"]["id"] == p.mentorId && m["mentee"]["id"] == p.menteeId) pinKept = true;
  }
  EXPECT_TRUE(pinKept) << second.dump();

  EXPECT_EQ(hr("DELETE", base + "/blocks/" + std::to_string(b.mentorId) + "/" +
                             std::to_string(b.menteeId)).status, 204);
  EXPECT_EQ(hr("DELETE", base + "/blocks/" + std::to_string(b.mentorId) + "/" +
                             std::to_string(b.menteeId)).status, 404);
  EXPECT_EQ(hr("GET", base + "/blocks").body["items"].size(), 0u);
}

TEST_F(PairingApi, ASwapExchangesMenteesUnderTheHardConstraints) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  const std::string base = programPath(program);
  const auto& matches = run["matches"];
  ASSERT_GE(matches.size(), 4u);
  EXPECT_EQ(hr("POST", base + "/swap", R"({"matches":[1]})").status, 400);
  const int64_t a0 = matches[0]["id"].get<int64_t>();
  EXPECT_EQ(hr("POST", base + "/swap", json{{"matches", {a0, a0}}}.dump()).status, 400);
  EXPECT_EQ(hr("POST", base + "/swap", json{{"matches", {a0, 99999}}}.dump()).status, 404);

  // Try pairs of matches until one swap passes every constraint (the demo's level gaps refuse
  // some); each refusal must leave both matches as they were.
  bool swapped = false;
  for (size_t i = 0; i + 1 < matches.size() && !swapped; ++i) {
    for (size_t j = i + 1; j < matches.size() && !swapped; ++j) {
      const int64_t a = matches[i]["id"].get<int64_t>();
      const int64_t b = matches[j]["id"].get<int64_t>();
      auto r = hr("POST", base + "/swap", json{{"matches", {a, b}}}.dump());
      if (r.status == 409) {
        EXPECT_EQ(match(a).status, pairing::MatchStatus::kProposed) << r.raw;
        EXPECT_EQ(match(b).status, pairing::MatchStatus::kProposed);
        continue;
      }
      ASSERT_EQ(r.status, 200) << r.raw;
      swapped = true;
      ASSERT_EQ(r.body["items"].size(), 2u);
      EXPECT_EQ(r.body["items"][0]["origin"], "swap");
      EXPECT_EQ(r.body["items"][0]["status"], "approved");
      EXPECT_EQ(r.body["items"][0]["mentor"]["id"], matches[i]["mentor"]["id"]);
      EXPECT_EQ(r.body["items"][0]["mentee"]["id"], matches[j]["mentee"]["id"]);
      EXPECT_EQ(r.body["items"][1]["mentor"]["id"], matches[j]["mentor"]["id"]);
      EXPECT_EQ(r.body["items"][1]["mentee"]["id"], matches[i]["mentee"]["id"]);
      EXPECT_EQ(match(a).status, pairing::MatchStatus::kClosed);
      EXPECT_EQ(match(a).closedReason, "swapped by HR");
      EXPECT_EQ(r.body["items"][0]["runId"], run["id"]);  // they belong to the draft
    }
  }
  EXPECT_TRUE(swapped) << "no two pairs of the demo run could be swapped";
  // Published, the run still shows the swapped pairs.
  const int64_t runId = run["id"].get<int64_t>();
  ASSERT_EQ(hr("POST", base + "/runs/" + std::to_string(runId) + "/publish",
               R"({"approveAll":true})").status, 200);
  auto after = hr("GET", base + "/runs/" + std::to_string(runId));
  int swaps = 0;
  for (const auto& m : after.body["matches"]) {
    if (m["origin"] == "swap") {
      ++swaps;
      EXPECT_EQ(m["status"], "published");
    }
  }
  EXPECT_EQ(swaps, 2) << after.raw;
}

TEST_F(PairingApi, BadRequestsAreRefusedClearly) {
  const int64_t program = createProgram();
  const std::string base = programPath(program);
  EXPECT_EQ(hr("POST", base + "/runs", R"({"dryRun":"yes"})").status, 400);
  EXPECT_EQ(hr("POST", base + "/runs", "[1]").status, 400);
  EXPECT_EQ(hr("POST", "/api/v1/programs/99999/runs").status, 404);
  EXPECT_EQ(hr("GET", base + "/runs/12345").status, 404);
  EXPECT_EQ(hr("GET", base + "/matches?status=maybe").status, 400);
  EXPECT_EQ(hr("POST", base + "/pins", R"({"mentorId":"x","menteeId":2})").status, 400);
  EXPECT_EQ(hr("POST", base + "/pins", R"({"mentorId":1,"menteeId":1})").status, 400);
  auto dry = hr("POST", base + "/runs", R"({"dryRun":true})");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  EXPECT_FALSE(dry.body["result"]["pairs"].empty());
  EXPECT_TRUE(hr("GET", base + "/runs").body["items"].empty());
  // A cohort program has no shortlist.
  const json run = runAndRead(program);
  const int64_t mentee = run["matches"][0]["mentee"]["id"].get<int64_t>();
  EXPECT_EQ(as(mentee, "GET", "/api/v1/me/programs/" + std::to_string(program) + "/shortlist")
                .status, 409);
  // A run of another program is not found under this one.
  const int64_t other = createProgram();
  EXPECT_EQ(hr("GET", programPath(other) + "/runs/" + std::to_string(run["id"].get<int64_t>()))
                .status, 404);
  EXPECT_EQ(hr("POST", programPath(other) + "/matches/" +
                           std::to_string(run["matches"][0]["id"].get<int64_t>()) + "/approve")
                .status, 404);
}

TEST_F(PairingApi, ShortlistModeRequestsPassToTheNextChoiceAndAnAcceptMakesThePair) {
  const int64_t program = createProgram(R"({"mode":"shortlist","shortlistResponseHours":48})");
  const std::string base = programPath(program);
  auto refused = hr("POST", base + "/runs");
  EXPECT_EQ(refused.status, 409) << refused.raw;  // mentees choose in this mode
  auto dry = hr("POST", base + "/runs", R"({"dryRun":true})");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  const int64_t mentee = dry.body["result"]["pairs"][0]["menteeId"].get<int64_t>();
  const std::string me = "/api/v1/me/programs/" + std::to_string(program);

  auto programs = as(mentee, "GET", "/api/v1/me/programs");
  ASSERT_EQ(programs.status, 200);
  ASSERT_EQ(programs.body["items"].size(), 1u);
  EXPECT_EQ(programs.body["items"][0]["mode"], "shortlist");

  auto list = as(mentee, "GET", me + "/shortlist");
  ASSERT_EQ(list.status, 200) << list.raw;
  const json mentors = list.body["mentors"];
  ASSERT_EQ(mentors.size(), 5u) << list.raw;
  for (size_t i = 0; i < mentors.size(); ++i) {
    EXPECT_EQ(mentors[i]["rank"], static_cast<int>(i) + 1);
    EXPECT_EQ(mentors[i]["parts"].size(), 6u);
    if (i > 0) {
      EXPECT_LE(mentors[i]["score"].get<double>(), mentors[i - 1]["score"].get<double>());
    }
  }
  EXPECT_EQ(list.body["responseHours"], 48);

  // Asking someone off the shortlist is refused; asking the second choice works, once.
  EXPECT_EQ(as(mentee, "POST", me + "/requests", json{{"mentorId", mentee}}.dump()).status, 409);
  const int64_t second = mentors[1]["mentor"]["id"].get<int64_t>();
  auto sent = as(mentee, "POST", me + "/requests", json{{"mentorId", second}}.dump());
  ASSERT_EQ(sent.status, 201) << sent.raw;
  EXPECT_EQ(sent.body["status"], "pending");
  EXPECT_EQ(sent.body["rank"], 2);
  EXPECT_EQ(as(mentee, "POST", me + "/requests",
               json{{"mentorId", mentors[0]["mentor"]["id"]}}.dump()).status, 409);

  // The mentor sees it and declines with a reason: it passes to the mentee's next choice.
  auto inbox = as(second, "GET", "/api/v1/me/requests");
  ASSERT_EQ(inbox.status, 200);
  ASSERT_EQ(inbox.body["items"].size(), 1u) << inbox.raw;
  EXPECT_EQ(inbox.body["items"][0]["mentee"]["id"], mentee);
  const int64_t requestId = inbox.body["items"][0]["id"].get<int64_t>();
  const std::string answer = "/api/v1/me/requests/" + std::to_string(requestId);
  EXPECT_EQ(as(second, "POST", answer + "/decline", "{}").status, 400);
  EXPECT_EQ(as(mentee, "POST", answer + "/accept").status, 404);  // not the mentee's to answer
  auto declined = as(second, "POST", answer + "/decline", R"({"reason":"my places are full"})");
  ASSERT_EQ(declined.status, 200) << declined.raw;
  EXPECT_EQ(declined.body["status"], "declined");

  list = as(mentee, "GET", me + "/shortlist");
  ASSERT_EQ(list.status, 200);
  json pending;
  for (const auto& r : list.body["requests"]) {
    if (r["status"] == "pending") pending = r;
  }
  ASSERT_FALSE(pending.is_null()) << "the decline did not pass to the next choice: " << list.raw;
  const int64_t next = pending["mentor"]["id"].get<int64_t>();
  EXPECT_NE(next, second);
  EXPECT_EQ(next, mentors[0]["mentor"]["id"].get<int64_t>());  // the best not yet asked
  for (const auto& m : list.body["mentors"]) EXPECT_NE(m["mentor"]["id"], second);

  // The time runs out: the request expires and passes on again.
  {
    SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE shortlist_requests SET expires_at = '2000-01-01T00:00:00Z' WHERE id = " +
             std::to_string(pending["id"].get<int64_t>()));
  }
  list = as(mentee, "GET", me + "/shortlist");
  ASSERT_EQ(list.status, 200);
  json third;
  for (const auto& r : list.body["requests"]) {
    if (r["id"] == pending["id"]) {
      EXPECT_EQ(r["status"], "expired");
    }
    if (r["status"] == "pending") third = r;
  }
  ASSERT_FALSE(third.is_null()) << list.raw;
  const int64_t thirdMentor = third["mentor"]["id"].get<int64_t>();
  EXPECT_NE(thirdMentor, next);
  EXPECT_NE(thirdMentor, second);

  // That mentor accepts: the pair is made, accepted on both sides.
  auto accepted = as(thirdMentor, "POST",
                     "/api/v1/me/requests/" + std::to_string(third["id"].get<int64_t>()) + "/accept");
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(accepted.body["status"], "accepted");
  const int64_t matchId = accepted.body["matchId"].get<int64_t>();
  EXPECT_EQ(match(matchId).status, pairing::MatchStatus::kAccepted);
  EXPECT_EQ(match(matchId).origin, pairing::MatchOrigin::kShortlist);
  list = as(mentee, "GET", me + "/shortlist");
  EXPECT_TRUE(list.body["matched"].get<bool>());
  EXPECT_TRUE(list.body["mentors"].empty());
  auto mine = as(mentee, "GET", "/api/v1/me/matches");
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["status"], "accepted");
}

TEST_F(PairingApi, AMenteeCanWithdrawARequest) {
  const SentRequest sent = sendFirstRequest();
  ASSERT_TRUE(sent.request.contains("id")) << sent.request.dump();
  const int64_t mentee = sent.mentee;
  const int64_t mentor = sent.mentor;
  const std::string path = "/api/v1/me/requests/" + std::to_string(sent.request["id"].get<int64_t>());
  EXPECT_EQ(as(mentor, "DELETE", path).status, 404);  // only the mentee withdraws
  EXPECT_EQ(as(mentee, "DELETE", path).status, 204);
  EXPECT_EQ(as(mentee, "DELETE", path).status, 409);
  EXPECT_EQ(as(mentor, "POST", path + "/accept").status, 409);
}


// Several requests of one program expire together: each passes to its mentee's next choice (the
// pool is read once for the batch; what each pass changes is read live).
TEST_F(PairingApi, RequestsExpiringTogetherEachPassToTheNextChoice) {
  const int64_t program = createProgram(R"({"mode":"shortlist"})");
  auto dry = hr("POST", programPath(program) + "/runs", R"({"dryRun":true})");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  const std::string me = "/api/v1/me/programs/" + std::to_string(program);
  std::map<int64_t, int64_t> firstAsked;  // mentee -> mentor
  for (const auto& pair : dry.body["result"]["pairs"]) {
    const int64_t mentee = pair["menteeId"].get<int64_t>();
    auto list = as(mentee, "GET", me + "/shortlist");
    ASSERT_EQ(list.status, 200) << list.raw;
    if (list.body["mentors"].size() < 2) continue;
    const int64_t mentor = list.body["mentors"][0]["mentor"]["id"].get<int64_t>();
    ASSERT_EQ(as(mentee, "POST", me + "/requests", json{{"mentorId", mentor}}.dump()).status, 201);
    firstAsked[mentee] = mentor;
    if (firstAsked.size() == 4) break;
  }
  ASSERT_EQ(firstAsked.size(), 4u);
  {
    SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE shortlist_requests SET expires_at = '2000-01-01T00:00:00Z'");
  }
  auto expired = workflow::expireRequests(*session_, "test");
  ASSERT_TRUE(expired.isOk()) << expired.status().toString();
  EXPECT_EQ(*expired, 4);
  for (const auto& [mentee, mentor] : firstAsked) {
    auto list = as(mentee, "GET", me + "/shortlist");
    ASSERT_EQ(list.status, 200) << list.raw;
    int pendingCount = 0;
    for (const auto& r : list.body["requests"]) {
      if (r["mentor"]["id"] == mentor) {
        EXPECT_EQ(r["status"], "expired") << list.raw;
      }
      if (r["status"] != "pending") continue;
      ++pendingCount;
      EXPECT_NE(r["mentor"]["id"], mentor);
    }
    EXPECT_EQ(pendingCount, 1) << "mentee " << mentee << ": " << list.raw;
  }
}

TEST_F(PairingApi, AReRunClosesAKeptPairWhoseMentorNowManagesTheMentee) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  const std::string base = programPath(program);
  const int64_t id = run["matches"][0]["id"].get<int64_t>();
  ASSERT_EQ(hr("POST", base + "/matches/" + std::to_string(id) + "/approve").status, 200);
  const pairing::Match m = match(id);
  {  // A reorganisation: the mentor becomes the mentee's manager.
    SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE employees SET manager_id = " + std::to_string(m.mentorId) +
             " WHERE id = " + std::to_string(m.menteeId));
  }
  auto rerun = hr("POST", base + "/runs");
  ASSERT_EQ(rerun.status, 201) << rerun.raw;
  EXPECT_EQ(rerun.body["closedInReportingChain"], 1);
  EXPECT_EQ(match(id).status, pairing::MatchStatus::kClosed);
  EXPECT_EQ(match(id).closedReason, "the mentor and the mentee are now in one reporting chain");
  auto detail = hr("GET", base + "/runs/" + std::to_string(rerun.body["id"].get<int64_t>()));
  for (const auto& p : detail.body["matches"]) {
    EXPECT_FALSE(p["mentor"]["id"] == m.mentorId && p["mentee"]["id"] == m.menteeId)
        << "a pair inside a reporting chain was proposed again";
  }
}

TEST_F(PairingApi, OptingOutEndsOpenProposalsButNotAgreedPairs) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  ASSERT_EQ(hr("POST", programPath(program) + "/runs/" + std::to_string(run["id"].get<int64_t>()) +
                           "/publish", R"({"approveAll":true})").status, 200);
  const pairing::Match published = match(run["matches"][0]["id"].get<int64_t>());
  const pairing::Match agreed = match(run["matches"][1]["id"].get<int64_t>());
  for (int64_t who : {agreed.menteeId, agreed.mentorId}) {
    ASSERT_EQ(as(who, "POST", "/api/v1/me/matches/" + std::to_string(agreed.id) + "/accept").status,
              200);
  }
  ASSERT_EQ(match(agreed.id).status, pairing::MatchStatus::kAccepted);
  auto out = as(published.menteeId, "DELETE", "/api/v1/me/participation");
  ASSERT_EQ(out.status, 200) << out.raw;
  EXPECT_EQ(match(published.id).status, pairing::MatchStatus::kClosed);
  EXPECT_EQ(match(published.id).closedReason, "opted out");
  if (agreed.menteeId != published.menteeId && agreed.mentorId != published.menteeId) {
    EXPECT_EQ(match(agreed.id).status, pairing::MatchStatus::kAccepted);
  }
  // Their partner no longer has the proposal to answer.
  EXPECT_EQ(as(published.mentorId, "POST",
               "/api/v1/me/matches/" + std::to_string(published.id) + "/accept").status, 409);
}

TEST_F(PairingApi, OptingOutWithdrawsPendingRequests) {
  const SentRequest sent = sendFirstRequest();
  ASSERT_TRUE(sent.request.contains("id")) << sent.request.dump();
  ASSERT_EQ(as(sent.mentee, "DELETE", "/api/v1/me/participation").status, 200);
  auto inbox = as(sent.mentor, "GET", "/api/v1/me/requests");
  ASSERT_EQ(inbox.body["items"].size(), 1u);
  EXPECT_EQ(inbox.body["items"][0]["status"], "withdrawn");
  EXPECT_EQ(inbox.body["items"][0]["reason"], "opted out");
}

TEST_F(PairingApi, AMentorOptingOutWithdrawsTheRequestsTheyReceived) {
  const SentRequest sent = sendFirstRequest();
  ASSERT_TRUE(sent.request.contains("id")) << sent.request.dump();
  ASSERT_EQ(as(sent.mentor, "DELETE", "/api/v1/me/participation").status, 200);
  auto list = as(sent.mentee, "GET",
                 "/api/v1/me/programs/" + std::to_string(sent.program) + "/shortlist");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body["requests"].size(), 1u) << list.raw;
  EXPECT_EQ(list.body["requests"][0]["status"], "withdrawn");
  EXPECT_EQ(list.body["requests"][0]["reason"], "opted out");
  for (const auto& m : list.body["mentors"]) EXPECT_NE(m["mentor"]["id"], sent.mentor);
}

TEST_F(PairingApi, ConcurrentAcceptsNeverExceedTheMentorsCapacity) {
  const int64_t program = createProgram();
  // A mentor with capacity c gets c + 2 published proposals; every mentee has accepted; the
  // mentor's accepts then race from as many threads.
  auto people = session_->pairingPool().participants();
  ASSERT_TRUE(people.isOk());
  int64_t mentor = 0;
  std::vector<int64_t> mentees;
  for (const auto& p : *people) {
    if (mentor == 0 && p.role == pairing::PairingRole::kMentor) mentor = p.id;
  }
  ASSERT_NE(mentor, 0);
  auto participant = session_->participants().find(mentor);
  ASSERT_TRUE(participant.isOk() && participant->has_value());
  const int capacity = (*participant)->capacity;
  for (const auto& p : *people) {
    if (p.role == pairing::PairingRole::kMentee && p.id != mentor &&
        mentees.size() < static_cast<size_t>(capacity) + 2) {
      mentees.push_back(p.id);
    }
  }
  ASSERT_EQ(mentees.size(), static_cast<size_t>(capacity) + 2);
  std::vector<pairing::Match> proposals;
  for (int64_t mentee : mentees) {
    pairing::Match m;
    m.programId = program;
    m.mentorId = mentor;
    m.menteeId = mentee;
    m.status = pairing::MatchStatus::kApproved;
    m.score = 1000;
    proposals.push_back(m);
  }
  auto inserted = session_->pairing().insertMatches(0, proposals, "test");
  ASSERT_TRUE(inserted.isOk()) << inserted.status().toString();
  for (const auto& m : *inserted) {
    ASSERT_TRUE(session_->pairing()
                    .transition(m.id, pairing::MatchStatus::kApproved,
                                pairing::MatchStatus::kPublished, "test", "")
                    .isOk());
    ASSERT_EQ(as(m.menteeId, "POST", "/api/v1/me/matches/" + std::to_string(m.id) + "/accept")
                  .status, 200);
  }
  const std::string mentorUser = userName(mentor);  // the inspection session is not shared
  std::vector<int> statuses(inserted->size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < inserted->size(); ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = call("POST",
                         "/api/v1/me/matches/" + std::to_string((*inserted)[i].id) + "/accept",
                         "{}", mentorUser, http::kRoleEmployee)
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  int accepted = 0;
  for (size_t i = 0; i < inserted->size(); ++i) {
    const pairing::Match m = match((*inserted)[i].id);
    if (m.status == pairing::MatchStatus::kAccepted) {
      ++accepted;
      EXPECT_EQ(statuses[i], 200);
    } else {
      EXPECT_EQ(m.status, pairing::MatchStatus::kPublished);
      EXPECT_EQ(statuses[i], 409) << "the refused accept must say the mentor is at capacity";
    }
  }
  EXPECT_EQ(accepted, capacity);
}

TEST(PairingHousekeeping, ExpiredRequestsPassToTheNextChoiceWithoutAnyoneLooking) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tandem-housekeeping-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "t.db").string();
  auto host = std::make_shared<testing::FakeHost>();
  host->settings["pairing.housekeeping_seconds"] = "1";
  auto store = storage::openSqliteStore({path});
  ASSERT_TRUE(store.isOk());
  auto app = PluginApp::createWithStore(host, std::move(store).value());
  ASSERT_TRUE(app->enable().isOk());
  ASSERT_TRUE(app->runJob("demo_seed", {{"employees", 600}, {"seed", 42}}, nullptr).isOk());
  http::Identity hr;
  hr.userId = "hr";
  hr.roles = http::kRoleHrAdmin;
  http::Request r;
  r.method = "POST";
  r.path = "/api/v1/programs";
  r.body = R"({"name":"S","startsOn":"2027-01-10","endsOn":"2027-07-10","status":"open",)"
           R"("settings":{"mode":"shortlist"}})";
  const json program = json::parse(app->handle(r, hr).body);
  r.path = "/api/v1/programs/" + std::to_string(program["id"].get<int64_t>()) + "/runs";
  r.body = R"({"dryRun":true})";
  const json dry = json::parse(app->handle(r, hr).body);
  const int64_t mentee = dry["result"]["pairs"][0]["menteeId"].get<int64_t>();
  auto inspect = storage::openSqliteStore({path});
  ASSERT_TRUE(inspect.isOk());
  auto session = std::move((*inspect)->session()).value();
  http::Identity who;
  who.userId = (*session->employees().findById(mentee))->userName;
  who.roles = http::kRoleEmployee;
  const std::string me = "/api/v1/me/programs/" + std::to_string(program["id"].get<int64_t>());
  r.method = "GET";
  r.path = me + "/shortlist";
  r.body = "";
  const json list = json::parse(app->handle(r, who).body);
  r.method = "POST";
  r.path = me + "/requests";
  r.body = json{{"mentorId", list["mentors"][0]["mentor"]["id"]}}.dump();
  const json sent = json::parse(app->handle(r, who).body);
  ASSERT_EQ(sent["status"], "pending") << sent.dump();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE shortlist_requests SET expires_at = '2000-01-01T00:00:00Z'");
  }
  // Nobody reads anything: the housekeeping thread expires it and asks the next choice.
  bool passed = false;
  for (int i = 0; i < 100 && !passed; ++i) {  // at most 10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto requests = session->pairing().requestsOfMentee(program["id"].get<int64_t>(), mentee);
    ASSERT_TRUE(requests.isOk());
    passed = requests->size() == 2 && requests->front().status == pairing::RequestStatus::kPending;
  }
  EXPECT_TRUE(passed) << "the expired request did not pass to the next choice";
  app.reset();
  session.reset();
  inspect->reset();
  std::filesystem::remove_all(dir);
}

TEST_F(PairingApi, UnmatchedReasonsCarryTheirTemplateAndOldRunsFallBackToTheSentence) {
  const int64_t program = createProgram();
  const json run = runAndRead(program);
  ASSERT_FALSE(run["unmatched"].empty());
  for (const auto& u : run["unmatched"]) {
    ASSERT_TRUE(u.contains("reasonCode") && u["reasonCode"].is_string()) << u.dump();
    EXPECT_FALSE(u["reasonCode"].get<std::string>().empty()) << u.dump();
    ASSERT_TRUE(u.contains("args") && u["args"].is_object()) << u.dump();
    if (u["args"].contains("person")) {
      EXPECT_EQ(u["args"]["person"], u["person"]["displayName"]) << u.dump();
    }
  }

  // A run stored before reasons had templates: the API gives the code and the sentence only.
  // (Stored runs are immutable: the trigger is set aside while the old result is written.)
  const int64_t runId = run["id"].get<int64_t>();
  {
    SQLite::Database raw(db(), SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(raw);
    const std::string trigger =
        raw.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'match_runs_immutable'")
            .getString();
    ASSERT_FALSE(trigger.empty());
    raw.exec("DROP TRIGGER match_runs_immutable");
    SQLite::Statement read(raw, "SELECT result FROM match_runs WHERE id = ?");
    read.bind(1, runId);
    ASSERT_TRUE(read.executeStep());
    json result = json::parse(read.getColumn(0).getString());
    for (auto& u : result["unmatched"]) {
      u.erase("reasonCode");
      u.erase("args");
    }
    SQLite::Statement write(raw, "UPDATE match_runs SET result = ? WHERE id = ?");
    write.bind(1, result.dump());
    write.bind(2, runId);
    EXPECT_EQ(write.exec(), 1);
    raw.exec(trigger);
    tx.commit();
  }
  auto old = hr("GET", programPath(program) + "/runs/" + std::to_string(runId));
  ASSERT_EQ(old.status, 200) << old.raw;
  ASSERT_EQ(old.body["unmatched"].size(), run["unmatched"].size());
  for (size_t i = 0; i < run["unmatched"].size(); ++i) {
    const json& u = old.body["unmatched"][i];
    EXPECT_FALSE(u.contains("reasonCode")) << u.dump();
    EXPECT_FALSE(u.contains("args")) << u.dump();
    EXPECT_EQ(u["reason"], run["unmatched"][i]["reason"]);
    EXPECT_EQ(u["code"], run["unmatched"][i]["code"]);
  }
}

}  // namespace
}  // namespace tandem::app
