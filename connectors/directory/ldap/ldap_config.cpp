#include "ldap_config.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tandem::ldap {

using nlohmann::json;

namespace {

FieldMap text(std::vector<std::string> attributes) {
  return {std::move(attributes), Transform::kText};
}
FieldMap with(Transform t, std::vector<std::string> attributes) {
  return {std::move(attributes), t};
}

void addUnique(std::vector<std::string>& out, const FieldMap& f) {
  for (const auto& a : f.attributes) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
}

std::vector<std::string> splitUris(const std::string& s) {
  std::vector<std::string> out;
  std::string current;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

core::Status requireString(const json& j, const char* key, std::string& out, bool required) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return core::invalidArgument(std::string("ldap: ") + key + " is required");
    return core::Status::ok();
  }
  if (!it->is_string())
    return core::invalidArgument(std::string("ldap: ") + key + " must be a string");
  out = it->get<std::string>();
  if (required && out.empty())
    return core::invalidArgument(std::string("ldap: ") + key + " is required");
  return core::Status::ok();
}

// Accepts a JSON bool or the strings true/false (settings arrive as strings).
core::Status readBool(const json& j, const char* key, bool& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return core::Status::ok();
  if (it->is_boolean()) {
    out = it->get<bool>();
    return core::Status::ok();
  }
  if (it->is_string()) {
    const std::string v = it->get<std::string>();
    if (v == "true" || v == "1" || v == "yes") {
      out = true;
      return core::Status::ok();
    }
    if (v == "false" || v == "0" || v == "no") {
      out = false;
      return core::Status::ok();
    }
  }
  return core::invalidArgument(std::string("ldap: ") + key + " must be true or false");
}

