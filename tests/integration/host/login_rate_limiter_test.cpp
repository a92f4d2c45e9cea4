// LoginRateLimiter: sliding window of failed sign-ins per key.
#include "login_rate_limiter.h"

#include <gtest/gtest.h>

namespace tandem::standalone {
namespace {

using std::chrono::seconds;
using Clock = LoginRateLimiter::Clock;

TEST(LoginRateLimiter, BlocksAfterTheLimitUntilTheOldestFailureLeavesTheWindow) {
  LoginRateLimiter limiter(5, seconds(60));
  const auto t0 = Clock::time_point{} + seconds(1000);
  for (int i = 0; i < 4; ++i) {
    limiter.recordFailure("user:a", t0 + seconds(i));
    EXPECT_EQ(limiter.retryAfter("user:a", t0 + seconds(i)), 0);
  }
  limiter.recordFailure("user:a", t0 + seconds(4));
  EXPECT_EQ(limiter.retryAfter("user:a", t0 + seconds(4)), 56);
  EXPECT_EQ(limiter.retryAfter("user:a", t0 + seconds(59)), 1);
  EXPECT_EQ(limiter.retryAfter("user:a", t0 + seconds(60)), 0);  // the first one expired
  EXPECT_EQ(limiter.retryAfter("user:b", t0 + seconds(4)), 0);   // keys are independent
}

TEST(LoginRateLimiter, ASuccessForgetsTheFailures) {
  LoginRateLimiter limiter(2, seconds(60));
  const auto t0 = Clock::time_point{} + seconds(10);
  limiter.recordFailure("k", t0);
  limiter.recordFailure("k", t0);
  EXPECT_GT(limiter.retryAfter("k", t0), 0);
  limiter.reset("k");
  EXPECT_EQ(limiter.retryAfter("k", t0), 0);
}

TEST(LoginRateLimiter, KeepsAtMostMaxKeys) {
  LoginRateLimiter limiter(1, seconds(60), 3);
  const auto t0 = Clock::time_point{} + seconds(10);
  for (int i = 0; i < 10; ++i) limiter.recordFailure("k" + std::to_string(i), t0 + seconds(i));
  // The newest keys are still tracked, the oldest were dropped.
  EXPECT_GT(limiter.retryAfter("k9", t0 + seconds(9)), 0);
  EXPECT_EQ(limiter.retryAfter("k0", t0 + seconds(9)), 0);
}

}  // namespace
}  // namespace tandem::standalone
