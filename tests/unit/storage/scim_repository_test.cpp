// The SCIM repository and its filter translation over a real SQLite file: large groups change
// row by row, lookups use indexes, and migration 5 gives every group a SCIM id.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "scim/filter.h"
#include "storage/internal/scim_filter_sql.h"
#include "storage/migrations.h"
#include "storage/sqlite_store.h"

namespace tandem::storage {
namespace {

class TempFile {
 public:
  TempFile() {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-scim-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "t.db").string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

constexpr int kMembers = 50000;

// A store holding kMembers people in one SCIM group, and a log of every row written to the
// membership and group tables, kept by triggers the test adds.
void seedLargeGroup(const std::string& path) {
  {
    auto store = openSqliteStore({path});
    ASSERT_TRUE(store.isOk()) << store.status().toString();
  }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  SQLite::Transaction tx(db);
  db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
      std::to_string(kMembers + 1) +
      ") INSERT INTO employees (source, external_id, user_name, display_name) "
      "SELECT 'scim', 'user-' || i, 'user' || i, 'User ' || i FROM n");
  db.exec("INSERT INTO groups (source, external_id, name) VALUES ('scim', 'big', 'Everyone')");
  db.exec("INSERT INTO group_members (group_id, employee_id) SELECT g.id, e.id FROM groups g, "
          "employees e WHERE g.external_id = 'big' AND e.external_id <> 'user-" +
          std::to_string(kMembers + 1) + "'");
  db.exec("CREATE TABLE write_log (what TEXT NOT NULL)");
  db.exec("CREATE TRIGGER log_member_insert AFTER INSERT ON group_members BEGIN "
          "INSERT INTO write_log VALUES ('member+'); END");
  db.exec("CREATE TRIGGER log_member_delete AFTER DELETE ON group_members BEGIN "
          "INSERT INTO write_log VALUES ('member-'); END");
  db.exec("CREATE TRIGGER log_group_update AFTER UPDATE ON groups BEGIN "
          "INSERT INTO write_log VALUES ('group'); END");
  tx.commit();
}

std::vector<std::string> writes(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT what FROM write_log ORDER BY rowid");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  db.exec("DELETE FROM write_log");
  return out;
}

TEST(ScimRepository, OneMemberOfA50000MemberGroupChangesOneMembershipRow) {
  TempFile file;
  seedLargeGroup(file.path());
  auto store = openSqliteStore({file.path()});
  ASSERT_TRUE(store.isOk());
  auto session = std::move((*store)->session()).value();
  auto& scim = session->scim();
  auto group = scim.findGroup("big", false);
  ASSERT_TRUE(group.isOk() && group->has_value());
  const int64_t row = (**group).rowId;
  const int64_t before = (**group).version;

  ASSERT_TRUE(session->transaction([&] {
    return scim.addMembers(row, {"user-" + std::to_string(kMembers + 1)});
  }).isOk());
  // One membership row; the group row itself only gets its version and timestamp bumped.
  auto added = writes(file.path());
  EXPECT_EQ(std::count(added.begin(), added.end(), "member+"), 1);
  EXPECT_EQ(std::count(added.begin(), added.end(), "member-"), 0);
  EXPECT_LE(added.size(), 3u);

  ASSERT_TRUE(session->transaction([&] { return scim.removeMembers(row, {"user-7"}); }).isOk());
  auto removed = writes(file.path());
  EXPECT_EQ(std::count(removed.begin(), removed.end(), "member-"), 1);
  EXPECT_EQ(std::count(removed.begin(), removed.end(), "member+"), 0);
  EXPECT_LE(removed.size(), 3u);

  auto version = scim.groupVersion(row);
  ASSERT_TRUE(version.isOk());
  EXPECT_EQ(*version, before + 2);
  auto member = scim.hasMember(row, "user-7");
  ASSERT_TRUE(member.isOk());
  EXPECT_FALSE(*member);
}

TEST(ScimRepository, NestedGroupChangesBumpTheGroupVersion) {
  TempFile file;
  {
    auto store = openSqliteStore({file.path()});
    ASSERT_TRUE(store.isOk()) << store.status().toString();
  }
  {
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO groups (source, external_id, name) VALUES ('scim', 'parent', 'Parent'), "
            "('scim', 'child', 'Child')");
  }
  auto store = openSqliteStore({file.path()});
  ASSERT_TRUE(store.isOk());
  auto session = std::move((*store)->session()).value();
  auto& scim = session->scim();
  auto parent = scim.findGroup("parent", false);
  ASSERT_TRUE(parent.isOk() && parent->has_value());
  const int64_t row = (**parent).rowId;
  const int64_t before = (**parent).version;

  ASSERT_TRUE(session->transaction([&] { return scim.addMembers(row, {"child"}); }).isOk());
  auto added = scim.groupVersion(row);
  ASSERT_TRUE(added.isOk());
  EXPECT_EQ(*added, before + 1);

