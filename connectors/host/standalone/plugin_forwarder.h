// Forwards a request under /api/v1/, /ui/ or /scim/v2/ to the plugin's handle_request with the
// session's identity (anonymous when there is none), after the host's own checks: CSRF for
// state-changing requests, the body size limit. Adds X-CSRF-Token to authenticated /api/v1
// responses. The plugin may not set cookies or hop-by-hop headers; the host's cookie and
// credentials are not passed to it.
//
// /scim/v2 is different: identity providers authenticate there with a bearer token the plugin
// checks, so the Authorization header reaches the plugin, the session is ignored (the identity is
// anonymous: a browser's cookie never authenticates a SCIM call), the CSRF check is skipped (a
// bearer token is not ambient authority, so a forged cross-site request carries none), and the
// host's own errors use the SCIM error format. Cookie and X-CSRF-Token stay hidden there too.
// Nothing the host logs carries a request header.
// Thread-safety: stateless; uses the thread-safe HostContext.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <optional>
#include <string_view>

#include "host/common/plugin_loader.h"
#include "host/common/session.h"
#include "host_context.h"

namespace tandem::standalone {

class PluginForwarder {
 public:
  static void forward(HostContext& ctx, std::string_view path, std::string_view query,
                      const std::optional<host::Session>& session,
                      Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response);

  // The identity the plugin sees for a session (tenant "default"), or anonymous (roles 0).
  static host::PluginIdentity identityFor(const std::optional<host::Session>& session);

  // True for /scim/v2 and paths below it (not /scim/v20).
  static bool isScimPath(std::string_view path);
  // Whether a request header reaches the plugin on this path.
  static bool forwardsHeader(std::string_view path, std::string_view name);
};

}  // namespace tandem::standalone
