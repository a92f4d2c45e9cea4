#include "pairing/pair_scorer.h"

#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

namespace tandem::pairing {

namespace {

constexpr int32_t kMinutesPerWeek = 7 * 24 * 60;
constexpr int32_t kFullOverlapMinutes = PairScorer::kFullOverlapMinutes;
constexpr int kIntentLevel = PairScorer::kIntentLevel;

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])) != 0) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])) != 0) --e;
  for (size_t i = b; i < e; ++i) {
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
  }
  return out;
}

// Minutes since midnight of "HH:MM" (24:00 allowed as an end), or -1.
int32_t clockMinutes(const std::string& hhmm) {
  if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (std::isdigit(static_cast<unsigned char>(hhmm[i])) == 0) return -1;
  }
  const int32_t h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  const int32_t m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

std::vector<std::pair<int32_t, int32_t>> mergeWindows(std::vector<std::pair<int32_t, int32_t>> w) {
  std::sort(w.begin(), w.end());
  std::vector<std::pair<int32_t, int32_t>> out;
  for (const auto& iv : w) {
    if (iv.second <= iv.first) continue;
    if (!out.empty() && iv.first <= out.back().second) {
      out.back().second = std::max(out.back().second, iv.second);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}

std::vector<SkillLevel> skillList(const std::vector<mentoring::ParticipantSkill>& skills,
                                  mentoring::Direction direction) {
  std::vector<SkillLevel> out;
  for (const auto& s : skills) {
    if (s.direction == direction) out.push_back({s.skillId, s.level});
  }
  // Unique by skill id: a teach skill keeps its highest level, a learn skill its lowest.
  std::sort(out.begin(), out.end(), [&](const SkillLevel& a, const SkillLevel& b) {
    if (a.skillId != b.skillId) return a.skillId < b.skillId;
    return direction == mentoring::Direction::kTeach ? a.level > b.level : a.level < b.level;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const SkillLevel& a, const SkillLevel& b) {
                          return a.skillId == b.skillId;
                        }),
            out.end());
  return out;
}

std::string durationText(int32_t minutes) {
  const int32_t h = minutes / 60;
  const int32_t m = minutes % 60;
  if (h == 0) return std::to_string(m) + " min";
  if (m == 0) return std::to_string(h) + " h";
  return std::to_string(h) + " h " + std::to_string(m) + " min";
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

int64_t thousandths(double weight, double raw) {
  return static_cast<int64_t>(std::llround(weight * raw * 1000.0));
}

// The skills a learner wants that a teacher teaches above the learner's level.
struct SkillMatch {
  int32_t quarters = 0;
  bool intent = false;  // a wanted skill taught at level >= kIntentLevel
  std::vector<int64_t> matched;
  std::vector<int64_t> intentSkills;
};

SkillMatch matchSkills(const std::vector<SkillLevel>& teach, const std::vector<SkillLevel>& learn) {
  SkillMatch m;
  size_t t = 0;
  for (const auto& want : learn) {
    while (t < teach.size() && teach[t].skillId < want.skillId) ++t;
    if (t == teach.size()) break;
    if (teach[t].skillId != want.skillId) continue;
    const int32_t q = PairScorer::skillQuarters(teach[t].level, want.level);
    if (q > 0) {
      m.quarters += q;
      m.matched.push_back(want.skillId);
    }
    if (teach[t].level >= kIntentLevel) {
      m.intent = true;
      m.intentSkills.push_back(want.skillId);
    }
  }
  return m;
}

}  // namespace

std::string_view pairingRoleName(PairingRole role) {
  switch (role) {
    case PairingRole::kMentor:
      return "mentor";
    case PairingRole::kMentee:
      return "mentee";
    case PairingRole::kBoth:
      return "both";
  }
  return "mentee";
}

std::optional<int64_t> isoDateToDays(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (std::isdigit(static_cast<unsigned char>(d[i])) == 0) return std::nullopt;
  }
  const int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  const int m = (d[5] - '0') * 10 + (d[6] - '0');
  const int dd = (d[8] - '0') * 10 + (d[9] - '0');
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(dd)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int64_t>(date::sys_days{ymd}.time_since_epoch().count());
}

int32_t PairScorer::skillQuarters(int teachLevel, int learnLevel) {
  const int gap = teachLevel - learnLevel;
  if (gap >= 3) return 4;
  if (gap == 2) return 3;
  if (gap == 1) return 2;
  return 0;
}

