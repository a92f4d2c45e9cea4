// Full sync from a real slapd into a SQLite store: counts, manager joins by normalised DN, the
// manager and group edge cases, deactivation with and without the guard, a server that stops in
// the middle of a run.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "directory/directory_sync.h"
#include "in_process_sync.h"
#include "ldap_directory_source.h"
#include "slapd_fixture.h"
#include "storage/sqlite_store.h"
#include "tandem_cli.h"

namespace tandem {
namespace {

using directory::SyncSummary;
using nlohmann::json;

// A store plus the sync call the job makes.
class SyncHarness {
 public:
  explicit SyncHarness(const testing::Slapd& slapd) : slapd_(slapd) {
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

  core::Result<SyncSummary> sync(bool force = false,
                                 const directory::SyncProgressFn& progress = nullptr,
                                 json cfg = nullptr) {
    return testing::runLdapSync(*store_, cfg.is_null() ? config() : cfg,
                                directory::SyncMode::kFull, force,
                                "test#" + std::to_string(++runs_), progress);
  }

  directory::Employee employee(const std::string& uid) {
    auto session = store_->session();
    auto e = (*session)->employees().findByUserName(uid);
    EXPECT_TRUE(e.isOk() && e->has_value()) << uid;
    return e.isOk() && e->has_value() ? **e : directory::Employee{};
  }

  std::vector<std::string> groupsOf(const std::string& uid) {
    const int64_t id = employee(uid).id;
    auto session = store_->session();
    auto g = (*session)->groups().groupsOf(id);
    return g.isOk() ? *g : std::vector<std::string>{};
  }

  int64_t activeCount() {
    auto session = store_->session();
    return *(*session)->employees().count();
  }

  std::optional<directory::SyncState> state() {
    auto session = store_->session();
    return *(*session)->directorySync().loadState("ldap");
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

std::string deleteLdif(const testing::Slapd& slapd, const std::vector<std::string>& uids) {
  std::string ldif;
  for (const auto& uid : uids)
    ldif += "dn: " + slapd.directory().dnOf(uid) + "\nchangetype: delete\n\n";
  return ldif;
}

std::vector<std::string> genericUids(int from, int count) {
  std::vector<std::string> out;
  for (int k = from; k < from + count; ++k) {
    char uid[16];
    std::snprintf(uid, sizeof uid, "p%06d", k);
    out.push_back(uid);
  }
  return out;
}

// One 10,000-person directory and one full sync, shared by the read-only tests.
class FullSync10k : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    slapd_ = testing::Slapd::start({.people = 10000, .seed = 7}).release();
    harness_ = new SyncHarness(*slapd_);
    auto s = harness_->sync();
    ASSERT_TRUE(s.isOk()) << s.status().message() << "\n" << slapd_->logTail();
    first_ = new SyncSummary(*s);
  }
  static void TearDownTestSuite() {
    delete first_;
    delete harness_;
    delete slapd_;
  }
  static testing::Slapd* slapd_;
  static SyncHarness* harness_;
  static SyncSummary* first_;
};
testing::Slapd* FullSync10k::slapd_ = nullptr;
SyncHarness* FullSync10k::harness_ = nullptr;
SyncSummary* FullSync10k::first_ = nullptr;

TEST_F(FullSync10k, AddsEveryPersonAndKeepsDisabledOnesInactive) {
  const auto& dir = slapd_->directory();
  EXPECT_EQ(first_->people, dir.people);
  EXPECT_EQ(first_->added, dir.people);
  EXPECT_EQ(first_->updated, 0);
  EXPECT_EQ(first_->deactivated, 0);
  EXPECT_EQ(first_->groups, dir.groups);
  EXPECT_EQ(harness_->activeCount(), dir.activeCount);
  EXPECT_FALSE(harness_->employee(dir.disabledUid).active);
  auto state = harness_->state();
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->status, "ok");
  EXPECT_FALSE(state->lastSuccessAt.empty());
}

TEST_F(FullSync10k, SecondRunChangesNothing) {
  auto s = harness_->sync();
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->added, 0);
  EXPECT_EQ(s->updated, 0);
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_EQ(s->unchanged, slapd_->directory().people);
}

TEST_F(FullSync10k, MapsTheTandemPersonAttributes) {
  const auto e = harness_->employee(slapd_->directory().escapedOuUid);
  EXPECT_EQ(e.source, "ldap");
  EXPECT_EQ(e.department, "Legal, Risk");
  EXPECT_EQ(e.hireDateConfidence, "exact");
  EXPECT_EQ(e.hireDate.size(), 10u);
  EXPECT_TRUE(e.level.has_value());
  EXPECT_FALSE(e.languages.empty());
  EXPECT_FALSE(e.timeZone.empty());
  EXPECT_EQ(harness_->employee(slapd_->directory().contractorUid).employeeType, "contractor");
  EXPECT_EQ(harness_->employee(slapd_->directory().noMailUid).email, "");
}

TEST_F(FullSync10k, JoinsManagersAcrossTheEscapedCommaAndCaseAndSpacing) {
  const auto& dir = slapd_->directory();
  const auto escaped = harness_->employee(dir.escapedOuUid);
  ASSERT_TRUE(escaped.managerId.has_value());
  EXPECT_EQ(*escaped.managerId, harness_->employee(dir.escapedOuManagerUid).id);
  const auto cased = harness_->employee(dir.caseManagerUid);
  ASSERT_TRUE(cased.managerId.has_value());
  EXPECT_EQ(*cased.managerId, harness_->employee(dir.caseManagerTargetUid).id);
  EXPECT_FALSE(harness_->employee(dir.ceoUid).managerId.has_value());
  EXPECT_TRUE(harness_->employee("p000100").managerId.has_value());
}

TEST_F(FullSync10k, DanglingSelfAndCyclicManagersBecomeNullWithWarnings) {
  const auto& dir = slapd_->directory();
  EXPECT_FALSE(harness_->employee(dir.danglingManagerUid).managerId.has_value());
  EXPECT_FALSE(harness_->employee(dir.selfManagerUid).managerId.has_value());
  int cleared = 0;
  for (const auto& uid : dir.cycleUids) cleared += harness_->employee(uid).managerId ? 0 : 1;
  EXPECT_EQ(cleared, 1);
  EXPECT_TRUE(hasWarning(*first_, "dangling manager"));
  EXPECT_TRUE(hasWarning(*first_, "self manager"));
  EXPECT_TRUE(hasWarning(*first_, "manager cycle"));
}

TEST_F(FullSync10k, WritesNestedAndCyclicGroups) {
  const auto& dir = slapd_->directory();
  const auto intern = harness_->groupsOf(dir.internUid);
  for (const char* g : {"all-engineering", "engineering-platform", "engineering-platform-oncall"}) {
    EXPECT_NE(std::find(intern.begin(), intern.end(), g), intern.end()) << g;
  }
  const auto cyclic = harness_->groupsOf(dir.cycleUids[0]);
  EXPECT_NE(std::find(cyclic.begin(), cyclic.end(), "cycle-group-a"), cyclic.end());
  EXPECT_NE(std::find(cyclic.begin(), cyclic.end(), "cycle-group-b"), cyclic.end());
  EXPECT_TRUE(hasWarning(*first_, "cycle through"));
  const auto hr = harness_->groupsOf(dir.hrAdminUids.at(0));
  EXPECT_NE(std::find(hr.begin(), hr.end(), "tandem-hr-admins"), hr.end());
  EXPECT_TRUE(hasWarning(*first_, "not found in the directory"));
}

TEST(LdapSync, DeactivatesPeopleWhoLeftButNeverMoreThanTheGuardWithoutForce) {
  auto slapd = testing::Slapd::start({.people = 400, .seed = 11});
  SyncHarness h(*slapd);
  ASSERT_TRUE(h.sync().isOk());
  const int64_t active = h.activeCount();

  // A few leave: within 10 %.
  const auto few = genericUids(300, 5);
  slapd->modify(deleteLdif(*slapd, few));
  auto s = h.sync();
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->deactivated, 5);
  EXPECT_EQ(h.activeCount(), active - 5);
  EXPECT_FALSE(h.employee(few[0]).active);  // the row stays

