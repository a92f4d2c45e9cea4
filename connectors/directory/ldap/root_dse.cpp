#include "root_dse.h"

#include <sys/time.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "entry_mapper.h"
#include "ldap_search.h"

namespace tandem::ldap {

namespace {

const std::string* firstValue(const RawEntry& e, const std::string& lowerName) {
  const auto it = e.attributes.find(lowerName);
  return it == e.attributes.end() || it->second.empty() ? nullptr : &it->second.front();
}

core::Result<std::optional<RawEntry>> readBase(LdapConnection& conn, const LdapConfig& config,
                                               const std::string& dn,
                                               const std::vector<std::string>& attributes) {
  LDAP* ld = conn.handle();
  AttributeList attrs(attributes);
  timeval timeout{config.resultTimeoutSeconds, 0};
  LDAPMessage* raw = nullptr;
  const int rc = ldap_search_ext_s(ld, dn.c_str(), LDAP_SCOPE_BASE, "(objectClass=*)", attrs.get(),
                                   0, nullptr, nullptr, &timeout, 1, &raw);
  Message msg(raw);
  if (rc == LDAP_NO_SUCH_OBJECT || rc == LDAP_INSUFFICIENT_ACCESS) {
    return std::optional<RawEntry>();
  }
  if (rc != LDAP_SUCCESS) {
    return ldapStatus(rc, "reading " + (dn.empty() ? std::string("the rootDSE") : dn) + " on " +
                              conn.uri() + " failed");
  }
  LDAPMessage* entry = ldap_first_entry(ld, msg.get());
  if (entry == nullptr) return std::optional<RawEntry>();
  return std::optional<RawEntry>(readEntry(ld, entry));
}

}  // namespace

core::Result<ServerCapabilities> readRootDse(LdapConnection& conn, const LdapConfig& config) {
  ServerCapabilities caps;
  auto root = readBase(conn, config, "",
                       {"supportedControl", "highestCommittedUSN", "dnsHostName", "dsServiceName"});
  if (!root.isOk()) return root.status();
  if (!root->has_value()) return caps;
  const RawEntry& e = **root;
  if (const auto it = e.attributes.find("supportedcontrol"); it != e.attributes.end()) {
    for (const auto& oid : it->second) caps.syncrepl = caps.syncrepl || oid == kSyncreplControlOid;
  }
  if (const std::string* usn = firstValue(e, "highestcommittedusn"); usn != nullptr) {
    caps.activeDirectory = true;
    caps.highestCommittedUsn = std::strtoll(usn->c_str(), nullptr, 10);
  }
  if (const std::string* host = firstValue(e, "dnshostname"); host != nullptr) {
    caps.dnsHostName = *host;
  }
  if (const std::string* service = firstValue(e, "dsservicename");
      service != nullptr && caps.activeDirectory) {
    auto settings = readBase(conn, config, *service, {"invocationId"});
    if (!settings.isOk()) return settings.status();
    if (settings->has_value()) {
      if (const std::string* id = firstValue(**settings, "invocationid"); id != nullptr) {
        caps.invocationId = transformValue(*id, Transform::kGuid).value_or(std::string());
      }
    }
  }
  return caps;
}

}  // namespace tandem::ldap
