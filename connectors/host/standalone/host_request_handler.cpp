#include "host_request_handler.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "auth_routes.h"
#include "http_util.h"
#include "plugin_forwarder.h"
#include "route_template.h"
#include "session_cookie.h"
#include "static_assets.h"

namespace tandem::standalone {
namespace {

bool underPrefix(std::string_view path, std::string_view prefix) {
  // "/api/v1" matches "/api/v1" and "/api/v1/..." but not "/api/v10".
  return path == prefix ||
         (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

// A top-level asset name such as "login.css" (no directories, has an extension).
bool topLevelFile(std::string_view path) {
  return path.size() > 1 && path.find('/', 1) == std::string_view::npos &&
         path.find('.') != std::string_view::npos;
}

// SCIM clients get the host's own errors in the SCIM format.
ErrorFormat errorFormatOf(const Poco::Net::HTTPServerRequest& request) {
  try {
    return PluginForwarder::isScimPath(Poco::URI(request.getURI()).getPath()) ? ErrorFormat::kScim
                                                                              : ErrorFormat::kApi;
  } catch (const Poco::Exception&) {
    return ErrorFormat::kApi;
  }
}

}  // namespace

bool healthIsUp(std::string_view healthJson) {
  const nlohmann::json j = nlohmann::json::parse(healthJson, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  const std::string status = j.value("status", std::string());
  return status == "ok" || status == "degraded";
}

Poco::Net::HTTPRequestHandler* HostRequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest& /*request*/) {
  return new HostRequestHandler(ctx_);
}

void HostRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                       Poco::Net::HTTPServerResponse& response) {
  const auto start = std::chrono::steady_clock::now();
  struct InFlight {
    std::atomic<int>& n;
    explicit InFlight(std::atomic<int>& c) : n(c) { ++n; }
    ~InFlight() { --n; }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
  } inFlight(ctx_.inFlight);
  std::string routeLabel = "unmatched";
  applySecurityHeaders(response);
  try {
    routeLabel = route(request, response);
  } catch (const Poco::Exception& e) {
    ctx_.log->error("request {} {} failed: {}", request.getMethod(), routeLabel, e.displayText());
    if (!response.sent()) {
      sendError(response, errorFormatOf(request), 500, "internal", "internal error");
    }
  } catch (const std::exception& e) {
    ctx_.log->error("request {} {} failed: {}", request.getMethod(), routeLabel, e.what());
    if (!response.sent()) {
      sendError(response, errorFormatOf(request), 500, "internal", "internal error");
    }
  }
  // A response sent before the body was read (403, 405, 415, ...) leaves it in the connection:
  // drop it so the next request on this keep-alive connection parses, or close the connection.
  const bool hasBody = request.getChunkedTransferEncoding() || request.getContentLength64() > 0;
  if (hasBody && response.getKeepAlive() &&
      !discardRemainingBody(request, ctx_.config.maxBodyBytes)) {
    response.setKeepAlive(false);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int status = static_cast<int>(response.getStatus());
  ctx_.metrics.observe(request.getMethod(), routeLabel, status, seconds);
  if (routeLabel != "/healthz" && routeLabel != "/metrics") {
    ctx_.log->info("{} {} {} {:.1f}ms", request.getMethod(), routeLabel, status, seconds * 1000.0);
  }
}

std::string HostRequestHandler::route(Poco::Net::HTTPServerRequest& request,
                                      Poco::Net::HTTPServerResponse& response) {
  std::string path;
  std::string query;
  try {
    const Poco::URI uri(request.getURI());
    path = uri.getPath();
    query = uri.getRawQuery();
  } catch (const Poco::SyntaxException&) {
    sendError(response, 400, "invalid_argument", "malformed request URI");
    return "unmatched";
  }
  if (path.empty() || path[0] != '/') {
    sendError(response, 400, "invalid_argument", "malformed request path");
    return "unmatched";
  }
  const std::string& method = request.getMethod();
  const bool readOnly = method == "GET" || method == "HEAD";
  if (PluginForwarder::isScimPath(path)) {
    // Bearer tokens only: the session cookie is not even read (see plugin_forwarder.h).
    PluginForwarder::forward(ctx_, path, query, std::nullopt, request, response);
    return routeTemplate(path);
  }
  const std::optional<host::Session> session =
      sessionFromRequest(request, ctx_.sessions, ctx_.revocations, unixNow());

  if (underPrefix(path, "/api/v1") || underPrefix(path, "/ui")) {
    PluginForwarder::forward(ctx_, path, query, session, request, response);
    return routeTemplate(path);
  }
  if (path.starts_with("/auth/")) {
    return AuthRoutes::handle(ctx_, path, query, session, request, response);
  }
  const auto wrongMethod = [&]() {
    response.set("Allow", "GET, HEAD");
    sendError(response, 405, "method_not_allowed", "use GET");
  };
  if (path == "/") {
    if (!readOnly) {
      wrongMethod();
    } else {
      const bool signInPage = ctx_.config.demo || ctx_.ldapAuth != nullptr;
      sendRedirect(response, session || !signInPage ? "/ui/profile.html" : "/login");
    }
    return "/";
  }
  if (path == "/healthz") {
    if (!readOnly) {
      wrongMethod();
      return path;
    }
    return health(response);
  }
  if (path == "/metrics") {
    if (!readOnly) {
      wrongMethod();
      return path;
    }
    return metrics(response);
  }
  if (path == "/login" && (ctx_.config.demo || ctx_.ldapAuth != nullptr)) {
    if (!readOnly) {
      wrongMethod();
    } else {
      serveAsset("login.html", response);
    }
    return path;
  }
  if (path == "/intranet") {
    if (!readOnly) {
      wrongMethod();
    } else {
      serveAsset("intranet.html", response);
    }
    return path;
  }
  if (path.starts_with("/host-assets/")) {
    if (!readOnly) {
      wrongMethod();
    } else {
      serveAsset(std::string_view(path).substr(13), response);
    }
    return "/host-assets/{file}";
  }
  if (readOnly && topLevelFile(path) && hasAsset(std::string_view(path).substr(1))) {
    serveAsset(std::string_view(path).substr(1), response);
    return "/{asset}";
  }
  sendError(response, 404, "not_found", "no such route");
  return "unmatched";
}

std::string HostRequestHandler::health(Poco::Net::HTTPServerResponse& response) {
  response.set("Cache-Control", "no-store");
  auto health = ctx_.plugin.health();
  if (!health.isOk()) {
    sendJson(
        response, 503,
        {{"status", "down"},
         {"error", {{"code", health.status().errorCode()}, {"message", health.status().message()}}}});
    return "/healthz";
  }
  sendBody(response, healthIsUp(*health) ? 200 : 503, "application/json; charset=utf-8", *health);
  return "/healthz";
}

std::string HostRequestHandler::metrics(Poco::Net::HTTPServerResponse& response) {
  auto health = ctx_.plugin.health();
  const bool up = health.isOk() && healthIsUp(*health);
  response.set("Cache-Control", "no-store");
  sendBody(response, 200, "text/plain; version=0.0.4; charset=utf-8", ctx_.metrics.render(up));
  return "/metrics";
}

}  // namespace tandem::standalone
