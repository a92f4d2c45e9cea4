#include "login_rate_limiter.h"

namespace tandem::standalone {

void LoginRateLimiter::expire(std::deque<Clock::time_point>& failures,
                              Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= window_) failures.pop_front();
}

int LoginRateLimiter::retryAfter(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  expire(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(it->second.size()) < maxFailures_) return 0;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.front() + window_ - now);
  return wait.count() < 1 ? 1 : static_cast<int>(wait.count());
}

void LoginRateLimiter::recordFailure(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failures_.size() >= maxKeys_ && failures_.find(key) == failures_.end()) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      expire(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    // Still full: drop the key with the oldest latest failure.
    if (failures_.size() >= maxKeys_) {
      auto oldest = failures_.begin();
      for (auto it = failures_.begin(); it != failures_.end(); ++it) {
        if (it->second.back() < oldest->second.back()) oldest = it;
      }
      failures_.erase(oldest);
    }
  }
  auto& list = failures_[key];
  expire(list, now);
  list.push_back(now);
  while (static_cast<int>(list.size()) > maxFailures_) list.pop_front();
}

void LoginRateLimiter::reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(key);
}

}  // namespace tandem::standalone
