// Helpers for the standalone host's Poco handlers: security headers, JSON and error responses in
// the API's format {"error":{"code","message"}} (or, under /scim/v2, the SCIM error format of
// RFC 7644 section 3.12), and bounded request-body reading.
// Thread-safety: stateless functions.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tandem::standalone {

// X-Content-Type-Options, Referrer-Policy and Content-Security-Policy, on every response.
void applySecurityHeaders(Poco::Net::HTTPServerResponse& response);
// True for a header name the host owns on responses (a plugin's value then replaces the host's).
bool isSecurityHeader(std::string_view name);

// Sends a complete response with Content-Length and flushes it.
void sendBody(Poco::Net::HTTPServerResponse& response, int status, std::string_view contentType,
              std::string_view body);
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body);
void sendError(Poco::Net::HTTPServerResponse& response, int status, std::string_view code,
               std::string_view message);
void sendRedirect(Poco::Net::HTTPServerResponse& response, std::string_view location);

// How the host words its own errors: the API's {"error":{"code","message"}}, or for /scim/v2
// {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"413","detail":"..."}
// as application/scim+json (the status as a string, as RFC 7644 has it).
enum class ErrorFormat { kApi, kScim };

void sendScimError(Poco::Net::HTTPServerResponse& response, int status, std::string_view detail);
// sendError or sendScimError (the message becomes the detail; code is then unused).
void sendError(Poco::Net::HTTPServerResponse& response, ErrorFormat format, int status,
               std::string_view code, std::string_view message);

enum class BodyStatus { kOk, kTooLarge, kLengthRequired, kError };

// Reads the request body into *out, at most maxBytes. A declared Content-Length above maxBytes is
// refused before reading anything; a chunked body is read until it exceeds maxBytes. A body-bearing
// method (POST, PUT, PATCH) without Content-Length or chunked encoding gives kLengthRequired.
BodyStatus readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes, std::string* out);

// Answers 413 payload_too_large and closes the connection. To let the client read the answer, up
// to a bounded amount of the unread body is discarded (never stored) before closing.
void sendPayloadTooLarge(Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response, std::size_t maxBytes,
                         ErrorFormat format = ErrorFormat::kApi);

// Reads and drops what is left of the request body, at most limit bytes and for a bounded time.
// Returns true when the body ended (the connection can be reused), false otherwise.
bool discardRemainingBody(Poco::Net::HTTPServerRequest& request, std::size_t limit);

// Media type of Content-Type without parameters, lower-cased ("application/json").
std::string mediaType(const Poco::Net::HTTPServerRequest& request);

}  // namespace tandem::standalone