core::Result<PairScorer> PairScorer::create(const PairingInput& input) {
  const auto refDays = isoDateToDays(input.referenceDate);
  if (!refDays) return core::invalidArgument("referenceDate must be a date YYYY-MM-DD");
  PairScorer s;
  s.settings_ = input.settings;
  s.referenceDate_ = input.referenceDate;
  s.skills_ = input.skills;

  std::vector<const PairingPerson*> sorted;
  sorted.reserve(input.people.size());
  for (const auto& p : input.people) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(),
            [](const PairingPerson* a, const PairingPerson* b) { return a->id < b->id; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->id == sorted[i - 1]->id) {
      return core::invalidArgument("person " + std::to_string(sorted[i]->id) +
                                   " appears twice in the input");
    }
  }

  // Zone offsets at the reference date (noon UTC), looked up once per zone name.
  std::map<std::string, std::optional<int32_t>> offsets;
  const auto refNoon = date::sys_days{date::days{*refDays}} + std::chrono::hours{12};
  auto offsetOf = [&](const std::string& zone) -> std::optional<int32_t> {
    auto it = offsets.find(zone);
    if (it != offsets.end()) return it->second;
    std::optional<int32_t> minutes;
    if (!zone.empty()) {
      try {
        const date::time_zone* tz = date::locate_zone(zone);
        const auto info = tz->get_info(refNoon);
        minutes = static_cast<int32_t>(info.offset.count() / 60);
      } catch (const std::exception&) {
        minutes.reset();
      }
    }
    offsets.emplace(zone, minutes);
    return minutes;
  };

  std::map<std::string, int32_t> departments;
  std::map<std::string, int32_t> languages;
  s.people_.reserve(sorted.size());
  for (const PairingPerson* p : sorted) {
    PersonProfile prof;
    prof.id = p->id;
    prof.name = p->displayName.empty() ? "person " + std::to_string(p->id) : p->displayName;
    prof.departmentName = p->department;
    const std::string dep = lower(p->department);
    if (!dep.empty()) {
      prof.department =
          departments.emplace(dep, static_cast<int32_t>(departments.size())).first->second;
    }
    prof.level = p->level;
    if (const auto hired = isoDateToDays(p->hireDate)) prof.tenureDays = *refDays - *hired;
    prof.employeeType = p->employeeType.empty() ? "employee" : lower(p->employeeType);
    prof.role = p->role;
    prof.capacity = p->capacity;
    prof.managerChain = p->managerChain;
    for (const auto& l : p->languages) {
      std::string code = lower(l);
      if (code.empty()) continue;
      prof.languages.push_back(
          languages.emplace(code, static_cast<int32_t>(languages.size())).first->second);
      prof.languageNames.push_back(code);
    }
    std::sort(prof.languages.begin(), prof.languages.end());
    prof.languages.erase(std::unique(prof.languages.begin(), prof.languages.end()),
                         prof.languages.end());
    std::sort(prof.languageNames.begin(), prof.languageNames.end());
    prof.languageNames.erase(std::unique(prof.languageNames.begin(), prof.languageNames.end()),
                             prof.languageNames.end());
    prof.timeZone = p->timeZone;
    const auto offset = offsetOf(p->timeZone);
    prof.timeZoneKnown = offset.has_value();
    const int32_t off = offset.value_or(0);
    std::vector<std::pair<int32_t, int32_t>> windows;
    for (const auto& w : p->availability) {
      const int32_t start = clockMinutes(w.start);
      const int32_t end = clockMinutes(w.end);
      if (w.weekday < 1 || w.weekday > 7 || start < 0 || end <= start) continue;
      // Local minute of the week -> UTC minute of the week, wrapped around Monday 00:00.
      int32_t a = (w.weekday - 1) * 1440 + start - off;
      a = ((a % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek;
      const int32_t len = end - start;
      if (a + len <= kMinutesPerWeek) {
        windows.emplace_back(a, a + len);
      } else {
        windows.emplace_back(a, kMinutesPerWeek);
        windows.emplace_back(0, a + len - kMinutesPerWeek);
      }
    }
    prof.utcWindows = mergeWindows(std::move(windows));
    prof.teach = skillList(p->skills, mentoring::Direction::kTeach);
    prof.learn = skillList(p->skills, mentoring::Direction::kLearn);
    s.people_.push_back(std::move(prof));
  }
  return s;
}

int32_t PairScorer::indexOf(int64_t id) const {
  auto it = std::lower_bound(people_.begin(), people_.end(), id,
                             [](const PersonProfile& p, int64_t v) { return p.id < v; });
  if (it == people_.end() || it->id != id) return -1;
  return static_cast<int32_t>(it - people_.begin());
}

int32_t PairScorer::overlapMinutes(int32_t a, int32_t b) const {
  const auto& x = person(a).utcWindows;
  const auto& y = person(b).utcWindows;
  size_t i = 0;
  size_t j = 0;
  int32_t total = 0;
  while (i < x.size() && j < y.size()) {
    const int32_t lo = std::max(x[i].first, y[j].first);
    const int32_t hi = std::min(x[i].second, y[j].second);
    if (hi > lo) total += hi - lo;
    if (x[i].second < y[j].second) {
      ++i;
    } else {
      ++j;
    }
  }
  return total;
}

bool PairScorer::shareLanguage(int32_t a, int32_t b) const {
  const auto& x = person(a).languages;
  const auto& y = person(b).languages;
  size_t i = 0;
  size_t j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] == y[j]) return true;
    if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

