#include "pairing/candidate_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <tuple>

#include "test_people.h"

namespace tandem::pairing {
namespace {

using mentoring::Direction;

constexpr int64_t kSkillA = test_people::kTestSkill;
constexpr int64_t kSkillB = 2;
constexpr int64_t kSkillC = 3;

using test_people::mentee;
using test_people::mentor;

PairingInput input(std::vector<PairingPerson> people) {
  PairingInput in;
  in.referenceDate = "2027-01-11";
  in.skills = {{kSkillA, {"digital", "a", "Skill A"}},
               {kSkillB, {"digital", "b", "Skill B"}},
               {kSkillC, {"business", "c", "Skill C"}}};
  in.people = std::move(people);
  return in;
}

CandidateSet build(const PairingInput& in, CandidateBuildOptions options = {}) {
  auto scorer = PairScorer::create(in);
  EXPECT_TRUE(scorer.isOk()) << scorer.status().toString();
  auto cs = buildCandidates(in, *scorer, options);
  EXPECT_TRUE(cs.isOk()) << cs.status().toString();
  return std::move(*cs);
}

// (mentor id, mentee id) of every edge.
std::vector<std::pair<int64_t, int64_t>> edgeIds(const CandidateSet& cs) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& e : cs.graph.edges) {
    out.emplace_back(cs.mentorIds[static_cast<size_t>(e.mentor)],
                     cs.menteeIds[static_cast<size_t>(e.mentee)]);
  }
  return out;
}

bool hasEdge(const CandidateSet& cs, int64_t mentorId, int64_t menteeId) {
  const auto edges = edgeIds(cs);
  return std::find(edges.begin(), edges.end(), std::make_pair(mentorId, menteeId)) != edges.end();
}

const NoCandidate* diagnosis(const CandidateSet& cs, int64_t menteeId) {
  for (const auto& n : cs.noCandidate) {
    if (n.menteeId == menteeId) return &n;
  }
  return nullptr;
}

TEST(CandidateBuilder, ReportingChainIsExcludedInBothDirections) {
  // 20 -> manager 30 -> manager 40. Mentor 10 is managed by mentee 21's report chain below.
  PairingPerson m10 = mentor(10);
  PairingPerson m11 = mentor(11);
  PairingPerson m12 = mentor(12);
  PairingPerson e20 = mentee(20);
  e20.managerChain = {10, 99};  // the mentee reports to mentor 10 (odd, but must be refused)
  PairingPerson e21 = mentee(21);
  m11.managerChain = {21};      // the mentor reports to mentee 21
  PairingPerson e22 = mentee(22);
  m12.managerChain = {50, 22};  // mentee 22 is the mentor's manager's manager
  auto cs = build(input({m10, m11, m12, e20, e21, e22}));
  EXPECT_FALSE(hasEdge(cs, 10, 20));
  EXPECT_FALSE(hasEdge(cs, 11, 21));
  EXPECT_FALSE(hasEdge(cs, 12, 22));
  EXPECT_TRUE(hasEdge(cs, 11, 20));
  EXPECT_TRUE(hasEdge(cs, 10, 21));
  EXPECT_TRUE(hasEdge(cs, 10, 22));
  EXPECT_TRUE(hasEdge(cs, 12, 20));
}

