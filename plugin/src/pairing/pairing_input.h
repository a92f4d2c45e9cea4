// The solver-independent input of a pairing run: the people taking part, the skills catalogue,
// HR's pins, blocks and kept pairs, earlier pairs, the reference date and the program settings.
// Built either from the store (a program's participants) or from a self-contained instance file
// (pairing_instance.h). No field about age, birth date, gender or ethnicity exists here, and none
// must be added: the score and the constraints only see career stage (level, tenure), skills,
// department, languages, availability and the reporting chain.
//
// Plain value types; no thread-safety concerns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mentoring/participant.h"
#include "pairing/program_settings.h"

namespace tandem::pairing {

enum class PairingRole { kMentor, kMentee, kBoth };

// One participant of the run.
struct PairingPerson {
  int64_t id = 0;                  // employee id, unique in the input
  std::string displayName;         // used in plain-language reasons
  std::string department;          // empty = unknown
  std::optional<int> level;        // career grade 0..100; higher is more senior
  std::string hireDate;            // YYYY-MM-DD or empty (unknown)
  std::string employeeType;        // "employee", "contractor", "intern", ...; empty = employee
  std::vector<int64_t> managerChain;  // ancestor ids, nearest first (manager, manager's manager, ...)
  std::vector<std::string> languages;  // ISO 639-1 codes, compared case-insensitively
  std::string timeZone;            // IANA name; empty or unknown = UTC (said in the reasons)
  std::vector<mentoring::AvailabilityWindow> availability;  // weekly windows in timeZone
  PairingRole role = PairingRole::kMentee;
  std::optional<int> capacity;     // mentees this person takes as mentor; program default if absent
  std::vector<mentoring::ParticipantSkill> skills;  // teach/learn with self-rated level 1..5
};

// A skill of the catalogue, as the reasons name it.
struct CatalogueSkill {
  std::string kind;  // "digital" | "business"
  std::string slug;
  std::string name;
};

struct PersonPair {
  int64_t mentorId = 0;
  int64_t menteeId = 0;
  friend bool operator==(const PersonPair&, const PersonPair&) = default;
  friend auto operator<=>(const PersonPair&, const PersonPair&) = default;
};

struct PairingInput {
  ProgramSettings settings;
  std::string referenceDate;  // YYYY-MM-DD (program start): tenure and time-zone offsets
  std::map<int64_t, CatalogueSkill> skills;  // skill id -> catalogue entry
  std::vector<PairingPerson> people;         // any order; the engine sorts by id
  std::vector<PersonPair> previousPairs;     // earlier pairs, refused again unless allowed
  std::vector<PersonPair> pins;    // HR-forced pairs: always in the result
  std::vector<PersonPair> blocks;  // HR-forbidden pairs: never in the result (either direction)
  std::vector<PersonPair> kept;    // pairs already approved: survive a re-run unchanged
};

std::string_view pairingRoleName(PairingRole role);

}  // namespace tandem::pairing
