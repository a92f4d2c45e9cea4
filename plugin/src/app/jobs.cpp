// Long jobs run through the ABI's run_job: importing employees, seeding the demo organisation,
// syncing a directory.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "app/directory_sync_scheduler.h"
#include "app/internal/iso_time.h"
#include "app/plugin_app.h"
#include "core/clock.h"
#include "directory/demo_organisation.h"
#include "directory/directory_sync.h"
#include "directory/employee_import.h"
#include "mentoring/participation.h"

namespace tandem::app {

using nlohmann::json;

namespace {

constexpr uintmax_t kMaxImportBytes = 256u * 1024u * 1024u;

core::Result<std::string> readFile(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return core::notFound("cannot read " + path + ": " + ec.message());
  if (size > kMaxImportBytes) {
    return core::invalidArgument(path + " is larger than 256 MiB; split it");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::notFound("cannot open " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// "<pid>@<host>#<nonce>": unique per run, and tells a later run whether the holder still lives.
std::string lockOwner() {
  std::random_device random;
  char nonce[17];
  std::snprintf(nonce, sizeof nonce, "%08x%08x", random(), random());
  return std::to_string(::getpid()) + "@" + hostName() + "#" + nonce;
}

// True when the holder ran on this host and its process no longer exists (e.g. killed -9).
bool lockHolderGone(const std::string& holder) {
  const size_t at = holder.find('@');
  const size_t hash = holder.find('#', at == std::string::npos ? 0 : at);
  if (at == std::string::npos || hash == std::string::npos) return false;
  if (holder.substr(at + 1, hash - at - 1) != hostName()) return false;
  char* end = nullptr;
  const long pid = std::strtol(holder.c_str(), &end, 10);
  if (end != holder.c_str() + at || pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

bool report(const ProgressFn& progress, double fraction, const std::string& message) {
  return !progress || progress(fraction, message);
}

// Opts a share of the demo organisation in: juniors as mentors teaching digital skills, seniors
// as mentees who teach business skills back. Deterministic for a seed. The named demo accounts
// stay out so a visitor can opt them in themselves.
core::Result<int64_t> seedParticipants(storage::StoreSession& session,
                                       const std::vector<directory::ImportRow>& org,
                                       const std::vector<directory::DemoAccount>& accounts,
                                       uint32_t seed) {
  auto catalogue = session.skills().list(false);
  if (!catalogue.isOk()) return catalogue.status();
  std::vector<int64_t> digital;
  std::vector<int64_t> business;
  for (const auto& s : *catalogue) (s.kind == "digital" ? digital : business).push_back(s.id);
  std::mt19937 rng(seed ^ 0x5eedu);
  auto pick = [&](const std::vector<int64_t>& from, size_t n) {
    std::vector<int64_t> out;
    while (out.size() < n && out.size() < from.size()) {
      int64_t id = from[rng() % from.size()];
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
  };
  int64_t count = 0;
  for (const auto& row : org) {
    const auto& e = row.employee;
    bool named = std::any_of(accounts.begin(), accounts.end(),
                             [&](const auto& a) { return a.userName == e.userName; });
    if (named || !e.level || rng() % 100 >= 22) continue;
    mentoring::Participant p;
    auto stored = session.employees().findByExternalId(e.externalId);
    if (!stored.isOk()) return stored.status();
    if (!stored->has_value()) continue;
    p.employeeId = (*stored)->id;
    const int level = *e.level;
    p.role = level <= 3 ? "mentor" : level >= 6 ? "mentee" : (rng() % 2 ? "both" : "mentor");
    p.capacity = mentoring::takesMentees(p) ? 1 + static_cast<int>(rng() % 3) : 1;
    p.languages = e.languages;
    p.availability = {{1 + static_cast<int>(rng() % 5), "09:00", "10:00"},
                      {1 + static_cast<int>(rng() % 5), "14:00", "15:30"}};
    if (mentoring::seeksMentor(p)) {
      for (const auto& q : mentoring::readinessQuestions()) p.readiness[q] = true;
    }
    const auto& teachFrom = level <= 3 ? digital : business;
    const auto& learnFrom = level <= 3 ? business : digital;
    for (int64_t id : pick(teachFrom, 2 + rng() % 2)) {
      p.skills.push_back({id, mentoring::Direction::kTeach, 3 + static_cast<int>(rng() % 3)});
    }
    for (int64_t id : pick(learnFrom, 1 + rng() % 3)) {
      p.skills.push_back({id, mentoring::Direction::kLearn, 1 + static_cast<int>(rng() % 2)});
    }
    p.consentAt = core::isoNow();
    TDM_RETURN_IF_ERROR(session.participants().save(p));
    ++count;
  }
  return count;
}

}  // namespace

core::Result<json> PluginApp::importJob(const json& args, const ProgressFn& progress) {
  if (!args.contains("file") || !args["file"].is_string()) {
    return core::invalidArgument("import needs {\"file\": \"path\"}");
  }
  const std::string file = args["file"].get<std::string>();
  const std::string format = args.value("format", std::string("auto"));
  if (format != "auto" && format != "csv" && format != "scim") {
    return core::invalidArgument("format must be auto, csv or scim");
  }
  report(progress, 0.0, "reading " + file);
  auto content = readFile(file);
  if (!content.isOk()) return content.status();
  auto parsed = directory::parseEmployeeFile(*content, format);
  if (!parsed.isOk()) {
    return core::invalidArgument(file + ": " + parsed.status().message() + " (nothing imported)");
  }
  if (!report(progress, 0.3, "parsed " + std::to_string(parsed->rows.size()) + " rows")) {
    return core::Status(core::StatusCode::kFailedPrecondition, "cancelled").withDetail("cancelled");
  }
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  directory::ImportReport result;
  core::Status status = (*session)->transaction([&]() -> core::Status {
    auto applied = directory::applyImport(*parsed, (*session)->employees(), (*session)->groups(),
                                          "import");
    if (!applied.isOk()) return applied.status();
    result = *applied;
    return (*session)->audit().append(
        "import", "directory.import", std::filesystem::path(file).filename().string(),
        json{{"added", result.added}, {"updated", result.updated},
             {"rejected", result.rejected.size()}}.dump());
  });
  if (!status.isOk()) return status;
  report(progress, 1.0, "done");
  log_->info("import of {}: {} added, {} updated, {} unchanged, {} rejected", file, result.added,
             result.updated, result.unchanged, result.rejected.size());
  return result.toJson();
}

core::Result<json> PluginApp::demoSeedJob(const json& args, const ProgressFn& progress) {
  const int employees = args.value("employees", 600);
  const uint32_t seed = args.value("seed", 42u);
  if (employees < 50 || employees > 100000) {
    return core::invalidArgument("employees must be between 50 and 100000");
  }
  report(progress, 0.0, "generating " + std::to_string(employees) + " employees");
  directory::ParsedImport parsed;
  parsed.format = "demo";
  parsed.rows = directory::generateDemoOrganisation(employees, seed);
  const auto accounts = directory::demoAccounts(parsed.rows);
  report(progress, 0.2, "storing the organisation");
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto& s = **session;
  directory::ImportReport imported;
  int64_t participants = 0;
  core::Status status = s.transaction([&]() -> core::Status {
    auto applied = directory::applyImport(parsed, s.employees(), s.groups(), "demo");
    if (!applied.isOk()) return applied.status();
    imported = *applied;
    report(progress, 0.7, "opting some employees in");
    auto seeded = seedParticipants(s, parsed.rows, accounts, seed);
    if (!seeded.isOk()) return seeded.status();
    participants = *seeded;
    return s.audit().append("demo", "demo.seed", "company",
                            json{{"employees", employees}, {"seed", seed}}.dump());
  });
  if (!status.isOk()) return status;
  auto departments = s.employees().departments();
  if (!departments.isOk()) return departments.status();
  json accountsJson = json::array();
  for (const auto& a : accounts) {
    accountsJson.push_back({{"userName", a.userName},
                            {"displayName", a.displayName},
                            {"roles", a.hrAdmin ? json{"employee", "hr_admin"} : json{"employee"}},
                            {"note", a.note}});
  }
  report(progress, 1.0, "done");
  return json{{"employees", imported.added + imported.updated + imported.unchanged},
              {"departments", departments->size()},
              {"participants", participants},
              {"rejected", imported.rejected.size()},
              {"accounts", accountsJson}};
}

core::Result<json> PluginApp::directorySyncJob(const std::string& source, const json& args,
                                               const ProgressFn& progress) {
  const auto factory = connectors_.directorySources.find(source);
  if (factory == connectors_.directorySources.end()) {
    return core::failedPrecondition("this build of Tandem has no " + source + " connector");
  }
  const auto modeArg = args.find("mode");
  if (modeArg != args.end() && !modeArg->is_string())
    return core::invalidArgument("mode must be \"auto\", \"full\" or \"incremental\"");
  const std::string mode = modeArg != args.end() ? modeArg->get<std::string>() : "full";
  directory::SyncMode syncMode = directory::SyncMode::kFull;
  if (mode == "auto") {
    syncMode = directory::SyncMode::kAuto;
  } else if (mode == "incremental") {
    syncMode = directory::SyncMode::kIncremental;
  } else if (mode != "full") {
    return core::invalidArgument("mode must be \"auto\", \"full\" or \"incremental\"");
  }
  const auto force = args.find("force");
  if (force != args.end() && !force->is_boolean())
    return core::invalidArgument("force must be a boolean");
  auto directory = factory->second(args);
  if (!directory.isOk()) return directory.status();
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto& s = **session;
  directory::SyncPorts ports{
      s.employees(), s.groups(), s.directorySync(),
      [&s](const std::function<core::Status()>& fn) { return s.transaction(fn); }};
  directory::SyncOptions options = directory::sourceOptions(**directory);
  options.mode = syncMode;
  options.force = force != args.end() && force->get<bool>();
  options.lockOwner = lockOwner();
  options.lockHolderGone = lockHolderGone;
  log_->info("{} sync ({}) started", source, mode);
  auto summary = directory::runSync(**directory, ports, options, progress);
  if (!summary.isOk()) {
    log_->error("{} sync failed: {}", source, summary.status().message());
    return summary.status();
  }
  const json result = summary->toJson();
  TDM_RETURN_IF_ERROR(s.audit().append(source, "directory.sync", source,
                                       json{{"mode", summary->mode},
                                            {"added", summary->added},
                                            {"updated", summary->updated},
                                            {"deactivated", summary->deactivated},
                                            {"unchanged", summary->unchanged},
                                            {"warnings", summary->warnings.size()}}
                                           .dump()));
  log_->info("{} sync ({}): {} added, {} updated, {} deactivated, {} unchanged, {} warnings in {} ms",
             source, summary->mode, summary->added, summary->updated, summary->deactivated, summary->unchanged,
             summary->warnings.size(), summary->durationMs);
  return result;
}

std::optional<json> PluginApp::directorySettings(const std::string& source) {
  if (connectors_.directorySources.count(source) == 0) return std::nullopt;
  const auto text = host_->setting(kDirectorySettingPrefix + source);
  if (!text || text->empty()) return std::nullopt;
  json settings = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!settings.is_object()) {
    log_->warn("the host setting {}{} is not a JSON object; {} sync is off",
               kDirectorySettingPrefix, source, source);
    return std::nullopt;
  }
  // Settings that name no server configure nothing (e.g. only a sync interval).
  const auto named = [&](const char* key) {
    const auto it = settings.find(key);
    return it != settings.end() &&
           ((it->is_string() && !it->get_ref<const std::string&>().empty()) ||
            (it->is_array() && !it->empty()));
  };
  if (!named("uri") && !named("uris")) return std::nullopt;
  return settings;
}

std::unique_ptr<DirectorySyncScheduler> PluginApp::makeDirectorySyncScheduler() {
  const std::string source = "ldap";
  DirectorySyncScheduler::Hooks hooks;
  hooks.config = [this, source] { return directorySettings(source); };
  hooks.validate = [this, source](const json& settings) -> core::Status {
    const auto factory = connectors_.directorySources.find(source);
    if (factory == connectors_.directorySources.end()) {
      return core::failedPrecondition("this build of Tandem has no " + source + " connector");
    }
    return factory->second(settings).status();
  };
  hooks.run = [this, source](const json& args, const ProgressFn& progress) -> core::Result<json> {
    if (!store_) return core::failedPrecondition("the store is closed");
    return directorySyncJob(source, args, progress);
  };
  hooks.lastRunAt = [this, source]() -> std::optional<std::chrono::system_clock::time_point> {
    if (!store_) return std::nullopt;
    auto session = store_->session();
    if (!session.isOk()) return std::nullopt;
    auto state = (*session)->directorySync().loadState(source);
    if (!state.isOk() || !state->has_value()) return std::nullopt;
    return internal::parseIsoTime((*state)->startedAt);
  };
  hooks.warn = [this](const std::string& message) { log_->warn("{}", message); };
  return std::make_unique<DirectorySyncScheduler>(source, std::move(hooks));
}

}  // namespace tandem::app
