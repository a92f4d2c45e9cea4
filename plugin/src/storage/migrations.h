// Numbered schema migrations. Each runs in its own transaction together with the row recording it.
#pragma once

#include <string_view>
#include <vector>

namespace tandem::storage {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  // Rebuilds a table that others reference (SQLite's 12-step procedure): run with foreign keys
  // off, so dropping the old table cascades nothing, and checked with foreign_key_check before
  // the transaction commits.
  bool foreignKeysOff = false;
};

// All migrations in ascending version order. Append only; never edit a released one.
const std::vector<Migration>& migrations();

// The newest schema version this build knows.
int latestSchemaVersion();

}  // namespace tandem::storage
