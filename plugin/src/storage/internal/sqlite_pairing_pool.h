// SQLite implementation of pairing::PairingPool over a borrowed connection (owned by the session
// that created it); used by one thread at a time.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include "pairing/pairing_pool.h"

namespace tandem::storage::internal {

class SqlitePairingPool final : public pairing::PairingPool {
 public:
  explicit SqlitePairingPool(SQLite::Database& db) : db_(db) {}
  core::Result<std::vector<pairing::PairingPerson>> participants() override;
  core::Result<std::map<int64_t, pairing::CatalogueSkill>> skills() override;
  core::Result<std::vector<pairing::PersonPair>> earlierPairs(int64_t programId) override;

 private:
  SQLite::Database& db_;
};

}  // namespace tandem::storage::internal
