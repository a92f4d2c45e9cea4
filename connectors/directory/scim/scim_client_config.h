// ScimClientConfig: what the SCIM client connector needs to pull people and groups from a remote
// SCIM 2.0 service provider, read from the JSON the core passes (the `sync_scim` job's arguments,
// whose keys mirror the host's `scim_client.*` settings without the prefix).
//
// Thread-safety: a value type.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/status.h"

namespace tandem::scimclient {

struct ScimClientConfig {
  std::string url;          // base URL of the service provider, e.g. https://idp.example/scim/v2
  std::string tokenFile;    // the bearer token itself is read at scan time, never stored here
  std::string caFile;       // CA certificates (PEM) for https; empty: the system's
  int pageSize = 100;       // users per page (1..1000), capped by the server's filter.maxResults
  int groupPageSize = 20;   // groups per page (1..1000): groups carry their members
  int timeoutSeconds = 30;  // per request (1..600)
  double deletionGuardShare = 0.10;
  int maxRetryWaitSeconds = 60;  // all 429 Retry-After waits of a scan together (0..3600)

  // Reads keys url, token_file (both required), ca_file, page_size, group_page_size,
  // timeout_seconds, deletion_guard_share (0..1), max_retry_wait_seconds. Numbers may be JSON
  // numbers or strings (host settings arrive as strings). Unknown keys are ignored.
  // Errors: kInvalidArgument naming the key (missing url or token_file, a URL that is not http(s)
  // or has no host, a number out of range).
  static core::Result<ScimClientConfig> fromJson(const nlohmann::json& j);

  // True when the URL is plain http to a host other than a loopback address (allowed, but the
  // token then travels in clear text: the sync summary warns).
  bool insecureTransport() const;
};

// Reads the bearer token: surrounding whitespace removed. kInvalidArgument naming the file (never
// its content) when it is missing, unreadable or empty.
core::Result<std::string> readTokenFile(const std::string& path);

}  // namespace tandem::scimclient
