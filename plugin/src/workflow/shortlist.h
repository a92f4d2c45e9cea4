// Shortlist mode: a mentee sees the mentors that fit them best (top 5, with reasons), asks one;
// the mentor accepts (the pair is made, capacity checked in the same transaction) or declines
// with a reason within the program's shortlistResponseHours; after a decline or when the time
// runs out, the request passes to the mentee's next choice (the best mentor of their shortlist
// not yet asked).
// Thread-safety: each call uses the one session it is given, from one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "pairing/match.h"
#include "storage/store.h"
#include "workflow/mentor_offers.h"

namespace tandem::workflow {

inline constexpr int kShortlistSize = 5;

struct Shortlist {
  int64_t programId = 0;
  int responseHours = 72;
  std::vector<MentorOffer> mentors;  // best first, at most kShortlistSize
  std::vector<pairing::ShortlistRequest> requests;  // the mentee's, newest first
  bool matched = false;  // the mentee has an open match in the program: nothing to choose
};

// Errors common to every call: kNotFound for an unknown program; kFailedPrecondition when the
// program is not in shortlist mode or is closed; the store's.

// The mentee's shortlist: mentors they already asked (declined, expired) or were matched with in
// the program are left out. Expired requests are processed first (expireRequests).
// kFailedPrecondition when the person is not an eligible mentee (the message says why).
core::Result<Shortlist> shortlistFor(storage::StoreSession& session, int64_t programId,
                                     int64_t menteeId, const std::string& actor);

// The mentee asks a mentor of their current shortlist. kFailedPrecondition when the mentor is not
// on it, the mentee has an open match, or a request is already pending (kAlreadyExists).
core::Result<pairing::ShortlistRequest> requestMentor(storage::StoreSession& session,
                                                      int64_t programId, int64_t menteeId,
                                                      int64_t mentorId, const std::string& actor);

struct RequestAnswer {
  pairing::ShortlistRequest request;
  std::optional<pairing::ShortlistRequest> passedTo;  // after a decline: the next choice asked
};

// The mentor answers (PairingRepository::respondToRequest, capacity in the same transaction).
// After a decline the request passes to the mentee's next choice.
core::Result<RequestAnswer> answerRequest(storage::StoreSession& session, int64_t requestId,
                                          int64_t mentorId, bool accept, const std::string& reason,
                                          const std::string& actor);

// The mentee takes back a pending request (nothing passes on).
core::Status withdrawRequest(storage::StoreSession& session, int64_t requestId, int64_t menteeId,
                             const std::string& actor);

// Expires every pending request past its time and passes each to the mentee's next choice.
// Returns how many requests expired.
core::Result<int> expireRequests(storage::StoreSession& session, const std::string& actor);

}  // namespace tandem::workflow
