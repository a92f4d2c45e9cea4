#include "scim/resources.h"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "scim/schemas.h"

namespace tandem::scim {

using nlohmann::json;

namespace {

const std::string kEnterprise(kEnterpriseUserSchema);
const std::string kTandem(kTandemUserSchema);

std::string hex(const unsigned char* data, size_t size) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xfu];
  }
  return out;
}

void setOrErase(json& object, const char* key, const std::string& value) {
  if (value.empty()) {
    object.erase(key);
  } else {
    object[key] = value;
  }
}

bool iequals(const std::string& a, const std::string& b) { return equalsIgnoreCase(a, b); }

core::Status invalidValue(const std::string& message) {
  return core::invalidArgument(message).withDetail("invalidValue");
}

// The string at object[key], or "" when absent or null; kInvalidValue for another type.
core::Status readString(const json& object, const char* key, std::string& out,
                        const std::string& where) {
  out.clear();
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return core::Status::ok();
  if (!it->is_string()) return invalidValue(where + key + " must be a string");
  out = it->get<std::string>();
  return core::Status::ok();
}

// The element of a multi-valued attribute that Tandem keeps in a column: primary, else the one
// of `preferredType`, else the first.
const json* chooseElement(const json& resource, const char* key, const char* preferredType) {
  const auto it = resource.find(key);
  if (it == resource.end() || !it->is_array() || it->empty()) return nullptr;
  const json* typed = nullptr;
  for (const json& item : *it) {
    if (!item.is_object()) continue;
    const auto primary = item.find("primary");
    if (primary != item.end() && primary->is_boolean() && primary->get<bool>()) return &item;
    const auto type = item.find("type");
    if (typed == nullptr && type != item.end() && type->is_string() &&
        iequals(type->get<std::string>(), preferredType)) {
      typed = &item;
    }
  }
  if (typed != nullptr) return typed;
  return (*it)[0].is_object() ? &(*it)[0] : nullptr;
}

bool isDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  const int month = std::stoi(s.substr(5, 2));
  const int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::string newResourceId() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // RAND_bytes only fails when the generator cannot be seeded: a host without entropy is not
    // one Tandem can run on safely.
    std::abort();
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0fu) | 0x40u);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3fu) | 0x80u);
  const std::string h = hex(bytes.data(), bytes.size());
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string userVersion(const UserRecord& record) {
  // FNV-1a, 64 bits, over each value and a separator (values cannot run into each other).
  uint64_t h = 1469598103934665603ULL;
  const auto add = [&h](std::string_view text) {
    for (char c : text) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xffu;
    h *= 1099511628211ULL;
  };
  const directory::Employee& e = record.employee;
  for (const std::string* v :
       {&e.source, &e.externalId, &record.scimExternalId, &e.userName, &e.displayName,
        &e.givenName, &e.familyName, &e.email, &e.title, &e.employeeType, &e.locale, &e.timeZone,
        &e.department, &e.managerExternalId, &record.managerId, &record.managerDisplayName,
        &e.hireDate, &e.hireDateConfidence, &e.location}) {
    add(*v);
  }
  add(e.active ? "1" : "0");
  add(e.level ? std::to_string(*e.level) : "-");
  for (const auto& language : e.languages) add(language);
  add(!record.documentText.empty()  ? record.documentText
      : record.document.is_object() ? record.document.dump()
                                    : std::string());
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(h >> (56 - 8 * i));
  return "W/\"" + hex(bytes, sizeof bytes) + "\"";
}

std::string groupVersion(int64_t version) { return "W/\"" + std::to_string(version) + "\""; }

