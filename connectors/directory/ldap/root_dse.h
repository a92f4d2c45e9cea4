// Reads what a server can do from its rootDSE: the RFC 4533 sync control in supportedControl,
// and for Active Directory highestCommittedUSN, dnsHostName and the invocationId of the DC's
// database (read from the NTDS Settings entry named by dsServiceName).
//
// Thread-safety: uses the connection from the calling thread only.
#pragma once

#include "core/status.h"
#include "incremental_plan.h"
#include "ldap_config.h"
#include "ldap_connection.h"

namespace tandem::ldap {

// Errors: ldapStatus of the search (a rootDSE the account may not read gives empty capabilities,
// not an error).
core::Result<ServerCapabilities> readRootDse(LdapConnection& conn, const LdapConfig& config);

}  // namespace tandem::ldap
