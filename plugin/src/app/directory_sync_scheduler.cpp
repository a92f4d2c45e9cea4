#include "app/directory_sync_scheduler.h"

#include <algorithm>
#include <cmath>

#include "app/internal/iso_time.h"

namespace tandem::app {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using std::chrono::system_clock;

namespace {

constexpr int kMaxIntervalMinutes = 7 * 24 * 60;  // the LDAP connector's limit
// A run recorded by another process this close to the due time does not push the schedule.
constexpr auto kRescheduleSlack = std::chrono::seconds(1);

steady_clock::time_point toSteady(system_clock::time_point t) {
  return steady_clock::now() +
         std::chrono::duration_cast<steady_clock::duration>(t - system_clock::now());
}

system_clock::time_point toSystem(steady_clock::time_point t) {
  return system_clock::now() +
         std::chrono::duration_cast<system_clock::duration>(t - steady_clock::now());
}

// sync_interval_minutes as a number or a decimal string (settings arrive as strings).
std::optional<int> intervalMinutes(const json& config) {
  const auto it = config.find("sync_interval_minutes");
  if (it == config.end() || it->is_null()) return kDefaultSyncIntervalMinutes;
  double value = 0;
  if (it->is_number()) {
    value = it->get<double>();
  } else if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    if (text.empty() || end == nullptr || *end != '\0') return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(value) || value < 0 || value > kMaxIntervalMinutes ||
      value != std::floor(value)) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

}  // namespace

DirectorySyncScheduler::DirectorySyncScheduler(std::string source, Hooks hooks, Options options)
    : source_(std::move(source)), hooks_(std::move(hooks)), options_(options) {}

DirectorySyncScheduler::~DirectorySyncScheduler() { stop(); }

milliseconds DirectorySyncScheduler::intervalOf(const std::optional<json>& config) const {
  if (!config) return milliseconds(0);
  // An invalid value keeps the default schedule: each run then reports the connector's error.
  const int minutes = intervalMinutes(*config).value_or(kDefaultSyncIntervalMinutes);
  return options_.minute * minutes;
}

std::optional<DirectorySyncScheduler::SteadyTime> DirectorySyncScheduler::firstDue(
    milliseconds interval) {
  if (interval.count() == 0) return std::nullopt;
  const auto last = hooks_.lastRunAt ? hooks_.lastRunAt() : std::nullopt;
  if (!last) return steady_clock::now() + interval;
  return std::max(steady_clock::now(), toSteady(*last + interval));
}

void DirectorySyncScheduler::start() {
  const auto interval = intervalOf(hooks_.config());
  const auto due = firstDue(interval);
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  interval_ = interval;
  due_ = due;
  thread_ = std::thread([this] { loop(); });
}

void DirectorySyncScheduler::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || stopping_) return;
    stopping_ = true;  // also makes a running sync's progress callback ask it to stop
  }
  cv_.notify_all();
  thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  started_ = false;
  stopping_ = false;
  requested_ = false;
  running_ = false;
  fraction_ = 0.0;
  message_.clear();
  due_.reset();
}

http::DirectorySyncStatus DirectorySyncScheduler::status() {
  const auto config = hooks_.config();
  http::DirectorySyncStatus out;
  out.source = source_;
  out.configured = config.has_value();
  std::lock_guard<std::mutex> lock(mu_);
  // Until the thread re-reads the settings, the interval is the one they give now.
  const milliseconds interval = started_ ? interval_ : intervalOf(config);
  out.intervalSeconds =
      out.configured ? std::chrono::duration_cast<std::chrono::seconds>(interval).count() : 0;
  out.running = running_;
  if (running_) {
    out.fraction = fraction_;
    out.message = message_;
  }
  if (out.configured && due_ && !running_) out.nextRunAt = internal::isoTime(toSystem(*due_));
  out.lastErrorCode = lastErrorCode_;
  out.lastErrorMessage = lastErrorMessage_;
  out.lastErrorAt = lastErrorAt_;
  return out;
}