  ASSERT_TRUE(session->transaction([&] { return scim.removeMembers(row, {"child"}); }).isOk());
  auto removed = scim.groupVersion(row);
  ASSERT_TRUE(removed.isOk());
  EXPECT_EQ(*removed, before + 2);
}

// The SQL a filter becomes, planned by SQLite against the migrated schema.
std::string plan(const std::string& path, const std::string& filter) {
  auto parsed = scim::parseFilter(filter);
  EXPECT_TRUE(parsed.isOk()) << parsed.status().toString();
  auto sql = internal::scimFilterSql(internal::ScimResource::kUser, *parsed);
  EXPECT_TRUE(sql.isOk()) << sql.status().toString();
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::string query = "EXPLAIN QUERY PLAN SELECT e.id FROM employees e";
  if (sql->needsRaw) query += " LEFT JOIN employee_raw r ON r.employee_id = e.id";
  if (sql->needsManager) query += " LEFT JOIN employees m ON m.id = e.manager_id";
  query += " WHERE e.scim_deleted_at = '' AND " + sql->sql;
  SQLite::Statement q(db, query);
  int index = 1;
  for (const auto& value : sql->binds) {
    std::visit([&](const auto& v) { q.bind(index, v); }, value);
    ++index;
  }
  std::string out;
  while (q.executeStep()) out += q.getColumn(3).getString() + "\n";
  return out;
}

TEST(ScimFilterSql, LookupsUseIndexesNotScans) {
  TempFile file;
  {
    auto store = openSqliteStore({file.path()});
    ASSERT_TRUE(store.isOk());
  }
  for (const char* filter : {R"(userName eq "Ada@Example.com")", R"(externalId eq abc-123)",
                             R"(id eq "2819c223")", R"(displayName eq "Ada Lovelace")",
                             R"(userName sw "ada")"}) {
    const std::string p = plan(file.path(), filter);
    EXPECT_NE(p.find("USING INDEX"), std::string::npos) << filter << "\n" << p;
    EXPECT_EQ(p.find("SCAN e"), std::string::npos) << filter << "\n" << p;
  }
}

TEST(ScimFilterSql, ValuesAreBoundAndUnknownAttributesRejected) {
  auto parsed = scim::parseFilter(R"(userName eq "x' OR 1=1 --" and title co "%_")");
  ASSERT_TRUE(parsed.isOk());
  auto sql = internal::scimFilterSql(internal::ScimResource::kUser, *parsed);
  ASSERT_TRUE(sql.isOk());
  EXPECT_EQ(sql->sql.find("OR 1=1"), std::string::npos);
  ASSERT_EQ(sql->binds.size(), 2u);
  EXPECT_EQ(std::get<std::string>(sql->binds[1]), "%\\%\\_%");
  for (const char* bad : {"shoeSize eq 1", "active gt \"x\"", "urn:nope:User:x eq 1",
                          "meta.nope eq 1", "name eq \"x\"", "emails[nope eq 1]",
                          "urn:tandem:params:scim:schemas:extension:tandem:2.0:User:level co 1"}) {
    auto f = scim::parseFilter(bad);
    ASSERT_TRUE(f.isOk()) << bad;
    auto translated = internal::scimFilterSql(internal::ScimResource::kUser, *f);
    ASSERT_FALSE(translated.isOk()) << bad;
    EXPECT_EQ(translated.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_EQ(translated.status().errorCode(), "invalidFilter") << bad;
  }
}

TEST(ScimMigration, Version4StoreGivesEveryGroupAStableScimId) {
  TempFile file;
  {
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
    for (const Migration& m : migrations()) {
      if (m.version > 4) break;
      db.exec(std::string(m.sql));
      SQLite::Statement q(db, "INSERT INTO schema_migrations (version, description) VALUES (?, ?)");
      q.bind(1, m.version);
      q.bind(2, std::string(m.description));
      q.exec();
    }
    db.exec("INSERT INTO groups (id, source, external_id, name) VALUES "
            "(1, 'ldap', 'g-1', 'hr'), (2, 'import', NULL, 'Finance')");
    db.exec("INSERT INTO employees (id, source, external_id, user_name, display_name, dn, "
            "manager_id) VALUES (1, 'ldap', 'u-1', 'ada', 'Ada', 'uid=ada', NULL), "
            "(2, 'ldap', 'u-2', 'bob', 'Bob', 'uid=bob', 1)");
    db.exec("INSERT INTO employee_raw (employee_id, raw) VALUES (1, '{\"uid\":[\"ada\"]}')");
    db.exec("INSERT INTO group_members (group_id, employee_id) VALUES (1, 1), (1, 2)");
    db.exec("INSERT INTO participants (employee_id, role, consent_at) VALUES "
            "(1, 'mentor', '2026-01-01T00:00:00Z')");
  }
  auto store = openSqliteStore({file.path()});
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  auto session = std::move((*store)->session()).value();
  auto imported = session->scim().findGroup("tandem-group-2", false);
  ASSERT_TRUE(imported.isOk() && imported->has_value());
  EXPECT_EQ((**imported).displayName, "Finance");
  auto ldap = session->scim().findGroup("g-1", false);
  ASSERT_TRUE(ldap.isOk() && ldap->has_value());
  // Groups made later without an id get one too.
  auto made = session->groups().ensureGroup("Sales", "import");
  ASSERT_TRUE(made.isOk());
  auto sales = session->scim().findGroup("tandem-group-" + std::to_string(*made), false);
  ASSERT_TRUE(sales.isOk() && sales->has_value());
  session.reset();
  store->reset();
  // The employees table was rebuilt: nothing that points at people was lost on the way.
  SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM participants").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM group_members").getInt(), 2);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM employee_raw").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT manager_id FROM employees WHERE id = 2").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt(), 0);
  db.exec("INSERT INTO employees (source, external_id, user_name, display_name) VALUES "
          "('scim_client', 'r-1', 'pulled', 'Pulled')");
  EXPECT_THROW(db.exec("INSERT INTO employees (source, external_id, user_name, display_name) "
                       "VALUES ('other', 'r-2', 'x', 'X')"),
               SQLite::Exception);
}


