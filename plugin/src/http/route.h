// A route of the plugin's HTTP API: method, path template, roles allowed, handler.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/identity.h"
#include "http/request.h"
#include "http/response.h"
#include "storage/store.h"

namespace tandem::http {

// What a handler gets for one request. The session is borrowed for the request's duration.
struct RouteContext {
  const Request& request;
  const Identity& identity;
  storage::StoreSession* store;  // null for routes with needsStore == false
};

using Handler = std::function<Response(RouteContext&)>;

inline constexpr uint32_t kPublic = 0;  // no role needed

struct Route {
  std::string method;   // "GET", "POST", ...
  std::string pattern;  // "/api/v1/programs/{id}"; a trailing "{*path}" matches the rest
  uint32_t roles = kPublic;  // any of these role bits may call it; kPublic: anyone
  std::string summary;       // one line, also used to check the OpenAPI document
  Handler handler;
  bool needsStore = true;
  bool moduleGate = false;   // refused with module_disabled while HR has switched the module off
};

// Registration functions, called explicitly by the composition root (app/).
void addProfileRoutes(std::vector<Route>& routes);
void addCatalogueRoutes(std::vector<Route>& routes);
void addDirectoryRoutes(std::vector<Route>& routes);
void addAdminRoutes(std::vector<Route>& routes);
void addProgramRoutes(std::vector<Route>& routes);
void addPairingRoutes(std::vector<Route>& routes);  // HR: runs, review, pins, blocks
void addMatchRoutes(std::vector<Route>& routes);    // employees: proposals, shortlist
void addStaticRoutes(std::vector<Route>& routes);

class DirectorySyncControl;
// The directory sync of the HR page; `control` must outlive the routes.
void addDirectorySyncRoutes(std::vector<Route>& routes, DirectorySyncControl& control);

}  // namespace tandem::http
