// LdapConnection: one bound LDAPv3 connection, tried over the configured URIs in order
// (failover). Referrals off, network and per-operation timeouts, per-handle TLS options applied
// with LDAP_OPT_X_TLS_NEWCTX, StartTLS fatal on failure, simple bind with a non-empty password.
//
// Thread-safety: use from one thread. Owns the libldap handle (unbound on destruction).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ldap_config.h"

typedef struct ldap LDAP;  // NOLINT: libldap's opaque handle, kept out of this header's users

namespace tandem::ldap {

class LdapConnection {
 public:
  // Connects and binds. Errors: kInvalidArgument (unreadable or empty password file),
  // kUnauthenticated (bind refused), kUnavailable (no URI answered, TLS or StartTLS failed; the
  // message names each URI's LDAP error).
  static core::Result<std::unique_ptr<LdapConnection>> open(const LdapConfig& config);
  // The same over the same URIs and TLS settings, but bound as bindDn with password (a user's
  // login bind). kInvalidArgument for an empty password, before any network traffic.
  static core::Result<std::unique_ptr<LdapConnection>> openAs(const LdapConfig& config,
                                                              const std::string& bindDn,
                                                              std::string_view password);
  ~LdapConnection();
  LdapConnection(const LdapConnection&) = delete;
  LdapConnection& operator=(const LdapConnection&) = delete;

  LDAP* handle() { return ld_; }
  const std::string& uri() const { return uri_; }

 private:
  LdapConnection(LDAP* ld, std::string uri) : ld_(ld), uri_(std::move(uri)) {}
  LDAP* ld_;
  std::string uri_;
};

// Maps an LDAP result code to a Status code (server down/timeouts -> kUnavailable or
// kDeadlineExceeded, bad credentials -> kUnauthenticated, ...), message "what: <ldap error>".
core::Status ldapStatus(int code, const std::string& what);

}  // namespace tandem::ldap
