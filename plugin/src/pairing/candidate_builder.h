// Builds the sparse CandidateGraph of a pairing run from a PairingInput: who is eligible, which
// (mentor, mentee) pairs pass every hard constraint, and the top K mentors of each mentee.
//
// Eligibility: a mentor is a person with role mentor or both who passes
// settings.eligibility.mentor and has capacity left; a mentee has role mentee or both, passes
// settings.eligibility.mentee and is not already paired (pin or kept pair). Rules are checked in
// this order and the first failing one is reported: employee_type, department, level, tenure.
//
// Hard constraints (an absent edge is a forbidden pair): level gap with tenure fallback, reporting
// chain in both directions (always), department when required_different, shared language when
// required, minimum weekly availability overlap, no repeat of an earlier pair (either direction)
// unless allowed, HR blocks (either direction). A pair whose score is 0 is not a candidate either.
//
// Top K (K = settings.candidatesPerMentee), exactly:
//   1. Skill-sharing mentors of a mentee are the eligible mentors who teach at least one skill the
//      mentee wants to learn (at any level), found through an index skill -> teaching mentors.
//      The mentee's candidates are the K best admissible skill-sharing mentors with a positive
//      score, best = higher score, then lower mentor id.
//   2. When fewer than K such mentors exist, the remaining slots are filled with the best
//      admissible mentors (positive score) among all other eligible mentors, same order.
// So a mentee's candidate list is never longer than K, and a skill-sharing mentor always ranks
// before a non-sharing one (whatever the scores; non-sharing mentors only fill empty slots).
// The search is exact: upper bounds only skip mentors that cannot enter the top K. Per mentee,
// the skill parts of every skill-sharing mentor are summed word-parallel over bitsets of the
// mentors (each posting list, by decreasing teach level, cut into runs of one level; a wanted
// skill adds its quarters into a bit-sliced sum), the mentors are grouped by skill points (a group
// is a mask) and the groups visited best first, a group ending the search when its points plus
// every other part at its maximum cannot enter. Within a group the mentors are filtered by four
// yes/no facts held as bitsets (different department, shared language, a wanted skill the mentee
// teaches, a common UTC hour; internal/candidate_feature_index.h): the mentors with every fact
// first, then the others only when the maxima of the parts their facts allow can still enter.
// A mentor passing that gets a bound from a 64-byte key (exact department, language and reverse
// parts through per-mentee tables of its language set and learn list, availability at most 30
// minutes per common half-hour), and the mentors are evaluated by decreasing key bound (counting
// sort into bands) while the bound can enter: from a compact one-cache-line record, the exact
// parts (reverse from a table, availability from weekly bitsets of UTC hours, half-hours or
// quarter-hours and a popcount when both people's windows are aligned to them, else the scorer's
// interval walk), and the hard constraints last, only for a pair that would enter (reporting
// chain as a per-mentee bit set). Every number is the scorer's own (PairScorer::reversePoints,
// availabilityPoints...), so scores, ties and diagnostics equal the plain definition above; the
// visiting order changes only which mentors are skipped, never the K kept (the best K by score,
// then lower mentor id, whatever the order they are offered in).
//
// When top K loses the optimum: the solver is exact on the graph, but the graph is a subset of
// all admissible pairs. If a mentee's K best mentors are all taken by other mentees (for whom they
// score higher or who have no alternative), the mentee's (K+1)-th best mentor, absent from the
// graph, would have been needed: the mentee stays unmatched (or gets a worse pair) and the
// objective is below the optimum over all admissible pairs. With K >= the number of mentors the
// graph holds every admissible pair with a positive score and nothing is lost. The unit test
// CandidateBuilder.TopKCanLoseTheOptimum builds such an instance.
//
// Determinism: people are indexed by id; the result does not depend on input order or on the
// number of threads (mentees are cut into fixed chunks whose results are merged in mentee order).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pairing/candidate_graph.h"
#include "pairing/pair_scorer.h"
#include "pairing/pairing_input.h"
#include "pairing/reason_template.h"

