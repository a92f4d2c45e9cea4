#include "pairing/canonical_input.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/json_text.h"
#include "pairing/internal/json_text.h"

namespace tandem::pairing {

using nlohmann::json;

namespace {

using internal::appendJsonInt;
using internal::appendJsonString;
using internal::replaceInvalidUtf8;

void appendPairs(std::string& out, std::vector<PersonPair> pairs) {
  std::sort(pairs.begin(), pairs.end());
  out.push_back('[');
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('[');
    appendJsonInt(out, pairs[i].mentorId);
    out.push_back(',');
    appendJsonInt(out, pairs[i].menteeId);
    out.push_back(']');
  }
  out.push_back(']');
}

void appendOptionalInt(std::string& out, const std::optional<int>& value) {
  if (value) {
    appendJsonInt(out, *value);
  } else {
    out += "null";
  }
}

// The sorted lists of one person, kept from person to person to reuse their memory.
struct PersonLists {
  std::vector<std::string> languages;
  std::vector<std::tuple<int, std::string, std::string>> windows;
  std::vector<std::tuple<int64_t, int, int>> skills;  // (skill id, 1 teach / 0 learn, level)
};

// Strings of sorted lists are replaced (invalid UTF-8) before sorting, so the order is the one of
// the text and reading the text back sorts it the same way.
void appendPerson(std::string& out, const PairingPerson& p, PersonLists& lists) {
  lists.languages.clear();
  for (const auto& l : p.languages) lists.languages.push_back(replaceInvalidUtf8(l));
  std::sort(lists.languages.begin(), lists.languages.end());
  lists.windows.clear();
  for (const auto& w : p.availability) {
    lists.windows.emplace_back(w.weekday, replaceInvalidUtf8(w.start), replaceInvalidUtf8(w.end));
  }
  std::sort(lists.windows.begin(), lists.windows.end());
  lists.skills.clear();
  for (const auto& s : p.skills) {
    lists.skills.emplace_back(s.skillId, s.direction == mentoring::Direction::kTeach ? 1 : 0,
                              s.level);
  }
  std::sort(lists.skills.begin(), lists.skills.end());

  out += "{\"availability\":[";
  for (size_t i = 0; i < lists.windows.size(); ++i) {
    const auto& [day, start, end] = lists.windows[i];
    out += i > 0 ? ",[" : "[";
    appendJsonInt(out, day);
    out.push_back(',');
    appendJsonString(out, start);
    out.push_back(',');
    appendJsonString(out, end);
    out.push_back(']');
  }
  out += "],\"capacity\":";
  appendOptionalInt(out, p.capacity);
  out += ",\"department\":";
  appendJsonString(out, p.department);
  out += ",\"displayName\":";
  appendJsonString(out, p.displayName);
  out += ",\"employeeType\":";
  appendJsonString(out, p.employeeType);
  out += ",\"hireDate\":";
  appendJsonString(out, p.hireDate);
  out += ",\"id\":";
  appendJsonInt(out, p.id);
  out += ",\"languages\":[";
  for (size_t i = 0; i < lists.languages.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendJsonString(out, lists.languages[i]);
  }
  out += "],\"level\":";
  appendOptionalInt(out, p.level);
  out += ",\"managerChain\":[";
  for (size_t i = 0; i < p.managerChain.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendJsonInt(out, p.managerChain[i]);
  }
  out += "],\"role\":";
  appendJsonString(out, pairingRoleName(p.role));
  out += ",\"skills\":[";
  for (size_t i = 0; i < lists.skills.size(); ++i) {
    const auto& [id, teach, level] = lists.skills[i];
    out += i > 0 ? ",[" : "[";
    appendJsonInt(out, id);
    out += teach == 1 ? ",\"teach\"," : ",\"learn\",";
    appendJsonInt(out, level);
    out.push_back(']');
  }
  out += "],\"timeZone\":";
  appendJsonString(out, p.timeZone);
  out.push_back('}');
}

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

std::string canonicalInputText(const PairingInput& input) {
  std::vector<const PairingPerson*> people;
  people.reserve(input.people.size());
  for (const auto& p : input.people) people.push_back(&p);
  std::sort(people.begin(), people.end(),
            [](const PairingPerson* a, const PairingPerson* b) { return a->id < b->id; });

  std::string out;
  out.reserve(4096 + 384 * people.size());  // about 350 bytes a person in bench/pairing
  out += "{\"blocks\":";
  appendPairs(out, input.blocks);
  out += ",\"kept\":";
  appendPairs(out, input.kept);
  out += ",\"people\":[";
  PersonLists lists;
  for (size_t i = 0; i < people.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendPerson(out, *people[i], lists);
  }
  out += "],\"pins\":";
  appendPairs(out, input.pins);
  out += ",\"previousPairs\":";
  appendPairs(out, input.previousPairs);
  out += ",\"referenceDate\":";
  appendJsonString(out, input.referenceDate);
  // The settings are a small document with doubles: nlohmann writes them, as it always did.
  out += ",\"settings\":";
  out += core::jsonText(toJson(input.settings));
  out += ",\"skills\":[";
  bool first = true;
  for (const auto& [id, skill] : input.skills) {
    out += first ? "{\"id\":" : ",{\"id\":";
    first = false;
    appendJsonInt(out, id);
    out += ",\"kind\":";
    appendJsonString(out, skill.kind);
    out += ",\"name\":";
    appendJsonString(out, skill.name);
    out += ",\"slug\":";
    appendJsonString(out, skill.slug);
    out.push_back('}');
  }
  out += "]}";
  return out;
}

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
