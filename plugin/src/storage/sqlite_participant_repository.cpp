#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using mentoring::Participant;

namespace {

std::string availabilityToJson(const std::vector<mentoring::AvailabilityWindow>& windows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& w : windows) {
    out.push_back({{"weekday", w.weekday}, {"start", w.start}, {"end", w.end}});
  }
  return out.dump();
}

std::vector<mentoring::AvailabilityWindow> availabilityFromJson(const std::string& text) {
  std::vector<mentoring::AvailabilityWindow> out;
  for (const auto& j : nlohmann::json::parse(text)) {
    out.push_back({j.at("weekday").get<int>(), j.at("start").get<std::string>(),
                   j.at("end").get<std::string>()});
  }
  return out;
}

}  // namespace

core::Result<std::optional<Participant>> SqliteParticipantRepository::find(int64_t employeeId) {
  return guarded("read participant", [&]() -> core::Result<std::optional<Participant>> {
    SQLite::Statement q(db_,
                        "SELECT role, capacity, languages, availability, hope_note, readiness, "
                        "status, consent_at, updated_at FROM participants WHERE employee_id = ?1");
    q.bind(1, employeeId);
    if (!q.executeStep()) return std::optional<Participant>();
    Participant p;
    p.employeeId = employeeId;
    p.role = q.getColumn(0).getString();
    p.capacity = q.getColumn(1).getInt();
    p.languages = fromJsonArray(q.getColumn(2).getString());
    p.availability = availabilityFromJson(q.getColumn(3).getString());
    p.hopeNote = q.getColumn(4).getString();
    p.readiness = nlohmann::json::parse(q.getColumn(5).getString()).get<std::map<std::string, bool>>();
    p.status = q.getColumn(6).getString();
    p.consentAt = q.getColumn(7).getString();
    p.updatedAt = q.getColumn(8).getString();
    SQLite::Statement s(db_,
                        "SELECT skill_id, direction, level FROM participant_skills "
                        "WHERE employee_id = ?1 ORDER BY direction, skill_id");
    s.bind(1, employeeId);
    while (s.executeStep()) {
      p.skills.push_back({s.getColumn(0).getInt64(),
                          s.getColumn(1).getString() == "teach" ? mentoring::Direction::kTeach
                                                                : mentoring::Direction::kLearn,
                          s.getColumn(2).getInt()});
    }
    return std::optional<Participant>(std::move(p));
  });
}

core::Status SqliteParticipantRepository::save(const Participant& p) {
  return guarded("store participant", [&]() -> core::Status {
    SQLite::Statement q(
        db_,
        "INSERT INTO participants (employee_id, role, capacity, languages, availability, "
        "hope_note, readiness, status, consent_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT(employee_id) DO UPDATE SET "
        "role = excluded.role, capacity = excluded.capacity, languages = excluded.languages, "
        "availability = excluded.availability, hope_note = excluded.hope_note, "
        "readiness = excluded.readiness, status = excluded.status, "
        "consent_at = excluded.consent_at, updated_at = excluded.updated_at");
    q.bind(1, p.employeeId);
    q.bind(2, p.role);
    q.bind(3, p.capacity);
    q.bind(4, toJsonArray(p.languages));
    q.bind(5, availabilityToJson(p.availability));
    q.bind(6, p.hopeNote);
    q.bind(7, nlohmann::json(p.readiness).dump());
    q.bind(8, p.status);
    q.bind(9, p.consentAt);
    q.exec();
    SQLite::Statement clear(db_, "DELETE FROM participant_skills WHERE employee_id = ?1");
    clear.bind(1, p.employeeId);
    clear.exec();
    SQLite::Statement add(db_,
                          "INSERT INTO participant_skills (employee_id, skill_id, direction, level) "
                          "VALUES (?1, ?2, ?3, ?4)");
    for (const auto& s : p.skills) {
      add.bind(1, p.employeeId);
      add.bind(2, s.skillId);
      add.bind(3, s.direction == mentoring::Direction::kTeach ? "teach" : "learn");
      add.bind(4, s.level);
      add.exec();
      add.reset();
    }
    return core::Status::ok();
  });
}

core::Result<int64_t> SqliteParticipantRepository::countActive() {
  return guarded("count participants", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_, "SELECT count(*) FROM participants WHERE status = 'active'");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Status SqliteParticipantRepository::remove(int64_t employeeId) {
  return guarded("delete participant", [&]() -> core::Status {
    SQLite::Statement q(db_, "DELETE FROM participants WHERE employee_id = ?1");
    q.bind(1, employeeId);
    q.exec();
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