namespace tandem::pairing {

// The hard constraints, in the order they are checked.
enum class Constraint : int {
  kLevelGap = 0,
  kReportingChain,
  kDepartment,
  kSharedLanguage,
  kAvailability,
  kRepeatPair,
  kBlocked,
  kZeroScore,  // every constraint passed but the score is 0
};
inline constexpr int kConstraintCount = 8;

// "level_gap", "reporting_chain", "department", "shared_language", "availability",
// "repeat_pair", "blocked", "zero_score".
std::string_view constraintName(Constraint c);
// The constraint as template arguments (reason_template.h): {"constraint": constraintName(c)}, and
// for kLevelGap "gap" and "years" (settings' minimum level gap and tenure fallback), for
// kAvailability "minutes" (minimum weekly overlap).
ReasonArgs constraintArgs(Constraint c, const ProgramSettings& settings);
// Plain English, e.g. "the mentor must be at least 2 levels below the mentee (...)":
// englishConstraint(constraintArgs(c, settings)).
std::string constraintDescription(Constraint c, const ProgramSettings& settings);

// Checks the hard constraints of a (mentor, mentee) pair of scorer indices; returns a bit mask of
// the failing ones (bit i = Constraint i; kZeroScore is never set here). blocks and previous pairs
// are read from `input`. `all` = false stops at the first failure.
class ConstraintChecker {
 public:
  ConstraintChecker(const PairingInput& input, const PairScorer& scorer);
  uint32_t check(int32_t mentor, int32_t mentee, bool all) const;

 private:
  static uint64_t key(int32_t a, int32_t b);
  const PairScorer& scorer_;
  const HardConstraints& c_;
  double fallbackDays_ = 0;
  std::vector<uint64_t> blocked_;   // sorted keys, unordered pairs
  std::vector<uint64_t> previous_;  // sorted keys, unordered pairs
};

// A person left out of one side of the graph.
struct IneligiblePerson {
  int64_t personId = 0;
  PairingRole side = PairingRole::kMentee;  // kMentor or kMentee
  std::string rule;    // "employee_type" | "department" | "level" | "tenure"
  std::string reason;  // plain English: englishReason(reasonCode, args)
  // The same reason as a template key, "ineligible.*", and its arguments (reason_template.h).
  std::string reasonCode;
  ReasonArgs args;
};

// Why a mentee got no candidate: per constraint, the number of eligible mentors it refused (a
// mentor refused by several constraints counts for each), and the most common one (ties: the
// first in Constraint order). mentorsConsidered = 0 means there was no eligible mentor.
struct NoCandidate {
  int64_t menteeId = 0;
  std::array<int32_t, kConstraintCount> eliminated{};
  Constraint mostCommon = Constraint::kLevelGap;
  int32_t mentorsConsidered = 0;
};

struct CandidateBuildOptions {
  std::map<int64_t, int32_t> capacityUsed;  // mentor id -> places already taken (pins, kept)
  std::set<int64_t> assignedMentees;        // mentees already paired: left out
  int threads = 0;                          // 0 = min(2, hardware threads)
};

struct CandidateSet {
  CandidateGraph graph;               // edges sorted by (mentee, mentor)
  std::vector<int64_t> mentorIds;     // dense mentor index -> employee id (ascending)
  std::vector<int64_t> menteeIds;     // dense mentee index -> employee id (ascending)
  std::vector<int32_t> mentorPerson;  // dense mentor index -> scorer index
  std::vector<int32_t> menteePerson;  // dense mentee index -> scorer index
  std::vector<IneligiblePerson> ineligible;  // by person id, then side
  std::vector<NoCandidate> noCandidate;      // eligible mentees with no edge, by id
};

// Builds the candidate graph. `scorer` must have been created from `input`. Errors: none today
// besides kInvalidArgument for an input the scorer refused; the Result leaves room for limits.
core::Result<CandidateSet> buildCandidates(const PairingInput& input, const PairScorer& scorer,
                                           const CandidateBuildOptions& options = {});

}  // namespace tandem::pairing
