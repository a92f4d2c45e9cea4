// Port through which a directory connector (LDAP today) delivers a scan of the directory to the
// core. The connector implements DirectorySource; the core (DirectorySync) implements
// DirectorySink. Neither side sees the other's third-party headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "directory/employee.h"

namespace tandem::directory {

// One person as read from the directory. `employee` carries the mapped attributes with
// externalId = the server's stable id (entryUUID, objectGUID as GUID text, ipaUniqueID) and
// managerExternalId left empty; the manager is given by DN in managerDn.
struct DirectoryEntry {
  std::string dn;         // normalised (RFC 4514, case-folded): see the connector's normalizeDn
  std::string managerDn;  // normalised, empty when none
  Employee employee;
  std::string rawJson;  // the raw attribute values, {"attr": ["v", ...]}, for remapping later
};

// One group. Members are normalised DNs of people or of other groups (nesting).
struct DirectoryGroup {
  std::string dn;  // normalised
  std::string externalId;
  std::string name;
  std::vector<std::string> memberDns;
};

// Receives a scan. Batches arrive in server order; people come before groups.
// Thread-safety: called from the thread that runs DirectorySource::fullScan.
class DirectorySink {
 public:
  virtual ~DirectorySink() = default;
  // A batch of people (at most a page). A non-ok Status stops the scan and becomes its result.
  virtual core::Status onPeople(std::vector<DirectoryEntry>& batch) = 0;
  virtual core::Status onGroups(std::vector<DirectoryGroup>& batch) = 0;
  // Progress: `done` entries read so far, `estimate` the expected total or 0 when unknown.
  // Returns false to ask the source to stop (the scan then ends with a cancelled status).
  virtual bool progress(int64_t done, int64_t estimate, const std::string& message) = 0;
  // An entry the source skipped or could only partly map (e.g. no stable id, a bad level).
  virtual void warning(const std::string& message) = 0;
};

// What a completed scan reports besides the entries.
struct ScanInfo {
  std::string server;  // the URI that answered
  int64_t people = 0;
  int64_t groups = 0;
};

// Receives an incremental scan: changed people through onPeople (as in a full scan), and what the
// server says about the others. Thread-safety: as DirectorySink.
class DirectoryChangeSink : public DirectorySink {
 public:
  // Stable ids of people the server reports as deleted (RFC 4533 delete phase). Ids of entries
  // that are not people (or unknown) are ignored by the receiver.
  virtual core::Status onDeleted(const std::vector<std::string>& externalIds) = 0;
  // Stable ids of unchanged people still present (RFC 4533 present phase). Only meaningful when
  // the completed scan reports IncrementalInfo::presentPhase.
  virtual core::Status onPresent(const std::vector<std::string>& externalIds) = 0;
};

// How an incremental scan reported deletions.
enum class DeletionReport : uint8_t {
  kNone,     // no deletes in this mode (modifyTimestamp, uSNChanged): a full scan finds them
  kListed,   // deleted people were listed (onDeleted); everyone else is still present
  kPresent,  // everyone still present was listed (onPeople + onPresent); the rest left
};

// What a completed incremental scan reports.
struct IncrementalInfo {
  std::string server;     // the URI that answered
  std::string mechanism;  // "syncrepl" | "usn" | "timestamp"
  std::string watermark;  // to store once the run completed; the next scan starts from it
  DeletionReport deletions = DeletionReport::kNone;
  int64_t people = 0;  // changed entries read
  int64_t groups = 0;
};

// A directory that can be read in full. Thread-safety: one scan at a time per instance.
class DirectorySource {
 public:
  virtual ~DirectorySource() = default;
  // "ldap" (the value of Employee::source for what it delivers).
  virtual std::string sourceName() const = 0;
  // Reads every person and group and streams them to the sink. Returns ok only when the scan
  // COMPLETED (every page read, result code 0); the sync only deactivates after such a scan.
  // Errors: kUnavailable (server down, timeouts, TLS), kUnauthenticated (bind refused),
  // kInvalidArgument (bad configuration), kFailedPrecondition with detail "cancelled", or the
  // sink's own error. The message names the LDAP error.
  virtual core::Result<ScanInfo> fullScan(DirectorySink& sink) = 0;
  // Settings the sync needs from the source's configuration.
  virtual double deletionGuardShare() const = 0;
  // People written per store transaction (larger: faster, more memory held per batch).
  virtual size_t peoplePerTransaction() const { return 2500; }

  // The watermark of the directory as it is now, taken BEFORE a full scan so that the next
  // incremental scan re-reads whatever changes during it. "" when the source offers no incremental
  // mechanism (then every run is full). Errors as fullScan.
  virtual core::Result<std::string> currentWatermark() { return std::string(); }
  // Streams what changed since `watermark` (as returned by currentWatermark or a previous
  // incremental scan) to the sink, then every group (groups are few and re-read in full). Returns
  // ok only when the scan COMPLETED. Errors: kFailedPrecondition with detail
  // "full_sync_required" when the watermark cannot be used (unreadable, another server or
  // configuration, the server lost its history): the caller then runs a full sync; otherwise
  // as fullScan.
  virtual core::Result<IncrementalInfo> incrementalScan(const std::string& watermark,
                                                        DirectoryChangeSink& sink) {
    static_cast<void>(watermark);
    static_cast<void>(sink);
    return core::failedPrecondition(sourceName() + " has no incremental sync")
        .withDetail("full_sync_required");
  }
};

// Creates a source from its JSON configuration (job arguments). kInvalidArgument for a bad
// configuration (the message names the key). Provided by the composition root (abi/).
using DirectorySourceFactory =
    std::function<core::Result<std::unique_ptr<DirectorySource>>(const nlohmann::json& config)>;

}  // namespace tandem::directory
