// Maps a raw LDAP entry (DN + attribute values) to the core's DirectoryEntry / DirectoryGroup
// through an AttributeMapping. No network; the search code feeds it. Thread-safety: stateless.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "directory/directory_source.h"
#include "ldap_config.h"

namespace tandem::ldap {

struct RawEntry {
  std::string dn;  // as the server returned it
  // Attribute name lower-cased -> values (binary-safe).
  std::map<std::string, std::vector<std::string>> attributes;

  // Values of the first attribute of `field` that has any, or nullptr.
  const std::vector<std::string>* first(const FieldMap& field) const;
};

// A person, or nullopt when the entry lacks a stable id or a login (a warning says which).
// Unreadable optional values (a bad level, date or manager DN) are dropped with a warning.
std::optional<directory::DirectoryEntry> mapPerson(const RawEntry& entry,
                                                   const AttributeMapping& mapping,
                                                   std::vector<std::string>& warnings);
std::optional<directory::DirectoryGroup> mapGroup(const RawEntry& entry,
                                                  const AttributeMapping& mapping,
                                                  std::vector<std::string>& warnings);

// Applies a field's transform to one value: nullopt when it cannot be read.
std::optional<std::string> transformValue(const std::string& value, Transform transform);

}  // namespace tandem::ldap
