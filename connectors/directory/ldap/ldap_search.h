// Search helpers shared by the LDAP connector's scans (internal to connectors/directory/ldap):
// owning wrappers for libldap results, reading an entry, one paged search.
//
// Thread-safety: stateless; the LDAP handle passed in is used from the calling thread only.
#pragma once

#include <ldap.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "entry_mapper.h"
#include "ldap_config.h"
#include "ldap_connection.h"

namespace tandem::ldap {

// Owns an LDAPMessage chain.
struct MessageDeleter {
  void operator()(LDAPMessage* m) const { ldap_msgfree(m); }
};
using Message = std::unique_ptr<LDAPMessage, MessageDeleter>;

// NULL-terminated char* array over a vector of names.
class AttributeList {
 public:
  explicit AttributeList(const std::vector<std::string>& names) : names_(names) {
    for (auto& n : names_) pointers_.push_back(n.data());
    pointers_.push_back(nullptr);
  }
  char** get() { return pointers_.data(); }

 private:
  std::vector<std::string> names_;
  std::vector<char*> pointers_;
};

// ASCII lower case.
std::string lowerAscii(std::string s);

// The DN and every attribute of a search entry (names lower-cased).
RawEntry readEntry(LDAP* ld, LDAPMessage* entry);

// One paged subtree search (RFC 2696, critical): each entry goes to onEntry, after each page
// onPage runs (its error stops the search). Errors: ldapStatus of the failure, naming `what` and
// the server.
core::Status pagedSearch(LdapConnection& conn, const LdapConfig& c, const std::string& base,
                         const std::string& filter, const std::vector<std::string>& attributes,
                         const std::function<void(LDAP*, LDAPMessage*)>& onEntry,
                         const std::function<core::Status()>& onPage, const std::string& what);

}  // namespace tandem::ldap
