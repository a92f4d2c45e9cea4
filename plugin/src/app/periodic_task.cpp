#include "app/periodic_task.h"

#include <utility>

namespace tandem::app {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> fn)
    : interval_(interval.count() > 0 ? interval : std::chrono::milliseconds(1)),
      fn_(std::move(fn)) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void PeriodicTask::stop() {
  std::thread joining;
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    stopping_ = true;
    started_ = false;
    joining = std::move(thread_);
  }
  cv_.notify_all();
  if (joining.joinable()) joining.join();
}

int64_t PeriodicTask::runs() {
  std::lock_guard lock(mu_);
  return runs_;
}

void PeriodicTask::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (cv_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    lock.unlock();
    fn_();
    lock.lock();
    ++runs_;
  }
}

}  // namespace tandem::app
