#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

core::Result<int64_t> SqliteGroupRepository::ensureGroup(const std::string& name,
                                                         const std::string& source) {
  return guarded("store group " + name, [&]() -> core::Result<int64_t> {
    SQLite::Statement find(db_, "SELECT id FROM groups WHERE name = ?1");
    find.bind(1, name);
    if (find.executeStep()) return find.getColumn(0).getInt64();
    SQLite::Statement insert(db_, "INSERT INTO groups (source, name) VALUES (?1, ?2)");
    insert.bind(1, source);
    insert.bind(2, name);
    insert.exec();
    return db_.getLastInsertRowid();
  });
}

core::Status SqliteGroupRepository::setEmployeeGroups(int64_t employeeId,
                                                      const std::vector<std::string>& names,
                                                      const std::string& source) {
  std::vector<int64_t> ids;
  for (const auto& name : names) {
    auto id = ensureGroup(name, source);
    if (!id.isOk()) return id.status();
    ids.push_back(*id);
  }
  return guarded("store group membership", [&]() -> core::Status {
    SQLite::Statement clear(db_, "DELETE FROM group_members WHERE employee_id = ?1");
    clear.bind(1, employeeId);
    clear.exec();
    SQLite::Statement add(db_,
                          "INSERT OR IGNORE INTO group_members (group_id, employee_id) "
                          "VALUES (?1, ?2)");
    for (int64_t id : ids) {
      add.bind(1, id);
      add.bind(2, employeeId);
      add.exec();
      add.reset();
    }
    return core::Status::ok();
  });
}

core::Result<std::vector<std::string>> SqliteGroupRepository::groupsOf(int64_t employeeId) {
  return guarded("read groups", [&]() -> core::Result<std::vector<std::string>> {
    // Direct groups and every group that contains one of them (nested), with a depth guard.
    SQLite::Statement q(db_,
                        "WITH RECURSIVE g(id, depth) AS ("
                        " SELECT group_id, 0 FROM group_members WHERE employee_id = ?1"
                        " UNION SELECT s.group_id, g.depth + 1 FROM group_subgroups s"
                        " JOIN g ON s.child_group_id = g.id WHERE g.depth < 32)"
                        " SELECT DISTINCT name FROM groups WHERE id IN (SELECT id FROM g)"
                        " ORDER BY name");
    q.bind(1, employeeId);
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

}  // namespace tandem::storage::internal
