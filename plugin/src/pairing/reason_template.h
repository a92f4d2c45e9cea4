// Why a participant is left without a pair (or out of one side of the candidate graph), as a
// template key with its arguments, and the English sentence of that key and those arguments.
//
// The server keeps the English sentence (UnmatchedPerson::reason, IneligiblePerson::reason) for
// API clients and stored runs; a user interface words the same reason in its reader's language
// from the key and the arguments (ui_assets/i18n: "hr.pairing.unmatchedReason.<key>"). The code
// that finds a reason builds only (key, args); englishReason() is the one place the English words
// live, so the sentence and the template cannot drift apart. A unit test renders every key with
// the English catalogue and compares it with englishReason().
//
// Keys and their arguments (every value is text: numbers in decimal, years without trailing
// zeros, names as given):
//   ineligible.<variant>  {person, side, ...}: an eligibility rule of the program excludes the
//                         person from a side; side is "mentor" or "mentee". Variants:
//     employeeType {employeeType}       the type, lower case ("employee" when the person has none)
//     departmentNotAllowed {department} departmentUnknown {}  (not in the allowed departments)
//     departmentExcluded {department}
//     levelUnknown {}   levelBelow {level, min}   levelAbove {level, max}
//     tenureUnknown {}  tenureBelow {years}       tenureAbove {years}
//   unmatched.noMentors {}                   no mentor is eligible or has capacity left
//   unmatched.noOtherMentor {person}         the only eligible mentor is the mentee themself
//   unmatched.noCandidate {person, eliminated, considered, constraint, + the constraint's own}
//                                            (mentee) every mentor refused; `constraint` refused
//                                            `eliminated` of the `considered` mentors
//   unmatched.capacity {person, candidates}  (mentee) every candidate mentor went to others
//   unmatched.noMentees {}                   no mentee is left to pair
//   unmatched.notAmongCandidates {person}    (mentor) in no mentee's candidate list
//   unmatched.notSelected {person, mentees}  (mentor) a candidate of `mentees` mentees, not chosen
// A hard constraint inside a reason: `constraint` is its constraintName ("level_gap", ...); two
// have arguments: level_gap {gap, years} (minimum level gap, tenure fallback years) and
// availability {minutes} (minimum weekly overlap).
//
// Thread-safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem::pairing {

// Template arguments, in a fixed order per key (name, value as text).
using ReasonArgs = std::vector<std::pair<std::string, std::string>>;

struct ReasonTemplate {
  std::string key;  // e.g. "unmatched.capacity"
  ReasonArgs args;
};

// The English sentence of a reason. A missing argument reads as empty text. An unknown key is a
// bug (asserted); it gives the key itself in a release build.
std::string englishReason(std::string_view key, const ReasonArgs& args);
inline std::string englishReason(const ReasonTemplate& reason) {
  return englishReason(reason.key, reason.args);
}

// The English text of the hard constraint named by the argument "constraint" (with the
// constraint's own arguments, see above), e.g. "HR blocked the pair"; an unknown name is a bug
// (asserted) and gives "".
std::string englishConstraint(const ReasonArgs& args);

}  // namespace tandem::pairing
