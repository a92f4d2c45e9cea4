#include "scim/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace tandem::scim {
namespace {

// A bucket smaller than one request would refuse everything: it always holds at least one.
double effectiveBurst(double burst) { return std::max(burst, 1.0); }

}  // namespace

// mu_ guards rate_, burst_ and buckets_ (std::mutex carries no capability annotation, so they are
// not TDM_GUARDED_BY); clock_ is set once.
RateLimiter::RateLimiter(double ratePerSecond, double burst, Clock clock)
    : rate_(ratePerSecond), burst_(effectiveBurst(burst)), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

RateLimiter::Decision RateLimiter::take(const std::string& key) {
  const auto now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  if (!(rate_ > 0)) return {};
  auto [it, added] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!added) {
    const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
    if (elapsed > 0) {
      bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
      bucket.at = now;
    }
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  const double wait = std::ceil((1.0 - bucket.tokens) / rate_);
  Decision refused;
  refused.allowed = false;
  refused.retryAfterSeconds = wait >= static_cast<double>(std::numeric_limits<int>::max())
                                  ? std::numeric_limits<int>::max()
                                  : std::max(1, static_cast<int>(wait));
  return refused;
}

void RateLimiter::configure(double ratePerSecond, double burst) {
  std::lock_guard<std::mutex> lock(mu_);
  rate_ = ratePerSecond;
  burst_ = effectiveBurst(burst);
  for (auto& [key, bucket] : buckets_) bucket.tokens = std::min(bucket.tokens, burst_);
}

}  // namespace tandem::scim
