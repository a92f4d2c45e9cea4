#include "host/common/session_codec.h"

#include <cassert>
#include <nlohmann/json.hpp>

#include "host/common/internal/crypto.h"
#include "tandem/tandem_plugin.h"

namespace tandem::host {

std::vector<std::string> roleNames(uint32_t roles) {
  std::vector<std::string> names;
  if ((roles & TDM_ROLE_EMPLOYEE) != 0) names.emplace_back("employee");
  if ((roles & TDM_ROLE_HR_ADMIN) != 0) names.emplace_back("hr_admin");
  if ((roles & TDM_ROLE_HOST_ADMIN) != 0) names.emplace_back("host_admin");
  if ((roles & TDM_ROLE_SERVICE) != 0) names.emplace_back("service");
  return names;
}

SessionCodec::SessionCodec(std::string secret) : secret_(std::move(secret)) {
  assert(secret_.size() >= 32);
}

std::string SessionCodec::encode(const Session& session) const {
  const nlohmann::json payload = {{"u", session.userName},     {"n", session.displayName},
                                  {"l", session.locale},       {"r", session.roles},
                                  {"csrf", session.csrfToken}, {"exp", session.expiresAt}};
  const std::string body = internal::base64UrlEncode(
      payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return body + "." + internal::base64UrlEncode(internal::hmacSha256(secret_, body));
}

SessionCodec::Failure SessionCodec::decode(std::string_view cookie, int64_t now,
                                           Session* out) const {
  const std::size_t dot = cookie.find('.');
  if (dot == std::string_view::npos || dot == 0 || cookie.size() > 4096) return Failure::kMalformed;
  const std::string_view body = cookie.substr(0, dot);
  const auto signature = internal::base64UrlDecode(cookie.substr(dot + 1));
  if (!signature) return Failure::kMalformed;
  if (!internal::constantTimeEquals(*signature, internal::hmacSha256(secret_, body))) {
    return Failure::kBadSignature;
  }
  const auto text = internal::base64UrlDecode(body);
  if (!text) return Failure::kMalformed;
  const nlohmann::json payload = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return Failure::kMalformed;
  const auto str = [&](const char* key, std::string* dst) {
    const auto it = payload.find(key);
    if (it == payload.end() || !it->is_string()) return false;
    *dst = it->get<std::string>();
    return true;
  };
  Session s;
  const auto r = payload.find("r");
  const auto exp = payload.find("exp");
  if (!str("u", &s.userName) || !str("n", &s.displayName) || !str("l", &s.locale) ||
      !str("csrf", &s.csrfToken) || r == payload.end() || !r->is_number_unsigned() ||
      exp == payload.end() || !exp->is_number_integer() || s.userName.empty() ||
      s.csrfToken.empty()) {
    return Failure::kMalformed;
  }
  const uint64_t roles = r->get<uint64_t>();
  if (roles > UINT32_MAX) return Failure::kMalformed;
  s.roles = static_cast<uint32_t>(roles);
  s.expiresAt = exp->get<int64_t>();
  if (s.expiresAt <= now) return Failure::kExpired;
  *out = std::move(s);
  return Failure::kNone;
}

std::string SessionCodec::newCsrfToken() {
  const auto bytes = internal::randomBytes(32);
  return bytes ? internal::base64UrlEncode(*bytes) : std::string();
}

std::string_view failureName(SessionCodec::Failure failure) {
  switch (failure) {
    case SessionCodec::Failure::kNone:
      return "none";
    case SessionCodec::Failure::kMalformed:
      return "malformed";
    case SessionCodec::Failure::kBadSignature:
      return "bad_signature";
    case SessionCodec::Failure::kExpired:
      return "expired";
  }
  return "unknown";
}

}  // namespace tandem::host
