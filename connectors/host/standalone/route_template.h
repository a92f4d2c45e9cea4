// Maps a request path to a route template for metrics labels, so label cardinality stays bounded:
//   /api/v1/programs/17               -> /api/v1/programs/{id}
//   /api/v1/service/accounts/j.doe    -> /api/v1/service/accounts/{userName}
//   /scim/v2/Users/2819c223-7f76-...  -> /scim/v2/Users/{id}
//   /ui/css/app.css                   -> /ui/{file}
// Numeric segments and id-like segments (16+ characters containing a digit) become {id}.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace tandem::standalone {

std::string routeTemplate(std::string_view path);

}  // namespace tandem::standalone