TEST(CandidateBuilder, LevelGapWithTenureFallback) {
  PairingPerson m1 = mentor(1, 4);
  PairingPerson m2 = mentor(2, 3);
  PairingPerson m3 = mentor(3);  // level unknown, hired recently
  m3.level.reset();
  m3.hireDate = "2025-01-01";
  PairingPerson m4 = mentor(4);  // level and hire date unknown
  m4.level.reset();
  PairingPerson e1 = mentee(100, 5);
  PairingPerson e2 = mentee(101);
  e2.level.reset();
  e2.hireDate = "2015-01-01";  // 10 more years than m3
  PairingPerson e3 = mentee(102);
  e3.level.reset();
  e3.hireDate = "2022-01-01";  // 3 more years than m3: below the 5-year fallback
  auto cs = build(input({m1, m2, m3, m4, e1, e2, e3}));
  EXPECT_FALSE(hasEdge(cs, 1, 100));  // gap 1
  EXPECT_TRUE(hasEdge(cs, 2, 100));   // gap 2
  EXPECT_TRUE(hasEdge(cs, 3, 101));   // tenure fallback: 10 years >= 5
  EXPECT_FALSE(hasEdge(cs, 3, 102));  // 3 years < 5
  EXPECT_FALSE(hasEdge(cs, 4, 100));  // seniority cannot be checked: refused
  EXPECT_FALSE(hasEdge(cs, 1, 101));  // e2's level unknown, m1's hire date unknown

  PairingInput lenient = input({m1, m2, m3, m4, e1, e2, e3});
  lenient.settings.constraints.minLevelGap = 1;
  lenient.settings.constraints.tenureFallbackYears = 2;
  auto cs2 = build(lenient);
  EXPECT_TRUE(hasEdge(cs2, 1, 100));
  EXPECT_TRUE(hasEdge(cs2, 3, 102));
}

TEST(CandidateBuilder, DepartmentRequiredOrPreferred) {
  PairingPerson m1 = mentor(1);
  PairingPerson m2 = mentor(2);
  m2.department = "Finance";
  PairingPerson m3 = mentor(3);
  m3.department = "";
  PairingPerson e = mentee(10);  // Finance
  PairingInput in = input({m1, m2, m3, e});
  auto preferred = build(in);
  EXPECT_TRUE(hasEdge(preferred, 1, 10));
  EXPECT_TRUE(hasEdge(preferred, 2, 10));
  EXPECT_TRUE(hasEdge(preferred, 3, 10));
  // Preferred: the different department scores the crossDepartment part.
  int64_t s1 = 0;
  int64_t s2 = 0;
  for (const auto& edge : preferred.graph.edges) {
    if (preferred.mentorIds[static_cast<size_t>(edge.mentor)] == 1) s1 = edge.score;
    if (preferred.mentorIds[static_cast<size_t>(edge.mentor)] == 2) s2 = edge.score;
  }
  EXPECT_EQ(s1 - s2, 10000);

  in.settings.constraints.department = DepartmentRule::kRequiredDifferent;
  auto required = build(in);
  EXPECT_TRUE(hasEdge(required, 1, 10));
  EXPECT_FALSE(hasEdge(required, 2, 10));
  EXPECT_FALSE(hasEdge(required, 3, 10));  // unknown department cannot be checked
}

TEST(CandidateBuilder, SharedLanguageWhenRequired) {
  PairingPerson m1 = mentor(1);
  PairingPerson m2 = mentor(2);
  m2.languages = {"fr"};
  PairingPerson e = mentee(10);
  e.languages = {"EN", "de"};
  PairingInput in = input({m1, m2, e});
  EXPECT_TRUE(hasEdge(build(in), 2, 10));
  in.settings.constraints.sharedLanguageRequired = true;
  auto cs = build(in);
  EXPECT_TRUE(hasEdge(cs, 1, 10));
  EXPECT_FALSE(hasEdge(cs, 2, 10));
}

TEST(CandidateBuilder, MinimumAvailabilityOverlapAcrossTimeZones) {
  PairingPerson m1 = mentor(1);
  m1.timeZone = "Europe/Paris";
  m1.availability = {{2, "15:00", "18:00"}};  // 14:00-17:00 UTC in January
  PairingPerson m2 = mentor(2);
  m2.timeZone = "Europe/Paris";
  m2.availability = {{2, "09:00", "12:00"}};  // 08:00-11:00 UTC
  PairingPerson e = mentee(10);
  e.timeZone = "America/New_York";
  e.availability = {{2, "09:00", "12:00"}};  // 14:00-17:00 UTC
  PairingInput in = input({m1, m2, e});
  in.settings.constraints.minAvailabilityOverlapMinutes = 90;
  auto cs = build(in);
  EXPECT_TRUE(hasEdge(cs, 1, 10));
  EXPECT_FALSE(hasEdge(cs, 2, 10));
}

