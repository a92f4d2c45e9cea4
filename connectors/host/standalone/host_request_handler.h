// HostRequestHandler routes one HTTP request of the standalone host (docs/api.md "Standalone host
// routes"): host pages and assets, /auth/, /healthz, /metrics, and everything under /api/v1/, /ui/
// and /scim/v2/ forwarded to the plugin. It adds the security headers to every response, answers
// errors as {"error":{"code","message"}} (in the SCIM error format under /scim/v2), and records
// metrics and an access log line (method, route template, status, duration: never a header).
//
// HostRequestHandlerFactory makes one handler per request (Poco's model).
// Thread-safety: one handler per request; the factory and HostContext are shared and thread-safe.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <optional>
#include <string>
#include <string_view>

#include "host/common/session.h"
#include "host_context.h"

namespace tandem::standalone {

class HostRequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit HostRequestHandler(HostContext& ctx) : ctx_(ctx) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  // Answers the request; returns the route label for metrics.
  std::string route(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
  std::string health(Poco::Net::HTTPServerResponse& response);
  std::string metrics(Poco::Net::HTTPServerResponse& response);

  HostContext& ctx_;
};

class HostRequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HostRequestHandlerFactory(HostContext& ctx) : ctx_(ctx) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  HostContext& ctx_;
};

// Whether the plugin's health JSON reports "ok" or "degraded".
bool healthIsUp(std::string_view healthJson);

}  // namespace tandem::standalone
