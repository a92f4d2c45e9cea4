// Employee and group records as the directory sources deliver them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tandem::directory {

// One person from a directory source. Value type.
struct Employee {
  int64_t id = 0;              // store id, 0 until stored
  std::string source;          // "import", "ldap", "scim" or "demo": the connector owning the record
  std::string externalId;      // stable id at the source (entryUUID, objectGUID, SCIM id, CSV id)
  std::string userName;        // login name, unique case-insensitively
  std::string displayName;
  std::string givenName;
  std::string familyName;
  std::string email;
  std::string department;
  std::string title;
  std::optional<int> level;    // career grade; higher is more senior
  std::string hireDate;        // YYYY-MM-DD or empty
  std::string hireDateConfidence = "unknown";  // exact | approximate | unknown
  std::string location;
  std::string timeZone;        // IANA name, e.g. "Europe/Paris"
  std::string locale;          // preferred UI language, e.g. "fr"
  std::string employeeType;    // employee | contractor | intern | ...
  std::vector<std::string> languages;  // spoken languages, ISO 639-1
  std::string managerExternalId;       // the manager's externalId, resolved to managerId
  std::optional<int64_t> managerId;
  std::optional<std::string> managerName;  // display name of the manager, when read with it
  bool active = true;
  std::vector<std::string> groups;     // group names, when read with them
  std::string updatedAt;

  // True when every attribute a source delivers is equal (ids and timestamps excluded).
  bool sameAttributes(const Employee& other) const;
};

struct Group {
  int64_t id = 0;
  std::string source;
  std::string externalId;
  std::string name;
};

}  // namespace tandem::directory
