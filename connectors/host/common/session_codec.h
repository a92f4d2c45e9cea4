// SessionCodec turns a Session into the value of the `tandem_session` cookie and back:
//   base64url(JSON {u,n,l,r,csrf,exp}) "." base64url(HMAC-SHA256(secret, <first part>))
// The signature covers the encoded payload exactly as transmitted and is checked in constant time
// before the payload is parsed.
//
// Thread-safety: immutable after construction; encode/decode may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "host/common/session.h"
#include "host/common/status.h"

namespace tandem::host {

class SessionCodec {
 public:
  // Why a cookie was refused. Callers treat every failure as "anonymous".
  enum class Failure { kNone, kMalformed, kBadSignature, kExpired };

  // secret: at least 32 random bytes (asserted); copied.
  explicit SessionCodec(std::string secret);

  // The cookie value for session (its expiresAt is used as is).
  std::string encode(const Session& session) const;

  // Verifies and parses a cookie value. now: Unix seconds. On failure returns kMalformed,
  // kBadSignature or kExpired (a session whose expiresAt <= now is expired) and leaves *out
  // untouched.
  Failure decode(std::string_view cookie, int64_t now, Session* out) const;

  // A fresh random CSRF token (base64url of 32 bytes); empty if the CSPRNG failed.
  static std::string newCsrfToken();

 private:
  std::string secret_;
};

std::string_view failureName(SessionCodec::Failure failure);

}  // namespace tandem::host
