// The composition root of the core: opens the store, registers every route explicitly, and
// answers the ABI's calls in C++ terms (Status, Result, http::Response). The ABI layer (abi/) is a
// thin C adapter around it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/host_services.h"
#include "app/router.h"
#include "core/status.h"
#include "directory/directory_source.h"
#include "http/identity.h"
#include "http/request.h"
#include "http/scim_endpoint.h"
#include "http/response.h"
#include "storage/store.h"

namespace spdlog {
class logger;
}

namespace tandem::app {

inline constexpr size_t kMaxBodyBytes = 1024 * 1024;

// Receives job progress; returns false to ask the job to stop.
using ProgressFn = std::function<bool(double fraction, const std::string& message)>;

class DirectorySyncScheduler;
class PeriodicTask;

// The host's global setting holding a directory source's settings as a JSON object, e.g.
// "directory.ldap" -> {"uri": "...", "bind_dn": "...", "password_file": "...", ...}: the keys of
// the source's job arguments (for LDAP, the host's ldap.* settings without the prefix). Secrets
// travel as file paths only. Absent: that source is not configured.
inline constexpr const char* kDirectorySettingPrefix = "directory.";

// The connectors the composition root (abi/) links in, handed to the core so it never includes a
// connector header. Keyed by source name ("ldap").
struct Connectors {
  std::map<std::string, directory::DirectorySourceFactory> directorySources;
};

// Thread-safety: handle(), runJob(), health(), privacy*() and onEvent() may run concurrently.
// The lifecycle calls (enable, disable, uninstall) are serialised by the host and never run
// concurrently with anything else.
class PluginApp {
 public:
  // Reads the host's `data_dir` setting and opens <data_dir>/tandem.db (creating and migrating it).
  // kInvalidArgument when data_dir is missing, kFailedPrecondition for a newer schema.
  static core::Result<std::unique_ptr<PluginApp>> create(std::shared_ptr<HostServices> host,
                                                         Connectors connectors = {});
  // For tests and embedders: uses an already-open store.
  static std::unique_ptr<PluginApp> createWithStore(std::shared_ptr<HostServices> host,
                                                    std::unique_ptr<storage::Store> store,
                                                    Connectors connectors = {});
  ~PluginApp();

  core::Status install();
  core::Status enable();
  core::Status disable();
  core::Status upgrade(uint32_t previousVersion);
  // Closes the store; with purge, deletes the database files as well.
  core::Status uninstall(bool purge);
  bool enabled() const { return enabled_.load(); }

  http::Response handle(const http::Request& request, const http::Identity& identity);
  core::Result<nlohmann::json> runJob(const std::string& name, const nlohmann::json& args,
                                      const ProgressFn& progress);
  nlohmann::json health();
  core::Result<nlohmann::json> privacyExport(const std::string& userName);
  core::Result<nlohmann::json> privacyErase(const std::string& userName);
  core::Status onEvent(const std::string& type, const nlohmann::json& payload);

  const Router& router() const { return router_; }
  // The background directory sync (started by enable(), stopped by disable() and destruction).
  DirectorySyncScheduler& directorySync() { return *directorySync_; }
  spdlog::logger& logger() { return *log_; }

 private:
  PluginApp(std::shared_ptr<HostServices> host, std::unique_ptr<storage::Store> store,
            std::string databasePath, Connectors connectors);
  http::Response dispatch(const http::Request& request, const http::Identity& identity);
  core::Result<nlohmann::json> importJob(const nlohmann::json& args, const ProgressFn& progress);
  core::Result<nlohmann::json> demoSeedJob(const nlohmann::json& args, const ProgressFn& progress);
  // scim_token: args {"action": "create"|"list"|"revoke", "name": NAME}. create returns
  // {"name", "token", "created_at"} (the only time the token is seen); list returns
  // {"tokens": [...]} without secrets; revoke returns {"name", "revoked_at"}.
  core::Result<nlohmann::json> scimTokenJob(const nlohmann::json& args);
  // Pairing (pairing_jobs.cpp). pair_instance reads nothing from the store and writes nothing.
  core::Result<nlohmann::json> pairInstanceJob(const nlohmann::json& args,
                                               const ProgressFn& progress);
  core::Result<nlohmann::json> pairProgramJob(const nlohmann::json& args,
                                              const ProgressFn& progress);
  core::Result<nlohmann::json> pairReplayJob(const nlohmann::json& args);
  // sync_ldap (and later other directory sources): args are the source's connection settings
  // plus "mode" ("full", the default; "incremental"; "auto": incremental when a
  // watermark is stored) and "force" (bool). Returns the sync summary (directory::SyncSummary).
  core::Result<nlohmann::json> directorySyncJob(const std::string& source,
                                                const nlohmann::json& args,
                                                const ProgressFn& progress);
  // The host's settings of a directory source (see kDirectorySettingPrefix), or nullopt when the
  // host gives none, they name no server, or this build has no connector for the source.
  std::optional<nlohmann::json> directorySettings(const std::string& source);
  std::unique_ptr<DirectorySyncScheduler> makeDirectorySyncScheduler();
  // Reads the SCIM request-rate settings from the host.
  void configureScim();
  // The background housekeeping (shortlist requests past their time pass to the next choice),
  // every `pairing.housekeeping_seconds` (host setting, default 60).
  std::unique_ptr<PeriodicTask> makeHousekeeping();
  void housekeep();

  std::shared_ptr<HostServices> host_;
  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<storage::Store> store_;
  std::string databasePath_;
  Connectors connectors_;
  // Declared before router_: the sync routes borrow it.
  std::unique_ptr<DirectorySyncScheduler> directorySync_;
  std::unique_ptr<PeriodicTask> housekeeping_;
  Router router_;
  http::ScimEndpoint scim_;
  std::atomic<bool> enabled_{false};
};

}  // namespace tandem::app
