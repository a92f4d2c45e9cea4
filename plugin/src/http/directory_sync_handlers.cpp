// HR routes over the directory sync: its state and last result, and "sync now".
#include "http/directory_sync_control.h"
#include "http/handler_support.h"

namespace tandem::http {

using nlohmann::json;

namespace {

// The scheduler's snapshot joined with the last run recorded in sync_state (by this process, an
// earlier one or `tandem sync ldap`).
core::Result<json> syncJson(DirectorySyncControl& control, storage::StoreSession& store) {
  const DirectorySyncStatus st = control.status();
  json out = {{"source", st.source},
              {"configured", st.configured},
              {"intervalSeconds", st.intervalSeconds},
              {"running", st.running}};
  if (st.running) out["progress"] = {{"fraction", st.fraction}, {"message", st.message}};
  if (!st.nextRunAt.empty()) out["nextRunAt"] = st.nextRunAt;
  if (!st.lastErrorCode.empty()) {
    out["lastError"] = {
        {"code", st.lastErrorCode}, {"message", st.lastErrorMessage}, {"at", st.lastErrorAt}};
  }
  auto state = store.directorySync().loadState(st.source);
  if (!state.isOk()) return state.status();
  if (state->has_value()) {
    const directory::SyncState& s = **state;
    json summary = json::parse(s.summaryJson, nullptr, /*allow_exceptions=*/false);
    if (!summary.is_object()) summary = json::object();
    out["last"] = {{"status", s.status},
                   {"mode", s.mode},
                   {"startedAt", s.startedAt},
                   {"finishedAt", s.finishedAt},
                   {"lastSuccessAt", s.lastSuccessAt},
                   {"summary", std::move(summary)}};
  }
  return out;
}

Response getSync(DirectorySyncControl& control, RouteContext& ctx) {
  auto body = syncJson(control, *ctx.store);
  if (!body.isOk()) return Response::error(body.status());
  return Response::json(200, *body);
}

Response postSync(DirectorySyncControl& control, RouteContext& ctx) {
  core::Status started = control.startNow();
  if (!started.isOk()) return Response::error(started);
  auto body = syncJson(control, *ctx.store);
  if (!body.isOk()) return Response::error(body.status());
  return Response::json(202, *body);
}

}  // namespace

void addDirectorySyncRoutes(std::vector<Route>& routes, DirectorySyncControl& control) {
  routes.push_back({"GET", "/api/v1/admin/directory/sync", kRoleHrAdmin,
                    "Directory sync: configuration, progress and last result",
                    [&control](RouteContext& ctx) { return getSync(control, ctx); }});
  routes.push_back({"POST", "/api/v1/admin/directory/sync", kRoleHrAdmin,
                    "Start a directory sync now",
                    [&control](RouteContext& ctx) { return postSync(control, ctx); }});
}

}  // namespace tandem::http
