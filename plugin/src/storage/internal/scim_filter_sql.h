// Translation of SCIM filters and sortBy into SQL over the store's tables, with every value bound
// as a parameter. Users are read from `employees e` (with `employee_raw r` and the manager
// `employees m` joined when a fragment needs them), groups from `groups g`. Indexed attributes
// (id, userName, externalId, displayName, group names and ids) become plain comparisons on their
// columns so SQLite uses the indexes; attributes only kept in a provider's SCIM document are read
// with json_extract / json_each.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"
#include "scim/filter.h"

namespace tandem::storage::internal {

using SqlValue = std::variant<std::string, int64_t, double>;

struct SqlFragment {
  std::string sql;
  std::vector<SqlValue> binds;  // in order of the '?' placeholders
  bool needsRaw = false;        // uses r (employee_raw)
  bool needsManager = false;    // uses m (the manager row)
};

enum class ScimResource { kUser, kGroup };

// kInvalidArgument with detail "invalidFilter" naming the attribute or operator that cannot be
// used (unknown attribute, gt on a boolean, co on an integer, a value of the wrong type).
core::Result<SqlFragment> scimFilterSql(ScimResource resource, const scim::Filter& filter);

// ORDER BY expression (without direction) for sortBy. kInvalidArgument with detail
// "invalidValue" for an unknown or multi-valued attribute that has no single value to sort on.
core::Result<SqlFragment> scimSortSql(ScimResource resource, const std::string& sortBy);

// Binds fragment values to a statement starting at parameter `first` (1-based); returns the next
// free parameter index. Declared here, defined with the statements (SQLiteCpp).
}  // namespace tandem::storage::internal
