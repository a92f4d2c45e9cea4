#include "reconnect.h"

#include <algorithm>

namespace tandem::ldap {

std::optional<std::chrono::milliseconds> ReconnectBackoff::next() {
  if (used_ >= settings_.attempts) return std::nullopt;
  const int64_t left = std::max<int64_t>(0, int64_t{settings_.maxTotalMs} - waitedMs_);
  if (left == 0 && waitedMs_ > 0) return std::nullopt;  // the time budget is spent
  int64_t delay = std::max(0, settings_.initialDelayMs);
  for (int i = 0; i < step_ && delay < settings_.maxDelayMs; ++i) delay *= 2;
  delay = std::min<int64_t>({delay, std::max(0, settings_.maxDelayMs), left});
  ++used_;
  ++step_;
  waitedMs_ += delay;
  return std::chrono::milliseconds(delay);
}

bool worthReconnect(const core::Status& failure) {
  return failure.code() == core::StatusCode::kUnavailable ||
         failure.code() == core::StatusCode::kDeadlineExceeded;
}

core::Status runWithReconnect(const std::string& what, ReconnectBackoff& backoff,
                              const ReconnectHooks& hooks) {
  const auto lost = [&](const core::Status& s) {
    return hooks.lost ? hooks.lost(s) : worthReconnect(s);
  };
  core::Status result = hooks.attempt();
  while (!result.isOk() && lost(result)) {
    const core::Status loss = result;
    core::Status lastTry = core::Status::ok();
    int tries = 0;
    bool connected = false;
    while (!connected) {
      const auto delay = backoff.next();
      if (!delay) {
        const int used = backoff.used();
        std::string message = loss.message() + "; gave up after " + std::to_string(used) +
                              " reconnect attempt" + (used == 1 ? "" : "s") + " in this scan";
        if (!lastTry.isOk()) message += " (last: " + lastTry.message() + ")";
        return {loss.code(), message};
      }
      ++tries;
      if (hooks.waiting && !hooks.waiting("the connection was lost during " + what +
                                          "; reconnecting in " + std::to_string(delay->count()) +
                                          " ms (attempt " + std::to_string(backoff.used()) + ")")) {
        return hooks.cancelled ? hooks.cancelled()
                               : core::failedPrecondition("cancelled").withDetail("cancelled");
      }
      if (hooks.sleep && delay->count() > 0) hooks.sleep(*delay);
      lastTry = hooks.reconnect();
      if (lastTry.isOk()) {
        connected = true;
      } else if (!worthReconnect(lastTry)) {
        return lastTry;  // e.g. the bind is refused now: never retried
      }
    }
    backoff.reconnected();
    if (hooks.resumed) {
      hooks.resumed("the connection was lost during " + what + " (" + loss.message() +
                    "); reconnected after " + std::to_string(tries) + " attempt" +
                    (tries == 1 ? "" : "s") + " and restarted it from the beginning; entries " +
                    "already read were not delivered twice");
    }
    result = hooks.attempt();
  }
  return result;
}

}  // namespace tandem::ldap
