// LdapDirectorySource: the core's DirectorySource over libldap. A full scan is one paged subtree
// search for people (RFC 2696 control marked critical, explicit attribute list, entries streamed
// one by one with ldap_result(LDAP_MSG_ONE) and handed to the sink a page at a time), then one for
// groups. A paged cookie belongs to its connection, so a scan never resumes on another one.
//
// Thread-safety: one scan at a time per instance.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>

#include "directory/directory_source.h"
#include "ldap_config.h"

namespace tandem::ldap {

class LdapDirectorySource final : public directory::DirectorySource {
 public:
  explicit LdapDirectorySource(LdapConfig config) : config_(std::move(config)) {}
  std::string sourceName() const override { return "ldap"; }
  core::Result<directory::ScanInfo> fullScan(directory::DirectorySink& sink) override;
  double deletionGuardShare() const override { return config_.deletionGuardShare; }
  const LdapConfig& config() const { return config_; }

 private:
  LdapConfig config_;
};

// The factory the composition root hands to the core: parses the JSON configuration
// (LdapConfig::fromJson). Does not connect.
core::Result<std::unique_ptr<directory::DirectorySource>> makeLdapSource(
    const nlohmann::json& config);

}  // namespace tandem::ldap
