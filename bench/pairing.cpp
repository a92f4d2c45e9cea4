// bench/pairing: Tandem's pairing end to end (candidate graph + exact solve) on a generated
// organisation, then the same candidate graph solved by LEMON's NetworkSimplex and by the greedy
// baseline.
//
// The instance: --mentees seniors and --mentors juniors (ids interleaved at random) in 12
// departments under a manager tree (so the reporting-chain rule bites), levels by role (mentors
// 1..4, mentees 5..12) with ~4% unknown levels and ~3% unknown hire dates (tenure fallback),
// ~2% contractors and interns (ineligible by default), languages (mostly English, a second or a
// local one for some), eight IANA time zones (one with a half-hour offset) and 1..4 weekly
// availability windows, capacities 1..5. Skills follow the seed catalogue (12 digital, 8
// business) with Zipf-like popularity: mentors teach 1..4 digital skills (levels 3..5) and want
// 0..2 business ones; mentees want 1..3 digital skills (levels 1..3) and teach 0..2 business ones.
// Program settings are the defaults (K = 50).
//
// In one run: runPairing with solveExact (candidates and solve timed separately and summed, the
// whole call too), then LEMON NetworkSimplex on the same graph (graph build and run timed
// separately) and solveGreedy. Prints wall times, objectives, the gain over greedy, the ratio
// Tandem solve / LEMON solve, the end-to-end time against the 2 s target and the peak RSS. Exits
// 1 when the exact objectives differ (or the run fails). Not a test (never in CTest).
// Last (after the peak RSS, which it would raise), outside the measured figure: what else the
// whole runPairing call spends (scorer preparation, the input hash), and the candidate graph built
// again on its own with its CPU time (user + system, every thread) next to the wall time and the
// load average: on a shared machine CPU time is the steadier number to compare builds with.
//
// Usage: bench_pairing [--mentees 50000] [--mentors 10000] [--k 50] [--seed 1] [--threads N]
// [--repeat R] (--threads defaults to the hardware concurrency; --repeat builds the candidate
// graph R times outside the figure, default 1, and prints the minimum and median of R > 1). LEMON is optional at configure time.
#include <sys/resource.h>

#include <cstdlib>  // getloadavg

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pairing/candidate_builder.h"
#include "pairing/candidate_graph.h"
#include "pairing/flow_solver.h"
#include "pairing/greedy_matcher.h"
#include "pairing/pairing_engine.h"
#include "pairing/pairing_input.h"
#include "pairing/pair_scorer.h"
#include "pairing_compare.h"


namespace {

using namespace tandem::bench;  // NOLINT(google-build-using-namespace): bench helpers

using tandem::mentoring::AvailabilityWindow;
using tandem::mentoring::Direction;
using tandem::pairing::CandidateEdge;
using tandem::pairing::CandidateGraph;
using tandem::pairing::Matching;
using tandem::pairing::PairingInput;
using tandem::pairing::PairingPerson;
using tandem::pairing::PairingRole;

constexpr double kTargetMs = 2000.0;

// User + system CPU time of the process so far, in ms.
double cpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0;
  };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

struct Flags : SizeFlags {
  int threads = 0;
  int repeat = 1;  // builds of the candidate graph outside the figure
};

bool parseFlags(int argc, char** argv, Flags& flags) {
  if (argc % 2 == 0) return false;
  for (int a = 1; a + 1 < argc; a += 2) {
    const std::string name = argv[a];
    const char* value = argv[a + 1];
    if (name == "--threads") {
      flags.threads = static_cast<int>(std::atol(value));
    } else if (name == "--repeat") {
      flags.repeat = static_cast<int>(std::atol(value));
    } else if (!parseSizeFlag(name, value, flags)) {
      return false;
    }
  }
  if (flags.threads <= 0) {
    flags.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }
  return flags.mentees > 0 && flags.mentors > 0 && flags.k >= 1 && flags.k <= 1000 &&
         flags.repeat >= 1 && flags.repeat <= 100;
}

