// People for the pairing unit tests: a junior mentor in Data who teaches skill 1 at level 5, and a
// senior mentee in Finance who wants to learn it at level 1; both speak English. Tests change the
// fields they are about.
#pragma once

#include <cstdint>
#include <string>

#include "pairing/pairing_input.h"

namespace tandem::pairing::test_people {

inline constexpr int64_t kTestSkill = 1;

inline PairingPerson mentor(int64_t id, int level = 1) {
  PairingPerson p;
  p.id = id;
  p.displayName = "Mentor " + std::to_string(id);
  p.department = "Data";
  p.level = level;
  p.languages = {"en"};
  p.role = PairingRole::kMentor;
  p.skills = {{kTestSkill, mentoring::Direction::kTeach, 5}};
  return p;
}

inline PairingPerson mentee(int64_t id, int level = 6) {
  PairingPerson p;
  p.id = id;
  p.displayName = "Mentee " + std::to_string(id);
  p.department = "Finance";
  p.level = level;
  p.languages = {"en"};
  p.role = PairingRole::kMentee;
  p.skills = {{kTestSkill, mentoring::Direction::kLearn, 1}};
  return p;
}

}  // namespace tandem::pairing::test_people
