#include "storage/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "storage/migrations.h"

namespace tandem::storage {
namespace {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("tandem-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(SqliteStore, MigratesANewFileToTheLatestVersionWithWalAndForeignKeys) {
  TempDir dir;
  auto store = openSqliteStore({dir.file("t.db")});
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  EXPECT_EQ((*store)->schemaVersion(), latestSchemaVersion());
  SQLite::Database db(dir.file("t.db"));
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM schema_migrations").getInt(),
            static_cast<int>(migrations().size()));
  // Foreign keys are on in the store's own connections.
  auto session = (*store)->session();
  mentoring::Participant orphan;
  orphan.employeeId = 4242;
  orphan.role = "mentor";
  orphan.consentAt = "2026-01-01T00:00:00Z";
  auto saved = (*session)->participants().save(orphan);
  EXPECT_EQ(saved.code(), core::StatusCode::kInvalidArgument) << saved.toString();
}

TEST(SqliteStore, ReopeningKeepsDataAndDoesNotReapplyMigrations) {
  TempDir dir;
  {
    auto store = openSqliteStore({dir.file("t.db")});
    ASSERT_TRUE(store.isOk());
    auto session = (*store)->session();
    ASSERT_TRUE((*session)->settings().set("k", "v").isOk());
  }
  auto store = openSqliteStore({dir.file("t.db")});
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  auto session = (*store)->session();
  auto v = (*session)->settings().get("k");
  ASSERT_TRUE(v.isOk());
  EXPECT_EQ(v->value_or(""), "v");
}

TEST(SqliteStore, RefusesADatabaseFromANewerVersion) {
  TempDir dir;
  {
    auto store = openSqliteStore({dir.file("t.db")});
    ASSERT_TRUE(store.isOk());
  }
  {
    SQLite::Database db(dir.file("t.db"), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')");
  }
  auto store = openSqliteStore({dir.file("t.db")});
  ASSERT_FALSE(store.isOk());
  EXPECT_EQ(store.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
  EXPECT_NE(store.status().message().find("999"), std::string::npos);
}

TEST(SqliteStore, MigratingAVersion3StoreKeepsEveryonesRawDirectoryAttributes) {
  TempDir dir;
  {
    // A store as version 3 left it: raw attributes in employees.raw.
    SQLite::Database db(dir.file("t.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
    for (const Migration& m : migrations()) {
      if (m.version > 3) break;
      db.exec(std::string(m.sql));
      SQLite::Statement q(db, "INSERT INTO schema_migrations (version, description) VALUES (?, ?)");
      q.bind(1, m.version);
      q.bind(2, std::string(m.description));
      q.exec();
    }
    db.exec(
        "INSERT INTO employees (id, source, external_id, user_name, display_name, raw, dn) VALUES "
        "(1, 'ldap', 'uuid-1', 'ada', 'Ada', '{\"uid\":[\"ada\"],\"title\":[\"CTO\"]}', "
        "'uid=ada,dc=example,dc=com'), "
        "(2, 'import', 'imp-2', 'bob', 'Bob', '{}', '')");
    db.exec("INSERT INTO groups (id, source, external_id, name) VALUES (1, 'ldap', 'g-1', 'hr')");
  }
  auto store = openSqliteStore({dir.file("t.db")});
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  EXPECT_EQ((*store)->schemaVersion(), latestSchemaVersion());
  store->reset();  // close before reading the file directly
  SQLite::Database db(dir.file("t.db"));
  EXPECT_EQ(db.execAndGet("SELECT raw FROM employee_raw WHERE employee_id = 1").getString(),
            R"({"uid":["ada"],"title":["CTO"]})");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM employee_raw").getInt(), 1);  // '{}' not copied
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM pragma_table_info('employees') WHERE name = 'raw'")
                .getInt(),
            0);
  EXPECT_EQ(db.execAndGet("SELECT sync_hash || '|' || dn FROM employees WHERE id = 1").getString(),
            "|uid=ada,dc=example,dc=com");  // no fingerprint yet: the next sync compares in full
  EXPECT_EQ(db.execAndGet("SELECT members_hash FROM groups WHERE id = 1").getString(), "");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM employees").getInt(), 2);
}

TEST(SqliteStore, UnopenablePathIsUnavailable) {
  auto store = openSqliteStore({"/nonexistent-dir/deeper/t.db"});
  ASSERT_FALSE(store.isOk());
  EXPECT_EQ(store.status().code(), core::StatusCode::kUnavailable);
}

TEST(SqliteStore, TransactionRollsBackWhenTheBodyFails) {
  auto store = openSqliteStore({":memory:"});
  ASSERT_TRUE(store.isOk());
  auto session = (*store)->session();
  auto& s = **session;
  core::Status result = s.transaction([&]() -> core::Status {
    EXPECT_TRUE(s.settings().set("module.enabled", "false").isOk());
    return core::invalidArgument("changed my mind");
  });
  EXPECT_EQ(result.code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.settings().get("module.enabled")->value_or(""), "true");
}

TEST(SqliteStore, TransactionRollsBackWhenTheBodyThrows) {
  auto store = openSqliteStore({":memory:"});
  ASSERT_TRUE(store.isOk());
  auto session = (*store)->session();
  auto& s = **session;
  core::Status result = s.transaction([&]() -> core::Status {
    EXPECT_TRUE(s.settings().set("module.enabled", "false").isOk());
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(result.code(), core::StatusCode::kInternal);
  EXPECT_EQ(s.settings().get("module.enabled")->value_or(""), "true");
}

TEST(SqliteStore, SessionsFromSeveralThreadsShareThePool) {
  TempDir dir;
  SqliteOptions options{dir.file("t.db")};
  options.poolSize = 2;
  auto store = openSqliteStore(options);
  ASSERT_TRUE(store.isOk());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto session = (*store)->session();
        auto& s = **session;
        core::Status st = s.transaction([&] {
          return s.settings().set("t" + std::to_string(t), std::to_string(i));
        });
        if (st.isOk()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 120);
}

}  // namespace
}  // namespace tandem::storage
