#include "ldap_authenticator.h"

#include <ldap.h>
#include <sys/time.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "attribute_transforms.h"
#include "ldap_connection.h"
#include "ldap_text.h"

namespace tandem::ldap {

namespace {

core::Status invalidCredentials() { return core::unauthenticated(std::string(kInvalidCredentials)); }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Frees a search result chain.
struct MessageDeleter {
  void operator()(LDAPMessage* m) const {
    if (m != nullptr) ldap_msgfree(m);
  }
};
using Message = std::unique_ptr<LDAPMessage, MessageDeleter>;

// The values of attribute `name` of entry (as bytes).
std::vector<std::string> values(LDAP* ld, LDAPMessage* entry, const std::string& name) {
  std::vector<std::string> out;
  berval** vals = ldap_get_values_len(ld, entry, name.c_str());
  if (vals == nullptr) return out;
  for (berval** v = vals; *v != nullptr; ++v) out.emplace_back((*v)->bv_val, (*v)->bv_len);
  ldap_value_free_len(vals);
  return out;
}

std::optional<std::string> firstValue(LDAP* ld, LDAPMessage* entry, const FieldMap& field) {
  for (const auto& a : field.attributes) {
    auto v = values(ld, entry, a);
    if (!v.empty()) return v.front();
  }
  return std::nullopt;
}

// Searches base with filter for attrs; a size limit of `sizeLimit` entries (0: none).
core::Result<Message> search(LDAP* ld, const LdapConfig& c, const std::string& base,
                             const std::string& filter, std::vector<std::string> attrs,
                             int sizeLimit) {
  std::vector<char*> attrPtrs;
  for (auto& a : attrs) attrPtrs.push_back(a.data());
  attrPtrs.push_back(nullptr);
  timeval timeout{c.resultTimeoutSeconds, 0};
  LDAPMessage* result = nullptr;
  const int rc = ldap_search_ext_s(ld, base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(),
                                   attrPtrs.data(), 0, nullptr, nullptr, &timeout, sizeLimit,
                                   &result);
  Message owned(result);
  // A size limit hit with two entries still tells us "more than one".
  if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
    return ldapStatus(rc, "search " + base);
  }
  return owned;
}

// The value of the first RDN when its type is `type` ("cn=HR,ou=g,..." -> "HR"), else "".
std::string firstRdnValue(const std::string& dn, std::string_view type) {
  LDAPDN parsed = nullptr;
  if (ldap_str2dn(dn.c_str(), &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS) return {};
  std::string out;
  if (parsed != nullptr && parsed[0] != nullptr && parsed[0][0] != nullptr) {
    const LDAPAVA* ava = parsed[0][0];
    const std::string_view attr(ava->la_attr.bv_val, ava->la_attr.bv_len);
    if (equalsIgnoreCase(attr, type)) out.assign(ava->la_value.bv_val, ava->la_value.bv_len);
  }
  ldap_dnfree(parsed);
  return out;
}

bool isDisabled(LDAP* ld, LDAPMessage* entry, const FieldMap& field) {
  const auto v = firstValue(ld, entry, field);
  if (!v) return false;
  if (field.transform == Transform::kUacDisabled) return uacDisabled(*v).value_or(false);
  return parseLdapBool(*v).value_or(false);
}

}  // namespace

std::string buildLoginFilter(std::string_view userFilter, std::string_view loginAttribute,
                             std::string_view userName) {
  std::string base(userFilter);
  if (base.empty()) base = "(objectClass=*)";
  if (base.front() != '(') base = "(" + base + ")";
  return "(&" + base + "(" + std::string(loginAttribute) + "=" + escapeFilterValue(userName) +
         "))";
}

core::Result<LdapIdentity> LdapAuthenticator::authenticate(std::string_view userName,
                                                           std::string_view password) const {
  // Refuse before any network traffic: an empty simple bind is anonymous and "succeeds".
  if (userName.empty() || password.empty()) return invalidCredentials();
  const LdapConfig& c = config_;
  if (c.mapping.login.attributes.empty()) return core::internalError("ldap: no login attribute");
  const std::string& loginAttribute = c.mapping.login.attributes.front();

  auto service = LdapConnection::open(c);
  if (!service.isOk()) {
    // The sync account's own problems are the operator's, not the user's.
    if (service.status().code() == core::StatusCode::kUnauthenticated ||
        service.status().code() == core::StatusCode::kInvalidArgument) {
      return core::unavailable("the LDAP service account cannot sign in: " +
                               service.status().message());
    }
    return service.status();
  }
  LDAP* ld = (*service)->handle();

  std::vector<std::string> attrs = {loginAttribute, "memberOf"};
  for (const auto* f : {&c.mapping.displayName, &c.mapping.disabled}) {
    attrs.insert(attrs.end(), f->attributes.begin(), f->attributes.end());
  }
  auto found = search(ld, c, c.baseDn, buildLoginFilter(c.userFilter, loginAttribute, userName),
                      attrs, 2);
  if (!found.isOk()) return found.status();
  if (ldap_count_entries(ld, found->get()) != 1) return invalidCredentials();
  LDAPMessage* entry = ldap_first_entry(ld, found->get());
  char* rawDn = ldap_get_dn(ld, entry);
  if (rawDn == nullptr) return invalidCredentials();
  LdapIdentity id;
  id.dn = rawDn;
  ldap_memfree(rawDn);
  const auto login = values(ld, entry, loginAttribute);
  // The server matched with the attribute's own rule; keep the directory's spelling.
  id.userName = login.empty() ? std::string(userName) : login.front();
  id.displayName = firstValue(ld, entry, c.mapping.displayName).value_or("");
  const bool disabled = isDisabled(ld, entry, c.mapping.disabled);
  const auto memberOf = values(ld, entry, "memberOf");

  // The user's own bind, on a fresh connection. Done even for a disabled entry so that the answer
  // takes about as long either way.
  auto user = LdapConnection::openAs(c, id.dn, password);
  if (!user.isOk()) {
    const auto code = user.status().code();
    if (code == core::StatusCode::kUnavailable || code == core::StatusCode::kDeadlineExceeded)
      return user.status();
    return invalidCredentials();
  }
  user->reset();
  if (disabled) return invalidCredentials();

  // Groups: memberOf where the server keeps it, plus a search by member DN.
  const std::string groupNameAttribute =
      c.mapping.groupName.attributes.empty() ? "cn" : c.mapping.groupName.attributes.front();
  for (const auto& g : memberOf) {
    std::string name = firstRdnValue(g, groupNameAttribute);
    if (!name.empty()) id.groups.push_back(std::move(name));
  }
  const std::string memberAttribute =
      c.mapping.groupMember.attributes.empty() ? "member" : c.mapping.groupMember.attributes.front();
  const std::string groupFilter = buildLoginFilter(c.groupFilter, memberAttribute, id.dn);
  auto groups = search(ld, c, c.groupBaseDn.empty() ? c.baseDn : c.groupBaseDn, groupFilter,
                       {groupNameAttribute}, 0);
  if (!groups.isOk()) return groups.status();
  for (LDAPMessage* g = ldap_first_entry(ld, groups->get()); g != nullptr;
       g = ldap_next_entry(ld, g)) {
    for (auto& name : values(ld, g, groupNameAttribute)) id.groups.push_back(std::move(name));
  }
  std::sort(id.groups.begin(), id.groups.end());
  id.groups.erase(std::unique(id.groups.begin(), id.groups.end()), id.groups.end());
  id.hrAdmin = std::any_of(id.groups.begin(), id.groups.end(), [&](const std::string& g) {
    return equalsIgnoreCase(g, c.hrAdminGroup);
  });
  return id;
}

}  // namespace tandem::ldap
