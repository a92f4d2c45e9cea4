#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using directory::StoredIdentity;
using directory::SyncState;

namespace {
constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}  // namespace

core::Result<std::optional<std::string>> SqliteDirectorySyncRepository::tryLock(
    const std::string& name, const std::string& owner, int staleAfterSeconds) {
  return guarded("take the sync lock", [&]() -> core::Result<std::optional<std::string>> {
    // One statement, so taking a free or stale lock is atomic across processes.
    SQLite::Statement take(
        db_, std::string("INSERT INTO sync_locks (name, owner) VALUES (?1, ?2) "
                         "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, acquired_at = ") +
                 kNow + ", heartbeat_at = " + kNow +
                 " WHERE (julianday('now') - julianday(sync_locks.heartbeat_at)) * 86400.0 > ?3");
    take.bind(1, name);
    take.bind(2, owner);
    take.bind(3, staleAfterSeconds);
    if (take.exec() == 1) return std::optional<std::string>();
    SQLite::Statement holder(db_, "SELECT owner FROM sync_locks WHERE name = ?1");
    holder.bind(1, name);
    if (!holder.executeStep()) return std::optional<std::string>(std::string("unknown"));
    return std::optional<std::string>(holder.getColumn(0).getString());
  });
}

core::Result<bool> SqliteDirectorySyncRepository::stealLock(const std::string& name,
                                                            const std::string& holder,
                                                            const std::string& owner) {
  return guarded("take over the sync lock", [&]() -> core::Result<bool> {
    SQLite::Statement q(db_, std::string("UPDATE sync_locks SET owner = ?3, acquired_at = ") +
                                 kNow + ", heartbeat_at = " + kNow +
                                 " WHERE name = ?1 AND owner = ?2");
    q.bind(1, name);
    q.bind(2, holder);
    q.bind(3, owner);
    return q.exec() == 1;
  });
}

core::Status SqliteDirectorySyncRepository::heartbeat(const std::string& name,
                                                      const std::string& owner) {
  return guarded("refresh the sync lock", [&]() -> core::Status {
    SQLite::Statement q(db_, std::string("UPDATE sync_locks SET heartbeat_at = ") + kNow +
                                 " WHERE name = ?1 AND owner = ?2");
    q.bind(1, name);
    q.bind(2, owner);
    if (q.exec() == 0) {
      return core::failedPrecondition("the sync lock " + name + " was taken over by another run")
          .withDetail("sync_running");
    }
    return core::Status::ok();
  });
}

core::Status SqliteDirectorySyncRepository::unlock(const std::string& name,
                                                   const std::string& owner) {
  return guarded("release the sync lock", [&]() -> core::Status {
    SQLite::Statement q(db_, "DELETE FROM sync_locks WHERE name = ?1 AND owner = ?2");
    q.bind(1, name);
    q.bind(2, owner);
    q.exec();
    return core::Status::ok();
  });
}

core::Result<std::vector<StoredIdentity>> SqliteDirectorySyncRepository::identities(
    const std::string& source) {
  return guarded("read directory identities", [&]() -> core::Result<std::vector<StoredIdentity>> {
    SQLite::Statement q(db_,
                        "SELECT id, external_id, dn, manager_external_id, active, manager_dn "
                        "FROM employees "
                        "WHERE source = ?1");
    q.bind(1, source);
    std::vector<StoredIdentity> out;
    while (q.executeStep()) {
      StoredIdentity s;
      s.id = q.getColumn(0).getInt64();
      s.externalId = q.getColumn(1).getString();
      s.dn = q.getColumn(2).getString();
      s.managerExternalId = q.getColumn(3).getString();
      s.active = q.getColumn(4).getInt() != 0;
      s.managerDn = q.getColumn(5).getString();
      out.push_back(std::move(s));
    }
    return out;
  });
}

core::Result<bool> SqliteDirectorySyncRepository::setDirectoryFields(int64_t id,
                                                                     const std::string& dn,
                                                                     const std::string& managerDn,
                                                                     const std::string& rawJson) {
  return guarded("store directory fields", [&]() -> core::Result<bool> {
    SQLite::Statement q(db_,
                        "UPDATE employees SET dn = ?2, manager_dn = ?3, raw = ?4, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 AND "
                        "(dn IS NOT ?2 OR manager_dn IS NOT ?3 OR raw IS NOT ?4)");
    q.bind(1, id);
    q.bind(2, dn);
    q.bind(3, managerDn);
    q.bind(4, rawJson);
    return q.exec() > 0;
  });
}

core::Status SqliteDirectorySyncRepository::setManagerExternalId(
    int64_t id, const std::string& managerExternalId) {
  return guarded("store manager", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE employees SET manager_external_id = ?2, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, managerExternalId);
    if (q.exec() == 0) return core::notFound("no employee with id " + std::to_string(id));
    return core::Status::ok();
  });
}

