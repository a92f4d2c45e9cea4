// The store: a session per unit of work, giving the repositories and a transaction. A second
// backend (PostgreSQL) implements these interfaces without touching domain code.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "directory/directory_sync_repository.h"
#include "directory/employee_repository.h"
#include "mentoring/mentoring_repository.h"
#include "pairing/pairing_pool.h"
#include "pairing/pairing_repository.h"
#include "scim/scim_repository.h"
#include "scim/token_repository.h"

namespace tandem::storage {

// Module-wide key/value settings (e.g. "module.enabled").
class SettingsRepository {
 public:
  virtual ~SettingsRepository() = default;
  virtual core::Result<std::optional<std::string>> get(const std::string& key) = 0;
  virtual core::Status set(const std::string& key, const std::string& value) = 0;
};

// Append-only audit trail of who changed what.
class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual core::Status append(const std::string& actor, const std::string& action,
                              const std::string& target, const std::string& detailsJson) = 0;
  virtual core::Result<int64_t> count() = 0;
  // Entries whose actor or target is `subject`, oldest first, as JSON objects.
  virtual core::Result<std::vector<std::string>> entriesAbout(const std::string& subject) = 0;
  // Replaces `subject` as actor or target by `pseudonym` (privacy erase); nothing else changes.
  virtual core::Status pseudonymize(const std::string& subject, const std::string& pseudonym) = 0;
};

// One connection's worth of repositories. Thread-safety: use from one thread at a time.
class StoreSession {
 public:
  virtual ~StoreSession() = default;
  virtual directory::EmployeeRepository& employees() = 0;
  virtual directory::GroupRepository& groups() = 0;
  virtual directory::DirectorySyncRepository& directorySync() = 0;
  virtual mentoring::SkillRepository& skills() = 0;
  virtual mentoring::ParticipantRepository& participants() = 0;
  virtual mentoring::ProgramRepository& programs() = 0;
  virtual pairing::PairingRepository& pairing() = 0;
  virtual pairing::PairingPool& pairingPool() = 0;
  virtual SettingsRepository& settings() = 0;
  virtual AuditLog& audit() = 0;
  virtual scim::ScimTokenRepository& scimTokens() = 0;
  virtual scim::ScimRepository& scim() = 0;
  // Runs fn in one write transaction: committed when fn returns ok, rolled back otherwise (and when
  // fn throws). Not re-entrant.
  virtual core::Status transaction(const std::function<core::Status()>& fn) = 0;
};

// Thread-safety: session() may be called from any thread; each session is used by one thread.
class Store {
 public:
  virtual ~Store() = default;
  // A session; blocks while all connections are in use. kUnavailable when the store is closed.
  virtual core::Result<std::unique_ptr<StoreSession>> session() = 0;
  virtual int schemaVersion() const = 0;
};

}  // namespace tandem::storage