core::Status DirectorySyncScheduler::startNow() {
  const auto config = hooks_.config();
  if (!config) {
    return core::failedPrecondition(
               "no directory is configured: give the host the " + source_ +
               " settings (for tandem serve: the ldap.* keys) to sync employees from it")
        .withDetail("directory_not_configured");
  }
  if (hooks_.validate) {
    core::Status valid = hooks_.validate(*config);
    if (!valid.isOk()) {
      return core::failedPrecondition("the " + source_ +
                                      " settings are not valid: " + valid.message())
          .withDetail("directory_config_invalid");
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || stopping_) {
      return core::unavailable("the directory sync is stopped: Tandem is not enabled");
    }
    if (running_) {
      return core::failedPrecondition(
                 "a directory sync is already running; wait until it has finished")
          .withDetail("sync_running");
    }
    requested_ = true;
    running_ = true;
    fraction_ = 0.0;
    message_ = "starting";
  }
  cv_.notify_all();
  return core::Status::ok();
}

int64_t DirectorySyncScheduler::completedRuns() {
  std::lock_guard<std::mutex> lock(mu_);
  return completedRuns_;
}

void DirectorySyncScheduler::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (stopping_) return;
    if (requested_) {
      requested_ = false;
    } else if (due_ && steady_clock::now() >= *due_) {
      // Another process (`tandem sync ldap`, another node) may have synced since the schedule
      // was set: then the next run is an interval after that one.
      lock.unlock();
      const auto last = hooks_.lastRunAt ? hooks_.lastRunAt() : std::nullopt;
      lock.lock();
      if (stopping_) return;
      if (!requested_ && last && interval_.count() > 0) {
        const SteadyTime lastDue = toSteady(*last + interval_);
        if (lastDue > steady_clock::now() + kRescheduleSlack) {
          due_ = lastDue;
          continue;
        }
      }
      requested_ = false;  // a "sync now" that arrived meanwhile is this run
      running_ = true;
      fraction_ = 0.0;
      message_ = "starting";
    } else {
      if (due_) {
        cv_.wait_until(lock, *due_);
      } else {
        cv_.wait(lock);
      }
      continue;
    }
    lock.unlock();
    runOnce();
    lock.lock();
    running_ = false;
    fraction_ = 0.0;
    message_.clear();
    ++completedRuns_;
    if (interval_.count() > 0) {
      due_ = steady_clock::now() + interval_;
    } else {
      due_.reset();
    }
    cv_.notify_all();
  }
}

void DirectorySyncScheduler::runOnce() {
  const auto config = hooks_.config();
  const milliseconds interval = intervalOf(config);
  const auto before = hooks_.lastRunAt ? hooks_.lastRunAt() : std::nullopt;
  core::Status failure;
  bool recorded = false;
  if (!config) {
    failure = core::failedPrecondition("no directory is configured any more")
                  .withDetail("directory_not_configured");
  } else {
    json args = *config;
    args["mode"] = "auto";
    args.erase("force");
    auto result = hooks_.run(args, [this](double fraction, const std::string& message) {
      std::lock_guard<std::mutex> lock(mu_);
      fraction_ = std::clamp(fraction, 0.0, 1.0);
      message_ = message;
      return !stopping_;
    });
    if (!result.isOk()) {
      failure = result.status();
      const auto after = hooks_.lastRunAt ? hooks_.lastRunAt() : std::nullopt;
      recorded = after.has_value() && after != before;
    }
  }
  if (!failure.isOk() && !recorded && hooks_.warn) {
    hooks_.warn(source_ + " sync did not run: " + failure.message());
  }
  std::lock_guard<std::mutex> lock(mu_);
  interval_ = interval;
  if (failure.isOk() || recorded) {
    lastErrorCode_.clear();
    lastErrorMessage_.clear();
    lastErrorAt_.clear();
  } else {
    recordFailure(failure);
  }
}

void DirectorySyncScheduler::recordFailure(const core::Status& status) {
  lastErrorCode_ = status.errorCode();
  lastErrorMessage_ = status.message();
  lastErrorAt_ = internal::isoTime(system_clock::now());
}

}  // namespace tandem::app
