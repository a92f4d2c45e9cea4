// Employee routes of pairing: the caller's proposals with their reasons, accept and decline
// (a decline frees both and offers the mentee a rematch), and shortlist mode: the caller's top
// mentors, requests to them, and a mentor's answers. Each route acts for the caller only: a match
// or request of other people answers 404, as if it did not exist.
#include "http/handler_support.h"
#include "http/internal/pairing_json.h"
#include "pairing/program_settings.h"
#include "workflow/match_responses.h"
#include "workflow/shortlist.h"

namespace tandem::http {

using nlohmann::json;

namespace {

constexpr size_t kMaxReasonBytes = 500;

core::Result<std::string> reasonField(const json& body, bool required) {
  auto reason = textField(body, "reason", required, kMaxReasonBytes);
  if (!reason.isOk()) return reason.status();
  if (required && reason->find_first_not_of(" \t\r\n") == std::string::npos) {
    return core::invalidArgument("reason: say why you decline (it helps the next match)");
  }
  return reason;
}

// What an answer route reads first: the caller and the reason of the body (required to decline).
struct Answer {
  directory::Employee me;
  std::string reason;
};

core::Result<Answer> readAnswer(RouteContext& ctx, bool accept) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return me.status();
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return body.status();
  auto reason = reasonField(*body, !accept);
  if (!reason.isOk()) return reason.status();
  return Answer{std::move(*me), std::move(*reason)};
}

// Whether the person has seen the match: published once (or answered).
core::Result<bool> shownToPeople(storage::StoreSession& store, const pairing::Match& m) {
  switch (m.status) {
    case pairing::MatchStatus::kProposed:
    case pairing::MatchStatus::kApproved:
      return false;
    case pairing::MatchStatus::kClosed: {
      auto events = store.pairing().events(m.id);
      if (!events.isOk()) return events.status();
      for (const auto& e : *events) {
        if (e.toStatus == pairing::MatchStatus::kPublished) return true;
      }
      return false;
    }
    default:
      return true;
  }
}

// The caller's match: 404 unless the caller is its mentor or mentee and it was published.
core::Result<pairing::Match> myMatch(RouteContext& ctx, int64_t employeeId) {
  auto matchId = idParam(ctx.request, "matchId");
  if (!matchId.isOk()) return matchId.status();
  auto match = ctx.store->pairing().findMatch(*matchId);
  if (!match.isOk()) return match.status();
  const core::Status missing = core::notFound("you have no match " + std::to_string(*matchId));
  if (!match->has_value()) return missing;
  const pairing::Match& m = **match;
  if (m.mentorId != employeeId && m.menteeId != employeeId) return missing;
  auto shown = shownToPeople(*ctx.store, m);
  if (!shown.isOk()) return shown.status();
  if (!*shown) return missing;
  return m;
}

// Program names by id, each read once.
class ProgramNames {
 public:
  explicit ProgramNames(storage::StoreSession& store) : store_(store) {}
  core::Result<std::string> of(int64_t programId) {
    if (auto it = names_.find(programId); it != names_.end()) return it->second;
    auto program = store_.programs().findById(programId);
    if (!program.isOk()) return program.status();
    return names_[programId] = program->has_value() ? (*program)->name : "";
  }

