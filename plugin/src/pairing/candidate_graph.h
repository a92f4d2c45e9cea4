// The candidate graph a pairing run solves: mentors and mentees as dense indices, one edge per
// allowed mentor-mentee pair with an integer score. Every hard constraint has already been applied
// when a graph is built (an absent edge is a forbidden pair), so solvers only see capacities and
// scores. Plain data; no thread-safety concerns.
#pragma once

#include <cstdint>
#include <vector>

namespace tandem::pairing {

// One allowed pair. score > 0 (a pair worth nothing is not a candidate); scores are the pair's
// score in thousandths of a point, so integer arithmetic is exact.
struct CandidateEdge {
  int32_t mentor = 0;  // 0 .. mentorCount-1
  int32_t mentee = 0;  // 0 .. menteeCount-1
  int64_t score = 0;
};

struct CandidateGraph {
  int32_t mentorCount = 0;
  int32_t menteeCount = 0;
  std::vector<int32_t> capacity;     // per mentor, >= 0 (mentees they may take)
  std::vector<CandidateEdge> edges;  // at most one edge per (mentor, mentee)
};

// A solution: each mentee has at most one mentor, each mentor at most capacity mentees.
struct Matching {
  std::vector<int32_t> mentorOfMentee;  // size menteeCount; -1 when unmatched
  int64_t objective = 0;                // sum of the scores of the matched edges
};

}  // namespace tandem::pairing
