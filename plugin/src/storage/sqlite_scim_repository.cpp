#include "storage/internal/sqlite_scim_repository.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "pairing/match.h"
#include "storage/internal/scim_filter_sql.h"
#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using scim::GroupRecord;
using scim::ListPage;
using scim::ListQuery;
using scim::ResourceRef;
using scim::UserRecord;

namespace {

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

constexpr const char* kUserSelect =
    "SELECT e.id, e.source, e.external_id, e.user_name, e.display_name, e.given_name, "
    "e.family_name, e.email, e.department, e.title, e.level, e.hire_date, "
    "e.hire_date_confidence, e.location, e.time_zone, e.locale, e.employee_type, e.languages, "
    "e.manager_external_id, e.manager_id, e.active, e.updated_at, e.created_at, "
    "e.scim_external_id, CASE WHEN e.source = 'scim' THEN r.raw END, m.external_id, "
    "m.display_name, e.scim_deleted_at <> '' "
    "FROM employees e LEFT JOIN employee_raw r ON r.employee_id = e.id "
    "LEFT JOIN employees m ON m.id = e.manager_id ";

UserRecord readUser(SQLite::Statement& q) {
  UserRecord rec;
  rec.employee = readEmployeeColumns(q);
  rec.createdAt = q.getColumn(22).getString();
  rec.scimExternalId = q.getColumn(23).getString();
  if (!q.getColumn(24).isNull()) {
    rec.documentText = q.getColumn(24).getString();
    rec.document = nlohmann::json::parse(rec.documentText, nullptr, false);
    if (rec.document.is_discarded() || !rec.document.is_object()) rec.document = nullptr;
  }
  if (!q.getColumn(25).isNull()) rec.managerId = q.getColumn(25).getString();
  if (!q.getColumn(26).isNull()) rec.managerDisplayName = q.getColumn(26).getString();
  rec.deleted = q.getColumn(27).getInt() != 0;
  return rec;
}

void bindValues(SQLite::Statement& q, const std::vector<SqlValue>& values, int& next) {
  for (const auto& value : values) {
    std::visit([&](const auto& v) { q.bind(next, v); }, value);
    ++next;
  }
}

std::string userJoins(const SqlFragment& a, const SqlFragment& b) {
  std::string joins;
  if (a.needsRaw || b.needsRaw) joins += " LEFT JOIN employee_raw r ON r.employee_id = e.id";
  if (a.needsManager || b.needsManager) joins += " LEFT JOIN employees m ON m.id = e.manager_id";
  return joins;
}

// The filter and sort of a list request as SQL; an empty filter matches everything.
struct ListSql {
  SqlFragment where{"1", {}, false, false};
  SqlFragment order{"", {}, false, false};
};

core::Result<ListSql> listSql(ScimResource resource, const ListQuery& query) {
  ListSql out;
  if (query.filter) {
    auto where = scimFilterSql(resource, *query.filter);
    if (!where.isOk()) return where.status();
    out.where = std::move(where).value();
  }
  if (!query.sortBy.empty()) {
    auto order = scimSortSql(resource, query.sortBy);
    if (!order.isOk()) return order.status();
    out.order = std::move(order).value();
  }
  return out;
}

// Everyone SCIM lists, counted without walking them: SQLite counts a table's rows from its b-tree
// pages when there is no WHERE clause, and the people deleted through SCIM are few (partial
// index employees_scim_deleted).
constexpr const char* kCountListedUsers =
    "SELECT (SELECT count(*) FROM employees) - "
    "(SELECT count(*) FROM employees INDEXED BY employees_scim_deleted "
    "WHERE scim_deleted_at <> '')";

// Counts what `from` (FROM ... WHERE ..., with the filter's placeholders) selects, then prepares
// "<select> <from> ORDER BY ... LIMIT ... OFFSET ..." for the page, with its values bound; null
// when the page is empty. Ties and the default order go by `idColumn`, so pages are stable.
// `countSql`, when given, counts instead (without placeholders).
std::unique_ptr<SQLite::Statement> countAndPage(SQLite::Database& db, const std::string& select,
                                                const std::string& from, const ListSql& sql,
                                                const ListQuery& query, const char* idColumn,
                                                int64_t& total, const char* countSql = nullptr) {
  SQLite::Statement count(db, countSql != nullptr ? std::string(countSql) : "SELECT count(*) " + from);
  int next = 1;
  bindValues(count, sql.where.binds, next);
  count.executeStep();
  total = count.getColumn(0).getInt64();
  if (query.count <= 0 || query.startIndex > total) return nullptr;
  const std::string order =
      sql.order.sql.empty()
          ? std::string(" ORDER BY ") + idColumn
          : " ORDER BY " + sql.order.sql + (query.descending ? " DESC, " : " ASC, ") + idColumn;
  auto page = std::make_unique<SQLite::Statement>(db, select + " " + from + order +
                                                          " LIMIT ? OFFSET ?");
  next = 1;
  bindValues(*page, sql.where.binds, next);
  page->bind(next++, query.count);
  page->bind(next, std::max<int64_t>(0, query.startIndex - 1));
  return page;
}

GroupRecord readGroup(SQLite::Statement& q) {
  GroupRecord g;
  g.rowId = q.getColumn(0).getInt64();
  g.id = q.getColumn(1).getString();
  g.source = q.getColumn(2).getString();
  g.scimExternalId = q.getColumn(3).getString();
  g.displayName = q.getColumn(4).getString();
  g.createdAt = q.getColumn(5).getString();
  g.updatedAt = q.getColumn(6).getString();
  g.version = q.getColumn(7).getInt64();
  return g;
}

constexpr const char* kGroupSelectColumns =
    "SELECT g.id, g.external_id, g.source, g.scim_external_id, g.name, g.created_at, "
    "CASE WHEN g.updated_at = '' THEN g.created_at ELSE g.updated_at END, g.version";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Users

core::Result<std::optional<UserRecord>> SqliteScimRepository::findUserWhere(
    const char* where, const std::string& value, bool withGroups) {
  auto found = guarded("read SCIM user", [&]() -> core::Result<std::optional<UserRecord>> {
    SQLite::Statement q(db_, std::string(kUserSelect) + where);
    q.bind(1, value);
    if (!q.executeStep()) return std::optional<UserRecord>();
    return std::optional<UserRecord>(readUser(q));
  });
  if (!found.isOk() || !found->has_value() || !withGroups) return found;
  TDM_RETURN_IF_ERROR(readUserGroups(**found));
  return found;
}

core::Status SqliteScimRepository::readUserGroups(UserRecord& record) {
  return guarded("read SCIM user groups", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "SELECT g.external_id, g.name FROM group_members gm "
                        "JOIN groups g ON g.id = gm.group_id WHERE gm.employee_id = ?1 "
                        "ORDER BY g.name");
    q.bind(1, record.employee.id);
    record.groups.clear();
    while (q.executeStep()) {
      record.groups.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), "direct"});
    }
    return core::Status::ok();
  });
}

