// The soft score of a (mentor, mentee) pair, as named parts with plain-language reasons.
//
// Parts (raw value in 0..1; points = weight x raw, kept as integer thousandths of a point; the
// total is the sum of the parts' thousandths, so it is exact and deterministic):
//   skills         Skills the mentee wants to learn x skills the mentor teaches. Each wanted skill
//                  the mentor teaches above the mentee's current level counts by the level gap
//                  (mentor's teach level - mentee's learn level): gap 1 -> 0.5, gap 2 -> 0.75,
//                  gap >= 3 -> 1; gap <= 0 -> 0. raw = sum / number of skills the mentee wants.
//   reverseSkills  The same in the other direction: skills the mentor wants to learn x skills the
//                  mentee teaches (in practice business skills), / number the mentor wants.
//   crossDepartment  1 when both departments are known and differ (case-insensitive), else 0.
//   languages      1 when they share at least one language (case-insensitive codes), else 0.
//   availability   Overlap of their weekly windows in UTC minutes, each person's windows converted
//                  with their time zone's UTC offset at the reference date; raw =
//                  min(overlap, 180) / 180 (three hours a week is a full score). An empty or
//                  unknown zone is treated as UTC and the reason says so.
//   intent         Stated intent to teach: 1 when the mentor lists as a teach skill, at level >= 3,
//                  a skill the mentee wants to learn; else 0.
// Never age, birth date, gender or ethnicity: the input has no such field.
//
// Thread-safety: a PairScorer is immutable after create(); its const methods may be called from
// several threads at once. It owns copies of what it needs (the input may be freed).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "pairing/pairing_input.h"
#include "pairing/reason_template.h"

namespace tandem::pairing {

struct ScorePart {
  std::string name;     // "skills", "reverseSkills", "crossDepartment", "languages",
                        // "availability", "intent"
  double weight = 0;    // from the settings
  double raw = 0;       // 0..1
  int64_t points = 0;   // weight x raw, in thousandths of a point (rounded)
  std::string reason;   // plain English, names the people and skills
  // The same reason as a template id and its arguments, so a UI can word it in the reader's
  // language (ui_assets/i18n: "match.reason.<code>"). Codes and arguments (values as text):
  //   skills.noneWanted {learner}           skills.noneTaught {teacher, learner, wanted, kind}
  //   skills.some {teacher, learner, count, wanted, kind, skills}
  //     (the skills part: teacher = mentor, learner = mentee; reverseSkills: the other way)
  //   department.unknown {person}           department.same {department}
  //   department.different {mentor, mentorDepartment, mentee, menteeDepartment}
  //   languages.shared {languages}          languages.unknown {person}
  //   languages.none {mentor, mentorLanguages, mentee, menteeLanguages}
  //   availability.missing {person, date}   availability.none {date}
  //   availability.overlap {minutes, date}
  //     (+ mentor, mentorZone, mentorZoneState, mentee, menteeZone, menteeZoneState; a state is
  //      "known", "none" (no zone: UTC) or "unknown" (a name the tz database lacks: UTC))
  //   intent.yes {mentor, mentee, skills, level}   intent.no {mentor, mentee, level}
  // kind is "digital", "business" or "" (mixed); lists are joined with ", ".
  std::string code;
  ReasonArgs args;
};

struct PairScore {
  int64_t total = 0;  // sum of the parts' points, thousandths
  std::vector<ScorePart> parts;
};

struct SkillLevel {
  int64_t skillId = 0;
  int level = 0;
};

// What the scorer and the candidate builder know of one person, prepared once.
struct PersonProfile {
  int64_t id = 0;
  std::string name;             // display name, or "person <id>" when empty
  std::string departmentName;   // as given
  int32_t department = -1;      // interned, case-insensitive; -1 = unknown
  std::optional<int> level;
  std::optional<int64_t> tenureDays;  // reference date - hire date; unset when unknown
  std::string employeeType;     // lower case; "employee" when empty
  PairingRole role = PairingRole::kMentee;
  std::optional<int> capacity;
  std::vector<int64_t> managerChain;
  std::vector<int32_t> languages;  // interned, sorted, unique
  std::vector<std::string> languageNames;  // lower case, sorted, unique
  std::vector<std::pair<int32_t, int32_t>> utcWindows;  // merged [start, end) minute of the week
  std::string timeZone;         // as given
  bool timeZoneKnown = false;   // false: treated as UTC
  std::vector<SkillLevel> teach;  // sorted by skill id, unique
  std::vector<SkillLevel> learn;  // sorted by skill id, unique
};

// Days since 1970-01-01 of a valid "YYYY-MM-DD" date; nullopt otherwise.
std::optional<int64_t> isoDateToDays(std::string_view date);

class PairScorer {
 public:
  // Prepares every person of the input. kInvalidArgument when the reference date is not a valid
  // YYYY-MM-DD date or two people share an id. People are indexed by ascending id.
  static core::Result<PairScorer> create(const PairingInput& input);

