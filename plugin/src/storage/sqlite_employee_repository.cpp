#include <sqlite3.h>

#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using directory::Employee;
using directory::UpsertOutcome;

Employee readEmployeeColumns(SQLite::Statement& q) {
  Employee e;
  e.id = q.getColumn(0).getInt64();
  e.source = q.getColumn(1).getString();
  e.externalId = q.getColumn(2).getString();
  e.userName = q.getColumn(3).getString();
  e.displayName = q.getColumn(4).getString();
  e.givenName = q.getColumn(5).getString();
  e.familyName = q.getColumn(6).getString();
  e.email = q.getColumn(7).getString();
  e.department = q.getColumn(8).getString();
  e.title = q.getColumn(9).getString();
  if (!q.getColumn(10).isNull()) e.level = q.getColumn(10).getInt();
  e.hireDate = q.getColumn(11).getString();
  e.hireDateConfidence = q.getColumn(12).getString();
  e.location = q.getColumn(13).getString();
  e.timeZone = q.getColumn(14).getString();
  e.locale = q.getColumn(15).getString();
  e.employeeType = q.getColumn(16).getString();
  e.languages = fromJsonArray(q.getColumn(17).getString());
  e.managerExternalId = q.getColumn(18).getString();
  if (!q.getColumn(19).isNull()) e.managerId = q.getColumn(19).getInt64();
  e.active = q.getColumn(20).getInt() != 0;
  e.updatedAt = q.getColumn(21).getString();
  return e;
}

namespace {

constexpr const char* kColumns =
    "e.id, e.source, e.external_id, e.user_name, e.display_name, e.given_name, e.family_name, "
    "e.email, e.department, e.title, e.level, e.hire_date, e.hire_date_confidence, e.location, "
    "e.time_zone, e.locale, e.employee_type, e.languages, e.manager_external_id, e.manager_id, "
    "e.active, e.updated_at, m.display_name";

Employee readEmployee(SQLite::Statement& q) {
  Employee e = readEmployeeColumns(q);
  if (!q.getColumn(22).isNull()) e.managerName = q.getColumn(22).getString();
  return e;
}

void bindAttributes(SQLite::Statement& q, const Employee& e) {
  q.bind(":source", e.source);
  q.bind(":external_id", e.externalId);
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
}

// Escapes LIKE wildcards so user text matches literally (ESCAPE '\').
std::string likePattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace

core::Result<std::optional<Employee>> SqliteEmployeeRepository::findOne(
    const char* where, const std::function<void(SQLite::Statement&)>& bind) {
  return guarded("read employee", [&]() -> core::Result<std::optional<Employee>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns +
                                 " FROM employees e LEFT JOIN employees m ON m.id = e.manager_id"
                                 " WHERE " + where);
    bind(q);
    if (!q.executeStep()) return std::optional<Employee>();
    return std::optional<Employee>(readEmployee(q));
  });
}

core::Result<std::optional<Employee>> SqliteEmployeeRepository::findById(int64_t id) {
  return findOne("e.id = ?1", [id](SQLite::Statement& q) { q.bind(1, id); });
}

core::Result<std::optional<Employee>> SqliteEmployeeRepository::findByUserName(
    const std::string& userName) {
  return findOne("e.user_name = ?1", [&](SQLite::Statement& q) { q.bind(1, userName); });
}

core::Result<std::optional<Employee>> SqliteEmployeeRepository::findByExternalId(
    const std::string& externalId) {
  return findOne("e.external_id = ?1", [&](SQLite::Statement& q) { q.bind(1, externalId); });
}

