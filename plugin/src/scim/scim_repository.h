// Port through which the SCIM service provider reads and writes people and groups. Implemented in
// storage/ (filters become prepared SQL there). People and groups are the same rows the LDAP
// sync and the CSV import fill: each row's `source` says which connector owns it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "directory/employee.h"
#include "scim/filter.h"

namespace tandem::scim {

// A group a person belongs to directly, or a member of a group.
struct ResourceRef {
  std::string id;       // SCIM id
  std::string display;  // person's display name or group name
  std::string type;     // "User" or "Group"
};

// One person as SCIM sees them.
struct UserRecord {
  directory::Employee employee;  // employee.externalId is the SCIM id
  std::string scimExternalId;    // the identity provider's externalId
  std::string createdAt;
  nlohmann::json document;       // the last SCIM document a provider wrote (scim rows), else null
  std::string documentText;      // `document` as stored (empty when not read from the store)
  std::string managerId;         // the manager's SCIM id, empty when none
  std::string managerDisplayName;
  std::vector<ResourceRef> groups;  // direct groups, when read with them
  bool deleted = false;             // deleted through SCIM (kept for history, hidden from SCIM)
};

struct GroupRecord {
  int64_t rowId = 0;
  std::string id;  // SCIM id (groups.external_id)
  std::string source;
  std::string scimExternalId;
  std::string displayName;
  std::string createdAt;
  std::string updatedAt;
  int64_t version = 1;
  std::vector<ResourceRef> members;  // when read with members
};

// A list request (RFC 7644 section 3.4.2). startIndex is 1-based; count 0 asks for the total only.
struct ListQuery {
  std::optional<Filter> filter;
  std::string sortBy;  // attribute path, empty: stable storage order
  bool descending = false;
  int64_t startIndex = 1;
  int64_t count = 100;
  bool withMembers = true;  // groups: read members; users: read groups
};

template <typename T>
struct ListPage {
  int64_t total = 0;
  std::vector<T> items;
};

// Thread-safety: an instance belongs to one StoreSession and is used by one thread at a time.
class ScimRepository {
 public:
  virtual ~ScimRepository() = default;

  // Users. Lookups ignore people deleted through SCIM (they answer as unknown).
  virtual core::Result<std::optional<UserRecord>> findUser(const std::string& id,
                                                           bool withGroups) = 0;
  // The person holding this userName (case-insensitive), deleted ones included.
  virtual core::Result<std::optional<UserRecord>> findUserByUserName(
      const std::string& userName) = 0;
  // kInvalidArgument with detail "invalidFilter" for an attribute that cannot be filtered or
  // sorted on, "invalidValue" for a value of the wrong type.
  virtual core::Result<ListPage<UserRecord>> listUsers(const ListQuery& query) = 0;
  // Inserts (record.employee.id == 0) or rewrites a person from SCIM: columns, scim_external_id,
  // the SCIM document, the manager (by SCIM id; an unknown one is kept and resolved when it
  // arrives), and clears a SCIM deletion mark. Fills employee.id. kAlreadyExists for a userName
  // held by another row. Saving an existing person as inactive closes their open matches
  // ("left the directory").
  virtual core::Status saveUser(UserRecord& record) = 0;
  // SCIM DELETE: deactivates and marks deleted; group memberships end; open matches are closed
  // ("left the directory", history kept).
  virtual core::Status deleteUser(int64_t employeeId) = 0;
  // Resolves the managers that point at this person's SCIM id (people who arrived before their
  // manager).
  virtual core::Status resolveManagersOf(const std::string& id) = 0;

  // Groups.
  virtual core::Result<std::optional<GroupRecord>> findGroup(const std::string& id,
                                                             bool withMembers) = 0;
  virtual core::Result<ListPage<GroupRecord>> listGroups(const ListQuery& query) = 0;
  // Inserts (rowId == 0, id empty: a new id is made) or updates the group's name and externalId.
  // kAlreadyExists when another group holds the name.
  virtual core::Status saveGroup(GroupRecord& record) = 0;
  virtual core::Status deleteGroup(int64_t rowId) = 0;
  // Member changes touch only the named rows. kInvalidArgument (detail "invalidValue") naming the
  // first id that is neither a person nor a group. Adding a present member or removing an absent
  // one is not an error.
  virtual core::Status addMembers(int64_t rowId, const std::vector<std::string>& ids) = 0;
  virtual core::Status removeMembers(int64_t rowId, const std::vector<std::string>& ids) = 0;
  virtual core::Status removeAllMembers(int64_t rowId) = 0;
  // Whether `memberId` is a direct member (for If-Match on member filters and tests).
  virtual core::Result<bool> hasMember(int64_t rowId, const std::string& memberId) = 0;
  // The group's current version (its ETag), after member changes.
  virtual core::Result<int64_t> groupVersion(int64_t rowId) = 0;
};

}  // namespace tandem::scim
