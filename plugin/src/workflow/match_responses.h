// People's answers to the pairs HR published, and the rematch a decline offers.
// Thread-safety: each call uses the one session it is given, from one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "pairing/match.h"
#include "storage/store.h"

namespace tandem::workflow {

struct ResponseOutcome {
  pairing::Match match;
  // After a decline: the new published proposal for the mentee (origin rematch), when a mentor
  // was free; rematchNote says why there is none otherwise.
  std::optional<pairing::Match> rematch;
  std::string rematchNote;
};

// The employee (mentor or mentee of the match) accepts or declines it (PairingRepository::respond)
// in one transaction with the capacity check, with an audit entry. A decline needs a reason and
// frees both people; then, in cohort mode, the mentee is offered a rematch (offerRematch). In
// shortlist mode the mentee chooses again from their shortlist instead. Errors: respond's.
core::Result<ResponseOutcome> respondToMatch(storage::StoreSession& session, int64_t matchId,
                                             int64_t employeeId, bool accept,
                                             const std::string& reason, const std::string& actor);

// Proposes to a mentee without an open match in the program the best mentor with a place left
// (every hard constraint holds; mentors they were already matched with in the program are left
// out), published at once so both can answer. nullopt with a note when nobody fits or the mentee
// already has an open match. Errors: kNotFound for an unknown program; the store's.
core::Result<std::optional<pairing::Match>> offerRematch(storage::StoreSession& session,
                                                         int64_t programId, int64_t menteeId,
                                                         const std::string& actor,
                                                         std::string* note);

// The reason proposals are closed when their person opts out.
inline constexpr std::string_view kOptedOutReason = "opted out";

// Ends the employee's open proposals when they opt out (DOMAIN: opting out ends open proposals):
// their proposed, approved and published matches (either side) are closed with kOptedOutReason
// and their pending shortlist requests (either side) are withdrawn. Accepted and active pairs
// are relationships already agreed and stay. Runs inside the caller's transaction (it opens
// none). Returns how many matches were closed.
core::Result<int> endProposalsOf(storage::StoreSession& session, int64_t employeeId,
                                 const std::string& actor);

}  // namespace tandem::workflow
