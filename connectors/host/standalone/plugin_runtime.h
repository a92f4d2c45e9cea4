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

class PluginRuntime {
 public:
  // Errors: those of ensureDirectory, PluginLoader::open and PluginLoader::start.
  static host::Result<std::unique_ptr<PluginRuntime>> start(const HostConfig& config);
  ~PluginRuntime();

  host::PluginLoader& plugin() { return *plugin_; }

 private:
  PluginRuntime() = default;
  // Declaration order matters: plugin_ is destroyed (stopped) before services_.
  std::unique_ptr<host::HostServices> services_;
  std::unique_ptr<host::PluginLoader> plugin_;
};

}  // namespace tandem::standalone
