// Pairing runs against the store: a program's run (stored as a draft for HR review, or a dry
// run), and the replay of a stored run. Shared by the jobs (`tandem pair`) and the HTTP API.
// workflow/ holds the use cases that combine the pairing domain with the store; app/ (jobs) and
// http/ (routes) call it, it calls pairing/ and storage/.
// Thread-safety: each call uses the one session it is given, from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "pairing/pairing_engine.h"
#include "storage/store.h"

namespace tandem::workflow {

// fraction 0..1 and a short message; returning false asks the run to stop (kCancelled-like
// kUnavailable "cancelled" before anything is stored).
using PairingProgress = std::function<bool(double fraction, const std::string& message)>;

// The program, or kNotFound "no program with id N".
core::Result<mentoring::Program> findProgram(storage::StoreSession& session, int64_t programId);

// The store's view of a program's pool as the engine's input: its active participants (opted
// in, active in the directory), the catalogue, the program's settings, pins (those whose people
// are still in the pool) and blocks, pairs of other programs (no-repeat rule), and the program's
// matches approved, published, accepted or active, as kept pairs.
core::Result<pairing::PairingInput> loadProgramInput(storage::StoreSession& session,
                                                     const mentoring::Program& program);

// Why a run closes a kept match: its people are now in one reporting chain.
inline constexpr std::string_view kReportingChainReason =
    "the mentor and the mentee are now in one reporting chain";

struct ProgramRunOutcome {
  int64_t runId = 0;  // 0 for a dry run
  // Kept matches (approved to active) whose mentor and mentee are now in one reporting chain (a
  // manager changed): never kept; a stored run closes them with kReportingChainReason.
  int closedInReportingChain = 0;
  pairing::PairingResult result;
  nlohmann::json fairness;  // pairing::fairnessReport of the run (dry runs included)
};

// Pairs the program's pool: its active participants (opted in, active in the directory), the
// program's settings, pins and blocks, pairs from other programs (no-repeat rule), and the
// program's matches already approved, published, accepted or active, which are kept. Unless
// dryRun, in one transaction: earlier draft runs of the program are superseded (their proposed
// matches closed), the run is stored immutably (canonical input, hash, settings, solver version,
// result, metrics, fairness report) and its new pairs (solver and pins) become proposed
// matches; an audit entry names the actor. Errors: kNotFound for an unknown program;
// kFailedPrecondition for a closed program, or a stored run of a program in shortlist mode
// (mentees choose there; a dry run is allowed); kInvalidArgument for invalid program settings;
// the engine's and store's errors.
core::Result<ProgramRunOutcome> runProgramPairing(storage::StoreSession& session,
                                                  int64_t programId, bool dryRun,
                                                  const std::string& actor,
                                                  const PairingProgress& progress);

struct ReplayOutcome {
  int64_t runId = 0;
  std::string solverVersion;      // the version that made the stored run
  std::string replaySolverVersion;
  bool identical = false;         // same pairs and objective
  int64_t storedObjective = 0;
  int64_t replayedObjective = 0;
  int64_t differences = 0;        // pairs in one result but not the other
  bool inputHashMatches = false;  // the stored input still hashes to the stored hash
};

// Recomputes a stored run from its recorded input with the current solver and compares the
// pairs. kNotFound for an unknown run; kInvalidArgument when its stored input is unreadable.
core::Result<ReplayOutcome> replayRun(storage::StoreSession& session, int64_t runId);

}  // namespace tandem::workflow
