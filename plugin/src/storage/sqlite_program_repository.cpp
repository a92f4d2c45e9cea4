#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using mentoring::Program;

namespace {

constexpr const char* kSelect =
    "SELECT id, name, description, starts_on, ends_on, status, settings, created_by, created_at, "
    "updated_at FROM programs";

Program readProgram(SQLite::Statement& q) {
  Program p;
  p.id = q.getColumn(0).getInt64();
  p.name = q.getColumn(1).getString();
  p.description = q.getColumn(2).getString();
  p.startsOn = q.getColumn(3).getString();
  p.endsOn = q.getColumn(4).getString();
  p.status = q.getColumn(5).getString();
  p.settingsJson = q.getColumn(6).getString();
  p.createdBy = q.getColumn(7).getString();
  p.createdAt = q.getColumn(8).getString();
  p.updatedAt = q.getColumn(9).getString();
  return p;
}

}  // namespace

core::Result<std::vector<Program>> SqliteProgramRepository::list() {
  return guarded("list programs", [&]() -> core::Result<std::vector<Program>> {
    SQLite::Statement q(db_, std::string(kSelect) + " ORDER BY starts_on DESC, id DESC");
    std::vector<Program> out;
    while (q.executeStep()) out.push_back(readProgram(q));
    return out;
  });
}

core::Result<std::optional<Program>> SqliteProgramRepository::findById(int64_t id) {
  return guarded("read program", [&]() -> core::Result<std::optional<Program>> {
    SQLite::Statement q(db_, std::string(kSelect) + " WHERE id = ?1");
    q.bind(1, id);
    if (!q.executeStep()) return std::optional<Program>();
    return std::optional<Program>(readProgram(q));
  });
}

core::Result<Program> SqliteProgramRepository::create(Program p) {
  auto created = guarded("create program", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_,
                        "INSERT INTO programs (name, description, starts_on, ends_on, status, "
                        "settings, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bind(1, p.name);
    q.bind(2, p.description);
    q.bind(3, p.startsOn);
    q.bind(4, p.endsOn);
    q.bind(5, p.status);
    q.bind(6, p.settingsJson);
    q.bind(7, p.createdBy);
    q.exec();
    return db_.getLastInsertRowid();
  });
  if (!created.isOk()) return created.status();
  auto stored = findById(*created);
  if (!stored.isOk()) return stored.status();
  return **stored;
}

core::Status SqliteProgramRepository::update(const Program& p) {
  return guarded("update program", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE programs SET name = ?1, description = ?2, starts_on = ?3, "
                        "ends_on = ?4, status = ?5, settings = ?6, "
                        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?7");
    q.bind(1, p.name);
    q.bind(2, p.description);
    q.bind(3, p.startsOn);
    q.bind(4, p.endsOn);
    q.bind(5, p.status);
    q.bind(6, p.settingsJson);
    q.bind(7, p.id);
    if (q.exec() == 0) return core::notFound("no program with id " + std::to_string(p.id));
    return core::Status::ok();
  });
}

core::Status SqliteProgramRepository::remove(int64_t id) {
  return guarded("delete program", [&]() -> core::Status {
    // Runs and matches are history (audit, replay, people's records): such a program is closed,
    // never deleted.
    SQLite::Statement used(db_,
                           "SELECT EXISTS (SELECT 1 FROM match_runs WHERE program_id = ?1) OR "
                           "EXISTS (SELECT 1 FROM matches WHERE program_id = ?1)");
    used.bind(1, id);
    if (used.executeStep() && used.getColumn(0).getInt() != 0) {
      return core::failedPrecondition("program " + std::to_string(id) +
                                      " has pairing runs or matches: close it instead of "
                                      "deleting it");
    }
    SQLite::Statement q(db_, "DELETE FROM programs WHERE id = ?1");
    q.bind(1, id);
    if (q.exec() == 0) return core::notFound("no program with id " + std::to_string(id));
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