// Draws from a Zipf-like distribution over n items (rank r with weight 1 / (r + 1)).
class Zipf {
 public:
  explicit Zipf(int n) {
    double total = 0;
    for (int r = 0; r < n; ++r) cdf_.push_back(total += 1.0 / (r + 1.0));
    for (double& c : cdf_) c /= total;
  }
  int operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return static_cast<int>(std::min<std::ptrdiff_t>(it - cdf_.begin(),
                                                     static_cast<std::ptrdiff_t>(cdf_.size()) - 1));
  }

 private:
  std::vector<double> cdf_;
};

std::string twoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// "HH:MM" of a minute of the day.
std::string clock(int minutes) { return twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60); }

PairingInput generate(const Flags& flags) {
  std::mt19937_64 rng(flags.seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

  PairingInput in;
  in.referenceDate = "2027-01-11";
  in.settings.candidatesPerMentee = flags.k;
  const char* digital[] = {"data-analysis",  "data-visualisation", "ai-tools",
                           "collaboration-tools", "social-media", "cybersecurity-hygiene",
                           "automation", "mobile-productivity", "cloud-basics",
                           "digital-marketing", "online-research", "video-content"};
  const char* business[] = {"business-strategy", "industry-practice", "business-terminology",
                            "leadership", "negotiation", "finance-basics",
                            "stakeholder-management", "career-navigation"};
  for (int s = 0; s < 12; ++s) in.skills[s + 1] = {"digital", digital[s], digital[s]};
  for (int s = 0; s < 8; ++s) in.skills[s + 13] = {"business", business[s], business[s]};
  const char* departments[] = {"Finance", "Sales",      "Marketing", "Operations",
                               "IT",      "HR",         "Legal",     "R&D",
                               "Supply",  "Customer",   "Strategy",  "Manufacturing"};
  const Zipf departmentOf(12);
  const char* zones[] = {"Europe/Paris",       "Europe/London",  "Europe/Berlin",
                         "America/New_York",   "America/Chicago", "America/Los_Angeles",
                         "Asia/Singapore",     "Asia/Kolkata"};
  const Zipf zoneOf(8);
  const char* secondLanguages[] = {"fr", "de", "es", "it", "pt", "nl", "ja", "zh"};
  const Zipf digitalOf(12);
  const Zipf businessOf(8);

  const int32_t total = flags.mentees + flags.mentors;
  // Roles interleaved at random over ids 1..total.
  std::vector<bool> isMentor(static_cast<size_t>(total), false);
  for (int32_t i = 0; i < flags.mentors; ++i) isMentor[static_cast<size_t>(i)] = true;
  std::shuffle(isMentor.begin(), isMentor.end(), rng);

  in.people.resize(static_cast<size_t>(total));
  for (int32_t i = 0; i < total; ++i) {
    PairingPerson& p = in.people[static_cast<size_t>(i)];
    const bool mentor = isMentor[static_cast<size_t>(i)];
    p.id = i + 1;
    p.displayName = (mentor ? "Junior " : "Senior ") + std::to_string(p.id);
    p.department = departments[departmentOf(rng)];
    p.role = mentor ? PairingRole::kMentor : PairingRole::kMentee;
    if (!chance(0.04)) p.level = mentor ? uniform(1, 4) : uniform(5, 12);
    if (!chance(0.03)) {
      const int yearsAgo = mentor ? uniform(0, 6) : uniform(3, 30);
      p.hireDate = std::to_string(2026 - yearsAgo) + "-" + twoDigits(uniform(1, 12)) + "-" +
                   twoDigits(uniform(1, 28));
    }
    if (chance(0.02)) p.employeeType = chance(0.5) ? "contractor" : "intern";
    if (chance(0.92)) p.languages.push_back("en");
    if (p.languages.empty() || chance(0.3)) p.languages.push_back(secondLanguages[uniform(0, 7)]);
    p.timeZone = zones[zoneOf(rng)];
    const int windows = uniform(1, 4);
    for (int w = 0; w < windows; ++w) {
      const int start = uniform(16, 34) * 30;  // 08:00 .. 17:00, on the hour or half hour
      const int length = uniform(2, 6) * 30;   // 1 h .. 3 h
      p.availability.push_back(AvailabilityWindow{uniform(1, 5), clock(start),
                                                  clock(std::min(start + length, 24 * 60))});
    }
    if (mentor) p.capacity = uniform(1, 5);
    auto addSkills = [&](const Zipf& zipf, int64_t offset, int count, Direction direction, int lo,
                         int hi) {
      for (int n = 0; n < count; ++n) {
        const int64_t id = offset + zipf(rng);
        const bool dup = std::any_of(p.skills.begin(), p.skills.end(), [&](const auto& s) {
          return s.skillId == id && s.direction == direction;
        });
        if (!dup) p.skills.push_back({id, direction, uniform(lo, hi)});
      }
    };
    if (mentor) {
      addSkills(digitalOf, 1, uniform(1, 4), Direction::kTeach, 3, 5);
      addSkills(businessOf, 13, uniform(0, 2), Direction::kLearn, 1, 2);
    } else {
      addSkills(digitalOf, 1, uniform(1, 3), Direction::kLearn, 1, 3);
      addSkills(businessOf, 13, uniform(0, 2), Direction::kTeach, 3, 5);
    }
  }

  // Manager tree: by department, every person reports to someone more senior in it (mentees by
  // level; mentors report to a mentee). About 1 in 8 seniors manages; chains are 3..6 deep.
  std::vector<std::vector<int32_t>> byDepartment(12);
  for (int32_t i = 0; i < total; ++i) {
    const auto& p = in.people[static_cast<size_t>(i)];
    const auto d = static_cast<size_t>(std::find_if(std::begin(departments), std::end(departments),
                                                    [&](const char* n) { return p.department == n; }) -
                                       std::begin(departments));
    byDepartment[d].push_back(i);
  }
  for (auto& members : byDepartment) {
    auto rank = [&](int32_t i) {
      const auto& p = in.people[static_cast<size_t>(i)];
      return p.role == PairingRole::kMentor ? 0 : p.level.value_or(6);
    };
    std::stable_sort(members.begin(), members.end(),
                     [&](int32_t a, int32_t b) { return rank(a) > rank(b); });
    std::vector<int32_t> managers;  // the seniors so far who manage
    for (int32_t i : members) {
      auto& p = in.people[static_cast<size_t>(i)];
      if (!managers.empty()) {
        const int32_t boss = managers[static_cast<size_t>(uniform(0, static_cast<int>(
                                                                     managers.size()) - 1))];
        const auto& b = in.people[static_cast<size_t>(boss)];
        p.managerChain.push_back(b.id);
        p.managerChain.insert(p.managerChain.end(), b.managerChain.begin(), b.managerChain.end());
      }
      if (p.role != PairingRole::kMentor && (managers.size() < 3 || chance(0.125)) &&
          p.managerChain.size() < 5) {
        managers.push_back(i);
      }
    }
  }
  return in;
}


}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!parseFlags(argc, argv, flags)) {
    std::fprintf(stderr,
                 "usage: %s [--mentees N] [--mentors N] [--k K] [--seed S] [--threads N] "
                 "[--repeat R]\n",
                 argv[0]);
    return 2;
  }
  Clock::time_point start = Clock::now();
  const PairingInput input = generate(flags);
  std::printf("instance: %d mentees, %d mentors (k=%d, seed=%u, threads=%d), generated in %.0f ms, "
              "peak RSS %ld MB\n",
              flags.mentees, flags.mentors, flags.k, flags.seed, flags.threads, msSince(start),
              peakRssKb() / 1024);

  start = Clock::now();
  auto run = tandem::pairing::runPairing(
      input, [](const CandidateGraph& g) { return tandem::pairing::solveExact(g); },
      flags.threads);
  const double runMs = msSince(start);
  if (!run.isOk()) {
    std::printf("FAIL: runPairing: %s\n", run.status().toString().c_str());
    return 1;
  }
  const auto& metrics = run->metrics;
  const CandidateGraph& graph = run->candidates.graph;
  const double endToEnd = metrics.candidateBuildMs + metrics.solveMs;
  std::printf("graph: %d mentees x %d mentors eligible, %zu edges, %zu mentees without candidate\n",
              graph.menteeCount, graph.mentorCount, graph.edges.size(),
              run->candidates.noCandidate.size());
  std::printf("tandem candidates          %9.1f ms\n", metrics.candidateBuildMs);
  std::printf("tandem solve %-14s %9.1f ms  objective %lld  matched %d  peak RSS %ld MB\n",
              std::string(tandem::pairing::kSolverVersion).c_str(), metrics.solveMs,
              static_cast<long long>(run->solverObjective), metrics.matched, peakRssKb() / 1024);
  std::printf("tandem end to end          %9.1f ms  (candidates + solve; target <= %.0f ms: %s)\n",
              endToEnd, kTargetMs, endToEnd <= kTargetMs ? "met" : "MISSED");
  std::printf("runPairing whole call      %9.1f ms  (also input hash, pins, explanations)\n",
              runMs);

  start = Clock::now();
  const Matching greedy = tandem::pairing::solveGreedy(graph);
  const double greedyMs = msSince(start);
  std::printf("greedy                     %9.1f ms  objective %lld\n", greedyMs,
              static_cast<long long>(greedy.objective));
  std::printf("gain over greedy: %+.3f%%\n",
              100.0 * static_cast<double>(run->solverObjective - greedy.objective) /
                  static_cast<double>(std::max<int64_t>(1, greedy.objective)));

