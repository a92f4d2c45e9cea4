#include "pairing/greedy_matcher.h"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tandem::pairing {

Matching solveGreedy(const CandidateGraph& graph) {
  std::vector<CandidateEdge> order(graph.edges);
  std::sort(order.begin(), order.end(), [](const CandidateEdge& a, const CandidateEdge& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.mentee != b.mentee) return a.mentee < b.mentee;
    return a.mentor < b.mentor;
  });
  Matching result;
  result.mentorOfMentee.assign(static_cast<std::size_t>(graph.menteeCount), -1);
  std::vector<int32_t> left(graph.capacity);
  for (const CandidateEdge& e : order) {
    assert(e.mentee >= 0 && e.mentee < graph.menteeCount);
    assert(e.mentor >= 0 && e.mentor < graph.mentorCount);
    int32_t& mentor = result.mentorOfMentee[static_cast<std::size_t>(e.mentee)];
    int32_t& room = left[static_cast<std::size_t>(e.mentor)];
    if (mentor >= 0 || room <= 0) continue;
    mentor = e.mentor;
    --room;
    result.objective += e.score;
  }
  return result;
}

}  // namespace tandem::pairing
