// HR routes: switching the module on or off company-wide.
#include "core/clock.h"
#include "http/handler_support.h"

namespace tandem::http {

using nlohmann::json;

namespace {

core::Result<json> moduleJson(storage::StoreSession& store) {
  auto enabled = moduleEnabled(store);
  if (!enabled.isOk()) return enabled.status();
  auto employees = store.employees().count();
  if (!employees.isOk()) return employees.status();
  auto participants = store.participants().countActive();
  if (!participants.isOk()) return participants.status();
  auto by = store.settings().get("module.updated_by");
  if (!by.isOk()) return by.status();
  auto at = store.settings().get("module.updated_at");
  if (!at.isOk()) return at.status();
  return json{{"enabled", *enabled},
              {"employees", *employees},
              {"participants", *participants},
              {"updatedBy", by->value_or("")},
              {"updatedAt", at->value_or("")}};
}

Response getModule(RouteContext& ctx) {
  auto body = moduleJson(*ctx.store);
  if (!body.isOk()) return Response::error(body.status());
  return Response::json(200, *body);
}

Response putModule(RouteContext& ctx) {
  auto body = jsonBody(ctx.request);
  if (!body.isOk()) return Response::error(body.status());
  if (!body->contains("enabled") || !(*body)["enabled"].is_boolean()) {
    return Response::error(core::invalidArgument("enabled: must be true or false"));
  }
  const bool enabled = (*body)["enabled"].get<bool>();
  return inTransaction(*ctx.store, [&](Response& out) -> core::Status {
    TDM_RETURN_IF_ERROR(ctx.store->settings().set("module.enabled", enabled ? "true" : "false"));
    TDM_RETURN_IF_ERROR(ctx.store->settings().set("module.updated_by", ctx.identity.actor()));
    TDM_RETURN_IF_ERROR(ctx.store->settings().set("module.updated_at", core::isoNow()));
    TDM_RETURN_IF_ERROR(ctx.store->audit().append(
        ctx.identity.actor(), enabled ? "module.enable" : "module.disable", "company", "{}"));
    auto state = moduleJson(*ctx.store);
    if (!state.isOk()) return state.status();
    out = Response::json(200, *state);
    return core::Status::ok();
  });
}

}  // namespace

void addAdminRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/admin/module", kRoleHrAdmin,
                    "Whether the module is on company-wide", getModule});
  routes.push_back({"PUT", "/api/v1/admin/module", kRoleHrAdmin,
                    "Switch the module on or off company-wide", putModule});
}

}  // namespace tandem::http
