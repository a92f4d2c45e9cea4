// Calls the plugin's service routes (/api/v1/service/...) as the host itself: identity
// user_id "tandem-host" with the SERVICE role, never a person's identity.
// Thread-safety: as PluginLoader::handleRequest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "host/common/plugin_loader.h"
#include "host/common/status.h"

namespace tandem::standalone {

// GET /api/v1/service/accounts/{userName}. Errors: not_found (plugin answered 404),
// unavailable/internal otherwise.
host::Result<nlohmann::json> lookupAccount(const host::PluginLoader& plugin,
                                           std::string_view userName);

// GET /api/v1/service/accounts?q=&limit=: the "items" array.
host::Result<nlohmann::json> searchAccounts(const host::PluginLoader& plugin, std::string_view q,
                                            int limit);

// Percent-encodes a path segment or query value (RFC 3986 unreserved characters kept).
std::string urlEncode(std::string_view value);

}  // namespace tandem::standalone
