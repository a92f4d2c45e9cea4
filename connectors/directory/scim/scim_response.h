// Reading a remote SCIM server's answers: ListResponse bodies (RFC 7644 section 3.4.2), HTTP
// status codes mapped to Tandem's Status codes, and Retry-After. Pure. Messages name the server
// URL and path the caller passes, never the bearer token.
//
// Thread-safety: free functions and value types.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"

namespace tandem::scimclient {

struct ListPage {
  int64_t totalResults = 0;
  std::vector<nlohmann::json> resources;  // as sent (each should be an object with an "id")
};

// Parses a ListResponse body. Counts sent as strings are accepted; "Resources" may be absent when
// the page is empty. kInvalidArgument naming `where` (URL and path) for a body that is not JSON,
// not an object, names other schemas than the ListResponse one, or lacks a usable totalResults,
// or whose Resources is not an array.
core::Result<ListPage> parseListResponse(const std::string& body, const std::string& where);

// Parses a body that must be a JSON object (e.g. /ServiceProviderConfig). kInvalidArgument naming
// `where` otherwise.
core::Result<nlohmann::json> parseJsonObject(const std::string& body, const std::string& where);

// The error for a non-2xx HTTP status from `where`: 401/403 kUnauthenticated ("the SCIM server
// refused the token"), 429 and 5xx kUnavailable, 404 and any other status kInvalidArgument. The
// message names the status, `where` and, when the body is a SCIM error, its detail.
core::Status errorForHttpStatus(int status, const std::string& body, const std::string& where);

// Seconds to wait from a Retry-After header value: delta-seconds, clamped to [0, 3600]; `fallback`
// when empty or not a number (an HTTP-date is treated as such).
int64_t parseRetryAfter(const std::string& value, int64_t fallback);

}  // namespace tandem::scimclient
