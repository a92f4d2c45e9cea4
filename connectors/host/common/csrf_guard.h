// CsrfGuard decides whether a state-changing request may go on. Two independent checks:
//  - origin: a browser's `Origin` header (and `Sec-Fetch-Site`) must name this host, so another
//  site
//    cannot submit forms or fetches carrying our cookie;
//  - token: a request made with a session must echo the session's CSRF token in `X-CSRF-Token`
//    (double-submit through a header a cross-site form cannot set), compared in constant time.
// Stateless; thread-safe.
#pragma once

#include <string_view>

namespace tandem::host {

class CsrfGuard {
 public:
  enum class Verdict { kAllow, kBadOrigin, kMissingToken, kBadToken };

  // True for POST, PUT, PATCH and DELETE.
  static bool isStateChanging(std::string_view method);

  // The origin check. origin/secFetchSite: header values ("" when absent); host: the request's
  // Host header. An absent Origin passes (non-browser clients); "null" or another host fails.
  static bool originAllowed(std::string_view origin, std::string_view secFetchSite,
                            std::string_view host);

  // Full check for one request. sessionToken: the CSRF token of the request's valid session, or
  // empty when the request carries no valid session (then only the origin is checked: without a
  // session there is no ambient authority to abuse).
  static Verdict check(std::string_view method, std::string_view origin,
                       std::string_view secFetchSite, std::string_view host,
                       std::string_view headerToken, std::string_view sessionToken);
};

}  // namespace tandem::host
