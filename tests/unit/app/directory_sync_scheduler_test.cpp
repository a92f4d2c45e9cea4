// The directory sync of the HR page: GET/POST /api/v1/admin/directory/sync over a PluginApp with a
// fake directory source, and DirectorySyncScheduler's schedule on its own.
#include "app/directory_sync_scheduler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "app/internal/iso_time.h"
#include "app/plugin_app.h"
#include "directory/directory_source.h"
#include "directory/directory_sync.h"
#include "storage/sqlite_store.h"

namespace tandem::app {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Polls pred every 5 ms for at most `limit`; true when it held.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// What the fake source does, shared by every source the factory makes.
struct SourceScript {
  std::mutex mu;
  std::condition_variable cv;
  int people = 5;
  bool hold = false;     // the scan waits (reporting progress) until released or cancelled
  bool holding = false;  // a scan is waiting now
  int scans = 0;
  int cancelled = 0;
  std::vector<json> configs;  // the settings each source was made with

  void release() {
    {
      std::lock_guard<std::mutex> lock(mu);
      hold = false;
    }
    cv.notify_all();
  }
};

class FakeSource final : public directory::DirectorySource {
 public:
  explicit FakeSource(std::shared_ptr<SourceScript> script) : script_(std::move(script)) {}
  std::string sourceName() const override { return "ldap"; }
  double deletionGuardShare() const override { return directory::kDefaultDeletionGuardShare; }
  core::Result<directory::ScanInfo> fullScan(directory::DirectorySink& sink) override {
    int people = 0;
    {
      std::unique_lock<std::mutex> lock(script_->mu);
      ++script_->scans;
      people = script_->people;
      while (script_->hold) {
        script_->holding = true;
        lock.unlock();
        const bool goOn = sink.progress(1, people, "reading the directory");
        lock.lock();
        if (!goOn) {
          script_->holding = false;
          ++script_->cancelled;
          return core::failedPrecondition("cancelled").withDetail("cancelled");
        }
        script_->cv.wait_for(lock, 5ms);
      }
      script_->holding = false;
    }
    std::vector<directory::DirectoryEntry> batch;
    for (int i = 0; i < people; ++i) {
      directory::DirectoryEntry e;
      const std::string uid = "p" + std::to_string(i);
      e.dn = "uid=" + uid + ",ou=people,dc=example,dc=com";
      e.employee.externalId = "uuid-" + uid;
      e.employee.userName = "ldap-" + uid;
      e.employee.displayName = "Person " + uid;
      e.rawJson = "{}";
      batch.push_back(std::move(e));
    }
    TDM_RETURN_IF_ERROR(sink.onPeople(batch));
    directory::ScanInfo info;
    info.server = "ldap://fake";
    info.people = people;
    return info;
  }

 private:
  std::shared_ptr<SourceScript> script_;
};

// A host whose global settings tests can change; thread-safe (the scheduler reads them).
class SettingsHost final : public HostServices {
 public:
  void log(LogLevel, std::string_view, std::string_view message) override {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.emplace_back(message);
  }
  std::optional<std::string> setting(const std::string& key) override {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = settings_.find(key);
    if (it == settings_.end()) return std::nullopt;
    return it->second;
  }
  void set(const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> lock(mu_);
    settings_[key] = value;
  }
  std::vector<std::string> lines() {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> settings_;
  std::vector<std::string> lines_;
};

const json kLdapSettings = {{"uri", "ldap://127.0.0.1:1"},
                            {"bind_dn", "cn=sync,dc=example,dc=com"},
                            {"password_file", "/run/secrets/tandem-ldap-password"},
                            {"base_dn", "dc=example,dc=com"},
                            {"sync_interval_minutes", "0"}};

class DirectorySyncRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-sync-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // An enabled app over a file database (several connections: requests read while a sync
  // writes). settings: the "directory.ldap" setting, or null for none.
  void start(const json& settings, core::Status factoryError = core::Status::ok()) {
    if (!settings.is_null()) host_->set("directory.ldap", settings.dump());
    storage::SqliteOptions options;
    options.path = (dir_ / "tandem.db").string();
    auto store = storage::openSqliteStore(options);
    ASSERT_TRUE(store.isOk()) << store.status().toString();
    Connectors connectors;
    auto script = script_;
    connectors.directorySources.emplace(
        "ldap",
        [script, factoryError](
            const json& config) -> core::Result<std::unique_ptr<directory::DirectorySource>> {
          if (!factoryError.isOk()) return factoryError;
          {
            std::lock_guard<std::mutex> lock(script->mu);
            script->configs.push_back(config);
          }
          return std::unique_ptr<directory::DirectorySource>(std::make_unique<FakeSource>(script));
        });
    app_ = PluginApp::createWithStore(host_, std::move(store).value(), std::move(connectors));
    ASSERT_TRUE(app_->enable().isOk());
  }