TEST(CandidateBuilder, NoRepeatUnlessAllowedAndBlocksEitherDirection) {
  PairingInput in = input({mentor(1), mentor(2), mentor(3), mentee(10)});
  in.previousPairs = {{1, 10}};
  in.blocks = {{10, 2}};  // written the other way round: still forbids 2 -> 10
  auto cs = build(in);
  EXPECT_FALSE(hasEdge(cs, 1, 10));
  EXPECT_FALSE(hasEdge(cs, 2, 10));
  EXPECT_TRUE(hasEdge(cs, 3, 10));
  in.settings.constraints.allowRepeatPairs = true;
  auto allowed = build(in);
  EXPECT_TRUE(hasEdge(allowed, 1, 10));
  EXPECT_FALSE(hasEdge(allowed, 2, 10));
}

TEST(CandidateBuilder, ContractorsAndInternsAreExcludedByDefault) {
  PairingPerson m1 = mentor(1);
  m1.employeeType = "Contractor";
  PairingPerson m2 = mentor(2);
  m2.employeeType = "intern";
  PairingPerson m3 = mentor(3);  // no type: an employee
  PairingPerson e = mentee(10);
  e.employeeType = "contractor";
  PairingInput in = input({m1, m2, m3, e});
  auto cs = build(in);
  EXPECT_EQ(cs.mentorIds, (std::vector<int64_t>{3}));
  EXPECT_TRUE(cs.menteeIds.empty());
  ASSERT_EQ(cs.ineligible.size(), 3u);
  EXPECT_EQ(cs.ineligible[0].personId, 1);
  EXPECT_EQ(cs.ineligible[0].rule, "employee_type");
  EXPECT_EQ(cs.ineligible[0].reason,
            "Mentor 1 is a contractor, a type the program does not allow to be a mentor");
  EXPECT_EQ(cs.ineligible[2].side, PairingRole::kMentee);

  in.settings.eligibility.mentor.excludeEmployeeTypes = {};
  in.settings.eligibility.mentee.excludeEmployeeTypes = {"intern"};
  auto open = build(in);
  EXPECT_EQ(open.mentorIds, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(open.menteeIds, (std::vector<int64_t>{10}));
}

TEST(CandidateBuilder, EligibilityRulesGiveTheirReason) {
  PairingPerson m1 = mentor(1, 0);
  PairingPerson m2 = mentor(2);
  m2.department = "Legal";
  PairingPerson m3 = mentor(3);
  m3.hireDate = "2026-06-01";
  PairingPerson e1 = mentee(10);
  e1.level.reset();
  PairingInput in = input({m1, m2, m3, e1});
  in.settings.eligibility.mentor.minLevel = 1;
  in.settings.eligibility.mentor.excludeDepartments = {"legal"};
  in.settings.eligibility.mentor.minTenureYears = 1;
  in.settings.eligibility.mentee.minLevel = 5;
  auto cs = build(in);
  ASSERT_EQ(cs.ineligible.size(), 4u);
  EXPECT_EQ(cs.ineligible[0].rule, "level");
  EXPECT_EQ(cs.ineligible[0].reason, "Mentor 1's level 0 is below the minimum 1 to be a mentor");
  EXPECT_EQ(cs.ineligible[1].rule, "department");
  EXPECT_EQ(cs.ineligible[1].reason, "Mentor 2's department (Legal) is excluded to be a mentor");
  EXPECT_EQ(cs.ineligible[2].rule, "tenure");
  EXPECT_EQ(cs.ineligible[3].rule, "level");
  EXPECT_EQ(cs.ineligible[3].reason,
            "Mentee 10's level is unknown and the program bounds levels to be a mentee");
}

TEST(CandidateBuilder, RecordsWhyAMenteeHasNoCandidate) {
  PairingPerson m1 = mentor(1, 5);
  PairingPerson m2 = mentor(2, 5);
  PairingPerson m3 = mentor(3, 1);
  PairingPerson e = mentee(10, 6);
  e.managerChain = {3};
  PairingInput in = input({m1, m2, m3, e});
  auto cs = build(in);
  EXPECT_TRUE(cs.graph.edges.empty());
  const NoCandidate* n = diagnosis(cs, 10);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->mentorsConsidered, 3);
  EXPECT_EQ(n->eliminated[static_cast<size_t>(Constraint::kLevelGap)], 2);
  EXPECT_EQ(n->eliminated[static_cast<size_t>(Constraint::kReportingChain)], 1);
  EXPECT_EQ(n->mostCommon, Constraint::kLevelGap);
  EXPECT_EQ(constraintName(n->mostCommon), "level_gap");
}

