// The `tandem_session` cookie on the wire: reading it from a request and the Set-Cookie values
// that set or clear it (HttpOnly; SameSite=Strict; Path=/; Secure when configured).
// Thread-safety: stateless.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/common/session.h"
#include "host/common/session_codec.h"
#include "host/common/session_revocations.h"

namespace tandem::standalone {

inline constexpr std::string_view kSessionCookie = "tandem_session";

// Unix seconds now.
int64_t unixNow();

// The request's valid session, or nullopt (no cookie, malformed, bad signature, expired or
// signed out).
std::optional<host::Session> sessionFromRequest(const Poco::Net::HTTPServerRequest& request,
                                                const host::SessionCodec& codec,
                                                const host::SessionRevocations& revocations,
                                                int64_t now);

// Whether the request carries a tandem_session cookie at all (valid or not).
bool hasSessionCookie(const Poco::Net::HTTPServerRequest& request);

// Set-Cookie value that stores value for maxAgeSeconds.
std::string sessionCookie(std::string_view value, int64_t maxAgeSeconds, bool secure);
// Set-Cookie value that deletes the cookie.
std::string clearedSessionCookie(bool secure);

}  // namespace tandem::standalone