core::Result<UpsertOutcome> SqliteEmployeeRepository::upsert(Employee& employee) {
  auto existing = findByExternalId(employee.externalId);
  if (!existing.isOk()) return existing.status();
  return guarded("store employee " + employee.externalId, [&]() -> core::Result<UpsertOutcome> {
    if (existing->has_value()) {
      const Employee& old = **existing;
      employee.id = old.id;
      if (old.sameAttributes(employee)) return UpsertOutcome::kUnchanged;
      SQLite::Statement q(db_,
                          "UPDATE employees SET source = :source, external_id = :external_id, "
                          "user_name = :user_name, display_name = :display_name, "
                          "given_name = :given_name, family_name = :family_name, email = :email, "
                          "department = :department, title = :title, level = :level, "
                          "hire_date = :hire_date, hire_date_confidence = :hire_date_confidence, "
                          "location = :location, time_zone = :time_zone, locale = :locale, "
                          "employee_type = :employee_type, languages = :languages, "
                          "manager_external_id = :manager_external_id, active = :active, "
                          "sync_hash = '', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = :id");
      bindAttributes(q, employee);
      q.bind(":id", employee.id);
      q.exec();
      return UpsertOutcome::kUpdated;
    }
    SQLite::Statement q(db_,
                        "INSERT INTO employees (source, external_id, user_name, display_name, "
                        "given_name, family_name, email, department, title, level, hire_date, "
                        "hire_date_confidence, location, time_zone, locale, employee_type, "
                        "languages, manager_external_id, active) VALUES (:source, :external_id, "
                        ":user_name, :display_name, :given_name, :family_name, :email, "
                        ":department, :title, :level, :hire_date, :hire_date_confidence, "
                        ":location, :time_zone, :locale, :employee_type, :languages, "
                        ":manager_external_id, :active)");
    bindAttributes(q, employee);
    q.exec();
    employee.id = db_.getLastInsertRowid();
    return UpsertOutcome::kAdded;
  });
}

core::Result<int64_t> SqliteEmployeeRepository::resolveManagers() {
  return guarded("resolve managers", [&]() -> core::Result<int64_t> {
    db_.exec(
        "UPDATE employees SET manager_id = (SELECT m.id FROM employees m WHERE "
        "m.external_id = employees.manager_external_id AND m.id <> employees.id) "
        "WHERE manager_id IS NOT (SELECT m.id FROM employees m WHERE "
        "m.external_id = employees.manager_external_id AND m.id <> employees.id)");
    SQLite::Statement q(db_,
                        "SELECT count(*) FROM employees WHERE manager_external_id <> '' AND "
                        "manager_id IS NULL");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Result<directory::EmployeePage> SqliteEmployeeRepository::search(
    const directory::EmployeeQuery& query) {
  return guarded("search employees", [&]() -> core::Result<directory::EmployeePage> {
    std::string where = " WHERE 1 = 1";
    if (!query.includeInactive) where += " AND e.active = 1";
    if (!query.text.empty()) {
      where +=
          " AND (e.display_name LIKE :text ESCAPE '\\' OR e.user_name LIKE :text ESCAPE '\\'"
          " OR e.email LIKE :text ESCAPE '\\')";
    }
    if (!query.department.empty()) where += " AND e.department = :department";
    auto bindFilters = [&](SQLite::Statement& q) {
      if (!query.text.empty()) q.bind(":text", likePattern(query.text));
      if (!query.department.empty()) q.bind(":department", query.department);
    };
    directory::EmployeePage page;
    SQLite::Statement countQ(db_, "SELECT count(*) FROM employees e" + where);
    bindFilters(countQ);
    countQ.executeStep();
    page.total = countQ.getColumn(0).getInt64();
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns +
                                 " FROM employees e LEFT JOIN employees m ON m.id = e.manager_id" +
                                 where + " ORDER BY e.display_name, e.id LIMIT :limit OFFSET :offset");
    bindFilters(q);
    q.bind(":limit", query.limit);
    q.bind(":offset", query.offset);
    while (q.executeStep()) page.items.push_back(readEmployee(q));
    return page;
  });
}

core::Result<std::vector<std::string>> SqliteEmployeeRepository::departments() {
  return guarded("list departments", [&]() -> core::Result<std::vector<std::string>> {
    SQLite::Statement q(db_,
                        "SELECT DISTINCT department FROM employees WHERE active = 1 AND "
                        "department <> '' ORDER BY department");
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

core::Result<int64_t> SqliteEmployeeRepository::count() {
  return guarded("count employees", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_, "SELECT count(*) FROM employees WHERE active = 1");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Status SqliteEmployeeRepository::anonymize(int64_t id) {
  return guarded("erase employee", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE employees SET user_name = 'erased-' || id, "
                        "display_name = 'Erased employee', given_name = '', family_name = '', "
                        "email = '', title = '', hire_date = '', hire_date_confidence = 'unknown', "
                        "location = '', time_zone = '', locale = '', languages = '[]', "
                        "active = 0, sync_hash = '', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                        "WHERE id = ?1");
    q.bind(1, id);
    if (q.exec() == 0) return core::notFound("no employee with id " + std::to_string(id));
    SQLite::Statement raw(db_, "DELETE FROM employee_raw WHERE employee_id = ?1");
    raw.bind(1, id);
    raw.exec();
    SQLite::Statement groups(db_, "DELETE FROM group_members WHERE employee_id = ?1");
    groups.bind(1, id);
    groups.exec();
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