 private:
  storage::StoreSession& store_;
  std::map<int64_t, std::string> names_;
};

// matchJsonForPerson with the program's name.
core::Result<json> myMatchJson(const pairing::Match& m, int64_t viewerId,
                               internal::PeopleCache& people, ProgramNames& programs) {
  auto view = internal::matchJsonForPerson(m, viewerId, people);
  if (!view.isOk()) return view.status();
  auto name = programs.of(m.programId);
  if (!name.isOk()) return name.status();
  (*view)["programName"] = *name;
  return view;
}

Response listMyMatches(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto matches = ctx.store->pairing().matchesOf(me->id);
  if (!matches.isOk()) return Response::error(matches.status());
  internal::PeopleCache people(*ctx.store);
  ProgramNames programs(*ctx.store);
  json items = json::array();
  for (const auto& m : *matches) {
    auto shown = shownToPeople(*ctx.store, m);
    if (!shown.isOk()) return Response::error(shown.status());
    if (!*shown) continue;
    auto view = myMatchJson(m, me->id, people, programs);
    if (!view.isOk()) return Response::error(view.status());
    items.push_back(std::move(*view));
  }
  return Response::json(200, {{"items", items}});
}

Response answerMatch(RouteContext& ctx, bool accept) {
  auto answer = readAnswer(ctx, accept);
  if (!answer.isOk()) return Response::error(answer.status());
  const int64_t me = answer->me.id;
  auto match = myMatch(ctx, me);
  if (!match.isOk()) return Response::error(match.status());
  auto outcome = workflow::respondToMatch(*ctx.store, match->id, me, accept, answer->reason,
                                          ctx.identity.actor());
  if (!outcome.isOk()) return Response::error(outcome.status());
  internal::PeopleCache people(*ctx.store);
  ProgramNames programs(*ctx.store);
  auto view = myMatchJson(outcome->match, me, people, programs);
  if (!view.isOk()) return Response::error(view.status());
  json out = {{"match", *view}};
  if (!accept) {
    // The rematch goes to the mentee; the mentor who declined only learns that one was offered.
    const bool callerIsMentee = outcome->match.menteeId == me;
    if (outcome->rematch && callerIsMentee) {
      auto rematch = myMatchJson(*outcome->rematch, me, people, programs);
      if (!rematch.isOk()) return Response::error(rematch.status());
      out["rematch"] = *rematch;
    } else {
      out["rematch"] = nullptr;
    }
    out["rematchOffered"] = outcome->rematch.has_value();
    out["rematchNote"] = outcome->rematchNote;
  }
  return Response::json(200, out);
}

Response acceptMatch(RouteContext& ctx) { return answerMatch(ctx, true); }
Response declineMatch(RouteContext& ctx) { return answerMatch(ctx, false); }

Response listMyPrograms(RouteContext& ctx) {
  auto programs = ctx.store->programs().list();
  if (!programs.isOk()) return Response::error(programs.status());
  json items = json::array();
  for (const auto& p : *programs) {
    if (p.status != "open" && p.status != "running") continue;
    auto settings = pairing::parseProgramSettings(p.settingsJson);
    items.push_back({{"id", p.id},
                     {"name", p.name},
                     {"description", p.description},
                     {"startsOn", p.startsOn},
                     {"endsOn", p.endsOn},
                     {"status", p.status},
                     {"mode", settings.isOk() ? pairing::pairingModeName(settings->mode)
                                              : std::string_view("cohort")}});
  }
  return Response::json(200, {{"items", items}});
}

Response getShortlist(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto program = idParam(ctx.request, "id");
  if (!program.isOk()) return Response::error(program.status());
  auto shortlist = workflow::shortlistFor(*ctx.store, *program, me->id, ctx.identity.actor());
  if (!shortlist.isOk()) return Response::error(shortlist.status());
  internal::PeopleCache people(*ctx.store);
  json mentors = json::array();
  for (size_t i = 0; i < shortlist->mentors.size(); ++i) {
    auto offer = internal::offerJson(shortlist->mentors[i], static_cast<int>(i) + 1, people);
    if (!offer.isOk()) return Response::error(offer.status());
    mentors.push_back(std::move(*offer));
  }
  json requests = json::array();
  for (const auto& r : shortlist->requests) {
    auto view = internal::requestJson(r, false, people);
    if (!view.isOk()) return Response::error(view.status());
    requests.push_back(std::move(*view));
  }
  return Response::json(200, {{"programId", *program},
                              {"responseHours", shortlist->responseHours},
                              {"matched", shortlist->matched},
                              {"mentors", mentors},
                              {"requests", requests}});
}

Response sendRequest(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto program = idParam(ctx.request, "id");
  if (!program.isOk()) return Response::error(program.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  auto mentor = idField(*body, "mentorId");
  if (!mentor.isOk()) return Response::error(mentor.status());
  auto request = workflow::requestMentor(*ctx.store, *program, me->id, *mentor,
                                         ctx.identity.actor());
  if (!request.isOk()) return Response::error(request.status());
  internal::PeopleCache people(*ctx.store);
  auto view = internal::requestJson(*request, false, people);
  if (!view.isOk()) return Response::error(view.status());
  return Response::json(201, *view);
}

Response listReceivedRequests(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto expired = workflow::expireRequests(*ctx.store, "shortlist");
  if (!expired.isOk()) return Response::error(expired.status());
  auto requests = ctx.store->pairing().requestsForMentor(me->id, std::nullopt);
  if (!requests.isOk()) return Response::error(requests.status());
  internal::PeopleCache people(*ctx.store);
  json items = json::array();
  for (const auto& r : *requests) {
    auto view = internal::requestJson(r, true, people);
    if (!view.isOk()) return Response::error(view.status());
    items.push_back(std::move(*view));
  }
  return Response::json(200, {{"items", items}});
}

// The caller's received request: 404 unless the caller is its mentor.
core::Result<pairing::ShortlistRequest> myRequest(RouteContext& ctx, int64_t employeeId,
                                                  bool asMentor) {
  auto requestId = idParam(ctx.request, "requestId");
  if (!requestId.isOk()) return requestId.status();
  auto found = ctx.store->pairing().findRequest(*requestId);
  if (!found.isOk()) return found.status();
  if (!found->has_value() ||
      (asMentor ? (*found)->mentorId : (*found)->menteeId) != employeeId) {
    return core::notFound("you have no request " + std::to_string(*requestId));
  }
  return **found;
}

Response answerRequest(RouteContext& ctx, bool accept) {
  auto answer = readAnswer(ctx, accept);
  if (!answer.isOk()) return Response::error(answer.status());
  auto request = myRequest(ctx, answer->me.id, true);
  if (!request.isOk()) return Response::error(request.status());
  auto answered = workflow::answerRequest(*ctx.store, request->id, answer->me.id, accept,
                                          answer->reason, ctx.identity.actor());
  if (!answered.isOk()) return Response::error(answered.status());
  internal::PeopleCache people(*ctx.store);
  auto view = internal::requestJson(answered->request, true, people);
  if (!view.isOk()) return Response::error(view.status());
  return Response::json(200, *view);
}

Response acceptRequest(RouteContext& ctx) { return answerRequest(ctx, true); }
Response declineRequest(RouteContext& ctx) { return answerRequest(ctx, false); }

Response withdrawRequest(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto request = myRequest(ctx, me->id, false);
  if (!request.isOk()) return Response::error(request.status());
  auto done = workflow::withdrawRequest(*ctx.store, request->id, me->id, ctx.identity.actor());
  if (!done.isOk()) return Response::error(done);
  return Response::noContent();
}

}  // namespace

void addMatchRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/me/matches", kRoleEmployee, "My proposals and matches",
                    listMyMatches});
  routes.push_back({"POST", "/api/v1/me/matches/{matchId}/accept", kRoleEmployee,
                    "Accept a proposal", acceptMatch, true, true});
  routes.push_back({"POST", "/api/v1/me/matches/{matchId}/decline", kRoleEmployee,
                    "Decline a proposal with a reason", declineMatch, true, true});
  routes.push_back({"GET", "/api/v1/me/programs", kRoleEmployee, "Programs open to me",
                    listMyPrograms});
  routes.push_back({"GET", "/api/v1/me/programs/{id}/shortlist", kRoleEmployee,
                    "My shortlist of mentors with reasons, and my requests", getShortlist});
  routes.push_back({"POST", "/api/v1/me/programs/{id}/requests", kRoleEmployee,
                    "Ask a mentor of my shortlist", sendRequest, true, true});
  routes.push_back({"GET", "/api/v1/me/requests", kRoleEmployee,
                    "Requests mentees sent me", listReceivedRequests});
  routes.push_back({"POST", "/api/v1/me/requests/{requestId}/accept", kRoleEmployee,
                    "Accept a mentee's request", acceptRequest, true, true});
  routes.push_back({"POST", "/api/v1/me/requests/{requestId}/decline", kRoleEmployee,
                    "Decline a mentee's request with a reason", declineRequest, true, true});
  routes.push_back({"DELETE", "/api/v1/me/requests/{requestId}", kRoleEmployee,
                    "Withdraw my request", withdrawRequest, true, true});
}

}  // namespace tandem::http
