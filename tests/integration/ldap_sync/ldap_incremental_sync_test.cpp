// Incremental LDAP sync against a real slapd with syncprov: RFC 4533 refreshOnly with a stored
// cookie (changes, the delete phase, the present phase after a restart lost the session log),
// ModDN moves, a garbage cookie, the deletion guard on incremental deletes, the modifyTimestamp
// mode, and the CLI's mode selection.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "directory/directory_sync.h"
#include "in_process_sync.h"
#include "incremental_plan.h"
#include "ldap_config.h"
#include "ldap_directory_source.h"
#include "ldap_text.h"
#include "slapd_fixture.h"
#include "tandem_cli.h"
#include "storage/sqlite_store.h"

namespace tandem {
namespace {

using directory::SyncMode;
using directory::SyncSummary;
using nlohmann::json;

class Harness {
 public:
  explicit Harness(const testing::Slapd& slapd) : slapd_(slapd) {
    storage::SqliteOptions options;
    options.path = ":memory:";
    auto store = storage::openSqliteStore(options);
    EXPECT_TRUE(store.isOk()) << store.status().message();
    store_ = std::move(store).value();
  }

  json config() const {
    return {{"uri", slapd_.uri()},
            {"bind_dn", slapd_.bindDn()},
            {"password_file", slapd_.passwordFile()},
            {"base_dn", slapd_.baseDn()},
            {"preset", "openldap"},
            {"page_size", 500}};
  }

  core::Result<SyncSummary> sync(SyncMode mode, bool force = false, json cfg = nullptr,
                                 const directory::SyncProgressFn& progress = nullptr) {
    return testing::runLdapSync(*store_, cfg.is_null() ? config() : cfg, mode, force,
                                "test#" + std::to_string(++runs_), progress);
  }

  directory::Employee employee(const std::string& uid) {
    auto session = store_->session();
    auto e = (*session)->employees().findByUserName(uid);
    EXPECT_TRUE(e.isOk() && e->has_value()) << uid;
    return e.isOk() && e->has_value() ? **e : directory::Employee{};
  }

  std::string dnOf(const std::string& externalId) {
    auto session = store_->session();
    auto ids = (*session)->directorySync().identities("ldap");
    for (const auto& i : *ids) {
      if (i.externalId == externalId) return i.dn;
    }
    return "";
  }

  int64_t activeCount() {
    auto session = store_->session();
    return *(*session)->employees().count();
  }

  directory::SyncState state() {
    auto session = store_->session();
    auto st = (*session)->directorySync().loadState("ldap");
    return st.isOk() && st->has_value() ? **st : directory::SyncState{};
  }

  void setCookie(const std::string& cookie) {
    directory::SyncState st = state();  // before opening a session: one at a time
    auto session = store_->session();
    st.cookie = cookie;
    ASSERT_TRUE((*session)->directorySync().saveState(st).isOk());
  }

