#include "pairing/flow_solver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "pairing/greedy_matcher.h"

namespace tandem::pairing {
namespace {

std::size_t idx(int32_t i) { return static_cast<std::size_t>(i); }

CandidateGraph makeGraph(int32_t mentors, int32_t mentees, std::vector<int32_t> capacity,
                         std::vector<CandidateEdge> edges) {
  CandidateGraph g;
  g.mentorCount = mentors;
  g.menteeCount = mentees;
  g.capacity = std::move(capacity);
  g.edges = std::move(edges);
  return g;
}

// Checks that m is a feasible matching of g and that its objective is the sum of its edges.
::testing::AssertionResult isFeasible(const CandidateGraph& g, const Matching& m) {
  if (m.mentorOfMentee.size() != idx(g.menteeCount)) {
    return ::testing::AssertionFailure() << "mentorOfMentee has " << m.mentorOfMentee.size()
                                         << " entries, expected " << g.menteeCount;
  }
  std::vector<int32_t> load(idx(g.mentorCount), 0);
  int64_t sum = 0;
  for (std::size_t i = 0; i < m.mentorOfMentee.size(); ++i) {
    const int32_t j = m.mentorOfMentee[i];
    if (j == -1) continue;
    if (j < 0 || j >= g.mentorCount) {
      return ::testing::AssertionFailure() << "mentee " << i << " has mentor " << j;
    }
    const auto it = std::find_if(g.edges.begin(), g.edges.end(), [&](const CandidateEdge& e) {
      return idx(e.mentee) == i && e.mentor == j;
    });
    if (it == g.edges.end()) {
      return ::testing::AssertionFailure() << "mentee " << i << " paired with " << j
                                           << " without an edge";
    }
    sum += it->score;
    if (++load[idx(j)] > g.capacity[idx(j)]) {
      return ::testing::AssertionFailure() << "mentor " << j << " over capacity";
    }
  }
  if (sum != m.objective) {
    return ::testing::AssertionFailure() << "objective " << m.objective << " != sum " << sum;
  }
  return ::testing::AssertionSuccess();
}

// Exhaustive search over every assignment (each mentee: nobody or one of its candidates).
class BruteForce {
 public:
  explicit BruteForce(const CandidateGraph& g) : g_(g), options_(idx(g.menteeCount)) {
    for (const CandidateEdge& e : g.edges) options_[idx(e.mentee)].push_back(e);
    load_.assign(idx(g.mentorCount), 0);
  }
  int64_t best() {
    search(0, 0);
    return best_;
  }