bool PairScorer::differentDepartments(int32_t a, int32_t b) const {
  const int32_t x = person(a).department;
  const int32_t y = person(b).department;
  return x >= 0 && y >= 0 && x != y;
}

int64_t PairScorer::skillsPoints(int32_t quarters, int32_t wanted) const {
  if (wanted <= 0 || quarters <= 0) return 0;
  return thousandths(settings_.weights.skills,
                     static_cast<double>(quarters) / (4.0 * static_cast<double>(wanted)));
}

int64_t PairScorer::intentPoints(bool intent) const {
  return intent ? thousandths(settings_.weights.intent, 1.0) : 0;
}

int64_t PairScorer::reversePoints(int32_t quarters, int32_t mentorWants) const {
  if (quarters <= 0 || mentorWants <= 0) return 0;
  return thousandths(settings_.weights.reverseSkills,
                     static_cast<double>(quarters) / (4.0 * static_cast<double>(mentorWants)));
}

int64_t PairScorer::departmentPoints() const {
  return thousandths(settings_.weights.crossDepartment, 1.0);
}

int64_t PairScorer::languagePoints() const { return thousandths(settings_.weights.languages, 1.0); }

int64_t PairScorer::availabilityPoints(int32_t overlapMinutes) const {
  if (overlapMinutes <= 0) return 0;
  return thousandths(settings_.weights.availability,
                     static_cast<double>(std::min(overlapMinutes, kFullOverlapMinutes)) /
                         kFullOverlapMinutes);
}

int64_t PairScorer::restPoints(int32_t mentor, int32_t mentee) const {
  const auto& learner = person(mentor);  // the mentor learns in the reverse direction
  int64_t total = 0;
  if (!learner.learn.empty()) {
    const SkillMatch rev = matchSkills(person(mentee).teach, learner.learn);
    total += reversePoints(rev.quarters, static_cast<int32_t>(learner.learn.size()));
  }
  if (differentDepartments(mentor, mentee)) total += departmentPoints();
  if (shareLanguage(mentor, mentee)) total += languagePoints();
  total += availabilityPoints(overlapMinutes(mentor, mentee));
  return total;
}

int64_t PairScorer::restUpperBound(int32_t mentor) const {
  const auto& w = settings_.weights;
  const auto& p = person(mentor);
  int64_t total = 0;
  if (!p.learn.empty()) total += thousandths(w.reverseSkills, 1.0);
  if (p.department >= 0) total += thousandths(w.crossDepartment, 1.0);
  if (!p.languages.empty()) total += thousandths(w.languages, 1.0);
  if (!p.utcWindows.empty()) total += thousandths(w.availability, 1.0);
  return total;
}

int64_t PairScorer::score(int32_t mentor, int32_t mentee) const {
  const auto& wanted = person(mentee).learn;
  const SkillMatch m = matchSkills(person(mentor).teach, wanted);
  return skillsPoints(m.quarters, static_cast<int32_t>(wanted.size())) + intentPoints(m.intent) +
         restPoints(mentor, mentee);
}

std::string PairScorer::skillName(int64_t id) const {
  auto it = skills_.find(id);
  if (it == skills_.end() || it->second.name.empty()) return "skill " + std::to_string(id);
  return it->second.name;
}

std::string PairScorer::skillsKind(const std::vector<SkillLevel>& wanted) const {
  std::string kind;
  for (const auto& s : wanted) {
    auto it = skills_.find(s.skillId);
    const std::string k = it == skills_.end() ? "" : it->second.kind;
    if (kind.empty()) {
      kind = k;
    } else if (k != kind) {
      return "";
    }
  }
  return kind.empty() ? "" : kind + " ";
}