  int32_t size() const { return static_cast<int32_t>(people_.size()); }
  const PersonProfile& person(int32_t index) const { return people_[static_cast<size_t>(index)]; }
  // Index of the person with this id, or -1.
  int32_t indexOf(int64_t id) const;
  const ProgramSettings& settings() const { return settings_; }

  // Total score in thousandths; equals explain(mentor, mentee).total.
  int64_t score(int32_t mentor, int32_t mentee) const;
  // The score with every part and its reason.
  PairScore explain(int32_t mentor, int32_t mentee) const;

  // Building blocks used by the candidate builder's fast path; score() is
  // skillsPoints(quarters, wanted) + intentPoints(intent) + restPoints(mentor, mentee), where
  // quarters is the sum over wanted skills of 4 x the per-skill value (0, 2, 3 or 4).
  int64_t skillsPoints(int32_t quarters, int32_t wanted) const;
  int64_t intentPoints(bool intent) const;
  int64_t restPoints(int32_t mentor, int32_t mentee) const;
  // Upper bound of restPoints(mentor, any mentee).
  int64_t restUpperBound(int32_t mentor) const;
  // The parts of restPoints, each exactly as restPoints adds it:
  //   reversePoints(quarters, mentorWants)  the reverseSkills part (0 when quarters or mentorWants
  //                                         is <= 0); quarters as for skillsPoints
  //   departmentPoints()                    the crossDepartment part of a different-department pair
  //   languagePoints()                      the languages part of a pair sharing a language
  //   availabilityPoints(overlapMinutes)    the availability part (0 when the overlap is <= 0)
  // Each is non-decreasing in its argument.
  int64_t reversePoints(int32_t quarters, int32_t mentorWants) const;
  int64_t departmentPoints() const;
  int64_t languagePoints() const;
  int64_t availabilityPoints(int32_t overlapMinutes) const;

  // A teach level at or above this one on a wanted skill states the intent to teach.
  static constexpr int kIntentLevel = 3;
  // A weekly overlap of this many minutes gives the full availability part.
  static constexpr int32_t kFullOverlapMinutes = 180;

  // Weekly overlap in minutes of two people's availability (UTC).
  int32_t overlapMinutes(int32_t a, int32_t b) const;
  bool shareLanguage(int32_t a, int32_t b) const;
  bool differentDepartments(int32_t a, int32_t b) const;

  static int32_t skillQuarters(int teachLevel, int learnLevel);

 private:
  PairScorer() = default;
  std::string skillName(int64_t id) const;
  std::string skillsKind(const std::vector<SkillLevel>& wanted) const;

  ProgramSettings settings_;
  std::string referenceDate_;
  std::map<int64_t, CatalogueSkill> skills_;
  std::vector<PersonProfile> people_;
};

}  // namespace tandem::pairing
