#include "pairing/program_settings.h"

#include <cmath>
#include <set>

namespace tandem::pairing {

using nlohmann::json;

namespace {

core::Status bad(const std::string& path, const std::string& what) {
  return core::invalidArgument(path + " " + what);
}

// Refuses keys of `object` that are not in `known`. `path` names the object ("settings.weights").
core::Status checkKeys(const json& object, const std::string& path,
                       const std::set<std::string>& known) {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key) == 0) return bad(path + "." + key, "is not a known setting");
  }
  return core::Status::ok();
}

core::Status readObject(const json& parent, const std::string& key, const std::string& path,
                        const json*& out) {
  out = nullptr;
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return core::Status::ok();
  if (!it->is_object()) return bad(path, "must be an object");
  out = &*it;
  return core::Status::ok();
}

core::Status readInt(const json& parent, const std::string& key, const std::string& path, int min,
                     int max, int& out) {
  auto it = parent.find(key);
  if (it == parent.end()) return core::Status::ok();
  const std::string range = "must be an integer " + std::to_string(min) + ".." + std::to_string(max);
  if (!it->is_number_integer()) return bad(path, range);
  if (it->is_number_unsigned()) {
    const auto v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(max)) return bad(path, range);
    out = static_cast<int>(v);
  } else {
    const auto v = it->get<int64_t>();
    if (v < min || v > max) return bad(path, range);
    out = static_cast<int>(v);
  }
  if (out < min) return bad(path, range);
  return core::Status::ok();
}

core::Status readOptionalInt(const json& parent, const std::string& key, const std::string& path,
                             int min, int max, std::optional<int>& out) {
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return core::Status::ok();
  int v = 0;
  TDM_RETURN_IF_ERROR(readInt(parent, key, path, min, max, v));
  out = v;
  return core::Status::ok();
}

core::Status readNumber(const json& parent, const std::string& key, const std::string& path,
                        double min, double max, double& out) {
  auto it = parent.find(key);
  if (it == parent.end()) return core::Status::ok();
  std::string range = "must be a number ";
  range += min == 0 ? ">= 0" : std::to_string(min);
  range += " and <= " + std::to_string(static_cast<int64_t>(max));
  if (!it->is_number()) return bad(path, range);
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < min || v > max) return bad(path, range);
  out = v;
  return core::Status::ok();
}

core::Status readOptionalNumber(const json& parent, const std::string& key, const std::string& path,
                                double min, double max, std::optional<double>& out) {
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return core::Status::ok();
  double v = 0;
  TDM_RETURN_IF_ERROR(readNumber(parent, key, path, min, max, v));
  out = v;
  return core::Status::ok();
}

core::Status readBool(const json& parent, const std::string& key, const std::string& path,
                      bool& out) {
  auto it = parent.find(key);
  if (it == parent.end()) return core::Status::ok();
  if (!it->is_boolean()) return bad(path, "must be true or false");
  out = it->get<bool>();
  return core::Status::ok();
}

core::Status readStringList(const json& parent, const std::string& key, const std::string& path,
                            std::vector<std::string>& out) {
  auto it = parent.find(key);
  if (it == parent.end()) return core::Status::ok();
  if (!it->is_array() || it->size() > 1000) {
    return bad(path, "must be an array of at most 1000 non-empty strings");
  }
  std::vector<std::string> values;
  std::set<std::string> seen;
  for (const auto& item : *it) {
    if (!item.is_string() || item.get<std::string>().empty() ||
        item.get<std::string>().size() > 200) {
      return bad(path, "must be an array of at most 1000 non-empty strings");
    }
    if (seen.insert(item.get<std::string>()).second) values.push_back(item.get<std::string>());
  }
  out = std::move(values);
  return core::Status::ok();
}

core::Status readRule(const json& object, const std::string& path, EligibilityRule& rule) {
  TDM_RETURN_IF_ERROR(checkKeys(object, path,
                                {"minLevel", "maxLevel", "minTenureYears", "maxTenureYears",
                                 "departments", "excludeDepartments", "employeeTypes",
                                 "excludeEmployeeTypes"}));
  TDM_RETURN_IF_ERROR(
      readOptionalInt(object, "minLevel", path + ".minLevel", 0, 100, rule.minLevel));
  TDM_RETURN_IF_ERROR(
      readOptionalInt(object, "maxLevel", path + ".maxLevel", 0, 100, rule.maxLevel));
  if (rule.minLevel && rule.maxLevel && *rule.maxLevel < *rule.minLevel) {
    return bad(path + ".maxLevel", "must not be below minLevel");
  }
  TDM_RETURN_IF_ERROR(readOptionalNumber(object, "minTenureYears", path + ".minTenureYears", 0,
                                         100, rule.minTenureYears));
  TDM_RETURN_IF_ERROR(readOptionalNumber(object, "maxTenureYears", path + ".maxTenureYears", 0,
                                         100, rule.maxTenureYears));
  if (rule.minTenureYears && rule.maxTenureYears && *rule.maxTenureYears < *rule.minTenureYears) {
    return bad(path + ".maxTenureYears", "must not be below minTenureYears");
  }
  TDM_RETURN_IF_ERROR(
      readStringList(object, "departments", path + ".departments", rule.departments));
  TDM_RETURN_IF_ERROR(readStringList(object, "excludeDepartments", path + ".excludeDepartments",
                                     rule.excludeDepartments));
  TDM_RETURN_IF_ERROR(
      readStringList(object, "employeeTypes", path + ".employeeTypes", rule.employeeTypes));
  TDM_RETURN_IF_ERROR(readStringList(object, "excludeEmployeeTypes",
                                     path + ".excludeEmployeeTypes", rule.excludeEmployeeTypes));
  return core::Status::ok();
}

