#include "session_cookie.h"

#include <Poco/Net/NameValueCollection.h>

#include <chrono>

namespace tandem::standalone {

int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<host::Session> sessionFromRequest(const Poco::Net::HTTPServerRequest& request,
                                                const host::SessionCodec& codec,
                                                const host::SessionRevocations& revocations,
                                                int64_t now) {
  Poco::Net::NameValueCollection cookies;
  request.getCookies(cookies);
  // Several cookies of the same name (e.g. from a sibling path) are tried in order.
  for (auto it = cookies.find(std::string(kSessionCookie)); it != cookies.end(); ++it) {
    if (it->first != kSessionCookie) break;
    host::Session session;
    if (codec.decode(it->second, now, &session) == host::SessionCodec::Failure::kNone &&
        !revocations.isRevoked(session)) {
      return session;
    }
  }
  return std::nullopt;
}

bool hasSessionCookie(const Poco::Net::HTTPServerRequest& request) {
  Poco::Net::NameValueCollection cookies;
  request.getCookies(cookies);
  return cookies.has(std::string(kSessionCookie));
}

std::string sessionCookie(std::string_view value, int64_t maxAgeSeconds, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(value) +
                  "; Max-Age=" + std::to_string(maxAgeSeconds) +
                  "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  return c;
}

std::string clearedSessionCookie(bool secure) {
  std::string c = std::string(kSessionCookie) +
                  "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; "
                  "SameSite=Strict";
  if (secure) c += "; Secure";
  return c;
}

}  // namespace tandem::standalone
