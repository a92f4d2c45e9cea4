#include "plugin_runtime.h"

#include "host/common/json_log.h"

namespace tandem::standalone {

host::Result<std::unique_ptr<PluginRuntime>> PluginRuntime::start(const HostConfig& config,
                                                                  RuntimeUse use) {
  host::Status dir = ensureDirectory(config.dataDir);
  if (!dir.isOk()) return dir;
  std::unique_ptr<PluginRuntime> runtime(new PluginRuntime());
  auto settings = config.pluginSettings();
  if (use == RuntimeUse::kServe) {
    const std::string ldap = config.ldapSettingsJson();
    if (!ldap.empty()) settings["directory.ldap"] = ldap;
  }
  runtime->services_ = std::make_unique<host::HostServices>(std::move(settings));
  auto loaded = host::PluginLoader::open(config.pluginPath);
  if (!loaded.isOk()) return loaded.status();
  runtime->plugin_ = std::move(loaded).value();
  host::Status s = runtime->plugin_->start(runtime->services_->table());
  if (!s.isOk()) return s;
  host::JsonLog::get("tandem.host")
      ->info("plugin {} {} started from {}", runtime->plugin_->name(), runtime->plugin_->version(),
             runtime->plugin_->path());
  return runtime;
}

PluginRuntime::~PluginRuntime() {
  if (plugin_ && plugin_->running()) {
    plugin_->stop();
    host::JsonLog::get("tandem.host")->info("plugin stopped");
  }
}

}  // namespace tandem::standalone
