// bench/pairing_solver: the exact pairing solver (tandem::pairing::solveExact) against LEMON's
// NetworkSimplex and the greedy baseline on one generated candidate graph.
//
// The graph: --mentees mentees, --mentors mentors with capacities uniform in 1..5, --k distinct
// candidate mentors per mentee drawn with Zipf-like popularity (exponent --zipf: a few mentors are
// candidates for most mentees), integer scores in 1..100000 skewed towards low values with a bonus
// for popular mentors. Prints, for each solver, wall time and objective, the Tandem/LEMON time
// ratio, the gain of the exact solution over greedy and the peak RSS after each step. Exits 1 when
// the exact objectives differ or the Tandem matching is infeasible. Not a test (never in CTest).
//
// Usage: bench_pairing_solver [--mentees 50000] [--mentors 10000] [--k 50] [--seed 1] [--zipf 1.0]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "pairing/candidate_graph.h"
#include "pairing/flow_solver.h"
#include "pairing/greedy_matcher.h"
#include "pairing_compare.h"


namespace {

using namespace tandem::bench;  // NOLINT(google-build-using-namespace): bench helpers

using tandem::pairing::CandidateEdge;
using tandem::pairing::CandidateGraph;
using tandem::pairing::Matching;

struct Flags : SizeFlags {
  double zipf = 1.0;
};

bool parseFlags(int argc, char** argv, Flags& flags) {
  for (int a = 1; a + 1 < argc; a += 2) {
    const std::string name = argv[a];
    const char* value = argv[a + 1];
    if (name == "--zipf") {
      flags.zipf = std::atof(value);
    } else if (!parseSizeFlag(name, value, flags)) {
      return false;
    }
  }
  if (argc % 2 == 0) return false;
  return flags.mentees > 0 && flags.mentors > 0 && flags.k > 0 && flags.k <= flags.mentors;
}

CandidateGraph generate(const Flags& flags) {
  std::mt19937_64 rng(flags.seed);
  CandidateGraph g;
  g.mentorCount = flags.mentors;
  g.menteeCount = flags.mentees;
  const auto mentors = static_cast<std::size_t>(flags.mentors);
  std::uniform_int_distribution<int32_t> capacity(1, 5);
  for (std::size_t j = 0; j < mentors; ++j) g.capacity.push_back(capacity(rng));
  // Popularity rank -> mentor (shuffled so popular mentors are spread over the index range).
  std::vector<int32_t> byRank(mentors);
  std::iota(byRank.begin(), byRank.end(), 0);
  std::shuffle(byRank.begin(), byRank.end(), rng);
  std::vector<double> cdf(mentors);
  std::vector<double> bonus(mentors);  // 1 for the most popular mentor, decaying with rank
  double total = 0;
  for (std::size_t r = 0; r < mentors; ++r) {
    total += std::pow(static_cast<double>(r + 1), -flags.zipf);
    cdf[r] = total;
    bonus[static_cast<std::size_t>(byRank[r])] = 1.0 / (1.0 + std::log1p(static_cast<double>(r)));
  }
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<uint32_t> seenAt(mentors, 0);
  std::vector<int32_t> picked;
  g.edges.reserve(static_cast<std::size_t>(flags.mentees) * static_cast<std::size_t>(flags.k));
  for (int32_t i = 0; i < flags.mentees; ++i) {
    picked.clear();
    const auto stamp = static_cast<uint32_t>(i) + 1;
    while (picked.size() < static_cast<std::size_t>(flags.k)) {
      const double u = unit(rng) * total;
      const auto r = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) -
                                              cdf.begin());
      const int32_t j = byRank[std::min(r, mentors - 1)];
      if (seenAt[static_cast<std::size_t>(j)] == stamp) continue;
      seenAt[static_cast<std::size_t>(j)] = stamp;
      picked.push_back(j);
    }
    for (int32_t j : picked) {
      const double u = unit(rng);
      const double quality = 0.35 * bonus[static_cast<std::size_t>(j)] + 0.65 * u * u;
      const auto score = static_cast<int64_t>(1.0 + 99'999.0 * std::min(1.0, quality));
      g.edges.push_back(CandidateEdge{j, i, score});
    }
  }
  return g;
}



}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!parseFlags(argc, argv, flags)) {
    std::fprintf(stderr,
                 "usage: %s [--mentees N] [--mentors N] [--k K] [--seed S] [--zipf X]\n", argv[0]);
    return 2;
  }
  Clock::time_point start = Clock::now();
  const CandidateGraph graph = generate(flags);
  std::printf("graph: %d mentees, %d mentors, %zu edges (k=%d, zipf=%.2f, seed=%u), generated in "
              "%.0f ms, peak RSS %ld MB\n",
              graph.menteeCount, graph.mentorCount, graph.edges.size(), flags.k, flags.zipf,
              flags.seed, msSince(start), peakRssKb() / 1024);

  start = Clock::now();
  tandem::core::Result<Matching> exact = tandem::pairing::solveExact(graph);
  const double tandemMs = msSince(start);
  if (!exact.isOk()) {
    std::printf("tandem: error %s\n", exact.status().toString().c_str());
    return 1;
  }
  const long tandemRss = peakRssKb();
  std::printf("tandem %-18s %9.1f ms  objective %lld  peak RSS %ld MB\n",
              std::string(tandem::pairing::kSolverVersion).c_str(), tandemMs,
              static_cast<long long>(exact->objective), tandemRss / 1024);
  if (!feasible(graph, *exact)) {
    std::printf("FAIL: the Tandem matching is infeasible\n");
    return 1;
  }

  start = Clock::now();
  const Matching greedy = tandem::pairing::solveGreedy(graph);
  const double greedyMs = msSince(start);
  std::printf("greedy                    %9.1f ms  objective %lld  peak RSS %ld MB\n", greedyMs,
              static_cast<long long>(greedy.objective), peakRssKb() / 1024);
  const auto matched = [](const Matching& m) {
    return std::count_if(m.mentorOfMentee.begin(), m.mentorOfMentee.end(),
                         [](int32_t j) { return j >= 0; });
  };
  std::printf("gain over greedy: %+.3f%% (matched: exact %td, greedy %td)\n",
              100.0 * static_cast<double>(exact->objective - greedy.objective) /
                  static_cast<double>(std::max<int64_t>(1, greedy.objective)),
              matched(*exact), matched(greedy));

#ifdef TANDEM_HAVE_LEMON
  const LemonResult lemon = solveLemon(graph);
  std::printf("lemon NetworkSimplex      %9.1f ms  objective %lld  (graph build %.1f ms, run %.1f "
              "ms) peak RSS %ld MB\n",
              lemon.runMs, static_cast<long long>(lemon.objective), lemon.buildMs, lemon.runMs,
              peakRssKb() / 1024);
  std::printf("tandem/lemon time ratio: %.3f (vs run only), %.3f (vs build + run)\n",
              tandemMs / lemon.runMs, tandemMs / (lemon.buildMs + lemon.runMs));
  if (!lemon.optimal || lemon.objective != exact->objective) {
    std::printf("FAIL: objectives differ (tandem %lld, lemon %lld%s)\n",
                static_cast<long long>(exact->objective), static_cast<long long>(lemon.objective),
                lemon.optimal ? "" : ", lemon not optimal");
    return 1;
  }
  std::printf("objectives equal: OK\n");
#else
  std::printf("LEMON not available\n");
#endif
  return 0;
}
