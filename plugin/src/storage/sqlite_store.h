// SQLite backend of the store (SQLiteCpp). WAL, foreign keys on, busy timeout, numbered
// transactional migrations, and a refusal to open a database written by a newer Tandem.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "storage/store.h"

namespace tandem::storage {

struct SqliteOptions {
  std::string path;        // file path, or ":memory:" (then the pool has one connection)
  int poolSize = 4;        // connections handed out to sessions
  int busyTimeoutMs = 5000;
};

// Opens (creating if needed) and migrates the database. Errors: kFailedPrecondition when the file
// holds a schema newer than this build, kUnavailable when it cannot be opened, kInternal when a
// migration fails (the database is then left at the last good version).
core::Result<std::unique_ptr<Store>> openSqliteStore(const SqliteOptions& options);

}  // namespace tandem::storage