  http::Response call(const std::string& method, uint32_t roles, const std::string& user = "hr") {
    http::Request r;
    r.method = method;
    r.path = "/api/v1/admin/directory/sync";
    r.body = method == "POST" ? "{}" : "";
    http::Identity who;
    who.userId = roles == 0 ? "" : user;
    who.roles = roles;
    return app_->handle(r, who);
  }
  static json body(const http::Response& r) {
    return r.body.empty() ? json() : json::parse(r.body);
  }
  json get() {
    auto r = call("GET", http::kRoleHrAdmin);
    EXPECT_EQ(r.status, 200) << r.body;
    return body(r);
  }
  int scans() {
    std::lock_guard<std::mutex> lock(script_->mu);
    return script_->scans;
  }
  bool holding() {
    std::lock_guard<std::mutex> lock(script_->mu);
    return script_->holding;
  }

  std::filesystem::path dir_;
  std::shared_ptr<SettingsHost> host_ = std::make_shared<SettingsHost>();
  std::shared_ptr<SourceScript> script_ = std::make_shared<SourceScript>();
  std::unique_ptr<PluginApp> app_;
};

TEST_F(DirectorySyncRoutes, OnlyHrAdminsMayReadOrStartTheSync) {
  start(kLdapSettings);
  struct Caller {
    const char* name;
    uint32_t roles;
    int status;
    const char* code;
  };
  const Caller callers[] = {
      {"anonymous", 0, 401, "unauthenticated"},
      {"employee", http::kRoleEmployee, 403, "permission_denied"},
      {"host_admin", http::kRoleHostAdmin, 403, "permission_denied"},
      {"service", http::kRoleService, 403, "permission_denied"},
      {"employee+host_admin+service",
       http::kRoleEmployee | http::kRoleHostAdmin | http::kRoleService, 403, "permission_denied"},
  };
  for (const Caller& c : callers) {
    for (const char* method : {"GET", "POST"}) {
      SCOPED_TRACE(std::string(method) + " as " + c.name);
      auto r = call(method, c.roles, "ada");
      EXPECT_EQ(r.status, c.status) << r.body;
      EXPECT_EQ(body(r)["error"]["code"], c.code);
    }
  }
  EXPECT_EQ(app_->directorySync().completedRuns(), 0);
  EXPECT_EQ(scans(), 0) << "a refused POST must not start a sync";

  auto read = call("GET", http::kRoleHrAdmin);
  EXPECT_EQ(read.status, 200) << read.body;
  auto started = call("POST", http::kRoleEmployee | http::kRoleHrAdmin);
  EXPECT_EQ(started.status, 202) << started.body;
  ASSERT_TRUE(eventually([&] { return app_->directorySync().completedRuns() == 1; }));
  EXPECT_EQ(scans(), 1);
}

TEST_F(DirectorySyncRoutes, WithoutDirectorySettingsTheSyncIsOffAndCannotStart) {
  start(nullptr);
  const json state = get();
  EXPECT_EQ(state["configured"], false);
  EXPECT_EQ(state["running"], false);
  EXPECT_EQ(state["intervalSeconds"], 0);
  EXPECT_FALSE(state.contains("last"));
  EXPECT_FALSE(state.contains("nextRunAt"));
  auto r = call("POST", http::kRoleHrAdmin);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(body(r)["error"]["code"], "directory_not_configured");
  EXPECT_EQ(scans(), 0);
}

TEST_F(DirectorySyncRoutes, SettingsThatNameNoServerConfigureNothing) {
  start(json{{"sync_interval_minutes", "5"}, {"bind_dn", "cn=x"}});
  EXPECT_EQ(get()["configured"], false);
  EXPECT_EQ(body(call("POST", http::kRoleHrAdmin))["error"]["code"], "directory_not_configured");
}

TEST_F(DirectorySyncRoutes, SettingsTheConnectorRefusesAreAClearErrorAndStartNothing) {
  start(kLdapSettings, core::invalidArgument("ldap: base_dn is required"));
  EXPECT_EQ(get()["configured"], true);
  auto r = call("POST", http::kRoleHrAdmin);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(body(r)["error"]["code"], "directory_config_invalid");
  EXPECT_NE(body(r)["error"]["message"].get<std::string>().find("base_dn is required"),
            std::string::npos);
  EXPECT_EQ(app_->directorySync().completedRuns(), 0);
}

TEST_F(DirectorySyncRoutes, SyncNowRunsInTheBackgroundAndTheResultIsRecorded) {
  script_->people = 7;
  start(kLdapSettings);
  const json before = get();
  EXPECT_EQ(before["configured"], true);
  EXPECT_FALSE(before.contains("last")) << "never synced";

  auto r = call("POST", http::kRoleHrAdmin);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(body(r)["running"], true);
  ASSERT_TRUE(eventually([&] { return get()["running"] == false; }));
  const json after = get();
  ASSERT_TRUE(after.contains("last")) << after.dump();
  EXPECT_EQ(after["last"]["status"], "ok");
  EXPECT_EQ(after["last"]["mode"], "full");
  EXPECT_FALSE(after["last"]["finishedAt"].get<std::string>().empty());
  EXPECT_EQ(after["last"]["summary"]["added"], 7);
  EXPECT_EQ(after["last"]["summary"]["deactivated"], 0);
  EXPECT_FALSE(after.contains("lastError"));
  EXPECT_FALSE(after.contains("progress"));
  // The sync ran with the host's settings in mode auto, and nothing secret came back.
  {
    std::lock_guard<std::mutex> lock(script_->mu);
    ASSERT_EQ(script_->configs.size(), 2u);  // validated, then run
    EXPECT_EQ(script_->configs.back()["mode"], "auto");
    EXPECT_EQ(script_->configs.back()["base_dn"], "dc=example,dc=com");
  }
  EXPECT_EQ(after.dump().find("password"), std::string::npos);
  EXPECT_EQ(after.dump().find("cn=sync"), std::string::npos);

  // The second run is incremental-or-full as the source allows (this one has no watermark: full)
  // and finds everyone unchanged.
  ASSERT_EQ(call("POST", http::kRoleHrAdmin).status, 202);
  ASSERT_TRUE(eventually([&] { return app_->directorySync().completedRuns() == 2; }));
  EXPECT_EQ(get()["last"]["summary"]["unchanged"], 7);
}

TEST_F(DirectorySyncRoutes, ASecondSyncNowWhileOneRunsIsRefusedAndProgressIsShown) {
  script_->hold = true;
  start(kLdapSettings);
  ASSERT_EQ(call("POST", http::kRoleHrAdmin).status, 202);
  ASSERT_TRUE(eventually([&] { return holding(); }));
  auto again = call("POST", http::kRoleHrAdmin);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(body(again)["error"]["code"], "sync_running");
  const json running = get();
  EXPECT_EQ(running["running"], true);
  ASSERT_TRUE(running.contains("progress")) << running.dump();
  EXPECT_GE(running["progress"]["fraction"].get<double>(), 0.0);
  EXPECT_LE(running["progress"]["fraction"].get<double>(), 1.0);
  EXPECT_FALSE(running["progress"]["message"].get<std::string>().empty());
  script_->release();
  ASSERT_TRUE(eventually([&] { return get()["running"] == false; }));
  EXPECT_EQ(get()["last"]["status"], "ok");
  EXPECT_EQ(scans(), 1);
}

TEST_F(DirectorySyncRoutes, ARunOfAnotherProcessHoldingTheLockIsReportedAsLastError) {
  start(kLdapSettings);
  {
    storage::SqliteOptions options;
    options.path = (dir_ / "tandem.db").string();
    auto other = storage::openSqliteStore(options);
    ASSERT_TRUE(other.isOk());
    auto session = (*other)->session();
    ASSERT_TRUE(session.isOk());
    // A live holder: this test process on this host.
    auto held = (*session)->directorySync().tryLock(
        "directory-sync:ldap", std::to_string(::getpid()) + "@elsewhere#1", 600);
    ASSERT_TRUE(held.isOk());
    ASSERT_FALSE(held->has_value());
  }
  ASSERT_EQ(call("POST", http::kRoleHrAdmin).status, 202);
  ASSERT_TRUE(eventually([&] { return app_->directorySync().completedRuns() == 1; }));
  const json state = get();
  EXPECT_EQ(state["running"], false);
  EXPECT_FALSE(state.contains("last")) << "nothing recorded";
  ASSERT_TRUE(state.contains("lastError")) << state.dump();
  EXPECT_EQ(state["lastError"]["code"], "sync_running");
  EXPECT_FALSE(state["lastError"]["at"].get<std::string>().empty());
  EXPECT_EQ(scans(), 0);
}

TEST_F(DirectorySyncRoutes, DisablingThePluginCancelsARunningSyncAndStopsTheScheduler) {
  script_->hold = true;
  start(kLdapSettings);
  ASSERT_EQ(call("POST", http::kRoleHrAdmin).status, 202);
  ASSERT_TRUE(eventually([&] { return holding(); }));
  ASSERT_TRUE(app_->disable().isOk());  // returns once the thread is joined
  {
    std::lock_guard<std::mutex> lock(script_->mu);
    EXPECT_EQ(script_->cancelled, 1);
  }
  EXPECT_EQ(app_->directorySync().startNow().code(), core::StatusCode::kUnavailable);
  EXPECT_FALSE(app_->directorySync().status().running);
  // Enabled again, it syncs again; the cancelled run was recorded as failed.
  script_->release();
  ASSERT_TRUE(app_->enable().isOk());
  ASSERT_TRUE(app_->directorySync().startNow().isOk());
  ASSERT_TRUE(eventually([&] { return app_->directorySync().completedRuns() == 2; }));
  EXPECT_EQ(get()["last"]["status"], "ok");
}

// --- The scheduler on its own, with a short "minute".

struct FakeRuns {
  std::mutex mu;
  int runs = 0;
  std::vector<json> args;
  std::optional<std::chrono::system_clock::time_point> lastRunAt;
};

DirectorySyncScheduler::Hooks fakeHooks(std::shared_ptr<FakeRuns> runs, json settings) {
  DirectorySyncScheduler::Hooks hooks;
  hooks.config = [settings]() -> std::optional<json> { return settings; };
  hooks.validate = [](const json&) { return core::Status::ok(); };
  hooks.run = [runs](const json& args, const ProgressFn& progress) -> core::Result<json> {
    if (progress) static_cast<void>(progress(0.5, "half way"));
    std::lock_guard<std::mutex> lock(runs->mu);
    ++runs->runs;
    runs->args.push_back(args);
    runs->lastRunAt = std::chrono::system_clock::now();
    return json{{"status", "ok"}};
  };
  hooks.lastRunAt = [runs] {
    std::lock_guard<std::mutex> lock(runs->mu);
    return runs->lastRunAt;
  };
  return hooks;
}

TEST(DirectorySyncScheduler, RunsEveryIntervalInModeAuto) {
  auto runs = std::make_shared<FakeRuns>();
  DirectorySyncScheduler::Options options;
  options.minute = 20ms;
  DirectorySyncScheduler scheduler(
      "ldap",
      fakeHooks(runs, {{"uri", "ldap://x"}, {"sync_interval_minutes", "1"}, {"force", true}}),
      options);
  scheduler.start();
  ASSERT_TRUE(eventually([&] { return scheduler.completedRuns() >= 3; }));
  scheduler.stop();
  std::lock_guard<std::mutex> lock(runs->mu);
  EXPECT_GE(runs->runs, 3);
  EXPECT_EQ(runs->args.front()["mode"], "auto");
  EXPECT_FALSE(runs->args.front().contains("force")) << "a scheduled sync never forces";
}

TEST(DirectorySyncScheduler, IntervalZeroSchedulesNothingButSyncNowWorks) {
  auto runs = std::make_shared<FakeRuns>();
  DirectorySyncScheduler scheduler(
      "ldap", fakeHooks(runs, {{"uri", "ldap://x"}, {"sync_interval_minutes", 0}}));
  scheduler.start();
  auto st = scheduler.status();
  EXPECT_TRUE(st.configured);
  EXPECT_EQ(st.intervalSeconds, 0);
  EXPECT_TRUE(st.nextRunAt.empty());
  ASSERT_TRUE(scheduler.startNow().isOk());
  ASSERT_TRUE(eventually([&] { return scheduler.completedRuns() == 1; }));
  EXPECT_TRUE(scheduler.status().nextRunAt.empty());
}

TEST(DirectorySyncScheduler, NeverSyncedWaitsOneIntervalAndAnOverdueRunStartsAtOnce) {
  auto runs = std::make_shared<FakeRuns>();
  const json settings = {{"uri", "ldap://x"}};  // the default interval: 60 minutes
  {
    DirectorySyncScheduler scheduler("ldap", fakeHooks(runs, settings));
    const auto before = std::chrono::system_clock::now();
    scheduler.start();
    const auto st = scheduler.status();
    EXPECT_EQ(st.intervalSeconds, 3600);
    const auto next = internal::parseIsoTime(st.nextRunAt);
    ASSERT_TRUE(next.has_value()) << st.nextRunAt;
    EXPECT_GE(*next, before + 59min);
    EXPECT_LE(*next, before + 61min);
  }
  {
    std::lock_guard<std::mutex> lock(runs->mu);
    runs->lastRunAt = std::chrono::system_clock::now() - 20min;
  }
  {
    DirectorySyncScheduler scheduler("ldap", fakeHooks(runs, settings));
    scheduler.start();
    const auto next = internal::parseIsoTime(scheduler.status().nextRunAt);
    ASSERT_TRUE(next.has_value());
    const auto expected = std::chrono::system_clock::now() + 40min;
    EXPECT_GE(*next, expected - 1min);
    EXPECT_LE(*next, expected + 1min);
  }
  {
    std::lock_guard<std::mutex> lock(runs->mu);
    runs->lastRunAt = std::chrono::system_clock::now() - 2h;
  }
  DirectorySyncScheduler scheduler("ldap", fakeHooks(runs, settings));
  scheduler.start();
  ASSERT_TRUE(eventually([&] { return scheduler.completedRuns() == 1; }));
  std::lock_guard<std::mutex> lock(runs->mu);
  EXPECT_EQ(runs->runs, 1);
}

TEST(DirectorySyncScheduler, ARunRecordedByAnotherProcessPostponesTheNextOne) {
  auto runs = std::make_shared<FakeRuns>();
  DirectorySyncScheduler::Options options;
  options.minute = 1s;
  // Overdue at start: due at once; but "another process" records a run right then.
  {
    std::lock_guard<std::mutex> lock(runs->mu);
    runs->lastRunAt = std::chrono::system_clock::now() - 2h;
  }
  auto hooks = fakeHooks(runs, {{"uri", "ldap://x"}, {"sync_interval_minutes", "60"}});
  std::atomic<int> reads{0};
  auto inner = hooks.lastRunAt;
  hooks.lastRunAt = [&reads, inner,
                     runs]() -> std::optional<std::chrono::system_clock::time_point> {
    if (++reads == 2) {  // the thread's check at the due time: someone just synced
      std::lock_guard<std::mutex> lock(runs->mu);
      runs->lastRunAt = std::chrono::system_clock::now();
    }
    return inner();
  };
  DirectorySyncScheduler scheduler("ldap", std::move(hooks), options);
  scheduler.start();
  // Postponed to an interval after the other run (a run of its own would postpone it as well,
  // but would have counted below).
  ASSERT_TRUE(eventually([&] {
    const auto next = internal::parseIsoTime(scheduler.status().nextRunAt);
    return reads >= 2 && next && *next >= std::chrono::system_clock::now() + 50s;
  }));
  scheduler.stop();
  std::lock_guard<std::mutex> lock(runs->mu);
  EXPECT_EQ(runs->runs, 0);
}

TEST(DirectorySyncScheduler, StopJoinsAndIsIdempotent) {
  auto runs = std::make_shared<FakeRuns>();
  DirectorySyncScheduler scheduler("ldap", fakeHooks(runs, {{"uri", "ldap://x"}}));
  scheduler.stop();  // never started
  scheduler.start();
  scheduler.start();  // no second thread
  scheduler.stop();
  scheduler.stop();
  EXPECT_EQ(scheduler.startNow().code(), core::StatusCode::kUnavailable);
  EXPECT_TRUE(scheduler.status().nextRunAt.empty());
}

TEST(IsoTime, RoundTripsAndRejectsGarbage) {
  const auto t = internal::parseIsoTime("2026-11-27T10:00:05Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(internal::isoTime(*t), "2026-11-27T10:00:05Z");
  EXPECT_TRUE(internal::parseIsoTime("2026-11-27T10:00:05.123Z").has_value());
  EXPECT_FALSE(internal::parseIsoTime("").has_value());
  EXPECT_FALSE(internal::parseIsoTime("2026-11-27").has_value());
  EXPECT_FALSE(internal::parseIsoTime("2026-13-27T10:00:05Z").has_value());
  EXPECT_FALSE(internal::parseIsoTime("2026-11-27T10:00:05+02:00").has_value());
}

}  // namespace
}  // namespace tandem::app
