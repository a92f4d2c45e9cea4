// HR routes of pairing: runs (draft, dry run, replay), review actions on matches (approve,
// unapprove, pin, block, swap), publication, pins and blocks. Every route is HR only; the
// use cases live in workflow/.
#include <algorithm>
#include <set>

#include "http/handler_support.h"
#include "http/internal/pairing_json.h"
#include "pairing/pairing_instance.h"
#include "workflow/pairing_review.h"
#include "workflow/pairing_runs.h"

namespace tandem::http {

using nlohmann::json;

namespace {

constexpr size_t kMaxNoteBytes = 500;

core::Result<std::string> noteField(const json& body) {
  return textField(body, "note", false, kMaxNoteBytes);
}

// The program id of the path, checked to exist.
core::Result<int64_t> programParam(RouteContext& ctx) {
  auto id = idParam(ctx.request, "id");
  if (!id.isOk()) return id.status();
  auto program = workflow::findProgram(*ctx.store, *id);
  if (!program.isOk()) return program.status();
  return *id;
}

Response matchResponse(RouteContext& ctx, const core::Result<pairing::Match>& match) {
  if (!match.isOk()) return Response::error(match.status());
  internal::PeopleCache people(*ctx.store);
  auto view = internal::matchJsonForHr(*match, people);
  if (!view.isOk()) return Response::error(view.status());
  return Response::json(200, *view);
}

Response listRuns(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto runs = ctx.store->pairing().listRuns(*program);
  if (!runs.isOk()) return Response::error(runs.status());
  json items = json::array();
  for (const auto& r : *runs) items.push_back(internal::runSummaryJson(r));
  return Response::json(200, {{"items", items}});
}

Response createRun(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  auto dryRun = boolField(*body, "dryRun", false);
  if (!dryRun.isOk()) return Response::error(dryRun.status());
  auto outcome =
      workflow::runProgramPairing(*ctx.store, *program, *dryRun, ctx.identity.actor(), nullptr);
  if (!outcome.isOk()) return Response::error(outcome.status());
  json out = {{"programId", *program},
              {"dryRun", *dryRun},
              {"pairs", outcome->result.pairs.size()},
              {"unmatched", outcome->result.unmatched.size()},
              {"objective", internal::points(outcome->result.objective)},
              {"inputHash", outcome->result.inputHash},
              {"closedInReportingChain", outcome->closedInReportingChain},
              {"fairness", outcome->fairness}};
  if (*dryRun) {
    out["result"] = pairing::pairingResultToJson(outcome->result);
    return Response::json(200, out);
  }
  out["id"] = outcome->runId;
  Response r = Response::json(201, out);
  r.headers.emplace_back("Location", "/api/v1/programs/" + std::to_string(*program) + "/runs/" +
                                         std::to_string(outcome->runId));
  return r;
}

Response getRun(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto runId = idParam(ctx.request, "runId");
  if (!runId.isOk()) return Response::error(runId.status());
  auto& repo = ctx.store->pairing();
  auto run = repo.findRun(*runId);
  if (!run.isOk()) return Response::error(run.status());
  if (!run->has_value() || (*run)->programId != *program) {
    return Response::error(core::notFound("program " + std::to_string(*program) +
                                          " has no run " + std::to_string(*runId)));
  }
  const pairing::MatchRun& r = **run;
  json out = internal::runSummaryJson(r);
  out["settings"] = json::parse(r.settingsJson, nullptr, false);
  out["fairness"] = json::parse(r.fairnessJson, nullptr, false);
  const json result = json::parse(r.resultJson, nullptr, false);
  out["objective"] = result.is_object() ? internal::points(result.value("objective", int64_t{0})) : 0.0;

  // The pairs under review: the run's own matches, and the program's open matches from elsewhere
  // (kept from earlier runs, swaps, rematches) while this run is the current draft.
  auto own = repo.runMatches(*runId);
  if (!own.isOk()) return Response::error(own.status());
  std::vector<pairing::Match> shown = *own;
  if (r.status == pairing::RunStatus::kDraft) {
    auto all = repo.listMatches(*program, std::nullopt);
    if (!all.isOk()) return Response::error(all.status());
    for (const auto& m : *all) {
      if (m.runId != *runId && pairing::isOpen(m.status)) shown.push_back(m);
    }
  }
  internal::PeopleCache people(*ctx.store);
  json pairs = json::array();
  for (const auto& m : shown) {
    auto view = internal::matchJsonForHr(m, people);
    if (!view.isOk()) return Response::error(view.status());
    pairs.push_back(std::move(*view));
  }
  out["matches"] = std::move(pairs);
  json unmatched = json::array();
  if (result.is_object() && result.contains("unmatched") && result["unmatched"].is_array()) {
    for (const auto& u : result["unmatched"]) {
      auto person = people.person(u.value("personId", int64_t{0}), true);
      if (!person.isOk()) return Response::error(person.status());
      json row = {{"person", *person},
                  {"role", u.value("role", std::string())},
                  {"code", u.value("code", std::string())},
                  {"reason", u.value("reason", std::string())}};
      // Runs stored before reasons had templates lack these: clients fall back to "reason".
      if (u.contains("reasonCode") && u["reasonCode"].is_string() && u.contains("args") &&
          u["args"].is_object()) {
        row["reasonCode"] = u["reasonCode"];
        row["args"] = u["args"];
      }
      unmatched.push_back(std::move(row));
    }
  }
  out["unmatched"] = std::move(unmatched);
  return Response::json(200, out);
}

Response publishRun(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto runId = idParam(ctx.request, "runId");
  if (!runId.isOk()) return Response::error(runId.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  auto approveAll = boolField(*body, "approveAll", false);
  if (!approveAll.isOk()) return Response::error(approveAll.status());
  auto outcome =
      workflow::publishRun(*ctx.store, *program, *runId, *approveAll, ctx.identity.actor());
  if (!outcome.isOk()) return Response::error(outcome.status());
  return Response::json(200, {{"runId", outcome->runId},
                              {"status", "published"},
                              {"published", outcome->published},
                              {"approved", outcome->approved}});
}

Response discardRun(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto runId = idParam(ctx.request, "runId");
  if (!runId.isOk()) return Response::error(runId.status());
  auto done = workflow::discardRun(*ctx.store, *program, *runId, ctx.identity.actor());
  if (!done.isOk()) return Response::error(done);
  return Response::json(200, {{"runId", *runId}, {"status", "discarded"}});
}

Response replayRun(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto runId = idParam(ctx.request, "runId");
  if (!runId.isOk()) return Response::error(runId.status());
  auto run = ctx.store->pairing().findRun(*runId);
  if (!run.isOk()) return Response::error(run.status());
  if (!run->has_value() || (*run)->programId != *program) {
    return Response::error(core::notFound("program " + std::to_string(*program) +
                                          " has no run " + std::to_string(*runId)));
  }
  auto replay = workflow::replayRun(*ctx.store, *runId);
  if (!replay.isOk()) return Response::error(replay.status());
  return Response::json(200, {{"runId", replay->runId},
                              {"solverVersion", replay->solverVersion},
                              {"replaySolverVersion", replay->replaySolverVersion},
                              {"identical", replay->identical},
                              {"inputHashMatches", replay->inputHashMatches},
                              {"storedObjective", internal::points(replay->storedObjective)},
                              {"replayedObjective", internal::points(replay->replayedObjective)},
                              {"differences", replay->differences}});
}

Response listMatches(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  std::optional<pairing::MatchStatus> status;
  if (auto raw = ctx.request.queryParam("status"); raw && !raw->empty()) {
    status = pairing::parseMatchStatus(*raw);
    if (!status) {
      return Response::error(core::invalidArgument(
          "status: must be proposed, approved, published, accepted, declined, active, completed "
          "or closed"));
    }
  }
  auto matches = ctx.store->pairing().listMatches(*program, status);
  if (!matches.isOk()) return Response::error(matches.status());
  internal::PeopleCache people(*ctx.store);
  json items = json::array();
  for (const auto& m : *matches) {
    auto view = internal::matchJsonForHr(m, people);
    if (!view.isOk()) return Response::error(view.status());
    items.push_back(std::move(*view));
  }
  return Response::json(200, {{"items", items}});
}

Response matchEvents(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto matchId = idParam(ctx.request, "matchId");
  if (!matchId.isOk()) return Response::error(matchId.status());
  auto match = ctx.store->pairing().findMatch(*matchId);
  if (!match.isOk()) return Response::error(match.status());
  if (!match->has_value() || (*match)->programId != *program) {
    return Response::error(core::notFound("program " + std::to_string(*program) +
                                          " has no match " + std::to_string(*matchId)));
  }
  auto events = ctx.store->pairing().events(*matchId);
  if (!events.isOk()) return Response::error(events.status());
  json items = json::array();
  for (const auto& e : *events) {
    items.push_back({{"at", e.at},
                     {"actor", e.actor},
                     {"from", e.fromStatus ? json(pairing::toString(*e.fromStatus)) : json(nullptr)},
                     {"to", pairing::toString(e.toStatus)},
                     {"reason", e.reason}});
  }
  return Response::json(200, {{"items", items}});
}

using MatchAction = core::Result<pairing::Match> (*)(storage::StoreSession&, int64_t, int64_t,
                                                     const std::string&);

Response simpleMatchAction(RouteContext& ctx, MatchAction action) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto matchId = idParam(ctx.request, "matchId");
  if (!matchId.isOk()) return Response::error(matchId.status());
  return matchResponse(ctx, action(*ctx.store, *program, *matchId, ctx.identity.actor()));
}

Response approveMatch(RouteContext& ctx) { return simpleMatchAction(ctx, workflow::approveMatch); }
Response unapproveMatch(RouteContext& ctx) {
  return simpleMatchAction(ctx, workflow::unapproveMatch);
}

Response noteMatchAction(RouteContext& ctx, bool pin) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto matchId = idParam(ctx.request, "matchId");
  if (!matchId.isOk()) return Response::error(matchId.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  auto note = noteField(*body);
  if (!note.isOk()) return Response::error(note.status());
  const std::string actor = ctx.identity.actor();
  return matchResponse(ctx, pin ? workflow::pinMatch(*ctx.store, *program, *matchId, *note, actor)
                                : workflow::blockMatch(*ctx.store, *program, *matchId, *note, actor));
}

Response pinMatch(RouteContext& ctx) { return noteMatchAction(ctx, true); }
Response blockMatch(RouteContext& ctx) { return noteMatchAction(ctx, false); }

Response swap(RouteContext& ctx) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  const auto ids = body->find("matches");
  if (ids == body->end() || !ids->is_array() || ids->size() != 2 ||
      !(*ids)[0].is_number_integer() || !(*ids)[1].is_number_integer() ||
      (*ids)[0].get<int64_t>() < 1 || (*ids)[1].get<int64_t>() < 1) {
    return Response::error(core::invalidArgument("matches: must be two match ids"));
  }
  auto force = boolField(*body, "force", false);
  if (!force.isOk()) return Response::error(force.status());
  auto swapped = workflow::swapMatches(*ctx.store, *program, (*ids)[0].get<int64_t>(),
                                       (*ids)[1].get<int64_t>(), *force, ctx.identity.actor());
  if (!swapped.isOk()) return Response::error(swapped.status());
  internal::PeopleCache people(*ctx.store);
  json items = json::array();
  for (const auto& m : *swapped) {
    auto view = internal::matchJsonForHr(m, people);
    if (!view.isOk()) return Response::error(view.status());
    items.push_back(std::move(*view));
  }
  return Response::json(200, {{"items", items}});
}

// --- Pins and blocks

Response listRules(RouteContext& ctx, bool pins) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto& repo = ctx.store->pairing();
  auto rules = pins ? repo.listPins(*program) : repo.listBlocks(*program);
  if (!rules.isOk()) return Response::error(rules.status());
  internal::PeopleCache people(*ctx.store);
  json items = json::array();
  for (const auto& r : *rules) {
    auto mentor = people.person(r.mentorId, true);
    if (!mentor.isOk()) return Response::error(mentor.status());
    auto mentee = people.person(r.menteeId, true);
    if (!mentee.isOk()) return Response::error(mentee.status());
    items.push_back({{"mentor", *mentor},
                     {"mentee", *mentee},
                     {"note", r.note},
                     {"createdBy", r.createdBy},
                     {"createdAt", r.createdAt}});
  }
  return Response::json(200, {{"items", items}});
}

