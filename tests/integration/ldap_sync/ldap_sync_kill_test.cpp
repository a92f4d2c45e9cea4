// A `tandem sync ldap` killed with SIGKILL at different points leaves the SQLite store consistent
// (integrity_check ok, no foreign key violation, nobody deactivated by the cut run, sync_state not
// claiming success for it), and the next run takes over the dead holder's lock and completes with
// the right totals.
//
// The kill points are found by watching the store, never by timing: the test stops the child
// (SIGSTOP) as soon as the store shows the point was reached, checks it is still short of the
// next one, then kills it (SIGKILL). A point that was overrun is tried again (a bounded number of
// times) on fresh data.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "slapd_fixture.h"
#include "tandem_cli.h"

#ifndef TANDEM_CLI_PATH
#error "TANDEM_CLI_PATH must be defined by the build"
#endif
#ifndef TANDEM_PLUGIN_PATH
#error "TANDEM_PLUGIN_PATH must be defined by the build"
#endif

namespace tandem {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kPeople = 10000;
constexpr int kTries = 3;  // attempts at hitting a kill point before the test gives up

// Reads the store the way an operator would (a separate SQLite connection).
class StoreProbe {
 public:
  explicit StoreProbe(const fs::path& db) : db_(db) {}

  bool exists() const { return fs::exists(db_); }

  // One value of a query, or nullopt while the database or its tables do not exist yet.
  std::optional<int64_t> count(const std::string& sql) const {
    if (!exists()) return std::nullopt;
    try {
      SQLite::Database db(db_.string(), SQLite::OPEN_READONLY);
      db.setBusyTimeout(5000);
      SQLite::Statement q(db, sql);
      if (!q.executeStep()) return std::nullopt;
      return q.getColumn(0).getInt64();
    } catch (const SQLite::Exception&) {
      return std::nullopt;
    }
  }
  int64_t people() const {
    return count("SELECT count(*) FROM employees WHERE source = 'ldap'").value_or(0);
  }
  int64_t active() const {
    return count("SELECT count(*) FROM employees WHERE source = 'ldap' AND active = 1").value_or(0);
  }
  std::string text(const std::string& sql) const {
    try {
      SQLite::Database db(db_.string(), SQLite::OPEN_READWRITE);
      db.setBusyTimeout(5000);
      SQLite::Statement q(db, sql);
      return q.executeStep() ? q.getColumn(0).getString() : std::string();
    } catch (const SQLite::Exception& e) {
      return std::string("error: ") + e.what();
    }
  }
  std::string syncStatus() const {
    return text("SELECT status FROM sync_state WHERE source = 'ldap'");
  }

  // PRAGMA integrity_check and foreign_key_check, opened read-write as the next run would.
  void expectConsistent(const std::string& when) const {
    SQLite::Database db(db_.string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    SQLite::Statement integrity(db, "PRAGMA integrity_check");
    std::vector<std::string> problems;
    while (integrity.executeStep()) problems.push_back(integrity.getColumn(0).getString());
    EXPECT_EQ(problems, std::vector<std::string>{"ok"}) << when;
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    int violations = 0;
    while (fk.executeStep()) ++violations;
    EXPECT_EQ(violations, 0) << when << ": foreign key violations";
  }

 private:
  fs::path db_;
};

class LdapSyncKill : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    slapd_ = testing::Slapd::start({.people = kPeople, .seed = 53}).release();
    peopleNow_ = slapd_->directory().people;
  }
  static void TearDownTestSuite() {
    delete slapd_;
    slapd_ = nullptr;
  }

