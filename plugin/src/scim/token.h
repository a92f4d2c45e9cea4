// Bearer tokens of identity providers for the SCIM service provider: generation, hashing and
// verification. A token reads "tdm_scim_<lookup>_<secret>": the lookup part (public, 16 hex
// digits) finds the stored row, the secret (43 base64url characters, 256 random bits) is only
// ever stored as its SHA-256 and compared in constant time. Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.h"
#include "scim/token_repository.h"

namespace tandem::scim {

// The message of every kUnauthenticated verifyBearer returns, whatever the reason.
inline constexpr std::string_view kBearerRejected =
    "missing, malformed, unknown or revoked bearer token";

struct NewToken {
  std::string token;   // shown once to IT, never stored
  std::string lookup;  // stored
  std::string hash;    // stored: hex SHA-256 of the whole token
};

// A fresh token from OpenSSL's RAND_bytes. kInternal when the random generator fails.
core::Result<NewToken> generateToken();

// Hex SHA-256 of `token`.
std::string hashToken(std::string_view token);

// Checks an Authorization header value ("Bearer <token>", scheme case-insensitive) against the
// stored tokens. Returns the token's info, or kUnauthenticated (missing header, other scheme,
// malformed, unknown, revoked or wrong secret: one message for all, so a caller learns nothing).
// A store error is returned as it is (kUnavailable, kInternal). Records the use at most once a
// minute per token (a failure to record it does not refuse the token). Never logs the token.
core::Result<ScimTokenInfo> verifyBearer(ScimTokenRepository& tokens,
                                         std::string_view authorization);
// As above at the time `now` (for tests): the use is recorded when the token's lastUsedAt is
// empty or at least a minute before `now` (or more than a minute after it: a clock step).
core::Result<ScimTokenInfo> verifyBearer(ScimTokenRepository& tokens,
                                         std::string_view authorization,
                                         std::chrono::system_clock::time_point now);

}  // namespace tandem::scim