core::Result<std::optional<UserRecord>> SqliteScimRepository::findUser(const std::string& id,
                                                                       bool withGroups) {
  return findUserWhere("WHERE e.external_id = ?1 AND e.scim_deleted_at = ''", id, withGroups);
}

core::Result<std::optional<UserRecord>> SqliteScimRepository::findUserByUserName(
    const std::string& userName) {
  return findUserWhere("WHERE e.user_name = ?1", userName, false);
}

std::optional<SqliteScimRepository::RankStart> SqliteScimRepository::firstListedIdAtRank(
    const ListQuery& query) {
  // Only for the whole list in storage order, and only when row ids are 1..n without a gap
  // (people are never deleted, so this holds unless someone edited the table by hand): then the
  // listed people are 1..n minus the few deleted through SCIM, and the one at rank r is found
  // from those few. Otherwise (nullopt) the caller walks the index with OFFSET.
  if (query.filter || !query.sortBy.empty() || query.count <= 0) return std::nullopt;
  // Three queries SQLite answers without a scan: count(*) from the b-tree pages, min and max from
  // one end each.
  SQLite::Statement shape(db_,
                          "SELECT (SELECT count(*) FROM employees), "
                          "(SELECT coalesce(min(id), 1) FROM employees), "
                          "(SELECT coalesce(max(id), 0) FROM employees)");
  shape.executeStep();
  const int64_t rows = shape.getColumn(0).getInt64();
  if (shape.getColumn(1).getInt64() != 1 || shape.getColumn(2).getInt64() != rows) {
    return std::nullopt;
  }
  // Without INDEXED BY, SQLite prefers scanning the table in id order to sorting a few rows.
  SQLite::Statement deleted(db_,
                            "SELECT id FROM employees INDEXED BY employees_scim_deleted "
                            "WHERE scim_deleted_at <> '' LIMIT 10001");
  std::vector<int64_t> gone;
  while (deleted.executeStep()) gone.push_back(deleted.getColumn(0).getInt64());
  if (gone.size() > 10000) return std::nullopt;  // many deletions: the walk is as cheap
  std::sort(gone.begin(), gone.end());
  RankStart start;
  start.total = rows - static_cast<int64_t>(gone.size());
  if (query.startIndex > start.total) return start;  // id 0: an empty page
  int64_t id = std::max<int64_t>(1, query.startIndex);
  for (int64_t d : gone) {
    if (d > id) break;
    ++id;  // a deleted id at or before the candidate moves the rank-th listed one up
  }
  start.id = id;
  return start;
}

