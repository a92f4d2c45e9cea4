#include "ldap_search.h"

#include <sys/time.h>

namespace tandem::ldap {

std::string lowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

RawEntry readEntry(LDAP* ld, LDAPMessage* entry) {
  // As ldapsearch reads entries: the DN and the values point into the message's BER buffer, so
  // nothing is copied twice and no per-attribute name is allocated by libldap.
  RawEntry raw;
  BerElement* ber = nullptr;
  berval dn{0, nullptr};
  if (ldap_get_dn_ber(ld, entry, &ber, &dn) != LDAP_SUCCESS) {
    if (ber != nullptr) ber_free(ber, 0);
    return raw;
  }
  if (dn.bv_val != nullptr) raw.dn.assign(dn.bv_val, dn.bv_len);
  berval attr{0, nullptr};
  BerVarray values = nullptr;
  std::string name;
  for (int rc = ldap_get_attribute_ber(ld, entry, ber, &attr, &values);
       rc == LDAP_SUCCESS && attr.bv_val != nullptr;
       rc = ldap_get_attribute_ber(ld, entry, ber, &attr, &values)) {
    name.assign(attr.bv_val, attr.bv_len);
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::vector<std::string>& list = raw.attributes[name];
    if (values != nullptr) {
      size_t count = 0;
      while (values[count].bv_val != nullptr) ++count;
      list.reserve(list.size() + count);
      for (size_t i = 0; i < count; ++i) list.emplace_back(values[i].bv_val, values[i].bv_len);
      ber_memfree(values);
      values = nullptr;
    }
  }
  if (ber != nullptr) ber_free(ber, 0);
  return raw;
}

namespace {

// Frees a paged-results cookie owned by libldap.
struct Cookie {
  berval value{0, nullptr};
  ~Cookie() { reset(); }
  void reset() {
    if (value.bv_val != nullptr) ber_memfree(value.bv_val);
    value = {0, nullptr};
  }
};

}  // namespace

// One paged search; each entry goes to onEntry, after each page onPage runs.
core::Status pagedSearch(LdapConnection& conn, const LdapConfig& c, const std::string& base,
                         const std::string& filter, const std::vector<std::string>& attributes,
                         const std::function<void(LDAP*, LDAPMessage*)>& onEntry,
                         const std::function<core::Status()>& onPage, const std::string& what) {
  LDAP* ld = conn.handle();
  AttributeList attrs(attributes);
  Cookie cookie;
  timeval timeout{c.resultTimeoutSeconds, 0};
  while (true) {
    LDAPControl* page = nullptr;
    int rc = ldap_create_page_control(ld, static_cast<ber_int_t>(c.pageSize),
                                      cookie.value.bv_val != nullptr ? &cookie.value : nullptr,
                                      /*iscritical=*/1, &page);
    if (rc != LDAP_SUCCESS) return ldapStatus(rc, "cannot create the paged-results control");
    LDAPControl* controls[] = {page, nullptr};
    int msgid = 0;
    rc = ldap_search_ext(ld, base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attrs.get(), 0,
                         controls, nullptr, &timeout, LDAP_NO_LIMIT, &msgid);
    ldap_control_free(page);
    if (rc != LDAP_SUCCESS) return ldapStatus(rc, what + " on " + conn.uri() + " failed");
    bool pageDone = false;
    while (!pageDone) {
      LDAPMessage* raw = nullptr;
      rc = ldap_result(ld, msgid, LDAP_MSG_ONE, &timeout, &raw);
      Message msg(raw);
      if (rc == 0) {
        ldap_abandon_ext(ld, msgid, nullptr, nullptr);
        return ldapStatus(LDAP_TIMEOUT, what + " on " + conn.uri() + " timed out");
      }
      if (rc < 0) {
        int code = LDAP_OTHER;
        ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
        return ldapStatus(code, what + " on " + conn.uri() + " failed");
      }
      switch (rc) {
        case LDAP_RES_SEARCH_ENTRY:
          onEntry(ld, msg.get());
          break;
        case LDAP_RES_SEARCH_REFERENCE:
          break;  // referrals are off: ignore continuations
        case LDAP_RES_SEARCH_RESULT: {
          int code = LDAP_OTHER;
          char* diagnostic = nullptr;
          LDAPControl** serverControls = nullptr;
          rc = ldap_parse_result(ld, msg.get(), &code, nullptr, &diagnostic, nullptr,
                                 &serverControls, 0);
          std::string detail = diagnostic != nullptr && *diagnostic != '\0'
                                   ? std::string(" (") + diagnostic + ")"
                                   : std::string();
          if (diagnostic != nullptr) ldap_memfree(diagnostic);
          if (rc != LDAP_SUCCESS) code = rc;
          cookie.reset();
          if (code == LDAP_SUCCESS) {
            LDAPControl* response =
                ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, serverControls, nullptr);
            if (response != nullptr) {
              ber_int_t estimate = 0;
              rc = ldap_parse_pageresponse_control(ld, response, &estimate, &cookie.value);
              if (rc != LDAP_SUCCESS) code = rc;
            }
          }
          if (serverControls != nullptr) ldap_controls_free(serverControls);
          if (code != LDAP_SUCCESS) {
            return ldapStatus(code, what + " on " + conn.uri() + " failed" + detail);
          }
          pageDone = true;
          break;
        }
        default:
          break;
      }
    }
    TDM_RETURN_IF_ERROR(onPage());
    if (cookie.value.bv_val == nullptr || cookie.value.bv_len == 0) return core::Status::ok();
  }
}


}  // namespace tandem::ldap
