// Forwards a request under /api/v1/, /ui/ or /scim/v2/ to the plugin's handle_request with the
// session's identity (anonymous when there is none), after the host's own checks: CSRF for
// state-changing requests, the body size limit. Adds X-CSRF-Token to authenticated /api/v1
// responses. The plugin may not set cookies or hop-by-hop headers; the host's cookie and
// credentials are not passed to it.
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
};

}  // namespace tandem::standalone
