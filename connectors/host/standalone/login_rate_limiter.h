// LoginRateLimiter: counts failed sign-ins per key (a user name or a client address) in a sliding
// window and blocks a key that reached the limit until its oldest failure leaves the window.
//
// Thread-safety: all methods may be called concurrently (one mutex). Memory is bounded: at most
// maxKeys keys are tracked; beyond that, keys whose failures all expired are dropped, then the
// oldest ones.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tandem::standalone {

class LoginRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginRateLimiter(int maxFailures = 5,
                            std::chrono::seconds window = std::chrono::seconds(60),
                            std::size_t maxKeys = 100000)
      : maxFailures_(maxFailures), window_(window), maxKeys_(maxKeys) {}

  // Seconds until key may try again (>= 1), or 0 when it may try now.
  int retryAfter(const std::string& key, Clock::time_point now = Clock::now());
  void recordFailure(const std::string& key, Clock::time_point now = Clock::now());
  // A successful sign-in forgets the key's failures.
  void reset(const std::string& key);

 private:
  void expire(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

  const int maxFailures_;
  const std::chrono::seconds window_;
  const std::size_t maxKeys_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;  // guarded by mu_
};

}  // namespace tandem::standalone
