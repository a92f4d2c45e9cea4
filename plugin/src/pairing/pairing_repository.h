// Port through which pairing code reads and writes runs, matches, their history, HR's pins and
// blocks, and shortlist requests. Implemented in storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "pairing/match.h"

namespace tandem::pairing {

// Thread-safety: owned by one StoreSession, used by one thread at a time.
//
// Transactions: every method is atomic on its own (a method that writes several rows either
// writes all or none). The methods that check a count before writing (respond, respondToRequest)
// and any sequence of calls that must see a consistent store must run inside
// StoreSession::transaction: that holds the store's write lock from the first read to the commit,
// so two concurrent accepts can never both see free capacity. Outside one they stay correct but
// may fail with kUnavailable when another connection writes meanwhile.
//
// Errors common to every method: kUnavailable when the database is busy, kInternal for anything
// unexpected from the database (including a broken stored value).
class PairingRepository {
 public:
  virtual ~PairingRepository() = default;

  // --- Runs (immutable once stored; only the status changes)

  // Stores a run (status draft unless run.status says otherwise; createdAt is set by the store)
  // and returns it with id and createdAt. kInvalidArgument when the program does not exist or
  // inputHash or solverVersion is empty.
  virtual core::Result<MatchRun> createRun(MatchRun run) = 0;
  // The whole run, input and result included; nullopt when there is none.
  virtual core::Result<std::optional<MatchRun>> findRun(int64_t runId) = 0;
  // The program's runs, newest first, without inputJson and resultJson (left empty: they can be
  // large; findRun reads them).
  virtual core::Result<std::vector<MatchRun>> listRuns(int64_t programId) = 0;
  // Moves a run to `to` (isAllowedRunTransition); publishing sets publishedAt. Superseding a run
  // closes its matches still proposed; discarding one closes those proposed or approved (each
  // with reason "run N superseded"/"run N discarded" and an event by `actor`), so they no longer
  // hold their mentees. kNotFound for an unknown run, kFailedPrecondition when the transition is
  // not allowed (the message names the current status).
  virtual core::Status setRunStatus(int64_t runId, RunStatus to, const std::string& actor) = 0;

  // --- Matches

  // Inserts pairs, each with a creation event by `actor`, and returns them with ids and times.
  // runId > 0: the run must be a draft and every match gets its run and program (a match's
  // programId, when set, must agree); runId == 0: pairs made outside a run (rematch), each with
  // its programId. Each match's status must be proposed or approved; responses start pending.
  // Errors (nothing inserted): kNotFound for an unknown run, kFailedPrecondition when the run is
  // not a draft, kAlreadyExists when a mentee already has an open match in the program (or
  // appears twice), kInvalidArgument for another status, a mentor equal to the mentee, or an
  // unknown program or employee.
  virtual core::Result<std::vector<Match>> insertMatches(int64_t runId, std::vector<Match> matches,
                                                         const std::string& actor) = 0;
  // nullopt when there is none.
  virtual core::Result<std::optional<Match>> findMatch(int64_t matchId) = 0;
  // The program's matches, optionally only those in `status`, by id.
  virtual core::Result<std::vector<Match>> listMatches(int64_t programId,
                                                       std::optional<MatchStatus> status) = 0;
  // The matches a run created, by id.
  virtual core::Result<std::vector<Match>> runMatches(int64_t runId) = 0;
  // Every match where the employee is mentor or mentee, in any program, newest first.
  virtual core::Result<std::vector<Match>> matchesOf(int64_t employeeId) = 0;
  // A match's history, oldest first (empty for an unknown match).
  virtual core::Result<std::vector<MatchEvent>> events(int64_t matchId) = 0;

  // Moves a match from `expectedFrom` to `to` (isAllowedTransition) with an event by `actor`;
  // closing records `reason` as the closed reason. The check is optimistic: the update only
  // applies while the stored status is still expectedFrom. Returns the updated match.
  // kNotFound for an unknown match; kInvalidArgument when the transition is not allowed;
  // kFailedPrecondition "match N is <status>, not <expected>" when the status differs (e.g.
  // changed meanwhile).
  virtual core::Result<Match> transition(int64_t matchId, MatchStatus expectedFrom, MatchStatus to,
                                         const std::string& actor, const std::string& reason) = 0;

