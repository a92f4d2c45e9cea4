#include "app/plugin_app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "app/directory_sync_scheduler.h"
#include "app/periodic_task.h"
#include "workflow/shortlist.h"
#include "app/host_log_sink.h"
#include "core/version.h"
#include "http/directory_sync_control.h"
#include "http/handler_support.h"
#include "http/route.h"
#include "storage/sqlite_store.h"

namespace tandem::app {

using nlohmann::json;

namespace {

std::vector<http::Route> allRoutes(http::DirectorySyncControl& directorySync) {
  // Explicit registration: every route of the core, in one place.
  std::vector<http::Route> routes;
  http::addProfileRoutes(routes);
  http::addCatalogueRoutes(routes);
  http::addDirectoryRoutes(routes);
  http::addAdminRoutes(routes);
  http::addDirectorySyncRoutes(routes, directorySync);
  http::addProgramRoutes(routes);
  http::addPairingRoutes(routes);
  http::addMatchRoutes(routes);
  http::addStaticRoutes(routes);
  return routes;
}

std::string joinMethods(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace

PluginApp::PluginApp(std::shared_ptr<HostServices> host, std::unique_ptr<storage::Store> store,
                     std::string databasePath, Connectors connectors)
    : host_(std::move(host)),
      log_(makeHostLogger(host_)),
      store_(std::move(store)),
      databasePath_(std::move(databasePath)),
      connectors_(std::move(connectors)),
      directorySync_(makeDirectorySyncScheduler()),
      housekeeping_(makeHousekeeping()),
      router_(allRoutes(*directorySync_)) {}

PluginApp::~PluginApp() {
  // The background threads use the store and the host: stop them while both exist.
  directorySync_->stop();
  housekeeping_->stop();
}

std::unique_ptr<PeriodicTask> PluginApp::makeHousekeeping() {
  long seconds = 60;
  if (const auto value = host_->setting("pairing.housekeeping_seconds"); value && !value->empty()) {
    try {
      size_t used = 0;
      const long parsed = std::stol(*value, &used);
      if (used == value->size() && parsed >= 1 && parsed <= 86400) {
        seconds = parsed;
      } else {
        log_->warn("ignored the host setting pairing.housekeeping_seconds: not 1..86400");
      }
    } catch (const std::exception&) {
      log_->warn("ignored the host setting pairing.housekeeping_seconds: not a number");
    }
  }
  return std::make_unique<PeriodicTask>(std::chrono::seconds(seconds), [this] { housekeep(); });
}

void PluginApp::housekeep() {
  if (!store_) return;
  auto session = store_->session();
  if (!session.isOk()) {
    log_->warn("housekeeping skipped: {}", session.status().message());
    return;
  }
  auto expired = workflow::expireRequests(**session, "shortlist");
  if (!expired.isOk()) {
    log_->warn("shortlist expiry failed: {}", expired.status().message());
  } else if (*expired > 0) {
    log_->info("{} shortlist request(s) expired and passed to the next choice", *expired);
  }
}

core::Result<std::unique_ptr<PluginApp>> PluginApp::create(std::shared_ptr<HostServices> host,
                                                           Connectors connectors) {
  auto dataDir = host->setting("data_dir");
  if (!dataDir || dataDir->empty()) {
    return core::invalidArgument("the host setting data_dir is not set: Tandem needs a directory "
                                 "for its database");
  }
  std::error_code ec;
  std::filesystem::create_directories(*dataDir, ec);
  if (ec) {
    return core::unavailable("cannot create the data directory " + *dataDir + ": " + ec.message());
  }
  const std::string path = (std::filesystem::path(*dataDir) / "tandem.db").string();
  storage::SqliteOptions options;
  options.path = path;
  auto store = storage::openSqliteStore(options);
  if (!store.isOk()) return store.status();
  auto app = std::unique_ptr<PluginApp>(
      new PluginApp(host, std::move(store).value(), path, std::move(connectors)));
  app->log_->info("store {} at schema version {}", path, app->store_->schemaVersion());
  return app;
}

std::unique_ptr<PluginApp> PluginApp::createWithStore(std::shared_ptr<HostServices> host,
                                                      std::unique_ptr<storage::Store> store,
                                                      Connectors connectors) {
  return std::unique_ptr<PluginApp>(
      new PluginApp(std::move(host), std::move(store), "", std::move(connectors)));
}

core::Status PluginApp::install() {
  if (!store_) return core::failedPrecondition("the plugin was uninstalled");
  log_->info("installed Tandem {}", TDM_VERSION_STRING);
  return core::Status::ok();
}

core::Status PluginApp::enable() {
  if (!store_) return core::failedPrecondition("the plugin was uninstalled");
  enabled_ = true;
  configureScim();
  directorySync_->start();
  housekeeping_->start();
  log_->info("enabled");
  return core::Status::ok();
}

void PluginApp::configureScim() {
  // The host's scim.rate_limit_per_second and scim.rate_limit_burst (absent: 50 and 100).
  const auto number = [&](const char* key, double fallback) {
    const auto value = host_->setting(key);
    if (!value || value->empty()) return fallback;
    try {
      size_t used = 0;
      const double parsed = std::stod(*value, &used);
      if (used == value->size() && parsed >= 0) return parsed;
    } catch (const std::exception&) {
    }
    log_->warn("ignored the host setting {}: not a number >= 0", key);
    return fallback;
  };
  const double rate = number("scim.rate_limit_per_second", 50);
  const double burst = number("scim.rate_limit_burst", 100);
  scim_.configure(rate, std::max(burst, 1.0));
}

core::Status PluginApp::disable() {
  enabled_ = false;
  directorySync_->stop();
  housekeeping_->stop();
  log_->info("disabled");
  return core::Status::ok();
}

core::Status PluginApp::upgrade(uint32_t previousVersion) {
  // Migrations ran when the store was opened; record the upgrade.
  if (!store_) return core::failedPrecondition("the plugin was uninstalled");
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  log_->info("upgraded from {}.{}.{}", previousVersion >> 16, (previousVersion >> 8) & 0xffu,
             previousVersion & 0xffu);
  return (*session)->audit().append("host", "plugin.upgrade", TDM_VERSION_STRING,
                                    json{{"previous", previousVersion}}.dump());
}

core::Status PluginApp::uninstall(bool purge) {
  enabled_ = false;
  directorySync_->stop();
  housekeeping_->stop();
  store_.reset();
  if (purge && !databasePath_.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(databasePath_ + suffix, ec);
    }
    log_->warn("uninstalled with purge: database deleted");
  } else {
    log_->info("uninstalled; data kept");
  }
  return core::Status::ok();
}

http::Response PluginApp::handle(const http::Request& request, const http::Identity& identity) {
  const auto started = std::chrono::steady_clock::now();
  http::Response response;
  try {
    response = dispatch(request, identity);
  } catch (const std::exception& e) {
    log_->error("{} {} failed: {}", request.method, request.path, e.what());
    response = http::Response::error(core::internalError("internal error"));
  }
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  if (response.status >= 500) {
    log_->error("{} {} -> {} ({} us)", request.method, request.path, response.status, micros);
  } else {
    log_->debug("{} {} -> {} ({} us)", request.method, request.path, response.status, micros);
  }
  return response;
}

http::Response PluginApp::dispatch(const http::Request& request, const http::Identity& identity) {
  using http::Response;
  if (http::isScimPath(request.path)) {
    if (!enabled_ || !store_) {
      return http::scimError(503, "Tandem is installed but not enabled in this host");
    }
    return scim_.handle(request, *store_, kMaxBodyBytes);
  }
  if (!enabled_) {
    return Response::error(core::unavailable("Tandem is installed but not enabled in this host"));
  }
  if (request.body.size() > kMaxBodyBytes) {
    return Response::error(core::resourceExhausted("the request body is larger than 1 MiB")
                               .withDetail("payload_too_large"));
  }
  Router::Match match = router_.match(request.method, request.path);
  if (match.route == nullptr) {
    if (match.allowed.empty()) {
      return Response::error(core::notFound("no route " + request.method + " " + request.path));
    }
    Response r = Response::error(
        core::invalidArgument(request.method + " is not allowed on " + request.path)
            .withDetail("method_not_allowed"));
    r.headers.emplace_back("Allow", joinMethods(match.allowed));
    return r;
  }
  const http::Route& route = *match.route;
  if (route.roles != http::kPublic) {
    if (identity.anonymous()) return Response::error(core::unauthenticated("please sign in"));
    if ((identity.roles & route.roles) == 0) {
      return Response::error(
          core::permissionDenied("your role does not allow " + request.method + " " + route.pattern));
    }
  }
  http::Request routed = request;
  routed.pathParams = std::move(match.params);
  std::unique_ptr<storage::StoreSession> session;
  if (route.needsStore) {
    if (!store_) return Response::error(core::unavailable("the store is closed"));
    auto opened = store_->session();
    if (!opened.isOk()) return Response::error(opened.status());
    session = std::move(opened).value();
    if (route.moduleGate) {
      auto on = http::moduleEnabled(*session);
      if (!on.isOk()) return Response::error(on.status());
      if (!*on) {
        return Response::error(
            core::failedPrecondition("Tandem is switched off company-wide by HR")
                .withDetail("module_disabled"));
      }
    }
  }
  http::RouteContext ctx{routed, identity, session.get()};
  return route.handler(ctx);
}

json PluginApp::health() {
  json out = {{"status", "ok"},
              {"version", TDM_VERSION_STRING},
              {"enabled", enabled_.load()}};
  if (!store_) {
    out["status"] = "down";
    out["store"] = "closed";
    return out;
  }
  out["schemaVersion"] = store_->schemaVersion();
  auto session = store_->session();
  if (!session.isOk()) {
    out["status"] = "down";
    out["store"] = session.status().message();
    return out;
  }
  auto employees = (*session)->employees().count();
  if (!employees.isOk()) {
    out["status"] = "degraded";
    out["store"] = employees.status().message();
    return out;
  }
  out["store"] = "ok";
  out["employees"] = *employees;
  return out;
}

core::Result<json> PluginApp::privacyExport(const std::string& userName) {
  if (!store_) return core::failedPrecondition("the store is closed");
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto& s = **session;
  auto employee = s.employees().findByUserName(userName);
  if (!employee.isOk()) return employee.status();
  if (!employee->has_value()) return core::notFound("no employee " + userName);
  auto groups = s.groups().groupsOf((*employee)->id);
  if (!groups.isOk()) return groups.status();
  auto participant = s.participants().find((*employee)->id);
  if (!participant.isOk()) return participant.status();
  auto audit = s.audit().entriesAbout(userName);
  if (!audit.isOk()) return audit.status();
  json auditJson = json::array();
  for (const auto& entry : *audit) auditJson.push_back(json::parse(entry));
  return json{{"employee", http::employeeJson(**employee)},
              {"groups", *groups},
              {"participant", participant->has_value() ? http::participantJson(**participant)
                                                       : json(nullptr)},
              {"audit", auditJson}};
}

core::Result<json> PluginApp::privacyErase(const std::string& userName) {
  if (!store_) return core::failedPrecondition("the store is closed");
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto& s = **session;
  json report;
  core::Status status = s.transaction([&]() -> core::Status {
    auto employee = s.employees().findByUserName(userName);
    if (!employee.isOk()) return employee.status();
    if (!employee->has_value()) return core::notFound("no employee " + userName);
    const int64_t id = (*employee)->id;
    const std::string pseudonym = "erased-" + std::to_string(id);
    TDM_RETURN_IF_ERROR(s.participants().remove(id));
    TDM_RETURN_IF_ERROR(s.employees().anonymize(id));
    TDM_RETURN_IF_ERROR(s.audit().pseudonymize(userName, pseudonym));
    TDM_RETURN_IF_ERROR(s.audit().append("privacy", "privacy.erase", pseudonym, "{}"));
    report = {{"erased", pseudonym}, {"participant", "deleted"}, {"employee", "anonymized"}};
    return core::Status::ok();
  });
  if (!status.isOk()) return status;
  log_->info("privacy erase done for employee record {}", report["erased"].get<std::string>());
  return report;
}

core::Status PluginApp::onEvent(const std::string& type, const json& payload) {
  if (type == "user.deleted") {
    if (!payload.contains("userId") || !payload["userId"].is_string()) {
      return core::invalidArgument("user.deleted needs a userId string");
    }
    auto erased = privacyErase(payload["userId"].get<std::string>());
    if (!erased.isOk() && erased.status().code() != core::StatusCode::kNotFound) {
      return erased.status();
    }
    return core::Status::ok();
  }
  log_->debug("ignored host event {}", type);
  return core::Status::ok();
}

core::Result<json> PluginApp::runJob(const std::string& name, const json& args,
                                     const ProgressFn& progress) {
  if (!args.is_object()) return core::invalidArgument("job arguments must be a JSON object");
  if (name == "pair_instance") return pairInstanceJob(args, progress);  // needs no store
  if (!store_) return core::failedPrecondition("the store is closed");
  if (name == "import") return importJob(args, progress);
  if (name == "demo_seed") return demoSeedJob(args, progress);
  if (name == "sync_ldap") return directorySyncJob("ldap", args, progress);
  if (name == "sync_scim") return directorySyncJob("scim", args, progress);
  if (name == "scim_token") return scimTokenJob(args);
  if (name == "pair_program") return pairProgramJob(args, progress);
  if (name == "pair_replay") return pairReplayJob(args);
  return core::notFound("no job named '" + name +
                        "' (known: import, demo_seed, sync_ldap, sync_scim, scim_token, "
                        "pair_program, pair_instance, pair_replay)");
}

}  // namespace tandem::app
