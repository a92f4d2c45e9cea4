// Text rules of LDAP that need libldap: RFC 4515 filter escaping and DN normalisation.
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace tandem::ldap {

// Escapes a value for use inside a search filter (RFC 4515): * ( ) \ and NUL become \2a \28 \29
// \5c \00. Use for EVERY value placed in a filter (logins, ids).
std::string escapeFilterValue(std::string_view value);

// The normal form used to join DNs: parsed (RFC 4514) and printed back in LDAPv3 form by libldap,
// then ASCII case-folded. "UID=U1, OU=Legal\2C Risk,DC=example,DC=com" and
// "uid=u1,ou=Legal\, Risk,dc=example,dc=com" normalise to the same string. "" stays "".
// kInvalidArgument when dn is not a valid DN.
core::Result<std::string> normalizeDn(std::string_view dn);

// The value of the first "ou" RDN after the entry's own RDN ("Legal, Risk" for
// "uid=a,ou=Legal\2C Risk,ou=people,..."), or "" when there is none or the DN is invalid.
std::string parentOu(std::string_view dn);

// ldap_err2string for an LDAP result code, with the code: "Can't contact LDAP server (-1)".
std::string ldapErrorText(int code);

}  // namespace tandem::ldap
