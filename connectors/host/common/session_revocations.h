// SessionRevocations remembers sessions ended by sign-out until they would have expired, so a
// copied cookie stops working at logout even though sessions are stateless signed cookies.
// Kept in memory: a restart forgets revocations (sessions then live until their expiry at most).
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "host/common/session.h"

namespace tandem::host {

class SessionRevocations {
 public:
  // Bound on remembered sessions; beyond it the ones closest to expiry are forgotten first.
  static constexpr std::size_t kMaxEntries = 100000;

  // Revokes session (identified by its CSRF token, unique per sign-in). now: Unix seconds.
  void revoke(const Session& session, int64_t now);
  bool isRevoked(const Session& session) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, int64_t> revoked_;  // csrf token -> expiresAt; guarded by mu_
};

}  // namespace tandem::host
