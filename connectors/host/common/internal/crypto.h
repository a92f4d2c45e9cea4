// Small OpenSSL wrappers used by the host's session and CSRF code. Thread-safe (OpenSSL 3 is).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::host::internal {

// Base64url without padding (RFC 4648 section 5).
std::string base64UrlEncode(std::string_view bytes);
// Decodes base64url with or without padding; nullopt on any invalid character or length.
std::optional<std::string> base64UrlDecode(std::string_view text);

// HMAC-SHA256(key, data): 32 raw bytes.
std::string hmacSha256(std::string_view key, std::string_view data);

// Constant-time comparison (CRYPTO_memcmp); unequal lengths compare false without a data-dependent
// early exit over the contents.
bool constantTimeEquals(std::string_view a, std::string_view b);

// n bytes from the OpenSSL CSPRNG, or nullopt if it failed.
std::optional<std::string> randomBytes(std::size_t n);

}  // namespace tandem::host::internal