core::Result<ListPage<UserRecord>> SqliteScimRepository::listUsers(const ListQuery& query) {
  auto sql = listSql(ScimResource::kUser, query);
  if (!sql.isOk()) return sql.status();
  const std::string from = "FROM employees e" + userJoins(sql->where, sql->order) +
                           " WHERE e.scim_deleted_at = '' AND " + sql->where.sql;
  auto page = guarded("list SCIM users", [&]() -> core::Result<ListPage<UserRecord>> {
    ListPage<UserRecord> out;
    std::vector<int64_t> rows;
    if (auto first = firstListedIdAtRank(query); first) {
      // Everyone, in id order, from a start found without walking the rows before it.
      out.total = first->total;
      if (first->id > 0) {
        SQLite::Statement ids(db_,
                              "SELECT id FROM employees WHERE scim_deleted_at = '' AND id >= ?1 "
                              "ORDER BY id LIMIT ?2");
        ids.bind(1, first->id);
        ids.bind(2, query.count);
        while (ids.executeStep()) rows.push_back(ids.getColumn(0).getInt64());
      }
    } else {
      auto ids = countAndPage(db_, "SELECT e.id", from, *sql, query, "e.id", out.total,
                              query.filter ? nullptr : kCountListedUsers);
      if (!ids) return out;
      while (ids->executeStep()) rows.push_back(ids->getColumn(0).getInt64());
    }
    SQLite::Statement one(db_, std::string(kUserSelect) + "WHERE e.id = ?1");
    for (int64_t row : rows) {
      one.bind(1, row);
      if (one.executeStep()) out.items.push_back(readUser(one));
      one.reset();
    }
    if (!query.withMembers || out.items.empty()) return out;
    // Everyone's direct groups in one query (a page holds at most 1,000 people).
    std::unordered_map<int64_t, UserRecord*> byId;
    std::string placeholders;
    for (auto& user : out.items) {
      byId[user.employee.id] = &user;
      placeholders += placeholders.empty() ? "?" : ",?";
    }
    SQLite::Statement groups(db_,
                             "SELECT gm.employee_id, g.external_id, g.name FROM group_members gm "
                             "JOIN groups g ON g.id = gm.group_id WHERE gm.employee_id IN (" +
                                 placeholders + ") ORDER BY g.name");
    int next = 1;
    for (const auto& user : out.items) groups.bind(next++, user.employee.id);
    while (groups.executeStep()) {
      byId[groups.getColumn(0).getInt64()]->groups.push_back(
          {groups.getColumn(1).getString(), groups.getColumn(2).getString(), "direct"});
    }
    return out;
  });
  return page;
}

