// The pairing store over a real SQLite file (raw SQL checks the triggers; the capacity test needs
// several connections): immutable runs, one open match per mentee, optimistic transitions,
// accept/decline with capacity under concurrency, pins and blocks, shortlist expiry, and closing
// the matches of someone who leaves.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <latch>
#include <thread>

#include "storage/sqlite_store.h"

namespace tandem::storage {
namespace {

using core::StatusCode;
using pairing::Match;
using pairing::MatchOrigin;
using pairing::MatchRun;
using pairing::MatchStatus;
using pairing::PartyResponse;
using pairing::RequestStatus;
using pairing::RunStatus;
using pairing::ShortlistRequest;

class TempFile {
 public:
  TempFile() {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-pairing-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return (dir_ / "t.db").string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

class PairingRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { open(4); }

  void open(int poolSize) {
    session_.reset();
    store_.reset();
    SqliteOptions options;
    options.path = file_.path();
    options.poolSize = poolSize;
    auto opened = openSqliteStore(options);
    ASSERT_TRUE(opened.isOk()) << opened.status().toString();
    store_ = std::move(opened).value();
    session_ = std::move(store_->session()).value();
  }

  pairing::PairingRepository& repo() { return session_->pairing(); }

  int64_t employee(const std::string& user) {
    directory::Employee e;
    e.source = "import";
    e.externalId = "x-" + user;
    e.userName = user;
    e.displayName = "Name " + user;
    auto added = session_->employees().upsert(e);
    EXPECT_TRUE(added.isOk()) << added.status().toString();
    return e.id;
  }

  int64_t program(const std::string& name = "Cycle") {
    mentoring::Program p;
    p.name = name;
    p.startsOn = "2026-01-01";
    p.endsOn = "2026-06-30";
    auto created = session_->programs().create(p);
    EXPECT_TRUE(created.isOk()) << created.status().toString();
    return created.isOk() ? created->id : 0;
  }

  MatchRun run(int64_t programId) {
    MatchRun r;
    r.programId = programId;
    r.createdBy = "hr";
    r.inputHash = "abc123";
    r.solverVersion = "flow-1";
    r.settingsJson = R"({"minLevelGap":2})";
    r.inputJson = R"({"mentors":[],"mentees":[]})";
    r.resultJson = R"({"pairs":[]})";
    auto created = repo().createRun(r);
    EXPECT_TRUE(created.isOk()) << created.status().toString();
    return created.isOk() ? *created : MatchRun{};
  }

  static Match pair(int64_t mentor, int64_t mentee, int64_t score = 1500) {
    Match m;
    m.mentorId = mentor;
    m.menteeId = mentee;
    m.score = score;
    m.breakdownJson = R"({"skills":1000,"language":500})";
    return m;
  }

  // A published match of `mentor` and `mentee` in `programId` (made outside a run).
  Match published(int64_t programId, int64_t mentor, int64_t mentee) {
    Match m = pair(mentor, mentee);
    m.programId = programId;
    auto inserted = repo().insertMatches(0, {m}, "hr");
    EXPECT_TRUE(inserted.isOk()) << inserted.status().toString();
    if (!inserted.isOk()) return {};
    auto moved = repo().transition((*inserted)[0].id, MatchStatus::kProposed,
                                   MatchStatus::kPublished, "hr", "");
    EXPECT_TRUE(moved.isOk()) << moved.status().toString();
    return moved.isOk() ? *moved : Match{};
  }

  MatchStatus statusOf(int64_t matchId) {
    auto found = repo().findMatch(matchId);
    EXPECT_TRUE(found.isOk() && found->has_value());
    return (found.isOk() && found->has_value()) ? (**found).status : MatchStatus::kClosed;
  }

  TempFile file_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StoreSession> session_;
};

TEST_F(PairingRepositoryTest, ARunIsStoredWholeAndOnlyItsStatusChanges) {
  const int64_t programId = program();
  MatchRun stored = run(programId);
  ASSERT_GT(stored.id, 0);
  EXPECT_EQ(stored.status, RunStatus::kDraft);
  EXPECT_FALSE(stored.createdAt.empty());
  auto found = repo().findRun(stored.id);
  ASSERT_TRUE(found.isOk() && found->has_value());
  EXPECT_EQ((*found)->inputJson, R"({"mentors":[],"mentees":[]})");
  EXPECT_EQ((*found)->settingsJson, R"({"minLevelGap":2})");
  EXPECT_EQ((*found)->solverVersion, "flow-1");

  {
    SQLite::Database db(file_.path(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(db.exec("UPDATE match_runs SET result = '{\"pairs\":[1]}' WHERE id = " +
                         std::to_string(stored.id)),
                 SQLite::Exception);
    EXPECT_THROW(db.exec("UPDATE match_runs SET input_hash = 'x'"), SQLite::Exception);
    EXPECT_THROW(db.exec("DELETE FROM match_runs"), SQLite::Exception);
  }
  EXPECT_EQ((*repo().findRun(stored.id))->resultJson, R"({"pairs":[]})");

  ASSERT_TRUE(repo().setRunStatus(stored.id, RunStatus::kPublished, "hr").isOk());
  auto published = repo().findRun(stored.id);
  EXPECT_EQ((*published)->status, RunStatus::kPublished);
  EXPECT_FALSE((*published)->publishedAt.empty());
  // Backwards is refused by the repository and by the trigger.
  auto back = repo().setRunStatus(stored.id, RunStatus::kDraft, "hr");
  EXPECT_EQ(back.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(back.message().find("is published"), std::string::npos);
  {
    SQLite::Database db(file_.path(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(db.exec("UPDATE match_runs SET status = 'draft'"), SQLite::Exception);
  }
  EXPECT_TRUE(repo().setRunStatus(stored.id, RunStatus::kSuperseded, "hr").isOk());
  EXPECT_EQ(repo().setRunStatus(999, RunStatus::kPublished, "hr").code(), StatusCode::kNotFound);

  MatchRun bad;
  bad.programId = 999;
  bad.inputHash = "h";
  bad.solverVersion = "v";
  EXPECT_EQ(repo().createRun(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PairingRepositoryTest, ListedRunsLeaveOutTheLargeColumns) {
  const int64_t programId = program();
  const MatchRun first = run(programId);
  const MatchRun second = run(programId);
  auto runs = repo().listRuns(programId);
  ASSERT_TRUE(runs.isOk());
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, second.id);  // newest first
  EXPECT_EQ((*runs)[1].id, first.id);
  EXPECT_EQ((*runs)[0].inputJson, "");
  EXPECT_EQ((*runs)[0].resultJson, "");
  EXPECT_EQ((*runs)[0].inputHash, "abc123");
}

TEST_F(PairingRepositoryTest, AMenteeHasAtMostOneOpenMatchPerProgram) {
  const int64_t programId = program();
  const int64_t otherProgram = program("Other");
  const int64_t mentor1 = employee("m1");
  const int64_t mentor2 = employee("m2");
  const int64_t mentee = employee("senior");
  const MatchRun r = run(programId);

  auto twice = repo().insertMatches(r.id, {pair(mentor1, mentee), pair(mentor2, mentee)}, "hr");
  EXPECT_EQ(twice.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(twice.status().message().find("already has an open match"), std::string::npos);
  EXPECT_TRUE(repo().listMatches(programId, std::nullopt)->empty());  // all or nothing

  auto one = repo().insertMatches(r.id, {pair(mentor1, mentee)}, "hr");
  ASSERT_TRUE(one.isOk()) << one.status().toString();
  const Match m = (*one)[0];
  EXPECT_EQ(m.programId, programId);
  EXPECT_EQ(m.runId, r.id);
  EXPECT_EQ(m.status, MatchStatus::kProposed);
  EXPECT_EQ(m.score, 1500);
  EXPECT_EQ(m.origin, MatchOrigin::kSolver);
  EXPECT_EQ(repo().insertMatches(r.id, {pair(mentor2, mentee)}, "hr").status().code(),
            StatusCode::kAlreadyExists);
  // Another program is another place.
  Match elsewhere = pair(mentor2, mentee);
  elsewhere.programId = otherProgram;
  EXPECT_TRUE(repo().insertMatches(0, {elsewhere}, "hr").isOk());
  // A closed match frees the mentee.
  ASSERT_TRUE(
      repo().transition(m.id, MatchStatus::kProposed, MatchStatus::kClosed, "hr", "swap").isOk());
  Match swapped = pair(mentor2, mentee);
  swapped.origin = MatchOrigin::kSwap;
  auto again = repo().insertMatches(r.id, {swapped}, "hr");
  ASSERT_TRUE(again.isOk()) << again.status().toString();
  EXPECT_EQ((*again)[0].origin, MatchOrigin::kSwap);

  // Refusals before anything is written.
  EXPECT_EQ(repo().insertMatches(r.id, {pair(mentor1, mentor1)}, "hr").status().code(),
            StatusCode::kInvalidArgument);
  Match accepted = pair(mentor1, employee("x"));
  accepted.status = MatchStatus::kAccepted;
  EXPECT_EQ(repo().insertMatches(r.id, {accepted}, "hr").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().insertMatches(r.id, {pair(mentor1, 9999)}, "hr").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(repo().insertMatches(4242, {pair(mentor1, mentee)}, "hr").status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(repo().setRunStatus(r.id, RunStatus::kPublished, "hr").isOk());
  EXPECT_EQ(repo().insertMatches(r.id, {pair(mentor1, employee("y"))}, "hr").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(PairingRepositoryTest, TransitionsAreOptimisticAndRecorded) {
  const int64_t programId = program();
  const int64_t mentor = employee("junior");
  const int64_t mentee = employee("senior");
  const MatchRun r = run(programId);
  const Match m = (*repo().insertMatches(r.id, {pair(mentor, mentee)}, "hr"))[0];

  auto approved = repo().transition(m.id, MatchStatus::kProposed, MatchStatus::kApproved, "hr", "");
  ASSERT_TRUE(approved.isOk()) << approved.status().toString();
  EXPECT_EQ(approved->status, MatchStatus::kApproved);
  // A second reviewer still looking at "proposed" loses.
  auto stale = repo().transition(m.id, MatchStatus::kProposed, MatchStatus::kPublished, "hr2", "");
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(stale.status().message(),
            "match " + std::to_string(m.id) + " is approved, not proposed");
  EXPECT_EQ(statusOf(m.id), MatchStatus::kApproved);
  // Not a transition at all: answers go through respond.
  EXPECT_EQ(repo()
                .transition(m.id, MatchStatus::kApproved, MatchStatus::kAccepted, "hr", "")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(repo()
                .transition(777, MatchStatus::kProposed, MatchStatus::kApproved, "hr", "")
                .status()
                .code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(
      repo().transition(m.id, MatchStatus::kApproved, MatchStatus::kPublished, "hr", "").isOk());

  auto history = repo().events(m.id);
  ASSERT_TRUE(history.isOk());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_FALSE((*history)[0].fromStatus.has_value());
  EXPECT_EQ((*history)[0].toStatus, MatchStatus::kProposed);
  EXPECT_EQ((*history)[1].fromStatus, MatchStatus::kProposed);
  EXPECT_EQ((*history)[1].toStatus, MatchStatus::kApproved);
  EXPECT_EQ((*history)[2].toStatus, MatchStatus::kPublished);
  EXPECT_EQ((*history)[2].actor, "hr");
}

TEST_F(PairingRepositoryTest, ADeclineNeedsAReasonAndFreesBoth) {
  const int64_t programId = program();
  const int64_t mentor = employee("junior");
  const int64_t mentee = employee("senior");
  const int64_t stranger = employee("stranger");
  const Match m = published(programId, mentor, mentee);

  EXPECT_EQ(repo().respond(m.id, stranger, true, "", 2, "stranger").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(repo().respond(m.id, mentor, false, "", 2, "junior").status().code(),
            StatusCode::kInvalidArgument);
  auto menteeYes = repo().respond(m.id, mentee, true, "", 2, "senior");
  ASSERT_TRUE(menteeYes.isOk()) << menteeYes.status().toString();
  EXPECT_EQ(menteeYes->status, MatchStatus::kPublished);
  EXPECT_EQ(menteeYes->menteeResponse, PartyResponse::kAccepted);
  auto no = repo().respond(m.id, mentor, false, "no time this quarter", 2, "junior");
  ASSERT_TRUE(no.isOk()) << no.status().toString();
  EXPECT_EQ(no->status, MatchStatus::kDeclined);
  EXPECT_EQ(no->mentorResponse, PartyResponse::kDeclined);
  EXPECT_EQ(no->declineReason, "no time this quarter");
  auto late = repo().respond(m.id, mentee, true, "", 2, "senior");
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.status().message(),
            "match " + std::to_string(m.id) + " is declined, not published");
  // Both are free: the mentee can be proposed again, with the same or another mentor.
  const Match rematch = published(programId, mentor, mentee);
  EXPECT_GT(rematch.id, m.id);
  auto history = repo().events(m.id);
  ASSERT_EQ(history->size(), 4u);  // created, published, mentee accepted, mentor declined
  EXPECT_EQ(history->back().toStatus, MatchStatus::kDeclined);
  EXPECT_NE(history->back().reason.find("no time this quarter"), std::string::npos);
}

TEST_F(PairingRepositoryTest, BothAcceptingAcceptsWithinTheMentorsCapacityOnly) {
  const int64_t programId = program();
  const int64_t mentor = employee("junior");
  const int64_t a = employee("senior-a");
  const int64_t b = employee("senior-b");
  const Match first = published(programId, mentor, a);
  const Match second = published(programId, mentor, b);

  ASSERT_TRUE(repo().respond(first.id, mentor, true, "", 1, "junior").isOk());
  auto both = repo().respond(first.id, a, true, "looking forward", 1, "senior-a");
  ASSERT_TRUE(both.isOk()) << both.status().toString();
  EXPECT_EQ(both->status, MatchStatus::kAccepted);
  // Accepting again changes nothing.
  auto again = repo().respond(first.id, a, true, "", 1, "senior-a");
  ASSERT_TRUE(again.isOk());
  EXPECT_EQ(repo().events(first.id)->size(), 4u);

  ASSERT_TRUE(repo().respond(second.id, b, true, "", 1, "senior-b").isOk());
  auto full = repo().respond(second.id, mentor, true, "", 1, "junior");
  EXPECT_EQ(full.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(full.status().message().find("at capacity"), std::string::npos);
  auto unchanged = repo().findMatch(second.id);
  EXPECT_EQ((*unchanged)->status, MatchStatus::kPublished);
  EXPECT_EQ((*unchanged)->mentorResponse, PartyResponse::kPending);  // nothing recorded
  // With room for two it goes through.
  auto roomy = repo().respond(second.id, mentor, true, "", 2, "junior");
  ASSERT_TRUE(roomy.isOk()) << roomy.status().toString();
  EXPECT_EQ(roomy->status, MatchStatus::kAccepted);
  // Accepted and active count alike.
  ASSERT_TRUE(
      repo()
          .transition(first.id, MatchStatus::kAccepted, MatchStatus::kActive, "senior-a", "")
          .isOk());
  const Match third = published(programId, mentor, employee("senior-c"));
  ASSERT_TRUE(repo().respond(third.id, third.menteeId, true, "", 2, "senior-c").isOk());
  EXPECT_EQ(repo().respond(third.id, mentor, true, "", 2, "junior").status().code(),
            StatusCode::kFailedPrecondition);
}

// N threads, each with its own session, accept different matches of one mentor with capacity 2:
// exactly 2 become accepted, every round. The count and the update share a transaction.
void acceptConcurrently(const std::function<StoreSession&(int)>& sessionOf, int rounds, int threads,
                        const std::function<int64_t(const std::string&)>& employee,
                        const std::function<int64_t(const std::string&)>& program,
                        const std::function<Match(int64_t, int64_t, int64_t)>& published) {
  const int64_t mentor = employee("busy-junior");
  std::vector<int64_t> mentees;
  for (int t = 0; t < threads; ++t) mentees.push_back(employee("senior-" + std::to_string(t)));
  constexpr int kCapacity = 2;
  for (int round = 0; round < rounds; ++round) {
    const int64_t programId = program("Round " + std::to_string(round));
    std::vector<int64_t> matchIds;
    for (int t = 0; t < threads; ++t) {
      const Match m = published(programId, mentor, mentees[static_cast<size_t>(t)]);
      ASSERT_TRUE(
          sessionOf(0).pairing().respond(m.id, m.menteeId, true, "", kCapacity, "mentee").isOk());
      matchIds.push_back(m.id);
    }
    std::latch start(threads);
    std::atomic<int> accepted{0};
    std::atomic<int> refused{0};
    std::atomic<int> other{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        StoreSession& session = sessionOf(t);
        start.arrive_and_wait();
        core::Status s = session.transaction([&]() -> core::Status {
          auto r = session.pairing().respond(matchIds[static_cast<size_t>(t)], mentor, true, "",
                                             kCapacity, "mentor");
          return r.status();
        });
        if (s.isOk()) {
          ++accepted;
        } else if (s.code() == StatusCode::kFailedPrecondition) {
          ++refused;
        } else {
          ++other;
        }
      });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(accepted.load(), kCapacity) << "round " << round;
    EXPECT_EQ(refused.load(), threads - kCapacity) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    auto stored = sessionOf(0).pairing().listMatches(programId, MatchStatus::kAccepted);
    ASSERT_TRUE(stored.isOk());
    EXPECT_EQ(stored->size(), static_cast<size_t>(kCapacity)) << "round " << round;
  }
}

TEST_F(PairingRepositoryTest, ConcurrentAcceptsNeverExceedTheMentorsCapacity) {
  constexpr int kThreads = 8;
  open(kThreads + 1);
  std::vector<std::unique_ptr<StoreSession>> sessions;
  for (int t = 0; t < kThreads; ++t) sessions.push_back(std::move(store_->session()).value());
  acceptConcurrently(
      [&](int t) -> StoreSession& { return *sessions[static_cast<size_t>(t)]; }, 20, kThreads,
      [&](const std::string& u) { return employee(u); },
      [&](const std::string& n) { return program(n); },
      [&](int64_t p, int64_t mentor, int64_t mentee) { return published(p, mentor, mentee); });
}

// The same with one store per thread, as separate processes would: no shared writer mutex, only
// SQLite's own locking (BEGIN IMMEDIATE) keeps the count and the update together.
TEST_F(PairingRepositoryTest, ConcurrentAcceptsFromSeparateStoresNeverExceedTheCapacity) {
  constexpr int kThreads = 8;
  std::vector<std::unique_ptr<Store>> stores;
  std::vector<std::unique_ptr<StoreSession>> sessions;
  for (int t = 0; t < kThreads; ++t) {
    SqliteOptions options;
    options.path = file_.path();
    options.poolSize = 1;
    options.busyTimeoutMs = 20000;
    stores.push_back(std::move(openSqliteStore(options)).value());
    sessions.push_back(std::move(stores.back()->session()).value());
  }
  acceptConcurrently(
      [&](int t) -> StoreSession& { return *sessions[static_cast<size_t>(t)]; }, 20, kThreads,
      [&](const std::string& u) { return employee(u); },
      [&](const std::string& n) { return program(n); },
      [&](int64_t p, int64_t mentor, int64_t mentee) { return published(p, mentor, mentee); });
}

TEST_F(PairingRepositoryTest, PinsAndBlocksNeverOverlap) {
  const int64_t programId = program();
  const int64_t mentor1 = employee("m1");
  const int64_t mentor2 = employee("m2");
  const int64_t mentee = employee("senior");
  pairing::Pin pin{programId, mentor1, mentee, "hr", "", "asked for each other"};
  ASSERT_TRUE(repo().addPin(pin).isOk());
  EXPECT_EQ(repo().addPin(pin).code(), StatusCode::kAlreadyExists);
  pairing::Pin second{programId, mentor2, mentee, "hr", "", ""};
  EXPECT_EQ(repo().addPin(second).code(), StatusCode::kAlreadyExists);  // one pin per mentee
  pairing::Block block{programId, mentor1, mentee, "hr", "", ""};
  EXPECT_EQ(repo().addBlock(block).code(), StatusCode::kFailedPrecondition);
  pairing::Block other{programId, mentor2, mentee, "hr", "", "same team last year"};
  ASSERT_TRUE(repo().addBlock(other).isOk());
  EXPECT_EQ(repo().addPin(second).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(repo().addBlock({programId, mentor1, 9999, "hr", "", ""}).code(),
            StatusCode::kInvalidArgument);

  auto pins = repo().listPins(programId);
  ASSERT_TRUE(pins.isOk());
  ASSERT_EQ(pins->size(), 1u);
  EXPECT_EQ((*pins)[0].mentorId, mentor1);
  EXPECT_EQ((*pins)[0].note, "asked for each other");
  EXPECT_FALSE((*pins)[0].createdAt.empty());
  auto blocks = repo().listBlocks(programId);
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ((*blocks)[0].mentorId, mentor2);

  ASSERT_TRUE(repo().removePin(programId, mentor1, mentee).isOk());
  EXPECT_EQ(repo().removePin(programId, mentor1, mentee).code(), StatusCode::kNotFound);
  EXPECT_TRUE(repo().listPins(programId)->empty());
  ASSERT_TRUE(repo().removeBlock(programId, mentor2, mentee).isOk());
  EXPECT_EQ(repo().removeBlock(programId, mentor2, mentee).code(), StatusCode::kNotFound);
}

TEST_F(PairingRepositoryTest, PendingShortlistRequestsExpireAfterTheirTime) {
  const int64_t programId = program();
  const int64_t mentor = employee("junior");
  const int64_t late = employee("senior-late");
  const int64_t early = employee("senior-early");
  ShortlistRequest old;
  old.programId = programId;
  old.menteeId = late;
  old.mentorId = mentor;
  old.rank = 1;
  old.expiresAt = "2000-01-01T00:00:00Z";
  auto stale = repo().createRequest(old);
  ASSERT_TRUE(stale.isOk()) << stale.status().toString();
  EXPECT_EQ(stale->status, RequestStatus::kPending);
  ShortlistRequest fresh = old;
  fresh.menteeId = early;
  fresh.expiresAt = "2999-01-01T00:00:00Z";
  auto live = repo().createRequest(fresh);
  ASSERT_TRUE(live.isOk());
  // One pending request per mentee; a well-formed expiry.
  EXPECT_EQ(repo().createRequest(fresh).status().code(), StatusCode::kAlreadyExists);
  fresh.menteeId = employee("senior-other");
  fresh.expiresAt = "tomorrow";
  EXPECT_EQ(repo().createRequest(fresh).status().code(), StatusCode::kInvalidArgument);

  // Answering an expired request is refused even before the sweep.
  EXPECT_EQ(repo().respondToRequest(stale->id, mentor, true, "", 2, "junior").status().code(),
            StatusCode::kFailedPrecondition);
  auto expired = repo().expireRequests();
  ASSERT_TRUE(expired.isOk()) << expired.status().toString();
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ((*expired)[0].id, stale->id);
  EXPECT_EQ((*expired)[0].status, RequestStatus::kExpired);
  EXPECT_FALSE((*expired)[0].respondedAt.empty());
  EXPECT_TRUE(repo().expireRequests()->empty());
  EXPECT_EQ((*repo().findRequest(live->id))->status, RequestStatus::kPending);
  // The mentee whose request expired may ask their next choice.
  ShortlistRequest next = old;
  next.mentorId = employee("junior-2");
  next.rank = 2;
  next.expiresAt = "2999-01-01T00:00:00Z";
  EXPECT_TRUE(repo().createRequest(next).isOk());
  EXPECT_EQ(repo().requestsOfMentee(programId, late)->size(), 2u);
  EXPECT_EQ(repo().requestsForMentor(mentor, RequestStatus::kPending)->size(), 1u);
  EXPECT_EQ(repo().requestsForMentor(mentor, std::nullopt)->size(), 2u);
  // Pending requests an employee sent or received, in every program, oldest first.
  const int64_t otherProgram = program("Other cycle");
  ShortlistRequest elsewhere = next;
  elsewhere.programId = otherProgram;
  elsewhere.menteeId = mentor;  // the junior is a mentee in another program
  elsewhere.mentorId = employee("junior-3");
  auto sentElsewhere = repo().createRequest(elsewhere);
  ASSERT_TRUE(sentElsewhere.isOk()) << sentElsewhere.status().toString();
  auto pending = repo().pendingRequestsOf(mentor);
  ASSERT_TRUE(pending.isOk()) << pending.status().toString();
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].id, live->id);           // received, in the first program
  EXPECT_EQ((*pending)[1].id, sentElsewhere->id);  // sent, in the other program
  auto lateOnes = repo().pendingRequestsOf(late);  // the expired one is not pending
  ASSERT_TRUE(lateOnes.isOk());
  ASSERT_EQ(lateOnes->size(), 1u);
  EXPECT_EQ((*lateOnes)[0].mentorId, next.mentorId);
}

TEST_F(PairingRepositoryTest, AnAcceptedShortlistRequestBecomesAnAcceptedMatchWithinCapacity) {
  const int64_t programId = program();
  const int64_t mentor = employee("junior");
  const int64_t a = employee("senior-a");
  const int64_t b = employee("senior-b");
  ShortlistRequest ask;
  ask.programId = programId;
  ask.menteeId = a;
  ask.mentorId = mentor;
  ask.score = 2100;
  ask.expiresAt = "2999-01-01T00:00:00Z";
  auto first = repo().createRequest(ask);
  ask.menteeId = b;
  auto second = repo().createRequest(ask);
  ASSERT_TRUE(first.isOk() && second.isOk());

  EXPECT_EQ(repo().respondToRequest(first->id, b, true, "", 1, "senior-b").status().code(),
            StatusCode::kPermissionDenied);
  auto yes = repo().respondToRequest(first->id, mentor, true, "", 1, "junior");
  ASSERT_TRUE(yes.isOk()) << yes.status().toString();
  EXPECT_EQ(yes->status, RequestStatus::kAccepted);
  ASSERT_GT(yes->matchId, 0);
  auto match = repo().findMatch(yes->matchId);
  EXPECT_EQ((*match)->status, MatchStatus::kAccepted);
  EXPECT_EQ((*match)->origin, MatchOrigin::kShortlist);
  EXPECT_EQ((*match)->score, 2100);
  EXPECT_EQ((*match)->runId, 0);

  auto full = repo().respondToRequest(second->id, mentor, true, "", 1, "junior");
  EXPECT_EQ(full.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*repo().findRequest(second->id))->status, RequestStatus::kPending);
  EXPECT_EQ(repo().respondToRequest(second->id, mentor, false, "", 1, "junior").status().code(),
            StatusCode::kInvalidArgument);
  auto no =
      repo().respondToRequest(second->id, mentor, false, "my one place is taken", 1, "junior");
  ASSERT_TRUE(no.isOk());
  EXPECT_EQ(no->status, RequestStatus::kDeclined);
  EXPECT_EQ(no->reason, "my one place is taken");
  EXPECT_EQ(repo().withdrawRequest(second->id, b, "changed my mind").code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(PairingRepositoryTest, SupersedingARunClosesItsProposalsAndKeepsApprovedPairs) {
  const int64_t programId = program();
  const int64_t mentor = employee("junior");
  const int64_t a = employee("senior-a");
  const int64_t b = employee("senior-b");
  const MatchRun first = run(programId);
  auto drafts = repo().insertMatches(first.id, {pair(mentor, a), pair(mentor, b)}, "hr");
  ASSERT_TRUE(drafts.isOk());
  const int64_t proposed = (*drafts)[0].id;
  const int64_t approved = (*drafts)[1].id;
  ASSERT_TRUE(
      repo().transition(approved, MatchStatus::kProposed, MatchStatus::kApproved, "hr", "").isOk());
  ASSERT_TRUE(repo().setRunStatus(first.id, RunStatus::kSuperseded, "hr").isOk());
  EXPECT_EQ(statusOf(proposed), MatchStatus::kClosed);
  EXPECT_EQ((*repo().findMatch(proposed))->closedReason,
            "run " + std::to_string(first.id) + " superseded");
  EXPECT_EQ(statusOf(approved), MatchStatus::kApproved);
  // The re-run may propose the freed mentee again.
  const MatchRun second = run(programId);
  auto redo = repo().insertMatches(second.id, {pair(mentor, a)}, "hr");
  ASSERT_TRUE(redo.isOk()) << redo.status().toString();
  ASSERT_TRUE(repo().setRunStatus(second.id, RunStatus::kDiscarded, "hr").isOk());
  EXPECT_EQ(statusOf((*redo)[0].id), MatchStatus::kClosed);
  EXPECT_EQ(repo().runMatches(first.id)->size(), 2u);
}

TEST_F(PairingRepositoryTest, ClosingSomeonesMatchesKeepsHistoryAndFinishedMatches) {
  const int64_t programId = program();
  const int64_t leaver = employee("leaver");
  const int64_t other = employee("other-junior");
  const int64_t a = employee("senior-a");
  const int64_t b = employee("senior-b");
  const int64_t c = employee("senior-c");
  const int64_t d = employee("senior-d");
  // a: published (open); b: declined; c: completed; d: active; and one not involving the leaver.
  const Match open = published(programId, leaver, a);
  const Match declined = published(programId, leaver, b);
  ASSERT_TRUE(repo().respond(declined.id, b, false, "not now", 3, "senior-b").isOk());
  const Match completed = published(programId, leaver, c);
  ASSERT_TRUE(repo().respond(completed.id, c, true, "", 3, "senior-c").isOk());
  ASSERT_TRUE(repo().respond(completed.id, leaver, true, "", 3, "leaver").isOk());
  ASSERT_TRUE(repo()
                  .transition(completed.id, MatchStatus::kAccepted, MatchStatus::kActive, "c", "")
                  .isOk());
  ASSERT_TRUE(repo()
                  .transition(completed.id, MatchStatus::kActive, MatchStatus::kCompleted, "c", "")
                  .isOk());
  const Match active = published(programId, leaver, d);
  ASSERT_TRUE(repo().respond(active.id, d, true, "", 3, "senior-d").isOk());
  ASSERT_TRUE(repo().respond(active.id, leaver, true, "", 3, "leaver").isOk());
  ASSERT_TRUE(
      repo().transition(active.id, MatchStatus::kAccepted, MatchStatus::kActive, "d", "").isOk());
  const Match unrelated = published(programId, other, b);
  ShortlistRequest ask;
  ask.programId = programId;
  ask.menteeId = employee("senior-e");
  ask.mentorId = leaver;
  ask.expiresAt = "2999-01-01T00:00:00Z";
  auto request = repo().createRequest(ask);
  ASSERT_TRUE(request.isOk());
  const size_t activeHistory = repo().events(active.id)->size();

  auto closed = repo().closeOpenMatchesOf(leaver, "left the directory", "directory-sync");
  ASSERT_TRUE(closed.isOk()) << closed.status().toString();
  EXPECT_EQ(*closed, 2);
  EXPECT_EQ(statusOf(open.id), MatchStatus::kClosed);
  EXPECT_EQ(statusOf(active.id), MatchStatus::kClosed);
  EXPECT_EQ((*repo().findMatch(active.id))->closedReason, "left the directory");
  EXPECT_EQ(statusOf(declined.id), MatchStatus::kDeclined);
  EXPECT_EQ(statusOf(completed.id), MatchStatus::kCompleted);
  EXPECT_EQ(statusOf(unrelated.id), MatchStatus::kPublished);
  auto history = repo().events(active.id);
  ASSERT_EQ(history->size(), activeHistory + 1);  // earlier steps kept, one more
  EXPECT_EQ(history->back().fromStatus, MatchStatus::kActive);
  EXPECT_EQ(history->back().toStatus, MatchStatus::kClosed);
  EXPECT_EQ(history->back().actor, "directory-sync");
  EXPECT_EQ(history->back().reason, "left the directory");
  auto withdrawn = repo().findRequest(request->id);
  EXPECT_EQ((*withdrawn)->status, RequestStatus::kWithdrawn);
  EXPECT_EQ((*withdrawn)->reason, "left the directory");
  EXPECT_EQ(repo().matchesOf(leaver)->size(), 4u);  // nothing deleted
  EXPECT_EQ(*repo().closeOpenMatchesOf(leaver, "left the directory", "directory-sync"), 0);
}

TEST_F(PairingRepositoryTest, DeactivatingSomeoneAnyWayClosesTheirOpenMatches) {
  // An import (or a directory update such as a disabled AD account) that sets active false goes
  // through no connector's closing code: the store itself closes the matches.
  const int64_t programId = program();
  const int64_t junior = employee("junior");
  const int64_t senior = employee("senior");
  const Match open = published(programId, junior, senior);
  directory::Employee e;
  e.source = "import";
  e.externalId = "x-junior";
  e.userName = "junior";
  e.displayName = "Name junior";
  e.active = false;
  auto updated = session_->employees().upsert(e);
  ASSERT_TRUE(updated.isOk()) << updated.status().toString();
  ASSERT_EQ(e.id, junior);
  EXPECT_EQ(statusOf(open.id), MatchStatus::kClosed);
  auto found = repo().findMatch(open.id);
  ASSERT_TRUE(found.isOk() && found->has_value());
  EXPECT_EQ((**found).closedReason, "left the directory");
  auto history = repo().events(open.id);
  ASSERT_TRUE(history.isOk());
  ASSERT_FALSE(history->empty());
  EXPECT_EQ(history->back().toStatus, MatchStatus::kClosed);
  EXPECT_EQ(history->back().actor, "directory");
}

TEST_F(PairingRepositoryTest, MatchHistoryIsAppendOnly) {
  const int64_t programId = program();
  const Match m = published(programId, employee("junior"), employee("senior"));
  SQLite::Database db(file_.path(), SQLite::OPEN_READWRITE);
  EXPECT_THROW(db.exec("UPDATE match_events SET reason = 'rewritten'"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM match_events"), SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM matches"), SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE matches SET mentee_id = mentor_id"), SQLite::Exception);
  // Like audit_log, only the actor may be replaced by a pseudonym (privacy erase).
  EXPECT_NO_THROW(db.exec("UPDATE match_events SET actor = 'erased-1' WHERE actor = 'hr'"));
  EXPECT_EQ(repo().events(m.id)->front().actor, "erased-1");
}

}  // namespace
}  // namespace tandem::storage
