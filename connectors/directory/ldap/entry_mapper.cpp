#include "entry_mapper.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "attribute_transforms.h"
#include "ldap_text.h"

namespace tandem::ldap {

namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string trimmed(const std::string& s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The field's first value, transformed; "" when absent or unreadable (warned).
std::string fieldValue(const RawEntry& entry, const FieldMap& field, const char* name,
                       std::vector<std::string>& warnings) {
  const auto* values = entry.first(field);
  if (values == nullptr || values->empty()) return "";
  auto v = transformValue(values->front(), field.transform);
  if (!v) {
    warnings.push_back("entry " + entry.dn + ": unreadable " + name + " value; ignored");
    return "";
  }
  return *v;
}

// Appends `text` (valid UTF-8) as a JSON string (RFC 8259: quote, backslash and control
// characters escaped; everything else as is).
void appendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xf];
          out += kHex[static_cast<unsigned char>(c) & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// {"attr": ["v", ...], ...} in attribute-name order. Written directly rather than through a JSON
// tree: it runs for every entry of a sync (the unit tests parse it back with nlohmann::json).
std::string rawJson(const RawEntry& entry, const AttributeMapping& mapping) {
  std::string out;
  out.reserve(512);
  out += '{';
  bool firstAttribute = true;
  for (const auto& [name, values] : entry.attributes) {
    if (!firstAttribute) out += ',';
    firstAttribute = false;
    appendJsonString(out, name);
    out += ":[";
    bool firstValue = true;
    for (const auto& v : values) {
      if (!firstValue) out += ',';
      firstValue = false;
      if (isUtf8(v)) {
        appendJsonString(out, v);
      } else if (auto guid = guidToText(v);
                 guid && (mapping.stableId.transform == Transform::kGuid)) {
        appendJsonString(out, *guid);
      } else {
        appendJsonString(out, "base64:" + base64(v));
      }
    }
    out += ']';
  }
  out += '}';
  return out;
}

}  // namespace

const std::vector<std::string>* RawEntry::first(const FieldMap& field) const {
  std::string key;  // reused: most names fit the small-string buffer, longer ones allocate once
  for (const auto& name : field.attributes) {
    key.assign(name);
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    const auto it = attributes.find(key);
    if (it != attributes.end() && !it->second.empty()) return &it->second;
  }
  return nullptr;
}

std::optional<std::string> transformValue(const std::string& value, Transform transform) {
  switch (transform) {
    case Transform::kText:
      if (!isUtf8(value)) return std::nullopt;
      return trimmed(value);
    case Transform::kGuid:
      if (value.size() == 16) return guidToText(value);
      if (isUtf8(value) && !value.empty()) return lower(trimmed(value));  // already text
      return std::nullopt;
    case Transform::kDate:
      return anyDateToDate(trimmed(value));
    case Transform::kGeneralizedTime:
      return generalizedTimeToDate(trimmed(value));
    case Transform::kFileTime:
      return fileTimeToDate(trimmed(value));
    case Transform::kBool: {
      auto b = parseLdapBool(trimmed(value));
      if (!b) return std::nullopt;
      return std::string(*b ? "true" : "false");
    }
    case Transform::kUacDisabled: {
      auto b = uacDisabled(trimmed(value));
      if (!b) return std::nullopt;
      return std::string(*b ? "true" : "false");
    }
    case Transform::kInteger: {
      auto n = parseInteger(trimmed(value));
      if (!n) return std::nullopt;
      return std::to_string(*n);
    }
    case Transform::kDn: {
      auto dn = normalizeDn(trimmed(value));
      if (!dn.isOk()) return std::nullopt;
      return *dn;
    }
  }
  return std::nullopt;
}

std::optional<directory::DirectoryEntry> mapPerson(const RawEntry& entry, const AttributeMapping& m,
                                                   std::vector<std::string>& warnings) {
  directory::DirectoryEntry out;
  auto dn = normalizeDn(entry.dn);
  if (!dn.isOk()) {
    warnings.push_back("entry with an invalid DN '" + entry.dn + "' skipped");
    return std::nullopt;
  }
  out.dn = *dn;
  directory::Employee& e = out.employee;
  e.externalId = fieldValue(entry, m.stableId, "stable id", warnings);
  if (e.externalId.empty()) {
    warnings.push_back("entry " + entry.dn + " has no stable id (" +
                       (m.stableId.attributes.empty() ? "" : m.stableId.attributes.front()) +
                       "); skipped");
    return std::nullopt;
  }
  e.userName = fieldValue(entry, m.login, "login", warnings);
  if (e.userName.empty()) {
    warnings.push_back("entry " + entry.dn + " has no login (" +
                       (m.login.attributes.empty() ? "" : m.login.attributes.front()) +
                       "); skipped");
    return std::nullopt;
  }
  e.givenName = fieldValue(entry, m.givenName, "given name", warnings);
  e.familyName = fieldValue(entry, m.familyName, "family name", warnings);
  e.displayName = fieldValue(entry, m.displayName, "display name", warnings);
  if (e.displayName.empty()) e.displayName = trimmed(e.givenName + " " + e.familyName);
  if (e.displayName.empty()) e.displayName = e.userName;
  e.email = fieldValue(entry, m.mail, "mail", warnings);
  e.department = fieldValue(entry, m.department, "department", warnings);
  if (e.department.empty() && m.departmentFromDn) e.department = parentOu(entry.dn);
  e.title = fieldValue(entry, m.title, "title", warnings);
  const std::string level = fieldValue(entry, m.level, "level", warnings);
  if (!level.empty()) {
    const int n = std::stoi(level.size() > 4 ? std::string("-1") : level);
    if (n >= 0 && n <= 100) {
      e.level = n;
    } else {
      warnings.push_back("entry " + entry.dn + ": level " + level + " outside 0..100; ignored");
    }
  }
  e.employeeType = fieldValue(entry, m.employeeType, "employee type", warnings);
  e.location = fieldValue(entry, m.location, "location", warnings);
  e.timeZone = fieldValue(entry, m.timeZone, "time zone", warnings);
  if (const auto* langs = entry.first(m.languages)) {
    for (const auto& v : *langs) {
      std::string item;
      auto flush = [&] {
        std::string code = lower(trimmed(item));
        item.clear();
        if (code.size() == 2 &&
            std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
            std::find(e.languages.begin(), e.languages.end(), code) == e.languages.end()) {
          e.languages.push_back(code);
        }
      };
      for (char c : v) {
        if (c == ',' || c == ';' || c == ' ') {
          flush();
        } else {
          item += c;
        }
      }
      flush();
    }
  }
  const std::string disabled = fieldValue(entry, m.disabled, "disabled flag", warnings);
  e.active = disabled != "true";
  e.hireDate = fieldValue(entry, m.hireDate, "hire date", warnings);
  if (!e.hireDate.empty()) {
    e.hireDateConfidence = "exact";
  } else {
    e.hireDate = fieldValue(entry, m.hireDateFallback, "hire date fallback", warnings);
    e.hireDateConfidence = e.hireDate.empty() ? "unknown" : "approximate";
  }
  if (const auto* manager = entry.first(m.manager); manager != nullptr && !manager->empty()) {
    auto managerDn = normalizeDn(trimmed(manager->front()));
    if (managerDn.isOk()) {
      out.managerDn = *managerDn;
    } else {
      warnings.push_back("entry " + entry.dn + ": manager '" + manager->front() +
                         "' is not a valid DN; ignored");
    }
  }
  out.rawJson = rawJson(entry, m);
  return out;
}

std::optional<directory::DirectoryGroup> mapGroup(const RawEntry& entry, const AttributeMapping& m,
                                                  std::vector<std::string>& warnings) {
  directory::DirectoryGroup g;
  auto dn = normalizeDn(entry.dn);
  if (!dn.isOk()) {
    warnings.push_back("group with an invalid DN '" + entry.dn + "' skipped");
    return std::nullopt;
  }
  g.dn = *dn;
  g.externalId = fieldValue(entry, m.groupId, "group id", warnings);
  g.name = fieldValue(entry, m.groupName, "group name", warnings);
  if (g.externalId.empty() || g.name.empty()) {
    warnings.push_back("group " + entry.dn + " has no stable id or name; skipped");
    return std::nullopt;
  }
  if (const auto* members = entry.first(m.groupMember)) {
    g.memberDns.reserve(members->size());
    for (const auto& member : *members) {
      auto memberDn = normalizeDn(trimmed(member));
      if (memberDn.isOk() && !memberDn->empty()) g.memberDns.push_back(std::move(memberDn).value());
    }
  }
  return g;
}

}  // namespace tandem::ldap
