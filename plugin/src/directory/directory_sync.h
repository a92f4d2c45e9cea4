// DirectorySync: applies a full or incremental scan of a DirectorySource to the store through the
// directory ports, in batched transactions, keyed by the server's stable id.
//
// A run: takes the source's run lock (no two runs overlap, across processes too), streams people
// into the store one transaction per batch, then, only when the scan COMPLETED, joins managers by
// normalised DN (dangling, self and cyclic references become NULL with a warning), writes groups
// and nested groups, and deactivates the people of this source the scan did not return — unless
// that would deactivate more than deletionGuardShare of them (then nobody, with the reason, unless
// force). Rows are never deleted. The outcome is recorded in sync_state.
//
// An incremental run applies only what changed since the stored watermark (identities looked up
// one by one). When the changes only touch attributes and managers of people already stored (no
// one added, moved or deleted, every group's member list as last written), it joins just the
// changed people's managers through the store, with the same cycle rule: its cost follows the
// changes, not the directory. Otherwise it rebuilds the same picture a full scan has (stored
// people overlaid with the changes, minus the people the server reported deleted or, after a
// present phase, did not list) and runs the SAME manager join, group writing and guarded
// deactivation on it. The watermark advances only when the run
// completed and held no deletion back (a tripped guard keeps the old one, so the deletions are
// reported again). Without a watermark, or when the source says it cannot be used, the run is
// full; a full run takes the watermark before its scan.
//
// Thread-safety: one call at a time per set of ports; the lock serialises runs between callers.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "directory/directory_source.h"
#include "directory/directory_sync_repository.h"
#include "directory/employee_repository.h"

namespace tandem::directory {

inline constexpr double kDefaultDeletionGuardShare = 0.10;
inline constexpr size_t kMaxListedWarnings = 200;

enum class SyncMode : uint8_t {
  kAuto,         // incremental when a watermark is stored, else full
  kFull,         // always full
  kIncremental,  // incremental; full when there is no usable watermark yet (the summary says so)
};

struct SyncOptions {
  SyncMode mode = SyncMode::kFull;
  bool force = false;  // deactivate even past the guard share
  double deletionGuardShare = kDefaultDeletionGuardShare;
  size_t peoplePerTransaction = 2500;  // people written per store transaction (at least 1)
  std::string lockOwner;       // unique per run, e.g. "pid@host#nonce"
  int lockStaleSeconds = 600;  // a lock whose heartbeat is older is taken over
  // True when the process holding the lock is known to be gone (killed): the lock is taken over.
  std::function<bool(const std::string& holder)> lockHolderGone;
};

// What a run did. JSON: {"source","mode","mechanism"?,"deletions"?,"status","added","updated","deactivated","unchanged",
// "warnings":[...],"duration_ms","people","groups","deactivation":{"performed","absent","reason"},
// "error"?}
struct SyncSummary {
  std::string source;
  std::string mode = "full";         // full | incremental (what actually ran)
  std::string mechanism;              // incremental only: syncrepl | usn | timestamp
  std::string deletions;  // incremental only: listed (delete phase) | present (present phase) | none
  std::string status = "ok";  // ok | failed
  int64_t added = 0;
  int64_t updated = 0;
  int64_t deactivated = 0;
  int64_t unchanged = 0;
  std::vector<std::string> warnings;  // at most kMaxListedWarnings, then one "... and N more"
  int64_t durationMs = 0;
  int64_t people = 0;  // entries read
  int64_t groups = 0;
  int64_t absent = 0;  // active people of the source missing from the scan
  bool deactivationPerformed = false;
  std::string deactivationReason;  // why nobody was deactivated, when so
  std::string error;               // the failure, for a failed run

  nlohmann::json toJson() const;
};

// Reports progress in [0, 1]; returns false to ask the run to stop.
using SyncProgressFn = std::function<bool(double fraction, const std::string& message)>;

// The ports a run writes through, all from one store session. `transaction` runs a function in one
// write transaction (StoreSession::transaction).
struct SyncPorts {
  EmployeeRepository& employees;
  GroupRepository& groups;
  DirectorySyncRepository& sync;
  std::function<core::Status(const std::function<core::Status()>&)> transaction;
};

// Options carrying the source's own settings (deletion guard share, people per transaction);
// the caller adds mode, force and the lock owner.
SyncOptions sourceOptions(const DirectorySource& source);

// Runs a full sync. Returns the summary of a completed scan (even when the guard kept everyone).
// Errors: kFailedPrecondition with detail "sync_running" when another run holds the lock; the
// source's error when the scan failed or was cut (then nobody is deactivated, managers and groups
// keep their last good state, and sync_state records the failure with the summary so far);
// store errors as returned by the ports.
core::Result<SyncSummary> runFullSync(DirectorySource& source, const SyncPorts& ports,
                                      const SyncOptions& options, const SyncProgressFn& progress);

// Runs a sync in options.mode (runFullSync is runSync with SyncMode::kFull). An incremental run
// reports "mode":"incremental" and counts as unchanged every person it did not change; errors as
// runFullSync. A watermark the source refuses (detail "full_sync_required") makes it a full run
// with a warning saying why.
core::Result<SyncSummary> runSync(DirectorySource& source, const SyncPorts& ports,
                                  const SyncOptions& options, const SyncProgressFn& progress);

// The fingerprint of what a sync writes for one entry (attributes with entry.employee.source set,
// DN, manager DN, raw attributes; not the manager join): equal fingerprints mean nothing to write.
std::string directoryFingerprint(const DirectoryEntry& entry);

// Helpers exposed for tests.
// Picks, for each entry, the manager to keep: `managerOf[i]` is the index of i's manager or -1.
// Breaks every cycle by clearing the manager of its member with the smallest key, and returns,
// per cleared entry, the cycle it broke (indices in walking order).
std::vector<std::vector<size_t>> breakManagerCycles(std::vector<int64_t>& managerOf,
                                                    const std::vector<std::string>& keys);

}  // namespace tandem::directory