core::Status readConstraints(const json& object, HardConstraints& c) {
  const std::string path = "settings.constraints";
  // Keys someone may try in order to switch the reporting-chain rule off: refused by name.
  for (const char* key : {"excludeReportingChain", "reportingChainExcluded", "allowReportingChain",
                          "allowManagerPairs", "reportingChainAllowed"}) {
    if (object.contains(key)) {
      return bad(path + "." + key,
                 "cannot be set: the reporting-chain exclusion is always on (a mentor is never in "
                 "the mentee's reporting chain, in either direction)");
    }
  }
  TDM_RETURN_IF_ERROR(checkKeys(object, path,
                                {"minLevelGap", "tenureFallbackYears", "reportingChain",
                                 "department", "sharedLanguageRequired",
                                 "minAvailabilityOverlapMinutes", "allowRepeatPairs"}));
  if (auto it = object.find("reportingChain"); it != object.end()) {
    if (!it->is_string() || it->get<std::string>() != "excluded") {
      return bad(path + ".reportingChain",
                 "must be \"excluded\": the reporting-chain exclusion is always on and cannot be "
                 "turned off");
    }
  }
  TDM_RETURN_IF_ERROR(readInt(object, "minLevelGap", path + ".minLevelGap", 0, 20, c.minLevelGap));
  TDM_RETURN_IF_ERROR(readNumber(object, "tenureFallbackYears", path + ".tenureFallbackYears", 0,
                                 50, c.tenureFallbackYears));
  if (auto it = object.find("department"); it != object.end()) {
    const std::string v = it->is_string() ? it->get<std::string>() : "";
    if (v == "required_different") {
      c.department = DepartmentRule::kRequiredDifferent;
    } else if (v == "preferred_different") {
      c.department = DepartmentRule::kPreferredDifferent;
    } else {
      return bad(path + ".department", "must be \"required_different\" or \"preferred_different\"");
    }
  }
  TDM_RETURN_IF_ERROR(readBool(object, "sharedLanguageRequired", path + ".sharedLanguageRequired",
                               c.sharedLanguageRequired));
  TDM_RETURN_IF_ERROR(readInt(object, "minAvailabilityOverlapMinutes",
                              path + ".minAvailabilityOverlapMinutes", 0, 10080,
                              c.minAvailabilityOverlapMinutes));
  TDM_RETURN_IF_ERROR(
      readBool(object, "allowRepeatPairs", path + ".allowRepeatPairs", c.allowRepeatPairs));
  return core::Status::ok();
}

core::Status readWeights(const json& object, ScoreWeights& w) {
  const std::string path = "settings.weights";
  TDM_RETURN_IF_ERROR(checkKeys(object, path,
                                {"skills", "reverseSkills", "crossDepartment", "languages",
                                 "availability", "intent"}));
  TDM_RETURN_IF_ERROR(readNumber(object, "skills", path + ".skills", 0, 1000, w.skills));
  TDM_RETURN_IF_ERROR(
      readNumber(object, "reverseSkills", path + ".reverseSkills", 0, 1000, w.reverseSkills));
  TDM_RETURN_IF_ERROR(readNumber(object, "crossDepartment", path + ".crossDepartment", 0, 1000,
                                 w.crossDepartment));
  TDM_RETURN_IF_ERROR(readNumber(object, "languages", path + ".languages", 0, 1000, w.languages));
  TDM_RETURN_IF_ERROR(
      readNumber(object, "availability", path + ".availability", 0, 1000, w.availability));
  TDM_RETURN_IF_ERROR(readNumber(object, "intent", path + ".intent", 0, 1000, w.intent));
  return core::Status::ok();
}

