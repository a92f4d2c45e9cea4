#include "storage/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <chrono>
#include <mutex>
#include <vector>

#include "storage/internal/sqlite_pairing_pool.h"
#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_scim_repository.h"
#include "storage/internal/sqlite_scim_token_repository.h"
#include "storage/internal/sqlite_util.h"
#include "storage/migrations.h"
#include "core/thread_annotations.h"

namespace tandem::storage {

namespace {

using internal::guarded;

std::unique_ptr<SQLite::Database> openConnection(const SqliteOptions& options) {
  auto db = std::make_unique<SQLite::Database>(
      options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  db->setBusyTimeout(options.busyTimeoutMs);
  db->exec("PRAGMA foreign_keys = ON");
  if (options.path != ":memory:") {
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = NORMAL");
  }
  // 16 MiB of page cache per connection (SQLite's default is 2 MiB): a directory sync of 100,000
  // people keeps its index pages in memory instead of re-reading them for every batch. Only
  // what is used is allocated.
  db->exec("PRAGMA cache_size = -16384");
  return db;
}

int currentVersion(SQLite::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "description TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
      "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
  SQLite::Statement q(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  q.executeStep();
  return q.getColumn(0).getInt();
}

core::Result<int> migrate(SQLite::Database& db, const std::string& path) {
  return guarded("migrate " + path, [&]() -> core::Result<int> {
    // An exclusive transaction around the version read so two processes never migrate at once.
    SQLite::Transaction lock(db, SQLite::TransactionBehavior::IMMEDIATE);
    int version = currentVersion(db);
    if (version > latestSchemaVersion()) {
      return core::failedPrecondition(
          "the database " + path + " has schema version " + std::to_string(version) +
          ", newer than this Tandem understands (" + std::to_string(latestSchemaVersion()) +
          "); upgrade Tandem or use another --data-dir");
    }
    lock.commit();
    for (const auto& m : migrations()) {
      if (m.version <= version) continue;
      // PRAGMA foreign_keys is a no-op inside a transaction: set it before, restore it after.
      struct ForeignKeys {
        SQLite::Database& db;
        bool off;
        ~ForeignKeys() {
          if (off) db.exec("PRAGMA foreign_keys = ON");
        }
      } foreignKeys{db, m.foreignKeysOff};
      if (m.foreignKeysOff) db.exec("PRAGMA foreign_keys = OFF");
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      if (currentVersion(db) >= m.version) continue;  // another process got there first
      db.exec(std::string(m.sql));
      if (m.foreignKeysOff) {
        SQLite::Statement check(db, "PRAGMA foreign_key_check");
        if (check.executeStep()) {
          return core::internalError("migration " + std::to_string(m.version) +
                                     " left a broken reference in table " +
                                     check.getColumn(0).getString());
        }
      }
      SQLite::Statement record(db,
                               "INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)");
      record.bind(1, m.version);
      record.bind(2, std::string(m.description));
      record.exec();
      tx.commit();
      version = m.version;
    }
    return version;
  });
}

class SqliteStore;

// A session: one pooled connection and its repositories. Returns the connection on destruction.
class SqliteSession final : public StoreSession {
 public:
  SqliteSession(SqliteStore& store, std::unique_ptr<SQLite::Database> db)
      : store_(store),
        db_(std::move(db)),
        employees_(*db_),
        groups_(*db_),
        directorySync_(*db_),
        skills_(*db_),
        participants_(*db_),
        programs_(*db_),
        pairing_(*db_),
        pairingPool_(*db_),
        settings_(*db_),
        audit_(*db_),
        scimTokens_(*db_),
        scim_(*db_) {}
  ~SqliteSession() override;

  directory::EmployeeRepository& employees() override { return employees_; }
  directory::GroupRepository& groups() override { return groups_; }
  directory::DirectorySyncRepository& directorySync() override { return directorySync_; }
  mentoring::SkillRepository& skills() override { return skills_; }
  mentoring::ParticipantRepository& participants() override { return participants_; }
  mentoring::ProgramRepository& programs() override { return programs_; }
  pairing::PairingRepository& pairing() override { return pairing_; }
  pairing::PairingPool& pairingPool() override { return pairingPool_; }
  SettingsRepository& settings() override { return settings_; }
  AuditLog& audit() override { return audit_; }
  scim::ScimTokenRepository& scimTokens() override { return scimTokens_; }
  scim::ScimRepository& scim() override { return scim_; }

  core::Status transaction(const std::function<core::Status()>& fn) override;

 private:
  SqliteStore& store_;
  std::unique_ptr<SQLite::Database> db_;
  internal::SqliteEmployeeRepository employees_;
  internal::SqliteGroupRepository groups_;
  internal::SqliteDirectorySyncRepository directorySync_;
  internal::SqliteSkillRepository skills_;
  internal::SqliteParticipantRepository participants_;
  internal::SqliteProgramRepository programs_;
  internal::SqlitePairingRepository pairing_;
  internal::SqlitePairingPool pairingPool_;
  internal::SqliteSettingsRepository settings_;
  internal::SqliteAuditLog audit_;
  internal::SqliteScimTokenRepository scimTokens_;
  internal::SqliteScimRepository scim_;
};

// Thread-safety: the pool is guarded by mu_; sessions are handed to one thread each.
class SqliteStore final : public Store {
 public:
  SqliteStore(std::vector<std::unique_ptr<SQLite::Database>> pool, int version,
              std::chrono::milliseconds busyTimeout)
      : pool_(std::move(pool)), version_(version), busyTimeout_(busyTimeout) {}

  core::Result<std::unique_ptr<StoreSession>> session() override {
    std::unique_lock lock(mu_);
    available_.wait(lock, [&] { return !pool_.empty(); });
    auto db = std::move(pool_.back());
    pool_.pop_back();
    return std::unique_ptr<StoreSession>(std::make_unique<SqliteSession>(*this, std::move(db)));
  }

  int schemaVersion() const override { return version_; }
  // Held by a session for the whole of a write transaction.
  std::timed_mutex& writerMutex() { return writer_; }
  std::chrono::milliseconds busyTimeout() const { return busyTimeout_; }

  void giveBack(std::unique_ptr<SQLite::Database> db) {
    {
      std::lock_guard lock(mu_);
      pool_.push_back(std::move(db));
    }
    available_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SQLite::Database>> pool_ TDM_GUARDED_BY(mu_);
  const int version_;
  std::timed_mutex writer_;
  const std::chrono::milliseconds busyTimeout_;
};

core::Status SqliteSession::transaction(const std::function<core::Status()>& fn) {
  // One writer at a time in this process: the others wait here, woken at once, instead of
  // polling in SQLite's busy handler (which sleeps for milliseconds between tries).
  std::unique_lock<std::timed_mutex> writer(store_.writerMutex(), std::defer_lock);
  if (!writer.try_lock_for(store_.busyTimeout())) {
    return core::unavailable("the database is busy, try again");
  }
  std::unique_ptr<SQLite::Transaction> tx;
  core::Status begun = guarded("begin transaction", [&]() -> core::Status {
    tx = std::make_unique<SQLite::Transaction>(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    return core::Status::ok();
  });
  if (!begun.isOk()) return begun;
  core::Status result;
  try {
    result = fn();
  } catch (const std::exception& e) {
    result = core::internalError(std::string("transaction failed: ") + e.what());
  }
  if (!result.isOk()) return result;  // ~Transaction rolls back
  return guarded("commit", [&]() -> core::Status {
    tx->commit();
    return core::Status::ok();
  });
}

SqliteSession::~SqliteSession() {
  directorySync_.releaseStatements();  // finalised before the connection goes back to the pool
  if (db_) store_.giveBack(std::move(db_));
}

}  // namespace

core::Result<std::unique_ptr<Store>> openSqliteStore(const SqliteOptions& options) {
  std::vector<std::unique_ptr<SQLite::Database>> pool;
  core::Status opened = guarded("open " + options.path, [&]() -> core::Status {
    pool.push_back(openConnection(options));
    return core::Status::ok();
  });
  if (!opened.isOk()) {
    return core::unavailable("cannot open the database " + options.path + ": " + opened.message());
  }
  auto version = migrate(*pool.front(), options.path);
  if (!version.isOk()) return version.status();
  const int size = options.path == ":memory:" ? 1 : std::max(1, options.poolSize);
  core::Status rest = guarded("open " + options.path, [&]() -> core::Status {
    while (static_cast<int>(pool.size()) < size) pool.push_back(openConnection(options));
    return core::Status::ok();
  });
  if (!rest.isOk()) return rest;
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(
      std::move(pool), *version, std::chrono::milliseconds(options.busyTimeoutMs)));
}

}  // namespace tandem::storage