#ifdef TANDEM_HAVE_LEMON
  const auto lemon = solveLemon(graph);
  std::printf("lemon NetworkSimplex       %9.1f ms  objective %lld  (graph build %.1f ms, run %.1f "
              "ms)  peak RSS %ld MB\n",
              lemon.runMs, static_cast<long long>(lemon.objective), lemon.buildMs, lemon.runMs,
              peakRssKb() / 1024);
  std::printf("tandem solve / lemon solve: %.3f (vs run), %.3f (vs build + run)\n",
              metrics.solveMs / lemon.runMs, metrics.solveMs / (lemon.buildMs + lemon.runMs));
  if (!lemon.optimal || lemon.objective != run->solverObjective) {
    std::printf("FAIL: objectives differ (tandem %lld, lemon %lld%s)\n",
                static_cast<long long>(run->solverObjective),
                static_cast<long long>(lemon.objective), lemon.optimal ? "" : ", lemon not optimal");
    return 1;
  }
  std::printf("objectives equal: OK\n");
#else
  std::printf("LEMON not available: no comparison\n");
#endif
  std::printf("peak RSS %ld MB\n", peakRssKb() / 1024);

  // Outside the figure: the other steps of runPairing, and the candidates again with CPU time.
  {
    start = Clock::now();
    auto scorer = tandem::pairing::PairScorer::create(input);
    const double scorerMs = msSince(start);
    start = Clock::now();
    auto hash = tandem::pairing::inputHash(input);
    const double hashMs = msSince(start);
    if (!scorer.isOk() || !hash.isOk()) {
      std::printf("FAIL: scorer or input hash\n");
      return 1;
    }
    tandem::pairing::CandidateBuildOptions options;
    options.threads = flags.threads;
    std::printf("outside the figure: scorer prepare %.1f ms, input hash %.1f ms, pins/check/"
                "explanations/unmatched %.1f ms\n",
                scorerMs, hashMs,
                runMs - metrics.candidateBuildMs - metrics.solveMs - scorerMs - hashMs);
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int r = 0; r < flags.repeat; ++r) {
      double load[1] = {0};
      const bool haveLoad = getloadavg(load, 1) == 1;
      const double cpu0 = cpuMs();
      start = Clock::now();
      auto again = tandem::pairing::buildCandidates(input, *scorer, options);
      wall.push_back(msSince(start));
      cpu.push_back(cpuMs() - cpu0);
      if (!again.isOk() || again->graph.edges.size() != graph.edges.size()) {
        std::printf("FAIL: candidates built again differ\n");
        return 1;
      }
      std::printf("candidates again           %9.1f ms wall, %.1f ms CPU (all threads), load "
                  "average %.2f\n",
                  wall.back(), cpu.back(), haveLoad ? load[0] : -1.0);
    }
    if (flags.repeat > 1) {
      auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
      };
      std::printf("candidates again, %d builds: wall min %.1f median %.1f ms, CPU min %.1f median "
                  "%.1f ms\n",
                  flags.repeat, *std::min_element(wall.begin(), wall.end()), median(wall),
                  *std::min_element(cpu.begin(), cpu.end()), median(cpu));
    }
  }
  return 0;
}
