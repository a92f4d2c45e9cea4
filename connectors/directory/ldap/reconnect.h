// Reconnecting a scan whose LDAP connection was lost (design/DIRECTORY.md, "Connections": retry
// with backoff on server-down, timeout, busy, unavailable). No network here: the decisions
// (what is worth a reconnect, how long to wait, when to give up) are pure and unit-tested with
// fakes; ldap_directory_source.cpp plugs in the real search, connection and sleep.
//
// A paged-results cookie belongs to its connection, so an operation that lost its connection is
// run again FROM THE START on the new one; the caller keeps what it already delivered and skips
// it on the second pass.
//
// Thread-safety: ReconnectBackoff is a value type; runWithReconnect runs on the calling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/status.h"

namespace tandem::ldap {

// The reconnect budget of one scan (LdapConfig keys reconnect_attempts,
// reconnect_initial_delay_ms, reconnect_max_delay_ms, reconnect_max_total_ms).
struct ReconnectSettings {
  int attempts = 5;          // reconnect attempts per scan in total; 0: never reconnect
  int initialDelayMs = 500;  // wait before the first attempt of an outage; doubles each time
  int maxDelayMs = 8000;     // longest single wait
  int maxTotalMs = 60000;    // all waits of a scan together
};

// The waits between reconnect attempts: initialDelay, 2x, 4x ... capped at maxDelay, at most
// `attempts` of them per scan and never more than maxTotal milliseconds in all (the last wait is
// shortened to what is left of it).
class ReconnectBackoff {
 public:
  explicit ReconnectBackoff(const ReconnectSettings& settings) : settings_(settings) {}
  // The wait before the next attempt, or nullopt when the budget is spent. Counts the attempt.
  std::optional<std::chrono::milliseconds> next();
  // A reconnect succeeded: the next outage starts again at initialDelay (the budget is not
  // refilled, so a flapping server cannot keep a scan alive forever).
  void reconnected() { step_ = 0; }
  int used() const { return used_; }
  int64_t waitedMs() const { return waitedMs_; }

 private:
  ReconnectSettings settings_;
  int used_ = 0;
  int step_ = 0;
  int64_t waitedMs_ = 0;
};

// Whether an LDAP failure means the connection is gone or stuck (kUnavailable: server down,
// connect error, busy, unavailable; kDeadlineExceeded: a timeout) and a new connection may help.
// Wrong credentials (kUnauthenticated), configuration (kInvalidArgument), access
// (kPermissionDenied), limits (kResourceExhausted), cancellation and full_sync_required
// (kFailedPrecondition) are never worth one.
bool worthReconnect(const core::Status& failure);

// The hooks of runWithReconnect.
struct ReconnectHooks {
  // Runs the operation from its start on the current connection.
  std::function<core::Status()> attempt;
  // True when attempt's failure came from the connection (not from the caller's sink) and a new
  // connection may help. Default: worthReconnect.
  std::function<bool(const core::Status&)> lost;
  // Opens a new connection and makes it current; its failure is worth another attempt when
  // worthReconnect says so, otherwise it ends the run (e.g. the bind is now refused).
  std::function<core::Status()> reconnect;
  // Before each wait: a progress note ("reconnecting in 1000 ms ..."); false cancels the run
  // (runWithReconnect then returns `cancelled`'s result). May be empty.
  std::function<bool(const std::string& note)> waiting;
  std::function<core::Status()> cancelled;
  // After a successful reconnect, before the operation runs again: a warning for the summary.
  std::function<void(const std::string& warning)> resumed;
  // Waits (a real sleep; a recorder in tests).
  std::function<void(std::chrono::milliseconds)> sleep;
};

// Runs hooks.attempt(); while it fails with a lost connection and the backoff allows, waits,
// reconnects and runs it again. `what` names the operation in messages ("the people search").
// Returns ok, the first failure that is not a lost connection, or - when the budget is spent -
// the lost connection's Status (same code) with "; gave up after N reconnect attempts in this
// scan (last: ...)" appended.
core::Status runWithReconnect(const std::string& what, ReconnectBackoff& backoff,
                              const ReconnectHooks& hooks);

}  // namespace tandem::ldap