PairScore PairScorer::explain(int32_t mentor, int32_t mentee) const {
  const auto& w = settings_.weights;
  const PersonProfile& a = person(mentor);
  const PersonProfile& b = person(mentee);
  PairScore out;
  using Args = std::vector<std::pair<std::string, std::string>>;
  auto add = [&](const char* name, double weight, double raw, int64_t points, std::string reason,
                 std::string code, Args args) {
    out.parts.push_back(
        {name, weight, raw, points, std::move(reason), std::move(code), std::move(args)});
    out.total += points;
  };
  auto kindOf = [&](const std::vector<SkillLevel>& wanted) {
    std::string k = skillsKind(wanted);  // "digital " / "business " / ""
    if (!k.empty()) k.pop_back();
    return k;
  };
  // The code and arguments of a skills part: `teacher` can teach `matched` of what `learner`
  // wants (`wanted` skills).
  auto skillArgs = [&](const PersonProfile& teacher, const PersonProfile& learner,
                       const SkillMatch& match, int32_t wanted) -> std::pair<std::string, Args> {
    if (wanted == 0) return {"skills.noneWanted", {{"learner", learner.name}}};
    Args args = {{"teacher", teacher.name},
                 {"learner", learner.name},
                 {"wanted", std::to_string(wanted)},
                 {"kind", kindOf(learner.learn)}};
    if (match.matched.empty()) return {"skills.noneTaught", std::move(args)};
    args.emplace_back("count", std::to_string(match.matched.size()));
    std::vector<std::string> n;
    for (int64_t id : match.matched) n.push_back(skillName(id));
    args.emplace_back("skills", joinNames(n));
    return {"skills.some", std::move(args)};
  };
  auto names = [&](const std::vector<int64_t>& ids) {
    std::vector<std::string> n;
    n.reserve(ids.size());
    for (int64_t id : ids) n.push_back(skillName(id));
    return joinNames(n);
  };

  // Skills the mentee wants x what the mentor teaches.
  {
    const SkillMatch m = matchSkills(a.teach, b.learn);
    const auto wanted = static_cast<int32_t>(b.learn.size());
    const double raw = wanted == 0 ? 0.0 : static_cast<double>(m.quarters) / (4.0 * wanted);
    std::string reason;
    if (wanted == 0) {
      reason = b.name + " listed no skill to learn";
    } else if (m.matched.empty()) {
      reason = a.name + " teaches none of the " + std::to_string(wanted) + " " + skillsKind(b.learn) +
               "skills " + b.name + " wants to learn above " + b.name + "'s level";
    } else {
      reason = a.name + " can teach " + std::to_string(m.matched.size()) + " of the " +
               std::to_string(wanted) + " " + skillsKind(b.learn) + "skills " + b.name +
               " wants to learn: " + names(m.matched);
    }
    auto [scode, sargs] = skillArgs(a, b, m, wanted);
    add("skills", w.skills, raw, skillsPoints(m.quarters, wanted), std::move(reason),
        std::move(scode), std::move(sargs));

    // Reverse direction: what the mentor wants x what the mentee teaches.
    const SkillMatch r = matchSkills(b.teach, a.learn);
    const auto mentorWants = static_cast<int32_t>(a.learn.size());
    const double rraw =
        mentorWants == 0 ? 0.0 : static_cast<double>(r.quarters) / (4.0 * mentorWants);
    std::string rreason;
    if (mentorWants == 0) {
      rreason = a.name + " listed no skill to learn";
    } else if (r.matched.empty()) {
      rreason = b.name + " teaches none of the " + std::to_string(mentorWants) + " " +
                skillsKind(a.learn) + "skills " + a.name + " wants to learn above " + a.name +
                "'s level";
    } else {
      rreason = b.name + " can teach " + std::to_string(r.matched.size()) + " of the " +
                std::to_string(mentorWants) + " " + skillsKind(a.learn) + "skills " + a.name +
                " wants to learn: " + names(r.matched);
    }
    auto [rcode, rargs] = skillArgs(b, a, r, mentorWants);
    add("reverseSkills", w.reverseSkills, rraw, rraw > 0 ? thousandths(w.reverseSkills, rraw) : 0,
        std::move(rreason), std::move(rcode), std::move(rargs));

    // Cross-department exposure.
    const bool diff = differentDepartments(mentor, mentee);
    std::string dreason;
    std::string dcode;
    Args dargs;
    if (a.department < 0 || b.department < 0) {
      dreason = "Department unknown for " + (a.department < 0 ? a.name : b.name);
      dcode = "department.unknown";
      dargs = {{"person", a.department < 0 ? a.name : b.name}};
    } else if (diff) {
      dreason = a.name + " (" + a.departmentName + ") and " + b.name + " (" + b.departmentName +
                ") work in different departments";
      dcode = "department.different";
      dargs = {{"mentor", a.name},
               {"mentorDepartment", a.departmentName},
               {"mentee", b.name},
               {"menteeDepartment", b.departmentName}};
    } else {
      dreason = "Both work in " + b.departmentName;
      dcode = "department.same";
      dargs = {{"department", b.departmentName}};
    }
    add("crossDepartment", w.crossDepartment, diff ? 1.0 : 0.0,
        diff ? thousandths(w.crossDepartment, 1.0) : 0, std::move(dreason), std::move(dcode),
        std::move(dargs));

    // Shared languages.
    std::vector<std::string> shared;
    std::set_intersection(a.languageNames.begin(), a.languageNames.end(), b.languageNames.begin(),
                          b.languageNames.end(), std::back_inserter(shared));
    std::string lreason;
    std::string lcode;
    Args largs;
    if (!shared.empty()) {
      lreason = "Both speak " + joinNames(shared);
      lcode = "languages.shared";
      largs = {{"languages", joinNames(shared)}};
    } else if (a.languageNames.empty() || b.languageNames.empty()) {
      lreason = "Languages unknown for " + (a.languageNames.empty() ? a.name : b.name);
      lcode = "languages.unknown";
      largs = {{"person", a.languageNames.empty() ? a.name : b.name}};
    } else {
      lreason = "No shared language (" + a.name + ": " + joinNames(a.languageNames) + "; " +
                b.name + ": " + joinNames(b.languageNames) + ")";
      lcode = "languages.none";
      largs = {{"mentor", a.name},
               {"mentorLanguages", joinNames(a.languageNames)},
               {"mentee", b.name},
               {"menteeLanguages", joinNames(b.languageNames)}};
    }
    add("languages", w.languages, shared.empty() ? 0.0 : 1.0,
        shared.empty() ? 0 : thousandths(w.languages, 1.0), std::move(lreason), std::move(lcode),
        std::move(largs));

    // Availability overlap in UTC.
    const int32_t overlap = overlapMinutes(mentor, mentee);
    const double araw =
        static_cast<double>(std::min(overlap, kFullOverlapMinutes)) / kFullOverlapMinutes;
    std::string areason;
    std::string acode;
    Args aargs;
    if (a.utcWindows.empty() || b.utcWindows.empty()) {
      areason = "No availability given by " + (a.utcWindows.empty() ? a.name : b.name);
      acode = "availability.missing";
      aargs = {{"person", a.utcWindows.empty() ? a.name : b.name}};
    } else if (overlap == 0) {
      areason = "Their weekly availability does not overlap";
      acode = "availability.none";
    } else {
      areason = "Their weekly availability overlaps by " + durationText(overlap);
      acode = "availability.overlap";
      aargs = {{"minutes", std::to_string(overlap)}};
    }
    auto zoneState = [](const PersonProfile& p) -> std::string {
      return p.timeZoneKnown ? "known" : p.timeZone.empty() ? "none" : "unknown";
    };
    aargs.insert(aargs.end(), {{"date", referenceDate_},
                               {"mentor", a.name},
                               {"mentorZone", a.timeZone},
                               {"mentorZoneState", zoneState(a)},
                               {"mentee", b.name},
                               {"menteeZone", b.timeZone},
                               {"menteeZoneState", zoneState(b)}});
    auto zoneText = [&](const PersonProfile& p) {
      if (p.timeZoneKnown) return p.timeZone;
      if (p.timeZone.empty()) return p.name + ": no time zone, treated as UTC";
      return p.name + ": unknown time zone '" + p.timeZone + "', treated as UTC";
    };
    areason += " (times compared in UTC on " + referenceDate_ + "; " + zoneText(a) + " / " +
               zoneText(b) + ")";
    add("availability", w.availability, araw, overlap > 0 ? thousandths(w.availability, araw) : 0,
        std::move(areason), std::move(acode), std::move(aargs));

    // Stated intent to teach.
    std::string ireason;
    Args iargs = {{"mentor", a.name}, {"mentee", b.name}, {"level", std::to_string(kIntentLevel)}};
    if (m.intent) {
      ireason = a.name + " offers to teach " + names(m.intentSkills) + " at level " +
                std::to_string(kIntentLevel) + " or more, which " + b.name + " wants to learn";
      iargs.emplace_back("skills", names(m.intentSkills));
    } else {
      ireason = a.name + " does not offer, at level " + std::to_string(kIntentLevel) +
                " or more, any skill " + b.name + " wants to learn";
    }
    add("intent", w.intent, m.intent ? 1.0 : 0.0, intentPoints(m.intent), std::move(ireason),
        m.intent ? "intent.yes" : "intent.no", std::move(iargs));
  }
  return out;
}

}  // namespace tandem::pairing
