// An employee's opt-in to reverse mentoring, as stated on their profile page.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tandem::mentoring {

enum class Direction { kTeach, kLearn };

struct ParticipantSkill {
  int64_t skillId = 0;
  Direction direction = Direction::kLearn;
  int level = 1;  // self-rated 1..5
};

// A weekly availability window in the participant's time zone.
struct AvailabilityWindow {
  int weekday = 1;          // 1 = Monday .. 7 = Sunday
  std::string start;        // "HH:MM"
  std::string end;          // "HH:MM", after start
};

struct Participant {
  int64_t employeeId = 0;
  std::string role;  // "mentor" | "mentee" | "both"
  int capacity = 1;  // mentees a mentor takes on, 1..10
  std::vector<std::string> languages;
  std::vector<AvailabilityWindow> availability;
  std::string hopeNote;                   // "what I hope to get", at most 500 characters
  std::map<std::string, bool> readiness;  // senior readiness check answers (guidance only)
  std::vector<ParticipantSkill> skills;
  std::string status = "active";          // "active" | "opted_out"
  std::string consentAt;
  std::string updatedAt;
};

}  // namespace tandem::mentoring
