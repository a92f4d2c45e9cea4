#include "scim/token.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "storage/sqlite_store.h"

namespace tandem::scim {
namespace {

using namespace std::chrono_literals;

// The real SQLite repository, counting the uses it records; optionally reporting an older last use
// than the stored one (to see the once-a-minute rule without waiting a minute).
class CountingRepository final : public ScimTokenRepository {
 public:
  explicit CountingRepository(ScimTokenRepository& real) : real_(real) {}
  core::Status create(const std::string& name, const std::string& lookup,
                      const std::string& hash) override {
    return real_.create(name, lookup, hash);
  }
  core::Result<std::vector<ScimTokenInfo>> list() override { return real_.list(); }
  core::Status revoke(const std::string& name) override { return real_.revoke(name); }
  core::Result<std::optional<std::pair<ScimTokenInfo, std::string>>> findActive(
      const std::string& lookup) override {
    if (!findError.isOk()) return findError;
    return real_.findActive(lookup);
  }
  core::Status touch(int64_t id) override {
    ++touches;
    if (!touchError.isOk()) return touchError;
    return real_.touch(id);
  }
  int touches = 0;
  core::Status findError;   // returned by findActive when set
  core::Status touchError;  // returned by touch when set

 private:
  ScimTokenRepository& real_;
};

class ScimToken : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::openSqliteStore({":memory:"});
    ASSERT_TRUE(opened.isOk()) << opened.status().toString();
    store_ = std::move(opened).value();
    session_ = std::move(store_->session()).value();
  }
  ScimTokenRepository& repo() { return session_->scimTokens(); }
  // Creates and stores a token named name; returns it.
  NewToken stored(const std::string& name) {
    auto made = generateToken();
    EXPECT_TRUE(made.isOk());
    EXPECT_TRUE(repo().create(name, made->lookup, made->hash).isOk());
    return *made;
  }
  static void expectRejected(const core::Result<ScimTokenInfo>& r) {
    ASSERT_FALSE(r.isOk());
    EXPECT_EQ(r.status().code(), core::StatusCode::kUnauthenticated);
    EXPECT_EQ(r.status().message(), kBearerRejected);
  }

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::StoreSession> session_;
};

TEST_F(ScimToken, GeneratesTheDocumentedShape) {
  auto made = generateToken();
  ASSERT_TRUE(made.isOk());
  const std::string& t = made->token;
  ASSERT_EQ(t.size(), 9u + 16u + 1u + 43u) << t;
  EXPECT_EQ(t.rfind("tdm_scim_", 0), 0u);
  EXPECT_EQ(t.substr(9, 16), made->lookup);
  EXPECT_EQ(t[25], '_');
  EXPECT_EQ(made->hash, hashToken(t));
  EXPECT_EQ(made->hash.size(), 64u);
  EXPECT_EQ(made->hash.find(made->token), std::string::npos);
  EXPECT_EQ(made->hash.find(t.substr(26)), std::string::npos);
}

TEST_F(ScimToken, TokensAreUnique) {
  std::set<std::string> tokens;
  std::set<std::string> lookups;
  for (int i = 0; i < 200; ++i) {
    auto made = generateToken();
    ASSERT_TRUE(made.isOk());
    tokens.insert(made->token);
    lookups.insert(made->lookup);
  }
  EXPECT_EQ(tokens.size(), 200u);
  EXPECT_EQ(lookups.size(), 200u);
}

TEST_F(ScimToken, HashIsHexSha256) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(hashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(ScimToken, StoresTheHashNotTheToken) {
  const NewToken t = stored("okta");
  auto found = repo().findActive(t.lookup);
  ASSERT_TRUE(found.isOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->second, t.hash);
  EXPECT_NE((*found)->second, t.token);
  EXPECT_EQ((*found)->first.name, "okta");
  EXPECT_EQ((*found)->first.lookup, t.lookup);
  EXPECT_FALSE((*found)->first.createdAt.empty());
  EXPECT_TRUE((*found)->first.lastUsedAt.empty());
}

TEST_F(ScimToken, AcceptsTheGoodToken) {
  const NewToken t = stored("okta");
  auto ok = verifyBearer(repo(), "Bearer " + t.token);
  ASSERT_TRUE(ok.isOk()) << ok.status().toString();
  EXPECT_EQ(ok->name, "okta");
  EXPECT_FALSE(ok->lastUsedAt.empty());
}

TEST_F(ScimToken, SchemeIsCaseInsensitive) {
  const NewToken t = stored("okta");
  EXPECT_TRUE(verifyBearer(repo(), "bearer " + t.token).isOk());
  EXPECT_TRUE(verifyBearer(repo(), "BEARER  " + t.token + " ").isOk());
}

TEST_F(ScimToken, RefusesAWrongSecret) {
  const NewToken t = stored("okta");
  std::string wrong = t.token;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  expectRejected(verifyBearer(repo(), "Bearer " + wrong));
}

TEST_F(ScimToken, RefusesAnUnknownLookup) {
  stored("okta");
  auto other = generateToken();  // well formed, never stored
  ASSERT_TRUE(other.isOk());
  expectRejected(verifyBearer(repo(), "Bearer " + other->token));
}

TEST_F(ScimToken, RefusesARevokedToken) {
  const NewToken t = stored("okta");
  ASSERT_TRUE(verifyBearer(repo(), "Bearer " + t.token).isOk());
  ASSERT_TRUE(repo().revoke("okta").isOk());
  expectRejected(verifyBearer(repo(), "Bearer " + t.token));
}

TEST_F(ScimToken, RefusesMalformedTokens) {
  const NewToken t = stored("okta");
  expectRejected(verifyBearer(repo(), "Bearer " + t.token.substr(0, t.token.size() - 1)));
  expectRejected(verifyBearer(repo(), "Bearer " + t.token + "x"));
  expectRejected(verifyBearer(repo(), "Bearer " + t.hash));
  std::string badPrefix = t.token;
  badPrefix[0] = 'x';
  expectRejected(verifyBearer(repo(), "Bearer " + badPrefix));
  std::string upperLookup = t.token;
  for (std::size_t i = 9; i < 25; ++i) {
    upperLookup[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upperLookup[i])));
  }
  if (upperLookup != t.token) expectRejected(verifyBearer(repo(), "Bearer " + upperLookup));
  std::string badChar = t.token;
  badChar[30] = '+';
  expectRejected(verifyBearer(repo(), "Bearer " + badChar));
  expectRejected(verifyBearer(repo(), "Bearer"));
  expectRejected(verifyBearer(repo(), "Bearer "));
  expectRejected(verifyBearer(repo(), "Bearer" + t.token));
}

