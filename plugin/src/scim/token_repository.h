// Port through which the SCIM area stores identity providers' bearer tokens. Implemented in
// storage/. Only a hash of each token's secret is stored; the token itself is shown once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace tandem::scim {

// A stored token, without its secret.
struct ScimTokenInfo {
  int64_t id = 0;
  std::string name;        // the identity provider it was made for, e.g. "okta"
  std::string lookup;      // the public part of the token used to find its row
  std::string createdAt;   // ISO 8601 UTC
  std::string lastUsedAt;  // empty when never used
  std::string revokedAt;   // empty while active
};

// Thread-safety: an instance belongs to one StoreSession and is used by one thread at a time.
class ScimTokenRepository {
 public:
  virtual ~ScimTokenRepository() = default;
  // Stores a new active token. kAlreadyExists when an active token has this name.
  virtual core::Status create(const std::string& name, const std::string& lookup,
                              const std::string& hash) = 0;
  // Every token, active and revoked, oldest first.
  virtual core::Result<std::vector<ScimTokenInfo>> list() = 0;
  // Revokes the active token of this name. kNotFound when there is none.
  virtual core::Status revoke(const std::string& name) = 0;
  // The active token with this lookup part and its stored hash, or nullopt.
  virtual core::Result<std::optional<std::pair<ScimTokenInfo, std::string>>> findActive(
      const std::string& lookup) = 0;
  // Records a use (at most once a minute per token is enough; the caller decides).
  virtual core::Status touch(int64_t id) = 0;
};

}  // namespace tandem::scim
