// The greedy baseline pairing: reported next to the exact solution ("gain over greedy") and used
// by tests as a feasibility/quality reference. Thread-safety: a pure function.
#pragma once

#include "pairing/candidate_graph.h"

namespace tandem::pairing {

// Takes edges by score descending (ties: lower mentee, then lower mentor first) and keeps an edge
// when its mentee is still free and its mentor has capacity left. The graph must be valid (as
// solveExact checks it); indices out of range are a bug (asserted).
Matching solveGreedy(const CandidateGraph& graph);

}  // namespace tandem::pairing
