#include "storage/internal/sqlite_scim_token_repository.h"

#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {
namespace {

constexpr const char* kColumns = "id, name, lookup, created_at, last_used_at, revoked_at";

scim::ScimTokenInfo readInfo(SQLite::Statement& q) {
  scim::ScimTokenInfo info;
  info.id = q.getColumn(0).getInt64();
  info.name = q.getColumn(1).getString();
  info.lookup = q.getColumn(2).getString();
  info.createdAt = q.getColumn(3).getString();
  info.lastUsedAt = q.getColumn(4).getString();
  info.revokedAt = q.getColumn(5).getString();
  return info;
}

}  // namespace

core::Status SqliteScimTokenRepository::create(const std::string& name, const std::string& lookup,
                                               const std::string& hash) {
  core::Status status = guarded("store SCIM token", [&]() -> core::Status {
    SQLite::Statement q(db_, "INSERT INTO scim_tokens (name, lookup, hash) VALUES (?1, ?2, ?3)");
    q.bind(1, name);
    q.bind(2, lookup);
    q.bind(3, hash);
    q.exec();
    return core::Status::ok();
  });
  // The only unique constraint a caller can hit is the active name (lookups are random).
  if (status.code() == core::StatusCode::kAlreadyExists) {
    return core::alreadyExists("an active SCIM token named '" + name +
                               "' already exists; revoke it first");
  }
  return status;
}

core::Result<std::vector<scim::ScimTokenInfo>> SqliteScimTokenRepository::list() {
  return guarded("list SCIM tokens", [&]() -> core::Result<std::vector<scim::ScimTokenInfo>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns + " FROM scim_tokens ORDER BY id");
    std::vector<scim::ScimTokenInfo> out;
    while (q.executeStep()) out.push_back(readInfo(q));
    return out;
  });
}

core::Status SqliteScimTokenRepository::revoke(const std::string& name) {
  return guarded("revoke SCIM token", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE scim_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                        "WHERE name = ?1 AND revoked_at = ''");
    q.bind(1, name);
    if (q.exec() == 0) return core::notFound("no active SCIM token named '" + name + "'");
    return core::Status::ok();
  });
}

core::Result<std::optional<std::pair<scim::ScimTokenInfo, std::string>>>
SqliteScimTokenRepository::findActive(const std::string& lookup) {
  using Found = std::optional<std::pair<scim::ScimTokenInfo, std::string>>;
  return guarded("read SCIM token", [&]() -> core::Result<Found> {
    SQLite::Statement q(db_, std::string("SELECT ") + kColumns +
                                 ", hash FROM scim_tokens WHERE lookup = ?1 AND revoked_at = ''");
    q.bind(1, lookup);
    if (!q.executeStep()) return Found();
    scim::ScimTokenInfo info = readInfo(q);
    return Found(std::in_place, std::move(info), q.getColumn(6).getString());
  });
}

core::Status SqliteScimTokenRepository::touch(int64_t id) {
  return guarded("record SCIM token use", [&]() -> core::Status {
    SQLite::Statement q(db_,
                        "UPDATE scim_tokens SET last_used_at = "
                        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1");
    q.bind(1, id);
    q.exec();
    return core::Status::ok();
  });
}

}  // namespace tandem::storage::internal
