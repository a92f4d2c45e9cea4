#include "host/common/csrf_guard.h"

#include <gtest/gtest.h>

namespace tandem::host {
namespace {

using Verdict = CsrfGuard::Verdict;
constexpr const char* kHost = "127.0.0.1:8080";

TEST(CsrfGuard, SafeMethodsPass) {
  EXPECT_EQ(CsrfGuard::check("GET", "https://evil.example", "", kHost, "", "tok"), Verdict::kAllow);
  EXPECT_EQ(CsrfGuard::check("HEAD", "", "", kHost, "", "tok"), Verdict::kAllow);
}

TEST(CsrfGuard, StateChangingWithSessionNeedsTheToken) {
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(CsrfGuard::check(method, "", "", kHost, "", "tok"), Verdict::kMissingToken) << method;
    EXPECT_EQ(CsrfGuard::check(method, "", "", kHost, "tok2", "tok"), Verdict::kBadToken) << method;
    EXPECT_EQ(CsrfGuard::check(method, "", "", kHost, "to", "tok"), Verdict::kBadToken) << method;
    EXPECT_EQ(CsrfGuard::check(method, "", "", kHost, "tok", "tok"), Verdict::kAllow) << method;
  }
}

TEST(CsrfGuard, WithoutSessionOnlyTheOriginIsChecked) {
  EXPECT_EQ(CsrfGuard::check("POST", "", "", kHost, "", ""), Verdict::kAllow);
  EXPECT_EQ(CsrfGuard::check("POST", "http://evil.example", "", kHost, "", ""),
            Verdict::kBadOrigin);
}

TEST(CsrfGuard, CrossOriginIsRefusedEvenWithTheToken) {
  EXPECT_EQ(CsrfGuard::check("PUT", "http://evil.example", "", kHost, "tok", "tok"),
            Verdict::kBadOrigin);
  EXPECT_EQ(CsrfGuard::check("PUT", "null", "", kHost, "tok", "tok"), Verdict::kBadOrigin);
  EXPECT_EQ(CsrfGuard::check("PUT", "", "cross-site", kHost, "tok", "tok"), Verdict::kBadOrigin);
  EXPECT_EQ(CsrfGuard::check("PUT", "http://127.0.0.1:8081", "", kHost, "tok", "tok"),
            Verdict::kBadOrigin);
}

TEST(CsrfGuard, SameOriginPasses) {
  EXPECT_TRUE(CsrfGuard::originAllowed("http://127.0.0.1:8080", "same-origin", kHost));
  EXPECT_TRUE(CsrfGuard::originAllowed("https://Tandem.Example", "", "tandem.example"));
  EXPECT_TRUE(CsrfGuard::originAllowed("", "", kHost));
  EXPECT_FALSE(CsrfGuard::originAllowed("http://127.0.0.1:8080", "", ""));
}

}  // namespace
}  // namespace tandem::host
