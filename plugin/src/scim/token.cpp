#include "scim/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <optional>

namespace tandem::scim {
namespace {

constexpr std::string_view kPrefix = "tdm_scim_";
constexpr std::size_t kLookupBytes = 8;   // 16 hex digits
constexpr std::size_t kSecretBytes = 32;  // 256 bits, 43 base64url characters
constexpr std::size_t kLookupChars = 2 * kLookupBytes;
constexpr std::size_t kSecretChars = 43;
constexpr std::size_t kTokenChars = kPrefix.size() + kLookupChars + 1 + kSecretChars;
constexpr std::size_t kHashChars = 64;
constexpr auto kTouchInterval = std::chrono::seconds(60);

std::string hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

// RFC 4648 section 5 without padding.
std::string base64url(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(written > 0 ? static_cast<std::size_t>(written) : 0);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

bool isLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

bool isBase64Url(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The token of "Bearer <token>" when it has the shape generateToken() gives, else "".
std::string_view bearerToken(std::string_view authorization) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!authorization.empty() && blank(authorization.front())) authorization.remove_prefix(1);
  while (!authorization.empty() && blank(authorization.back())) authorization.remove_suffix(1);
  const std::size_t space = authorization.find(' ');
  if (space == std::string_view::npos || !iequals(authorization.substr(0, space), "Bearer")) {
    return {};
  }
  std::string_view token = authorization.substr(space);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.size() != kTokenChars || !token.starts_with(kPrefix)) return {};
  const std::string_view lookup = token.substr(kPrefix.size(), kLookupChars);
  const std::string_view secret = token.substr(kPrefix.size() + kLookupChars + 1);
  if (token[kPrefix.size() + kLookupChars] != '_') return {};
  for (char c : lookup) {
    if (!isLowerHex(c)) return {};
  }
  for (char c : secret) {
    if (!isBase64Url(c)) return {};
  }
  return token;
}

std::string_view lookupOf(std::string_view token) {
  return token.substr(kPrefix.size(), kLookupChars);
}

bool parseNumber(std::string_view text, int* out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "YYYY-MM-DDTHH:MM:SSZ" as a time point; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parseUtc(std::string_view text) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!parseNumber(text.substr(0, 4), &year) || !parseNumber(text.substr(5, 2), &month) ||
      !parseNumber(text.substr(8, 2), &day) || !parseNumber(text.substr(11, 2), &hour) ||
      !parseNumber(text.substr(14, 2), &minute) || !parseNumber(text.substr(17, 2), &second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

std::string isoUtc(std::chrono::system_clock::time_point t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss time{seconds - days};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long>(time.hours().count()),
                static_cast<long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()));
  return out;
}

core::Status rejected() { return core::unauthenticated(std::string(kBearerRejected)); }

}  // namespace

core::Result<NewToken> generateToken() {
  std::array<unsigned char, kLookupBytes> lookup{};
  std::array<unsigned char, kSecretBytes> secret{};
  if (RAND_bytes(lookup.data(), static_cast<int>(lookup.size())) != 1 ||
      RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    return core::internalError("the random generator failed; no token was made");
  }
  NewToken out;
  out.lookup = hex(lookup.data(), lookup.size());
  out.token = std::string(kPrefix) + out.lookup + "_" + base64url(secret.data(), secret.size());
  OPENSSL_cleanse(secret.data(), secret.size());
  out.hash = hashToken(out.token);
  if (out.token.size() != kTokenChars || out.hash.size() != kHashChars) {
    return core::internalError("cannot hash a new SCIM token; no token was made");
  }
  return out;
}

std::string hashToken(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  return hex(digest.data(), length);
}

core::Result<ScimTokenInfo> verifyBearer(ScimTokenRepository& tokens,
                                         std::string_view authorization) {
  return verifyBearer(tokens, authorization, std::chrono::system_clock::now());
}

core::Result<ScimTokenInfo> verifyBearer(ScimTokenRepository& tokens,
                                         std::string_view authorization,
                                         std::chrono::system_clock::time_point now) {
  const std::string_view token = bearerToken(authorization);
  if (token.empty()) return rejected();
  const std::string presented = hashToken(token);
  if (presented.size() != kHashChars) return rejected();
  auto found = tokens.findActive(std::string(lookupOf(token)));
  // A store error (busy, broken) is not the caller's fault: it is returned as it is, so the
  // identity provider retries instead of taking its token for revoked. Its message names no token.
  if (!found.isOk()) return found.status();
  if (!found->has_value()) return rejected();
  auto& [info, stored] = **found;
  if (stored.size() != kHashChars ||
      CRYPTO_memcmp(stored.data(), presented.data(), kHashChars) != 0) {
    return rejected();
  }
  const auto lastUsed = parseUtc(info.lastUsedAt);
  if (!lastUsed || now - *lastUsed >= kTouchInterval || now < *lastUsed - kTouchInterval) {
    // Best effort: a failed record of use does not refuse a valid token.
    if (tokens.touch(info.id).isOk()) info.lastUsedAt = isoUtc(now);
  }
  return std::move(info);
}

}  // namespace tandem::scim
