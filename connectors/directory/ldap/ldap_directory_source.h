// LdapDirectorySource: the core's DirectorySource over libldap. A full scan is one paged subtree
// search for people (RFC 2696 control marked critical, explicit attribute list, entries streamed
// one by one with ldap_result(LDAP_MSG_ONE) and handed to the sink a page at a time), then one for
// groups. A paged cookie belongs to its connection, so a scan never resumes on another one.
//
// Thread-safety: one scan at a time per instance.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "directory/directory_source.h"
#include "ldap_config.h"

namespace tandem::ldap {

class LdapDirectorySource final : public directory::DirectorySource {
 public:
  explicit LdapDirectorySource(LdapConfig config) : config_(std::move(config)) {}
  std::string sourceName() const override { return "ldap"; }
  core::Result<directory::ScanInfo> fullScan(directory::DirectorySink& sink) override;
  double deletionGuardShare() const override { return config_.deletionGuardShare; }
  // The mechanism is chosen from the rootDSE and ldap.incremental (incremental_plan.h): syncrepl
  // takes its cookie with a refreshOnly search without a cookie and without attributes; usn
  // records highestCommittedUSN with the DC's dnsHostName and invocationId; timestamp the time.
  core::Result<std::string> currentWatermark() override;
  // syncrepl: one refreshOnly search with the stored cookie (changes, then the delete phase or
  // the present phase); usn: paged (uSNChanged>=N+1) on the same DC; timestamp: paged
  // (modifyTimestamp>=T-overlap), deduplicated, no deletes. Then every group.
  core::Result<directory::IncrementalInfo> incrementalScan(
      const std::string& watermark, directory::DirectoryChangeSink& sink) override;
  const LdapConfig& config() const { return config_; }

 private:
  LdapConfig config_;
};

// The factory the composition root hands to the core: parses the JSON configuration
// (LdapConfig::fromJson). Does not connect.
core::Result<std::unique_ptr<directory::DirectorySource>> makeLdapSource(
    const nlohmann::json& config);

}  // namespace tandem::ldap
