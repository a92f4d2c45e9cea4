#include "pairing/pairing_instance.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include "pairing/pair_scorer.h"

namespace tandem::pairing {

using nlohmann::json;

namespace {

core::Status bad(const std::string& path, const std::string& what) {
  return core::invalidArgument(path + " " + what);
}

bool isForbiddenAttribute(const std::string& key) {
  static const std::set<std::string> kForbidden = {"age",    "birthDate", "birthdate",
                                                   "dateOfBirth", "birthYear", "gender",
                                                   "sex",    "ethnicity"};
  return kForbidden.count(key) != 0;
}

core::Status checkKeys(const json& object, const std::string& path,
                       const std::set<std::string>& known) {
  if (!object.is_object()) return bad(path, "must be an object");
  for (const auto& [key, value] : object.items()) {
    if (isForbiddenAttribute(key)) {
      return bad(path + "." + key,
                 "is not accepted: Tandem never uses age, birth date, gender or ethnicity");
    }
    if (known.count(key) == 0) return bad(path + "." + key, "is not a known field");
  }
  return core::Status::ok();
}

bool present(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && !it->is_null();
}

core::Status readId(const json& o, const char* key, const std::string& path, int64_t& out) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer() ||
      (it->is_number_unsigned() ? it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)
                                : it->get<int64_t>() < 1)) {
    return bad(path + "." + key, "must be a positive integer id");
  }
  out = it->get<int64_t>();
  if (out < 1) return bad(path + "." + key, "must be a positive integer id");
  return core::Status::ok();
}

core::Status readText(const json& o, const char* key, const std::string& path, std::string& out,
                      bool required = false) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (required) return bad(path + "." + key, "is required");
    return core::Status::ok();
  }
  if (!it->is_string() || it->get<std::string>().size() > kMaxTextLength) {
    return bad(path + "." + key,
               "must be a string of at most " + std::to_string(kMaxTextLength) + " bytes");
  }
  out = it->get<std::string>();
  if (required && out.empty()) return bad(path + "." + key, "is required");
  return core::Status::ok();
}

core::Status readIntIn(const json& o, const char* key, const std::string& path, int min, int max,
                       int& out) {
  auto it = o.find(key);
  const std::string msg = "must be an integer " + std::to_string(min) + ".." + std::to_string(max);
  if (it == o.end() || !it->is_number_integer()) return bad(path + "." + key, msg);
  if (it->is_number_unsigned() ? (it->get<uint64_t>() > static_cast<uint64_t>(max) ||
                                  static_cast<int64_t>(it->get<uint64_t>()) < min)
                               : (it->get<int64_t>() < min || it->get<int64_t>() > max)) {
    return bad(path + "." + key, msg);
  }
  out = static_cast<int>(it->get<int64_t>());
  return core::Status::ok();
}

bool isClock(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  return m <= 59 && (h < 24 || (h == 24 && m == 0));
}

core::Status readPairs(const json& root, const char* key, std::vector<PersonPair>& out) {
  auto it = root.find(key);
  if (it == root.end() || it->is_null()) return core::Status::ok();
  if (!it->is_array() || it->size() > kMaxInstancePairs) {
    return bad(key, "must be an array of at most " + std::to_string(kMaxInstancePairs) +
                        " {\"mentor\", \"mentee\"} objects");
  }
  out.reserve(it->size());
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    const json& item = (*it)[i];
    TDM_RETURN_IF_ERROR(checkKeys(item, path, {"mentor", "mentee"}));
    PersonPair p;
    TDM_RETURN_IF_ERROR(readId(item, "mentor", path, p.mentorId));
    TDM_RETURN_IF_ERROR(readId(item, "mentee", path, p.menteeId));
    out.push_back(p);
  }
  return core::Status::ok();
}