  // Many leave: more than 10 % -> nobody goes, and the run says why.
  const auto many = genericUids(100, 60);
  slapd->modify(deleteLdif(*slapd, many));
  s = h.sync();
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_FALSE(s->deactivationPerformed);
  EXPECT_NE(s->deactivationReason.find("deletion guard"), std::string::npos)
      << s->deactivationReason;
  EXPECT_EQ(h.activeCount(), active - 5);

  // --force applies them.
  s = h.sync(/*force=*/true);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_GE(s->deactivated, 58);  // a disabled one may already be inactive
  EXPECT_TRUE(s->deactivationPerformed);
}

TEST(LdapSync, AServerThatStopsMidRunFailsTheRunAndDeactivatesNobody) {
  auto slapd = testing::Slapd::start({.people = 2000, .seed = 5});
  SyncHarness h(*slapd);
  ASSERT_TRUE(h.sync().isOk());
  const int64_t active = h.activeCount();
  slapd->modify(deleteLdif(*slapd, genericUids(1500, 3)));

  json cfg = h.config();
  cfg["page_size"] = 100;
  // A small reconnect budget keeps the failing run short.
  cfg["reconnect_attempts"] = 2;
  cfg["reconnect_initial_delay_ms"] = 10;
  cfg["reconnect_max_delay_ms"] = 20;
  bool stopped = false;
  auto s = h.sync(
      false,
      [&](double, const std::string& message) {
        if (!stopped && message.rfind("read ", 0) == 0) {
          slapd->stop();
          stopped = true;
        }
        return true;
      },
      cfg);
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable) << s.status().message();
  EXPECT_NE(s.status().message().find("Can't contact LDAP server"), std::string::npos)
      << s.status().message();
  EXPECT_NE(s.status().message().find("gave up after 2 reconnect attempts"), std::string::npos)
      << s.status().message();
  EXPECT_EQ(h.activeCount(), active);
  auto state = h.state();
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->status, "failed");

  slapd->restart();
  s = h.sync();
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->deactivated, 3);
  EXPECT_EQ(h.state()->status, "ok");
}

