// The exact pairing solver: a maximum-weight b-matching on a CandidateGraph (each mentee at most
// one mentor, each mentor at most capacity[m] mentees, matching a pair is optional), solved by
// cost scaling (see flow_solver.cpp for the algorithm, exactness and bounds).
// Thread-safety: solveExact is a pure function of its arguments; concurrent calls on distinct or
// shared (const) graphs are safe.
#pragma once

#include <functional>
#include <string_view>

#include "core/status.h"
#include "pairing/candidate_graph.h"

namespace tandem::pairing {

// Identifies the algorithm and its tie-breaking; stored with every pairing run so a run can be
// replayed. Change it whenever the solver may return a different optimum for the same graph.
inline constexpr std::string_view kSolverVersion = "cost-scaling-1";

struct SolveOptions {
  // Called with the fraction done (0..1, non-decreasing) a bounded number of times (once per
  // scaling phase, at most ~20), on the calling thread. May be empty.
  std::function<void(double)> progress;
  // Threads for the parallel part (each phase's first step, over the mentees); 0: up to 2, as
  // the hardware allows. The result does not depend on it.
  int threads = 0;
};

// Returns a maximum-weight matching: the objective is the largest possible sum of scores, and the
// result is the same for the same graph (edge order included or not: ties are broken by indices).
// kInvalidArgument, with a message naming the first offending item, when the graph is malformed:
// negative counts, capacity size != mentorCount, negative capacity, an index out of range, a
// score <= 0, a duplicate (mentor, mentee) edge, or sizes beyond the solver's integer bounds
// (score > 2^31-1, more than 2^31-1 edges or nodes, or (nodes+2)^2 * maxScore too large for
// 64-bit prices; see flow_solver.cpp). kResourceExhausted when memory runs out; kInternal if a
// run-time invariant guard trips (a bug). Never throws. Memory: ~8 bytes per edge plus O(nodes).
core::Result<Matching> solveExact(const CandidateGraph& graph, const SolveOptions& options = {});

}  // namespace tandem::pairing