TEST(CandidateBuilder, KeepsTheTopKAndFillsFromNonSharingMentors) {
  std::vector<PairingPerson> people;
  // Mentors 1..4 teach skill A at levels 2..5; mentors 5, 6 teach only skill B.
  for (int64_t id = 1; id <= 4; ++id) {
    PairingPerson m = mentor(id);
    m.skills = {{kSkillA, Direction::kTeach, static_cast<int>(id) + 1}};
    people.push_back(m);
  }
  for (int64_t id = 5; id <= 6; ++id) {
    PairingPerson m = mentor(id);
    m.skills = {{kSkillB, Direction::kTeach, 5}};
    if (id == 6) m.department = "Finance";  // no cross-department points: lower score
    people.push_back(m);
  }
  people.push_back(mentee(10));
  PairingInput in = input(people);
  in.settings.candidatesPerMentee = 2;
  auto top2 = build(in);
  EXPECT_EQ(edgeIds(top2), (std::vector<std::pair<int64_t, int64_t>>{{3, 10}, {4, 10}}));

  // K = 5: the four skill-sharing mentors, then the best of the others (5 beats 6).
  in.settings.candidatesPerMentee = 5;
  auto top5 = build(in);
  EXPECT_EQ(edgeIds(top5), (std::vector<std::pair<int64_t, int64_t>>{
                               {1, 10}, {2, 10}, {3, 10}, {4, 10}, {5, 10}}));
  // Mentor 1 teaches at level 2 vs the mentee's 1 (gap 1): its skill part is half of mentor 4's.
  EXPECT_GT(top5.graph.edges[3].score, top5.graph.edges[0].score);
}

// Exhaustive maximum-weight b-matching for tiny graphs.
int64_t bruteForceObjective(const CandidateGraph& g) {
  std::vector<int32_t> load(static_cast<size_t>(g.mentorCount), 0);
  int64_t best = 0;
  std::function<void(int32_t, int64_t)> go = [&](int32_t mentee, int64_t sum) {
    if (mentee == g.menteeCount) {
      best = std::max(best, sum);
      return;
    }
    go(mentee + 1, sum);
    for (const auto& e : g.edges) {
      if (e.mentee != mentee) continue;
      auto& l = load[static_cast<size_t>(e.mentor)];
      if (l >= g.capacity[static_cast<size_t>(e.mentor)]) continue;
      ++l;
      go(mentee + 1, sum + e.score);
      --l;
    }
  };
  go(0, 0);
  return best;
}