  // Records the answer of `employeeId` (the mentor or the mentee) to a published match, with an
  // event by `actor`; returns the updated match.
  // - Decline: the match becomes declined with `reason` (required); both people are free again.
  // - Accept: the person's response becomes accepted; when the other has accepted too, the match
  //   becomes accepted, but only if the mentor's accepted and active matches in the program number
  //   fewer than mentorCapacity and the mentee has no other accepted or active match there.
  //   Accepting again (while published, accepted or active) is a no-op.
  // Errors, with nothing changed: kNotFound for an unknown match; kPermissionDenied when the
  // employee is neither its mentor nor its mentee; kFailedPrecondition when the match is not
  // published ("match N is <status>, not published"), when the mentor is at capacity or the
  // mentee already has an accepted match; kInvalidArgument for a decline without reason or a
  // negative capacity. Run inside StoreSession::transaction (see the class comment): the count
  // and the update must be in the same transaction.
  virtual core::Result<Match> respond(int64_t matchId, int64_t employeeId, bool accept,
                                      const std::string& reason, int mentorCapacity,
                                      const std::string& actor) = 0;

  // Closes every open match of the employee (as mentor or mentee, any program) with `reason` and
  // an event by `actor`, and withdraws their pending shortlist requests (either side) with the
  // same reason. Matches already declined, completed or closed, and all history, are kept as
  // they are. Returns how many matches were closed (0 for an unknown employee).
  virtual core::Result<int> closeOpenMatchesOf(int64_t employeeId, const std::string& reason,
                                               const std::string& actor) = 0;

  // --- Pins and blocks (per program)

  // kAlreadyExists when the pair is already pinned or the mentee already has a pin in the
  // program; kFailedPrecondition when the pair is blocked; kInvalidArgument for an unknown
  // program or employee, or a mentor equal to the mentee.
  virtual core::Status addPin(const Pin& pin) = 0;
  // kNotFound when the pair is not pinned.
  virtual core::Status removePin(int64_t programId, int64_t mentorId, int64_t menteeId) = 0;
  // The program's pins by mentee, then mentor.
  virtual core::Result<std::vector<Pin>> listPins(int64_t programId) = 0;
  // kAlreadyExists when the pair is already blocked; kFailedPrecondition when it is pinned;
  // kInvalidArgument as addPin.
  virtual core::Status addBlock(const Block& block) = 0;
  // kNotFound when the pair is not blocked.
  virtual core::Status removeBlock(int64_t programId, int64_t mentorId, int64_t menteeId) = 0;
  // The program's blocks by mentee, then mentor.
  virtual core::Result<std::vector<Block>> listBlocks(int64_t programId) = 0;

  // --- Shortlist requests

  // Stores a pending request (status, createdAt, respondedAt, reason and matchId are set by the
  // store). kAlreadyExists when the mentee already has a pending request in the program;
  // kInvalidArgument when expiresAt is not "YYYY-MM-DDTHH:MM:SSZ", rank < 1, the mentor is the
  // mentee, or the program or an employee is unknown.
  virtual core::Result<ShortlistRequest> createRequest(ShortlistRequest request) = 0;
  // nullopt when there is none.
  virtual core::Result<std::optional<ShortlistRequest>> findRequest(int64_t requestId) = 0;
  // The mentor answers a pending request. Accepting creates the match (origin shortlist, status
  // accepted, both responses accepted, the request's score and breakdown) under the same rules
  // as respond: the mentor's accepted and active matches in the program must number fewer than
  // mentorCapacity, and the mentee must have no open match there. Declining requires a reason.
  // Returns the updated request (matchId set on accept).
  // Errors, with nothing changed: kNotFound for an unknown request; kPermissionDenied when
  // mentorId is not the request's mentor; kFailedPrecondition when the request is not pending,
  // has expired, the mentor is at capacity or the mentee already has an open match;
  // kInvalidArgument for a decline without reason. Run inside StoreSession::transaction.
  virtual core::Result<ShortlistRequest> respondToRequest(int64_t requestId, int64_t mentorId,
                                                          bool accept, const std::string& reason,
                                                          int mentorCapacity,
                                                          const std::string& actor) = 0;
  // The mentee takes back a pending request. kNotFound for an unknown request; kPermissionDenied
  // when menteeId is not its mentee; kFailedPrecondition when it is no longer pending.
  virtual core::Status withdrawRequest(int64_t requestId, int64_t menteeId,
                                       const std::string& reason) = 0;
  // Marks every pending request whose expiresAt is before now (the store's clock) as expired and
  // returns them, so their mentees' next choices can be asked.
  virtual core::Result<std::vector<ShortlistRequest>> expireRequests() = 0;
  // Requests sent to a mentor, newest first, optionally only those in `status`.
  virtual core::Result<std::vector<ShortlistRequest>> requestsForMentor(
      int64_t mentorId, std::optional<RequestStatus> status) = 0;
  // Requests a mentee sent in a program, newest first.
  virtual core::Result<std::vector<ShortlistRequest>> requestsOfMentee(int64_t programId,
                                                                       int64_t menteeId) = 0;
  // Pending requests the employee sent or received, in every program, oldest first.
  virtual core::Result<std::vector<ShortlistRequest>> pendingRequestsOf(int64_t employeeId) = 0;
};

}  // namespace tandem::pairing
