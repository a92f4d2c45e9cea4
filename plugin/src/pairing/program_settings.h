// The pairing settings of a program (eligibility, hard constraints, score weights, capacity, mode),
// parsed and validated from the program's settings JSON. Every field has a default, so "{}" is a
// valid settings document; unknown keys are refused so that a typo is never silently ignored.
//
// JSON shape (all keys optional; see docs/pairing-instance.md for the full reference):
//   {
//     "eligibility": {
//       "mentor": {"minLevel", "maxLevel", "minTenureYears", "maxTenureYears",
//                  "departments", "excludeDepartments", "employeeTypes", "excludeEmployeeTypes"},
//       "mentee": {... same keys ...}
//     },
//     "constraints": {"minLevelGap": 2, "tenureFallbackYears": 5, "reportingChain": "excluded",
//                     "department": "preferred_different", "sharedLanguageRequired": false,
//                     "minAvailabilityOverlapMinutes": 0, "allowRepeatPairs": false},
//     "weights": {"skills": 40, "reverseSkills": 15, "crossDepartment": 10, "languages": 10,
//                 "availability": 15, "intent": 10},
//     "defaultCapacity": 1, "mode": "cohort", "candidatesPerMentee": 50,
//     "shortlistResponseHours": 72
//   }
// The reporting-chain exclusion is always on: "reportingChain" accepts only "excluded", and any
// attempt to switch it off is refused with its own message.
//
// Plain value types; no thread-safety concerns.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace tandem::pairing {

// Who may take one side (mentor or mentee). An unset bound does not filter. A person whose level
// (or hire date) is unknown fails a level (or tenure) bound that is set. Department and employee
// type comparisons are case-insensitive. employeeTypes empty = any type not excluded; a person
// with no employee type counts as "employee".
struct EligibilityRule {
  std::optional<int> minLevel;  // 0..100
  std::optional<int> maxLevel;  // 0..100, >= minLevel
  std::optional<double> minTenureYears;  // >= 0, tenure = years from hire date to reference date
  std::optional<double> maxTenureYears;  // >= minTenureYears
  std::vector<std::string> departments;         // include list; empty = every department
  std::vector<std::string> excludeDepartments;  // wins over the include list
  std::vector<std::string> employeeTypes;       // allow list; empty = every type not excluded
  std::vector<std::string> excludeEmployeeTypes = {"contractor", "intern"};
};

struct Eligibility {
  EligibilityRule mentor;
  EligibilityRule mentee;
};

enum class DepartmentRule { kRequiredDifferent, kPreferredDifferent };
enum class PairingMode { kCohort, kShortlist };

// Hard rules: a pair that breaks one is never a candidate (HR pins excepted, see pairing_engine.h).
// The reporting chain is always excluded in both directions and has no setting.
struct HardConstraints {
  // The mentor's level must be at least this much below the mentee's (0..20). When either level
  // is missing, the mentee's tenure must exceed the mentor's by tenureFallbackYears instead;
  // when that is unknown too the pair is refused (seniority cannot be checked).
  int minLevelGap = 2;
  double tenureFallbackYears = 5.0;  // 0..50
  DepartmentRule department = DepartmentRule::kPreferredDifferent;
  bool sharedLanguageRequired = false;
  int minAvailabilityOverlapMinutes = 0;  // per week, 0..10080; 0 = no requirement
  bool allowRepeatPairs = false;
};

// Weight of each score part: a part's points are weight x raw value (raw in 0..1), so with the
// defaults a perfect pair scores 100 points. Each weight is a number in 0..1000.
struct ScoreWeights {
  double skills = 40.0;
  double reverseSkills = 15.0;
  double crossDepartment = 10.0;
  double languages = 10.0;
  double availability = 15.0;
  double intent = 10.0;
};

struct ProgramSettings {
  Eligibility eligibility;
  HardConstraints constraints;
  ScoreWeights weights;
  int defaultCapacity = 1;  // mentees per mentor when a participant states none, 1..10
  PairingMode mode = PairingMode::kCohort;
  int candidatesPerMentee = 50;      // K of the top-K candidate graph, 1..1000
  int shortlistResponseHours = 72;   // time a mentor has to answer a request, 1..720
};

// Parses and validates settings JSON text. Errors are kInvalidArgument naming the field, e.g.
// "settings.weights.skills must be a number 0..1000" or "settings.colour is not a known setting".
core::Result<ProgramSettings> parseProgramSettings(const std::string& json);
// Same, from an already parsed JSON value (must be an object).
core::Result<ProgramSettings> parseProgramSettings(const nlohmann::json& settings);

// The full normalized JSON of the settings (every default filled, unset bounds as null), which
// parseProgramSettings reads back to equal settings. Key order is canonical (sorted).
nlohmann::json toJson(const ProgramSettings& settings);

std::string_view departmentRuleName(DepartmentRule rule);
std::string_view pairingModeName(PairingMode mode);

}  // namespace tandem::pairing