core::Status SqliteScimRepository::saveUser(UserRecord& record) {
  directory::Employee& e = record.employee;
  return guarded("store SCIM user " + e.userName, [&]() -> core::Status {
    const bool insert = e.id == 0;
    SQLite::Statement q(
        db_,
        insert
            ? std::string(
                  "INSERT INTO employees (source, external_id, user_name, display_name, "
                  "given_name, family_name, email, department, title, level, hire_date, "
                  "hire_date_confidence, location, time_zone, locale, employee_type, languages, "
                  "manager_external_id, manager_id, active, scim_external_id, scim_deleted_at, "
                  "updated_at) VALUES ('scim', :external_id, :user_name, :display_name, "
                  ":given_name, :family_name, :email, :department, :title, :level, :hire_date, "
                  ":hire_date_confidence, :location, :time_zone, :locale, :employee_type, "
                  ":languages, :manager_external_id, (SELECT id FROM employees WHERE "
                  "external_id = :manager_external_id AND :manager_external_id <> ''), :active, "
                  ":scim_external_id, '', ") +
                  kNow + ")"
            : std::string(
                  "UPDATE employees SET source = 'scim', user_name = :user_name, "
                  "display_name = :display_name, given_name = :given_name, "
                  "family_name = :family_name, email = :email, department = :department, "
                  "title = :title, level = :level, hire_date = :hire_date, "
                  "hire_date_confidence = :hire_date_confidence, location = :location, "
                  "time_zone = :time_zone, locale = :locale, employee_type = :employee_type, "
                  "languages = :languages, manager_external_id = :manager_external_id, "
                  "manager_id = (SELECT id FROM employees WHERE external_id = "
                  ":manager_external_id AND :manager_external_id <> '' AND id <> :id), "
                  "active = :active, scim_external_id = :scim_external_id, "
                  "scim_deleted_at = '', updated_at = ") +
                  kNow + " WHERE id = :id");
    if (insert) {
      q.bind(":external_id", e.externalId);
    } else {
      q.bind(":id", e.id);
    }
    q.bind(":user_name", e.userName);
    q.bind(":display_name", e.displayName);
    q.bind(":given_name", e.givenName);
    q.bind(":family_name", e.familyName);
    q.bind(":email", e.email);
    q.bind(":department", e.department);
    q.bind(":title", e.title);
    if (e.level) {
      q.bind(":level", *e.level);
    } else {
      q.bind(":level");
    }
    q.bind(":hire_date", e.hireDate);
    q.bind(":hire_date_confidence", e.hireDateConfidence);
    q.bind(":location", e.location);
    q.bind(":time_zone", e.timeZone);
    q.bind(":locale", e.locale);
    q.bind(":employee_type", e.employeeType);
    q.bind(":languages", toJsonArray(e.languages));
    q.bind(":manager_external_id", e.managerExternalId);
    q.bind(":active", e.active ? 1 : 0);
    q.bind(":scim_external_id", record.scimExternalId);
    // Deactivated through SCIM (PUT or PATCH active:false): the person's open matches end in the
    // same transaction, as when they leave (before the update, so the events name SCIM).
    if (!e.active && !insert) {
      OpenMatchCloser(db_, std::string(pairing::kLeftDirectoryReason), kScimActor).close(e.id);
    }
    q.exec();
    if (insert) e.id = db_.getLastInsertRowid();
    e.source = "scim";
    SQLite::Statement raw(db_,
                          "INSERT INTO employee_raw (employee_id, raw) VALUES (?1, ?2) "
                          "ON CONFLICT (employee_id) DO UPDATE SET raw = excluded.raw");
    raw.bind(1, e.id);
    raw.bind(2, record.document.is_object() ? record.document.dump() : std::string("{}"));
    raw.exec();
    return core::Status::ok();
  });
}

core::Status SqliteScimRepository::deleteUser(int64_t employeeId) {
  return guarded("delete SCIM user", [&]() -> core::Status {
    SQLite::Statement q(db_, std::string("UPDATE employees SET active = 0, scim_deleted_at = ") +
                                 kNow + ", updated_at = " + kNow + " WHERE id = ?1");
    // Before the update, so the events name SCIM (the store's trigger would close them too).
    OpenMatchCloser(db_, std::string(pairing::kLeftDirectoryReason), kScimActor).close(employeeId);
    q.bind(1, employeeId);
    if (q.exec() == 0) return core::notFound("no such user");
    SQLite::Statement groups(db_, "DELETE FROM group_members WHERE employee_id = ?1");
    groups.bind(1, employeeId);
    groups.exec();
    return core::Status::ok();
  });
}

core::Status SqliteScimRepository::resolveManagersOf(const std::string& id) {
  return guarded("join managers", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE employees SET manager_id = (SELECT id FROM employees WHERE "
                        "external_id = ?1) WHERE manager_external_id = ?1 "
                        "AND manager_external_id <> '' AND manager_id IS NULL "
                        "AND external_id <> ?1");
    q.bind(1, id);
    q.exec();
    return core::Status::ok();
  });
}

// ---------------------------------------------------------------------------------------------
// Groups

