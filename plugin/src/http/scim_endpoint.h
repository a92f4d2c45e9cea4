// The SCIM 2.0 service provider (RFC 7643, RFC 7644) at /scim/v2, inside the core so every host
// exposes it. Identity providers (Okta, Entra ID, OneLogin, JumpCloud) push people and groups with
// a bearer token made by IT (`tandem scim token create`); the token is checked here, in the core,
// for every request, and each token has its own request-rate bucket (429 with Retry-After).
// Errors use the SCIM error schema with "status" as a string, 401 included.
//
// Thread-safety: handle() may run concurrently; configure() may run at any time.
#pragma once

#include <string>

#include "http/request.h"
#include "http/response.h"
#include "scim/rate_limiter.h"
#include "storage/store.h"

namespace tandem::http {

inline constexpr const char* kScimPrefix = "/scim/v2";

// Whether a request path belongs to the SCIM service provider.
bool isScimPath(const std::string& path);

class ScimEndpoint {
 public:
  // 50 requests a second per token with bursts of 100 until configure() says otherwise.
  ScimEndpoint();
  // ratePerSecond <= 0: no limit.
  void configure(double ratePerSecond, double burst);
  // Answers one request under /scim/v2. `maxBodyBytes` bounds the body (413 above it).
  Response handle(const Request& request, storage::Store& store, size_t maxBodyBytes);

 private:
  scim::RateLimiter limiter_;
};

// A SCIM error response: {"schemas":[Error], "status":"<code>", "scimType", "detail"}.
Response scimError(int status, const std::string& detail, const std::string& scimType = "");
// The same from a Status: the HTTP status from the one table, scimType from a SCIM detail.
Response scimError(const core::Status& status);

}  // namespace tandem::http