json renderUser(const UserRecord& record, const std::string& baseUrl) {
  const directory::Employee& e = record.employee;
  json doc = record.document.is_object() ? record.document : json::object();
  for (const char* key : {"id", "meta", "schemas", "groups", "password"}) doc.erase(key);
  doc["id"] = e.externalId;
  setOrErase(doc, "externalId", record.scimExternalId);
  doc["userName"] = e.userName;
  setOrErase(doc, "displayName", e.displayName);
  json name = doc.contains("name") && doc["name"].is_object() ? doc["name"] : json::object();
  setOrErase(name, "givenName", e.givenName);
  setOrErase(name, "familyName", e.familyName);
  if (name.empty()) {
    doc.erase("name");
  } else {
    doc["name"] = name;
  }
  // emails: the provider's list while its chosen element is still the stored address.
  const json* kept = chooseElement(doc, "emails", "work");
  const bool keepEmails = kept != nullptr && kept->contains("value") &&
                          (*kept)["value"].is_string() &&
                          iequals((*kept)["value"].get<std::string>(), e.email);
  if (!keepEmails) {
    if (e.email.empty()) {
      doc.erase("emails");
    } else {
      doc["emails"] = json::array({{{"value", e.email}, {"type", "work"}, {"primary", true}}});
    }
  }
  setOrErase(doc, "title", e.title);
  setOrErase(doc, "userType", e.employeeType);
  setOrErase(doc, "locale", e.locale);
  setOrErase(doc, "timezone", e.timeZone);
  doc["active"] = e.active;

  json enterprise = doc.contains(kEnterprise) && doc[kEnterprise].is_object() ? doc[kEnterprise]
                                                                                : json::object();
  setOrErase(enterprise, "department", e.department);
  if (!record.managerId.empty()) {
    json manager = {{"value", record.managerId}};
    if (!record.managerDisplayName.empty()) manager["displayName"] = record.managerDisplayName;
    if (!baseUrl.empty()) manager["$ref"] = baseUrl + "/Users/" + record.managerId;
    enterprise["manager"] = manager;
  } else if (!e.managerExternalId.empty() && e.source == "scim") {
    enterprise["manager"] = {{"value", e.managerExternalId}};  // not arrived yet
  } else {
    enterprise.erase("manager");
  }
  json tandem = json::object();
  if (e.level) tandem["level"] = *e.level;
  if (!e.hireDate.empty()) {
    tandem["hireDate"] = e.hireDate;
    tandem["hireDateConfidence"] = e.hireDateConfidence;
  }
  if (!e.languages.empty()) tandem["languages"] = e.languages;
  if (!e.location.empty()) tandem["location"] = e.location;

  json schemas = json::array({std::string(kUserSchema)});
  if (enterprise.empty()) {
    doc.erase(kEnterprise);
  } else {
    doc[kEnterprise] = enterprise;
    schemas.push_back(kEnterprise);
  }
  if (tandem.empty()) {
    doc.erase(kTandem);
  } else {
    doc[kTandem] = tandem;
    schemas.push_back(kTandem);
  }
  doc["schemas"] = schemas;
  if (!record.groups.empty()) {
    json groups = json::array();
    for (const auto& g : record.groups) {
      json item = {{"value", g.id}, {"display", g.display}, {"type", g.type}};
      if (!baseUrl.empty()) item["$ref"] = baseUrl + "/Groups/" + g.id;
      groups.push_back(item);
    }
    doc["groups"] = groups;
  }
  json meta = {{"resourceType", "User"},
               {"created", record.createdAt},
               {"lastModified", e.updatedAt.empty() ? record.createdAt : e.updatedAt}};
  if (!baseUrl.empty()) meta["location"] = baseUrl + "/Users/" + e.externalId;
  meta["version"] = userVersion(record);
  doc["meta"] = meta;
  return doc;
}

json renderGroup(const GroupRecord& record, const std::string& baseUrl, bool withMembers) {
  json doc = {{"schemas", json::array({std::string(kGroupSchema)})},
              {"id", record.id},
              {"displayName", record.displayName}};
  if (!record.scimExternalId.empty()) doc["externalId"] = record.scimExternalId;
  if (withMembers) {
    json members = json::array();
    for (const auto& m : record.members) {
      json item = {{"value", m.id}, {"display", m.display}, {"type", m.type}};
      if (!baseUrl.empty()) {
        item["$ref"] = baseUrl + (m.type == "Group" ? "/Groups/" : "/Users/") + m.id;
      }
      members.push_back(item);
    }
    doc["members"] = members;
  }
  json meta = {{"resourceType", "Group"},
               {"created", record.createdAt},
               {"lastModified", record.updatedAt.empty() ? record.createdAt : record.updatedAt},
               {"version", groupVersion(record.version)}};
  if (!baseUrl.empty()) meta["location"] = baseUrl + "/Groups/" + record.id;
  doc["meta"] = meta;
  return doc;
}

