// Runs an LDAP sync in the test process, as the plugin's sync_ldap job does: the source built from
// the connector's JSON configuration, the ports of one store session, the source's own options.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "directory/directory_sync.h"
#include "ldap_directory_source.h"
#include "storage/store.h"

namespace tandem::testing {

inline core::Result<directory::SyncSummary> runLdapSync(
    storage::Store& store, const nlohmann::json& config, directory::SyncMode mode, bool force,
    const std::string& lockOwner, const directory::SyncProgressFn& progress = nullptr) {
  auto source = ldap::makeLdapSource(config);
  if (!source.isOk()) return source.status();
  auto session = store.session();
  if (!session.isOk()) return session.status();
  auto& s = **session;
  directory::SyncPorts ports{
      s.employees(), s.groups(), s.directorySync(),
      [&s](const std::function<core::Status()>& fn) { return s.transaction(fn); }};
  directory::SyncOptions options = directory::sourceOptions(**source);
  options.mode = mode;
  options.force = force;
  options.lockOwner = lockOwner;
  return directory::runSync(**source, ports, options, progress);
}

}  // namespace tandem::testing