 private:
  const testing::Slapd& slapd_;
  std::unique_ptr<storage::Store> store_;
  int runs_ = 0;
};

bool hasWarning(const SyncSummary& s, const std::string& needle) {
  for (const auto& w : s.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string uidOf(int k) {
  char uid[16];
  std::snprintf(uid, sizeof uid, "p%06d", k);
  return uid;
}

std::string retitleLdif(const testing::Slapd& slapd, int from, int count, const std::string& title) {
  std::string ldif;
  for (int k = from; k < from + count; ++k) {
    ldif += "dn: " + slapd.directory().dnOf(uidOf(k)) +
            "\nchangetype: modify\nreplace: title\ntitle: " + title + "\n\n";
  }
  return ldif;
}

std::string deleteLdif(const testing::Slapd& slapd, int from, int count) {
  std::string ldif;
  for (int k = from; k < from + count; ++k) {
    ldif += "dn: " + slapd.directory().dnOf(uidOf(k)) + "\nchangetype: delete\n\n";
  }
  return ldif;
}

std::string setManagerLdif(const std::string& dn, const std::string& managerDn) {
  return "dn: " + dn + "\nchangetype: modify\nreplace: manager\nmanager: " + managerDn + "\n\n";
}

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

TEST(LdapIncrementalSync, TenThousandPeopleNoChangesThenExactlyTheHundredModified) {
  auto slapd = testing::Slapd::start({.people = 10000, .seed = 7});
  Harness h(*slapd);
  const int people = slapd->directory().people;

  // Auto without a watermark: full, and a syncrepl cookie is stored.
  auto full = h.sync(SyncMode::kAuto);
  ASSERT_TRUE(full.isOk()) << full.status().message();
  EXPECT_EQ(full->mode, "full");
  EXPECT_EQ(full->added, people);
  const std::string cookie = h.state().cookie;
  ASSERT_NE(cookie.find("\"syncrepl\""), std::string::npos) << cookie;

  auto started = std::chrono::steady_clock::now();
  auto none = h.sync(SyncMode::kAuto);
  const int64_t noneMs = elapsedMs(started);
  ASSERT_TRUE(none.isOk()) << none.status().message();
  EXPECT_EQ(none->mode, "incremental");
  EXPECT_EQ(none->mechanism, "syncrepl");
  EXPECT_EQ(none->added, 0);
  EXPECT_EQ(none->updated, 0);
  EXPECT_EQ(none->deactivated, 0);
  EXPECT_EQ(none->unchanged, people);
  EXPECT_EQ(none->people, 0);

  slapd->modify(retitleLdif(*slapd, 200, 100, "Incremental Engineer"));
  started = std::chrono::steady_clock::now();
  auto hundred = h.sync(SyncMode::kIncremental);
  const int64_t hundredMs = elapsedMs(started);
  ASSERT_TRUE(hundred.isOk()) << hundred.status().message();
  EXPECT_EQ(hundred->mode, "incremental");
  EXPECT_EQ(hundred->people, 100);
  EXPECT_EQ(hundred->updated, 100);
  EXPECT_EQ(hundred->added, 0);
  EXPECT_EQ(hundred->deactivated, 0);
  EXPECT_EQ(hundred->unchanged, people - 100);
  EXPECT_EQ(h.employee(uidOf(250)).title, "Incremental Engineer");
  EXPECT_NE(h.employee(uidOf(300)).title, "Incremental Engineer");
  EXPECT_NE(h.state().cookie, cookie);
  std::printf("[ timing ] full %lld ms; incremental, no change: %lld ms; after 100 changes: %lld ms\n",
              static_cast<long long>(full->durationMs), static_cast<long long>(noneMs),
              static_cast<long long>(hundredMs));
}

TEST(LdapIncrementalSync, AddsDeletesThroughTheDeletePhaseAndFollowsAModDn) {
  auto slapd = testing::Slapd::start({.people = 400, .seed = 11});
  Harness h(*slapd);
  ASSERT_TRUE(h.sync(SyncMode::kFull).isOk());
  const int64_t active = h.activeCount();
  const auto& dir = slapd->directory();

  // An addition.
  const std::string newDn = "uid=incr-new," + dir.departmentDns.at(0);
  slapd->modify("dn: " + newDn +
                "\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: tandemPerson\n"
                "uid: incr-new\ncn: Nora New\nsn: New\ngivenName: Nora\n"
                "mail: nora.new@example.com\ntandemDisabled: FALSE\n\n");
  auto s = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(s->updated, 0);
  EXPECT_EQ(h.activeCount(), active + 1);

  // Deletions arrive in the delete phase (the session log covers the cookie).
  slapd->modify(deleteLdif(*slapd, 300, 3));
  s = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->deletions, "listed");
  EXPECT_EQ(s->deactivated, 3);
  EXPECT_FALSE(h.employee(uidOf(300)).active);
  EXPECT_EQ(h.activeCount(), active + 1 - 3);

  // A ModDN: X moves to another department. Y follows X's new DN, Z keeps the old one.
  const std::string x = uidOf(150);
  const std::string xDn = dir.dnOf(x);
  const std::string yDn = dir.dnOf(uidOf(151));
  const std::string zDn = dir.dnOf(uidOf(152));
  slapd->modify(setManagerLdif(yDn, xDn) + setManagerLdif(zDn, xDn));
  ASSERT_TRUE(h.sync(SyncMode::kIncremental).isOk());
  const auto before = h.employee(x);
  ASSERT_EQ(h.employee(uidOf(151)).managerId, std::optional<int64_t>(before.id));
  ASSERT_EQ(h.employee(uidOf(152)).managerId, std::optional<int64_t>(before.id));

  const std::string parentOu = xDn.substr(xDn.find(',') + 1);
  std::string otherOu;
  for (const auto& ou : dir.departmentDns) {
    if (ou != parentOu && ou.find('\\') == std::string::npos) {
      otherOu = ou;
      break;
    }
  }
  ASSERT_FALSE(otherOu.empty());
  const std::string movedDn = "uid=" + x + "," + otherOu;
  slapd->modify("dn: " + xDn + "\nchangetype: modrdn\nnewrdn: uid=" + x +
                "\ndeleteoldrdn: 1\nnewsuperior: " + otherOu + "\n\n" +
                setManagerLdif(yDn, movedDn));
  s = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->deactivated, 0);
  const auto after = h.employee(x);
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.externalId, before.externalId);  // the UUID is stable
  EXPECT_TRUE(after.active);
  EXPECT_EQ(h.dnOf(after.externalId), *ldap::normalizeDn(movedDn));
  EXPECT_EQ(h.employee(uidOf(151)).managerId, std::optional<int64_t>(before.id));
  EXPECT_FALSE(h.employee(uidOf(152)).managerId.has_value());  // the old DN dangles now
  EXPECT_TRUE(hasWarning(*s, "dangling manager"));

