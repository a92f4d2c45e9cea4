// Port through which a pairing run reads its pool from the store: the opted-in participants with
// what the score and the hard rules need, the skills catalogue and the pairs people formed in
// earlier programs. Implemented in storage/.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/status.h"
#include "pairing/pairing_input.h"

namespace tandem::pairing {

// Thread-safety: owned by one StoreSession, used by one thread at a time. Errors: kUnavailable
// when the database is busy, kInternal for a broken stored value.
class PairingPool {
 public:
  virtual ~PairingPool() = default;
  // Every participant whose participation is active and whose employee record is active, by id,
  // with level, hire date, department, employee type, time zone, availability, capacity, skills
  // and the manager chain (nearest first, through people who are not participants too; a cycle
  // in the directory's manager links ends the chain). Languages are those the participant stated
  // when opting in, else the directory's. No age, birth date or gender is read.
  virtual core::Result<std::vector<PairingPerson>> participants() = 0;
  // The catalogue, inactive skills included (a participant may still hold one).
  virtual core::Result<std::map<int64_t, CatalogueSkill>> skills() = 0;
  // Mentor-mentee pairs that met in other programs than `programId`: matches accepted, active,
  // completed, or closed after both accepted. Sorted, without duplicates.
  virtual core::Result<std::vector<PersonPair>> earlierPairs(int64_t programId) = 0;
};

}  // namespace tandem::pairing
