// The host's /auth/ routes (docs/api.md "Standalone host routes"):
//   GET  /auth/demo-accounts?q=  demo only: accounts to pick, each with its "roles"
//   GET  /auth/config            {"mode": "ldap" | "demo" | "none"}: which sign-in form to show
//   POST /auth/login             demo: {"userName","locale"?}; auth=ldap: {"userName","password",
//                                "locale"?} checked by LDAP bind (401 "invalid user name or
//                                password", 429 + Retry-After after 5 failures a minute per user
//                                name or client address). JSON only; sets the cookie
//   POST /auth/logout            clears the session (X-CSRF-Token needed with a session)
//   GET  /auth/session           the current session or 401
// Thread-safety: stateless; uses the thread-safe HostContext.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/session.h"
#include "host_context.h"

namespace tandem::standalone {

class AuthRoutes {
 public:
  // Handles path (which starts with /auth/) and returns the route label for metrics.
  static std::string handle(HostContext& ctx, std::string_view path, std::string_view query,
                            const std::optional<host::Session>& session,
                            Poco::Net::HTTPServerRequest& request,
                            Poco::Net::HTTPServerResponse& response);

  // The JSON the host returns for a session (/auth/session, /auth/login).
  static nlohmann::json sessionJson(const host::Session& session);
};

}  // namespace tandem::standalone
