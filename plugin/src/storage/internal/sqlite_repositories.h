// SQLite implementations of the repository ports. Each holds a borrowed connection owned by the
// session that created it; used by one thread at a time.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>

#include "storage/store.h"

namespace tandem::storage::internal {

// Reads columns 0-21 of a row selected as "e.id, e.source, e.external_id, e.user_name,
// e.display_name, e.given_name, e.family_name, e.email, e.department, e.title, e.level,
// e.hire_date, e.hire_date_confidence, e.location, e.time_zone, e.locale, e.employee_type,
// e.languages, e.manager_external_id, e.manager_id, e.active, e.updated_at".
directory::Employee readEmployeeColumns(SQLite::Statement& q);

class SqliteEmployeeRepository final : public directory::EmployeeRepository {
 public:
  explicit SqliteEmployeeRepository(SQLite::Database& db) : db_(db) {}
  core::Result<std::optional<directory::Employee>> findById(int64_t id) override;
  core::Result<std::optional<directory::Employee>> findByUserName(
      const std::string& userName) override;
  core::Result<std::optional<directory::Employee>> findByExternalId(
      const std::string& externalId) override;
  core::Result<directory::UpsertOutcome> upsert(directory::Employee& employee) override;
  core::Result<int64_t> resolveManagers() override;
  core::Result<directory::EmployeePage> search(const directory::EmployeeQuery& query) override;
  core::Result<std::vector<std::string>> departments() override;
  core::Result<int64_t> count() override;
  core::Status anonymize(int64_t id) override;

 private:
  core::Result<std::optional<directory::Employee>> findOne(
      const char* where, const std::function<void(SQLite::Statement&)>& bind);
  SQLite::Database& db_;
};

class SqliteGroupRepository final : public directory::GroupRepository {
 public:
  explicit SqliteGroupRepository(SQLite::Database& db) : db_(db) {}
  core::Result<int64_t> ensureGroup(const std::string& name, const std::string& source) override;
  core::Status setEmployeeGroups(int64_t employeeId, const std::vector<std::string>& names,
                                 const std::string& source) override;
  core::Result<std::vector<std::string>> groupsOf(int64_t employeeId) override;

 private:
  SQLite::Database& db_;
};

class SqliteDirectorySyncRepository final : public directory::DirectorySyncRepository {
 public:
  explicit SqliteDirectorySyncRepository(SQLite::Database& db);
  ~SqliteDirectorySyncRepository() override;
  SqliteDirectorySyncRepository(const SqliteDirectorySyncRepository&) = delete;
  SqliteDirectorySyncRepository& operator=(const SqliteDirectorySyncRepository&) = delete;
  core::Result<std::optional<std::string>> tryLock(const std::string& name,
                                                   const std::string& owner,
                                                   int staleAfterSeconds) override;
  core::Result<bool> stealLock(const std::string& name, const std::string& holder,
                               const std::string& owner) override;
  core::Status heartbeat(const std::string& name, const std::string& owner) override;
  core::Status unlock(const std::string& name, const std::string& owner) override;
  core::Result<std::vector<directory::StoredIdentity>> identities(
      const std::string& source) override;
  core::Result<std::optional<directory::StoredIdentity>> identity(
      const std::string& source, const std::string& externalId) override;
  core::Result<std::optional<directory::StoredIdentity>> identityById(int64_t id) override;
  core::Result<std::optional<directory::StoredIdentity>> identityByDn(
      const std::string& source, const std::string& dn) override;
  core::Result<int64_t> countPeople(const std::string& source) override;
  core::Result<bool> setDirectoryFields(int64_t id, const std::string& dn,
                                        const std::string& managerDn, const std::string& rawJson,
                                        const std::string& fingerprint) override;
  core::Status insertPerson(directory::DirectoryEntry& entry,
                            const std::string& fingerprint) override;
  core::Status updatePerson(const directory::DirectoryEntry& entry,
                            const std::string& fingerprint) override;
  core::Status setManager(int64_t id, const std::string& managerExternalId,
                          int64_t managerId) override;
  core::Result<int64_t> resolveOtherManagers(const std::string& exceptSource) override;
  core::Result<int64_t> deactivate(const std::vector<int64_t>& ids) override;
  core::Result<int64_t> upsertGroup(const std::string& source, const std::string& externalId,
                                    const std::string& name, const std::string& dn) override;
  core::Result<std::vector<directory::StoredGroup>> groups(const std::string& source,
                                                          bool withMembers = true) override;
  core::Status setGroupMembersHash(int64_t groupId, const std::string& hash) override;
  core::Status replaceGroupMembers(int64_t groupId, const std::vector<int64_t>& employeeIds,
                                   const std::vector<int64_t>& childGroupIds) override;
  core::Result<std::optional<directory::SyncState>> loadState(const std::string& source) override;
  core::Status saveState(const directory::SyncState& state) override;
  // Finalises the cached statements (before the connection is handed to another session).
  void releaseStatements();

