// SQLite implementations of the repository ports. Each holds a borrowed connection owned by the
// session that created it; used by one thread at a time.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>

#include "storage/store.h"

namespace tandem::storage::internal {

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