core::Result<PairingInput> parseRoot(const json& root) {
  TDM_RETURN_IF_ERROR(checkKeys(root, "instance",
                                {"settings", "referenceDate", "skills", "participants", "people",
                                 "previousPairs", "pins", "blocks", "kept"}));
  PairingInput in;
  if (present(root, "settings")) {
    auto settings = parseProgramSettings(root["settings"]);
    if (!settings.isOk()) return settings.status();
    in.settings = std::move(*settings);
  }
  if (!root.contains("referenceDate") || !root["referenceDate"].is_string() ||
      !isoDateToDays(root["referenceDate"].get<std::string>())) {
    return bad("referenceDate", "must be a date YYYY-MM-DD");
  }
  in.referenceDate = root["referenceDate"].get<std::string>();

  // Skills catalogue.
  std::map<std::string, int64_t> slugs;
  if (present(root, "skills")) {
    const json& skills = root["skills"];
    if (!skills.is_array() || skills.size() > kMaxInstanceSkills) {
      return bad("skills", "must be an array of at most " + std::to_string(kMaxInstanceSkills) +
                               " skills");
    }
    for (size_t i = 0; i < skills.size(); ++i) {
      const std::string path = "skills[" + std::to_string(i) + "]";
      const json& s = skills[i];
      TDM_RETURN_IF_ERROR(checkKeys(s, path, {"id", "slug", "kind", "name"}));
      int64_t id = 0;
      TDM_RETURN_IF_ERROR(readId(s, "id", path, id));
      CatalogueSkill skill;
      TDM_RETURN_IF_ERROR(readText(s, "slug", path, skill.slug));
      TDM_RETURN_IF_ERROR(readText(s, "kind", path, skill.kind, true));
      if (skill.kind != "digital" && skill.kind != "business") {
        return bad(path + ".kind", "must be \"digital\" or \"business\"");
      }
      TDM_RETURN_IF_ERROR(readText(s, "name", path, skill.name));
      if (in.skills.count(id) != 0) return bad(path + ".id", "repeats skill " + std::to_string(id));
      if (!skill.slug.empty() && !slugs.emplace(skill.slug, id).second) {
        return bad(path + ".slug", "repeats \"" + skill.slug + "\"");
      }
      in.skills.emplace(id, std::move(skill));
    }
  }

  // Participants.
  if (!root.contains("participants") || !root["participants"].is_array() ||
      root["participants"].size() > kMaxInstanceParticipants) {
    return bad("participants", "must be an array of at most " +
                                   std::to_string(kMaxInstanceParticipants) + " participants");
  }
  const json& participants = root["participants"];
  std::unordered_map<int64_t, int64_t> managerOf;  // id -> manager id (0 = none)
  std::unordered_map<int64_t, std::string> firstSeen;  // id -> path, for duplicates
  in.people.reserve(participants.size());
  managerOf.reserve(participants.size());
  for (size_t i = 0; i < participants.size(); ++i) {
    const std::string path = "participants[" + std::to_string(i) + "]";
    const json& p = participants[i];
    TDM_RETURN_IF_ERROR(checkKeys(p, path,
                                  {"id", "name", "department", "level", "hireDate", "employeeType",
                                   "managerId", "languages", "timeZone", "availability", "role",
                                   "capacity", "skills"}));
    PairingPerson person;
    TDM_RETURN_IF_ERROR(readId(p, "id", path, person.id));
    if (auto [it, inserted] = firstSeen.emplace(person.id, path); !inserted) {
      return bad(path + ".id", "repeats id " + std::to_string(person.id) + " of " + it->second);
    }
    TDM_RETURN_IF_ERROR(readText(p, "name", path, person.displayName));
    TDM_RETURN_IF_ERROR(readText(p, "department", path, person.department));
    if (present(p, "level")) {
      int level = 0;
      TDM_RETURN_IF_ERROR(readIntIn(p, "level", path, 0, 100, level));
      person.level = level;
    }
    TDM_RETURN_IF_ERROR(readText(p, "hireDate", path, person.hireDate));
    if (!person.hireDate.empty() && !isoDateToDays(person.hireDate)) {
      return bad(path + ".hireDate", "must be a date YYYY-MM-DD");
    }
    TDM_RETURN_IF_ERROR(readText(p, "employeeType", path, person.employeeType));
    int64_t manager = 0;
    if (present(p, "managerId")) TDM_RETURN_IF_ERROR(readId(p, "managerId", path, manager));
    if (manager == person.id) return bad(path + ".managerId", "must not be the person's own id");
    managerOf[person.id] = manager;
    if (present(p, "languages")) {
      const json& langs = p["languages"];
      if (!langs.is_array() || langs.size() > kMaxPersonLanguages) {
        return bad(path + ".languages", "must be an array of at most " +
                                            std::to_string(kMaxPersonLanguages) + " strings");
      }
      for (size_t j = 0; j < langs.size(); ++j) {
        if (!langs[j].is_string() || langs[j].get<std::string>().empty() ||
            langs[j].get<std::string>().size() > 35) {
          return bad(path + ".languages[" + std::to_string(j) + "]",
                     "must be a language code such as \"fr\"");
        }
        person.languages.push_back(langs[j].get<std::string>());
      }
    }
    TDM_RETURN_IF_ERROR(readText(p, "timeZone", path, person.timeZone));
    if (present(p, "availability")) {
      const json& windows = p["availability"];
      if (!windows.is_array() || windows.size() > kMaxPersonWindows) {
        return bad(path + ".availability", "must be an array of at most " +
                                               std::to_string(kMaxPersonWindows) + " windows");
      }
      for (size_t j = 0; j < windows.size(); ++j) {
        const std::string wpath = path + ".availability[" + std::to_string(j) + "]";
        const json& w = windows[j];
        TDM_RETURN_IF_ERROR(checkKeys(w, wpath, {"weekday", "start", "end"}));
        mentoring::AvailabilityWindow window;
        TDM_RETURN_IF_ERROR(readIntIn(w, "weekday", wpath, 1, 7, window.weekday));
        TDM_RETURN_IF_ERROR(readText(w, "start", wpath, window.start, true));
        TDM_RETURN_IF_ERROR(readText(w, "end", wpath, window.end, true));
        if (!isClock(window.start)) return bad(wpath + ".start", "must be a time HH:MM");
        if (!isClock(window.end) || window.end <= window.start) {
          return bad(wpath + ".end", "must be a time HH:MM after start");
        }
        person.availability.push_back(window);
      }
    }
    std::string role;
    TDM_RETURN_IF_ERROR(readText(p, "role", path, role, true));
    if (role == "mentor") {
      person.role = PairingRole::kMentor;
    } else if (role == "mentee") {
      person.role = PairingRole::kMentee;
    } else if (role == "both") {
      person.role = PairingRole::kBoth;
    } else {
      return bad(path + ".role", "must be \"mentor\", \"mentee\" or \"both\"");
    }
    if (present(p, "capacity")) {
      int capacity = 0;
      TDM_RETURN_IF_ERROR(readIntIn(p, "capacity", path, 1, 10, capacity));
      person.capacity = capacity;
    }
    if (present(p, "skills")) {
      const json& skills = p["skills"];
      if (!skills.is_array() || skills.size() > kMaxPersonSkills) {
        return bad(path + ".skills", "must be an array of at most " +
                                         std::to_string(kMaxPersonSkills) + " skills");
      }
      std::set<std::pair<int64_t, int>> seen;
      for (size_t j = 0; j < skills.size(); ++j) {
        const std::string spath = path + ".skills[" + std::to_string(j) + "]";
        const json& s = skills[j];
        TDM_RETURN_IF_ERROR(checkKeys(s, spath, {"skill", "direction", "level"}));
        mentoring::ParticipantSkill skill;
        auto ref = s.find("skill");
        if (ref != s.end() && ref->is_string() && slugs.count(ref->get<std::string>()) != 0) {
          skill.skillId = slugs.at(ref->get<std::string>());
        } else if (ref != s.end() && ref->is_number_integer() && ref->get<int64_t>() > 0 &&
                   in.skills.count(ref->get<int64_t>()) != 0) {
          skill.skillId = ref->get<int64_t>();
        } else {
          return bad(spath + ".skill", "must be the id or slug of a skill listed in skills");
        }
        std::string direction;
        TDM_RETURN_IF_ERROR(readText(s, "direction", spath, direction, true));
        if (direction == "teach") {
          skill.direction = mentoring::Direction::kTeach;
        } else if (direction == "learn") {
          skill.direction = mentoring::Direction::kLearn;
        } else {
          return bad(spath + ".direction", "must be \"teach\" or \"learn\"");
        }
        TDM_RETURN_IF_ERROR(readIntIn(s, "level", spath, 1, 5, skill.level));
        if (!seen.emplace(skill.skillId, direction == "teach" ? 1 : 0).second) {
          return bad(spath, "repeats skill " + std::to_string(skill.skillId) + " (" + direction +
                                ")");
        }
        person.skills.push_back(skill);
      }
    }
    in.people.push_back(std::move(person));
  }

  // Other people (managers who do not take part), for reporting chains only.
  if (present(root, "people")) {
    const json& people = root["people"];
    if (!people.is_array() || people.size() > kMaxInstancePeople) {
      return bad("people", "must be an array of at most " + std::to_string(kMaxInstancePeople) +
                               " people");
    }
    for (size_t i = 0; i < people.size(); ++i) {
      const std::string path = "people[" + std::to_string(i) + "]";
      const json& p = people[i];
      TDM_RETURN_IF_ERROR(checkKeys(p, path, {"id", "managerId", "name"}));
      int64_t id = 0;
      TDM_RETURN_IF_ERROR(readId(p, "id", path, id));
      if (auto [it, inserted] = firstSeen.emplace(id, path); !inserted) {
        return bad(path + ".id", "repeats id " + std::to_string(id) + " of " + it->second);
      }
      std::string name;
      TDM_RETURN_IF_ERROR(readText(p, "name", path, name));
      int64_t manager = 0;
      if (present(p, "managerId")) TDM_RETURN_IF_ERROR(readId(p, "managerId", path, manager));
      if (manager == id) return bad(path + ".managerId", "must not be the person's own id");
      managerOf[id] = manager;
    }
  }

  // Manager chains, nearest first; a loop is refused.
  const size_t maxDepth = managerOf.size() + 1;
  for (size_t i = 0; i < in.people.size(); ++i) {
    PairingPerson& person = in.people[i];
    int64_t current = managerOf[person.id];
    while (current != 0) {
      if (person.managerChain.size() > maxDepth || current == person.id) {
        return bad("participants[" + std::to_string(i) + "].managerId",
                   "leads to a reporting loop (the chain above person " +
                       std::to_string(person.id) + " never ends)");
      }
      person.managerChain.push_back(current);
      auto it = managerOf.find(current);
      current = it == managerOf.end() ? 0 : it->second;
    }
  }

  TDM_RETURN_IF_ERROR(readPairs(root, "previousPairs", in.previousPairs));
  TDM_RETURN_IF_ERROR(readPairs(root, "pins", in.pins));
  TDM_RETURN_IF_ERROR(readPairs(root, "blocks", in.blocks));
  TDM_RETURN_IF_ERROR(readPairs(root, "kept", in.kept));
  return in;
}

