#include "scim/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace tandem::scim {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
struct FakeClock {
  std::shared_ptr<std::chrono::steady_clock::time_point> now =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  RateLimiter::Clock clock() const {
    auto n = now;
    return [n] { return *n; };
  }
  void advance(std::chrono::steady_clock::duration d) const { *now += d; }
};

int allowedOf(RateLimiter& limiter, const std::string& key, int attempts) {
  int allowed = 0;
  for (int i = 0; i < attempts; ++i) allowed += limiter.take(key).allowed ? 1 : 0;
  return allowed;
}

TEST(RateLimiter, AllowsTheBurstThenRefuses) {
  FakeClock clock;
  RateLimiter limiter(5, 10, clock.clock());
  EXPECT_EQ(allowedOf(limiter, "okta", 10), 10);
  const auto refused = limiter.take("okta");
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retryAfterSeconds, 1);
}

TEST(RateLimiter, RefillsAtTheRate) {
  FakeClock clock;
  RateLimiter limiter(5, 10, clock.clock());
  EXPECT_EQ(allowedOf(limiter, "okta", 10), 10);
  EXPECT_FALSE(limiter.take("okta").allowed);
  clock.advance(1s);  // 5 requests' worth
  EXPECT_EQ(allowedOf(limiter, "okta", 10), 5);
  clock.advance(200ms);  // exactly one
  EXPECT_TRUE(limiter.take("okta").allowed);
  EXPECT_FALSE(limiter.take("okta").allowed);
  clock.advance(1h);  // capped at the burst
  EXPECT_EQ(allowedOf(limiter, "okta", 20), 10);
}

TEST(RateLimiter, RetryAfterIsWholeSecondsUntilOneRequestFits) {
  FakeClock clock;
  RateLimiter slow(0.1, 1, clock.clock());  // one request every 10 s
  EXPECT_TRUE(slow.take("idp").allowed);
  auto refused = slow.take("idp");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retryAfterSeconds, 10);
  clock.advance(3500ms);
  refused = slow.take("idp");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retryAfterSeconds, 7);  // 6.5 s rounded up

  RateLimiter fast(100, 1, clock.clock());  // 10 ms per request: still at least 1 s
  EXPECT_TRUE(fast.take("idp").allowed);
  refused = fast.take("idp");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retryAfterSeconds, 1);
}

TEST(RateLimiter, ZeroOrNegativeRateDisablesTheLimit) {
  FakeClock clock;
  RateLimiter off(0, 1, clock.clock());
  EXPECT_EQ(allowedOf(off, "okta", 1000), 1000);
  RateLimiter negative(-1, 1, clock.clock());
  EXPECT_EQ(allowedOf(negative, "okta", 1000), 1000);
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
  FakeClock clock;
  RateLimiter limiter(1, 3, clock.clock());
  EXPECT_EQ(allowedOf(limiter, "okta", 5), 3);
  EXPECT_EQ(allowedOf(limiter, "entra", 5), 3);
  EXPECT_FALSE(limiter.take("okta").allowed);
  EXPECT_TRUE(limiter.take("other").allowed);
}

TEST(RateLimiter, ConfigureChangesRateAndCapsBuckets) {
  FakeClock clock;
  RateLimiter limiter(1, 10, clock.clock());
  EXPECT_EQ(allowedOf(limiter, "okta", 2), 2);  // 8 left
  limiter.configure(1, 3);                      // capped to 3
  EXPECT_EQ(allowedOf(limiter, "okta", 10), 3);
  limiter.configure(0, 3);  // off
  EXPECT_EQ(allowedOf(limiter, "okta", 50), 50);
}

TEST(RateLimiter, BurstBelowOneStillAllowsOneRequest) {
  FakeClock clock;
  RateLimiter limiter(1, 0, clock.clock());
  EXPECT_TRUE(limiter.take("okta").allowed);
  EXPECT_FALSE(limiter.take("okta").allowed);
}

TEST(RateLimiter, ConcurrentTakesNeverExceedTheBurst) {
  FakeClock clock;  // frozen: no refill while the threads run
  RateLimiter limiter(1, 100, clock.clock());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (limiter.take("okta").allowed) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace tandem::scim