TEST(CandidateBuilder, TopKCanLoseTheOptimum) {
  // Mentee 10 scores 1.0 with mentor 1 and 0.75 with mentor 2; mentee 11 scores 0.5 with both
  // (tie: mentor 1 first by id). Capacities are 1. With K = 1 both mentees only have mentor 1, so
  // one of them stays unmatched (best 100 points); with K = 2 mentee 11 can take its 2nd-best
  // mentor: 10 with 1 and 11 with 2 (150 points).
  PairingPerson m1 = mentor(1);
  m1.skills = {{kSkillA, Direction::kTeach, 5}, {kSkillB, Direction::kTeach, 5}};
  PairingPerson m2 = mentor(2);
  m2.skills = {{kSkillA, Direction::kTeach, 5}, {kSkillB, Direction::kTeach, 2}};
  PairingPerson e10 = mentee(10);
  e10.skills = {{kSkillA, Direction::kLearn, 1}, {kSkillB, Direction::kLearn, 1}};
  PairingPerson e11 = mentee(11);
  e11.skills = {{kSkillA, Direction::kLearn, 1}, {kSkillC, Direction::kLearn, 1}};
  PairingInput in = input({m1, m2, e10, e11});
  in.settings.weights = {100, 0, 0, 0, 0, 0};
  in.settings.candidatesPerMentee = 1;
  auto k1 = build(in);
  EXPECT_EQ(edgeIds(k1), (std::vector<std::pair<int64_t, int64_t>>{{1, 10}, {1, 11}}));
  in.settings.candidatesPerMentee = 50;
  auto kLarge = build(in);
  EXPECT_EQ(kLarge.graph.edges.size(), 4u);
  EXPECT_EQ(bruteForceObjective(k1.graph), 100000);      // 10 with 1 only
  EXPECT_EQ(bruteForceObjective(kLarge.graph), 150000);  // 100 + 50 points
}

PairingInput randomInput(uint32_t seed, int mentors, int mentees) {
  std::mt19937 rng(seed);
  std::vector<PairingPerson> people;
  const char* deps[] = {"Data", "Finance", "Sales", "Ops"};
  const char* zones[] = {"Europe/Paris", "America/New_York", "UTC"};
  int64_t id = 1;
  for (int i = 0; i < mentors + mentees; ++i) {
    PairingPerson p;
    p.id = id;
    id += 1 + static_cast<int64_t>(rng() % 3);
    const bool isMentor = i < mentors;
    p.role = isMentor ? PairingRole::kMentor : PairingRole::kMentee;
    p.level = isMentor ? static_cast<int>(rng() % 4) : 3 + static_cast<int>(rng() % 6);
    p.department = deps[rng() % 4];
    p.languages = {rng() % 4 == 0 ? "fr" : "en"};
    p.timeZone = zones[rng() % 3];
    p.availability = {{static_cast<int>(rng() % 5) + 1, "09:00", "12:00"}};
    p.capacity = static_cast<int>(rng() % 3) + 1;
    for (int64_t s = 1; s <= 12; ++s) {
      if (rng() % 4 == 0) {
        p.skills.push_back({s, isMentor == (s <= 8) ? Direction::kTeach : Direction::kLearn,
                            static_cast<int>(rng() % 5) + 1});
      }
    }
    people.push_back(p);
  }
  PairingInput in = input(people);
  for (int64_t s = 4; s <= 12; ++s) in.skills[s] = {s <= 8 ? "digital" : "business", "", ""};
  return in;
}

TEST(CandidateBuilder, DeterministicAcrossThreadsAndInputOrder) {
  PairingInput in = randomInput(3, 300, 1200);
  in.settings.candidatesPerMentee = 7;
  CandidateBuildOptions one;
  one.threads = 1;
  CandidateBuildOptions two;
  two.threads = 2;
  auto a = build(in, one);
  auto b = build(in, two);
  std::mt19937 rng(11);
  std::shuffle(in.people.begin(), in.people.end(), rng);
  auto c = build(in, two);
  auto same = [](const CandidateSet& x, const CandidateSet& y) {
    if (x.graph.edges.size() != y.graph.edges.size()) return false;
    for (size_t i = 0; i < x.graph.edges.size(); ++i) {
      const auto& e = x.graph.edges[i];
      const auto& f = y.graph.edges[i];
      if (e.mentor != f.mentor || e.mentee != f.mentee || e.score != f.score) return false;
    }
    return x.mentorIds == y.mentorIds && x.menteeIds == y.menteeIds &&
           x.graph.capacity == y.graph.capacity;
  };
  EXPECT_GT(a.graph.edges.size(), 1000u);
  EXPECT_TRUE(same(a, b));
  EXPECT_TRUE(same(a, c));
}

