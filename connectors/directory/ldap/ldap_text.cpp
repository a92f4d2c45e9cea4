#include "ldap_text.h"

#include <ldap.h>

namespace tandem::ldap {

std::string escapeFilterValue(std::string_view value) {
  berval in{static_cast<ber_len_t>(value.size()), const_cast<char*>(value.data())};
  berval out{0, nullptr};
  if (ldap_bv2escaped_filter_value(&in, &out) != 0 || out.bv_val == nullptr) {
    // Allocation failure: fall back to escaping every byte, which is always valid.
    std::string escaped;
    static constexpr char kHex[] = "0123456789abcdef";
    for (char c : value) {
      const auto b = static_cast<unsigned char>(c);
      escaped += '\\';
      escaped += kHex[b >> 4];
      escaped += kHex[b & 15u];
    }
    return escaped;
  }
  std::string escaped(out.bv_val, out.bv_len);
  ber_memfree(out.bv_val);
  return escaped;
}

core::Result<std::string> normalizeDn(std::string_view dn) {
  if (dn.empty()) return std::string();
  const std::string input(dn);
  LDAPDN parsed = nullptr;
  int rc = ldap_str2dn(input.c_str(), &parsed, LDAP_DN_FORMAT_LDAPV3);
  if (rc != LDAP_SUCCESS) {
    return core::invalidArgument("not a valid DN: '" + input + "' (" + ldapErrorText(rc) + ")");
  }
  char* printed = nullptr;
  rc = ldap_dn2str(parsed, &printed, LDAP_DN_FORMAT_LDAPV3);
  ldap_dnfree(parsed);
  if (rc != LDAP_SUCCESS || printed == nullptr) {
    return core::invalidArgument("cannot print the DN '" + input + "' (" + ldapErrorText(rc) + ")");
  }
  std::string out(printed);
  ldap_memfree(printed);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string parentOu(std::string_view dn) {
  const std::string input(dn);
  LDAPDN parsed = nullptr;
  if (ldap_str2dn(input.c_str(), &parsed, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS ||
      parsed == nullptr) {
    return "";
  }
  std::string out;
  for (int i = 1; parsed[i] != nullptr && out.empty(); ++i) {
    LDAPAVA* ava = parsed[i][0];
    if (ava == nullptr) continue;
    const std::string type(ava->la_attr.bv_val, ava->la_attr.bv_len);
    if (type.size() == 2 && (type[0] == 'o' || type[0] == 'O') &&
        (type[1] == 'u' || type[1] == 'U') && (ava->la_flags & LDAP_AVA_BINARY) == 0) {
      out.assign(ava->la_value.bv_val, ava->la_value.bv_len);
    }
  }
  ldap_dnfree(parsed);
  return out;
}

std::string ldapErrorText(int code) {
  return std::string(ldap_err2string(code)) + " (" + std::to_string(code) + ")";
}

}  // namespace tandem::ldap
