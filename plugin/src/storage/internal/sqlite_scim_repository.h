// SQLite implementation of scim::ScimRepository.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>

#include "scim/scim_repository.h"

namespace tandem::storage::internal {

class SqliteScimRepository final : public scim::ScimRepository {
 public:
  explicit SqliteScimRepository(SQLite::Database& db) : db_(db) {}
  core::Result<std::optional<scim::UserRecord>> findUser(const std::string& id,
                                                         bool withGroups) override;
  core::Result<std::optional<scim::UserRecord>> findUserByUserName(
      const std::string& userName) override;
  core::Result<scim::ListPage<scim::UserRecord>> listUsers(const scim::ListQuery& query) override;
  core::Status saveUser(scim::UserRecord& record) override;
  core::Status deleteUser(int64_t employeeId) override;
  core::Status resolveManagersOf(const std::string& id) override;

  core::Result<std::optional<scim::GroupRecord>> findGroup(const std::string& id,
                                                           bool withMembers) override;
  core::Result<scim::ListPage<scim::GroupRecord>> listGroups(
      const scim::ListQuery& query) override;
  core::Status saveGroup(scim::GroupRecord& record) override;
  core::Status deleteGroup(int64_t rowId) override;
  core::Status addMembers(int64_t rowId, const std::vector<std::string>& ids) override;
  core::Status removeMembers(int64_t rowId, const std::vector<std::string>& ids) override;
  core::Status removeAllMembers(int64_t rowId) override;
  core::Result<bool> hasMember(int64_t rowId, const std::string& memberId) override;
  core::Result<int64_t> groupVersion(int64_t rowId) override;

 private:
  struct RankStart {
    int64_t total = 0;  // people listed
    int64_t id = 0;     // id of the one at the requested startIndex, 0 when past the end
  };
  // See the definition. Throws SQLite::Exception (called inside `guarded`).
  std::optional<RankStart> firstListedIdAtRank(const scim::ListQuery& query);
  core::Result<std::optional<scim::UserRecord>> findUserWhere(const char* where,
                                                              const std::string& value,
                                                              bool withGroups);
  core::Status readUserGroups(scim::UserRecord& record);
  core::Status readMembers(scim::GroupRecord& record);
  SQLite::Database& db_;
};

}  // namespace tandem::storage::internal