  void SetUp() override {
    dir_ = fs::path(slapd_->workDir()) /
           ("kill-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    config_ = (dir_ / "tandem.properties").string();
    std::ofstream cfg(config_);
    // Small pages: the read takes about a hundred round trips and as many commits.
    cfg << "ldap.uri = " << slapd_->uri() << "\n"
        << "ldap.bind_dn = " << slapd_->bindDn() << "\n"
        << "ldap.password_file = " << slapd_->passwordFile() << "\n"
        << "ldap.base_dn = " << slapd_->baseDn() << "\n"
        << "ldap.preset = openldap\n"
        << "ldap.page_size = 100\n"
        << "ldap.write_batch = 100\n";
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const auto& entry : fs::directory_iterator(dir_)) {
        const auto ext = entry.path().extension();
        if (ext == ".out" || ext == ".err") {
          std::cerr << "---- " << entry.path().filename() << " ----\n"
                    << testing::readTextFile(entry.path()).substr(0, 4000) << "\n";
        }
      }
    }
  }

  std::vector<std::string> syncArgs(const fs::path& dataDir) const {
    return {"sync",        "ldap",           "--config", config_,
            "--data-dir",  dataDir.string(), "--plugin", TANDEM_PLUGIN_PATH,
            "--log-level", "warn",           "--json",   "--full"};
  }

  // Runs a sync to completion; its JSON summary (exit code 0 required).
  json completeRun(const fs::path& dataDir, const std::string& name) {
    const int code = testing::runTandem(TANDEM_CLI_PATH, syncArgs(dataDir), dir_, name, 300s);
    EXPECT_EQ(code, 0) << name << ": " << testing::readTextFile(dir_ / (name + ".out"))
                       << testing::readTextFile(dir_ / (name + ".err"));
    return json::parse(testing::readTextFile(dir_ / (name + ".out")), nullptr, false);
  }

  // Starts a sync and, as soon as `reached` says the kill point is there, stops it (SIGSTOP);
  // then returns whether `notPast` still holds, after killing it (SIGKILL). nullopt when the
  // run ended before the point was seen.
  std::optional<bool> killAt(const fs::path& dataDir, const std::string& name,
                             const std::function<bool()>& reached,
                             const std::function<bool()>& notPast) {
    testing::TandemProcess child(TANDEM_CLI_PATH, syncArgs(dataDir), dir_ / (name + ".out"),
                                 dir_ / (name + ".err"));
    EXPECT_TRUE(child.started());
    const auto deadline = std::chrono::steady_clock::now() + 300s;
    while (child.running() && std::chrono::steady_clock::now() < deadline) {
      if (reached()) {
        child.signal(SIGSTOP);
        const bool inTime = notPast();
        child.signal(SIGKILL);
        child.wait(30s);
        EXPECT_EQ(child.terminatingSignal(), std::optional<int>(SIGKILL)) << name;
        return inTime;
      }
      child.wait(2ms);
    }
    EXPECT_FALSE(child.running()) << name << ": no kill point within 300 s";
    return std::nullopt;
  }

  std::string addPeopleLdif(int from, int count) const {
    std::string ldif;
    const std::string ou = slapd_->directory().departmentDns.at(0);
    for (int k = from; k < from + count; ++k) {
      const std::string uid = "kill-new-" + std::to_string(k);
      ldif +=
          "dn: uid=" + uid + "," + ou +
          "\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: tandemPerson\nuid: " + uid +
          "\ncn: New Person " + std::to_string(k) + "\nsn: Person\ngivenName: New\n" +
          "tandemDisabled: FALSE\n\n";
    }
    return ldif;
  }
  // Deletes `count` active generic people from p<next> on; advances `next` past them.
  std::string deletePeopleLdif(int& next, int count) const {
    const auto& d = slapd_->directory();
    std::string ldif;
    for (int deleted = 0; deleted < count; ++next) {
      char uid[16];
      std::snprintf(uid, sizeof uid, "p%06d", next);
      if (std::find(d.disabledUids.begin(), d.disabledUids.end(), uid) != d.disabledUids.end()) {
        continue;  // already inactive: its deletion would deactivate nobody
      }
      ldif += "dn: " + d.dnOf(uid) + "\nchangetype: delete\n\n";
      ++deleted;
    }
    return ldif;
  }

  static testing::Slapd* slapd_;
  static int peopleNow_;  // people in the directory now (tests add and delete some)
  fs::path dir_;
  std::string config_;
};
testing::Slapd* LdapSyncKill::slapd_ = nullptr;
int LdapSyncKill::peopleNow_ = 0;

