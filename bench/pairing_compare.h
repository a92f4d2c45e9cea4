// What the pairing benchmarks share: wall-clock timing, peak RSS, a feasibility check of a
// matching, and LEMON's NetworkSimplex on the same circulation as Tandem's solver (compiled only
// with TANDEM_HAVE_LEMON). Header-only; benchmarks only.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "pairing/candidate_graph.h"

#ifdef TANDEM_HAVE_LEMON
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#endif

namespace tandem::bench {

using pairing::CandidateEdge;
using pairing::CandidateGraph;
using pairing::Matching;
using Clock = std::chrono::steady_clock;

// The instance size flags both pairing benchmarks take.
struct SizeFlags {
  int32_t mentees = 50'000;
  int32_t mentors = 10'000;
  int32_t k = 50;
  uint32_t seed = 1;
};

// Reads --mentees, --mentors, --k or --seed into `flags`; false for any other name.
inline bool parseSizeFlag(const std::string& name, const char* value, SizeFlags& flags) {
  if (name == "--mentees") {
    flags.mentees = static_cast<int32_t>(std::atol(value));
  } else if (name == "--mentors") {
    flags.mentors = static_cast<int32_t>(std::atol(value));
  } else if (name == "--k") {
    flags.k = static_cast<int32_t>(std::atol(value));
  } else if (name == "--seed") {
    flags.seed = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
  } else {
    return false;
  }
  return true;
}

inline double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Peak resident set size of this process so far, in KiB.
inline long peakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Whether m respects every capacity, uses only edges of g, and its objective is their sum.
inline bool feasible(const CandidateGraph& g, const Matching& m) {
  std::vector<int32_t> load(static_cast<std::size_t>(g.mentorCount), 0);
  std::vector<int64_t> scoreOf(static_cast<std::size_t>(g.menteeCount), -1);
  for (const CandidateEdge& e : g.edges) {
    if (m.mentorOfMentee[static_cast<std::size_t>(e.mentee)] == e.mentor) {
      scoreOf[static_cast<std::size_t>(e.mentee)] = e.score;
    }
  }
  int64_t sum = 0;
  for (std::size_t i = 0; i < m.mentorOfMentee.size(); ++i) {
    const int32_t j = m.mentorOfMentee[i];
    if (j < 0) continue;
    if (scoreOf[i] < 0) return false;
    sum += scoreOf[i];
    if (++load[static_cast<std::size_t>(j)] > g.capacity[static_cast<std::size_t>(j)]) return false;
  }
  return sum == m.objective;
}

#ifdef TANDEM_HAVE_LEMON
struct LemonResult {
  double buildMs = 0;
  double runMs = 0;
  int64_t objective = 0;
  bool optimal = false;
};

// The same circulation as the Tandem solver: hub -> mentee (cap 1), mentee -> mentor
// (cap 1, cost -score), mentor -> hub (cap capacity), all supplies 0.
inline LemonResult solveLemon(const CandidateGraph& g) {
  using Digraph = lemon::SmartDigraph;
  LemonResult result;
  const Clock::time_point buildStart = Clock::now();
  Digraph graph;
  const auto nodeCount = g.menteeCount + g.mentorCount + 1;
  const auto arcCount = static_cast<int>(g.edges.size()) + g.menteeCount + g.mentorCount;
  graph.reserveNode(nodeCount);
  graph.reserveArc(arcCount);
  std::vector<Digraph::Node> nodes;
  nodes.reserve(static_cast<std::size_t>(nodeCount));
  for (int n = 0; n < nodeCount; ++n) nodes.push_back(graph.addNode());
  const Digraph::Node hub = nodes.back();
  auto mentee = [&](int32_t i) { return nodes[static_cast<std::size_t>(i)]; };
  auto mentor = [&](int32_t j) { return nodes[static_cast<std::size_t>(g.menteeCount + j)]; };
  Digraph::ArcMap<int64_t> upper(graph);
  Digraph::ArcMap<int64_t> cost(graph);
  for (int32_t i = 0; i < g.menteeCount; ++i) {
    const Digraph::Arc a = graph.addArc(hub, mentee(i));
    upper[a] = 1;
    cost[a] = 0;
  }
  for (const CandidateEdge& e : g.edges) {
    const Digraph::Arc a = graph.addArc(mentee(e.mentee), mentor(e.mentor));
    upper[a] = 1;
    cost[a] = -e.score;
  }
  for (int32_t j = 0; j < g.mentorCount; ++j) {
    const Digraph::Arc a = graph.addArc(mentor(j), hub);
    upper[a] = g.capacity[static_cast<std::size_t>(j)];
    cost[a] = 0;
  }
  lemon::NetworkSimplex<Digraph, int64_t, int64_t> simplex(graph);
  simplex.upperMap(upper).costMap(cost);
  result.buildMs = msSince(buildStart);
  const Clock::time_point runStart = Clock::now();
  const auto status = simplex.run();
  result.runMs = msSince(runStart);
  result.optimal = status == lemon::NetworkSimplex<Digraph, int64_t, int64_t>::OPTIMAL;
  if (result.optimal) result.objective = -simplex.totalCost<int64_t>();
  return result;
}
#endif

}  // namespace tandem::bench