int countWarnings(const SyncSummary& s, const std::string& needle) {
  int n = 0;
  for (const auto& w : s.warnings) n += w.find(needle) != std::string::npos ? 1 : 0;
  return n;
}

TEST(LdapSync, AServerRestartedInTheMiddleOfAFullSyncIsReconnectedAndTheSearchRestarted) {
  auto slapd = testing::Slapd::start({.people = 10000, .seed = 43});
  SyncHarness h(*slapd);
  const auto& dir = slapd->directory();
  json cfg = h.config();
  cfg["page_size"] = 100;
  cfg["reconnect_attempts"] = 10;
  cfg["reconnect_initial_delay_ms"] = 20;
  cfg["reconnect_max_delay_ms"] = 200;

  // The server stops after the third page; while the connector waits for its second reconnect
  // attempt (the first one finds nobody), it is started again on the same port.
  int pages = 0;
  int waits = 0;
  bool restarted = false;
  std::string stoppedAt;
  auto s = h.sync(
      false,
      [&](double, const std::string& message) {
        if (message.rfind("read ", 0) == 0 && message.find("people") != std::string::npos &&
            ++pages == 3) {
          stoppedAt = message;
          slapd->stop();
        }
        if (message.find("reconnecting in") != std::string::npos && ++waits == 2) {
          slapd->restart();
          restarted = true;
        }
        return true;
      },
      cfg);
  ASSERT_TRUE(s.isOk()) << s.status().message() << "\n" << slapd->logTail();
  ASSERT_TRUE(restarted) << "the connector never waited to reconnect (stopped at: " << stoppedAt
                         << ")";
  EXPECT_EQ(stoppedAt, "read 300 people");
  EXPECT_EQ(s->people, dir.people);
  EXPECT_EQ(s->added, dir.people);
  EXPECT_EQ(s->updated, 0);
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_EQ(s->groups, dir.groups);
  EXPECT_EQ(countWarnings(*s, "repeats the id"), 0) << s->toJson().dump();
  EXPECT_EQ(countWarnings(*s, "connection was lost during the people search"), 1)
      << s->toJson().dump();
  EXPECT_EQ(h.activeCount(), dir.activeCount);
  // Apart from the reconnect, the summary is the one of an uninterrupted sync: no warning of the
  // pages read before the loss is repeated by the second pass.
  SyncHarness reference(*slapd);
  auto plain = reference.sync(false, nullptr, cfg);
  ASSERT_TRUE(plain.isOk()) << plain.status().message();
  std::vector<std::string> resumed;
  for (const auto& w : s->warnings) {
    if (w.find("connection was lost") == std::string::npos) resumed.push_back(w);
  }
  EXPECT_EQ(resumed, plain->warnings);
  EXPECT_EQ(h.state()->status, "ok");

  auto again = h.sync();
  ASSERT_TRUE(again.isOk()) << again.status().message();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->deactivated, 0);
  EXPECT_EQ(again->unchanged, dir.people);
}

