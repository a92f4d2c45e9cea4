// DirectorySyncControl: what the directory-sync routes need from the application — whether a
// directory is configured, the state of the sync running in this process, and starting one. The
// application's DirectorySyncScheduler implements it; the routes read the last recorded result
// from the store themselves (sync_state).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace tandem::http {

// A snapshot of the scheduler. Timestamps are ISO 8601 UTC ("" when not applicable).
struct DirectorySyncStatus {
  std::string source;           // "ldap"
  bool configured = false;      // the host gave the source's settings (and the connector exists)
  int64_t intervalSeconds = 0;  // 0: no automatic sync
  bool running = false;         // a sync started by this process is running (or about to)
  double fraction = 0.0;        // while running: progress in [0, 1]
  std::string message;          // while running: what it does now
  std::string nextRunAt;        // the next automatic sync, "" when none is scheduled
  // The last attempt of this process that failed, with when it failed ("" code when the last
  // attempt succeeded or there was none). Failures before the sync could record anything (bad
  // configuration, a run of another process holding the lock) are only known here.
  std::string lastErrorCode;
  std::string lastErrorMessage;
  std::string lastErrorAt;
};

// Thread-safety: implementations allow concurrent calls from request threads.
class DirectorySyncControl {
 public:
  virtual ~DirectorySyncControl() = default;
  virtual DirectorySyncStatus status() = 0;
  // Starts a sync (mode auto) in the background and returns at once. Errors: kFailedPrecondition
  // with detail "directory_not_configured" (no settings), "directory_config_invalid" (the
  // connector refuses them; the message says why) or "sync_running" (one runs already);
  // kUnavailable when the scheduler is stopped (the plugin is disabled).
  virtual core::Status startNow() = 0;
};

}  // namespace tandem::http