double toPoints(int64_t thousandths) { return static_cast<double>(thousandths) / 1000.0; }

}  // namespace

core::Result<PairingInput> parsePairingInstance(std::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) return core::invalidArgument("instance must be valid JSON");
  if (!root.is_object()) return core::invalidArgument("instance must be a JSON object");
  try {
    return parseRoot(root);
  } catch (const std::exception& e) {
    return core::invalidArgument(std::string("instance could not be read: ") + e.what());
  }
}

json reasonArgsJson(const ReasonArgs& args) {
  json out = json::object();
  for (const auto& [key, value] : args) out[key] = value;
  return out;
}

json scorePartsJson(const std::vector<ScorePart>& parts) {
  json out = json::array();
  for (const auto& part : parts) {
    json args = reasonArgsJson(part.args);
    out.push_back({{"name", part.name},
                   {"weight", part.weight},
                   {"raw", part.raw},
                   {"points", toPoints(part.points)},
                   {"reason", part.reason},
                   {"code", part.code},
                   {"args", std::move(args)}});
  }
  return out;
}

json pairingResultToJson(const PairingResult& r) {
  json pairs = json::array();
  for (const auto& p : r.pairs) {
    const json parts = scorePartsJson(p.parts);
    pairs.push_back({{"mentorId", p.mentorId},
                     {"menteeId", p.menteeId},
                     {"score", p.score},
                     {"points", toPoints(p.score)},
                     {"origin", pairOriginName(p.origin)},
                     {"overrides", p.overrides},
                     {"parts", parts}});
  }
  json unmatched = json::array();
  for (const auto& u : r.unmatched) {
    unmatched.push_back({{"personId", u.personId},
                         {"role", pairingRoleName(u.role)},
                         {"code", u.code},
                         {"reason", u.reason},
                         {"reasonCode", u.reasonCode},
                         {"args", reasonArgsJson(u.args)}});
  }
  const auto& m = r.metrics;
  return {{"objective", r.objective},
          {"objectivePoints", toPoints(r.objective)},
          {"solverObjective", r.solverObjective},
          {"inputHash", r.inputHash},
          {"pairs", pairs},
          {"unmatched", unmatched},
          {"metrics",
           {{"mentors", m.mentors},
            {"mentees", m.mentees},
            {"eligibleMentors", m.eligibleMentors},
            {"eligibleMentees", m.eligibleMentees},
            {"candidateEdges", m.candidateEdges},
            {"candidateBuildMs", m.candidateBuildMs},
            {"solveMs", m.solveMs},
            {"matched", m.matched},
            {"meanScore", m.meanScore}}}};
}

