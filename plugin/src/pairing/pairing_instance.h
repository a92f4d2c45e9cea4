// The self-contained pairing instance file of `tandem pair --instance FILE.json` (documented in
// docs/pairing-instance.md), the JSON view of a pairing result, and the CSV dump of the candidate
// graph (`--dump-graph DIR`).
//
// Thread-safety: free functions without shared state.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "pairing/pairing_engine.h"
#include "pairing/pairing_input.h"

namespace tandem::pairing {

// Limits of an instance file (larger inputs are refused with kInvalidArgument).
inline constexpr size_t kMaxInstanceParticipants = 200000;
inline constexpr size_t kMaxInstancePeople = 1000000;      // "people" (non-participants)
inline constexpr size_t kMaxInstanceSkills = 10000;        // catalogue entries
inline constexpr size_t kMaxInstancePairs = 1000000;       // each of previousPairs/pins/blocks/kept
inline constexpr size_t kMaxPersonSkills = 100;
inline constexpr size_t kMaxPersonLanguages = 20;
inline constexpr size_t kMaxPersonWindows = 50;
inline constexpr size_t kMaxTextLength = 200;              // names, departments, zones, types

// Parses and validates an instance. Errors are kInvalidArgument with the JSON path of the bad
// field, e.g. "participants[12].level must be an integer 0..100". Unknown keys are refused; the
// keys "age", "birthDate", "birthdate", "dateOfBirth", "gender", "sex" and "ethnicity" are refused
// with a message saying Tandem never uses them. Manager chains are computed from managerId over
// participants and people (nearest first); a loop is refused.
core::Result<PairingInput> parsePairingInstance(std::string_view json);

// A score's parts as JSON: [{"name", "weight", "raw", "points", "reason", "code", "args": {}}],
// points in points (thousandths / 1000), in the order given (code and args: ScorePart). Stored
// as a match's breakdown.
nlohmann::json scorePartsJson(const std::vector<ScorePart>& parts);

// Template arguments (ScorePart::args, UnmatchedPerson::args) as a JSON object of strings.
nlohmann::json reasonArgsJson(const ReasonArgs& args);

// {"objective", "objectivePoints", "solverObjective", "inputHash", "pairs": [...],
//  "unmatched": [{"personId", "role", "code", "reason", "reasonCode", "args": {}}],
//  "metrics": {...}}; scores are integer thousandths ("score") and points.
nlohmann::json pairingResultToJson(const PairingResult& result);

// Writes DIR/edges.csv (mentor_id,mentee_id,score), DIR/capacities.csv (mentor_id,capacity) and
// DIR/pairs.csv (mentor_id,mentee_id): the candidate graph the solver saw (capacities after pins
// and kept pairs), and the solver's pairs on it; ids are employee ids, scores integer thousandths.
// Creates DIR when missing. kUnavailable when a file cannot be written.
core::Status writeGraphCsv(const PairingResult& result, const std::string& dir);

}  // namespace tandem::pairing
