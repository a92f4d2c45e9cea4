// PluginRuntime: the plugin as the CLI commands use it. Prepares the data directory, builds the
// host services from the configuration, loads the plugin and starts it (create, INSTALL, ENABLE);
// the destructor disables and destroys it before the services go away.
//
// Thread-safety: as PluginLoader. Owns the services and the loader.
#pragma once

#include <memory>

#include "host/common/host_services.h"
#include "host/common/plugin_loader.h"
#include "host/common/status.h"
#include "host_config.h"

namespace tandem::standalone {

// What the plugin is started for.
enum class RuntimeUse {
  kCommand,  // one CLI command: the plugin gets no directory settings, so it schedules nothing
  kServe,    // `tandem serve`: also offers "directory.ldap" (HostConfig::ldapSettingsJson()) so
             // the plugin syncs on its interval and on demand from the HR page
};

class PluginRuntime {
 public:
  // Errors: those of ensureDirectory, PluginLoader::open and PluginLoader::start.
  static host::Result<std::unique_ptr<PluginRuntime>> start(const HostConfig& config,
                                                            RuntimeUse use = RuntimeUse::kCommand);
  ~PluginRuntime();

  host::PluginLoader& plugin() { return *plugin_; }

 private:
  PluginRuntime() = default;
  // Declaration order matters: plugin_ is destroyed (stopped) before services_.
  std::unique_ptr<host::HostServices> services_;
  std::unique_ptr<host::PluginLoader> plugin_;
};

}  // namespace tandem::standalone
