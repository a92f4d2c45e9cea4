// Ports through which mentoring code reads and writes its records. Implemented in storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "mentoring/participant.h"
#include "mentoring/program.h"
#include "mentoring/skill.h"

namespace tandem::mentoring {

// Thread-safety (all repositories here): owned by one StoreSession, one thread at a time.
class SkillRepository {
 public:
  virtual ~SkillRepository() = default;
  virtual core::Result<std::vector<Skill>> list(bool includeInactive) = 0;
  virtual core::Result<std::optional<Skill>> findById(int64_t id) = 0;
  // kAlreadyExists on a duplicate slug.
  virtual core::Result<Skill> create(Skill skill) = 0;
  virtual core::Status update(const Skill& skill) = 0;
};

class ParticipantRepository {
 public:
  virtual ~ParticipantRepository() = default;
  virtual core::Result<std::optional<Participant>> find(int64_t employeeId) = 0;
  // Inserts or replaces the participant and their skills.
  virtual core::Status save(const Participant& participant) = 0;
  virtual core::Result<int64_t> countActive() = 0;
  // Deletes the participant and their skills; ok when there was none.
  virtual core::Status remove(int64_t employeeId) = 0;
};

class ProgramRepository {
 public:
  virtual ~ProgramRepository() = default;
  virtual core::Result<std::vector<Program>> list() = 0;
  virtual core::Result<std::optional<Program>> findById(int64_t id) = 0;
  virtual core::Result<Program> create(Program program) = 0;
  virtual core::Status update(const Program& program) = 0;
  // kNotFound for an unknown program; kFailedPrecondition when it has pairing runs or matches
  // (history: close the program instead).
  virtual core::Status remove(int64_t id) = 0;
};

}  // namespace tandem::mentoring
