#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using mentoring::Skill;

namespace {

Skill readSkill(SQLite::Statement& q) {
  Skill s;
  s.id = q.getColumn(0).getInt64();
  s.slug = q.getColumn(1).getString();
  s.kind = q.getColumn(2).getString();
  s.name = q.getColumn(3).getString();
  s.names = nlohmann::json::parse(q.getColumn(4).getString())
                .get<std::map<std::string, std::string>>();
  s.description = q.getColumn(5).getString();
  s.active = q.getColumn(6).getInt() != 0;
  return s;
}

constexpr const char* kSelect =
    "SELECT id, slug, kind, name, names, description, active FROM skills";

}  // namespace

core::Result<std::vector<Skill>> SqliteSkillRepository::list(bool includeInactive) {
  return guarded("list skills", [&]() -> core::Result<std::vector<Skill>> {
    SQLite::Statement q(db_, std::string(kSelect) +
                                 (includeInactive ? "" : " WHERE active = 1") +
                                 " ORDER BY kind DESC, name");
    std::vector<Skill> out;
    while (q.executeStep()) out.push_back(readSkill(q));
    return out;
  });
}

core::Result<std::optional<Skill>> SqliteSkillRepository::findById(int64_t id) {
  return guarded("read skill", [&]() -> core::Result<std::optional<Skill>> {
    SQLite::Statement q(db_, std::string(kSelect) + " WHERE id = ?1");
    q.bind(1, id);
    if (!q.executeStep()) return std::optional<Skill>();
    return std::optional<Skill>(readSkill(q));
  });
}

core::Result<Skill> SqliteSkillRepository::create(Skill skill) {
  return guarded("create skill " + skill.slug, [&]() -> core::Result<Skill> {
    SQLite::Statement q(db_,
                        "INSERT INTO skills (slug, kind, name, names, description, active) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q.bind(1, skill.slug);
    q.bind(2, skill.kind);
    q.bind(3, skill.name);
    q.bind(4, nlohmann::json(skill.names).dump());
    q.bind(5, skill.description);
    q.bind(6, skill.active ? 1 : 0);
    q.exec();
    skill.id = db_.getLastInsertRowid();
    return skill;
  });
}

core::Status SqliteSkillRepository::update(const Skill& skill) {
  return guarded("update skill " + skill.slug, [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE skills SET slug = ?1, kind = ?2, name = ?3, names = ?4, "
                        "description = ?5, active = ?6 WHERE id = ?7");
    q.bind(1, skill.slug);
    q.bind(2, skill.kind);
    q.bind(3, skill.name);
    q.bind(4, nlohmann::json(skill.names).dump());
    q.bind(5, skill.description);
    q.bind(6, skill.active ? 1 : 0);
    q.bind(7, skill.id);
    if (q.exec() == 0) return core::notFound("no skill with id " + std::to_string(skill.id));
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
