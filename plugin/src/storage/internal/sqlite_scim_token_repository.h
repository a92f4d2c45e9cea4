// SQLite implementation of scim::ScimTokenRepository (table scim_tokens, migration 5).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include "scim/token_repository.h"

namespace tandem::storage::internal {

class SqliteScimTokenRepository final : public scim::ScimTokenRepository {
 public:
  explicit SqliteScimTokenRepository(SQLite::Database& db) : db_(db) {}
  core::Status create(const std::string& name, const std::string& lookup,
                      const std::string& hash) override;
  core::Result<std::vector<scim::ScimTokenInfo>> list() override;
  core::Status revoke(const std::string& name) override;
  core::Result<std::optional<std::pair<scim::ScimTokenInfo, std::string>>> findActive(
      const std::string& lookup) override;
  core::Status touch(int64_t id) override;

 private:
  SQLite::Database& db_;
};

}  // namespace tandem::storage::internal