core::Result<int64_t> SqliteDirectorySyncRepository::deactivate(const std::vector<int64_t>& ids) {
  return guarded("deactivate employees", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_,
                        "UPDATE employees SET active = 0, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                        "WHERE id = ?1 AND active = 1");
    int64_t changed = 0;
    for (int64_t id : ids) {
      q.bind(1, id);
      changed += q.exec();
      q.reset();
    }
    return changed;
  });
}

core::Result<int64_t> SqliteDirectorySyncRepository::upsertGroup(const std::string& source,
                                                                 const std::string& externalId,
                                                                 const std::string& name,
                                                                 const std::string& dn) {
  return guarded("store group " + name, [&]() -> core::Result<int64_t> {
    SQLite::Statement byId(db_, "SELECT id FROM groups WHERE external_id = ?1");
    byId.bind(1, externalId);
    if (byId.executeStep()) {
      const int64_t id = byId.getColumn(0).getInt64();
      SQLite::Statement update(db_,
                               "UPDATE groups SET name = ?2, dn = ?3, source = ?4 WHERE id = ?1 "
                               "AND (name IS NOT ?2 OR dn IS NOT ?3 OR source IS NOT ?4)");
      update.bind(1, id);
      update.bind(2, name);
      update.bind(3, dn);
      update.bind(4, source);
      update.exec();
      return id;
    }
    // A group of the same name without a directory identity (import, demo) is adopted.
    SQLite::Statement adopt(db_,
                            "UPDATE groups SET external_id = ?1, source = ?3, dn = ?4 "
                            "WHERE name = ?2 AND external_id IS NULL RETURNING id");
    adopt.bind(1, externalId);
    adopt.bind(2, name);
    adopt.bind(3, source);
    adopt.bind(4, dn);
    if (adopt.executeStep()) return adopt.getColumn(0).getInt64();
    SQLite::Statement insert(db_,
                             "INSERT INTO groups (source, external_id, name, dn) "
                             "VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, source);
    insert.bind(2, externalId);
    insert.bind(3, name);
    insert.bind(4, dn);
    insert.exec();
    return db_.getLastInsertRowid();
  });
}

core::Status SqliteDirectorySyncRepository::replaceGroupMembers(
    int64_t groupId, const std::vector<int64_t>& employeeIds,
    const std::vector<int64_t>& childGroupIds) {
  return guarded("store group members", [&]() -> core::Status {
    SQLite::Statement clearMembers(db_, "DELETE FROM group_members WHERE group_id = ?1");
    clearMembers.bind(1, groupId);
    clearMembers.exec();
    SQLite::Statement clearChildren(db_, "DELETE FROM group_subgroups WHERE group_id = ?1");
    clearChildren.bind(1, groupId);
    clearChildren.exec();
    SQLite::Statement member(
        db_, "INSERT OR IGNORE INTO group_members (group_id, employee_id) VALUES (?1, ?2)");
    for (int64_t id : employeeIds) {
      member.bind(1, groupId);
      member.bind(2, id);
      member.exec();
      member.reset();
    }
    SQLite::Statement child(
        db_, "INSERT OR IGNORE INTO group_subgroups (group_id, child_group_id) VALUES (?1, ?2)");
    for (int64_t id : childGroupIds) {
      child.bind(1, groupId);
      child.bind(2, id);
      child.exec();
      child.reset();
    }
    return core::Status::ok();
  });
}

core::Result<std::optional<SyncState>> SqliteDirectorySyncRepository::loadState(
    const std::string& source) {
  return guarded("read sync state", [&]() -> core::Result<std::optional<SyncState>> {
    SQLite::Statement q(db_,
                        "SELECT mode, status, started_at, finished_at, last_success_at, summary, "
                        "cookie FROM sync_state WHERE source = ?1");
    q.bind(1, source);
    if (!q.executeStep()) return std::optional<SyncState>();
    SyncState s;
    s.source = source;
    s.mode = q.getColumn(0).getString();
    s.status = q.getColumn(1).getString();
    s.startedAt = q.getColumn(2).getString();
    s.finishedAt = q.getColumn(3).getString();
    s.lastSuccessAt = q.getColumn(4).getString();
    s.summaryJson = q.getColumn(5).getString();
    s.cookie = q.getColumn(6).getString();
    return std::optional<SyncState>(std::move(s));
  });
}

core::Status SqliteDirectorySyncRepository::saveState(const SyncState& state) {
  return guarded("store sync state", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "INSERT INTO sync_state (source, mode, status, started_at, finished_at, "
                        "last_success_at, summary, cookie) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                        "ON CONFLICT(source) DO UPDATE SET mode = excluded.mode, "
                        "status = excluded.status, started_at = excluded.started_at, "
                        "finished_at = excluded.finished_at, "
                        "last_success_at = excluded.last_success_at, summary = excluded.summary, "
                        "cookie = excluded.cookie, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
    q.bind(1, state.source);
    q.bind(2, state.mode);
    q.bind(3, state.status);
    q.bind(4, state.startedAt);
    q.bind(5, state.finishedAt);
    q.bind(6, state.lastSuccessAt);
    q.bind(7, state.summaryJson);
    q.bind(8, state.cookie);
    q.exec();
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
