// HostServices is the table of services (tdm_host_services) a host hands to the plugin: logging
// into JsonLog, settings, directory look-ups and notifications.
//
// Settings: global settings start from the values given at construction (e.g. data_dir,
// log_level from the host configuration) and the plugin may overwrite them; per-user settings are
// kept in memory for the life of the process. Look-ups return TDM_ERR_UNAVAILABLE (this host has no
// user base of its own yet); notify logs the subject.
//
// Thread-safety: every service may be called concurrently. The object must outlive every plugin
// instance created with table(); it is neither copyable nor movable (the table points at it).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "tandem/tandem_plugin.h"

namespace tandem::host {

class HostServices {
 public:
  explicit HostServices(std::map<std::string, std::string> globalSettings);
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;

  const tdm_host_services* table() const { return &table_; }

  // The current value of a setting (user "" = global), or nullopt when unset.
  std::optional<std::string> setting(const std::string& user, const std::string& key) const;

 private:
  static void log(void* ctx, int32_t level, tdm_str logger, tdm_str message) noexcept;
  static tdm_status settingGet(void* ctx, tdm_str user, tdm_str key, tdm_sink_fn sink,
                               void* sinkCtx) noexcept;
  static tdm_status settingSet(void* ctx, tdm_str user, tdm_str key, tdm_str value) noexcept;
  static tdm_status userLookup(void* ctx, tdm_str user, tdm_sink_fn sink, void* sinkCtx) noexcept;
  static tdm_status userSearch(void* ctx, tdm_str query, uint32_t limit, tdm_sink_fn sink,
                               void* sinkCtx) noexcept;
  static tdm_status notify(void* ctx, tdm_str user, tdm_str subject, tdm_str body) noexcept;
  static void* getProc(void* ctx, const char* name) noexcept;

  mutable std::mutex mu_;
  // Key: user + '\0' + setting key.
  std::map<std::string, std::string> settings_;  // guarded by mu_
  tdm_host_services table_{};
};

}  // namespace tandem::host