core::Status SqliteScimRepository::readMembers(GroupRecord& record) {
  return guarded("read group members", [&]() -> core::Status {
    record.members.clear();
    SQLite::Statement people(db_,
                             "SELECT x.external_id, x.display_name FROM group_members gm "
                             "JOIN employees x ON x.id = gm.employee_id WHERE gm.group_id = ?1 "
                             "AND x.scim_deleted_at = '' ORDER BY x.id");
    people.bind(1, record.rowId);
    while (people.executeStep()) {
      record.members.push_back(
          {people.getColumn(0).getString(), people.getColumn(1).getString(), "User"});
    }
    SQLite::Statement groups(db_,
                             "SELECT c.external_id, c.name FROM group_subgroups s "
                             "JOIN groups c ON c.id = s.child_group_id WHERE s.group_id = ?1 "
                             "ORDER BY c.id");
    groups.bind(1, record.rowId);
    while (groups.executeStep()) {
      record.members.push_back(
          {groups.getColumn(0).getString(), groups.getColumn(1).getString(), "Group"});
    }
    return core::Status::ok();
  });
}

core::Result<std::optional<GroupRecord>> SqliteScimRepository::findGroup(const std::string& id,
                                                                         bool withMembers) {
  auto found = guarded("read SCIM group", [&]() -> core::Result<std::optional<GroupRecord>> {
    SQLite::Statement q(db_, std::string(kGroupSelectColumns) +
                                 " FROM groups g WHERE g.external_id = ?1");
    q.bind(1, id);
    if (!q.executeStep()) return std::optional<GroupRecord>();
    return std::optional<GroupRecord>(readGroup(q));
  });
  if (!found.isOk() || !found->has_value() || !withMembers) return found;
  TDM_RETURN_IF_ERROR(readMembers(**found));
  return found;
}

core::Result<ListPage<GroupRecord>> SqliteScimRepository::listGroups(const ListQuery& query) {
  auto sql = listSql(ScimResource::kGroup, query);
  if (!sql.isOk()) return sql.status();
  const std::string from = "FROM groups g WHERE " + sql->where.sql;
  auto page = guarded("list SCIM groups", [&]() -> core::Result<ListPage<GroupRecord>> {
    ListPage<GroupRecord> out;
    auto q = countAndPage(db_, kGroupSelectColumns, from, *sql, query, "g.id", out.total);
    if (!q) return out;
    while (q->executeStep()) out.items.push_back(readGroup(*q));
    return out;
  });
  if (!page.isOk() || !query.withMembers) return page;
  for (auto& group : page->items) TDM_RETURN_IF_ERROR(readMembers(group));
  return page;
}

core::Status SqliteScimRepository::saveGroup(GroupRecord& record) {
  return guarded("store SCIM group " + record.displayName, [&]() -> core::Status {
    if (record.rowId == 0) {
      SQLite::Statement q(db_, std::string("INSERT INTO groups (source, external_id, name, "
                                           "scim_external_id, updated_at) VALUES ('scim', ?1, "
                                           "?2, ?3, ") +
                                   kNow + ")");
      q.bind(1, record.id);
      q.bind(2, record.displayName);
      q.bind(3, record.scimExternalId);
      q.exec();
      record.rowId = db_.getLastInsertRowid();
      record.source = "scim";
      return core::Status::ok();
    }
    SQLite::Statement q(db_, std::string("UPDATE groups SET name = ?2, scim_external_id = ?3, "
                                         "updated_at = ") +
                                 kNow + " WHERE id = ?1");
    q.bind(1, record.rowId);
    q.bind(2, record.displayName);
    q.bind(3, record.scimExternalId);
    if (q.exec() == 0) return core::notFound("no such group");
    return core::Status::ok();
  });
}

core::Status SqliteScimRepository::deleteGroup(int64_t rowId) {
  return guarded("delete SCIM group", [&]() -> core::Status {
    SQLite::Statement q(db_, "DELETE FROM groups WHERE id = ?1");
    q.bind(1, rowId);
    if (q.exec() == 0) return core::notFound("no such group");
    return core::Status::ok();
  });
}