  // The same picture a full sync makes.
  auto check = h.sync(SyncMode::kFull);
  ASSERT_TRUE(check.isOk()) << check.status().message();
  EXPECT_EQ(check->added, 0);
  EXPECT_EQ(check->updated, 0);
  EXPECT_EQ(check->deactivated, 0);
}

TEST(LdapIncrementalSync, AfterARestartLostTheSessionLogThePresentPhaseDeactivates) {
  auto slapd = testing::Slapd::start({.people = 400, .seed = 13});
  Harness h(*slapd);
  ASSERT_TRUE(h.sync(SyncMode::kFull).isOk());
  const int64_t active = h.activeCount();
  // A change after the cookie, then a restart: the new session log starts after the cookie.
  slapd->modify(retitleLdif(*slapd, 120, 2, "Before Restart"));
  slapd->restart();
  slapd->modify(deleteLdif(*slapd, 200, 4));
  auto s = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message() << "\n" << slapd->logTail();
  EXPECT_EQ(s->mode, "incremental");
  EXPECT_EQ(s->deletions, "present");
  EXPECT_EQ(s->deactivated, 4);
  EXPECT_EQ(s->updated, 2);
  EXPECT_EQ(h.activeCount(), active - 4);
  EXPECT_FALSE(h.employee(uidOf(201)).active);
  EXPECT_EQ(h.employee(uidOf(121)).title, "Before Restart");

  // And a quiet incremental run after it deactivates nobody else.
  s = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_EQ(s->updated, 0);
}

TEST(LdapIncrementalSync, AGarbageCookieFallsBackSafely) {
  auto slapd = testing::Slapd::start({.people = 200, .seed = 17});
  Harness h(*slapd);
  ASSERT_TRUE(h.sync(SyncMode::kFull).isOk());
  const int64_t active = h.activeCount();

  h.setCookie("garbage");
  auto s = h.sync(SyncMode::kAuto);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->mode, "full");
  EXPECT_TRUE(hasWarning(*s, "incremental sync not possible")) << s->toJson().dump();
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_NE(h.state().cookie.find("syncrepl"), std::string::npos);

