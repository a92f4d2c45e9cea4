// The one parser of SCIM request bodies (resources, PATCH, .search, /Bulk).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/status.h"

namespace tandem::http::internal {

// Deepest nesting of arrays and objects a SCIM request body may have; the outermost object is
// level 1. SCIM resources need fewer than 10 levels; the bound keeps the recursive code that
// walks, copies, dumps and destroys a JSON value (nlohmann's and ours) off the end of the stack.
inline constexpr int kMaxBodyDepth = 64;

// Parses `body` as a JSON object. kInvalidArgument with detail "invalidSyntax" when the body is
// nested deeper than kMaxBodyDepth (checked on the raw bytes before any value is built), is not
// valid JSON, or is not an object. Never throws.
core::Result<nlohmann::json> parseScimBody(std::string_view body);

}  // namespace tandem::http::internal
