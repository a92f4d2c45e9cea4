#include "plugin_forwarder.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "host/common/csrf_guard.h"
#include "http_util.h"

namespace tandem::standalone {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

constexpr std::string_view kScimPrefix = "/scim/v2";

// Response headers the plugin may not set.
bool refusedFromPlugin(std::string_view name) {
  for (std::string_view h : {"Set-Cookie", "Connection", "Transfer-Encoding", "Content-Length",
                             "Keep-Alive", "Upgrade", "X-CSRF-Token"}) {
    if (iequals(name, h)) return true;
  }
  return false;
}

}  // namespace

host::PluginIdentity PluginForwarder::identityFor(const std::optional<host::Session>& session) {
  host::PluginIdentity identity;
  if (session) {
    identity.userId = session->userName;
    identity.displayName = session->displayName;
    identity.locale = session->locale;
    identity.roles = session->roles;
  }
  return identity;
}

bool PluginForwarder::isScimPath(std::string_view path) {
  return path == kScimPrefix ||
         (path.starts_with(kScimPrefix) && path.size() > kScimPrefix.size() &&
          path[kScimPrefix.size()] == '/');
}

bool PluginForwarder::forwardsHeader(std::string_view path, std::string_view name) {
  // Never the host's session and CSRF token; Authorization only where the plugin checks it.
  if (iequals(name, "Cookie") || iequals(name, "X-CSRF-Token")) return false;
  if (iequals(name, "Authorization")) return isScimPath(path);
  return true;
}

void PluginForwarder::forward(HostContext& ctx, std::string_view path, std::string_view query,
                              const std::optional<host::Session>& requestSession,
                              Poco::Net::HTTPServerRequest& request,
                              Poco::Net::HTTPServerResponse& response) {
  const std::string& method = request.getMethod();
  const bool scim = isScimPath(path);
  const ErrorFormat format = scim ? ErrorFormat::kScim : ErrorFormat::kApi;
  // SCIM callers authenticate with their bearer token only (see the header comment).
  const std::optional<host::Session> session = scim ? std::nullopt : requestSession;
  if (!scim) {
    const auto verdict =
        host::CsrfGuard::check(method, request.get("Origin", ""), request.get("Sec-Fetch-Site", ""),
                               request.get("Host", ""), request.get("X-CSRF-Token", ""),
                               session ? std::string_view(session->csrfToken) : std::string_view());
    if (verdict != host::CsrfGuard::Verdict::kAllow) {
      sendError(response, 403, "csrf_failed",
                verdict == host::CsrfGuard::Verdict::kBadOrigin
                    ? "cross-origin request refused"
                    : "missing or wrong X-CSRF-Token header");
      return;
    }
  }

  std::string body;
  switch (readBody(request, ctx.config.maxBodyBytes, &body)) {
    case BodyStatus::kOk:
      break;
    case BodyStatus::kTooLarge:
      sendPayloadTooLarge(request, response, ctx.config.maxBodyBytes, format);
      return;
    case BodyStatus::kLengthRequired:
      sendError(response, format, 411, "length_required",
                "Content-Length or chunked encoding required");
      return;
    case BodyStatus::kError:
      sendError(response, format, 400, "invalid_argument", "incomplete request body");
      return;
  }

  const std::string remote = request.clientAddress().host().toString();
  host::PluginRequest req;
  req.method = method;
  req.path = path;
  req.query = query;
  req.body = body;
  req.remoteAddr = remote;
  for (const auto& [name, value] : request) {
    if (forwardsHeader(path, name)) req.headers.emplace_back(name, value);
  }
  const host::PluginIdentity identity = identityFor(session);

  auto result = ctx.plugin.handleRequest(req, identity);
  if (!result.isOk()) {
    ctx.log->error("plugin failed on {} {}: {} ({})", method, path, result.status().message(),
                   result.status().errorCode());
    const bool unavailable =
        result.status().errorCode() == "unavailable" || result.status().errorCode() == "failed_precondition";
    sendError(response, format, unavailable ? 503 : 500, unavailable ? "unavailable" : "internal",
              unavailable ? "Tandem is not available right now" : "internal error");
    return;
  }
  host::PluginResponse& reply = *result;
  std::string contentType;
  for (const auto& [name, value] : reply.headers) {
    if (refusedFromPlugin(name)) {
      ctx.log->debug("dropped response header {} from the plugin", name);
    } else if (iequals(name, "Content-Type")) {
      contentType = value;
    } else if (isSecurityHeader(name)) {
      response.set(name, value);
    } else {
      response.add(name, value);
    }
  }
  const bool api = path.starts_with("/api/");
  if (session && api) response.set("X-CSRF-Token", session->csrfToken);
  if ((api || scim) && !response.has("Cache-Control")) response.set("Cache-Control", "no-store");
  sendBody(response, reply.status, contentType, reply.body);
}

}  // namespace tandem::standalone
