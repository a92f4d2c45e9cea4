// Port through which directory code reads and writes employees and groups. Implemented in storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "directory/employee.h"

namespace tandem::directory {

enum class UpsertOutcome { kAdded, kUpdated, kUnchanged };

struct EmployeeQuery {
  std::string text;        // matches display name, userName or email (substring, case-insensitive)
  std::string department;  // exact match when not empty
  bool includeInactive = false;
  int offset = 0;
  int limit = 25;
};

struct EmployeePage {
  std::vector<Employee> items;
  int64_t total = 0;
};

// Thread-safety: an instance belongs to one StoreSession and is used by one thread at a time.
class EmployeeRepository {
 public:
  virtual ~EmployeeRepository() = default;
  virtual core::Result<std::optional<Employee>> findById(int64_t id) = 0;
  virtual core::Result<std::optional<Employee>> findByUserName(const std::string& userName) = 0;
  virtual core::Result<std::optional<Employee>> findByExternalId(const std::string& externalId) = 0;
  // Inserts or updates by externalId. Fills employee.id. kAlreadyExists when another record holds
  // the same userName.
  virtual core::Result<UpsertOutcome> upsert(Employee& employee) = 0;
  // Resolves managerExternalId to managerId for every employee; a dangling or self reference
  // becomes NULL. Returns how many references could not be resolved.
  virtual core::Result<int64_t> resolveManagers() = 0;
  virtual core::Result<EmployeePage> search(const EmployeeQuery& query) = 0;
  virtual core::Result<std::vector<std::string>> departments() = 0;
  virtual core::Result<int64_t> count() = 0;
  // Erases the personal attributes of one employee and deactivates them; the row stays so history
  // that points at it keeps its shape. kNotFound for an unknown id.
  virtual core::Status anonymize(int64_t id) = 0;
};

class GroupRepository {
 public:
  virtual ~GroupRepository() = default;
  // Inserts or finds a group by name; returns its id.
  virtual core::Result<int64_t> ensureGroup(const std::string& name, const std::string& source) = 0;
  // Replaces the direct groups of an employee with the given names (groups created as needed).
  virtual core::Status setEmployeeGroups(int64_t employeeId, const std::vector<std::string>& names,
                                         const std::string& source) = 0;
  virtual core::Result<std::vector<std::string>> groupsOf(int64_t employeeId) = 0;
};

}  // namespace tandem::directory
