#include "workflow/shortlist.h"

#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "pairing/pairing_instance.h"
#include "workflow/pairing_runs.h"
#include "workflow/pairing_state.h"

namespace tandem::workflow {

using nlohmann::json;
using pairing::RequestStatus;

namespace {

struct ShortlistProgram {
  mentoring::Program program;
  pairing::ProgramSettings settings;
};

core::Result<ShortlistProgram> shortlistProgram(storage::StoreSession& session,
                                                int64_t programId) {
  auto program = findProgram(session, programId);
  if (!program.isOk()) return program.status();
  auto settings = pairing::parseProgramSettings(program->settingsJson);
  if (!settings.isOk()) return settings.status();
  if (settings->mode != pairing::PairingMode::kShortlist) {
    return core::failedPrecondition("program " + std::to_string(programId) +
                                    " is not in shortlist mode: HR pairs its cohort");
  }
  if (program->status == "closed") {
    return core::failedPrecondition("program " + std::to_string(programId) + " is closed");
  }
  return ShortlistProgram{std::move(*program), std::move(*settings)};
}

// The mentee's current shortlist; call inside a transaction for a consistent view.
core::Result<std::vector<MentorOffer>> currentShortlist(storage::StoreSession& session,
                                                        const pairing::PairingInput& input,
                                                        int64_t programId, int64_t menteeId) {
  auto taken = placesTaken(session, programId);
  if (!taken.isOk()) return taken.status();
  std::set<int64_t> excluded;
  auto requests = session.pairing().requestsOfMentee(programId, menteeId);
  if (!requests.isOk()) return requests.status();
  for (const auto& r : *requests) {
    if (r.status != RequestStatus::kWithdrawn) excluded.insert(r.mentorId);
  }
  auto history = session.pairing().matchesOf(menteeId);
  if (!history.isOk()) return history.status();
  for (const auto& m : *history) {
    if (m.programId == programId && m.menteeId == menteeId) excluded.insert(m.mentorId);
  }
  return bestMentorsFor(input, menteeId, *taken, excluded, kShortlistSize);
}

core::Result<pairing::ShortlistRequest> ask(storage::StoreSession& session, const ShortlistProgram& sp,
                                            int64_t menteeId, const MentorOffer& offer, int rank,
                                            const std::string& actor) {
  pairing::ShortlistRequest request;
  request.programId = sp.program.id;
  request.menteeId = menteeId;
  request.mentorId = offer.mentorId;
  request.rank = rank;
  request.score = offer.score;
  request.breakdownJson = pairing::scorePartsJson(offer.parts).dump();
  request.expiresAt = utcNowPlusHours(sp.settings.shortlistResponseHours);
  auto created = session.pairing().createRequest(request);
  if (!created.isOk()) return created.status();
  const json details = {{"request", created->id}, {"mentor", offer.mentorId}, {"mentee", menteeId},
                        {"rank", rank}, {"expiresAt", created->expiresAt}};
  TDM_RETURN_IF_ERROR(session.audit().append(actor, "shortlist.request",
                                             "program:" + std::to_string(sp.program.id),
                                             details.dump()));
  return created;
}

// The pools of the programs requests are passed on in, loaded once per batch of passes (a pool
// is every participant of the organisation: reading it is the slow part of passing on). What a
// pass changes (requests, places taken) is read live by currentShortlist, not from the pool.
using PoolCache = std::map<int64_t, pairing::PairingInput>;

// Asks the mentee's best mentor not yet asked, unless they have an open match or a pending
// request. nullopt when nobody is left (or the program left shortlist mode).
core::Result<std::optional<pairing::ShortlistRequest>> passOn(storage::StoreSession& session,
                                                              int64_t programId, int64_t menteeId,
                                                              const std::string& actor,
                                                              PoolCache& pools) {
  std::optional<pairing::ShortlistRequest> none;
  auto sp = shortlistProgram(session, programId);
  if (!sp.isOk()) return none;
  auto cached = pools.find(programId);
  if (cached == pools.end()) {
    auto loaded = loadProgramInput(session, sp->program);
    if (!loaded.isOk()) return loaded.status();
    cached = pools.emplace(programId, std::move(*loaded)).first;
  }
  const pairing::PairingInput* input = &cached->second;
  std::optional<pairing::ShortlistRequest> asked;
  const core::Status committed = session.transaction([&]() -> core::Status {
    auto open = openMatchOf(session, programId, menteeId);
    if (!open.isOk()) return open.status();
    if (open->has_value()) return core::Status::ok();
    auto requests = session.pairing().requestsOfMentee(programId, menteeId);
    if (!requests.isOk()) return requests.status();
    for (const auto& r : *requests) {
      if (r.status == RequestStatus::kPending) return core::Status::ok();
    }
    auto offers = currentShortlist(session, *input, programId, menteeId);
    if (!offers.isOk() || offers->empty()) return core::Status::ok();  // nobody left to ask
    auto created = ask(session, *sp, menteeId, offers->front(), 1, actor);
    if (!created.isOk()) return created.status();
    asked = std::move(*created);
    return core::Status::ok();
  });
  if (!committed.isOk()) return committed;
  return asked;
}

}  // namespace

core::Result<Shortlist> shortlistFor(storage::StoreSession& session, int64_t programId,
                                     int64_t menteeId, const std::string& actor) {
  auto sp = shortlistProgram(session, programId);
  if (!sp.isOk()) return sp.status();
  auto expired = expireRequests(session, actor);
  if (!expired.isOk()) return expired.status();
  auto input = loadProgramInput(session, sp->program);
  if (!input.isOk()) return input.status();
  Shortlist out;
  out.programId = programId;
  out.responseHours = sp->settings.shortlistResponseHours;
  auto open = openMatchOf(session, programId, menteeId);
  if (!open.isOk()) return open.status();
  out.matched = open->has_value();
  auto requests = session.pairing().requestsOfMentee(programId, menteeId);
  if (!requests.isOk()) return requests.status();
  out.requests = std::move(*requests);
  if (!out.matched) {
    auto offers = currentShortlist(session, *input, programId, menteeId);
    if (!offers.isOk()) return offers.status();
    out.mentors = std::move(*offers);
  }
  return out;
}

core::Result<pairing::ShortlistRequest> requestMentor(storage::StoreSession& session,
                                                      int64_t programId, int64_t menteeId,
                                                      int64_t mentorId, const std::string& actor) {
  auto sp = shortlistProgram(session, programId);
  if (!sp.isOk()) return sp.status();
  auto input = loadProgramInput(session, sp->program);
  if (!input.isOk()) return input.status();
  using Request = pairing::ShortlistRequest;
  return transact<Request>(session, [&]() -> core::Result<Request> {
    auto open = openMatchOf(session, programId, menteeId);
    if (!open.isOk()) return open.status();
    if (open->has_value()) {
      return core::failedPrecondition("you already have a mentor in this program");
    }
    auto offers = currentShortlist(session, *input, programId, menteeId);
    if (!offers.isOk()) return offers.status();
    for (size_t i = 0; i < offers->size(); ++i) {
      if ((*offers)[i].mentorId != mentorId) continue;
      return ask(session, *sp, menteeId, (*offers)[i], static_cast<int>(i) + 1, actor);
    }
    return core::failedPrecondition("employee " + std::to_string(mentorId) +
                                    " is not on your shortlist (already asked, at capacity, or "
                                    "not a fit under the program's rules)");
  });
}

core::Result<RequestAnswer> answerRequest(storage::StoreSession& session, int64_t requestId,
                                          int64_t mentorId, bool accept, const std::string& reason,
                                          const std::string& actor) {
  auto found = session.pairing().findRequest(requestId);
  if (!found.isOk()) return found.status();
  if (!found->has_value()) return core::notFound("no request with id " + std::to_string(requestId));
  auto program = findProgram(session, (*found)->programId);
  if (!program.isOk()) return program.status();
  auto settings = pairing::parseProgramSettings(program->settingsJson);
  if (!settings.isOk()) return settings.status();
  RequestAnswer out;
  const core::Status committed = session.transaction([&]() -> core::Status {
    auto capacity = mentorCapacity(session, *settings, mentorId);
    if (!capacity.isOk()) return capacity.status();
    auto answered = session.pairing().respondToRequest(requestId, mentorId, accept, reason,
                                                       *capacity, actor);
    if (!answered.isOk()) return answered.status();
    out.request = std::move(*answered);
    const json details = {{"request", requestId}, {"match", out.request.matchId}};
    return session.audit().append(actor, accept ? "shortlist.accept" : "shortlist.decline",
                                  "program:" + std::to_string(program->id), details.dump());
  });
  if (!committed.isOk()) return committed;
  if (!accept) {
    PoolCache pools;
    auto next = passOn(session, out.request.programId, out.request.menteeId, "shortlist", pools);
    if (next.isOk()) out.passedTo = std::move(*next);
  }
  return out;
}

core::Status withdrawRequest(storage::StoreSession& session, int64_t requestId, int64_t menteeId,
                             const std::string& actor) {
  return session.transaction([&]() -> core::Status {
    auto found = session.pairing().findRequest(requestId);
    if (!found.isOk()) return found.status();
    if (!found->has_value()) return core::notFound("no request with id " + std::to_string(requestId));
    TDM_RETURN_IF_ERROR(session.pairing().withdrawRequest(requestId, menteeId, "withdrawn by the mentee"));
    const json details = {{"request", requestId}};
    return session.audit().append(actor, "shortlist.withdraw",
                                  "program:" + std::to_string((*found)->programId), details.dump());
  });
}

core::Result<int> expireRequests(storage::StoreSession& session, const std::string& actor) {
  std::vector<pairing::ShortlistRequest> expired;
  const core::Status committed = session.transaction([&]() -> core::Status {
    auto done = session.pairing().expireRequests();
    if (!done.isOk()) return done.status();
    expired = std::move(*done);
    for (const auto& r : expired) {
      const json details = {{"request", r.id}, {"mentor", r.mentorId}, {"mentee", r.menteeId}};
      TDM_RETURN_IF_ERROR(session.audit().append(actor, "shortlist.expire",
                                                 "program:" + std::to_string(r.programId),
                                                 details.dump()));
    }
    return core::Status::ok();
  });
  if (!committed.isOk()) return committed;
  PoolCache pools;
  for (const auto& r : expired) {
    auto next = passOn(session, r.programId, r.menteeId, actor, pools);
    if (!next.isOk()) return next.status();
  }
  return static_cast<int>(expired.size());
}

}  // namespace tandem::workflow