TEST_F(LdapSyncKill, KilledDuringThePeopleReadThenAfterItTheStoreStaysConsistent) {
  const auto& directory = slapd_->directory();
  ASSERT_EQ(peopleNow_, directory.people) << "runs first: needs the directory as generated";
  const int people = directory.people;

  // 1. Killed while reading people into an empty store: some pages are committed, not all.
  fs::path dataDir;
  int64_t cut = 0;
  for (int attempt = 0; attempt < kTries && cut == 0; ++attempt) {
    dataDir = dir_ / ("data-" + std::to_string(attempt));
    StoreProbe probe(dataDir / "tandem.db");
    const auto inTime = killAt(
        dataDir, "cut-read-" + std::to_string(attempt), [&] { return probe.people() > 0; },
        [&] { return probe.people() < people && probe.syncStatus() == "running"; });
    ASSERT_TRUE(inTime.has_value()) << "the run ended before it wrote anyone";
    if (*inTime) cut = probe.people();
  }
  ASSERT_GT(cut, 0) << "the read was never caught in progress in " << kTries << " tries";
  std::printf("[ kill ] during the read: %lld of %d people stored\n", static_cast<long long>(cut),
              people);
  ASSERT_LT(cut, people);
  StoreProbe store(dataDir / "tandem.db");
  store.expectConsistent("after the kill during the read");
  EXPECT_EQ(store.syncStatus(), "running");  // never "ok" for the cut run
  EXPECT_EQ(store.people(), cut);            // whole pages only, nothing half-written
  EXPECT_EQ(cut % 100, 0) << "a page was committed in part";
  EXPECT_EQ(store.count("SELECT count(*) FROM sync_locks").value_or(-1), 1)
      << "the dead run's lock is still there";

  // The next run takes the dead holder's lock over and completes.
  json next = completeRun(dataDir, "after-read-kill");
  ASSERT_TRUE(next.is_object()) << next.dump();
  EXPECT_EQ(next.value("added", -1), people - cut);
  EXPECT_EQ(next.value("added", 0) + next.value("updated", 0) + next.value("unchanged", 0), people);
  EXPECT_EQ(next.value("deactivated", -1), 0);
  EXPECT_EQ(next.value("people", -1), people);
  store.expectConsistent("after the completing run");
  EXPECT_EQ(store.syncStatus(), "ok");
  EXPECT_EQ(store.people(), people);
  EXPECT_EQ(store.active(), directory.activeCount);
  EXPECT_EQ(store.count("SELECT count(*) FROM sync_locks").value_or(-1), 0);

  // 2. Killed after the people read: five people left and 200 joined. The new ones come last
  // (slapd's mdb answers in entry-id order), so when all of them are stored the read is over;
  // the deactivation of the five has not happened yet.
  int64_t activeBefore = store.active();
  int64_t stored = store.people();
  bool caught = false;
  int nextNew = 0;
  int nextDeleted = 9000;
  int deletedTotal = 0;
  for (int attempt = 0; attempt < kTries && !caught; ++attempt) {
    slapd_->modify(deletePeopleLdif(nextDeleted, 5) + addPeopleLdif(nextNew, 200));
    deletedTotal += 5;
    nextNew += 200;
    peopleNow_ += 200 - 5;
    activeBefore = store.active();
    stored = store.people();
    const int64_t target = stored + 200;
    const auto inTime = killAt(
        dataDir, "cut-after-" + std::to_string(attempt), [&] { return store.people() >= target; },
        [&] { return store.syncStatus() == "running" && store.active() == activeBefore + 200; });
    ASSERT_TRUE(inTime.has_value()) << "the run ended before it stored the new people";
    caught = *inTime;
  }
  ASSERT_TRUE(caught) << "the end of the read was never caught before the run finished";
  std::printf("[ kill ] after the read: caught with %d new people\n", nextNew);
  store.expectConsistent("after the kill after the read");
  EXPECT_EQ(store.syncStatus(), "running");
  EXPECT_EQ(store.people(), stored + 200);
  EXPECT_EQ(store.active(), activeBefore + 200) << "the cut run deactivated someone";

  json last = completeRun(dataDir, "after-late-kill");
  ASSERT_TRUE(last.is_object()) << last.dump();
  EXPECT_EQ(last.value("added", -1), 0);  // the cut run stored them already
  EXPECT_EQ(last.value("deactivated", -1), 5);
  EXPECT_EQ(last.value("people", -1), people - deletedTotal + nextNew);
  store.expectConsistent("after the last run");
  EXPECT_EQ(store.syncStatus(), "ok");
  EXPECT_EQ(store.active(), activeBefore + 200 - 5);
  EXPECT_EQ(store.count("SELECT count(*) FROM sync_locks").value_or(-1), 0);

  // And a run after that changes nothing.
  json quiet = completeRun(dataDir, "quiet");
  ASSERT_TRUE(quiet.is_object()) << quiet.dump();
  EXPECT_EQ(quiet.value("added", -1), 0);
  EXPECT_EQ(quiet.value("updated", -1), 0);
  EXPECT_EQ(quiet.value("deactivated", -1), 0);
}

TEST_F(LdapSyncKill, KilledBeforeTheFirstPageIsStoredTheNextRunDoesItAll) {
  const int people = peopleNow_;
  fs::path dataDir;
  bool caught = false;
  for (int attempt = 0; attempt < kTries && !caught; ++attempt) {
    dataDir = dir_ / ("data-" + std::to_string(attempt));
    StoreProbe probe(dataDir / "tandem.db");
    // The run has said it is running (and holds the lock) but stored nobody yet: it is binding,
    // taking the watermark or reading the first page.
    const auto inTime = killAt(
        dataDir, "cut-early-" + std::to_string(attempt),
        [&] { return probe.exists() && probe.syncStatus() == "running"; },
        [&] { return probe.people() == 0; });
    ASSERT_TRUE(inTime.has_value()) << "the run ended before it said it was running";
    caught = *inTime;
  }
  ASSERT_TRUE(caught) << "the start of the run was never caught in " << kTries << " tries";
  StoreProbe store(dataDir / "tandem.db");
  store.expectConsistent("after the early kill");
  EXPECT_EQ(store.syncStatus(), "running");
  EXPECT_EQ(store.people(), 0);

  json next = completeRun(dataDir, "after-early-kill");
  ASSERT_TRUE(next.is_object()) << next.dump();
  EXPECT_EQ(next.value("added", -1), people);
  EXPECT_EQ(next.value("deactivated", -1), 0);
  store.expectConsistent("after the completing run");
  EXPECT_EQ(store.syncStatus(), "ok");
  EXPECT_EQ(store.people(), people);
  EXPECT_EQ(store.count("SELECT count(*) FROM sync_locks").value_or(-1), 0);
}

}  // namespace
}  // namespace tandem
