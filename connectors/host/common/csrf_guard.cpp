#include "host/common/csrf_guard.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "host/common/internal/crypto.h"

namespace tandem::host {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool CsrfGuard::isStateChanging(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool CsrfGuard::originAllowed(std::string_view origin, std::string_view secFetchSite,
                              std::string_view host) {
  if (iequals(secFetchSite, "cross-site")) return false;
  if (origin.empty()) return true;
  if (host.empty()) return false;
  std::string_view rest;
  if (origin.starts_with("http://")) {
    rest = origin.substr(7);
  } else if (origin.starts_with("https://")) {
    rest = origin.substr(8);
  } else {
    return false;  // "null" (sandboxed frames, file:) and anything unexpected
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  return iequals(rest, host);
}

CsrfGuard::Verdict CsrfGuard::check(std::string_view method, std::string_view origin,
                                    std::string_view secFetchSite, std::string_view host,
                                    std::string_view headerToken, std::string_view sessionToken) {
  if (!isStateChanging(method)) return Verdict::kAllow;
  if (!originAllowed(origin, secFetchSite, host)) return Verdict::kBadOrigin;
  if (sessionToken.empty()) return Verdict::kAllow;
  if (headerToken.empty()) return Verdict::kMissingToken;
  if (!internal::constantTimeEquals(headerToken, sessionToken)) return Verdict::kBadToken;
  return Verdict::kAllow;
}

}  // namespace tandem::host
