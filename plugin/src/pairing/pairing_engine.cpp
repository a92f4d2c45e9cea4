#include "pairing/pairing_engine.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>
#include <string_view>

#include "pairing/canonical_input.h"

namespace tandem::pairing {

namespace {

// SHA-256 (hex, lower case) of text; kInternal if OpenSSL fails.
core::Result<std::string> textHash(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return core::internalError("SHA-256 of the pairing input failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}


}  // namespace

std::string_view pairOriginName(PairOrigin origin) {
  switch (origin) {
    case PairOrigin::kSolver:
      return "solver";
    case PairOrigin::kPin:
      return "pin";
    case PairOrigin::kKept:
      return "kept";
  }
  return "solver";
}

core::Result<std::string> inputHash(const PairingInput& input) {
  return textHash(canonicalInputText(input));
}

core::Result<PairingResult> runPairing(const PairingInput& input, const SolverFn& solver,
                                       int threads, std::string* canonicalText) {
  auto scorerOr = PairScorer::create(input);
  if (!scorerOr.isOk()) return scorerOr.status();
  const PairScorer& scorer = *scorerOr;
  const ProgramSettings& settings = scorer.settings();
  PairingResult result;
  std::string text = canonicalInputText(input);
  auto hash = textHash(text);
  if (!hash.isOk()) return hash.status();
  result.inputHash = *hash;
  if (canonicalText == nullptr) std::string().swap(text);  // not wanted: free it now

  // 1. Pins and kept pairs.
  const ConstraintChecker checker(input, scorer);
  std::set<std::pair<int64_t, int64_t>> blocked;
  for (const auto& b : input.blocks) {
    blocked.emplace(b.mentorId, b.menteeId);
    blocked.emplace(b.menteeId, b.mentorId);
  }
  struct Fixed {
    PersonPair pair;
    PairOrigin origin;
  };
  std::map<int64_t, Fixed> fixedByMentee;
  auto place = [&](const std::vector<PersonPair>& list, const char* name,
                   PairOrigin origin) -> core::Status {
    for (size_t i = 0; i < list.size(); ++i) {
      const PersonPair& p = list[i];
      const std::string where = std::string(name) + "[" + std::to_string(i) + "]";
      for (int64_t id : {p.mentorId, p.menteeId}) {
        if (scorer.indexOf(id) < 0) {
          return core::invalidArgument(where + ": person " + std::to_string(id) +
                                       " is not a participant");
        }
      }
      if (p.mentorId == p.menteeId) {
        return core::invalidArgument(where + ": a person cannot mentor themselves");
      }
      if (blocked.count({p.mentorId, p.menteeId}) != 0) {
        return core::invalidArgument(where + ": the pair " + std::to_string(p.mentorId) + " -> " +
                                     std::to_string(p.menteeId) + " is also blocked");
      }
      const uint32_t failed =
          checker.check(scorer.indexOf(p.mentorId), scorer.indexOf(p.menteeId), true);
      if ((failed & (1u << static_cast<unsigned>(Constraint::kReportingChain))) != 0) {
        return core::failedPrecondition(
            where + ": " + std::to_string(p.mentorId) + " and " + std::to_string(p.menteeId) +
            " are in the same reporting chain; that rule is always on, even for HR pins");
      }
      auto [it, inserted] = fixedByMentee.emplace(p.menteeId, Fixed{p, origin});
      if (!inserted) {
        if (it->second.pair.mentorId != p.mentorId) {
          return core::invalidArgument(where + ": mentee " + std::to_string(p.menteeId) +
                                       " would have two mentors (" +
                                       std::to_string(it->second.pair.mentorId) + " and " +
                                       std::to_string(p.mentorId) + ")");
        }
        if (origin == PairOrigin::kKept) it->second.origin = PairOrigin::kKept;
      }
    }
    return core::Status::ok();
  };
  TDM_RETURN_IF_ERROR(place(input.kept, "kept", PairOrigin::kKept));
  TDM_RETURN_IF_ERROR(place(input.pins, "pins", PairOrigin::kPin));

  CandidateBuildOptions options;
  options.threads = threads;
  for (const auto& [mentee, f] : fixedByMentee) {
    options.assignedMentees.insert(mentee);
    ++options.capacityUsed[f.pair.mentorId];
  }
  for (const auto& [mentor, used] : options.capacityUsed) {
    const auto& p = scorer.person(scorer.indexOf(mentor));
    const int cap = p.capacity.value_or(settings.defaultCapacity);
    if (used > cap) {
      return core::failedPrecondition("mentor " + std::to_string(mentor) + " has capacity " +
                                      std::to_string(cap) + " but " + std::to_string(used) +
                                      " pinned or kept mentees");
    }
  }

  // 2-3. Candidates for the rest.
  auto t0 = std::chrono::steady_clock::now();
  auto candidates = buildCandidates(input, scorer, options);
  if (!candidates.isOk()) return candidates.status();
  result.candidates = std::move(*candidates);
  result.metrics.candidateBuildMs = msSince(t0);
  const CandidateSet& cs = result.candidates;
  const CandidateGraph& graph = cs.graph;

  // 4. Solve, then check the matching against the graph.
  t0 = std::chrono::steady_clock::now();
  auto matching = solver(graph);
  result.metrics.solveMs = msSince(t0);
  if (!matching.isOk()) return matching.status();
  result.matching = std::move(*matching);
  const Matching& mm = result.matching;
  if (mm.mentorOfMentee.size() != static_cast<size_t>(graph.menteeCount)) {
    return core::internalError("the solver returned a matching of the wrong size");
  }
  std::vector<size_t> firstEdge(static_cast<size_t>(graph.menteeCount) + 1, 0);
  for (const auto& e : graph.edges) ++firstEdge[static_cast<size_t>(e.mentee) + 1];
  for (size_t i = 1; i < firstEdge.size(); ++i) firstEdge[i] += firstEdge[i - 1];
  std::vector<int32_t> load(static_cast<size_t>(graph.mentorCount), 0);
  std::vector<int32_t> edgesOfMentor(static_cast<size_t>(graph.mentorCount), 0);
  for (const auto& e : graph.edges) ++edgesOfMentor[static_cast<size_t>(e.mentor)];
  int64_t solverObjective = 0;
  for (int32_t e = 0; e < graph.menteeCount; ++e) {
    const int32_t m = mm.mentorOfMentee[static_cast<size_t>(e)];
    if (m < 0) continue;
    if (m >= graph.mentorCount) return core::internalError("the solver returned an unknown mentor");
    const auto begin = graph.edges.begin() + static_cast<std::ptrdiff_t>(firstEdge[static_cast<size_t>(e)]);
    const auto end = graph.edges.begin() + static_cast<std::ptrdiff_t>(firstEdge[static_cast<size_t>(e) + 1]);
    auto it = std::find_if(begin, end, [&](const CandidateEdge& x) { return x.mentor == m; });
    if (it == end) return core::internalError("the solver returned a pair that is not a candidate");
    if (++load[static_cast<size_t>(m)] > graph.capacity[static_cast<size_t>(m)]) {
      return core::internalError("the solver exceeded a mentor's capacity");
    }
    solverObjective += it->score;
  }
  result.solverObjective = solverObjective;

  // 5. Pairs with explanations.
  for (const auto& [mentee, f] : fixedByMentee) {
    const int32_t a = scorer.indexOf(f.pair.mentorId);
    const int32_t b = scorer.indexOf(mentee);
    PairScore s = scorer.explain(a, b);
    PairingPair pair{f.pair.mentorId, mentee, s.total, std::move(s.parts), f.origin, {}};
    const uint32_t failed = checker.check(a, b, true);
    for (int c = 0; c < kConstraintCount; ++c) {
      if ((failed & (1u << static_cast<unsigned>(c))) != 0) {
        pair.overrides.emplace_back(constraintName(static_cast<Constraint>(c)));
      }
    }
    for (const auto& inel : cs.ineligible) {
      if ((inel.personId == f.pair.mentorId && inel.side == PairingRole::kMentor) ||
          (inel.personId == mentee && inel.side == PairingRole::kMentee)) {
        pair.overrides.push_back("eligibility." + std::string(pairingRoleName(inel.side)) + "." +
                                 inel.rule);
      }
    }
    result.pairs.push_back(std::move(pair));
  }
  for (int32_t e = 0; e < graph.menteeCount; ++e) {
    const int32_t m = mm.mentorOfMentee[static_cast<size_t>(e)];
    if (m < 0) continue;
    const int32_t a = cs.mentorPerson[static_cast<size_t>(m)];
    const int32_t b = cs.menteePerson[static_cast<size_t>(e)];
    PairScore s = scorer.explain(a, b);
    result.pairs.push_back({cs.mentorIds[static_cast<size_t>(m)],
                            cs.menteeIds[static_cast<size_t>(e)], s.total, std::move(s.parts),
                            PairOrigin::kSolver, {}});
  }
  std::sort(result.pairs.begin(), result.pairs.end(), [](const PairingPair& x, const PairingPair& y) {
    return std::tie(x.menteeId, x.mentorId) < std::tie(y.menteeId, y.mentorId);
  });
  for (const auto& p : result.pairs) result.objective += p.score;

  // Unmatched, with reasons.
  std::set<int64_t> pairedMentors;
  std::set<int64_t> pairedMentees;
  for (const auto& p : result.pairs) {
    pairedMentors.insert(p.mentorId);
    pairedMentees.insert(p.menteeId);
  }
  std::map<std::pair<int64_t, PairingRole>, const IneligiblePerson*> ineligible;
  for (const auto& i : cs.ineligible) ineligible[{i.personId, i.side}] = &i;
  std::map<int64_t, const NoCandidate*> noCandidate;
  for (const auto& n : cs.noCandidate) noCandidate[n.menteeId] = &n;
  std::map<int64_t, int32_t> menteeDense;
  for (size_t e = 0; e < cs.menteeIds.size(); ++e) {
    menteeDense[cs.menteeIds[e]] = static_cast<int32_t>(e);
  }
  std::map<int64_t, int32_t> mentorDense;
  for (size_t m = 0; m < cs.mentorIds.size(); ++m) {
    mentorDense[cs.mentorIds[m]] = static_cast<int32_t>(m);
  }

  // A reason: its code, and its template key and arguments, worded in English once.
  auto unmatched = [&](int64_t id, PairingRole role, const char* code, ReasonTemplate why) {
    std::string reason = englishReason(why);
    result.unmatched.push_back(
        {id, role, code, std::move(reason), std::move(why.key), std::move(why.args)});
  };
  auto unmatchedIneligible = [&](const IneligiblePerson& n) {
    result.unmatched.push_back({n.personId, n.side, "ineligible", n.reason, n.reasonCode, n.args});
  };
  for (int32_t i = 0; i < scorer.size(); ++i) {
    const PersonProfile& p = scorer.person(i);
    if (p.role != PairingRole::kMentee) ++result.metrics.mentors;
    if (p.role != PairingRole::kMentor) ++result.metrics.mentees;
    // As a mentee.
    if (p.role != PairingRole::kMentor && pairedMentees.count(p.id) == 0) {
      constexpr PairingRole kAs = PairingRole::kMentee;
      if (auto it = ineligible.find({p.id, kAs}); it != ineligible.end()) {
        unmatchedIneligible(*it->second);
      } else if (graph.mentorCount == 0) {
        unmatched(p.id, kAs, "no_mentors", {"unmatched.noMentors", {}});
      } else if (auto nc = noCandidate.find(p.id); nc != noCandidate.end()) {
        const NoCandidate& n = *nc->second;
        if (n.mentorsConsidered == 0) {
          unmatched(p.id, kAs, "no_mentors", {"unmatched.noOtherMentor", {{"person", p.name}}});
        } else {
          ReasonArgs args = {
              {"person", p.name},
              {"eliminated", std::to_string(n.eliminated[static_cast<size_t>(n.mostCommon)])},
              {"considered", std::to_string(n.mentorsConsidered)}};
          for (auto& a : constraintArgs(n.mostCommon, settings)) args.push_back(std::move(a));
          unmatched(p.id, kAs, "no_candidate", {"unmatched.noCandidate", std::move(args)});
        }
      } else {
        const int32_t e = menteeDense.at(p.id);
        const size_t count =
            firstEdge[static_cast<size_t>(e) + 1] - firstEdge[static_cast<size_t>(e)];
        unmatched(
            p.id, kAs, "capacity",
            {"unmatched.capacity", {{"person", p.name}, {"candidates", std::to_string(count)}}});
      }
    }
    // As a mentor.
    if (p.role != PairingRole::kMentee && pairedMentors.count(p.id) == 0) {
      constexpr PairingRole kAs = PairingRole::kMentor;
      if (auto it = ineligible.find({p.id, kAs}); it != ineligible.end()) {
        unmatchedIneligible(*it->second);
      } else if (graph.menteeCount == 0) {
        unmatched(p.id, kAs, "no_mentees", {"unmatched.noMentees", {}});
      } else if (auto md = mentorDense.find(p.id);
                 md == mentorDense.end() || edgesOfMentor[static_cast<size_t>(md->second)] == 0) {
        unmatched(p.id, kAs, "no_candidate",
                  {"unmatched.notAmongCandidates", {{"person", p.name}}});
      } else {
        const int32_t count = edgesOfMentor[static_cast<size_t>(md->second)];
        unmatched(
            p.id, kAs, "not_selected",
            {"unmatched.notSelected", {{"person", p.name}, {"mentees", std::to_string(count)}}});
      }
    }
  }

  result.metrics.eligibleMentors = graph.mentorCount;
  result.metrics.eligibleMentees = graph.menteeCount;
  result.metrics.candidateEdges = static_cast<int64_t>(graph.edges.size());
  result.metrics.matched = static_cast<int32_t>(result.pairs.size());
  result.metrics.meanScore =
      result.pairs.empty()
          ? 0.0
          : static_cast<double>(result.objective) / 1000.0 / static_cast<double>(result.pairs.size());
  if (canonicalText != nullptr) *canonicalText = std::move(text);
  return result;
}

}  // namespace tandem::pairing
