// ServerFeatures: what a remote SCIM service provider says it supports in its
// /ServiceProviderConfig (RFC 7643 section 5), as far as the SCIM client uses it. Pure.
//
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>

#include "core/status.h"

namespace tandem::scimclient {

struct ServerFeatures {
  bool filterSupported = false;
  int64_t filterMaxResults = 0;  // 0: the server states no limit
  bool sortSupported = false;    // false: the client never sends sortBy
  bool bulkSupported = false;    // informative only: the client never uses /Bulk or /.search
  bool etagSupported = false;
  bool patchSupported = false;

  // Reads a /ServiceProviderConfig document. Absent features count as unsupported; counts sent
  // as strings are accepted. kInvalidArgument when the document is not a JSON object or a field
  // has the wrong type (a non-boolean "supported", a negative or non-numeric maxResults).
  static core::Result<ServerFeatures> fromJson(const nlohmann::json& j);

  // The page size to ask for: `configured`, capped by filterMaxResults when the server states one.
  int64_t pageSize(int64_t configured) const;
};

}  // namespace tandem::scimclient
