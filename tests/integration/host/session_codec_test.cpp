#include "host/common/session_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/common/internal/crypto.h"
#include "host/common/session_revocations.h"
#include "tandem/tandem_plugin.h"

namespace tandem::host {
namespace {

const std::string kSecret(32, 'k');
constexpr int64_t kNow = 1'700'000'000;

Session sampleSession() {
  Session s;
  s.userName = "amelie.durand";
  s.displayName = "Amélie \"Amy\" Durand";
  s.locale = "fr";
  s.roles = TDM_ROLE_EMPLOYEE | TDM_ROLE_HR_ADMIN;
  s.csrfToken = "csrf-token-123";
  s.expiresAt = kNow + 3600;
  return s;
}

TEST(SessionCodec, RoundTripsASession) {
  const SessionCodec codec(kSecret);
  const std::string cookie = codec.encode(sampleSession());
  Session out;
  ASSERT_EQ(codec.decode(cookie, kNow, &out), SessionCodec::Failure::kNone);
  EXPECT_EQ(out.userName, "amelie.durand");
  EXPECT_EQ(out.displayName, "Amélie \"Amy\" Durand");
  EXPECT_EQ(out.locale, "fr");
  EXPECT_EQ(out.roles, TDM_ROLE_EMPLOYEE | TDM_ROLE_HR_ADMIN);
  EXPECT_EQ(out.csrfToken, "csrf-token-123");
  EXPECT_EQ(out.expiresAt, kNow + 3600);
}

TEST(SessionCodec, CookieValueIsCookieSafe) {
  const std::string cookie = SessionCodec(kSecret).encode(sampleSession());
  for (char c : cookie) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
        << "character " << c;
  }
}

TEST(SessionCodec, RejectsATamperedPayload) {
  const SessionCodec codec(kSecret);
  std::string cookie = codec.encode(sampleSession());
  // Re-encode the payload with more roles, keeping the old signature.
  const std::size_t dot = cookie.find('.');
  auto payload = internal::base64UrlDecode(cookie.substr(0, dot));
  ASSERT_TRUE(payload.has_value());
  const std::string forged =
      internal::base64UrlEncode(payload->replace(payload->find("\"r\":3"), 5, "\"r\":7"));
  cookie = forged + cookie.substr(dot);
  Session out;
  EXPECT_EQ(codec.decode(cookie, kNow, &out), SessionCodec::Failure::kBadSignature);
  EXPECT_TRUE(out.userName.empty());
}

TEST(SessionCodec, RejectsATamperedSignature) {
  const SessionCodec codec(kSecret);
  std::string cookie = codec.encode(sampleSession());
  cookie.back() = cookie.back() == 'A' ? 'B' : 'A';
  Session out;
  const auto failure = codec.decode(cookie, kNow, &out);
  EXPECT_TRUE(failure == SessionCodec::Failure::kBadSignature ||
              failure == SessionCodec::Failure::kMalformed);
  EXPECT_NE(failure, SessionCodec::Failure::kNone);
}

TEST(SessionCodec, RejectsAnExpiredSession) {
  const SessionCodec codec(kSecret);
  const std::string cookie = codec.encode(sampleSession());
  Session out;
  EXPECT_EQ(codec.decode(cookie, kNow + 3600, &out), SessionCodec::Failure::kExpired);
  EXPECT_EQ(codec.decode(cookie, kNow + 7200, &out), SessionCodec::Failure::kExpired);
  EXPECT_EQ(codec.decode(cookie, kNow + 3599, &out), SessionCodec::Failure::kNone);
}

TEST(SessionCodec, RejectsAnotherSecret) {
  const std::string cookie = SessionCodec(kSecret).encode(sampleSession());
  Session out;
  EXPECT_EQ(SessionCodec(std::string(32, 'x')).decode(cookie, kNow, &out),
            SessionCodec::Failure::kBadSignature);
}

TEST(SessionCodec, RejectsMalformedCookies) {
  const SessionCodec codec(kSecret);
  Session out;
  const std::vector<std::string> bad = {"",     ".",     "abc",     ".abc",
                                        "abc.", "a$b.c", "abc.%%%", std::string(5000, 'a') + ".b"};
  for (const std::string& cookie : bad) {
    EXPECT_NE(codec.decode(cookie, kNow, &out), SessionCodec::Failure::kNone) << cookie;
  }
  // A correctly signed payload that is not a session is malformed, not accepted.
  const std::string body = internal::base64UrlEncode("{\"u\":\"x\"}");
  const std::string signed_ =
      body + "." + internal::base64UrlEncode(internal::hmacSha256(kSecret, body));
  EXPECT_EQ(codec.decode(signed_, kNow, &out), SessionCodec::Failure::kMalformed);
}

TEST(SessionCodec, NewCsrfTokensAreRandomAndLongEnough) {
  const std::string a = SessionCodec::newCsrfToken();
  const std::string b = SessionCodec::newCsrfToken();
  EXPECT_EQ(a.size(), 43u);  // base64url of 32 bytes
  EXPECT_NE(a, b);
}

TEST(SessionRevocations, RevokesOneSessionAndForgetsExpiredOnes) {
  SessionRevocations revocations;
  Session a = sampleSession();
  Session b = sampleSession();
  b.csrfToken = "other";
  b.expiresAt = kNow + 10;
  revocations.revoke(b, kNow);
  EXPECT_TRUE(revocations.isRevoked(b));
  EXPECT_FALSE(revocations.isRevoked(a));
  revocations.revoke(a, kNow + 20);  // prunes b, which has expired by then
  EXPECT_TRUE(revocations.isRevoked(a));
  EXPECT_FALSE(revocations.isRevoked(b));
}

TEST(Base64Url, RoundTripsAllLengths) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(internal::base64UrlDecode(internal::base64UrlEncode(bytes)), bytes);
    bytes += static_cast<char>(i * 37);
  }
  EXPECT_FALSE(internal::base64UrlDecode("a").has_value());
  EXPECT_FALSE(internal::base64UrlDecode("ab+/").has_value());
}

TEST(RoleNames, ListsBitsInOrder) {
  EXPECT_EQ(roleNames(0), std::vector<std::string>{});
  EXPECT_EQ(roleNames(TDM_ROLE_EMPLOYEE | TDM_ROLE_HR_ADMIN),
            (std::vector<std::string>{"employee", "hr_admin"}));
}

}  // namespace
}  // namespace tandem::host