// A SCIM DELETE and a PUT/PATCH to active:false end the person's open matches in the same
// transaction ("left the directory", history kept); finished matches stay as they were.
TEST(ScimRepository, DeletingOrDeactivatingAUserClosesTheirOpenMatches) {
  TempFile file;
  auto store = openSqliteStore({file.path()});
  ASSERT_TRUE(store.isOk()) << store.status().toString();
  auto session = std::move((*store)->session()).value();
  {
    SQLite::Database db(file.path(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO employees (source, external_id, user_name, display_name) VALUES "
            "('scim', 'u-junior', 'junior', 'Junior'), ('scim', 'u-senior', 'senior', 'Senior'), "
            "('scim', 'u-junior2', 'junior2', 'Junior 2'), ('scim', 'u-senior2', 'senior2', "
            "'Senior 2')");
  }
  auto idOf = [&](const std::string& user) {
    return (*session->employees().findByUserName(user))->id;
  };
  mentoring::Program program;
  program.name = "Cycle";
  program.startsOn = "2026-01-01";
  program.endsOn = "2026-06-30";
  const int64_t programId = session->programs().create(program)->id;
  auto& pairing = session->pairing();
  auto publish = [&](const std::string& mentor, const std::string& mentee) {
    pairing::Match m;
    m.programId = programId;
    m.mentorId = idOf(mentor);
    m.menteeId = idOf(mentee);
    auto inserted = pairing.insertMatches(0, {m}, "hr");
    EXPECT_TRUE(inserted.isOk()) << inserted.status().toString();
    const int64_t id = (*inserted)[0].id;
    EXPECT_TRUE(pairing
                    .transition(id, pairing::MatchStatus::kProposed,
                                pairing::MatchStatus::kPublished, "hr", "")
                    .isOk());
    return id;
  };
  const int64_t declined = publish("junior", "senior");
  ASSERT_TRUE(pairing.respond(declined, idOf("senior"), false, "not now", 2, "senior").isOk());
  const int64_t deleted = publish("junior", "senior2");
  const int64_t deactivated = publish("junior2", "senior");
  auto statusOf = [&](int64_t id) { return (*pairing.findMatch(id))->status; };

  // DELETE /Users/u-senior2
  ASSERT_TRUE(session->transaction([&] {
    return session->scim().deleteUser(idOf("senior2"));
  }).isOk());
  EXPECT_EQ(statusOf(deleted), pairing::MatchStatus::kClosed);
  EXPECT_EQ((*pairing.findMatch(deleted))->closedReason, "left the directory");
  EXPECT_EQ(pairing.events(deleted)->back().actor, "scim");
  EXPECT_EQ(statusOf(declined), pairing::MatchStatus::kDeclined);
  EXPECT_EQ(statusOf(deactivated), pairing::MatchStatus::kPublished);

  // PATCH active:false (the handler saves the whole record)
  auto user = session->scim().findUser("u-junior2", false);
  ASSERT_TRUE(user.isOk() && user->has_value());
  scim::UserRecord record = **user;
  record.employee.active = false;
  ASSERT_TRUE(session->transaction([&] { return session->scim().saveUser(record); }).isOk());
  EXPECT_EQ(statusOf(deactivated), pairing::MatchStatus::kClosed);
  auto history = pairing.events(deactivated);
  ASSERT_EQ(history->size(), 3u);  // proposed, published, closed
  EXPECT_EQ(history->back().reason, "left the directory");
  EXPECT_EQ(statusOf(declined), pairing::MatchStatus::kDeclined);

  // A save that keeps someone active closes nothing.
  const int64_t fresh = publish("junior", "senior");
  auto junior = session->scim().findUser("u-junior", false);
  scim::UserRecord kept = **junior;
  kept.employee.title = "Analyst";
  ASSERT_TRUE(session->transaction([&] { return session->scim().saveUser(kept); }).isOk());
  EXPECT_EQ(statusOf(fresh), pairing::MatchStatus::kPublished);
}

}  // namespace
}  // namespace tandem::storage
