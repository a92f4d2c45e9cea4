// Records of pairing: a run (one immutable solve of a program's cohort), the matches it proposes
// and their life cycle, the history of each match, HR's pins and blocks, and shortlist requests.
// Plain data; no thread-safety concerns. Timestamps are ISO 8601 UTC text ("2026-03-01T09:00:00Z");
// ids are 0 until stored. Scores are integers in thousandths of a point, as in candidate_graph.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::pairing {

// A match's life cycle (DOMAIN.md, Pairing): a run proposes; HR approves and publishes; both
// people accept (then the pair is accepted, later active and completed) or one declines; HR or the
// system closes a match that should not go on (e.g. someone left the directory).
enum class MatchStatus {
  kProposed,
  kApproved,
  kPublished,
  kAccepted,
  kDeclined,
  kActive,
  kCompleted,
  kClosed,
};

// "proposed", "approved", ... as stored and as written in JSON.
std::string_view toString(MatchStatus status);
// The status named `text`; nullopt for anything else.
std::optional<MatchStatus> parseMatchStatus(std::string_view text);
// Open statuses hold a mentee (at most one open match per mentee and program): proposed,
// approved, published, accepted, active.
bool isOpen(MatchStatus status);
// Whether PairingRepository::transition may move a match from `from` to `to`:
//   proposed <-> approved; proposed|approved -> published; accepted -> active;
//   active -> completed; any open status -> closed.
// Never out of declined, completed or closed, and never into accepted or declined: those are
// people's answers (PairingRepository::respond, which enforces the mentor's capacity).
bool isAllowedTransition(MatchStatus from, MatchStatus to);

// Why a match exists.
enum class MatchOrigin {
  kSolver,     // the optimiser chose it
  kPin,        // HR forced it
  kKept,       // approved earlier and kept by a re-run
  kSwap,       // HR swapped partners during review
  kShortlist,  // a mentee asked, the mentor accepted
  kRematch,    // offered after a decline
};
std::string_view toString(MatchOrigin origin);
std::optional<MatchOrigin> parseMatchOrigin(std::string_view text);

// One person's answer to a published match.
enum class PartyResponse { kPending, kAccepted, kDeclined };
std::string_view toString(PartyResponse response);
std::optional<PartyResponse> parsePartyResponse(std::string_view text);

// A run's status: a draft under HR review, published (its matches went to people), superseded by
// a later run, or discarded. Only draft -> published|superseded|discarded and
// published -> superseded happen.
enum class RunStatus { kDraft, kPublished, kSuperseded, kDiscarded };
std::string_view toString(RunStatus status);
std::optional<RunStatus> parseRunStatus(std::string_view text);
bool isAllowedRunTransition(RunStatus from, RunStatus to);

// A shortlist request's status: the mentor has it (pending), answered it, let it expire, or the
// mentee (or the system) withdrew it.
enum class RequestStatus { kPending, kAccepted, kDeclined, kExpired, kWithdrawn };
std::string_view toString(RequestStatus status);
std::optional<RequestStatus> parseRequestStatus(std::string_view text);

// The reason a match is closed when one of its people leaves the directory (sync or SCIM).
inline constexpr std::string_view kLeftDirectoryReason = "left the directory";

// One pairing run, stored immutably: everything needed to replay it (`tandem pair replay RUN`)
// without the live store. Only status and publishedAt ever change.
struct MatchRun {
  int64_t id = 0;
  int64_t programId = 0;
  std::string createdAt;
  std::string createdBy;
  RunStatus status = RunStatus::kDraft;
  std::string publishedAt;          // "" until published
  std::string inputHash;            // hash of inputJson (hex), identifies identical inputs
  std::string settingsJson = "{}";  // normalised program settings the run used
  std::string solverVersion;
  std::string inputJson = "{}";     // the full canonical instance
  std::string resultJson = "{}";    // pairs, objective, unmatched with reasons
  std::string metricsJson = "{}";   // timings, graph size, objective, ...
  std::string fairnessJson = "{}";  // match rate and mean score per group
};

struct Match {
  int64_t id = 0;
  int64_t programId = 0;
  int64_t runId = 0;  // 0: made outside a run (shortlist, rematch)
  int64_t mentorId = 0;
  int64_t menteeId = 0;
  MatchStatus status = MatchStatus::kProposed;
  int64_t score = 0;                 // thousandths of a point
  std::string breakdownJson = "{}";  // the score's named parts, for explanations
  MatchOrigin origin = MatchOrigin::kSolver;
  PartyResponse mentorResponse = PartyResponse::kPending;
  PartyResponse menteeResponse = PartyResponse::kPending;
  std::string declineReason;
  std::string closedReason;
  std::string createdAt;
  std::string updatedAt;
};

// One step in a match's history (append-only). fromStatus is nullopt for the creation; a response
// that does not change the status is recorded with fromStatus == toStatus.
struct MatchEvent {
  int64_t id = 0;
  int64_t matchId = 0;
  std::string at;  // millisecond precision
  std::string actor;
  std::optional<MatchStatus> fromStatus;
  MatchStatus toStatus = MatchStatus::kProposed;
  std::string reason;
};

// An HR decision about one mentor-mentee pair in a program: a pin forces the pair, a block forbids
// it. A pair is never both; a mentee has at most one pin per program.
struct PairRule {
  int64_t programId = 0;
  int64_t mentorId = 0;
  int64_t menteeId = 0;
  std::string createdBy;
  std::string createdAt;
  std::string note;
};
using Pin = PairRule;
using Block = PairRule;

// Shortlist mode: a mentee asks one mentor at a time (rank = the mentor's place in the mentee's
// shortlist); the mentor answers before expiresAt, or the request expires and the mentee's next
// choice is asked.
struct ShortlistRequest {
  int64_t id = 0;
  int64_t programId = 0;
  int64_t menteeId = 0;
  int64_t mentorId = 0;
  int rank = 1;
  int64_t score = 0;  // the pair's score when asked (carried to the match)
  std::string breakdownJson = "{}";
  RequestStatus status = RequestStatus::kPending;
  std::string createdAt;
  std::string expiresAt;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string respondedAt;
  std::string reason;   // the mentor's decline reason, or why it was withdrawn
  int64_t matchId = 0;  // the match an accept created; 0 otherwise
};

}  // namespace tandem::pairing
