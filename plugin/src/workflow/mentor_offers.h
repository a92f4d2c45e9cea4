// The best mentors for one mentee outside a cohort run: a shortlist (shortlist mode) or a rematch
// after a decline. The same rules as a run: the mentee and the mentors must pass the program's
// eligibility, every hard constraint holds (reporting chain, level gap, blocks, earlier pairs,
// ...), and a mentor must have a place left.
// Thread-safety: pure functions over their arguments.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "core/status.h"
#include "pairing/pair_scorer.h"
#include "pairing/pairing_input.h"

namespace tandem::workflow {

struct MentorOffer {
  int64_t mentorId = 0;
  int64_t score = 0;  // thousandths of a point
  std::vector<pairing::ScorePart> parts;
};

// Up to `limit` mentors for `menteeId`, best first (higher score, then lower id), each with its
// explained score. `placesTaken` holds, per mentor, the places already held (open matches);
// mentors at capacity are left out, and so are `excluded` mentors (already asked, declined).
// Errors: kFailedPrecondition, saying why, when the person is not a mentee of the pool or the
// program's eligibility rules leave them out; kInvalidArgument for an input the scorer refuses.
core::Result<std::vector<MentorOffer>> bestMentorsFor(const pairing::PairingInput& input,
                                                      int64_t menteeId,
                                                      const std::map<int64_t, int32_t>& placesTaken,
                                                      const std::set<int64_t>& excluded, int limit);

}  // namespace tandem::workflow
