#include "pairing/pairing_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>

#include "pairing/canonical_input.h"

namespace tandem::pairing {
namespace {

using core::StatusCode;
using mentoring::Direction;

// Exhaustive maximum-weight b-matching (ties: the first maximum found, mentees in index order,
// "unmatched" tried first, then edges in graph order). Only for tiny graphs.
core::Result<Matching> bruteForce(const CandidateGraph& g) {
  std::vector<int32_t> load(static_cast<size_t>(g.mentorCount), 0);
  std::vector<int32_t> current(static_cast<size_t>(g.menteeCount), -1);
  Matching best;
  best.mentorOfMentee = current;
  best.objective = -1;
  std::function<void(int32_t, int64_t)> go = [&](int32_t mentee, int64_t sum) {
    if (mentee == g.menteeCount) {
      if (sum > best.objective) {
        best.objective = sum;
        best.mentorOfMentee = current;
      }
      return;
    }
    go(mentee + 1, sum);
    for (const auto& e : g.edges) {
      if (e.mentee != mentee) continue;
      auto& l = load[static_cast<size_t>(e.mentor)];
      if (l >= g.capacity[static_cast<size_t>(e.mentor)]) continue;
      ++l;
      current[static_cast<size_t>(mentee)] = e.mentor;
      go(mentee + 1, sum + e.score);
      current[static_cast<size_t>(mentee)] = -1;
      --l;
    }
  };
  go(0, 0);
  return best;
}

PairingPerson person(int64_t id, PairingRole role, int level, const char* dep) {
  PairingPerson p;
  p.id = id;
  p.displayName = (role == PairingRole::kMentor ? "Mentor " : "Mentee ") + std::to_string(id);
  p.department = dep;
  p.level = level;
  p.languages = {"en"};
  p.role = role;
  if (role == PairingRole::kMentor) {
    p.skills = {{1, Direction::kTeach, 5}, {2, Direction::kTeach, 3}};
  } else {
    p.skills = {{1, Direction::kLearn, 1}, {2, Direction::kLearn, 1}};
  }
  return p;
}

PairingInput smallInput() {
  PairingInput in;
  in.referenceDate = "2027-01-11";
  in.skills = {{1, {"digital", "data", "Data analysis"}}, {2, {"digital", "ai", "Generative AI"}}};
  in.people = {person(1, PairingRole::kMentor, 1, "Data"), person(2, PairingRole::kMentor, 2, "IT"),
               person(10, PairingRole::kMentee, 6, "Finance"),
               person(11, PairingRole::kMentee, 7, "Sales"),
               person(12, PairingRole::kMentee, 8, "Legal")};
  in.people[1].skills = {{1, Direction::kTeach, 2}};  // mentor 2 is weaker
  return in;
}

const PairingPair* pairOf(const PairingResult& r, int64_t menteeId) {
  for (const auto& p : r.pairs) {
    if (p.menteeId == menteeId) return &p;
  }
  return nullptr;
}

const UnmatchedPerson* unmatchedOf(const PairingResult& r, int64_t id, PairingRole role) {
  for (const auto& u : r.unmatched) {
    if (u.personId == id && u.role == role) return &u;
  }
  return nullptr;
}

TEST(PairingEngine, SolvesAndExplainsThePairs) {
  auto r = runPairing(smallInput(), bruteForce);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ(r->pairs.size(), 2u);  // two mentors with capacity 1, three mentees
  EXPECT_EQ(r->metrics.mentors, 2);
  EXPECT_EQ(r->metrics.mentees, 3);
  EXPECT_EQ(r->metrics.eligibleMentors, 2);
  EXPECT_EQ(r->metrics.eligibleMentees, 3);
  EXPECT_EQ(r->metrics.candidateEdges, 6);
  EXPECT_EQ(r->metrics.matched, 2);
  int64_t sum = 0;
  for (const auto& p : r->pairs) {
    EXPECT_EQ(p.origin, PairOrigin::kSolver);
    EXPECT_EQ(p.parts.size(), 6u);
    sum += p.score;
  }
  EXPECT_EQ(r->objective, sum);
  EXPECT_EQ(r->solverObjective, sum);
  EXPECT_DOUBLE_EQ(r->metrics.meanScore, static_cast<double>(sum) / 2000.0);
  // The third mentee is unmatched for capacity: candidates existed, all were used.
  ASSERT_EQ(r->unmatched.size(), 1u);
  EXPECT_EQ(r->unmatched[0].code, "capacity");
  EXPECT_EQ(r->unmatched[0].role, PairingRole::kMentee);
  EXPECT_NE(r->unmatched[0].reason.find("had 2 candidate mentors"), std::string::npos)
      << r->unmatched[0].reason;
  EXPECT_EQ(r->inputHash.size(), 64u);
}

TEST(PairingEngine, PinsHoldAgainstTheSolverAndConstraints) {
  PairingInput in = smallInput();
  auto free = runPairing(in, bruteForce);
  ASSERT_TRUE(free.isOk());
  // Pin the weaker mentor 2 to mentee 12; add a previous pair so the pin overrides repeat_pair.
  in.pins = {{2, 12}};
  in.previousPairs = {{2, 12}};
  auto r = runPairing(in, bruteForce);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  const PairingPair* pinned = pairOf(*r, 12);
  ASSERT_NE(pinned, nullptr);
  EXPECT_EQ(pinned->mentorId, 2);
  EXPECT_EQ(pinned->origin, PairOrigin::kPin);
  EXPECT_EQ(pinned->overrides, (std::vector<std::string>{"repeat_pair"}));
  EXPECT_EQ(r->metrics.eligibleMentors, 1);  // mentor 2 is full
  EXPECT_EQ(r->metrics.eligibleMentees, 2);
  EXPECT_EQ(r->pairs.size(), 2u);
  EXPECT_LE(r->objective, free->objective);
}

TEST(PairingEngine, PinsOverrideHardConstraintsButNeverTheReportingChain) {
  PairingInput in = smallInput();
  in.people[2].level = 2;  // mentee 10 at level 2: mentor 2 (level 2) fails the level gap
  in.pins = {{2, 10}};
  auto r = runPairing(in, bruteForce);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ(pairOf(*r, 10)->overrides, (std::vector<std::string>{"level_gap"}));

  in.people[2].managerChain = {2};
  auto chain = runPairing(in, bruteForce);
  ASSERT_FALSE(chain.isOk());
  EXPECT_EQ(chain.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(chain.status().message().find("reporting chain"), std::string::npos);
}

TEST(PairingEngine, KeptPairsSurviveARerun) {
  PairingInput in = smallInput();
  auto first = runPairing(in, bruteForce);
  ASSERT_TRUE(first.isOk());
  // HR approved a pair the solver would not choose; the re-run keeps it.
  in.kept = {{2, 11}};
  in.pins = {{2, 11}};  // pinned and kept: one pair, origin kept
  auto r = runPairing(in, bruteForce);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  const PairingPair* kept = pairOf(*r, 11);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->mentorId, 2);
  EXPECT_EQ(kept->origin, PairOrigin::kKept);
  EXPECT_TRUE(kept->overrides.empty());
  EXPECT_EQ(r->pairs.size(), 2u);
}

TEST(PairingEngine, ConflictingPinsAreRefused) {
  PairingInput in = smallInput();
  in.pins = {{1, 10}, {2, 10}};
  auto two = runPairing(in, bruteForce);
  ASSERT_FALSE(two.isOk());
  EXPECT_EQ(two.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(two.status().message(), "pins[1]: mentee 10 would have two mentors (1 and 2)");

  in.pins = {{1, 10}};
  in.kept = {{1, 11}};
  auto over = runPairing(in, bruteForce);
  ASSERT_FALSE(over.isOk());
  EXPECT_EQ(over.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(over.status().message(), "mentor 1 has capacity 1 but 2 pinned or kept mentees");

  in.kept = {};
  in.blocks = {{1, 10}};
  auto blocked = runPairing(in, bruteForce);
  ASSERT_FALSE(blocked.isOk());
  EXPECT_EQ(blocked.status().code(), StatusCode::kInvalidArgument);

  in.blocks = {};
  in.pins = {{1, 77}};
  auto unknown = runPairing(in, bruteForce);
  ASSERT_FALSE(unknown.isOk());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(), "pins[0]: person 77 is not a participant");
}

TEST(PairingEngine, BlocksAreNeverPaired) {
  PairingInput in = smallInput();
  auto free = runPairing(in, bruteForce);
  ASSERT_TRUE(free.isOk());
  const PairingPair& first = free->pairs.front();
  in.blocks = {{first.mentorId, first.menteeId}};
  auto r = runPairing(in, bruteForce);
  ASSERT_TRUE(r.isOk());
  for (const auto& p : r->pairs) {
    EXPECT_FALSE(p.mentorId == first.mentorId && p.menteeId == first.menteeId);
  }
}

TEST(PairingEngine, UnmatchedReasons) {
  PairingInput in = smallInput();
  in.people.push_back(person(13, PairingRole::kMentee, 2, "Ops"));    // too junior for all
  in.people.push_back(person(14, PairingRole::kMentee, 9, "Ops"));
  in.people.back().employeeType = "intern";                           // ineligible
  in.people.push_back(person(3, PairingRole::kMentor, 1, "Data"));
  in.people.back().employeeType = "contractor";                       // ineligible mentor
  auto r = runPairing(in, bruteForce);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  const UnmatchedPerson* junior = unmatchedOf(*r, 13, PairingRole::kMentee);
  ASSERT_NE(junior, nullptr);
  EXPECT_EQ(junior->code, "no_candidate");
  EXPECT_EQ(junior->reason,
            "No mentor could be paired with Mentee 13: most often, the mentor must be at least 2 "
            "levels below the mentee (or, when a level is unknown, have 5 fewer years of "
            "tenure) (2 of 2 mentors)");
  const UnmatchedPerson* intern = unmatchedOf(*r, 14, PairingRole::kMentee);
  ASSERT_NE(intern, nullptr);
  EXPECT_EQ(intern->code, "ineligible");
  const UnmatchedPerson* contractor = unmatchedOf(*r, 3, PairingRole::kMentor);
  ASSERT_NE(contractor, nullptr);
  EXPECT_EQ(contractor->code, "ineligible");

  // No mentor at all.
  PairingInput none = smallInput();
  none.people.erase(none.people.begin(), none.people.begin() + 2);
  auto n = runPairing(none, bruteForce);
  ASSERT_TRUE(n.isOk());
  ASSERT_EQ(n->unmatched.size(), 3u);
  EXPECT_EQ(n->unmatched[0].code, "no_mentors");

  // A mentor nobody can take.
  PairingInput extra = smallInput();
  extra.people.push_back(person(4, PairingRole::kMentor, 9, "Data"));  // too senior
  auto e = runPairing(extra, bruteForce);
  ASSERT_TRUE(e.isOk());
  const UnmatchedPerson* senior = unmatchedOf(*e, 4, PairingRole::kMentor);
  ASSERT_NE(senior, nullptr);
  EXPECT_EQ(senior->code, "no_candidate");
}

PairingInput randomInput(uint32_t seed) {
  std::mt19937 rng(seed);
  PairingInput in;
  in.referenceDate = "2027-01-11";
  const char* deps[] = {"Data", "Finance", "Sales"};
  for (int64_t id = 1; id <= 11; ++id) {
    const bool isMentor = id <= 5;
    PairingPerson p = person(id, isMentor ? PairingRole::kMentor : PairingRole::kMentee,
                             isMentor ? static_cast<int>(rng() % 3) : 3 + static_cast<int>(rng() % 5),
                             deps[rng() % 3]);
    p.capacity = static_cast<int>(rng() % 2) + 1;
    p.skills.clear();
    for (int64_t s = 1; s <= 5; ++s) {
      if (rng() % 2 == 0) {
        p.skills.push_back({s, isMentor ? Direction::kTeach : Direction::kLearn,
                            static_cast<int>(rng() % 5) + 1});
      }
    }
    p.timeZone = rng() % 2 == 0 ? "Europe/Paris" : "America/New_York";
    p.availability = {{1 + static_cast<int>(rng() % 2), "09:00", "13:00"}};
    in.people.push_back(p);
  }
  in.previousPairs = {{1, 6}};
  in.blocks = {{2, 7}};
  in.pins = {{3, 8}};
  return in;
}

bool sameResult(const PairingResult& a, const PairingResult& b) {
  if (a.pairs.size() != b.pairs.size() || a.unmatched.size() != b.unmatched.size()) return false;
  for (size_t i = 0; i < a.pairs.size(); ++i) {
    const auto& x = a.pairs[i];
    const auto& y = b.pairs[i];
    if (x.mentorId != y.mentorId || x.menteeId != y.menteeId || x.score != y.score ||
        x.origin != y.origin || x.parts.size() != y.parts.size()) {
      return false;
    }
    for (size_t j = 0; j < x.parts.size(); ++j) {
      if (x.parts[j].reason != y.parts[j].reason || x.parts[j].points != y.parts[j].points) {
        return false;
      }
    }
  }
  for (size_t i = 0; i < a.unmatched.size(); ++i) {
    if (a.unmatched[i].personId != b.unmatched[i].personId ||
        a.unmatched[i].code != b.unmatched[i].code ||
        a.unmatched[i].reason != b.unmatched[i].reason) {
      return false;
    }
  }
  return a.objective == b.objective && a.inputHash == b.inputHash;
}

TEST(PairingEngine, SameInputSameResultAndHashInAnyOrder) {
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    PairingInput in = randomInput(seed);
    auto a = runPairing(in, bruteForce);
    auto b = runPairing(in, bruteForce);
    ASSERT_TRUE(a.isOk()) << a.status().toString();
    ASSERT_TRUE(b.isOk());
    EXPECT_TRUE(sameResult(*a, *b));
    std::mt19937 rng(seed);
    std::shuffle(in.people.begin(), in.people.end(), rng);
    for (auto& p : in.people) {
      std::shuffle(p.skills.begin(), p.skills.end(), rng);
      std::reverse(p.languages.begin(), p.languages.end());
    }
    auto c = runPairing(in, bruteForce);
    ASSERT_TRUE(c.isOk());
    EXPECT_TRUE(sameResult(*a, *c)) << "seed " << seed;
    EXPECT_EQ(a->inputHash, c->inputHash);
  }
}

TEST(PairingEngine, HashChangesWithTheSettings) {
  PairingInput in = smallInput();
  auto a = inputHash(in);
  in.settings.weights.skills = 41;
  auto b = inputHash(in);
  ASSERT_TRUE(a.isOk());
  ASSERT_TRUE(b.isOk());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(nlohmann::json::parse(canonicalInputText(in))["settings"]["weights"]["skills"], 41.0);
}

TEST(PairingEngine, InvalidSolverOutputIsAnInternalError) {
  auto overfull = [](const CandidateGraph& g) -> core::Result<Matching> {
    Matching m;
    m.mentorOfMentee.assign(static_cast<size_t>(g.menteeCount), 0);  // all to mentor 0
    return m;
  };
  auto r = runPairing(smallInput(), overfull);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  auto failing = [](const CandidateGraph&) -> core::Result<Matching> {
    return core::resourceExhausted("too big");
  };
  auto f = runPairing(smallInput(), failing);
  ASSERT_FALSE(f.isOk());
  EXPECT_EQ(f.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace tandem::pairing
