// SQLite implementations of the repository ports. Each holds a borrowed connection owned by the
// session that created it; used by one thread at a time.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

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

class SqlitePairingRepository final : public pairing::PairingRepository {
 public:
  explicit SqlitePairingRepository(SQLite::Database& db) : db_(db) {}
  core::Result<pairing::MatchRun> createRun(pairing::MatchRun run) override;
  core::Result<std::optional<pairing::MatchRun>> findRun(int64_t runId) override;
  core::Result<std::vector<pairing::MatchRun>> listRuns(int64_t programId) override;
  core::Status setRunStatus(int64_t runId, pairing::RunStatus to,
                            const std::string& actor) override;
  core::Result<std::vector<pairing::Match>> insertMatches(int64_t runId,
                                                          std::vector<pairing::Match> matches,
                                                          const std::string& actor) override;
  core::Result<std::optional<pairing::Match>> findMatch(int64_t matchId) override;
  core::Result<std::vector<pairing::Match>> listMatches(
      int64_t programId, std::optional<pairing::MatchStatus> status) override;
  core::Result<std::vector<pairing::Match>> runMatches(int64_t runId) override;
  core::Result<std::vector<pairing::Match>> matchesOf(int64_t employeeId) override;
  core::Result<std::vector<pairing::MatchEvent>> events(int64_t matchId) override;
  core::Result<pairing::Match> transition(int64_t matchId, pairing::MatchStatus expectedFrom,
                                          pairing::MatchStatus to, const std::string& actor,
                                          const std::string& reason) override;
  core::Result<pairing::Match> respond(int64_t matchId, int64_t employeeId, bool accept,
                                       const std::string& reason, int mentorCapacity,
                                       const std::string& actor) override;
  core::Result<int> closeOpenMatchesOf(int64_t employeeId, const std::string& reason,
                                       const std::string& actor) override;
  core::Status addPin(const pairing::Pin& pin) override;
  core::Status removePin(int64_t programId, int64_t mentorId, int64_t menteeId) override;
  core::Result<std::vector<pairing::Pin>> listPins(int64_t programId) override;
  core::Status addBlock(const pairing::Block& block) override;
  core::Status removeBlock(int64_t programId, int64_t mentorId, int64_t menteeId) override;
  core::Result<std::vector<pairing::Block>> listBlocks(int64_t programId) override;
  core::Result<pairing::ShortlistRequest> createRequest(pairing::ShortlistRequest request) override;
  core::Result<std::optional<pairing::ShortlistRequest>> findRequest(int64_t requestId) override;
  core::Result<pairing::ShortlistRequest> respondToRequest(int64_t requestId, int64_t mentorId,
                                                           bool accept, const std::string& reason,
                                                           int mentorCapacity,
                                                           const std::string& actor) override;
  core::Status withdrawRequest(int64_t requestId, int64_t menteeId,
                               const std::string& reason) override;
  core::Result<std::vector<pairing::ShortlistRequest>> expireRequests() override;
  core::Result<std::vector<pairing::ShortlistRequest>> requestsForMentor(
      int64_t mentorId, std::optional<pairing::RequestStatus> status) override;
  core::Result<std::vector<pairing::ShortlistRequest>> requestsOfMentee(int64_t programId,
                                                                        int64_t menteeId) override;
  core::Result<std::vector<pairing::ShortlistRequest>> pendingRequestsOf(
      int64_t employeeId) override;

 private:
  core::Status addRule(const char* table, const char* other, const char* what,
                       const pairing::PairRule& rule);
  core::Status removeRule(const char* table, const char* what, int64_t programId,
                          int64_t mentorId, int64_t menteeId);
  core::Result<std::vector<pairing::PairRule>> listRules(const char* table, int64_t programId);
  SQLite::Database& db_;
};

// Closes the open matches of people who leave (the directory sync's deactivation, a SCIM delete or
// deactivation, PairingRepository::closeOpenMatchesOf): each open match where the person is mentor
// or mentee becomes closed with `reason` and an event by `actor`, and their pending shortlist
// requests are withdrawn with the same reason. Statements are prepared once; close() may be called
// for many people. Throws SQLite::Exception; run it inside the caller's transaction or savepoint.
class OpenMatchCloser {
 public:
  OpenMatchCloser(SQLite::Database& db, const std::string& reason, const std::string& actor);
  // Returns how many matches of the employee were closed.
  int64_t close(int64_t employeeId);

 private:
  SQLite::Statement events_;
  SQLite::Statement matches_;
  SQLite::Statement requests_;
};

// The actors recorded when people leave through a connector.
inline constexpr const char* kDirectorySyncActor = "directory-sync";
inline constexpr const char* kScimActor = "scim";

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