core::Status SqliteScimRepository::addMembers(int64_t rowId, const std::vector<std::string>& ids) {
  return guarded("add group members", [&]() -> core::Status {
    SQLite::Statement person(db_,
                             "SELECT id FROM employees WHERE external_id = ?1 AND "
                             "scim_deleted_at = ''");
    SQLite::Statement group(db_, "SELECT id FROM groups WHERE external_id = ?1");
    SQLite::Statement addPerson(
        db_, "INSERT OR IGNORE INTO group_members (group_id, employee_id) VALUES (?1, ?2)");
    SQLite::Statement addGroup(
        db_, "INSERT OR IGNORE INTO group_subgroups (group_id, child_group_id) VALUES (?1, ?2)");
    for (const auto& id : ids) {
      person.bind(1, id);
      if (person.executeStep()) {
        addPerson.bind(1, rowId);
        addPerson.bind(2, person.getColumn(0).getInt64());
        addPerson.exec();
        addPerson.reset();
        person.reset();
        continue;
      }
      person.reset();
      group.bind(1, id);
      if (!group.executeStep()) {
        return core::invalidArgument("no User or Group has the id \"" + id + "\"")
            .withDetail("invalidValue");
      }
      const int64_t child = group.getColumn(0).getInt64();
      group.reset();
      if (child == rowId) {
        return core::invalidArgument("a group cannot be a member of itself")
            .withDetail("invalidValue");
      }
      addGroup.bind(1, rowId);
      addGroup.bind(2, child);
      addGroup.exec();
      addGroup.reset();
    }
    SQLite::Statement touch(db_, std::string("UPDATE groups SET updated_at = ") + kNow +
                                     " WHERE id = ?1");
    touch.bind(1, rowId);
    touch.exec();
    return core::Status::ok();
  });
}

core::Status SqliteScimRepository::removeMembers(int64_t rowId,
                                                 const std::vector<std::string>& ids) {
  return guarded("remove group members", [&]() -> core::Status {
    SQLite::Statement person(db_,
                             "DELETE FROM group_members WHERE group_id = ?1 AND employee_id = "
                             "(SELECT id FROM employees WHERE external_id = ?2)");
    SQLite::Statement group(db_,
                            "DELETE FROM group_subgroups WHERE group_id = ?1 AND child_group_id = "
                            "(SELECT id FROM groups WHERE external_id = ?2)");
    for (const auto& id : ids) {
      person.bind(1, rowId);
      person.bind(2, id);
      if (person.exec() == 0) {
        group.bind(1, rowId);
        group.bind(2, id);
        group.exec();
        group.reset();
      }
      person.reset();
    }
    SQLite::Statement touch(db_, std::string("UPDATE groups SET updated_at = ") + kNow +
                                     " WHERE id = ?1");
    touch.bind(1, rowId);
    touch.exec();
    return core::Status::ok();
  });
}

core::Status SqliteScimRepository::removeAllMembers(int64_t rowId) {
  return guarded("remove group members", [&]() -> core::Status {
    for (const char* sql : {"DELETE FROM group_members WHERE group_id = ?1",
                            "DELETE FROM group_subgroups WHERE group_id = ?1"}) {
      SQLite::Statement q(db_, sql);
      q.bind(1, rowId);
      q.exec();
    }
    SQLite::Statement touch(db_, std::string("UPDATE groups SET updated_at = ") + kNow +
                                     " WHERE id = ?1");
    touch.bind(1, rowId);
    touch.exec();
    return core::Status::ok();
  });
}

core::Result<bool> SqliteScimRepository::hasMember(int64_t rowId, const std::string& memberId) {
  return guarded("read group member", [&]() -> core::Result<bool> {
    SQLite::Statement q(db_,
                        "SELECT EXISTS (SELECT 1 FROM group_members gm JOIN employees x ON "
                        "x.id = gm.employee_id WHERE gm.group_id = ?1 AND x.external_id = ?2) "
                        "OR EXISTS (SELECT 1 FROM group_subgroups s JOIN groups c ON "
                        "c.id = s.child_group_id WHERE s.group_id = ?1 AND c.external_id = ?2)");
    q.bind(1, rowId);
    q.bind(2, memberId);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  });
}

core::Result<int64_t> SqliteScimRepository::groupVersion(int64_t rowId) {
  return guarded("read group version", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_, "SELECT version FROM groups WHERE id = ?1");
    q.bind(1, rowId);
    if (!q.executeStep()) return core::notFound("no such group");
    return q.getColumn(0).getInt64();
  });
}

}  // namespace tandem::storage::internal
