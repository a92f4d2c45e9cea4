#include "ldap_authenticator.h"

#include <ldap.h>
#include <sys/time.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <unordered_set>

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

// The groups a person belongs to, directly or through nested groups: a breadth-first walk up
// the `member` references, one search per level (at most kMaxNestingDepth levels, at most
// kMaxGroups groups), that visits each group once, so cyclic nesting ends.
class GroupWalk {
 public:
  static constexpr int kMaxNestingDepth = 16;
  static constexpr size_t kMaxGroups = 2000;
  static constexpr size_t kDnsPerSearch = 64;

  // A group the person is in (or a group nested group is in); "" name when unknown.
  void add(const std::string& dn, std::string name) {
    auto normal = normalizeDn(dn);
    const std::string key = normal.isOk() ? *normal : dn;
    if (key.empty()) return;
    // A name counts even when the group was seen before (memberOf gives no name when the name
    // attribute is not the RDN's).
    if (!name.empty()) names_.push_back(std::move(name));
    if (seen_.size() >= kMaxGroups || !seen_.insert(key).second) return;
    next_.push_back(dn);
  }

  void addEntries(LDAP* ld, LDAPMessage* result, const std::string& nameAttribute) {
    for (LDAPMessage* g = ldap_first_entry(ld, result); g != nullptr; g = ldap_next_entry(ld, g)) {
      char* rawDn = ldap_get_dn(ld, g);
      if (rawDn == nullptr) continue;
      const std::string dn = rawDn;
      ldap_memfree(rawDn);
      auto groupNames = values(ld, g, nameAttribute);
      add(dn, groupNames.empty() ? std::string() : std::move(groupNames.front()));
      // Further names of a multi-valued name attribute count too.
      for (size_t i = 1; i < groupNames.size(); ++i) names_.push_back(std::move(groupNames[i]));
    }
  }

  // Finds the groups that list the groups found so far as members, level by level. Every DN put
  // in a filter is escaped (RFC 4515).
  core::Status expand(LDAP* ld, const LdapConfig& c, const std::string& memberAttribute,
                      const std::string& nameAttribute) {
    const std::string base = c.groupBaseDn.empty() ? c.baseDn : c.groupBaseDn;
    std::string groupFilter = c.groupFilter.empty() ? "(objectClass=*)" : c.groupFilter;
    if (groupFilter.front() != '(') groupFilter = "(" + groupFilter + ")";
    for (int depth = 0; depth < kMaxNestingDepth && !next_.empty(); ++depth) {
      std::vector<std::string> level;
      level.swap(next_);
      for (size_t from = 0; from < level.size(); from += kDnsPerSearch) {
        std::string any;
        for (size_t i = from; i < std::min(level.size(), from + kDnsPerSearch); ++i) {
          any += "(" + memberAttribute + "=" + escapeFilterValue(level[i]) + ")";
        }
        auto parents = search(ld, c, base, "(&" + groupFilter + "(|" + any + "))",
                              {nameAttribute}, 0);
        if (!parents.isOk()) return parents.status();
        addEntries(ld, parents->get(), nameAttribute);
      }
    }
    return core::Status::ok();
  }

  std::vector<std::string> names() const { return names_; }

  // Whether `group` (a name, any case, or a DN) is one of the groups found.
  bool contains(const std::string& group) const {
    if (group.empty()) return false;
    if (group.find('=') != std::string::npos) {
      auto normal = normalizeDn(group);
      if (normal.isOk() && seen_.count(*normal) != 0) return true;
    }
    return std::any_of(names_.begin(), names_.end(),
                       [&](const std::string& n) { return equalsIgnoreCase(n, group); });
  }

 private:
  std::unordered_set<std::string> seen_;  // normalised DNs
  std::vector<std::string> names_;
  std::vector<std::string> next_;  // DNs whose parents are still to find
};

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

  // Groups: memberOf where the server keeps it, plus a search by member DN; then the groups
  // those are nested in, level by level.
  const std::string groupNameAttribute =
      c.mapping.groupName.attributes.empty() ? "cn" : c.mapping.groupName.attributes.front();
  const std::string memberAttribute =
      c.mapping.groupMember.attributes.empty() ? "member" : c.mapping.groupMember.attributes.front();
  GroupWalk walk;
  for (const auto& g : memberOf) {
    walk.add(g, firstRdnValue(g, groupNameAttribute));
  }
  const std::string groupFilter = buildLoginFilter(c.groupFilter, memberAttribute, id.dn);
  auto groups = search(ld, c, c.groupBaseDn.empty() ? c.baseDn : c.groupBaseDn, groupFilter,
                       {groupNameAttribute}, 0);
  if (!groups.isOk()) return groups.status();
  walk.addEntries(ld, groups->get(), groupNameAttribute);
  TDM_RETURN_IF_ERROR(walk.expand(ld, c, memberAttribute, groupNameAttribute));
  id.groups = walk.names();
  std::sort(id.groups.begin(), id.groups.end());
  id.groups.erase(std::unique(id.groups.begin(), id.groups.end()), id.groups.end());
  id.hrAdmin = walk.contains(c.hrAdminGroup);
  return id;
}

}  // namespace tandem::ldap
