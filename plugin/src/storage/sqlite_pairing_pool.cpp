#include "storage/internal/sqlite_pairing_pool.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

namespace {

// Manager chains longer than this are cut: no real organisation is that deep, and it bounds the
// walk whatever the data says.
constexpr size_t kMaxChain = 64;

std::vector<mentoring::AvailabilityWindow> availabilityFromJson(const std::string& text) {
  std::vector<mentoring::AvailabilityWindow> out;
  for (const auto& j : nlohmann::json::parse(text)) {
    out.push_back({j.at("weekday").get<int>(), j.at("start").get<std::string>(),
                   j.at("end").get<std::string>()});
  }
  return out;
}

pairing::PairingRole roleFrom(const std::string& role) {
  if (role == "mentor") return pairing::PairingRole::kMentor;
  if (role == "both") return pairing::PairingRole::kBoth;
  return pairing::PairingRole::kMentee;
}

}  // namespace

core::Result<std::vector<pairing::PairingPerson>> SqlitePairingPool::participants() {
  return guarded("read the pairing pool", [&]() -> core::Result<std::vector<pairing::PairingPerson>> {
    std::unordered_map<int64_t, int64_t> managerOf;
    {
      SQLite::Statement q(db_, "SELECT id, manager_id FROM employees WHERE manager_id IS NOT NULL");
      while (q.executeStep()) managerOf.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
    }
    std::vector<pairing::PairingPerson> people;
    std::unordered_map<int64_t, size_t> index;
    SQLite::Statement q(
        db_,
        "SELECT p.employee_id, e.display_name, e.department, e.level, e.hire_date, "
        "e.employee_type, e.languages, e.time_zone, p.role, p.capacity, p.availability, "
        "p.languages FROM participants p JOIN employees e ON e.id = p.employee_id "
        "WHERE p.status = 'active' AND e.active = 1 ORDER BY p.employee_id");
    while (q.executeStep()) {
      pairing::PairingPerson p;
      p.id = q.getColumn(0).getInt64();
      p.displayName = q.getColumn(1).getString();
      p.department = q.getColumn(2).getString();
      if (!q.getColumn(3).isNull()) p.level = q.getColumn(3).getInt();
      p.hireDate = q.getColumn(4).getString();
      p.employeeType = q.getColumn(5).getString();
      const auto stated = fromJsonArray(q.getColumn(11).getString());
      p.languages = stated.empty() ? fromJsonArray(q.getColumn(6).getString()) : stated;
      p.timeZone = q.getColumn(7).getString();
      p.role = roleFrom(q.getColumn(8).getString());
      p.capacity = q.getColumn(9).getInt();
      p.availability = availabilityFromJson(q.getColumn(10).getString());
      std::unordered_set<int64_t> seen{p.id};
      for (auto it = managerOf.find(p.id); it != managerOf.end() && p.managerChain.size() < kMaxChain;
           it = managerOf.find(it->second)) {
        if (!seen.insert(it->second).second) break;  // a cycle in the directory's manager links
        p.managerChain.push_back(it->second);
      }
      index.emplace(p.id, people.size());
      people.push_back(std::move(p));
    }
    SQLite::Statement s(db_,
                        "SELECT ps.employee_id, ps.skill_id, ps.direction, ps.level "
                        "FROM participant_skills ps ORDER BY ps.employee_id, ps.direction, "
                        "ps.skill_id");
    while (s.executeStep()) {
      const auto it = index.find(s.getColumn(0).getInt64());
      if (it == index.end()) continue;  // opted out or inactive
      people[it->second].skills.push_back(
          {s.getColumn(1).getInt64(),
           s.getColumn(2).getString() == "teach" ? mentoring::Direction::kTeach
                                                 : mentoring::Direction::kLearn,
           s.getColumn(3).getInt()});
    }
    return people;
  });
}

core::Result<std::map<int64_t, pairing::CatalogueSkill>> SqlitePairingPool::skills() {
  return guarded("read the skills catalogue",
                 [&]() -> core::Result<std::map<int64_t, pairing::CatalogueSkill>> {
                   std::map<int64_t, pairing::CatalogueSkill> out;
                   SQLite::Statement q(db_, "SELECT id, kind, slug, name FROM skills");
                   while (q.executeStep()) {
                     out.emplace(q.getColumn(0).getInt64(),
                                 pairing::CatalogueSkill{q.getColumn(1).getString(),
                                                         q.getColumn(2).getString(),
                                                         q.getColumn(3).getString()});
                   }
                   return out;
                 });
}

core::Result<std::vector<pairing::PersonPair>> SqlitePairingPool::earlierPairs(int64_t programId) {
  return guarded("read earlier pairs", [&]() -> core::Result<std::vector<pairing::PersonPair>> {
    std::vector<pairing::PersonPair> out;
    SQLite::Statement q(db_,
                        "SELECT DISTINCT mentor_id, mentee_id FROM matches WHERE program_id <> ?1 "
                        "AND (status IN ('accepted', 'active', 'completed') OR "
                        "(status = 'closed' AND mentor_response = 'accepted' AND "
                        "mentee_response = 'accepted')) ORDER BY mentor_id, mentee_id");
    q.bind(1, programId);
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64()});
    }
    return out;
  });
}

}  // namespace tandem::storage::internal
