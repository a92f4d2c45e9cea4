#include <unordered_map>

#include "pairing/match.h"
#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using directory::StoredIdentity;
using directory::SyncState;

namespace {

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

#define TDM_IDENTITY_COLUMNS \
  "id, external_id, dn, manager_external_id, active, manager_dn, sync_hash, manager_id"
constexpr const char* kIdentityColumns = TDM_IDENTITY_COLUMNS;

StoredIdentity readIdentity(SQLite::Statement& q) {
  StoredIdentity s;
  s.id = q.getColumn(0).getInt64();
  s.externalId = q.getColumn(1).getString();
  s.dn = q.getColumn(2).getString();
  s.managerExternalId = q.getColumn(3).getString();
  s.active = q.getColumn(4).getInt() != 0;
  s.managerDn = q.getColumn(5).getString();
  s.fingerprint = q.getColumn(6).getString();
  s.managerId = q.getColumn(7).isNull() ? 0 : q.getColumn(7).getInt64();
  return s;
}

// Binds the person columns shared by insertPerson and updatePerson (positional, 1..21). The
// values are bound without a copy: `entry` and `languages` outlive the statement's execution.
void bindPerson(SQLite::Statement& q, const directory::DirectoryEntry& entry,
                const std::string& languages, const std::string& fingerprint) {
  const directory::Employee& e = entry.employee;
  q.bindNoCopy(1, e.source);
  q.bindNoCopy(2, e.externalId);
  q.bindNoCopy(3, e.userName);
  q.bindNoCopy(4, e.displayName);
  q.bindNoCopy(5, e.givenName);
  q.bindNoCopy(6, e.familyName);
  q.bindNoCopy(7, e.email);
  q.bindNoCopy(8, e.department);
  q.bindNoCopy(9, e.title);
  if (e.level) {
    q.bind(10, *e.level);
  } else {
    q.bind(10);
  }
  q.bindNoCopy(11, e.hireDate);
  q.bindNoCopy(12, e.hireDateConfidence);
  q.bindNoCopy(13, e.location);
  q.bindNoCopy(14, e.timeZone);
  q.bindNoCopy(15, e.locale);
  q.bindNoCopy(16, e.employeeType);
  q.bindNoCopy(17, languages);
  q.bind(18, e.active ? 1 : 0);
  q.bindNoCopy(19, entry.dn);
  q.bindNoCopy(20, entry.managerDn);
  q.bindNoCopy(21, fingerprint);
}

}  // namespace

SqliteDirectorySyncRepository::SqliteDirectorySyncRepository(SQLite::Database& db) : db_(db) {}

SqliteDirectorySyncRepository::~SqliteDirectorySyncRepository() = default;

void SqliteDirectorySyncRepository::releaseStatements() {
  insertPerson_.reset();
  updatePerson_.reset();
  setManager_.reset();
  identity_.reset();
  writeRaw_.reset();
  identityById_.reset();
  identityByDn_.reset();
}

SQLite::Statement& SqliteDirectorySyncRepository::cached(std::unique_ptr<SQLite::Statement>& slot,
                                                         const char* sql) {
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(db_, sql);
  } else {
    // tryReset: reset() would throw the previous execution's error (e.g. a refused insert) again.
    slot->tryReset();
  }
  return *slot;
}

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
    std::vector<StoredIdentity> out;
    SQLite::Statement count(db_, "SELECT count(*) FROM employees WHERE source = ?1");
    count.bind(1, source);
    if (count.executeStep()) out.reserve(static_cast<size_t>(count.getColumn(0).getInt64()));
    // "+source": a table scan in row order beats one index probe per row when most rows match.
    SQLite::Statement q(db_, std::string("SELECT ") + kIdentityColumns +
                                 " FROM employees WHERE +source = ?1");
    q.bind(1, source);
    while (q.executeStep()) out.push_back(readIdentity(q));
    return out;
  });
}

core::Result<std::optional<StoredIdentity>> SqliteDirectorySyncRepository::identity(
    const std::string& source, const std::string& externalId) {
  return guarded("read a directory identity", [&]() -> core::Result<std::optional<StoredIdentity>> {
    SQLite::Statement& q =
        cached(identity_,
               "SELECT " TDM_IDENTITY_COLUMNS " FROM employees WHERE external_id = ?2 AND source = ?1");
    q.bind(1, source);
    q.bind(2, externalId);
    std::optional<StoredIdentity> out;
    if (q.executeStep()) out = readIdentity(q);
    q.reset();
    return out;
  });
}

core::Result<std::optional<StoredIdentity>> SqliteDirectorySyncRepository::identityById(
    int64_t id) {
  return guarded("read a directory identity", [&]() -> core::Result<std::optional<StoredIdentity>> {
    SQLite::Statement& q =
        cached(identityById_, "SELECT " TDM_IDENTITY_COLUMNS " FROM employees WHERE id = ?1");
    q.bind(1, id);
    std::optional<StoredIdentity> out;
    if (q.executeStep()) out = readIdentity(q);
    q.reset();
    return out;
  });
}