TEST_F(ScimToken, RefusesOtherSchemes) {
  const NewToken t = stored("okta");
  expectRejected(verifyBearer(repo(), "Basic " + t.token));
  expectRejected(verifyBearer(repo(), "Token " + t.token));
  expectRejected(verifyBearer(repo(), t.token));
}

TEST_F(ScimToken, RefusesAMissingHeader) {
  stored("okta");
  expectRejected(verifyBearer(repo(), ""));
  expectRejected(verifyBearer(repo(), "   "));
}

TEST_F(ScimToken, RecordsUseAtMostOnceAMinute) {
  const NewToken t = stored("okta");
  CountingRepository counting(repo());
  const std::string header = "Bearer " + t.token;
  const auto now = std::chrono::system_clock::now();
  ASSERT_TRUE(verifyBearer(counting, header, now).isOk());
  EXPECT_EQ(counting.touches, 1);  // never used before
  ASSERT_TRUE(verifyBearer(counting, header, now + 1s).isOk());
  ASSERT_TRUE(verifyBearer(counting, header, now + 30s).isOk());
  EXPECT_EQ(counting.touches, 1);
  auto later = verifyBearer(counting, header, now + 65s);
  ASSERT_TRUE(later.isOk());
  EXPECT_EQ(counting.touches, 2);
  // A refused token records nothing.
  expectRejected(verifyBearer(counting, "Bearer " + t.token.substr(1), now + 200s));
  EXPECT_EQ(counting.touches, 2);
  auto stored = repo().list();
  ASSERT_TRUE(stored.isOk());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_FALSE(stored->front().lastUsedAt.empty());
}

TEST_F(ScimToken, StoreErrorsAreNotTakenForABadToken) {
  const NewToken t = stored("okta");
  CountingRepository failing(repo());
  failing.findError = core::unavailable("read SCIM token: the database is busy, try again");
  auto busy = verifyBearer(failing, "Bearer " + t.token);
  ASSERT_FALSE(busy.isOk());
  EXPECT_EQ(busy.status().code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(busy.status().message().find(t.token.substr(26)), std::string::npos);
  // Malformed headers are refused before the store is asked.
  expectRejected(verifyBearer(failing, "Bearer nope"));
}

TEST_F(ScimToken, AFailedRecordOfUseDoesNotRefuseTheToken) {
  const NewToken t = stored("okta");
  CountingRepository failing(repo());
  failing.touchError = core::unavailable("busy");
  auto ok = verifyBearer(failing, "Bearer " + t.token);
  ASSERT_TRUE(ok.isOk()) << ok.status().toString();
  EXPECT_EQ(failing.touches, 1);
  EXPECT_TRUE(ok->lastUsedAt.empty());
}

TEST_F(ScimToken, ActiveNameIsUniqueUntilRevoked) {
  stored("okta");
  auto again = generateToken();
  ASSERT_TRUE(again.isOk());
  const core::Status dup = repo().create("okta", again->lookup, again->hash);
  EXPECT_EQ(dup.code(), core::StatusCode::kAlreadyExists);
  EXPECT_NE(dup.message().find("okta"), std::string::npos);
  ASSERT_TRUE(repo().revoke("okta").isOk());
  EXPECT_TRUE(repo().create("okta", again->lookup, again->hash).isOk());
  auto all = repo().list();
  ASSERT_TRUE(all.isOk());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_FALSE((*all)[0].revokedAt.empty());
  EXPECT_TRUE((*all)[1].revokedAt.empty());
}

TEST_F(ScimToken, RevokingAnUnknownOrRevokedNameIsNotFound) {
  EXPECT_EQ(repo().revoke("nobody").code(), core::StatusCode::kNotFound);
  stored("okta");
  ASSERT_TRUE(repo().revoke("okta").isOk());
  EXPECT_EQ(repo().revoke("okta").code(), core::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tandem::scim
