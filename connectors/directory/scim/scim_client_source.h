// ScimClientSource: the core's DirectorySource over a remote SCIM 2.0 service provider. A full
// scan reads /ServiceProviderConfig first and uses only what the server offers (page size capped
// by filter.maxResults; sortBy=id only when sort is supported; never /.search or /Bulk), then
// pages through /Users (startIndex 1-based, count = the page size) and /Groups (a smaller count:
// groups carry their members). People are mapped by scim::userFromResource with the remote id as
// the stable id and as the join key ("dn"); managers join by the enterprise manager.value, group
// members by their values (user or group ids). A 429 is retried after Retry-After within
// ScimClientConfig::maxRetryWaitSeconds. Any error ends the scan unfinished, so the sync
// deactivates nobody. Full sync only: currentWatermark() returns "".
//
// Thread-safety: one scan at a time per instance.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "directory/directory_source.h"
#include "scim_client_config.h"
#include "scim_transport.h"

namespace tandem::scimclient {

// Makes the transport of a scan (tests pass a fake); the default is makeHttpTransport.
using TransportFactory = std::function<core::Result<std::unique_ptr<ScimTransport>>(
    const ScimClientConfig& config, const std::string& token)>;

class ScimClientSource final : public directory::DirectorySource {
 public:
  // sleep: waits the given seconds (429 Retry-After); tests pass a recorder.
  ScimClientSource(ScimClientConfig config, TransportFactory transport,
                   std::function<void(int64_t seconds)> sleep);
  explicit ScimClientSource(ScimClientConfig config);

  std::string sourceName() const override { return "scim_client"; }
  // Errors: kInvalidArgument (unreadable token file, malformed JSON or a non-ListResponse, naming
  // the URL path), kUnauthenticated (401/403: the server refused the token), kUnavailable
  // (connection errors, timeouts, 5xx, 429 beyond the retry budget, a list that never ends),
  // kFailedPrecondition "cancelled", or the sink's error. Messages name the server URL, never the
  // token.
  core::Result<directory::ScanInfo> fullScan(directory::DirectorySink& sink) override;
  double deletionGuardShare() const override { return config_.deletionGuardShare; }
  const ScimClientConfig& config() const { return config_; }

 private:
  ScimClientConfig config_;
  TransportFactory transport_;
  std::function<void(int64_t)> sleep_;
};

// The factory the composition root registers as "scim": parses the JSON configuration
// (ScimClientConfig::fromJson). Does not connect and does not read the token.
core::Result<std::unique_ptr<directory::DirectorySource>> makeScimClientSource(
    const nlohmann::json& config);

// Maps one remote User resource: externalId and dn = its id, managerDn = the enterprise manager's
// value, rawJson = the resource. kInvalidArgument naming the problem for a resource without a
// string id or that userFromResource rejects.
core::Result<directory::DirectoryEntry> entryFromUser(const nlohmann::json& resource);
// Maps one remote Group resource: dn and externalId = its id, name = displayName, memberDns = the
// members' values. kInvalidArgument for a resource without a string id.
core::Result<directory::DirectoryGroup> groupFromResource(const nlohmann::json& resource);

}  // namespace tandem::scimclient
