#include "mentoring/participation.h"

#include <algorithm>
#include <set>
#include <utility>

namespace tandem::mentoring {

namespace {

bool isTime(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return false;
  if (!std::isdigit(static_cast<unsigned char>(t[0])) ||
      !std::isdigit(static_cast<unsigned char>(t[1])) ||
      !std::isdigit(static_cast<unsigned char>(t[3])) ||
      !std::isdigit(static_cast<unsigned char>(t[4]))) {
    return false;
  }
  int h = (t[0] - '0') * 10 + (t[1] - '0');
  int m = (t[3] - '0') * 10 + (t[4] - '0');
  return (h < 24 && m < 60) || (h == 24 && m == 0);
}

bool isLanguageCode(const std::string& code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) {
           return c >= 'a' && c <= 'z';
         });
}

core::Status validateSkills(const Participant& p, const std::vector<Skill>& catalogue) {
  std::set<std::pair<int64_t, Direction>> seen;
  size_t teach = 0;
  size_t learn = 0;
  for (const auto& s : p.skills) {
    auto it = std::find_if(catalogue.begin(), catalogue.end(),
                           [&](const Skill& k) { return k.id == s.skillId && k.active; });
    if (it == catalogue.end()) {
      return core::invalidArgument("skills: unknown skill id " + std::to_string(s.skillId));
    }
    if (s.level < 1 || s.level > 5) {
      return core::invalidArgument("skills: level of '" + it->name + "' must be 1 to 5");
    }
    if (!seen.emplace(s.skillId, s.direction).second) {
      return core::invalidArgument("skills: '" + it->name + "' is listed twice");
    }
    (s.direction == Direction::kTeach ? teach : learn) += 1;
  }
  if (teach > kMaxSkillsPerDirection || learn > kMaxSkillsPerDirection) {
    return core::invalidArgument("skills: at most " + std::to_string(kMaxSkillsPerDirection) +
                                 " skills to teach and to learn");
  }
  return core::Status::ok();
}

}  // namespace

const std::vector<std::string>& readinessQuestions() {
  static const std::vector<std::string> kQuestions = {"willingToLearn", "setAsideAuthority",
                                                      "readyForMistakes", "tryNewThings"};
  return kQuestions;
}

bool takesMentees(const Participant& p) { return p.role == "mentor" || p.role == "both"; }
bool seeksMentor(const Participant& p) { return p.role == "mentee" || p.role == "both"; }

core::Status validateParticipation(const Participant& p, const std::vector<Skill>& catalogue) {
  if (p.role != "mentor" && p.role != "mentee" && p.role != "both") {
    return core::invalidArgument("role: must be mentor, mentee or both");
  }
  if (p.capacity < 1 || p.capacity > kMaxCapacity) {
    return core::invalidArgument("capacity: must be 1 to " + std::to_string(kMaxCapacity));
  }
  for (const auto& lang : p.languages) {
    if (!isLanguageCode(lang)) {
      return core::invalidArgument("languages: '" + lang + "' is not an ISO 639-1 code");
    }
  }
  for (const auto& w : p.availability) {
    if (w.weekday < 1 || w.weekday > 7) {
      return core::invalidArgument("availability: weekday must be 1 (Monday) to 7 (Sunday)");
    }
    if (!isTime(w.start) || !isTime(w.end)) {
      return core::invalidArgument("availability: times must be HH:MM");
    }
    if (w.end <= w.start) {
      return core::invalidArgument("availability: a window must end after it starts");
    }
  }
  if (p.hopeNote.size() > kMaxHopeNoteBytes) {
    return core::invalidArgument("hopeNote: at most 500 characters");
  }
  if (seeksMentor(p)) {
    for (const auto& q : readinessQuestions()) {
      if (p.readiness.find(q) == p.readiness.end()) {
        return core::invalidArgument("readiness: please answer '" + q + "'");
      }
    }
  }
  return validateSkills(p, catalogue);
}

}  // namespace tandem::mentoring