 private:
  // Statements of the per-person hot path, prepared once per session and reset before each use.
  SQLite::Statement& cached(std::unique_ptr<SQLite::Statement>& slot, const char* sql);
  // Stores the raw attributes of an employee (table employee_raw); throws on failure.
  core::Status writeRaw(int64_t id, const std::string& rawJson);

  SQLite::Database& db_;
  std::unique_ptr<SQLite::Statement> insertPerson_;
  std::unique_ptr<SQLite::Statement> updatePerson_;
  std::unique_ptr<SQLite::Statement> setManager_;
  std::unique_ptr<SQLite::Statement> identity_;
  std::unique_ptr<SQLite::Statement> writeRaw_;
  std::unique_ptr<SQLite::Statement> identityById_;
  std::unique_ptr<SQLite::Statement> identityByDn_;
};

class SqliteSkillRepository final : public mentoring::SkillRepository {
 public:
  explicit SqliteSkillRepository(SQLite::Database& db) : db_(db) {}
  core::Result<std::vector<mentoring::Skill>> list(bool includeInactive) override;
  core::Result<std::optional<mentoring::Skill>> findById(int64_t id) override;
  core::Result<mentoring::Skill> create(mentoring::Skill skill) override;
  core::Status update(const mentoring::Skill& skill) override;

 private:
  SQLite::Database& db_;
};

class SqliteParticipantRepository final : public mentoring::ParticipantRepository {
 public:
  explicit SqliteParticipantRepository(SQLite::Database& db) : db_(db) {}
  core::Result<std::optional<mentoring::Participant>> find(int64_t employeeId) override;
  core::Status save(const mentoring::Participant& participant) override;
  core::Result<int64_t> countActive() override;
  core::Status remove(int64_t employeeId) override;

 private:
  SQLite::Database& db_;
};

class SqliteProgramRepository final : public mentoring::ProgramRepository {
 public:
  explicit SqliteProgramRepository(SQLite::Database& db) : db_(db) {}
  core::Result<std::vector<mentoring::Program>> list() override;
  core::Result<std::optional<mentoring::Program>> findById(int64_t id) override;
  core::Result<mentoring::Program> create(mentoring::Program program) override;
  core::Status update(const mentoring::Program& program) override;
  core::Status remove(int64_t id) override;

 private:
  SQLite::Database& db_;
};

class SqliteSettingsRepository final : public SettingsRepository {
 public:
  explicit SqliteSettingsRepository(SQLite::Database& db) : db_(db) {}
  core::Result<std::optional<std::string>> get(const std::string& key) override;
  core::Status set(const std::string& key, const std::string& value) override;

 private:
  SQLite::Database& db_;
};

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(SQLite::Database& db) : db_(db) {}
  core::Status append(const std::string& actor, const std::string& action,
                      const std::string& target, const std::string& detailsJson) override;
  core::Result<int64_t> count() override;
  core::Result<std::vector<std::string>> entriesAbout(const std::string& subject) override;
  core::Status pseudonymize(const std::string& subject, const std::string& pseudonym) override;

 private:
  SQLite::Database& db_;
};

}  // namespace tandem::storage::internal
