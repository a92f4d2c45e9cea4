// Routes of the employee's own profile: who I am, opting in and out, my skills.
#include "core/clock.h"
#include "http/handler_support.h"
#include "workflow/match_responses.h"
#include "mentoring/participation.h"

namespace tandem::http {

using nlohmann::json;

namespace {

json rolesJson(const Identity& identity) {
  json roles = json::array();
  if (identity.has(kRoleEmployee)) roles.push_back("employee");
  if (identity.has(kRoleHrAdmin)) roles.push_back("hr_admin");
  if (identity.has(kRoleHostAdmin)) roles.push_back("host_admin");
  if (identity.has(kRoleService)) roles.push_back("service");
  return roles;
}

Response getMe(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto enabled = moduleEnabled(*ctx.store);
  if (!enabled.isOk()) return Response::error(enabled.status());
  auto participant = ctx.store->participants().find(me->id);
  if (!participant.isOk()) return Response::error(participant.status());
  std::string locale = !ctx.identity.locale.empty() ? ctx.identity.locale
                       : !me->locale.empty()        ? me->locale
                                                    : "en";
  return Response::json(200, {{"employee", employeeJson(*me)},
                              {"moduleEnabled", *enabled},
                              {"locale", locale},
                              {"roles", rolesJson(ctx.identity)},
                              {"participant", participant->has_value()
                                                  ? participantJson(**participant)
                                                  : json(nullptr)}});
}

// Reads the participation fields of a PUT body over `p` (fields absent keep their value).
core::Status readParticipation(const json& body, mentoring::Participant& p) {
  auto role = stringField(body, "role", true);
  if (!role.isOk()) return role.status();
  p.role = *role;
  auto capacity = intField(body, "capacity", p.capacity);
  if (!capacity.isOk()) return capacity.status();
  p.capacity = *capacity;
  if (body.contains("languages")) {
    const json& langs = body["languages"];
    if (!langs.is_array()) return core::invalidArgument("languages: must be an array of codes");
    p.languages.clear();
    for (const auto& l : langs) {
      if (!l.is_string()) return core::invalidArgument("languages: must be an array of codes");
      p.languages.push_back(l.get<std::string>());
    }
  }
  if (body.contains("availability")) {
    const json& windows = body["availability"];
    if (!windows.is_array()) return core::invalidArgument("availability: must be an array");
    p.availability.clear();
    for (const auto& w : windows) {
      if (!w.is_object() || !w.contains("weekday") || !w["weekday"].is_number_integer() ||
          !w.contains("start") || !w["start"].is_string() || !w.contains("end") ||
          !w["end"].is_string()) {
        return core::invalidArgument("availability: each window needs weekday, start and end");
      }
      p.availability.push_back({static_cast<int>(std::clamp<int64_t>(
                                    w["weekday"].get<int64_t>(), -1, 99)),
                                w["start"].get<std::string>(), w["end"].get<std::string>()});
    }
  }
  auto hope = stringField(body, "hopeNote", false, p.hopeNote);
  if (!hope.isOk()) return hope.status();
  p.hopeNote = *hope;
  if (body.contains("readiness")) {
    const json& r = body["readiness"];
    if (!r.is_object()) return core::invalidArgument("readiness: must be an object");
    p.readiness.clear();
    for (const auto& q : mentoring::readinessQuestions()) {
      if (!r.contains(q)) continue;
      if (!r[q].is_boolean()) return core::invalidArgument("readiness: '" + q + "' must be true or false");
      p.readiness[q] = r[q].get<bool>();
    }
  }
  if (body.contains("skills")) {
    auto skills = parseParticipantSkills(body["skills"]);
    if (!skills.isOk()) return skills.status();
    p.skills = *skills;
  }
  return core::Status::ok();
}

Response putParticipation(RouteContext& ctx) {
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto existing = ctx.store->participants().find(me->id);
    if (!existing.isOk()) return existing.status();
    mentoring::Participant p = existing->value_or(mentoring::Participant{});
    const bool wasActive = existing->has_value() && (*existing)->status == "active";
    p.employeeId = me->id;
    TDM_RETURN_IF_ERROR(readParticipation(*body, p));
    auto catalogue = ctx.store->skills().list(false);
    if (!catalogue.isOk()) return catalogue.status();
    TDM_RETURN_IF_ERROR(mentoring::validateParticipation(p, *catalogue));
    p.status = "active";
    if (!wasActive) p.consentAt = core::isoNow();  // consent is given anew at each opt-in
    TDM_RETURN_IF_ERROR(ctx.store->participants().save(p));
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(
        ctx.identity.actor(), wasActive ? "participation.update" : "participation.opt_in",
        me->userName, json{{"role", p.role}}.dump()));
    auto saved = ctx.store->participants().find(me->id);
    if (!saved.isOk()) return saved.status();
    out = Response::json(200, participantJson(**saved));
    return core::Status::ok();
  });
}

