// JSON text of a value for storing or sending. Names, departments and reasons come from
// directories and may hold invalid UTF-8: such bytes become U+FFFD instead of making
// nlohmann's dump() throw.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace tandem::core {

inline std::string jsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tandem::core
