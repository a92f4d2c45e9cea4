// A pairing run: from a PairingInput to pairs with score breakdowns, the unmatched with reasons,
// metrics and an input hash. The solver is a parameter, so this code does not depend on which
// exact (or test) solver is used; production passes solveExact (flow_solver.h).
//
// Steps: (1) HR pins and kept pairs are placed first and always hold, even against the
// configurable hard constraints and eligibility (HR's decision; the pair lists what it overrides)
// -- but never against the reporting-chain rule, which is always on; (2) their mentors' capacity
// is reduced and their mentees leave the pool; (3) the candidate graph is built for the rest
// (candidate_builder.h: eligibility, hard constraints, blocks, top K); (4) the solver maximizes
// the total score on the graph; (5) every pair is explained and every participant left without a
// pair gets a reason.
//
// Determinism: the same input (in any order) gives the same pairs, unmatched, objective and hash,
// given a deterministic solver; only the timing metrics vary.
//
// Thread-safety: runPairing is reentrant; it may use worker threads internally (candidates).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "pairing/candidate_builder.h"
#include "pairing/candidate_graph.h"
#include "pairing/pair_scorer.h"
#include "pairing/pairing_input.h"

namespace tandem::pairing {

// Returns a matching of the graph; an error Status is passed through by runPairing.
using SolverFn = std::function<core::Result<Matching>(const CandidateGraph&)>;

enum class PairOrigin { kSolver, kPin, kKept };
std::string_view pairOriginName(PairOrigin origin);  // "solver" | "pin" | "kept"

struct PairingPair {
  int64_t mentorId = 0;
  int64_t menteeId = 0;
  int64_t score = 0;  // thousandths of a point
  std::vector<ScorePart> parts;
  PairOrigin origin = PairOrigin::kSolver;
  // For pins and kept pairs: the hard constraints (constraintName) and eligibility rules
  // ("eligibility.mentor.level", ...) the pair overrides; empty for solver pairs.
  std::vector<std::string> overrides;
};

// A participant left without a pair on one side.
//   code "ineligible"    the program's eligibility rules exclude them (reason names the rule)
//   code "no_mentors"    (mentee) no mentor is eligible in the run at all
//   code "no_mentees"    (mentor) no mentee is left to pair at all
//   code "no_candidate"  (mentee) every eligible mentor was refused by a hard constraint (or
//                        scores 0); the reason names the most common constraint
//                        (mentor) no mentee has this mentor among their top-K candidates
//   code "capacity"      (mentee) had candidates, but all were given to other pairs in the best
//                        overall matching
//   code "not_selected"  (mentor) was a candidate, but the best matching gave those mentees to
//                        other mentors
// reason is a plain English sentence naming the person; reasonCode and args are the same reason as
// a template key and its arguments (reason_template.h), so a UI can word it in its reader's
// language: "ineligible.*" (code "ineligible", as IneligiblePerson), "unmatched.noMentors" and
// "unmatched.noOtherMentor" (no_mentors), "unmatched.noCandidate" (no_candidate, mentee),
// "unmatched.notAmongCandidates" (no_candidate, mentor), "unmatched.capacity",
// "unmatched.noMentees", "unmatched.notSelected".
struct UnmatchedPerson {
  int64_t personId = 0;
  PairingRole role = PairingRole::kMentee;  // kMentor or kMentee
  std::string code;
  std::string reason;      // englishReason(reasonCode, args)
  std::string reasonCode;  // e.g. "unmatched.capacity"
  ReasonArgs args;
};

struct PairingMetrics {
  int32_t mentors = 0;          // participants with role mentor or both
  int32_t mentees = 0;          // participants with role mentee or both
  int32_t eligibleMentors = 0;  // mentors in the candidate graph (eligible, capacity left)
  int32_t eligibleMentees = 0;  // mentees in the candidate graph (eligible, not pinned or kept)
  int64_t candidateEdges = 0;
  double candidateBuildMs = 0;
  double solveMs = 0;
  int32_t matched = 0;          // pairs in the result, pins and kept included
  double meanScore = 0;         // mean pair score in points (0 when no pair)
};

struct PairingResult {
  std::vector<PairingPair> pairs;          // sorted by (mentee id, mentor id)
  std::vector<UnmatchedPerson> unmatched;  // by person id; a person's mentee side first
  int64_t objective = 0;        // sum of all pair scores (pins and kept included), thousandths
  int64_t solverObjective = 0;  // sum of the solver pairs' scores: the graph's optimum
  PairingMetrics metrics;
  std::string inputHash;        // SHA-256 hex of canonicalInputText(input)
  CandidateSet candidates;      // the graph solved, its index -> id maps and diagnostics
  Matching matching;            // the solver's matching on candidates.graph
};

// SHA-256 (hex, lower case) of canonicalInputText(input) (canonical_input.h). kInternal if OpenSSL
// fails.
core::Result<std::string> inputHash(const PairingInput& input);

// Runs the pairing. Errors: kInvalidArgument for a bad input (reference date, duplicate ids, a pin
// or kept pair naming an unknown person, a mentee with two pinned/kept mentors, a pair both pinned
// and blocked); kFailedPrecondition for a pin or kept pair inside a reporting chain or beyond the
// mentor's capacity; kInternal when the solver returns an invalid matching; the solver's own
// errors unchanged. When canonicalText is not null and the run succeeds, *canonicalText receives
// canonicalInputText(input), the text result.inputHash is the hash of (a stored run keeps it, so
// it is written once); it is left unchanged on error.
core::Result<PairingResult> runPairing(const PairingInput& input, const SolverFn& solver,
                                       int threads = 0, std::string* canonicalText = nullptr);

}  // namespace tandem::pairing