TEST(LdapSync, AServerThatHangsTimesOutAndIsReconnectedWhenItAnswersAgain) {
  auto slapd = testing::Slapd::start({.people = 1000, .seed = 71});
  SyncHarness h(*slapd);
  json cfg = h.config();
  cfg["page_size"] = 100;
  cfg["timeout"] = 1;  // seconds per result: the hang is noticed quickly
  cfg["reconnect_attempts"] = 5;
  cfg["reconnect_initial_delay_ms"] = 20;
  // Frozen (SIGSTOP) after the second page: the third page never comes and times out. Thawed
  // while the connector waits to reconnect.
  bool frozen = false;
  bool thawed = false;
  auto s = h.sync(
      false,
      [&](double, const std::string& message) {
        if (!frozen && message == "read 200 people") {
          EXPECT_EQ(::kill(slapd->pid(), SIGSTOP), 0);
          frozen = true;
        }
        if (frozen && !thawed && message.find("reconnecting in") != std::string::npos) {
          EXPECT_EQ(::kill(slapd->pid(), SIGCONT), 0);
          thawed = true;
        }
        return true;
      },
      cfg);
  if (frozen && !thawed) ::kill(slapd->pid(), SIGCONT);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  ASSERT_TRUE(thawed);
  EXPECT_EQ(s->added, slapd->directory().people);
  EXPECT_EQ(countWarnings(*s, "repeats the id"), 0);
  EXPECT_EQ(countWarnings(*s, "timed out"), 1) << s->toJson().dump();
}

TEST(LdapSync, ABindRefusedWhileReconnectingIsNotRetried) {
  auto slapd = testing::Slapd::start({.people = 400, .seed = 47});
  SyncHarness h(*slapd);
  // The sync account's password changes while the server is down.
  const std::string passwordFile = slapd->workDir() + "/changing.password";
  {
    std::ofstream out(passwordFile);
    out << slapd->bindPassword();
  }
  json cfg = h.config();
  cfg["password_file"] = passwordFile;
  cfg["page_size"] = 100;
  cfg["reconnect_attempts"] = 5;
  cfg["reconnect_initial_delay_ms"] = 10;
  int waits = 0;
  bool stopped = false;
  auto s = h.sync(
      false,
      [&](double, const std::string& message) {
        if (!stopped && message.rfind("read ", 0) == 0) {
          slapd->stop();
          std::ofstream(passwordFile, std::ios::trunc) << "not-the-password";
          slapd->restart();
          stopped = true;
        }
        if (message.find("reconnecting in") != std::string::npos) ++waits;
        return true;
      },
      cfg);
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnauthenticated) << s.status().message();
  EXPECT_EQ(waits, 1);
  EXPECT_EQ(h.state()->status, "failed");
}

TEST(LdapSync, AWrongPasswordIsUnauthenticatedAndAnUnreachableServerUnavailable) {
  auto slapd = testing::Slapd::start({.people = 64, .seed = 3});
  SyncHarness h(*slapd);
  json cfg = h.config();
  cfg["bind_dn"] = "cn=nobody,dc=example,dc=com";
  auto s = h.sync(false, nullptr, cfg);
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnauthenticated) << s.status().message();
  cfg = h.config();
  cfg["uri"] = "ldap://127.0.0.1:1 " + slapd->uri();  // failover to the second URI
  s = h.sync(false, nullptr, cfg);
  EXPECT_TRUE(s.isOk()) << s.status().message();
  cfg["uri"] = "ldap://127.0.0.1:1";
  s = h.sync(false, nullptr, cfg);
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable) << s.status().message();
}

using testing::CliRun;

// Runs the real `tandem` binary (stdout captured, stderr to the test log).
CliRun runTandem(const std::string& arguments) {
  return testing::runTandemShell(TANDEM_CLI, arguments);
}

TEST(LdapSyncCli, SyncsWithFlagsPrintsJsonAndExitsOneNamingTheLdapError) {
  auto slapd = testing::Slapd::start({.people = 200, .seed = 9});
  const auto dataDir = std::filesystem::path(slapd->workDir()) / "tandem-data";
  const std::string common = "--data-dir '" + dataDir.string() +
                             "' --log-level off sync ldap --bind-dn '" + slapd->bindDn() +
                             "' --password-file '" + slapd->passwordFile() + "' --base-dn '" +
                             slapd->baseDn() + "' --preset openldap";
  CliRun ok = runTandem(common + " --full --json --uri " + slapd->uri());
  ASSERT_EQ(ok.exitCode, 0) << ok.out;
  const json j = json::parse(ok.out);
  EXPECT_EQ(j.at("added").get<int>(), slapd->directory().people);
  for (const char* key : {"updated", "deactivated", "unchanged", "warnings", "duration_ms"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  CliRun again = runTandem(common + " --uri " + slapd->uri());
  EXPECT_EQ(again.exitCode, 0);
  EXPECT_NE(again.out.find("0 added"), std::string::npos) << again.out;

  slapd->stop();
  CliRun down = runTandem(common + " --json --uri " + slapd->uri());
  EXPECT_EQ(down.exitCode, 1);
  EXPECT_NE(down.out.find("Can't contact LDAP server"), std::string::npos) << down.out;
}

}  // namespace
}  // namespace tandem
