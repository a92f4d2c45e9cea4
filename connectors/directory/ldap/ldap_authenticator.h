// LdapAuthenticator: signs a person in by LDAP bind. It searches the person's entry with the sync
// account (filter `(&<user_filter>(<login attribute>=<RFC 4515-escaped name>))`, exactly one match
// required), then binds as that DN with the given password on a fresh connection, and reads the
// person's groups as the sync account: the direct ones (memberOf plus a group search by member
// DN), then, level by level, the groups those are nested in (one search per level with every DN
// RFC 4515-escaped, at most 16 levels, each group visited once so that cyclic nesting ends).
//
// Every refusal that could tell whether an account exists (unknown name, several matches, wrong
// password, empty password, disabled entry) is the same kUnauthenticated "invalid user name or
// password"; server problems are kUnavailable/kDeadlineExceeded. Passwords are never logged or kept.
//
// Thread-safety: authenticate() is const and opens its own connections, so one instance may be
// shared by several threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ldap_config.h"

namespace tandem::ldap {

// The message of every credential refusal.
inline constexpr std::string_view kInvalidCredentials = "invalid user name or password";

struct LdapIdentity {
  std::string dn;
  std::string userName;     // the login attribute's value as the directory holds it
  std::string displayName;  // "" when the entry has none
  std::vector<std::string> groups;  // names (the mapping's group name attribute, e.g. cn) of the
                                    // direct and the inherited (nested) groups, sorted
  bool hrAdmin = false;  // member, directly or through nested groups, of the configured
                         // hr_admin_group (a name, any case, or the group's DN)
};

// `(&<userFilter>(<loginAttribute>=<escaped userName>))`; a userFilter without outer parentheses
// is wrapped in them. Every filter metacharacter of userName is escaped (RFC 4515).
std::string buildLoginFilter(std::string_view userFilter, std::string_view loginAttribute,
                             std::string_view userName);

class LdapAuthenticator {
 public:
  // config: the sync's settings (URIs, TLS, sync account, base DN, filters, mapping,
  // hr_admin_group). The login attribute is the mapping's first `login` attribute.
  explicit LdapAuthenticator(LdapConfig config) : config_(std::move(config)) {}

  // Errors: kUnauthenticated kInvalidCredentials (see above); kUnavailable or kDeadlineExceeded
  // when the directory cannot be reached or the sync account cannot search.
  core::Result<LdapIdentity> authenticate(std::string_view userName,
                                          std::string_view password) const;

  const LdapConfig& config() const { return config_; }

 private:
  LdapConfig config_;
};

}  // namespace tandem::ldap
