// PeriodicTask: calls a function on a background thread every interval, between start() and
// stop(). Used for housekeeping that must happen even when nobody looks, e.g. shortlist requests
// whose time ran out passing to the mentee's next choice.
//
// Thread-safety: start() and stop() may be called from any thread (the lifecycle calls them,
// serialised); the function runs on the task's thread only, never twice at once, and never after
// stop() returned.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace tandem::app {

class PeriodicTask {
 public:
  // `fn` runs first one interval after start(), then every interval (measured from the end of
  // the previous call). interval must be positive.
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> fn);
  ~PeriodicTask();  // stop()
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Starts the thread; no-op when started.
  void start();
  // Wakes the thread, waits for a running call to finish and joins. No-op when stopped.
  void stop();
  // Calls finished since construction (tests wait on it).
  int64_t runs();

 private:
  void loop();

  const std::chrono::milliseconds interval_;
  const std::function<void()> fn_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool started_ = false;
  bool stopping_ = false;
  int64_t runs_ = 0;
};

}  // namespace tandem::app
