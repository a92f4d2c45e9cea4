// Rules for opting in: what a valid participation looks like (DOMAIN.md "Opting in").
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "mentoring/participant.h"
#include "mentoring/skill.h"

namespace tandem::mentoring {

inline constexpr int kMaxCapacity = 10;
inline constexpr size_t kMaxHopeNoteBytes = 2000;  // 500 characters of up to 4 bytes
inline constexpr size_t kMaxSkillsPerDirection = 12;

// The four questions of the senior readiness check (article, first key).
const std::vector<std::string>& readinessQuestions();

// Checks a participation before it is stored: role, capacity 1..10, skill ids from the active
// catalogue with levels 1..5 and no duplicates, languages as ISO 639-1 codes, availability windows
// (weekday 1..7, HH:MM, end after start), hope note length, and - for mentees - an answer to each
// readiness question (answers are guidance, any answer is accepted). kInvalidArgument naming the
// field otherwise.
core::Status validateParticipation(const Participant& participant,
                                   const std::vector<Skill>& catalogue);

bool takesMentees(const Participant& participant);  // role mentor or both
bool seeksMentor(const Participant& participant);   // role mentee or both

}  // namespace tandem::mentoring