core::Status readNumber(const json& j, const char* key, double lo, double hi, double& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return core::Status::ok();
  double v = 0;
  if (it->is_number()) {
    v = it->get<double>();
  } else if (it->is_string()) {
    try {
      size_t used = 0;
      const std::string s = it->get<std::string>();
      v = std::stod(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
    } catch (const std::exception&) {
      return core::invalidArgument(std::string("ldap: ") + key + " must be a number");
    }
  } else {
    return core::invalidArgument(std::string("ldap: ") + key + " must be a number");
  }
  if (v < lo || v > hi) {
    std::ostringstream m;
    m << "ldap: " << key << " must be between " << lo << " and " << hi;
    return core::invalidArgument(m.str());
  }
  out = v;
  return core::Status::ok();
}

core::Status readInt(const json& j, const char* key, int lo, int hi, int& out) {
  double v = out;
  TDM_RETURN_IF_ERROR(readNumber(j, key, lo, hi, v));
  if (v != static_cast<double>(static_cast<int>(v))) {
    return core::invalidArgument(std::string("ldap: ") + key + " must be an integer");
  }
  out = static_cast<int>(v);
  return core::Status::ok();
}

FieldMap* fieldByName(AttributeMapping& m, std::string_view name) {
  static const std::vector<std::pair<std::string_view, FieldMap AttributeMapping::*>> kFields = {
      {"stable_id", &AttributeMapping::stableId},
      {"login", &AttributeMapping::login},
      {"display_name", &AttributeMapping::displayName},
      {"given_name", &AttributeMapping::givenName},
      {"family_name", &AttributeMapping::familyName},
      {"mail", &AttributeMapping::mail},
      {"department", &AttributeMapping::department},
      {"title", &AttributeMapping::title},
      {"level", &AttributeMapping::level},
      {"employee_number", &AttributeMapping::employeeNumber},
      {"employee_type", &AttributeMapping::employeeType},
      {"manager", &AttributeMapping::manager},
      {"location", &AttributeMapping::location},
      {"time_zone", &AttributeMapping::timeZone},
      {"languages", &AttributeMapping::languages},
      {"disabled", &AttributeMapping::disabled},
      {"hire_date", &AttributeMapping::hireDate},
      {"hire_date_fallback", &AttributeMapping::hireDateFallback},
      {"group_id", &AttributeMapping::groupId},
      {"group_name", &AttributeMapping::groupName},
      {"group_member", &AttributeMapping::groupMember},
  };
  for (const auto& [n, member] : kFields) {
    if (n == name) return &(m.*member);
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> AttributeMapping::personAttributes() const {
  std::vector<std::string> out;
  for (const FieldMap* f :
       {&stableId, &login, &displayName, &givenName, &familyName, &mail, &department, &title,
        &level, &employeeNumber, &employeeType, &manager, &location, &timeZone, &languages,
        &disabled, &hireDate, &hireDateFallback}) {
    addUnique(out, *f);
  }
  return out;
}

std::vector<std::string> AttributeMapping::groupAttributes() const {
  std::vector<std::string> out;
  for (const FieldMap* f : {&groupId, &groupName, &groupMember}) addUnique(out, *f);
  return out;
}

core::Result<AttributeMapping> presetMapping(std::string_view preset) {
  AttributeMapping m;
  m.login = text({"uid"});
  m.displayName = text({"displayName", "cn"});
  m.givenName = text({"givenName"});
  m.familyName = text({"sn"});
  m.mail = text({"mail"});
  m.title = text({"title"});
  m.employeeNumber = text({"employeeNumber"});
  m.manager = with(Transform::kDn, {"manager"});
  m.groupName = text({"cn"});
  m.groupMember = with(Transform::kDn, {"member"});
  if (preset == "openldap") {
    m.stableId = text({"entryUUID"});
    m.department = text({"ou"});
    m.departmentFromDn = true;
    m.level = with(Transform::kInteger, {"tandemLevel"});
    m.employeeType = text({"tandemEmployeeType", "employeeType"});
    m.location = text({"tandemLocation", "l"});
    m.timeZone = text({"tandemTimeZone"});
    m.languages = text({"tandemLanguages"});
    m.disabled = with(Transform::kBool, {"tandemDisabled"});
    m.hireDate = with(Transform::kDate, {"tandemHireDate"});
    m.hireDateFallback = with(Transform::kGeneralizedTime, {"createTimestamp"});
    m.groupId = text({"entryUUID"});
    return m;
  }
  if (preset == "active-directory") {
    m.stableId = with(Transform::kGuid, {"objectGUID"});
    m.login = text({"sAMAccountName"});
    m.department = text({"department"});
    m.level = with(Transform::kInteger, {"extensionAttribute1"});
    m.employeeNumber = text({"employeeID", "employeeNumber"});
    m.employeeType = text({"employeeType"});
    m.location = text({"l", "physicalDeliveryOfficeName"});
    m.disabled = with(Transform::kUacDisabled, {"userAccountControl"});
    m.hireDate = with(Transform::kDate, {"msDS-cloudExtensionAttribute1"});
    m.hireDateFallback = with(Transform::kGeneralizedTime, {"whenCreated"});
    m.groupId = with(Transform::kGuid, {"objectGUID"});
    return m;
  }
  if (preset == "freeipa") {
    m.stableId = text({"ipaUniqueID", "nsUniqueId"});
    m.department = text({"ou", "departmentNumber"});
    m.employeeType = text({"employeeType"});
    m.location = text({"l"});
    m.disabled = with(Transform::kBool, {"nsAccountLock"});
    m.hireDateFallback = with(Transform::kGeneralizedTime, {"createTimestamp"});
    m.groupId = text({"ipaUniqueID", "nsUniqueId"});
    return m;
  }
  return core::invalidArgument("ldap: unknown preset '" + std::string(preset) +
                               "' (expected openldap, active-directory or freeipa)");
}

std::string presetUserFilter(std::string_view preset) {
  if (preset == "active-directory") return "(&(objectCategory=person)(objectClass=user))";
  if (preset == "freeipa") return "(objectClass=posixAccount)";
  return "(objectClass=inetOrgPerson)";
}

std::string presetGroupFilter(std::string_view preset) {
  if (preset == "active-directory") return "(objectClass=group)";
  return "(objectClass=groupOfNames)";
}

core::Result<LdapConfig> LdapConfig::fromJson(const json& j) {
  if (!j.is_object()) return core::invalidArgument("ldap: the configuration must be a JSON object");
  LdapConfig c;
  if (const auto it = j.find("uris"); it != j.end() && it->is_array()) {
    for (const auto& u : *it) {
      if (!u.is_string()) return core::invalidArgument("ldap: uris must hold strings");
      c.uris.push_back(u.get<std::string>());
    }
  } else {
    std::string uri;
    TDM_RETURN_IF_ERROR(requireString(j, "uri", uri, false));
    c.uris = splitUris(uri);
  }
  if (c.uris.empty())
    return core::invalidArgument("ldap: uri is required (e.g. ldaps://ldap.example.com)");
  for (const auto& u : c.uris) {
    if (u.rfind("ldap://", 0) != 0 && u.rfind("ldaps://", 0) != 0 && u.rfind("ldapi://", 0) != 0) {
      return core::invalidArgument("ldap: uri '" + u +
                                   "' must start with ldap://, ldaps:// or ldapi://");
    }
  }
  TDM_RETURN_IF_ERROR(requireString(j, "bind_dn", c.bindDn, true));
  TDM_RETURN_IF_ERROR(requireString(j, "password_file", c.passwordFile, true));
  TDM_RETURN_IF_ERROR(requireString(j, "ca_file", c.caFile, false));
  TDM_RETURN_IF_ERROR(readBool(j, "verify_certs", c.verifyCertificates));
  TDM_RETURN_IF_ERROR(readBool(j, "start_tls", c.startTls));
  TDM_RETURN_IF_ERROR(requireString(j, "base_dn", c.baseDn, true));
  TDM_RETURN_IF_ERROR(requireString(j, "preset", c.preset, false));
  if (c.preset.empty()) c.preset = "openldap";
  auto mapping = presetMapping(c.preset);
  if (!mapping.isOk()) return mapping.status();
  c.mapping = *mapping;
  c.userFilter = presetUserFilter(c.preset);
  c.groupFilter = presetGroupFilter(c.preset);
  TDM_RETURN_IF_ERROR(requireString(j, "user_filter", c.userFilter, false));
  TDM_RETURN_IF_ERROR(requireString(j, "group_base_dn", c.groupBaseDn, false));
  TDM_RETURN_IF_ERROR(requireString(j, "group_filter", c.groupFilter, false));
  if (c.userFilter.empty()) c.userFilter = presetUserFilter(c.preset);
  if (c.groupBaseDn.empty()) c.groupBaseDn = c.baseDn;
  TDM_RETURN_IF_ERROR(readInt(j, "page_size", 1, 1000, c.pageSize));
  TDM_RETURN_IF_ERROR(readInt(j, "network_timeout", 1, 3600, c.networkTimeoutSeconds));
  TDM_RETURN_IF_ERROR(readInt(j, "timeout", 1, 86400, c.resultTimeoutSeconds));
  TDM_RETURN_IF_ERROR(requireString(j, "hr_admin_group", c.hrAdminGroup, false));
  TDM_RETURN_IF_ERROR(readInt(j, "sync_interval_minutes", 0, 7 * 24 * 60, c.syncIntervalMinutes));
  TDM_RETURN_IF_ERROR(readNumber(j, "deletion_guard_share", 0.0, 1.0, c.deletionGuardShare));
  std::string incremental;
  TDM_RETURN_IF_ERROR(requireString(j, "incremental", incremental, false));
  if (incremental.empty() || incremental == "auto") {
    c.incremental = IncrementalMechanism::kAuto;
  } else if (incremental == "syncrepl") {
    c.incremental = IncrementalMechanism::kSyncrepl;
  } else if (incremental == "usn") {
    c.incremental = IncrementalMechanism::kUsn;
  } else if (incremental == "timestamp") {
    c.incremental = IncrementalMechanism::kTimestamp;
  } else if (incremental == "off") {
    c.incremental = IncrementalMechanism::kOff;
  } else {
    return core::invalidArgument("ldap: incremental must be auto, syncrepl, usn, timestamp or off");
  }
  TDM_RETURN_IF_ERROR(
      readInt(j, "timestamp_overlap_seconds", 0, 86400, c.timestampOverlapSeconds));
  TDM_RETURN_IF_ERROR(readInt(j, "reconnect_attempts", 0, 100, c.reconnect.attempts));
  TDM_RETURN_IF_ERROR(readInt(j, "write_batch", 1, 100000, c.writeBatch));
  TDM_RETURN_IF_ERROR(
      readInt(j, "reconnect_initial_delay_ms", 0, 600000, c.reconnect.initialDelayMs));
  TDM_RETURN_IF_ERROR(readInt(j, "reconnect_max_delay_ms", 0, 600000, c.reconnect.maxDelayMs));
  TDM_RETURN_IF_ERROR(
      readInt(j, "reconnect_max_total_ms", 0, 3600000, c.reconnect.maxTotalMs));
  std::string hireDateFormat;
  TDM_RETURN_IF_ERROR(requireString(j, "hire_date_format", hireDateFormat, false));
  if (hireDateFormat == "date") {
    c.mapping.hireDate.transform = Transform::kDate;
  } else if (hireDateFormat == "generalized_time") {
    c.mapping.hireDate.transform = Transform::kGeneralizedTime;
  } else if (hireDateFormat == "filetime") {
    c.mapping.hireDate.transform = Transform::kFileTime;
  } else if (!hireDateFormat.empty()) {
    return core::invalidArgument(
        "ldap: hire_date_format must be date, generalized_time or filetime");
  }
  if (const auto it = j.find("map"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return core::invalidArgument("ldap: map must be an object");
    for (const auto& [field, attrs] : it->items()) {
      FieldMap* f = fieldByName(c.mapping, field);
      if (f == nullptr) return core::invalidArgument("ldap: map: unknown field '" + field + "'");
      std::vector<std::string> list;
      if (attrs.is_string()) {
        list = splitUris(attrs.get<std::string>());
      } else if (attrs.is_array()) {
        for (const auto& a : attrs) {
          if (!a.is_string())
            return core::invalidArgument("ldap: map." + field + " must list names");
          list.push_back(a.get<std::string>());
        }
      } else {
        return core::invalidArgument("ldap: map." + field + " must be a string or a list");
      }
      f->attributes = list;
    }
  }
  if (c.mapping.stableId.attributes.empty() || c.mapping.login.attributes.empty()) {
    return core::invalidArgument("ldap: the mapping needs a stable_id and a login attribute");
  }
  return c;
}

core::Result<std::string> readPasswordFile(const std::string& path) {
  if (path.empty()) return core::invalidArgument("ldap: password_file is required");
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::invalidArgument("ldap: cannot read the password file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  std::string password = content.str();
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  if (password.empty()) {
    return core::invalidArgument("ldap: the password file " + path +
                                 " is empty; refusing an empty-password (anonymous) bind");
  }
  return password;
}

}  // namespace tandem::ldap