core::Status userFromResource(const json& resource, UserRecord& record) {
  if (!resource.is_object()) return invalidValue("a User must be a JSON object");
  directory::Employee& e = record.employee;
  std::string userName;
  TDM_RETURN_IF_ERROR(readString(resource, "userName", userName, ""));
  if (userName.find_first_not_of(" \t") == std::string::npos) {
    return invalidValue("userName is required");
  }
  e.userName = userName;
  TDM_RETURN_IF_ERROR(readString(resource, "externalId", record.scimExternalId, ""));
  TDM_RETURN_IF_ERROR(readString(resource, "displayName", e.displayName, ""));
  e.givenName.clear();
  e.familyName.clear();
  if (resource.contains("name") && !resource["name"].is_null()) {
    const json& name = resource["name"];
    if (!name.is_object()) return invalidValue("name must be an object");
    TDM_RETURN_IF_ERROR(readString(name, "givenName", e.givenName, "name."));
    TDM_RETURN_IF_ERROR(readString(name, "familyName", e.familyName, "name."));
    if (e.displayName.empty()) {
      TDM_RETURN_IF_ERROR(readString(name, "formatted", e.displayName, "name."));
    }
  }
  if (e.displayName.empty()) {
    e.displayName = e.givenName + (e.givenName.empty() || e.familyName.empty() ? "" : " ") +
                    e.familyName;
  }
  if (e.displayName.empty()) e.displayName = e.userName;
  e.email.clear();
  if (const json* email = chooseElement(resource, "emails", "work")) {
    TDM_RETURN_IF_ERROR(readString(*email, "value", e.email, "emails."));
  }
  TDM_RETURN_IF_ERROR(readString(resource, "title", e.title, ""));
  TDM_RETURN_IF_ERROR(readString(resource, "userType", e.employeeType, ""));
  TDM_RETURN_IF_ERROR(readString(resource, "locale", e.locale, ""));
  std::string preferred;
  TDM_RETURN_IF_ERROR(readString(resource, "preferredLanguage", preferred, ""));
  if (!preferred.empty()) e.locale = preferred.substr(0, preferred.find_first_of(",;"));
  TDM_RETURN_IF_ERROR(readString(resource, "timezone", e.timeZone, ""));
  e.active = true;
  if (resource.contains("active") && !resource["active"].is_null()) {
    if (!resource["active"].is_boolean()) return invalidValue("active must be true or false");
    e.active = resource["active"].get<bool>();
  }

  e.department.clear();
  e.managerExternalId.clear();
  if (resource.contains(kEnterprise) && !resource[kEnterprise].is_null()) {
    const json& ext = resource[kEnterprise];
    if (!ext.is_object()) return invalidValue(kEnterprise + " must be an object");
    TDM_RETURN_IF_ERROR(readString(ext, "department", e.department, "enterprise."));
    if (ext.contains("manager") && !ext["manager"].is_null()) {
      const json& manager = ext["manager"];
      if (manager.is_string()) {
        e.managerExternalId = manager.get<std::string>();
      } else if (manager.is_object()) {
        TDM_RETURN_IF_ERROR(readString(manager, "value", e.managerExternalId, "manager."));
      } else {
        return invalidValue("manager must be a string or an object with a value");
      }
    }
  }
  if (e.managerExternalId == e.externalId) e.managerExternalId.clear();

  e.level.reset();
  e.hireDate.clear();
  e.hireDateConfidence = "unknown";
  e.languages.clear();
  e.location.clear();
  if (const json* address = chooseElement(resource, "addresses", "work")) {
    TDM_RETURN_IF_ERROR(readString(*address, "locality", e.location, "addresses."));
  }
  if (resource.contains(kTandem) && !resource[kTandem].is_null()) {
    const json& ext = resource[kTandem];
    if (!ext.is_object()) return invalidValue(kTandem + " must be an object");
    if (ext.contains("level") && !ext["level"].is_null()) {
      if (!ext["level"].is_number_integer() || ext["level"].get<int64_t>() < 0 ||
          ext["level"].get<int64_t>() > 100) {
        return invalidValue("level must be an integer from 0 to 100");
      }
      e.level = ext["level"].get<int>();
    }
    TDM_RETURN_IF_ERROR(readString(ext, "hireDate", e.hireDate, "tandem."));
    if (!e.hireDate.empty() && !isDate(e.hireDate)) {
      return invalidValue("hireDate must be a date written YYYY-MM-DD");
    }
    std::string confidence;
    TDM_RETURN_IF_ERROR(readString(ext, "hireDateConfidence", confidence, "tandem."));
    if (!confidence.empty() && confidence != "exact" && confidence != "approximate" &&
        confidence != "unknown") {
      return invalidValue("hireDateConfidence must be exact, approximate or unknown");
    }
    if (!e.hireDate.empty()) e.hireDateConfidence = confidence.empty() ? "exact" : confidence;
    if (ext.contains("languages") && !ext["languages"].is_null()) {
      if (!ext["languages"].is_array()) return invalidValue("languages must be an array");
      for (const json& language : ext["languages"]) {
        if (!language.is_string()) return invalidValue("languages must hold strings");
        e.languages.push_back(language.get<std::string>());
      }
    }
    std::string location;
    TDM_RETURN_IF_ERROR(readString(ext, "location", location, "tandem."));
    if (!location.empty()) e.location = location;
  }

  record.document = resource;
  record.documentText.clear();  // no longer what the store holds
  for (const char* key : {"id", "meta", "groups", "password"}) record.document.erase(key);
  return core::Status::ok();
}

}  // namespace tandem::scim
