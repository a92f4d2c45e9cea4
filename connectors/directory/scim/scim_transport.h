// ScimTransport: GET requests to a remote SCIM service provider with the bearer token. The Poco
// implementation speaks HTTP/1.1 or HTTPS (Poco::NetSSL, certificates verified, optional CA file)
// and turns every Poco exception into a Status. Tests substitute a fake.
//
// Thread-safety: one request at a time per instance. Ownership: the transport owns its copy of
// the token and its connection.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "scim_client_config.h"

namespace tandem::scimclient {

struct HttpReply {
  int status = 0;
  std::string body;
  std::string retryAfter;  // the Retry-After header, "" when absent
};

class ScimTransport {
 public:
  virtual ~ScimTransport() = default;
  // GETs `pathAndQuery` relative to the base URL (e.g. "/Users?startIndex=1&count=100").
  // Any HTTP status is a reply; kUnavailable naming the server URL (never the token) when the
  // connection fails or times out.
  virtual core::Result<HttpReply> get(const std::string& pathAndQuery) = 0;
};

// The HTTP(S) transport for config.url with `token`. kInvalidArgument when the TLS setup fails
// (an unreadable CA file).
core::Result<std::unique_ptr<ScimTransport>> makeHttpTransport(const ScimClientConfig& config,
                                                               const std::string& token);

}  // namespace tandem::scimclient
