#include "ldap_connection.h"

#include <ldap.h>
#include <sys/time.h>

#include "ldap_text.h"

namespace tandem::ldap {

namespace {

// Wipes the password copy before it is released.
struct Secret {
  std::string value;
  ~Secret() {
    volatile char* p = value.data();
    for (size_t i = 0; i < value.size(); ++i) p[i] = 0;
  }
};

core::Status setOption(LDAP* ld, int option, const void* value, const char* name) {
  const int rc = ldap_set_option(ld, option, value);
  if (rc != LDAP_OPT_SUCCESS) return ldapStatus(rc, std::string("cannot set ") + name);
  return core::Status::ok();
}

core::Status configure(LDAP* ld, const LdapConfig& c, const std::string& uri) {
  const int version = LDAP_VERSION3;
  TDM_RETURN_IF_ERROR(setOption(ld, LDAP_OPT_PROTOCOL_VERSION, &version, "LDAPv3"));
  TDM_RETURN_IF_ERROR(setOption(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referrals off"));
  timeval network{c.networkTimeoutSeconds, 0};
  TDM_RETURN_IF_ERROR(setOption(ld, LDAP_OPT_NETWORK_TIMEOUT, &network, "network timeout"));
  timeval operation{c.resultTimeoutSeconds, 0};
  TDM_RETURN_IF_ERROR(setOption(ld, LDAP_OPT_TIMEOUT, &operation, "timeout"));
  const int idle = 60;
  const int probes = 3;
  const int interval = 10;
  // Keepalive is best effort (not every platform has the options).
  static_cast<void>(ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_IDLE, &idle));
  static_cast<void>(ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_PROBES, &probes));
  static_cast<void>(ldap_set_option(ld, LDAP_OPT_X_KEEPALIVE_INTERVAL, &interval));
  const bool tls = c.startTls || uri.rfind("ldaps://", 0) == 0;
  if (tls) {
    const int require = c.verifyCertificates ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
    TDM_RETURN_IF_ERROR(setOption(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require, "TLS verification"));
    if (!c.caFile.empty()) {
      TDM_RETURN_IF_ERROR(
          setOption(ld, LDAP_OPT_X_TLS_CACERTFILE, c.caFile.c_str(), "the TLS CA file"));
    }
    // Per-handle TLS options only take effect in a new TLS context.
    const int isServer = 0;
    TDM_RETURN_IF_ERROR(setOption(ld, LDAP_OPT_X_TLS_NEWCTX, &isServer, "a new TLS context"));
  }
  return core::Status::ok();
}

// libldap's diagnostic message for the last operation on ld (for TLS failures it names the
// certificate problem), as " (message)", or "".
std::string diagnosticSuffix(LDAP* ld) {
  char* diagnostic = nullptr;
  ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  std::string out;
  if (diagnostic != nullptr && *diagnostic != '\0') out = " (" + std::string(diagnostic) + ")";
  if (diagnostic != nullptr) ldap_memfree(diagnostic);
  return out;
}

// With TLS, libldap (GnuTLS) reports a failed handshake as "Can't contact LDAP server" or
// "Connect error" with a diagnostic but no reason: name the likely certificate problem.
std::string tlsHint(LDAP* ld, const LdapConfig& c, bool tls, int rc) {
  if (!tls || (rc != LDAP_SERVER_DOWN && rc != LDAP_CONNECT_ERROR)) return {};
  char* diagnostic = nullptr;
  ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  const bool handshake = diagnostic != nullptr && *diagnostic != '\0';
  if (diagnostic != nullptr) ldap_memfree(diagnostic);
  if (!handshake) return {};
  return "; TLS handshake failed: the server certificate is not trusted (verified against " +
         (c.caFile.empty() ? std::string("the system CAs") : "ca_file " + c.caFile) +
         ") or does not match the host name";
}

bool worthFailover(const core::Status& s) {
  return s.code() == core::StatusCode::kUnavailable ||
         s.code() == core::StatusCode::kDeadlineExceeded;
}

}  // namespace

core::Status ldapStatus(int code, const std::string& what) {
  const std::string message = what + ": " + ldapErrorText(code);
  switch (code) {
    case LDAP_SUCCESS:
      return core::Status::ok();
    case LDAP_SERVER_DOWN:
    case LDAP_CONNECT_ERROR:
    case LDAP_BUSY:
    case LDAP_UNAVAILABLE:
    case LDAP_UNWILLING_TO_PERFORM:
      return core::unavailable(message);
    case LDAP_TIMEOUT:
    case LDAP_TIMELIMIT_EXCEEDED:
      return {core::StatusCode::kDeadlineExceeded, message};
    case LDAP_INVALID_CREDENTIALS:
    case LDAP_INAPPROPRIATE_AUTH:
    case LDAP_STRONG_AUTH_REQUIRED:
      return core::unauthenticated(message);
    case LDAP_INSUFFICIENT_ACCESS:
      return core::permissionDenied(message);
    case LDAP_NO_SUCH_OBJECT:
    case LDAP_INVALID_DN_SYNTAX:
    case LDAP_FILTER_ERROR:
    case LDAP_PARAM_ERROR:
      return core::invalidArgument(message);
    case LDAP_ADMINLIMIT_EXCEEDED:
    case LDAP_SIZELIMIT_EXCEEDED:
      return core::resourceExhausted(message);
    default:
      return core::unavailable(message);
  }
}

core::Result<std::unique_ptr<LdapConnection>> LdapConnection::open(const LdapConfig& c) {
  auto password = readPasswordFile(c.passwordFile);
  if (!password.isOk()) return password.status();
  Secret secret{std::move(password).value()};
  return openAs(c, c.bindDn, secret.value);
}

core::Result<std::unique_ptr<LdapConnection>> LdapConnection::openAs(const LdapConfig& c,
                                                                     const std::string& bindDn,
                                                                     std::string_view password) {
  // An empty simple bind is anonymous and "succeeds": never send one.
  if (password.empty()) return core::invalidArgument("refusing a bind with an empty password");
  Secret secret{std::string(password)};
  std::string failures;
  core::Status last = core::unavailable("no LDAP URI configured");
  for (const std::string& uri : c.uris) {
    LDAP* ld = nullptr;
    int rc = ldap_initialize(&ld, uri.c_str());
    if (rc != LDAP_SUCCESS || ld == nullptr) {
      last = ldapStatus(rc, "cannot use " + uri);
      failures += (failures.empty() ? "" : "; ") + last.message();
      continue;
    }
    core::Status s = configure(ld, c, uri);
    if (s.isOk() && c.startTls && uri.rfind("ldap://", 0) == 0) {
      rc = ldap_start_tls_s(ld, nullptr, nullptr);
      // Never fall back to plain text.
      if (rc != LDAP_SUCCESS)
        s = core::unavailable("StartTLS with " + uri + " failed: " + ldapErrorText(rc) +
                              diagnosticSuffix(ld) + tlsHint(ld, c, true, rc));
    }
    if (s.isOk()) {
      berval cred{static_cast<ber_len_t>(secret.value.size()), secret.value.data()};
      rc = ldap_sasl_bind_s(ld, bindDn.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr,
                            nullptr);
      if (rc != LDAP_SUCCESS) {
        const bool tls = c.startTls || uri.rfind("ldaps://", 0) == 0;
        const std::string hint = tlsHint(ld, c, tls, rc);
        s = ldapStatus(rc, "bind as " + bindDn + " to " + uri + diagnosticSuffix(ld));
        if (!hint.empty()) s = core::Status(s.code(), s.message() + hint);
      }
    }
    if (s.isOk()) return std::unique_ptr<LdapConnection>(new LdapConnection(ld, uri));
    ldap_unbind_ext_s(ld, nullptr, nullptr);
    failures += (failures.empty() ? "" : "; ") + s.message();
    last = s;
    if (!worthFailover(s)) return s;
  }
  return core::Status(last.code(), failures.empty() ? last.message() : failures);
}

LdapConnection::~LdapConnection() {
  if (ld_ != nullptr) ldap_unbind_ext_s(ld_, nullptr, nullptr);
}

}  // namespace tandem::ldap
