#include "pairing/canonical_input.h"

#include <string>

namespace tandem::pairing {

using nlohmann::json;

namespace {

std::vector<PersonPair> pairsFrom(const json& list) {
  std::vector<PersonPair> out;
  for (const auto& p : list) {
    out.push_back({p.at(0).get<int64_t>(), p.at(1).get<int64_t>()});
  }
  return out;
}

PairingRole roleFrom(const std::string& name) {
  if (name == "mentor") return PairingRole::kMentor;
  if (name == "mentee") return PairingRole::kMentee;
  if (name == "both") return PairingRole::kBoth;
  throw std::invalid_argument("role '" + name + "' is not mentor, mentee or both");
}

}  // namespace

core::Result<PairingInput> parseCanonicalInput(const json& canonical) {
  try {
    PairingInput input;
    auto settings = parseProgramSettings(canonical.at("settings"));
    if (!settings.isOk()) return settings.status();
    input.settings = *settings;
    input.referenceDate = canonical.at("referenceDate").get<std::string>();
    for (const auto& s : canonical.at("skills")) {
      input.skills.emplace(s.at("id").get<int64_t>(),
                           CatalogueSkill{s.at("kind").get<std::string>(),
                                          s.at("slug").get<std::string>(),
                                          s.at("name").get<std::string>()});
    }
    for (const auto& j : canonical.at("people")) {
      PairingPerson p;
      p.id = j.at("id").get<int64_t>();
      p.displayName = j.at("displayName").get<std::string>();
      p.department = j.at("department").get<std::string>();
      if (!j.at("level").is_null()) p.level = j.at("level").get<int>();
      p.hireDate = j.at("hireDate").get<std::string>();
      p.employeeType = j.at("employeeType").get<std::string>();
      p.managerChain = j.at("managerChain").get<std::vector<int64_t>>();
      p.languages = j.at("languages").get<std::vector<std::string>>();
      p.timeZone = j.at("timeZone").get<std::string>();
      for (const auto& w : j.at("availability")) {
        p.availability.push_back(
            {w.at(0).get<int>(), w.at(1).get<std::string>(), w.at(2).get<std::string>()});
      }
      p.role = roleFrom(j.at("role").get<std::string>());
      if (!j.at("capacity").is_null()) p.capacity = j.at("capacity").get<int>();
      for (const auto& s : j.at("skills")) {
        const std::string direction = s.at(1).get<std::string>();
        if (direction != "teach" && direction != "learn") {
          throw std::invalid_argument("skill direction '" + direction + "'");
        }
        p.skills.push_back({s.at(0).get<int64_t>(),
                            direction == "teach" ? mentoring::Direction::kTeach
                                                 : mentoring::Direction::kLearn,
                            s.at(2).get<int>()});
      }
      input.people.push_back(std::move(p));
    }
    input.previousPairs = pairsFrom(canonical.at("previousPairs"));
    input.pins = pairsFrom(canonical.at("pins"));
    input.blocks = pairsFrom(canonical.at("blocks"));
    input.kept = pairsFrom(canonical.at("kept"));
    return input;
  } catch (const std::exception& e) {
    return core::invalidArgument(std::string("the stored run input is not a canonical pairing "
                                             "input: ") +
                                 e.what());
  }
}

}  // namespace tandem::pairing
