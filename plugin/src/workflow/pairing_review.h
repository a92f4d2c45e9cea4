// HR's review of a pairing run and of a program's matches: approve, swap, pin, block, publish,
// discard. Each action checks that the match or run belongs to the program, runs in one
// transaction and writes an audit entry naming the actor. Re-running is runProgramPairing
// (pairing_runs.h): approved pairs survive it.
// Thread-safety: each call uses the one session it is given, from one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "pairing/match.h"
#include "storage/store.h"

namespace tandem::workflow {

// Errors common to the match actions: kNotFound when the program or the match does not exist or
// the match belongs to another program; kFailedPrecondition when the match's status does not
// allow the action (the message names the status); the store's errors.

// proposed -> approved.
core::Result<pairing::Match> approveMatch(storage::StoreSession& session, int64_t programId,
                                          int64_t matchId, const std::string& actor);
// approved -> proposed (HR changes their mind before publishing).
core::Result<pairing::Match> unapproveMatch(storage::StoreSession& session, int64_t programId,
                                            int64_t matchId, const std::string& actor);

// Swaps the mentees of two proposed or approved matches of the program with different mentors:
// (A, a) and (B, b) become (A, b) and (B, a), new matches (origin swap, approved, scored and
// explained on the program's current pool); the old ones are closed with reason "swapped by HR".
// The new pairs must pass every hard constraint; with `force` HR overrides them (the match
// history names what was overridden), except two that always hold: the reporting chain and HR's
// blocks. Errors as above, plus kFailedPrecondition naming the failing constraint or a person
// who no longer takes part, kInvalidArgument when both ids are the same match or the matches
// share a mentor. Returns the two new matches.
core::Result<std::vector<pairing::Match>> swapMatches(storage::StoreSession& session,
                                                      int64_t programId, int64_t firstMatchId,
                                                      int64_t secondMatchId, bool force,
                                                      const std::string& actor);

// Pins the match's pair (later runs always keep it) and approves it when it is proposed.
// kAlreadyExists when the mentee already has a pin in the program.
core::Result<pairing::Match> pinMatch(storage::StoreSession& session, int64_t programId,
                                      int64_t matchId, const std::string& note,
                                      const std::string& actor);

// Blocks the match's pair (no later run, rematch or shortlist proposes it; a pin of the pair is
// removed) and closes the match, if still open, with reason "blocked by HR".
core::Result<pairing::Match> blockMatch(storage::StoreSession& session, int64_t programId,
                                        int64_t matchId, const std::string& note,
                                        const std::string& actor);

struct PublishOutcome {
  int64_t runId = 0;
  int published = 0;  // matches sent to their people
  int approved = 0;   // of them, approved by approveAll
};

// Publishes a draft run: every approved match of the program (the run's, pairs kept from earlier
// runs, swaps) becomes published, so both people see it and can answer, and the run becomes
// published. Matches still proposed must be decided first: with `approveAll` they are approved
// and published too; without it the call fails with kFailedPrecondition "N pairs are still
// proposed". kNotFound for an unknown run or one of another program; kFailedPrecondition when the
// run is not a draft.
core::Result<PublishOutcome> publishRun(storage::StoreSession& session, int64_t programId,
                                        int64_t runId, bool approveAll, const std::string& actor);

// Discards a draft run: its proposed and approved matches are closed. Errors as publishRun.
core::Status discardRun(storage::StoreSession& session, int64_t programId, int64_t runId,
                        const std::string& actor);

}  // namespace tandem::workflow
