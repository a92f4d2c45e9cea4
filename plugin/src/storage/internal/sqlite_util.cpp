#include "storage/internal/sqlite_util.h"

#include <sqlite3.h>

namespace tandem::storage::internal {

core::Status fromSqliteError(const SQLite::Exception& e, const std::string& what) {
  const int extended = e.getExtendedErrorCode();
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::alreadyExists(what + ": already exists");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return core::invalidArgument(what + ": " + e.what());
    default:
      break;
  }
  if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) {
    return core::unavailable(what + ": the database is busy, try again");
  }
  return core::internalError(what + ": " + e.what());
}

std::string toJsonArray(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::vector<std::string> fromJsonArray(const std::string& text) {
  if (text.empty()) return {};
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

}  // namespace tandem::storage::internal
