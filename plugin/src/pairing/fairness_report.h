// The fairness report of a pairing run, for HR: match rate and mean score by department and by
// career level band, per side (mentees, mentors), and the unmatched counted by reason code.
// Aggregates only: no person id or name appears, and no rate, matched count or score about fewer
// than minGroup people is shown or can be worked out from what is shown (see Suppression).
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
// Suppression. A reader is assumed to know who takes part and everyone's department and level (the
// directory): group sizes are not secret, outcomes are. So no figure about fewer than minGroup
// people may be derivable, be it shown or worked out from what is shown. Every figure is a sum over
// people: a matched count, and a score sum (meanScore times the pairs; a mentee has one pair at
// most, so a score sum can be derived wherever a matched count can). A combination of the shown
// figures of a side -- its totals, the shown groups of both dimensions -- weighs each person by a
// term for their department plus a term for their band, where every hidden group of a dimension
// weighs alike (their sum is the totals minus the shown groups: the dimension's "rest"). Such a
// combination singles people out only along a split of these classes (shown groups, rests) into two
// sides: it covers the people whose department class and band class lie on different sides (say a
// department of 8 minus a band holding 7 of them and no one else: the eighth person). Hence the
// rules, per side:
//  1. A group of fewer than minGroup people is hidden: only added into suppressedPeople.
//  2. Within a dimension, when the hidden people number 1..minGroup-1 (the totals minus the shown
//     groups would give them), the smallest shown group (fewest people, then first by name) is
//     hidden as well (complementary suppression). One always suffices: a shown group has at least
//     minGroup people. So suppressedPeople is 0, at least minGroup, or all of the side.
//  3. Across the dimensions: while a split of the classes cuts 1..minGroup-1 people, one more
//     group is hidden: the smallest shown group whose dimension's rest lies on the other side
//     (hiding it changes the split), else the smallest shown group with cut people; ties go to the
//     department, then the first name. Deterministic, not minimal. Rule 2 is the split of one rest
//     from all else; it runs first so that its choice is the one described.
// Also looked at, and left as they are:
//  - meanScore and the totals: covered above, as score sums are sums over people like matched
//    counts (rounding aside). Groups without pairs show null, which says matched is 0: no more.
//  - "unmatched": counts per reason code over the whole side, which is at least minGroup people.
//    A code is an outcome, like "matched", not a group: it can count fewer than minGroup people,
//    as a shown group's matched count can, and no cross table ties codes to groups. "ineligible"
//    follows from the program's rules and the directory, not from the run.
//  - The two sides: a person with role both is on each, with a different outcome per side. The
//    same pairs' scores make up both sides' score sums, but relating a mentee group to a mentor
//    group needs who is paired with whom, which the report does not show.
// The limit of any threshold rule: a reader who already knows the outcome of some members of a
// group (those the eligibility rules exclude are never matched, for one) learns about the others.
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