Response addRule(RouteContext& ctx, bool pin) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  auto mentor = idField(*body, "mentorId");
  if (!mentor.isOk()) return Response::error(mentor.status());
  auto mentee = idField(*body, "menteeId");
  if (!mentee.isOk()) return Response::error(mentee.status());
  auto note = noteField(*body);
  if (!note.isOk()) return Response::error(note.status());
  pairing::PairRule rule;
  rule.programId = *program;
  rule.mentorId = *mentor;
  rule.menteeId = *mentee;
  rule.createdBy = ctx.identity.actor();
  rule.note = *note;
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto& repo = ctx.store->pairing();
    TDM_RETURN_IF_ERROR(pin ? repo.addPin(rule) : repo.addBlock(rule));
    const json details = {{"mentor", *mentor}, {"mentee", *mentee}};
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(),
                                                  pin ? "pairing.pin" : "pairing.block",
                                                  "program:" + std::to_string(*program),
                                                  details.dump()));
    out = Response::json(201, {{"programId", *program},
                               {"mentorId", *mentor},
                               {"menteeId", *mentee},
                               {"note", *note}});
    return core::Status::ok();
  });
}

Response removeRule(RouteContext& ctx, bool pin) {
  auto program = programParam(ctx);
  if (!program.isOk()) return Response::error(program.status());
  auto mentor = idParam(ctx.request, "mentorId");
  if (!mentor.isOk()) return Response::error(mentor.status());
  auto mentee = idParam(ctx.request, "menteeId");
  if (!mentee.isOk()) return Response::error(mentee.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto& repo = ctx.store->pairing();
    TDM_RETURN_IF_ERROR(pin ? repo.removePin(*program, *mentor, *mentee)
                            : repo.removeBlock(*program, *mentor, *mentee));
    const json details = {{"mentor", *mentor}, {"mentee", *mentee}};
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(),
                                                  pin ? "pairing.unpin" : "pairing.unblock",
                                                  "program:" + std::to_string(*program),
                                                  details.dump()));
    out = Response::noContent();
    return core::Status::ok();
  });
}

}  // namespace

