// The fairness report of a pairing run, for HR: match rate and mean score by department and by
// career level band, per side (mentees, mentors), and the unmatched counted by reason code.
// Aggregates only: no person id or name appears, and no group of fewer than minGroup people is
// shown with a rate, a matched count or a score.
//
// Shape (keys sorted, groups sorted by name):
//   {"minGroup": 5,
//    "levelBands": ["0-2", "3-5", "6-8", "9+", "unknown"],
//    "mentees": SIDE, "mentors": SIDE}
//   SIDE = {"totals": {"people": N, "matched": M, "matchRate": 0..1, "meanScore": points|null},
//           "byDepartment": {"groups": [GROUP...], "suppressedPeople": S},
//           "byLevel":      {"groups": [GROUP...], "suppressedPeople": S},
//           "unmatched": {"capacity": n, "ineligible": n, ...}}
//   GROUP = {"name": "...", "people": N, "matched": M, "matchRate": 0..1, "meanScore": points|null}
// When a side has fewer than minGroup people, its totals hold only "people", its groups are all
// suppressed and "unmatched" is absent.
//
// Sides: mentees are participants with role mentee or both, mentors those with role mentor or
// both. A mentee is matched when they have a pair; a mentor when they have at least one. A
// group's meanScore is the mean score (points, rounded to 0.001) of the pairs of its members --
// for mentors, every pair of every mentor of the group counts once -- and null without pairs.
// matchRate is rounded to 0.0001. Departments: the empty department is "unknown". Level bands are
// fixed, three grades wide: "0-2", "3-5", "6-8", "9+", and "unknown" without a level.
//
// Groups smaller than minGroup are added into the dimension's suppressedPeople count only. The
// totals are shown, so suppressed people numbering 1..minGroup-1 could be recovered by subtracting
// the groups shown from the totals: then the smallest shown group (fewest people, then first by
// name) is suppressed as well, again until suppressedPeople is 0, at least minGroup, or every group
// of the dimension is suppressed (complementary suppression). So no figure of fewer than minGroup
// people can be derived from one dimension and the totals. The two dimensions are separate
// partitions with no cross table, so combining them isolates no cell either. "unmatched" counts
// people per reason code over the whole side (no group attribute); HR's review lists the
// unmatched people with their reasons anyway.
//
// Thread-safety: a pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pairing/pairing_engine.h"
#include "pairing/pairing_input.h"

namespace tandem::pairing {

inline constexpr int kFairnessMinGroup = 5;

// The level band of a career level as the report names it ("0-2", ..., "9+", "unknown").
std::string levelBand(const std::optional<int>& level);

// The report of `result`, a run of `input`. minGroup below 1 is treated as 1.
nlohmann::json fairnessReport(const PairingInput& input, const PairingResult& result,
                              int minGroup = kFairnessMinGroup);

}  // namespace tandem::pairing
