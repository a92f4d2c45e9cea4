// Per-caller request rate limit for the SCIM service provider: a token bucket per key (the
// token's name), refilled at `ratePerSecond` up to `burst`. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tandem::scim {

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  struct Decision {
    bool allowed = true;
    int retryAfterSeconds = 0;  // when refused: whole seconds until one request fits (>= 1)
  };

  // ratePerSecond <= 0 disables the limit. `clock` defaults to steady_clock::now.
  RateLimiter(double ratePerSecond, double burst, Clock clock = {});
  // Takes one request from `key`'s bucket.
  Decision take(const std::string& key);
  // Changes the rate and burst (buckets keep their level, capped at the new burst).
  void configure(double ratePerSecond, double burst);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mu_;
  double rate_;
  double burst_;
  Clock clock_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tandem::scim