void addPairingRoutes(std::vector<Route>& routes) {
  const std::string p = "/api/v1/programs/{id}";
  routes.push_back({"GET", p + "/runs", kRoleHrAdmin, "List a program's pairing runs", listRuns});
  routes.push_back({"POST", p + "/runs", kRoleHrAdmin, "Run the pairing (a draft, or a dry run)",
                    createRun});
  routes.push_back({"GET", p + "/runs/{runId}", kRoleHrAdmin,
                    "A run with its pairs, their reasons, the unmatched and the fairness report",
                    getRun});
  routes.push_back({"POST", p + "/runs/{runId}/publish", kRoleHrAdmin,
                    "Publish a draft run's approved pairs", publishRun});
  routes.push_back({"POST", p + "/runs/{runId}/discard", kRoleHrAdmin, "Discard a draft run",
                    discardRun});
  routes.push_back({"POST", p + "/runs/{runId}/replay", kRoleHrAdmin,
                    "Recompute a stored run and compare", replayRun});
  routes.push_back({"GET", p + "/matches", kRoleHrAdmin, "List a program's matches", listMatches});
  routes.push_back({"GET", p + "/matches/{matchId}/events", kRoleHrAdmin, "A match's history",
                    matchEvents});
  routes.push_back({"POST", p + "/matches/{matchId}/approve", kRoleHrAdmin,
                    "Approve a proposed pair", approveMatch});
  routes.push_back({"POST", p + "/matches/{matchId}/unapprove", kRoleHrAdmin,
                    "Take back an approval", unapproveMatch});
  routes.push_back({"POST", p + "/matches/{matchId}/pin", kRoleHrAdmin,
                    "Pin a pair (later runs keep it)", pinMatch});
  routes.push_back({"POST", p + "/matches/{matchId}/block", kRoleHrAdmin,
                    "Block a pair and close its match", blockMatch});
  routes.push_back({"POST", p + "/swap", kRoleHrAdmin, "Swap the mentees of two pairs", swap});
  routes.push_back({"GET", p + "/pins", kRoleHrAdmin, "List pinned pairs",
                    [](RouteContext& c) { return listRules(c, true); }});
  routes.push_back({"POST", p + "/pins", kRoleHrAdmin, "Pin a pair",
                    [](RouteContext& c) { return addRule(c, true); }});
  routes.push_back({"DELETE", p + "/pins/{mentorId}/{menteeId}", kRoleHrAdmin, "Remove a pin",
                    [](RouteContext& c) { return removeRule(c, true); }});
  routes.push_back({"GET", p + "/blocks", kRoleHrAdmin, "List blocked pairs",
                    [](RouteContext& c) { return listRules(c, false); }});
  routes.push_back({"POST", p + "/blocks", kRoleHrAdmin, "Block a pair",
                    [](RouteContext& c) { return addRule(c, false); }});
  routes.push_back({"DELETE", p + "/blocks/{mentorId}/{menteeId}", kRoleHrAdmin,
                    "Remove a block", [](RouteContext& c) { return removeRule(c, false); }});
}

}  // namespace tandem::http