TEST(CandidateBuilder, TopKEqualsTheDefinitionComputedNaively) {
  PairingInput in = randomInput(5, 80, 200);
  in.settings.candidatesPerMentee = 6;
  in.blocks = {{1, 300}};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  auto cs = build(in);
  const ConstraintChecker checker(in, *scorer);
  for (size_t e = 0; e < cs.menteeIds.size(); ++e) {
    const int32_t menteeP = cs.menteePerson[e];
    const auto& wanted = scorer->person(menteeP).learn;
    // (sharing?, score, mentor) for every admissible mentor with a positive score.
    std::vector<std::tuple<int, int64_t, int32_t>> all;
    for (size_t m = 0; m < cs.mentorIds.size(); ++m) {
      const int32_t mentorP = cs.mentorPerson[m];
      if (checker.check(mentorP, menteeP, false) != 0) continue;
      const int64_t s = scorer->score(mentorP, menteeP);
      if (s <= 0) continue;
      bool sharing = false;
      for (const auto& t : scorer->person(mentorP).teach) {
        for (const auto& w : wanted) sharing |= t.skillId == w.skillId;
      }
      all.emplace_back(sharing ? 0 : 1, -s, static_cast<int32_t>(m));
    }
    std::sort(all.begin(), all.end());
    all.resize(std::min<size_t>(all.size(), 6));
    std::vector<std::pair<int32_t, int64_t>> expected;
    for (const auto& [sharing, negScore, m] : all) expected.emplace_back(m, -negScore);
    std::sort(expected.begin(), expected.end());
    std::vector<std::pair<int32_t, int64_t>> got;
    for (const auto& edge : cs.graph.edges) {
      if (edge.mentee == static_cast<int32_t>(e)) got.emplace_back(edge.mentor, edge.score);
    }
    ASSERT_EQ(got, expected) << "mentee " << cs.menteeIds[e];
  }
}

