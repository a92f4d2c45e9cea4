// LdapDirectorySource: the core's DirectorySource over libldap. A full scan is one paged subtree
// search for people (RFC 2696 control marked critical, explicit attribute list, entries streamed
// one by one with ldap_result(LDAP_MSG_ONE) and handed to the sink a page at a time), then one for
// groups.
//
// Connection loss: when the server drops the connection or a result times out in the middle of a
// search, the scan reconnects (same URI list and failover) with exponential backoff within the
// LdapConfig::reconnect budget (reconnect.h) and RESTARTS that search from the beginning: a
// paged cookie (and a syncrepl refresh) belongs to its connection. People and groups already
// handed to the sink are not handed over again (the scan keeps their stable ids, or DNs for
// entries without one), and a sink warning says the connection was lost and resumed. A bind
// refused while reconnecting, a bad configuration or a sink error is never retried. When the
// budget is spent the scan fails with the lost connection's status (kUnavailable or
// kDeadlineExceeded naming the LDAP error), so the sync deactivates nobody.
//
// One connection per run: currentWatermark() keeps its connection (and the rootDSE it read) for
// the scan that follows it; a scan closes its connection when it ends.
//
// Thread-safety: one call at a time per instance (the cached connection is not shared).
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "directory/directory_source.h"
#include "incremental_plan.h"
#include "ldap_config.h"
#include "ldap_connection.h"

namespace tandem::ldap {

class LdapDirectorySource final : public directory::DirectorySource {
 public:
  explicit LdapDirectorySource(LdapConfig config);
  ~LdapDirectorySource() override;
  std::string sourceName() const override { return "ldap"; }
  core::Result<directory::ScanInfo> fullScan(directory::DirectorySink& sink) override;
  double deletionGuardShare() const override { return config_.deletionGuardShare; }
  size_t peoplePerTransaction() const override {
    return static_cast<size_t>(config_.writeBatch);
  }
  // The mechanism is chosen from the rootDSE and ldap.incremental (incremental_plan.h): syncrepl
  // takes its cookie with a refreshOnly search without a cookie and without attributes; usn
  // records highestCommittedUSN with the DC's dnsHostName and invocationId; timestamp the time.
  core::Result<std::string> currentWatermark() override;
  // syncrepl: one refreshOnly search with the stored cookie (changes, then the delete phase or
  // the present phase); usn: paged (uSNChanged>=N+1) on the same DC; timestamp: paged
  // (modifyTimestamp>=T-overlap), deduplicated, no deletes. Then every group. After a reconnect
  // the returned watermark is the stored one (syncrepl) or the one taken before the first
  // attempt (usn, timestamp), so that the next run re-reads whatever changed meanwhile; a usn
  // reconnect that reaches another domain controller fails with full_sync_required.
  core::Result<directory::IncrementalInfo> incrementalScan(
      const std::string& watermark, directory::DirectoryChangeSink& sink) override;
  const LdapConfig& config() const { return config_; }

 private:
  // The cached connection, opened (and bound) when there is none.
  core::Status connect();
  // The cached connection's rootDSE, read once per connection.
  core::Result<ServerCapabilities> capabilities();
  void disconnect();

  LdapConfig config_;
  std::unique_ptr<LdapConnection> conn_;
  std::optional<ServerCapabilities> caps_;  // of conn_
};

// The factory the composition root hands to the core: parses the JSON configuration
// (LdapConfig::fromJson). Does not connect.
core::Result<std::unique_ptr<directory::DirectorySource>> makeLdapSource(
    const nlohmann::json& config);

}  // namespace tandem::ldap