 private:
  void search(std::size_t i, int64_t sum) {
    if (i == options_.size()) {
      best_ = std::max(best_, sum);
      return;
    }
    search(i + 1, sum);
    for (const CandidateEdge& e : options_[i]) {
      int32_t& l = load_[idx(e.mentor)];
      if (l >= g_.capacity[idx(e.mentor)]) continue;
      ++l;
      search(i + 1, sum + e.score);
      --l;
    }
  }
  const CandidateGraph& g_;
  std::vector<std::vector<CandidateEdge>> options_;
  std::vector<int32_t> load_;
  int64_t best_ = 0;
};

CandidateGraph randomGraph(std::mt19937& rng, int32_t mentors, int32_t mentees, int32_t maxCap,
                           double density, int64_t maxScore) {
  CandidateGraph g;
  g.mentorCount = mentors;
  g.menteeCount = mentees;
  std::uniform_int_distribution<int32_t> cap(0, maxCap);
  for (int32_t j = 0; j < mentors; ++j) g.capacity.push_back(cap(rng));
  std::bernoulli_distribution take(density);
  std::uniform_int_distribution<int64_t> score(1, maxScore);
  for (int32_t i = 0; i < mentees; ++i) {
    for (int32_t j = 0; j < mentors; ++j) {
      if (take(rng)) g.edges.push_back({j, i, score(rng)});
    }
  }
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  return g;
}

// A sparse graph: each mentee gets `perMentee` distinct random mentors.
CandidateGraph sparseGraph(std::mt19937& rng, int32_t mentors, int32_t mentees, int32_t maxCap,
                           int32_t perMentee, int64_t maxScore) {
  CandidateGraph g;
  g.mentorCount = mentors;
  g.menteeCount = mentees;
  std::uniform_int_distribution<int32_t> cap(0, maxCap);
  for (int32_t j = 0; j < mentors; ++j) g.capacity.push_back(cap(rng));
  std::uniform_int_distribution<int32_t> pick(0, mentors - 1);
  std::uniform_int_distribution<int64_t> score(1, maxScore);
  std::vector<int32_t> chosen;
  for (int32_t i = 0; i < mentees; ++i) {
    chosen.clear();
    while (chosen.size() < idx(std::min(perMentee, mentors))) {
      const int32_t j = pick(rng);
      if (std::find(chosen.begin(), chosen.end(), j) == chosen.end()) chosen.push_back(j);
    }
    for (int32_t j : chosen) g.edges.push_back({j, i, score(rng)});
  }
  return g;
}

// Optimality certificate: the matching's circulation (hub r, r->mentee cap 1, mentee->mentor
// cap 1 cost -score, mentor->r cap capacity) is optimal iff its residual graph has no negative
// cycle. Bellman-Ford from a virtual source connected to every node.
bool hasNegativeResidualCycle(const CandidateGraph& g, const Matching& m) {
  struct Arc {
    int32_t from, to;
    int64_t cost;
  };
  const int32_t hub = g.menteeCount + g.mentorCount;
  auto mentorNode = [&](int32_t j) { return g.menteeCount + j; };
  std::vector<Arc> arcs;
  std::vector<int32_t> load(idx(g.mentorCount), 0);
  for (int32_t i = 0; i < g.menteeCount; ++i) {
    const int32_t j = m.mentorOfMentee[idx(i)];
    if (j >= 0) {
      ++load[idx(j)];
      arcs.push_back({i, hub, 0});  // reverse of r -> i
    } else {
      arcs.push_back({hub, i, 0});
    }
  }
  for (const CandidateEdge& e : g.edges) {
    if (m.mentorOfMentee[idx(e.mentee)] == e.mentor) {
      arcs.push_back({mentorNode(e.mentor), e.mentee, e.score});
    } else {
      arcs.push_back({e.mentee, mentorNode(e.mentor), -e.score});
    }
  }
  for (int32_t j = 0; j < g.mentorCount; ++j) {
    if (load[idx(j)] < g.capacity[idx(j)]) arcs.push_back({mentorNode(j), hub, 0});
    if (load[idx(j)] > 0) arcs.push_back({hub, mentorNode(j), 0});
  }
  const std::size_t n = idx(hub) + 1;
  std::vector<int64_t> dist(n, 0);
  for (std::size_t round = 0; round < n; ++round) {
    bool changed = false;
    for (const Arc& a : arcs) {
      if (dist[idx(a.from)] + a.cost < dist[idx(a.to)]) {
        dist[idx(a.to)] = dist[idx(a.from)] + a.cost;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

// Reference: successive shortest paths (SPFA) on s -> mentee -> mentor -> t, augmenting while the
// shortest path has negative cost. Returns the maximum total score.
int64_t successiveShortestPaths(const CandidateGraph& g) {
  struct Arc {
    int32_t to;
    int32_t cap;
    int64_t cost;
  };
  const int32_t s = g.menteeCount + g.mentorCount;
  const int32_t t = s + 1;
  const std::size_t n = idx(t) + 1;
  std::vector<Arc> arcs;
  std::vector<std::vector<int32_t>> out(n);
  auto add = [&](int32_t u, int32_t v, int32_t cap, int64_t cost) {
    out[idx(u)].push_back(static_cast<int32_t>(arcs.size()));
    arcs.push_back({v, cap, cost});
    out[idx(v)].push_back(static_cast<int32_t>(arcs.size()));
    arcs.push_back({u, 0, -cost});
  };
  for (int32_t i = 0; i < g.menteeCount; ++i) add(s, i, 1, 0);
  for (const CandidateEdge& e : g.edges) add(e.mentee, g.menteeCount + e.mentor, 1, -e.score);
  for (int32_t j = 0; j < g.mentorCount; ++j) add(g.menteeCount + j, t, g.capacity[idx(j)], 0);
  int64_t total = 0;
  for (;;) {
    std::vector<int64_t> dist(n, std::numeric_limits<int64_t>::max());
    std::vector<int32_t> via(n, -1);
    std::vector<bool> queued(n, false);
    std::deque<int32_t> queue{s};
    dist[idx(s)] = 0;
    while (!queue.empty()) {
      const int32_t u = queue.front();
      queue.pop_front();
      queued[idx(u)] = false;
      for (int32_t a : out[idx(u)]) {
        const Arc& arc = arcs[idx(a)];
        if (arc.cap > 0 && dist[idx(u)] + arc.cost < dist[idx(arc.to)]) {
          dist[idx(arc.to)] = dist[idx(u)] + arc.cost;
          via[idx(arc.to)] = a;
          if (!queued[idx(arc.to)]) {
            queued[idx(arc.to)] = true;
            queue.push_back(arc.to);
          }
        }
      }
    }
    if (dist[idx(t)] >= 0) return total;  // unreachable or not profitable
    total -= dist[idx(t)];
    for (int32_t v = t; v != s;) {
      const int32_t a = via[idx(v)];
      arcs[idx(a)].cap -= 1;
      arcs[idx(a ^ 1)].cap += 1;
      v = arcs[idx(a ^ 1)].to;
    }
  }
}

// The graph as text, for failure messages.
std::string describe(const CandidateGraph& g) {
  std::string out = "mentors " + std::to_string(g.mentorCount) + ", mentees " +
                    std::to_string(g.menteeCount) + ", capacity {";
  for (int32_t c : g.capacity) out += std::to_string(c) + ",";
  out += "}, edges {";
  for (const CandidateEdge& e : g.edges) {
    out += "{" + std::to_string(e.mentor) + "," + std::to_string(e.mentee) + "," +
           std::to_string(e.score) + "},";
  }
  return out + "}";
}

Matching solveOk(const CandidateGraph& g) {
  core::Result<Matching> r = solveExact(g);
  EXPECT_TRUE(r.isOk()) << r.status().toString();
  return r.isOk() ? std::move(r).value() : Matching{};
}

TEST(FlowSolver, HandMadeWhereGreedyIsWorse) {
  // Greedy takes (m0, e0) = 10 and is left with (m1, e1) = 1; the optimum crosses over.
  const CandidateGraph g = makeGraph(2, 2, {1, 1}, {{0, 0, 10}, {0, 1, 9}, {1, 0, 8}, {1, 1, 1}});
  const Matching exact = solveOk(g);
  EXPECT_EQ(exact.objective, 17);
  EXPECT_EQ(exact.mentorOfMentee, (std::vector<int32_t>{1, 0}));
  const Matching greedy = solveGreedy(g);
  EXPECT_EQ(greedy.objective, 11);
  EXPECT_EQ(greedy.mentorOfMentee, (std::vector<int32_t>{0, 1}));
}

TEST(FlowSolver, HandMadeCapacityTwo) {
  // Mentor 0 takes two of three mentees; the third goes to mentor 1 (its only other option).
  const CandidateGraph g = makeGraph(
      2, 3, {2, 1}, {{0, 0, 5}, {0, 1, 5}, {0, 2, 6}, {1, 2, 2}, {1, 0, 1}});
  const Matching exact = solveOk(g);
  EXPECT_EQ(exact.objective, 12);  // {e1, e2} on m0 and e0 on m1, or {e0, e1} on m0 and e2 on m1
  EXPECT_TRUE(isFeasible(g, exact));
  EXPECT_EQ(exact.objective, BruteForce(g).best());
}

TEST(FlowSolver, LeavesAMenteeUnmatchedWhenThatIsBest) {
  // One mentor with one place, two mentees: only the better one is paired.
  const CandidateGraph g = makeGraph(1, 2, {1}, {{0, 0, 3}, {0, 1, 7}});
  const Matching exact = solveOk(g);
  EXPECT_EQ(exact.objective, 7);
  EXPECT_EQ(exact.mentorOfMentee, (std::vector<int32_t>{-1, 0}));
}

TEST(FlowSolver, AugmentingChain) {
  // A chain where every mentee must move off its greedy choice.
  const CandidateGraph g = makeGraph(
      3, 3, {1, 1, 1}, {{0, 0, 100}, {0, 1, 99}, {1, 1, 99}, {1, 2, 98}, {2, 2, 1}, {2, 0, 1}});
  const Matching exact = solveOk(g);
  EXPECT_EQ(exact.objective, BruteForce(g).best());
  EXPECT_EQ(exact.objective, 100 + 99 + 1);
  EXPECT_LE(solveGreedy(g).objective, exact.objective);
}

// Regression: a mentor that passed a unit on to r while it still had room used to drop its price
// below the hub's (it ignored that mentor -> r stays residual), so the next mentee went unmatched.
TEST(FlowSolver, MentorWithRoomLeftStaysAttractive) {
  const CandidateGraph g =
      makeGraph(5, 4, {0, 2, 0, 3, 3}, {{3, 0, 2}, {1, 3, 2}, {3, 2, 2}});
  const Matching m = solveOk(g);
  EXPECT_EQ(m.objective, 6);
  EXPECT_EQ(m.mentorOfMentee, (std::vector<int32_t>{3, -1, 3, 1}));
}

TEST(FlowSolver, LargeCapacitiesAndTiesMatchSuccessiveShortestPaths) {
  std::mt19937 rng(11);
  for (int round = 0; round < 10; ++round) {
    CandidateGraph g = sparseGraph(rng, 12, 300, 40, 6, round % 2 == 0 ? 3 : 1000);
    const Matching m = solveOk(g);
    ASSERT_TRUE(isFeasible(g, m));
    EXPECT_EQ(m.objective, successiveShortestPaths(g)) << "round " << round;
  }
}

TEST(FlowSolver, RandomSmallInstancesMatchBruteForce) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int32_t> mentorsDist(1, 6);
  std::uniform_int_distribution<int32_t> menteesDist(1, 7);
  std::uniform_real_distribution<double> densityDist(0.1, 0.9);
  int greedyStrictlyWorse = 0;
  for (int round = 0; round < 600; ++round) {
    const int64_t maxScore = round % 3 == 0 ? 3 : (round % 3 == 1 ? 100 : 1000000);
    const CandidateGraph g = randomGraph(rng, mentorsDist(rng), menteesDist(rng), 3,
                                         densityDist(rng), maxScore);
    const Matching exact = solveOk(g);
    ASSERT_TRUE(isFeasible(g, exact)) << "round " << round;
    ASSERT_EQ(exact.objective, BruteForce(g).best()) << "round " << round << ": " << describe(g);
    const Matching greedy = solveGreedy(g);
    ASSERT_TRUE(isFeasible(g, greedy)) << "round " << round;
    ASSERT_LE(greedy.objective, exact.objective) << "round " << round;
    if (greedy.objective < exact.objective) ++greedyStrictlyWorse;
  }
  EXPECT_GT(greedyStrictlyWorse, 0);
}

TEST(FlowSolver, GreedyIsFeasibleAndNeverBeatsExact) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    const CandidateGraph g = sparseGraph(rng, 40, 150, 4, 6, 50);
    const Matching exact = solveOk(g);
    const Matching greedy = solveGreedy(g);
    ASSERT_TRUE(isFeasible(g, greedy));
    ASSERT_TRUE(isFeasible(g, exact));
    ASSERT_LE(greedy.objective, exact.objective);
  }
}

TEST(FlowSolver, GreedyBreaksTiesByMenteeThenMentor) {
  const CandidateGraph g = makeGraph(2, 2, {1, 1}, {{1, 1, 5}, {0, 1, 5}, {1, 0, 5}, {0, 0, 5}});
  const Matching greedy = solveGreedy(g);
  EXPECT_EQ(greedy.mentorOfMentee, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(greedy.objective, 10);
}

TEST(FlowSolver, MatchesSuccessiveShortestPathsOnMediumInstances) {
  std::mt19937 rng(99);
  for (int round = 0; round < 8; ++round) {
    const CandidateGraph g = sparseGraph(rng, 60, 240, 5, 8, round % 2 == 0 ? 20 : 100000);
    const Matching exact = solveOk(g);
    ASSERT_TRUE(isFeasible(g, exact));
    EXPECT_EQ(exact.objective, successiveShortestPaths(g)) << "round " << round;
    EXPECT_FALSE(hasNegativeResidualCycle(g, exact)) << "round " << round;
  }
}

TEST(FlowSolver, MediumRandomInstanceIsFeasibleOptimalAndBeatsGreedy) {
  std::mt19937 rng(12345);
  const CandidateGraph g = sparseGraph(rng, 400, 2000, 5, 10, 100000);
  const Matching exact = solveOk(g);
  ASSERT_TRUE(isFeasible(g, exact));
  const Matching greedy = solveGreedy(g);
  ASSERT_TRUE(isFeasible(g, greedy));
  EXPECT_GE(exact.objective, greedy.objective);
  EXPECT_FALSE(hasNegativeResidualCycle(g, exact));
}

TEST(FlowSolver, ManyTiesStillOptimalAndDeterministic) {
  std::mt19937 rng(3);
  for (int round = 0; round < 20; ++round) {
    const CandidateGraph g = sparseGraph(rng, 30, 100, 3, 5, 2);
    const Matching a = solveOk(g);
    const Matching b = solveOk(g);
    ASSERT_TRUE(isFeasible(g, a));
    EXPECT_EQ(a.mentorOfMentee, b.mentorOfMentee);
    EXPECT_EQ(a.objective, successiveShortestPaths(g));
  }
}

TEST(FlowSolver, DeterministicAndIndependentOfEdgeOrder) {
  std::mt19937 rng(42);
  CandidateGraph g = sparseGraph(rng, 80, 400, 3, 12, 7);  // small score range: many ties
  const Matching first = solveOk(g);
  const Matching second = solveOk(g);
  EXPECT_EQ(first.mentorOfMentee, second.mentorOfMentee);
  EXPECT_EQ(first.objective, second.objective);
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  const Matching shuffled = solveOk(g);
  EXPECT_EQ(first.mentorOfMentee, shuffled.mentorOfMentee);
}

// Above 100,000 arcs each phase's first step runs on several threads: the matching is the same
// whatever their number (ties included: scores 1..3).
TEST(FlowSolver, SameMatchingWhateverTheThreads) {
  std::mt19937 rng(8);
  const CandidateGraph g = sparseGraph(rng, 1500, 12000, 4, 10, 3);
  ASSERT_GE(g.edges.size(), 100'000u);
  std::vector<Matching> got;
  for (int threads : {1, 2, 3}) {
    SolveOptions options;
    options.threads = threads;
    core::Result<Matching> r = solveExact(g, options);
    ASSERT_TRUE(r.isOk()) << r.status().toString();
    got.push_back(std::move(r).value());
  }
  ASSERT_TRUE(isFeasible(g, got[0]));
  EXPECT_GE(got[0].objective, solveGreedy(g).objective);
  for (size_t t = 1; t < got.size(); ++t) {
    EXPECT_EQ(got[t].objective, got[0].objective);
    EXPECT_EQ(got[t].mentorOfMentee, got[0].mentorOfMentee);
  }
}

TEST(FlowSolver, EmptyGraph) {
  const Matching m = solveOk(CandidateGraph{});
  EXPECT_TRUE(m.mentorOfMentee.empty());
  EXPECT_EQ(m.objective, 0);

  const Matching noEdges = solveOk(makeGraph(2, 3, {1, 1}, {}));
  EXPECT_EQ(noEdges.mentorOfMentee, (std::vector<int32_t>{-1, -1, -1}));
  EXPECT_EQ(noEdges.objective, 0);
}

TEST(FlowSolver, ZeroCapacityMentorsTakeNobody) {
  const CandidateGraph g =
      makeGraph(3, 3, {0, 1, 0}, {{0, 0, 100}, {1, 0, 1}, {2, 1, 50}, {1, 2, 3}, {0, 2, 9}});
  const Matching m = solveOk(g);
  EXPECT_EQ(m.mentorOfMentee, (std::vector<int32_t>{-1, -1, 1}));
  EXPECT_EQ(m.objective, 3);

  const CandidateGraph allZero = makeGraph(2, 2, {0, 0}, {{0, 0, 5}, {1, 1, 5}});
  EXPECT_EQ(solveOk(allZero).mentorOfMentee, (std::vector<int32_t>{-1, -1}));
}

TEST(FlowSolver, MenteeWithoutEdgesStaysUnmatched) {
  const CandidateGraph g = makeGraph(2, 4, {2, 2}, {{0, 0, 4}, {1, 0, 6}, {0, 3, 2}});
  const Matching m = solveOk(g);
  EXPECT_EQ(m.mentorOfMentee, (std::vector<int32_t>{1, -1, -1, 0}));
  EXPECT_EQ(m.objective, 8);
}

TEST(FlowSolver, LargeScoresWithinBoundAreExact) {
  std::mt19937 rng(5);
  for (int round = 0; round < 50; ++round) {
    const CandidateGraph g = randomGraph(rng, 5, 6, 2, 0.6, std::numeric_limits<int32_t>::max());
    const Matching m = solveOk(g);
    ASSERT_TRUE(isFeasible(g, m));
    ASSERT_EQ(m.objective, BruteForce(g).best());
  }
}

void expectInvalid(const CandidateGraph& g, const std::string& fragment) {
  const core::Result<Matching> r = solveExact(g);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().message();
}

TEST(FlowSolver, InvalidGraphsAreRejected) {
  expectInvalid(makeGraph(2, 2, {1}, {}), "capacity has 1 entries, mentorCount is 2");
  expectInvalid(makeGraph(-1, 2, {}, {}), "negative mentorCount");
  expectInvalid(makeGraph(1, -2, {1}, {}), "negative mentorCount or menteeCount");
  expectInvalid(makeGraph(2, 2, {1, -1}, {}), "mentor 1 has negative capacity -1");
  expectInvalid(makeGraph(2, 2, {1, 1}, {{0, 0, 1}, {2, 1, 3}}),
                "edge 1: mentor 2 out of range [0, 2)");
  expectInvalid(makeGraph(2, 2, {1, 1}, {{-1, 0, 1}}), "edge 0: mentor -1 out of range");
  expectInvalid(makeGraph(2, 2, {1, 1}, {{0, 5, 1}}), "edge 0: mentee 5 out of range [0, 2)");
  expectInvalid(makeGraph(2, 2, {1, 1}, {{0, 0, 0}}), "edge 0: score must be > 0, got 0");
  expectInvalid(makeGraph(2, 2, {1, 1}, {{0, 0, -4}}), "score must be > 0, got -4");
  expectInvalid(makeGraph(2, 2, {1, 1}, {{0, 0, 1}, {1, 1, 2}, {0, 0, 3}}),
                "duplicate edge (mentor 0, mentee 0) at edges 0 and 2");
  expectInvalid(makeGraph(1, 1, {1}, {{0, 0, int64_t{1} << 40}}), "exceeds the solver bound");
}

TEST(FlowSolver, RejectsScoresBeyondThePriceBound) {
  // 8 * n * (n+1) * maxScore must stay under 2^62: 2,000,000 nodes with scores near 2^31 do not.
  CandidateGraph g = makeGraph(1, 2'000'000, {1}, {{0, 0, 2'000'000'000}});
  expectInvalid(g, "exceed the solver's 64-bit price bound");
}

TEST(FlowSolver, ReportsProgressMonotonicallyAndBounded) {
  std::mt19937 rng(1);
  const CandidateGraph g = sparseGraph(rng, 50, 200, 3, 5, 100000);
  std::vector<double> calls;
  SolveOptions options;
  options.progress = [&](double f) { calls.push_back(f); };
  ASSERT_TRUE(solveExact(g, options).isOk());
  ASSERT_FALSE(calls.empty());
  EXPECT_LE(calls.size(), 32u);
  EXPECT_TRUE(std::is_sorted(calls.begin(), calls.end()));
  EXPECT_GE(calls.front(), 0.0);
  EXPECT_DOUBLE_EQ(calls.back(), 1.0);
}

}  // namespace
}  // namespace tandem::pairing
