// DirectorySyncScheduler: runs a directory source's sync in the background — every interval (the
// source's `sync_interval_minutes` setting; 0 means never) and on demand ("sync now" on the HR
// page) — and keeps the running state and progress in memory for the HR page. The outcome of a
// run is recorded by the sync itself (sync_state); the scheduler only remembers failures that left
// no record (no configuration, another process holding the lock, ...).
//
// Schedule: the first automatic run is one interval after the last recorded run started, or one
// interval after start() when none is recorded (a first sync is better started by a person who
// looks at its result: "sync now" or `tandem sync ldap`); an overdue run starts at once. Each run
// is followed by the next one an interval later. When another process recorded a run meanwhile,
// the scheduler moves its next run to an interval after that one instead.
//
// Thread-safety: every public function may be called from any thread; start() and stop() are
// called by the serialised lifecycle calls. Owns one background thread between start() and stop();
// the hooks are called from that thread (run, lastRunAt) and from callers (config, validate) and
// must stay valid until stop() returns.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "app/plugin_app.h"  // ProgressFn
#include "core/status.h"
#include "http/directory_sync_control.h"

namespace tandem::app {

// The interval a source's settings imply when they do not say (the LDAP connector's default).
inline constexpr int kDefaultSyncIntervalMinutes = 60;

class DirectorySyncScheduler final : public http::DirectorySyncControl {
 public:
  struct Hooks {
    // The source's settings (the sync job's arguments without mode and force), or nullopt when no
    // directory is configured.
    std::function<std::optional<nlohmann::json>()> config;
    // Checks settings without connecting (builds the source): the connector's error when invalid.
    std::function<core::Status(const nlohmann::json& config)> validate;
    // Runs one sync with the job's arguments; progress returns false to ask it to stop.
    std::function<core::Result<nlohmann::json>(const nlohmann::json& args,
                                               const ProgressFn& progress)>
        run;
    // When the last recorded run of the source started, or nullopt when none is recorded.
    std::function<std::optional<std::chrono::system_clock::time_point>()> lastRunAt;
    // Logs a failure the sync itself did not record (and so did not log). May be empty.
    std::function<void(const std::string& message)> warn;
  };
  struct Options {
    // The length of one "minute" of sync_interval_minutes. Tests shorten it.
    std::chrono::milliseconds minute = std::chrono::minutes(1);
  };

  DirectorySyncScheduler(std::string source, Hooks hooks, Options options);
  DirectorySyncScheduler(std::string source, Hooks hooks)
      : DirectorySyncScheduler(std::move(source), std::move(hooks), Options()) {}
  ~DirectorySyncScheduler() override;  // stop()
  DirectorySyncScheduler(const DirectorySyncScheduler&) = delete;
  DirectorySyncScheduler& operator=(const DirectorySyncScheduler&) = delete;

  // Starts the background thread (reads the interval from the settings). No-op when started.
  void start();
  // Asks a running sync to stop (it ends as cancelled), then wakes and joins the thread. No-op
  // when stopped. Returns once no hook runs any more.
  void stop();

  http::DirectorySyncStatus status() override;
  core::Status startNow() override;

  // How many runs the thread has finished since construction (tests wait on it).
  int64_t completedRuns();

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;

  void loop();
  // The interval the settings ask for (0: never); nullopt config -> 0.
  std::chrono::milliseconds intervalOf(const std::optional<nlohmann::json>& config) const;
  // When the first automatic run is due, from the last recorded run.
  std::optional<SteadyTime> firstDue(std::chrono::milliseconds interval);
  void runOnce();
  void recordFailure(const core::Status& status);  // with mu_ held

  const std::string source_;
  const Hooks hooks_;
  const Options options_;

  // Everything below thread_ is guarded by mu_. (Not TDM_GUARDED_BY: std::mutex carries no
  // capability annotation, so clang's -Wthread-safety-attributes would refuse it.)
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;  // started and joined by lifecycle calls
  bool started_ = false;
  bool stopping_ = false;
  bool requested_ = false;  // "sync now" waiting for the thread
  bool running_ = false;    // requested or running
  double fraction_ = 0.0;
  std::string message_;
  std::chrono::milliseconds interval_{0};
  std::optional<SteadyTime> due_;  // next automatic run
  std::string lastErrorCode_;
  std::string lastErrorMessage_;
  std::string lastErrorAt_;
  int64_t completedRuns_ = 0;
};

}  // namespace tandem::app
