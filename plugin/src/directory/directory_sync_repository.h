// Port for what a directory sync needs from the store beyond EmployeeRepository and
// GroupRepository: directory identities (DNs, raw attributes), soft deactivation, LDAP groups, the
// run lock and the per-source sync state. Implemented in storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "directory/directory_source.h"

namespace tandem::directory {

// What the store knows of one directory-sourced employee, read once at the start of a run.
struct StoredIdentity {
  int64_t id = 0;
  std::string externalId;
  std::string dn;
  std::string managerDn;  // as last read from the directory (normalised)
  std::string managerExternalId;
  int64_t managerId = 0;  // 0: none
  bool active = true;
  // What the last sync wrote (directoryFingerprint of the entry); "" when unknown (rows written
  // before fingerprints existed, or changed since by something other than a sync).
  std::string fingerprint;
};

// A group of a source as stored, with its direct members and subgroups (ids, ascending).
struct StoredGroup {
  int64_t id = 0;
  std::string externalId;
  std::string name;
  std::string dn;
  std::string membersHash;  // groupMembersFingerprint of the member DNs last written
  std::vector<int64_t> memberIds;
  std::vector<int64_t> childGroupIds;
};

// The last run of a source (table sync_state). Timestamps are ISO 8601 UTC.
struct SyncState {
  std::string source;
  std::string mode;    // "full" | "incremental"
  std::string status;  // running | ok | failed
  std::string startedAt;
  std::string finishedAt;
  std::string lastSuccessAt;
  std::string summaryJson = "{}";
  // Incremental sync watermark (the source's opaque text: RFC 4533 cookie, USN, timestamp); only
  // written by a run that completed without holding deletions back, "" forces a full sync.
  std::string cookie;
};

// Thread-safety: an instance belongs to one StoreSession and is used by one thread at a time.
class DirectorySyncRepository {
 public:
  virtual ~DirectorySyncRepository() = default;

  // --- Run lock (table sync_locks), held across transactions; each call is its own statement.
  // Takes the lock `name` for `owner` when it is free or its heartbeat is older than
  // staleAfterSeconds. Returns nullopt when taken, otherwise the current holder.
  virtual core::Result<std::optional<std::string>> tryLock(const std::string& name,
                                                           const std::string& owner,
                                                           int staleAfterSeconds) = 0;
  // Replaces `holder` by `owner` (compare-and-swap: false when the holder changed meanwhile).
  virtual core::Result<bool> stealLock(const std::string& name, const std::string& holder,
                                       const std::string& owner) = 0;
  virtual core::Status heartbeat(const std::string& name, const std::string& owner) = 0;
  virtual core::Status unlock(const std::string& name, const std::string& owner) = 0;

  // --- Identities
  // Every employee whose source is `source`.
  virtual core::Result<std::vector<StoredIdentity>> identities(const std::string& source) = 0;
  // The identity of one employee of `source` by stable id; nullopt when there is none.
  virtual core::Result<std::optional<StoredIdentity>> identity(const std::string& source,
                                                               const std::string& externalId) = 0;
  // The identity of an employee by id (any source); nullopt when there is none.
  virtual core::Result<std::optional<StoredIdentity>> identityById(int64_t id) = 0;
  // The employee of `source` whose normalised DN is `dn`; nullopt when none (the first by id
  // when several share it).
  virtual core::Result<std::optional<StoredIdentity>> identityByDn(const std::string& source,
                                                                   const std::string& dn) = 0;
  // How many employees (active or not) `source` has.
  virtual core::Result<int64_t> countPeople(const std::string& source) = 0;
  // Records the directory DN, manager DN, raw attributes and fingerprint of an employee. Returns
  // true when the DN, manager DN or raw attributes changed. kNotFound for an unknown id.
  virtual core::Result<bool> setDirectoryFields(int64_t id, const std::string& dn,
                                                const std::string& managerDn,
                                                const std::string& rawJson,
                                                const std::string& fingerprint) = 0;
  // Stores a new directory person: entry.employee's attributes (source, manager_external_id and
  // manager_id included), DN, manager DN, raw attributes and fingerprint; sets entry.employee.id.
  // kAlreadyExists when the stable id or the login is taken by another row, kInvalidArgument
  // when a value breaks a constraint (e.g. level out of range).
  virtual core::Status insertPerson(DirectoryEntry& entry, const std::string& fingerprint) = 0;
  // Overwrites the attributes, DN, manager DN, raw attributes, active flag and fingerprint of the
  // employee entry.employee.id; keeps manager_external_id and manager_id (the join's). Errors as
  // insertPerson; kNotFound for an unknown id.
  virtual core::Status updatePerson(const DirectoryEntry& entry, const std::string& fingerprint) = 0;
  // Sets manager_external_id and manager_id (0: none) of an employee. kNotFound for an unknown id.
  virtual core::Status setManager(int64_t id, const std::string& managerExternalId,
                                  int64_t managerId) = 0;
  // Resolves manager_id from manager_external_id for the employees of every source but
  // `exceptSource` (whose managers the sync sets itself). Returns how many stay unresolved.
  virtual core::Result<int64_t> resolveOtherManagers(const std::string& exceptSource) = 0;
  // Soft-deletes: active = 0; rows and history stay. The people's open matches are closed
  // (reason "left the directory", actor "directory-sync") and their pending shortlist requests
  // withdrawn, in the caller's transaction. Returns how many people changed.
  virtual core::Result<int64_t> deactivate(const std::vector<int64_t>& ids) = 0;

  // --- Groups of a source, keyed by externalId. kAlreadyExists when another group (e.g. from an
  // import) already holds the name.
  virtual core::Result<int64_t> upsertGroup(const std::string& source,
                                            const std::string& externalId, const std::string& name,
                                            const std::string& dn) = 0;
  // Every group of a source, with direct members and subgroups when withMembers.
  virtual core::Result<std::vector<StoredGroup>> groups(const std::string& source,
                                                        bool withMembers = true) = 0;
  // Records the fingerprint of the member DNs a group was last written from.
  virtual core::Status setGroupMembersHash(int64_t groupId, const std::string& hash) = 0;
  // Replaces the direct members and the direct subgroups of a group.
  virtual core::Status replaceGroupMembers(int64_t groupId, const std::vector<int64_t>& employeeIds,
                                           const std::vector<int64_t>& childGroupIds) = 0;

  // --- State
  virtual core::Result<std::optional<SyncState>> loadState(const std::string& source) = 0;
  virtual core::Status saveState(const SyncState& state) = 0;
};

}  // namespace tandem::directory