// The fast search (bounds, bitsets, compact tables) against the plain definition, on instances
// that reach every path: availability not aligned to hours or quarter-hours (odd minutes, a
// +5:45 zone, unknown zones), both roles, unknown levels and departments, blocks and earlier
// pairs, every hard constraint switched on or off, uneven weights (zero and fractional), K from
// 1 to more than the mentors; and the no-candidate diagnostics against ConstraintChecker.
TEST(CandidateBuilder, FastSearchEqualsTheDefinitionOnVariedInstances) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    auto r = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char* deps[] = {"Data", "Finance", "Sales", "", "data"};
    const char* zones[] = {"Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
                           "", "Nowhere/Atlantis"};
    const char* langs[] = {"en", "fr", "EN", "de"};
    auto hhmm = [](int t) {
      return (t / 60 < 10 ? "0" : "") + std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") +
             std::to_string(t % 60);
    };
    std::vector<PairingPerson> people;
    std::vector<int64_t> ids;
    const int mentors = 10 + r(40);
    const int mentees = 10 + r(120);
    for (int i = 0; i < mentors + mentees; ++i) {
      PairingPerson p;
      p.id = 1 + i * 2 + r(2);
      ids.push_back(p.id);
      p.role = r(15) == 0 ? PairingRole::kBoth
                          : (i < mentors ? PairingRole::kMentor : PairingRole::kMentee);
      if (r(8) != 0) p.level = i < mentors ? r(5) : 2 + r(8);
      if (r(3) != 0) p.hireDate = std::to_string(2000 + r(26)) + "-0" + std::to_string(1 + r(9)) + "-15";
      p.department = deps[r(5)];
      for (int l = r(3); l > 0; --l) p.languages.push_back(langs[r(4)]);
      p.timeZone = zones[r(6)];
      for (int w = r(4); w > 0; --w) {
        const int from = 360 + r(4) * 60 + (r(3) == 0 ? r(60) : r(2) * 30) + r(6) * 60;
        p.availability.push_back({1 + r(7), hhmm(from), hhmm(std::min(1440, from + 15 + r(200)))});
      }
      if (r(2) != 0) p.capacity = 1 + r(3);
      for (int64_t s = 1; s <= 8; ++s) {
        if (r(3) == 0) p.skills.push_back({s, Direction::kTeach, 1 + r(5)});
        if (r(4) == 0) p.skills.push_back({s, Direction::kLearn, 1 + r(5)});
      }
      people.push_back(p);
    }
    for (auto& p : people) {
      for (int c = r(3); c > 0; --c) p.managerChain.push_back(ids[static_cast<size_t>(r(static_cast<int>(ids.size())))]);
    }
    PairingInput in = input(people);
    for (int64_t s = 4; s <= 8; ++s) in.skills[s] = {s <= 6 ? "digital" : "business", "", ""};
    for (int b = r(10); b > 0; --b) {
      in.blocks.push_back({ids[static_cast<size_t>(r(static_cast<int>(ids.size())))],
                           ids[static_cast<size_t>(r(static_cast<int>(ids.size())))]});
      in.previousPairs.push_back({ids[static_cast<size_t>(r(static_cast<int>(ids.size())))],
                                  ids[static_cast<size_t>(r(static_cast<int>(ids.size())))]});
    }
    auto& st = in.settings;
    st.candidatesPerMentee = 1 + r(r(2) != 0 ? 6 : 80);
    st.constraints.minLevelGap = r(4);
    st.constraints.tenureFallbackYears = r(6);
    if (r(3) == 0) st.constraints.department = DepartmentRule::kRequiredDifferent;
    st.constraints.sharedLanguageRequired = r(3) == 0;
    if (r(3) == 0) st.constraints.minAvailabilityOverlapMinutes = r(240);
    st.constraints.allowRepeatPairs = r(3) == 0;
    if (r(2) != 0) {
      st.weights = {static_cast<double>(r(100)), static_cast<double>(r(50)),
                    static_cast<double>(r(30)), static_cast<double>(r(30)),
                    static_cast<double>(r(50)) + 0.37, static_cast<double>(r(30))};
    }

    auto scorer = PairScorer::create(in);
    ASSERT_TRUE(scorer.isOk());
    CandidateBuildOptions options;
    options.threads = 1 + static_cast<int>(seed % 2);
    auto cs = build(in, options);
    const ConstraintChecker checker(in, *scorer);
    const auto k = static_cast<size_t>(st.candidatesPerMentee);
    size_t diagnosed = 0;
    for (size_t e = 0; e < cs.menteeIds.size(); ++e) {
      const int32_t menteeP = cs.menteePerson[e];
      const auto& wanted = scorer->person(menteeP).learn;
      std::vector<std::tuple<int, int64_t, int32_t>> all;
      NoCandidate expectedNone;
      for (size_t m = 0; m < cs.mentorIds.size(); ++m) {
        const int32_t mentorP = cs.mentorPerson[m];
        if (mentorP == menteeP) continue;
        ++expectedNone.mentorsConsidered;
        const uint32_t failed = checker.check(mentorP, menteeP, true);
        for (int c = 0; c < kConstraintCount; ++c) {
          if ((failed & (1u << static_cast<unsigned>(c))) != 0) ++expectedNone.eliminated[static_cast<size_t>(c)];
        }
        if (failed != 0) continue;
        ++expectedNone.eliminated[static_cast<size_t>(Constraint::kZeroScore)];
        const int64_t s = scorer->score(mentorP, menteeP);
        if (s <= 0) continue;
        bool sharing = false;
        for (const auto& t : scorer->person(mentorP).teach) {
          for (const auto& w : wanted) sharing |= t.skillId == w.skillId;
        }
        all.emplace_back(sharing ? 0 : 1, -s, static_cast<int32_t>(m));
      }
      std::sort(all.begin(), all.end());
      all.resize(std::min(all.size(), k));
      std::vector<std::pair<int32_t, int64_t>> expected;
      for (const auto& [sharing, negScore, m] : all) expected.emplace_back(m, -negScore);
      std::sort(expected.begin(), expected.end());
      std::vector<std::pair<int32_t, int64_t>> got;
      for (const auto& edge : cs.graph.edges) {
        if (edge.mentee == static_cast<int32_t>(e)) got.emplace_back(edge.mentor, edge.score);
      }
      ASSERT_EQ(got, expected) << "seed " << seed << " mentee " << cs.menteeIds[e];
      const NoCandidate* n = diagnosis(cs, cs.menteeIds[e]);
      ASSERT_EQ(n != nullptr, expected.empty()) << "seed " << seed;
      if (n == nullptr) continue;
      ++diagnosed;
      EXPECT_EQ(n->mentorsConsidered, expectedNone.mentorsConsidered);
      EXPECT_EQ(n->eliminated, expectedNone.eliminated) << "seed " << seed;
    }
    EXPECT_EQ(diagnosed, cs.noCandidate.size());
  }
}

