// HR routes: programs (mentoring cycles) CRUD.
#include <regex>

#include "http/handler_support.h"
#include "pairing/program_settings.h"

namespace tandem::http {

using nlohmann::json;

namespace {

bool isDate(const std::string& d) {
  static const std::regex kDate(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
  return std::regex_match(d, kDate);
}

// Reads a program from a POST/PUT body over `p`. Settings are validated (pairing/program_settings.h)
// and stored normalized, every default filled; a new program without settings gets the defaults.
core::Status readProgram(const json& body, mentoring::Program& p, bool creating) {
  auto name = stringField(body, "name", true);
  if (!name.isOk()) return name.status();
  p.name = *name;
  if (p.name.empty() || p.name.size() > 200) {
    return core::invalidArgument("name: is required (at most 200 bytes)");
  }
  auto description = stringField(body, "description", false);
  if (!description.isOk()) return description.status();
  p.description = *description;
  auto starts = stringField(body, "startsOn", true);
  if (!starts.isOk()) return starts.status();
  auto ends = stringField(body, "endsOn", true);
  if (!ends.isOk()) return ends.status();
  if (!isDate(*starts)) return core::invalidArgument("startsOn: must be a date YYYY-MM-DD");
  if (!isDate(*ends)) return core::invalidArgument("endsOn: must be a date YYYY-MM-DD");
  if (*ends < *starts) return core::invalidArgument("endsOn: must not be before startsOn");
  p.startsOn = *starts;
  p.endsOn = *ends;
  auto status = stringField(body, "status", false, p.status);
  if (!status.isOk()) return status.status();
  if (*status != "draft" && *status != "open" && *status != "running" && *status != "closed") {
    return core::invalidArgument("status: must be draft, open, running or closed");
  }
  p.status = *status;
  if (body.contains("settings") || creating) {
    const json settings = body.contains("settings") ? body["settings"] : json::object();
    if (!settings.is_object()) return core::invalidArgument("settings: must be an object");
    auto parsed = pairing::parseProgramSettings(settings);
    if (!parsed.isOk()) return parsed.status();
    p.settingsJson = pairing::toJson(*parsed).dump();
  }
  return core::Status::ok();
}

Response listPrograms(RouteContext& ctx) {
  auto programs = ctx.store->programs().list();
  if (!programs.isOk()) return Response::error(programs.status());
  json items = json::array();
  for (const auto& p : *programs) items.push_back(programJson(p));
  return Response::json(200, {{"items", items}});
}

Response createProgram(RouteContext& ctx) {
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  mentoring::Program p;
  if (auto s = readProgram(*body, p, true); !s.isOk()) return Response::error(s);
  p.createdBy = ctx.identity.actor();
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto created = ctx.store->programs().create(p);
    if (!created.isOk()) return created.status();
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(), "program.create",
                                                  std::to_string(created->id), "{}"));
    out = Response::json(201, programJson(*created));
    out.headers.emplace_back("Location", "/api/v1/programs/" + std::to_string(created->id));
    return core::Status::ok();
  });
}

Response getProgram(RouteContext& ctx) {
  auto id = idParam(ctx.request, "id");
  if (!id.isOk()) return Response::error(id.status());
  auto found = ctx.store->programs().findById(*id);
  if (!found.isOk()) return Response::error(found.status());
  if (!found->has_value()) return Response::error(core::notFound("no program with id " + std::to_string(*id)));
  return Response::json(200, programJson(**found));
}

Response putProgram(RouteContext& ctx) {
  auto id = idParam(ctx.request, "id");
  if (!id.isOk()) return Response::error(id.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto found = ctx.store->programs().findById(*id);
    if (!found.isOk()) return found.status();
    if (!found->has_value()) return core::notFound("no program with id " + std::to_string(*id));
    mentoring::Program p = **found;
    TDM_RETURN_IF_ERROR(readProgram(*body, p, false));
    TDM_RETURN_IF_ERROR(ctx.store->programs().update(p));
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(), "program.update",
                                                  std::to_string(p.id), "{}"));
    auto saved = ctx.store->programs().findById(*id);
    if (!saved.isOk()) return saved.status();
    out = Response::json(200, programJson(**saved));
    return core::Status::ok();
  });
}

Response deleteProgram(RouteContext& ctx) {
  auto id = idParam(ctx.request, "id");
  if (!id.isOk()) return Response::error(id.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    TDM_RETURN_IF_ERROR(ctx.store->programs().remove(*id));
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(), "program.delete",
                                                  std::to_string(*id), "{}"));
    out = Response::noContent();
    return core::Status::ok();
  });
}

}  // namespace

void addProgramRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/programs", kRoleHrAdmin, "List programs", listPrograms});
  routes.push_back({"POST", "/api/v1/programs", kRoleHrAdmin, "Create a program", createProgram});
  routes.push_back({"GET", "/api/v1/programs/{id}", kRoleHrAdmin, "Read a program", getProgram});
  routes.push_back({"PUT", "/api/v1/programs/{id}", kRoleHrAdmin, "Replace a program", putProgram});
  routes.push_back({"DELETE", "/api/v1/programs/{id}", kRoleHrAdmin, "Delete a program",
                    deleteProgram});
}

}  // namespace tandem::http