  // A readable watermark whose syncrepl cookie the server cannot use.
  auto cfg = ldap::LdapConfig::fromJson(h.config());
  ASSERT_TRUE(cfg.isOk());
  ldap::Watermark bogus;
  bogus.mechanism = "syncrepl";
  bogus.scope = ldap::searchScope(*cfg);
  bogus.cookie = "rid=000,csn=not-a-csn";
  h.setCookie(bogus.encode());
  json quick = h.config();
  quick["timeout"] = 5;
  s = h.sync(SyncMode::kIncremental, false, quick);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->added, 0);
  EXPECT_EQ(s->updated, 0);
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_EQ(h.activeCount(), active);
  EXPECT_EQ(h.state().status, "ok");

  // Another search scope: the watermark is not used.
  json other = h.config();
  other["user_filter"] = "(&(objectClass=inetOrgPerson)(uid=*))";
  s = h.sync(SyncMode::kIncremental, false, other);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->mode, "full");
  EXPECT_TRUE(hasWarning(*s, "user filter changed")) << s->toJson().dump();
}

TEST(LdapIncrementalSync, TheDeletionGuardHoldsIncrementalDeletesAndKeepsTheCookie) {
  auto slapd = testing::Slapd::start({.people = 400, .seed = 19});
  Harness h(*slapd);
  ASSERT_TRUE(h.sync(SyncMode::kFull).isOk());
  const int64_t active = h.activeCount();
  const std::string cookie = h.state().cookie;
  slapd->modify(deleteLdif(*slapd, 100, 60));

  auto s = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->mode, "incremental");
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_FALSE(s->deactivationPerformed);
  EXPECT_NE(s->deactivationReason.find("deletion guard"), std::string::npos)
      << s->deactivationReason;
  EXPECT_EQ(h.activeCount(), active);
  EXPECT_EQ(h.state().cookie, cookie);  // the deletions will be reported again

  s = h.sync(SyncMode::kIncremental, /*force=*/true);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->mode, "incremental");
  EXPECT_GE(s->deactivated, 58);  // a disabled one may already be inactive
  EXPECT_TRUE(s->deactivationPerformed);
  EXPECT_NE(h.state().cookie, cookie);
}

TEST(LdapIncrementalSync, TheTimestampModeFindsModifiedEntriesButNoDeletes) {
  auto slapd = testing::Slapd::start({.people = 300, .seed = 23});
  Harness h(*slapd);
  json cfg = h.config();
  cfg["incremental"] = "timestamp";
  cfg["timestamp_overlap_seconds"] = 0;
  ASSERT_TRUE(h.sync(SyncMode::kFull, false, cfg).isOk());
  ASSERT_NE(h.state().cookie.find("\"timestamp\""), std::string::npos) << h.state().cookie;
  const int64_t active = h.activeCount();
  ::sleep(1);  // modifyTimestamp has one-second resolution
  slapd->modify(retitleLdif(*slapd, 100, 5, "Timestamp Engineer") + deleteLdif(*slapd, 200, 1));

  auto s = h.sync(SyncMode::kAuto, false, cfg);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->mode, "incremental");
  EXPECT_EQ(s->mechanism, "timestamp");
  EXPECT_EQ(s->deletions, "none");
  EXPECT_EQ(s->updated, 5);
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_TRUE(hasWarning(*s, "does not see deletions"));
  EXPECT_EQ(h.employee(uidOf(104)).title, "Timestamp Engineer");
  EXPECT_EQ(h.activeCount(), active);
}