Response deleteParticipation(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto existing = ctx.store->participants().find(me->id);
    if (!existing.isOk()) return existing.status();
    if (!existing->has_value()) return core::notFound("you have not opted in");
    mentoring::Participant p = **existing;
    p.status = "opted_out";
    TDM_RETURN_IF_ERROR(ctx.store->participants().save(p));
    auto ended = workflow::endProposalsOf(*ctx.store, me->id, ctx.identity.actor());
    if (!ended.isOk()) return ended.status();
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(), "participation.opt_out",
                                                  me->userName,
                                                  json{{"proposalsClosed", *ended}}.dump()));
    auto saved = ctx.store->participants().find(me->id);
    if (!saved.isOk()) return saved.status();
    out = Response::json(200, participantJson(**saved));
    return core::Status::ok();
  });
}

Response getMySkills(RouteContext& ctx) {
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  auto p = ctx.store->participants().find(me->id);
  if (!p.isOk()) return Response::error(p.status());
  return Response::json(200, {{"items", p->has_value() ? participantSkillsJson(**p)
                                                         : json::array()}});
}

Response putMySkills(RouteContext& ctx) {
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  if (!body->contains("items")) return Response::error(core::invalidArgument("items: is required"));
  auto skills = parseParticipantSkills((*body)["items"]);
  if (!skills.isOk()) return Response::error(skills.status());
  auto me = currentEmployee(ctx);
  if (!me.isOk()) return Response::error(me.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto existing = ctx.store->participants().find(me->id);
    if (!existing.isOk()) return existing.status();
    if (!existing->has_value() || (*existing)->status != "active") {
      return core::failedPrecondition("opt in before choosing skills").withDetail("not_opted_in");
    }
    mentoring::Participant p = **existing;
    p.skills = *skills;
    auto catalogue = ctx.store->skills().list(false);
    if (!catalogue.isOk()) return catalogue.status();
    TDM_RETURN_IF_ERROR(mentoring::validateParticipation(p, *catalogue));
    TDM_RETURN_IF_ERROR(ctx.store->participants().save(p));
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(), "participation.skills",
                                                  me->userName, "{}"));
    out = Response::json(200, {{"items", participantSkillsJson(p)}});
    return core::Status::ok();
  });
}

}  // namespace

void addProfileRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/me", kRoleEmployee, "My profile and participation", getMe});
  routes.push_back({"PUT", "/api/v1/me/participation", kRoleEmployee,
                    "Opt in or update my participation", putParticipation, true, true});
  routes.push_back({"DELETE", "/api/v1/me/participation", kRoleEmployee, "Opt out",
                    deleteParticipation});
  routes.push_back({"GET", "/api/v1/me/skills", kRoleEmployee, "My skills", getMySkills});
  routes.push_back({"PUT", "/api/v1/me/skills", kRoleEmployee, "Replace my skills", putMySkills,
                    true, true});
}

}  // namespace tandem::http
