#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

core::Result<std::optional<std::string>> SqliteSettingsRepository::get(const std::string& key) {
  return guarded("read setting", [&]() -> core::Result<std::optional<std::string>> {
    SQLite::Statement q(db_, "SELECT value FROM module_settings WHERE key = ?1");
    q.bind(1, key);
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

core::Status SqliteSettingsRepository::set(const std::string& key, const std::string& value) {
  return guarded("store setting", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "INSERT INTO module_settings (key, value) VALUES (?1, ?2) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
    return core::Status::ok();
  });
}

core::Status SqliteAuditLog::append(const std::string& actor, const std::string& action,
                                    const std::string& target, const std::string& detailsJson) {
  return guarded("append audit log", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "INSERT INTO audit_log (actor, action, target, details) "
                        "VALUES (?1, ?2, ?3, ?4)");
    q.bind(1, actor);
    q.bind(2, action);
    q.bind(3, target);
    q.bind(4, detailsJson);
    q.exec();
    return core::Status::ok();
  });
}

core::Result<int64_t> SqliteAuditLog::count() {
  return guarded("count audit log", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_, "SELECT count(*) FROM audit_log");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Result<std::vector<std::string>> SqliteAuditLog::entriesAbout(const std::string& subject) {
  return guarded("read audit log", [&]() -> core::Result<std::vector<std::string>> {
    SQLite::Statement q(db_,
                        "SELECT json_object('at', at, 'actor', actor, 'action', action, "
                        "'target', target) FROM audit_log WHERE actor = ?1 OR target = ?1 "
                        "ORDER BY id");
    q.bind(1, subject);
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

core::Status SqliteAuditLog::pseudonymize(const std::string& subject,
                                          const std::string& pseudonym) {
  return guarded("pseudonymize audit log", [&]() -> core::Status {
    SQLite::Statement actor(db_, "UPDATE audit_log SET actor = ?2 WHERE actor = ?1");
    actor.bind(1, subject);
    actor.bind(2, pseudonym);
    actor.exec();
    SQLite::Statement target(db_, "UPDATE audit_log SET target = ?2 WHERE target = ?1");
    target.bind(1, subject);
    target.bind(2, pseudonym);
    target.exec();
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
