#include "workflow/match_responses.h"

#include <nlohmann/json.hpp>
#include <set>

#include "pairing/pairing_instance.h"
#include "workflow/mentor_offers.h"
#include "workflow/pairing_runs.h"
#include "workflow/pairing_state.h"

namespace tandem::workflow {

using nlohmann::json;

core::Result<ResponseOutcome> respondToMatch(storage::StoreSession& session, int64_t matchId,
                                             int64_t employeeId, bool accept,
                                             const std::string& reason, const std::string& actor) {
  auto found = session.pairing().findMatch(matchId);
  if (!found.isOk()) return found.status();
  if (!found->has_value()) return core::notFound("no match with id " + std::to_string(matchId));
  auto program = findProgram(session, (*found)->programId);
  if (!program.isOk()) return program.status();
  auto settings = pairing::parseProgramSettings(program->settingsJson);
  if (!settings.isOk()) return settings.status();

  ResponseOutcome outcome;
  const core::Status committed = session.transaction([&]() -> core::Status {
    auto capacity = mentorCapacity(session, *settings, (*found)->mentorId);
    if (!capacity.isOk()) return capacity.status();
    auto answered = session.pairing().respond(matchId, employeeId, accept, reason, *capacity, actor);
    if (!answered.isOk()) return answered.status();
    outcome.match = std::move(*answered);
    const json details = {{"match", matchId}, {"status", pairing::toString(outcome.match.status)}};
    return session.audit().append(actor, accept ? "match.accept" : "match.decline",
                                  "program:" + std::to_string(program->id), details.dump());
  });
  if (!committed.isOk()) return committed;
  if (accept || outcome.match.status != pairing::MatchStatus::kDeclined) return outcome;
  if (settings->mode == pairing::PairingMode::kShortlist) {
    outcome.rematchNote = "the mentee chooses again from their shortlist";
    return outcome;
  }
  // The decline stands on its own: a failing rematch is reported, not undone.
  auto rematch = offerRematch(session, program->id, outcome.match.menteeId, actor,
                              &outcome.rematchNote);
  if (rematch.isOk()) {
    outcome.rematch = std::move(*rematch);
  } else {
    outcome.rematchNote = "no rematch could be made: " + rematch.status().message();
  }
  return outcome;
}

core::Result<std::optional<pairing::Match>> offerRematch(storage::StoreSession& session,
                                                         int64_t programId, int64_t menteeId,
                                                         const std::string& actor,
                                                         std::string* note) {
  std::string unused;
  if (note == nullptr) note = &unused;
  auto program = findProgram(session, programId);
  if (!program.isOk()) return program.status();
  std::optional<pairing::Match> none;
  if (program->status == "closed") {
    *note = "the program is closed";
    return none;
  }
  auto input = loadProgramInput(session, *program);
  if (!input.isOk()) return input.status();
  std::optional<pairing::Match> made;
  const core::Status committed = session.transaction([&]() -> core::Status {
    auto open = openMatchOf(session, programId, menteeId);
    if (!open.isOk()) return open.status();
    if (open->has_value()) {
      *note = "the mentee already has an open match";
      return core::Status::ok();
    }
    auto taken = placesTaken(session, programId);
    if (!taken.isOk()) return taken.status();
    auto history = session.pairing().matchesOf(menteeId);
    if (!history.isOk()) return history.status();
    std::set<int64_t> excluded;
    for (const auto& m : *history) {
      if (m.programId == programId && m.menteeId == menteeId) excluded.insert(m.mentorId);
    }
    auto offers = bestMentorsFor(*input, menteeId, *taken, excluded, 1);
    if (!offers.isOk()) {
      *note = offers.status().message();
      return core::Status::ok();
    }
    if (offers->empty()) {
      *note = "no other mentor with a free place fits the program's rules";
      return core::Status::ok();
    }
    pairing::Match m;
    m.programId = programId;
    m.mentorId = offers->front().mentorId;
    m.menteeId = menteeId;
    m.status = pairing::MatchStatus::kApproved;
    m.origin = pairing::MatchOrigin::kRematch;
    m.score = offers->front().score;
    m.breakdownJson = pairing::scorePartsJson(offers->front().parts).dump();
    auto& repo = session.pairing();
    auto inserted = repo.insertMatches(0, {m}, actor);
    if (!inserted.isOk()) return inserted.status();
    auto published = repo.transition(inserted->front().id, pairing::MatchStatus::kApproved,
                                     pairing::MatchStatus::kPublished, actor,
                                     "rematch offered after a decline");
    if (!published.isOk()) return published.status();
    made = std::move(*published);
    const json details = {{"match", made->id}, {"mentor", made->mentorId}, {"mentee", menteeId}};
    return session.audit().append(actor, "pairing.rematch", "program:" + std::to_string(programId),
                                  details.dump());
  });
  if (!committed.isOk()) return committed;
  return made;
}

core::Result<int> endProposalsOf(storage::StoreSession& session, int64_t employeeId,
                                 const std::string& actor) {
  auto& repo = session.pairing();
  auto matches = repo.matchesOf(employeeId);
  if (!matches.isOk()) return matches.status();
  int closed = 0;
  for (const auto& m : *matches) {
    if (m.status != pairing::MatchStatus::kProposed &&
        m.status != pairing::MatchStatus::kApproved &&
        m.status != pairing::MatchStatus::kPublished) {
      continue;
    }
    auto done = repo.transition(m.id, m.status, pairing::MatchStatus::kClosed, actor,
                                std::string(kOptedOutReason));
    if (!done.isOk()) return done.status();
    ++closed;
  }
  auto pending = repo.pendingRequestsOf(employeeId);
  if (!pending.isOk()) return pending.status();
  for (const auto& r : *pending) {
    TDM_RETURN_IF_ERROR(repo.withdrawRequest(r.id, r.menteeId, std::string(kOptedOutReason)));
  }
  return closed;
}

}  // namespace tandem::workflow
