// PeriodicTask runs its function every interval between start() and stop(), and never after.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/periodic_task.h"

namespace tandem::app {
namespace {

using namespace std::chrono_literals;

// Waits (at most 5 s) until the task has run `n` times.
bool waitForRuns(PeriodicTask& task, int64_t n) {
  for (int i = 0; i < 500 && task.runs() < n; ++i) std::this_thread::sleep_for(10ms);
  return task.runs() >= n;
}

TEST(PeriodicTask, RunsEveryIntervalUntilStopped) {
  std::atomic<int> calls{0};
  PeriodicTask task(5ms, [&] { ++calls; });
  EXPECT_EQ(task.runs(), 0);
  task.start();
  task.start();  // no-op
  ASSERT_TRUE(waitForRuns(task, 3));
  task.stop();
  const int after = calls.load();
  EXPECT_EQ(after, task.runs());
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(calls.load(), after) << "the task ran after stop()";
  task.stop();  // no-op
}

TEST(PeriodicTask, DoesNotRunBeforeTheFirstInterval) {
  std::atomic<int> calls{0};
  PeriodicTask task(std::chrono::hours(1), [&] { ++calls; });
  task.start();
  std::this_thread::sleep_for(20ms);
  task.stop();  // returns at once, without waiting for the hour
  EXPECT_EQ(calls.load(), 0);
}

TEST(PeriodicTask, CanBeRestarted) {
  std::atomic<int> calls{0};
  PeriodicTask task(2ms, [&] { ++calls; });
  task.start();
  ASSERT_TRUE(waitForRuns(task, 1));
  task.stop();
  const int64_t first = task.runs();
  task.start();
  ASSERT_TRUE(waitForRuns(task, first + 2));
  task.stop();
}

}  // namespace
}  // namespace tandem::app
