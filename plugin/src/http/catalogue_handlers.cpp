// Routes of the skills catalogue: everyone reads it, HR edits it.
#include <regex>

#include "http/handler_support.h"

namespace tandem::http {

using nlohmann::json;

namespace {

core::Status readNames(const json& body, mentoring::Skill& skill) {
  if (!body.contains("names")) return core::Status::ok();
  const json& names = body["names"];
  if (!names.is_object()) return core::invalidArgument("names: must be an object of locale: name");
  skill.names.clear();
  for (const auto& [locale, name] : names.items()) {
    if (!name.is_string() || name.get<std::string>().empty()) {
      return core::invalidArgument("names." + locale + ": must be a non-empty string");
    }
    skill.names[locale] = name.get<std::string>();
  }
  return core::Status::ok();
}

core::Status checkSkill(const mentoring::Skill& s) {
  static const std::regex kSlug("^[a-z0-9]+(-[a-z0-9]+)*$");
  if (!std::regex_match(s.slug, kSlug) || s.slug.size() > 64) {
    return core::invalidArgument("slug: lowercase letters, digits and dashes, at most 64");
  }
  if (s.kind != "digital" && s.kind != "business") {
    return core::invalidArgument("kind: must be digital or business");
  }
  if (s.name.empty() || s.name.size() > 200) {
    return core::invalidArgument("name: is required (at most 200 bytes)");
  }
  return core::Status::ok();
}

Response listSkills(RouteContext& ctx) {
  const bool all = ctx.identity.has(kRoleHrAdmin) &&
                   ctx.request.queryParam("includeInactive").value_or("") == "true";
  auto skills = ctx.store->skills().list(all);
  if (!skills.isOk()) return Response::error(skills.status());
  json items = json::array();
  for (const auto& s : *skills) items.push_back(skillJson(s, ctx.identity.locale));
  return Response::json(200, {{"items", items}});
}

Response createSkill(RouteContext& ctx) {
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  mentoring::Skill skill;
  for (auto [key, field] : {std::pair{"slug", &skill.slug}, std::pair{"kind", &skill.kind},
                            std::pair{"name", &skill.name}}) {
    auto v = stringField(*body, key, true);
    if (!v.isOk()) return Response::error(v.status());
    *field = *v;
  }
  auto description = stringField(*body, "description", false);
  if (!description.isOk()) return Response::error(description.status());
  skill.description = *description;
  if (auto s = readNames(*body, skill); !s.isOk()) return Response::error(s);
  if (auto s = checkSkill(skill); !s.isOk()) return Response::error(s);
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto created = ctx.store->skills().create(skill);
    if (!created.isOk()) return created.status();
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(ctx.identity.actor(), "skill.create",
                                                  created->slug, "{}"));
    out = Response::json(201, skillJson(*created, ctx.identity.locale));
    return core::Status::ok();
  });
}

Response patchSkill(RouteContext& ctx) {
  auto id = idParam(ctx.request, "id");
  if (!id.isOk()) return Response::error(id.status());
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    auto found = ctx.store->skills().findById(*id);
    if (!found.isOk()) return found.status();
    if (!found->has_value()) return core::notFound("no skill with id " + std::to_string(*id));
    mentoring::Skill skill = **found;
    for (auto [key, field] : {std::pair{"kind", &skill.kind}, std::pair{"name", &skill.name},
                              std::pair{"description", &skill.description}}) {
      auto v = stringField(*body, key, false, *field);
      if (!v.isOk()) return v.status();
      *field = *v;
    }
    if (body->contains("active")) {
      if (!(*body)["active"].is_boolean()) return core::invalidArgument("active: must be boolean");
      skill.active = (*body)["active"].get<bool>();
    }
    TDM_RETURN_IF_ERROR(readNames(*body, skill));
    TDM_RETURN_IF_ERROR(checkSkill(skill));
    TDM_RETURN_IF_ERROR(ctx.store->skills().update(skill));
    TDM_RETURN_IF_ERROR(
        ctx.store->audit().append(ctx.identity.actor(), "skill.update", skill.slug, body->dump()));
    out = Response::json(200, skillJson(skill, ctx.identity.locale));
    return core::Status::ok();
  });
}

}  // namespace

void addCatalogueRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/skills", kRoleEmployee | kRoleHrAdmin,
                    "The skills catalogue", listSkills});
  routes.push_back({"POST", "/api/v1/skills", kRoleHrAdmin, "Add a skill to the catalogue",
                    createSkill});
  routes.push_back({"PATCH", "/api/v1/skills/{id}", kRoleHrAdmin, "Edit a catalogue skill",
                    patchSkill});
}

}  // namespace tandem::http