core::Result<ProgramSettings> parseObject(const json& root) {
  if (!root.is_object()) return bad("settings", "must be a JSON object");
  TDM_RETURN_IF_ERROR(checkKeys(root, "settings",
                                {"eligibility", "constraints", "weights", "defaultCapacity", "mode",
                                 "candidatesPerMentee", "shortlistResponseHours"}));
  ProgramSettings s;
  const json* eligibility = nullptr;
  TDM_RETURN_IF_ERROR(readObject(root, "eligibility", "settings.eligibility", eligibility));
  if (eligibility != nullptr) {
    TDM_RETURN_IF_ERROR(checkKeys(*eligibility, "settings.eligibility", {"mentor", "mentee"}));
    const json* mentor = nullptr;
    TDM_RETURN_IF_ERROR(
        readObject(*eligibility, "mentor", "settings.eligibility.mentor", mentor));
    if (mentor != nullptr) {
      TDM_RETURN_IF_ERROR(readRule(*mentor, "settings.eligibility.mentor", s.eligibility.mentor));
    }
    const json* mentee = nullptr;
    TDM_RETURN_IF_ERROR(
        readObject(*eligibility, "mentee", "settings.eligibility.mentee", mentee));
    if (mentee != nullptr) {
      TDM_RETURN_IF_ERROR(readRule(*mentee, "settings.eligibility.mentee", s.eligibility.mentee));
    }
  }
  const json* constraints = nullptr;
  TDM_RETURN_IF_ERROR(readObject(root, "constraints", "settings.constraints", constraints));
  if (constraints != nullptr) TDM_RETURN_IF_ERROR(readConstraints(*constraints, s.constraints));
  const json* weights = nullptr;
  TDM_RETURN_IF_ERROR(readObject(root, "weights", "settings.weights", weights));
  if (weights != nullptr) TDM_RETURN_IF_ERROR(readWeights(*weights, s.weights));
  TDM_RETURN_IF_ERROR(
      readInt(root, "defaultCapacity", "settings.defaultCapacity", 1, 10, s.defaultCapacity));
  if (auto it = root.find("mode"); it != root.end()) {
    const std::string v = it->is_string() ? it->get<std::string>() : "";
    if (v == "cohort") {
      s.mode = PairingMode::kCohort;
    } else if (v == "shortlist") {
      s.mode = PairingMode::kShortlist;
    } else {
      return bad("settings.mode", "must be \"cohort\" or \"shortlist\"");
    }
  }
  TDM_RETURN_IF_ERROR(readInt(root, "candidatesPerMentee", "settings.candidatesPerMentee", 1, 1000,
                              s.candidatesPerMentee));
  TDM_RETURN_IF_ERROR(readInt(root, "shortlistResponseHours", "settings.shortlistResponseHours", 1,
                              720, s.shortlistResponseHours));
  return s;
}

json optionalJson(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
json optionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json ruleJson(const EligibilityRule& r) {
  return {{"minLevel", optionalJson(r.minLevel)},
          {"maxLevel", optionalJson(r.maxLevel)},
          {"minTenureYears", optionalJson(r.minTenureYears)},
          {"maxTenureYears", optionalJson(r.maxTenureYears)},
          {"departments", r.departments},
          {"excludeDepartments", r.excludeDepartments},
          {"employeeTypes", r.employeeTypes},
          {"excludeEmployeeTypes", r.excludeEmployeeTypes}};
}

}  // namespace

std::string_view departmentRuleName(DepartmentRule rule) {
  return rule == DepartmentRule::kRequiredDifferent ? "required_different" : "preferred_different";
}

std::string_view pairingModeName(PairingMode mode) {
  return mode == PairingMode::kShortlist ? "shortlist" : "cohort";
}

core::Result<ProgramSettings> parseProgramSettings(const nlohmann::json& settings) {
  try {
    return parseObject(settings);
  } catch (const std::exception& e) {
    return core::invalidArgument(std::string("settings could not be read: ") + e.what());
  }
}

core::Result<ProgramSettings> parseProgramSettings(const std::string& text) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) return core::invalidArgument("settings must be valid JSON");
  return parseProgramSettings(root);
}

json toJson(const ProgramSettings& s) {
  const auto& c = s.constraints;
  const auto& w = s.weights;
  return {{"eligibility",
           {{"mentor", ruleJson(s.eligibility.mentor)}, {"mentee", ruleJson(s.eligibility.mentee)}}},
          {"constraints",
           {{"minLevelGap", c.minLevelGap},
            {"tenureFallbackYears", c.tenureFallbackYears},
            {"reportingChain", "excluded"},
            {"department", departmentRuleName(c.department)},
            {"sharedLanguageRequired", c.sharedLanguageRequired},
            {"minAvailabilityOverlapMinutes", c.minAvailabilityOverlapMinutes},
            {"allowRepeatPairs", c.allowRepeatPairs}}},
          {"weights",
           {{"skills", w.skills},
            {"reverseSkills", w.reverseSkills},
            {"crossDepartment", w.crossDepartment},
            {"languages", w.languages},
            {"availability", w.availability},
            {"intent", w.intent}}},
          {"defaultCapacity", s.defaultCapacity},
          {"mode", pairingModeName(s.mode)},
          {"candidatesPerMentee", s.candidatesPerMentee},
          {"shortlistResponseHours", s.shortlistResponseHours}};
}

}  // namespace tandem::pairing
