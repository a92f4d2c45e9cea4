// Full sync over TLS against a real slapd with a test CA: ldaps://, StartTLS on ldap://, refusal
// of a server whose certificate a CA we do not trust signed, and StartTLS failures that must never
// fall back to plain text.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "directory/directory_sync.h"
#include "in_process_sync.h"
#include "ldap_directory_source.h"
#include "slapd_fixture.h"
#include "storage/sqlite_store.h"

namespace tandem {
namespace {

using nlohmann::json;

// An in-memory store and the sync call the job makes.
class TlsSyncHarness {
 public:
  TlsSyncHarness() {
    storage::SqliteOptions options;
    options.path = ":memory:";
    auto store = storage::openSqliteStore(options);
    EXPECT_TRUE(store.isOk()) << store.status().message();
    store_ = std::move(store).value();
  }

  core::Result<directory::SyncSummary> sync(const json& cfg) {
    return testing::runLdapSync(*store_, cfg, directory::SyncMode::kFull, /*force=*/false,
                                "tls-test");
  }

  int64_t employeeCount() {
    auto session = store_->session();
    return *(*session)->employees().count();
  }

 private:
  std::unique_ptr<storage::Store> store_;
};

json baseConfig(const testing::Slapd& slapd) {
  return {{"bind_dn", slapd.bindDn()},
          {"password_file", slapd.passwordFile()},
          {"base_dn", slapd.baseDn()},
          {"preset", "openldap"},
          {"page_size", 200},
          {"network_timeout", 5},
          {"timeout", 20}};
}

class LdapTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    slapd_ = testing::Slapd::start({.people = 300, .seed = 21, .tls = true}).release();
  }
  static void TearDownTestSuite() {
    delete slapd_;
    slapd_ = nullptr;
  }
  static testing::Slapd* slapd_;
};
testing::Slapd* LdapTls::slapd_ = nullptr;

TEST_F(LdapTls, FullSyncOverLdapsWithTheTestCa) {
  ASSERT_FALSE(slapd_->ldapsUri().empty());
  TlsSyncHarness h;
  json cfg = baseConfig(*slapd_);
  cfg["uri"] = slapd_->ldapsUri();
  cfg["ca_file"] = slapd_->caFile();
  auto s = h.sync(cfg);
  ASSERT_TRUE(s.isOk()) << s.status().message() << "\n" << slapd_->logTail();
  EXPECT_EQ(s->added, slapd_->directory().people);
  EXPECT_EQ(h.employeeCount(), slapd_->directory().activeCount);
}

TEST_F(LdapTls, FullSyncOverStartTlsWithTheTestCa) {
  TlsSyncHarness h;
  json cfg = baseConfig(*slapd_);
  cfg["uri"] = slapd_->uri();
  cfg["start_tls"] = true;
  cfg["ca_file"] = slapd_->caFile();
  auto s = h.sync(cfg);
  ASSERT_TRUE(s.isOk()) << s.status().message() << "\n" << slapd_->logTail();
  EXPECT_EQ(s->added, slapd_->directory().people);
}

TEST_F(LdapTls, LdapsRefusesACertificateFromAnUntrustedCaAndWritesNothing) {
  TlsSyncHarness h;
  json cfg = baseConfig(*slapd_);
  cfg["uri"] = slapd_->ldapsUri();
  cfg["ca_file"] = slapd_->untrustedCaFile();
  auto s = h.sync(cfg);
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable) << s.status().message();
  // The message names the certificate problem, not only "Can't contact LDAP server".
  EXPECT_NE(s.status().message().find("certificate"), std::string::npos) << s.status().message();
  EXPECT_EQ(h.employeeCount(), 0);
}

TEST_F(LdapTls, StartTlsRefusesACertificateFromAnUntrustedCaAndNeverFallsBackToPlain) {
  TlsSyncHarness h;
  json cfg = baseConfig(*slapd_);
  cfg["uri"] = slapd_->uri();
  cfg["start_tls"] = true;
  cfg["ca_file"] = slapd_->untrustedCaFile();
  auto s = h.sync(cfg);
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable) << s.status().message();
  EXPECT_NE(s.status().message().find("StartTLS"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("certificate"), std::string::npos) << s.status().message();
  EXPECT_EQ(h.employeeCount(), 0);
}

TEST_F(LdapTls, TheSystemTrustStoreDoesNotTrustTheTestCa) {
  // No ca_file: verification is still on by default, so the private CA is refused.
  TlsSyncHarness h;
  json cfg = baseConfig(*slapd_);
  cfg["uri"] = slapd_->ldapsUri();
  auto s = h.sync(cfg);
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable) << s.status().message();
  EXPECT_EQ(h.employeeCount(), 0);
}

TEST(LdapStartTls, AServerWithoutTlsFailsTheRunInsteadOfFallingBackToPlain) {
  // This slapd has no certificate: StartTLS is refused, and the sync must not bind in clear.
  auto slapd = testing::Slapd::start({.people = 64, .seed = 4, .tls = false});
  TlsSyncHarness h;
  json cfg = baseConfig(*slapd);
  cfg["uri"] = slapd->uri();
  cfg["start_tls"] = true;
  auto s = h.sync(cfg);
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable) << s.status().message();
  EXPECT_NE(s.status().message().find("StartTLS"), std::string::npos) << s.status().message();
  EXPECT_EQ(h.employeeCount(), 0);
  // The same settings without start_tls work, so the failure above was StartTLS alone.
  cfg["start_tls"] = false;
  auto plain = h.sync(cfg);
  EXPECT_TRUE(plain.isOk()) << plain.status().message();
}

}  // namespace
}  // namespace tandem
