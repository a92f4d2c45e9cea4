// Helpers shared by the SQLite repositories: exception-to-Status conversion and JSON columns.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"

namespace tandem::storage::internal {

// Maps a SQLite error to a Status: constraint violations become kAlreadyExists (UNIQUE) or
// kInvalidArgument (CHECK, NOT NULL, FOREIGN KEY), busy/locked kUnavailable, others kInternal.
core::Status fromSqliteError(const SQLite::Exception& e, const std::string& what);

// Runs fn, converting any exception into a Status.
template <typename F>
auto guarded(const std::string& what, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return fromSqliteError(e, what);
  } catch (const nlohmann::json::exception& e) {
    return core::internalError(what + ": bad JSON in the store: " + e.what());
  } catch (const std::exception& e) {
    return core::internalError(what + ": " + e.what());
  }
}

std::string toJsonArray(const std::vector<std::string>& values);
std::vector<std::string> fromJsonArray(const std::string& text);

}  // namespace tandem::storage::internal