TEST(LdapIncrementalSync, AServerRestartedDuringTheChangedPeopleSearchIsReconnected) {
  auto slapd = testing::Slapd::start({.people = 600, .seed = 61});
  Harness h(*slapd);
  json cfg = h.config();
  cfg["incremental"] = "timestamp";
  cfg["timestamp_overlap_seconds"] = 0;
  cfg["page_size"] = 100;
  cfg["reconnect_attempts"] = 10;
  cfg["reconnect_initial_delay_ms"] = 20;
  cfg["reconnect_max_delay_ms"] = 200;
  // modifyTimestamp has one-second resolution: the loaded entries, the watermark and the changes
  // each in their own second.
  ::sleep(1);
  ASSERT_TRUE(h.sync(SyncMode::kFull, false, cfg).isOk());
  ::sleep(1);
  slapd->modify(retitleLdif(*slapd, 100, 250, "Resumed Engineer"));

  // Stopped after the first page of changes, started again while the connector waits for its
  // second reconnect attempt.
  int waits = 0;
  bool stopped = false;
  auto s = h.sync(
      SyncMode::kIncremental, false, cfg, [&](double, const std::string& message) {
        if (!stopped && message == "read 100 changed people") {
          slapd->stop();
          stopped = true;
        }
        if (message.find("reconnecting in") != std::string::npos && ++waits == 2) {
          slapd->restart();
        }
        return true;
      });
  ASSERT_TRUE(s.isOk()) << s.status().message() << "\n" << slapd->logTail();
  ASSERT_TRUE(stopped);
  EXPECT_EQ(waits, 2);
  EXPECT_EQ(s->mode, "incremental");
  EXPECT_EQ(s->people, 250);
  EXPECT_EQ(s->updated, 250);
  EXPECT_EQ(s->added, 0);
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_FALSE(hasWarning(*s, "repeats the id")) << s->toJson().dump();
  EXPECT_TRUE(hasWarning(*s, "connection was lost during the changed-people search"))
      << s->toJson().dump();
  EXPECT_EQ(h.employee(uidOf(349)).title, "Resumed Engineer");

  auto again = h.sync(SyncMode::kIncremental, false, cfg);
  ASSERT_TRUE(again.isOk()) << again.status().message();
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->added, 0);
}

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(LdapIncrementalSync, AFullRunAndAnIncrementalRunEachBindOnce) {
  auto slapd = testing::Slapd::start({.people = 200, .seed = 67, .logOperations = true});
  Harness h(*slapd);
  const std::string bind = "BIND dn=\"" + slapd->bindDn() + "\" method=128";
  const auto binds = [&] { return occurrences(slapd->logTail(size_t{1} << 26), bind); };
  const size_t start = binds();

  // Full: the watermark (rootDSE + syncrepl cookie) and the scan share one connection.
  auto full = h.sync(SyncMode::kAuto);
  ASSERT_TRUE(full.isOk()) << full.status().message();
  EXPECT_EQ(full->mode, "full");
  EXPECT_EQ(binds() - start, 1u);

  // Incremental: the rootDSE and the refresh share one connection too.
  slapd->modify(retitleLdif(*slapd, 20, 3, "One Connection"));
  auto incremental = h.sync(SyncMode::kIncremental);
  ASSERT_TRUE(incremental.isOk()) << incremental.status().message();
  EXPECT_EQ(incremental->mode, "incremental");
  EXPECT_EQ(incremental->updated, 3);
  EXPECT_EQ(binds() - start, 2u);
}

using testing::CliRun;

// Runs the real `tandem` binary (stdout captured, stderr to the test log).
CliRun runTandem(const std::string& arguments) {
  return testing::runTandemShell(TANDEM_CLI, arguments);
}

TEST(LdapIncrementalSyncCli, WithoutAFlagRunsFullThenIncremental) {
  auto slapd = testing::Slapd::start({.people = 100, .seed = 29});
  const auto dataDir = std::filesystem::path(slapd->workDir()) / "tandem-data";
  const std::string common = "--data-dir '" + dataDir.string() +
                             "' --log-level off sync ldap --json --bind-dn '" + slapd->bindDn() +
                             "' --password-file '" + slapd->passwordFile() + "' --base-dn '" +
                             slapd->baseDn() + "' --uri " + slapd->uri();
  CliRun first = runTandem(common);
  ASSERT_EQ(first.exitCode, 0) << first.out;
  EXPECT_EQ(json::parse(first.out).at("mode"), "full");
  CliRun second = runTandem(common);
  ASSERT_EQ(second.exitCode, 0) << second.out;
  const json j = json::parse(second.out);
  EXPECT_EQ(j.at("mode"), "incremental");
  for (const char* key : {"added", "updated", "deactivated", "unchanged", "warnings", "duration_ms"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  CliRun forced = runTandem(common + " --full");
  ASSERT_EQ(forced.exitCode, 0) << forced.out;
  EXPECT_EQ(json::parse(forced.out).at("mode"), "full");
  CliRun incremental = runTandem(common + " --incremental");
  ASSERT_EQ(incremental.exitCode, 0) << incremental.out;
  EXPECT_EQ(json::parse(incremental.out).at("mode"), "incremental");
}

}  // namespace
}  // namespace tandem
