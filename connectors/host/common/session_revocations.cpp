#include "host/common/session_revocations.h"

#include <algorithm>

namespace tandem::host {

void SessionRevocations::revoke(const Session& session, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = revoked_.begin(); it != revoked_.end();) {
    it = it->second <= now ? revoked_.erase(it) : std::next(it);
  }
  if (revoked_.size() >= kMaxEntries) {
    const auto soonest =
        std::min_element(revoked_.begin(), revoked_.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    revoked_.erase(soonest);
  }
  revoked_[session.csrfToken] = session.expiresAt;
}

bool SessionRevocations::isRevoked(const Session& session) const {
  std::lock_guard<std::mutex> lock(mu_);
  return revoked_.count(session.csrfToken) != 0;
}

}  // namespace tandem::host