core::Result<std::optional<StoredIdentity>> SqliteDirectorySyncRepository::identityByDn(
    const std::string& source, const std::string& dn) {
  return guarded("read a directory identity", [&]() -> core::Result<std::optional<StoredIdentity>> {
    if (dn.empty()) return std::optional<StoredIdentity>();
    SQLite::Statement& q = cached(identityByDn_,
                                  "SELECT " TDM_IDENTITY_COLUMNS " FROM employees "
                                  "WHERE dn = ?2 AND dn <> '' AND source = ?1 ORDER BY id LIMIT 1");
    q.bind(1, source);
    q.bind(2, dn);
    std::optional<StoredIdentity> out;
    if (q.executeStep()) out = readIdentity(q);
    q.reset();
    return out;
  });
}

core::Result<int64_t> SqliteDirectorySyncRepository::countPeople(const std::string& source) {
  return guarded("count directory people", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_, "SELECT count(*) FROM employees WHERE source = ?1");
    q.bind(1, source);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Result<bool> SqliteDirectorySyncRepository::setDirectoryFields(
    int64_t id, const std::string& dn, const std::string& managerDn, const std::string& rawJson,
    const std::string& fingerprint) {
  return guarded("store directory fields", [&]() -> core::Result<bool> {
    SQLite::Statement q(db_,
                        "UPDATE employees SET dn = ?2, manager_dn = ?3, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 AND "
                        "(dn IS NOT ?2 OR manager_dn IS NOT ?3)");
    q.bind(1, id);
    q.bind(2, dn);
    q.bind(3, managerDn);
    bool changed = q.exec() > 0;
    SQLite::Statement raw(db_,
                          "INSERT INTO employee_raw (employee_id, raw) VALUES (?1, ?2) "
                          "ON CONFLICT(employee_id) DO UPDATE SET raw = excluded.raw "
                          "WHERE raw IS NOT excluded.raw");
    raw.bind(1, id);
    raw.bind(2, rawJson);
    changed = raw.exec() > 0 || changed;
    SQLite::Statement hash(db_, "UPDATE employees SET sync_hash = ?2 WHERE id = ?1");
    hash.bind(1, id);
    hash.bind(2, fingerprint);
    if (hash.exec() == 0) return core::notFound("no employee with id " + std::to_string(id));
    return changed;
  });
}

core::Status SqliteDirectorySyncRepository::insertPerson(directory::DirectoryEntry& entry,
                                                         const std::string& fingerprint) {
  return guarded("store person", [&]() -> core::Status {
    SQLite::Statement& q = cached(
        insertPerson_,
        "INSERT INTO employees (source, external_id, user_name, display_name, given_name, "
        "family_name, email, department, title, level, hire_date, hire_date_confidence, "
        "location, time_zone, locale, employee_type, languages, active, dn, manager_dn, "
        "sync_hash, manager_external_id, manager_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)");
    const std::string languages = toJsonArray(entry.employee.languages);
    bindPerson(q, entry, languages, fingerprint);
    q.bindNoCopy(22, entry.employee.managerExternalId);
    if (entry.employee.managerId) {
      q.bind(23, *entry.employee.managerId);
    } else {
      q.bind(23);
    }
    q.exec();
    q.clearBindings();  // the bound values are the caller's
    entry.employee.id = db_.getLastInsertRowid();
    return writeRaw(entry.employee.id, entry.rawJson);
  });
}

core::Status SqliteDirectorySyncRepository::updatePerson(const directory::DirectoryEntry& entry,
                                                         const std::string& fingerprint) {
  return guarded("store person", [&]() -> core::Status {
    SQLite::Statement& q = cached(
        updatePerson_,
        "UPDATE employees SET source = ?1, external_id = ?2, user_name = ?3, display_name = ?4, "
        "given_name = ?5, family_name = ?6, email = ?7, department = ?8, title = ?9, "
        "level = ?10, hire_date = ?11, hire_date_confidence = ?12, location = ?13, "
        "time_zone = ?14, locale = ?15, employee_type = ?16, languages = ?17, active = ?18, "
        "dn = ?19, manager_dn = ?20, sync_hash = ?21, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?22");
    const std::string languages = toJsonArray(entry.employee.languages);
    bindPerson(q, entry, languages, fingerprint);
    q.bind(22, entry.employee.id);
    const int changed = q.exec();
    q.clearBindings();  // the bound values are the caller's
    if (changed == 0) {
      return core::notFound("no employee with id " + std::to_string(entry.employee.id));
    }
    return writeRaw(entry.employee.id, entry.rawJson);
  });
}

core::Status SqliteDirectorySyncRepository::writeRaw(int64_t id, const std::string& rawJson) {
  SQLite::Statement& q = cached(writeRaw_,
                                "INSERT INTO employee_raw (employee_id, raw) VALUES (?1, ?2) "
                                "ON CONFLICT(employee_id) DO UPDATE SET raw = excluded.raw");
  q.bind(1, id);
  q.bindNoCopy(2, rawJson);
  q.exec();
  q.clearBindings();
  return core::Status::ok();
}

core::Status SqliteDirectorySyncRepository::setManager(int64_t id,
                                                       const std::string& managerExternalId,
                                                       int64_t managerId) {
  return guarded("store manager", [&]() -> core::Status {
    SQLite::Statement& q =
        cached(setManager_,
               "UPDATE employees SET manager_external_id = ?2, manager_id = ?3, "
               "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, managerExternalId);
    if (managerId > 0) {
      q.bind(3, managerId);
    } else {
      q.bind(3);
    }
    if (q.exec() == 0) return core::notFound("no employee with id " + std::to_string(id));
    return core::Status::ok();
  });
}

core::Result<int64_t> SqliteDirectorySyncRepository::resolveOtherManagers(
    const std::string& exceptSource) {
  return guarded("resolve managers", [&]() -> core::Result<int64_t> {
    SQLite::Statement update(
        db_,
        "UPDATE employees SET manager_id = (SELECT m.id FROM employees m WHERE "
        "m.external_id = employees.manager_external_id AND m.id <> employees.id) "
        "WHERE source <> ?1 AND manager_id IS NOT (SELECT m.id FROM employees m WHERE "
        "m.external_id = employees.manager_external_id AND m.id <> employees.id)");
    update.bind(1, exceptSource);
    update.exec();
    SQLite::Statement q(db_,
                        "SELECT count(*) FROM employees WHERE source <> ?1 AND "
                        "manager_external_id <> '' AND manager_id IS NULL");
    q.bind(1, exceptSource);
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Result<int64_t> SqliteDirectorySyncRepository::deactivate(const std::vector<int64_t>& ids) {
  return guarded("deactivate employees", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_,
                        "UPDATE employees SET active = 0, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                        "WHERE id = ?1 AND active = 1");
    // People who left end their open matches in the same transaction (reason "left the
    // directory", history kept), so a departed mentor holds no capacity and a departed mentee no
    // place.
    OpenMatchCloser matches(db_, std::string(pairing::kLeftDirectoryReason),
                                      kDirectorySyncActor);
    int64_t changed = 0;
    for (int64_t id : ids) {
      matches.close(id);  // before the update, so the events name the sync as the actor
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
                            "WHERE name = ?2 AND source IN ('import', 'demo') RETURNING id");
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

core::Result<std::vector<directory::StoredGroup>> SqliteDirectorySyncRepository::groups(
    const std::string& source, bool withMembers) {
  return guarded("read directory groups",
                 [&]() -> core::Result<std::vector<directory::StoredGroup>> {
    std::vector<directory::StoredGroup> out;
    std::unordered_map<int64_t, size_t> byId;
    SQLite::Statement q(db_,
                        "SELECT id, coalesce(external_id, ''), name, dn, members_hash FROM groups "
                        "WHERE source = ?1 ORDER BY id");
    q.bind(1, source);
    while (q.executeStep()) {
      directory::StoredGroup g;
      g.id = q.getColumn(0).getInt64();
      g.externalId = q.getColumn(1).getString();
      g.name = q.getColumn(2).getString();
      g.dn = q.getColumn(3).getString();
      g.membersHash = q.getColumn(4).getString();
      byId.emplace(g.id, out.size());
      out.push_back(std::move(g));
    }
    if (!withMembers) return out;
    SQLite::Statement members(db_,
                              "SELECT m.group_id, m.employee_id FROM group_members m "
                              "JOIN groups g ON g.id = m.group_id WHERE g.source = ?1 "
                              "ORDER BY m.group_id, m.employee_id");
    members.bind(1, source);
    while (members.executeStep()) {
      const auto it = byId.find(members.getColumn(0).getInt64());
      if (it != byId.end()) out[it->second].memberIds.push_back(members.getColumn(1).getInt64());
    }
    SQLite::Statement children(db_,
                               "SELECT s.group_id, s.child_group_id FROM group_subgroups s "
                               "JOIN groups g ON g.id = s.group_id WHERE g.source = ?1 "
                               "ORDER BY s.group_id, s.child_group_id");
    children.bind(1, source);
    while (children.executeStep()) {
      const auto it = byId.find(children.getColumn(0).getInt64());
      if (it != byId.end()) {
        out[it->second].childGroupIds.push_back(children.getColumn(1).getInt64());
      }
    }
    return out;
  });
}

core::Status SqliteDirectorySyncRepository::setGroupMembersHash(int64_t groupId,
                                                                const std::string& hash) {
  return guarded("store group members", [&]() -> core::Status {
    SQLite::Statement q(db_, "UPDATE groups SET members_hash = ?2 WHERE id = ?1");
    q.bind(1, groupId);
    q.bind(2, hash);
    if (q.exec() == 0) return core::notFound("no group with id " + std::to_string(groupId));
    return core::Status::ok();
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