core::Status writeGraphCsv(const PairingResult& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::unavailable("cannot create " + dir + ": " + ec.message());
  const auto& cs = r.candidates;
  auto write = [&](const std::string& name, const std::string& header,
                   const std::function<void(std::ofstream&)>& rows) -> core::Status {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return core::unavailable("cannot write " + path);
    out << header << '\n';
    rows(out);
    out.flush();
    if (!out) return core::unavailable("cannot write " + path);
    return core::Status::ok();
  };
  TDM_RETURN_IF_ERROR(write("edges.csv", "mentor_id,mentee_id,score", [&](std::ofstream& out) {
    for (const auto& e : cs.graph.edges) {
      out << cs.mentorIds[static_cast<size_t>(e.mentor)] << ','
          << cs.menteeIds[static_cast<size_t>(e.mentee)] << ',' << e.score << '\n';
    }
  }));
  TDM_RETURN_IF_ERROR(write("capacities.csv", "mentor_id,capacity", [&](std::ofstream& out) {
    for (size_t m = 0; m < cs.mentorIds.size(); ++m) {
      out << cs.mentorIds[m] << ',' << cs.graph.capacity[m] << '\n';
    }
  }));
  return write("pairs.csv", "mentor_id,mentee_id", [&](std::ofstream& out) {
    for (size_t e = 0; e < r.matching.mentorOfMentee.size(); ++e) {
      const int32_t m = r.matching.mentorOfMentee[e];
      if (m >= 0) out << cs.mentorIds[static_cast<size_t>(m)] << ',' << cs.menteeIds[e] << '\n';
    }
  });
}

}  // namespace tandem::pairing