// 50,000 mentees x 10,000 mentors, K = 50: timed, printed; run with TANDEM_PAIRING_SCALE=1.
TEST(CandidateBuilder, ScaleFiftyThousandByTenThousand) {
  if (std::getenv("TANDEM_PAIRING_SCALE") == nullptr) GTEST_SKIP() << "TANDEM_PAIRING_SCALE unset";
  std::mt19937 rng(42);
  std::vector<PairingPerson> people;
  const char* deps[] = {"Data", "Finance", "Sales", "Ops", "Legal", "HR", "IT", "Marketing"};
  const char* zones[] = {"Europe/Paris", "Europe/London", "America/New_York", "Asia/Singapore"};
  const int kMentors = 10000;
  const int kMentees = 50000;
  // Zipf-like skill popularity over 30 digital and 20 business skills.
  auto pick = [&](int n) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<int>(static_cast<double>(n) * u * u);
  };
  for (int i = 0; i < kMentors + kMentees; ++i) {
    const bool isMentor = i < kMentors;
    PairingPerson p;
    p.id = i + 1;
    p.role = isMentor ? PairingRole::kMentor : PairingRole::kMentee;
    p.level = isMentor ? static_cast<int>(rng() % 4) : 3 + static_cast<int>(rng() % 8);
    p.department = deps[rng() % 8];
    p.languages = {"en"};
    if (rng() % 3 == 0) p.languages.push_back("fr");
    p.timeZone = zones[rng() % 4];
    for (int w = 0; w < 3; ++w) {
      const int h = 8 + static_cast<int>(rng() % 8);
      p.availability.push_back({static_cast<int>(rng() % 5) + 1,
                                (h < 10 ? "0" : "") + std::to_string(h) + ":00",
                                std::to_string(h + 2) + ":00"});
    }
    p.capacity = static_cast<int>(rng() % 5) + 1;
    for (int k = 0; k < 3; ++k) {
      p.skills.push_back({1 + pick(30), isMentor ? Direction::kTeach : Direction::kLearn,
                          static_cast<int>(rng() % 5) + 1});
      p.skills.push_back({31 + pick(20), isMentor ? Direction::kLearn : Direction::kTeach,
                          static_cast<int>(rng() % 5) + 1});
    }
    people.push_back(std::move(p));
  }
  PairingInput in = input(std::move(people));
  auto t0 = std::chrono::steady_clock::now();
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  auto t1 = std::chrono::steady_clock::now();
  auto cs = buildCandidates(in, *scorer);
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(cs.isOk());
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("prepare %.0f ms, candidates %.0f ms, %zu edges, %zu mentees without candidate\n",
              ms(t1 - t0), ms(t2 - t1), cs->graph.edges.size(), cs->noCandidate.size());
}

}  // namespace
}  // namespace tandem::pairing
