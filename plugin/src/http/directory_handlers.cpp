// Routes over the employee directory: search for employees, account look-ups for the host.
#include "http/handler_support.h"

namespace tandem::http {

using nlohmann::json;

namespace {

Response searchEmployees(RouteContext& ctx) {
  auto page = intQuery(ctx.request, "page", 1, 1, 1000000);
  if (!page.isOk()) return Response::error(page.status());
  auto pageSize = intQuery(ctx.request, "pageSize", 25, 1, 100);
  if (!pageSize.isOk()) return Response::error(pageSize.status());
  directory::EmployeeQuery q;
  q.text = ctx.request.queryParam("q").value_or("");
  q.department = ctx.request.queryParam("department").value_or("");
  if (q.text.size() > 200) return Response::error(core::invalidArgument("q: at most 200 bytes"));
  q.limit = *pageSize;
  q.offset = (*page - 1) * *pageSize;
  auto result = ctx.store->employees().search(q);
  if (!result.isOk()) return Response::error(result.status());
  json items = json::array();
  for (const auto& e : result->items) items.push_back(employeeJson(e));
  return Response::json(200, {{"items", items},
                              {"total", result->total},
                              {"page", *page},
                              {"pageSize", *pageSize}});
}

Response listDepartments(RouteContext& ctx) {
  auto departments = ctx.store->employees().departments();
  if (!departments.isOk()) return Response::error(departments.status());
  return Response::json(200, {{"items", *departments}});
}

core::Result<json> accountJson(storage::StoreSession& store, const directory::Employee& e) {
  auto groups = store.groups().groupsOf(e.id);
  if (!groups.isOk()) return groups.status();
  return json{{"userName", e.userName}, {"displayName", e.displayName},
              {"department", e.department}, {"title", e.title},
              {"locale", e.locale},         {"groups", *groups}};
}

Response listAccounts(RouteContext& ctx) {
  auto limit = intQuery(ctx.request, "limit", 50, 1, 200);
  if (!limit.isOk()) return Response::error(limit.status());
  directory::EmployeeQuery q;
  q.text = ctx.request.queryParam("q").value_or("");
  q.limit = *limit;
  auto result = ctx.store->employees().search(q);
  if (!result.isOk()) return Response::error(result.status());
  json items = json::array();
  for (const auto& e : result->items) {
    auto account = accountJson(*ctx.store, e);
    if (!account.isOk()) return Response::error(account.status());
    items.push_back(*account);
  }
  return Response::json(200, {{"items", items}, {"total", result->total}});
}

Response getAccount(RouteContext& ctx) {
  const std::string& userName = ctx.request.pathParams.at("userName");
  auto found = ctx.store->employees().findByUserName(userName);
  if (!found.isOk()) return Response::error(found.status());
  if (!found->has_value() || !(*found)->active) {
    return Response::error(core::notFound("no active account " + userName));
  }
  auto account = accountJson(*ctx.store, **found);
  if (!account.isOk()) return Response::error(account.status());
  return Response::json(200, *account);
}

}  // namespace

void addDirectoryRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/employees", kRoleEmployee | kRoleHrAdmin,
                    "Search the employee directory", searchEmployees});
  routes.push_back({"GET", "/api/v1/departments", kRoleEmployee | kRoleHrAdmin,
                    "Departments in the directory", listDepartments});
  routes.push_back({"GET", "/api/v1/service/accounts", kRoleService,
                    "Accounts for a host's login picker", listAccounts});
  routes.push_back({"GET", "/api/v1/service/accounts/{userName}", kRoleService,
                    "One account with its groups, for a host's login", getAccount});
}

}  // namespace tandem::http
