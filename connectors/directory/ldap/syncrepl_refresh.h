// One RFC 4533 refreshOnly search (the sync request control built with BER, no paging: RFC 4533
// does not combine with it) and the parsing of what slapd answers: entries with a sync state
// control, syncInfo intermediate messages (new cookie, refreshDelete/refreshPresent phase ends,
// syncIdSet of UUIDs) and the syncDone control of the final result.
//
// Thread-safety: uses the connection from the calling thread only.
#pragma once

#include <ldap.h>

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ldap_config.h"
#include "ldap_connection.h"

namespace tandem::ldap {

// Entry states of the sync state control (RFC 4533 2.3).
enum class SyncState : uint8_t { kPresent, kAdd, kModify, kDelete };

struct SyncreplHandlers {
  // An entry: state add/modify carries the attributes, present/delete only the DN. `uuid` is the
  // RFC 4122 text of the entry's syncUUID. A non-ok Status stops the search.
  std::function<core::Status(LDAP*, LDAPMessage*, SyncState, const std::string& uuid)> onEntry;
  // A syncIdSet: UUIDs (RFC 4122 text) of deleted entries (deletes = true) or present ones.
  std::function<core::Status(const std::vector<std::string>& uuids, bool deletes)> onIdSet;
};

struct SyncreplOutcome {
  std::string cookie;          // the last cookie the server sent ("" when none)
  bool presentPhase = false;   // a present phase happened: entries not reported are gone
};

// Runs the refresh with `cookie` ("" for none) over the people search. Errors: ldapStatus of the
// failure; kFailedPrecondition detail "full_sync_required" when the server refuses the cookie
// (e-syncRefreshRequired, or a protocol error / unwilling to perform while a cookie was given).
core::Result<SyncreplOutcome> syncreplRefresh(LdapConnection& conn, const LdapConfig& config,
                                              const std::string& base, const std::string& filter,
                                              const std::vector<std::string>& attributes,
                                              const std::string& cookie,
                                              const SyncreplHandlers& handlers);

}  // namespace tandem::ldap
