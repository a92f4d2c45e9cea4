// DirectorySync's incremental runs with a scripted source on an in-memory store: the mode
// decision, listed and present deletions through the same guard, the watermark kept when the
// guard holds deletions back, the fallback to a full run, and a ModDN re-joining managers.
#include <gtest/gtest.h>

#include "directory/directory_sync.h"
#include "storage/sqlite_store.h"

namespace tandem::directory {
namespace {

class ScriptedSource final : public DirectorySource {
 public:
  std::vector<DirectoryEntry> people;      // what a full scan returns
  std::vector<DirectoryEntry> changed;     // what an incremental scan returns
  std::vector<std::string> deleted;
  std::vector<std::string> present;
  DeletionReport report = DeletionReport::kListed;
  std::string watermark = "w1";
  core::Status incrementalFailure;
  int fullScans = 0;
  int incrementalScans = 0;
  std::string seenWatermark;

  std::string sourceName() const override { return "ldap"; }
  double deletionGuardShare() const override { return kDefaultDeletionGuardShare; }
  core::Result<ScanInfo> fullScan(DirectorySink& sink) override {
    ++fullScans;
    std::vector<DirectoryEntry> batch = people;
    TDM_RETURN_IF_ERROR(sink.onPeople(batch));
    ScanInfo info;
    info.people = static_cast<int64_t>(people.size());
    return info;
  }
  core::Result<std::string> currentWatermark() override { return watermark; }
  core::Result<IncrementalInfo> incrementalScan(const std::string& stored,
                                                DirectoryChangeSink& sink) override {
    ++incrementalScans;
    seenWatermark = stored;
    if (!incrementalFailure.isOk()) return incrementalFailure;
    std::vector<DirectoryEntry> batch = changed;
    TDM_RETURN_IF_ERROR(sink.onPeople(batch));
    TDM_RETURN_IF_ERROR(sink.onDeleted(deleted));
    TDM_RETURN_IF_ERROR(sink.onPresent(present));
    IncrementalInfo info;
    info.mechanism = "syncrepl";
    info.deletions = report;
    info.watermark = watermark;
    info.people = static_cast<int64_t>(changed.size());
    return info;
  }
};

DirectoryEntry person(const std::string& uid, const std::string& managerUid = "",
                      const std::string& ou = "") {
  DirectoryEntry e;
  e.dn = "uid=" + uid + "," + (ou.empty() ? "" : "ou=" + ou + ",") + "dc=example,dc=com";
  if (!managerUid.empty()) e.managerDn = "uid=" + managerUid + ",dc=example,dc=com";
  e.employee.externalId = "uuid-" + uid;
  e.employee.userName = uid;
  e.employee.displayName = uid;
  e.rawJson = "{}";
  return e;
}

std::vector<DirectoryEntry> crowd(int n) {
  std::vector<DirectoryEntry> out;
  for (int i = 0; i < n; ++i) out.push_back(person("u" + std::to_string(i)));
  return out;
}

class IncrementalSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::SqliteOptions options;
    options.path = ":memory:";
    store_ = std::move(storage::openSqliteStore(options)).value();
    session_ = std::move(store_->session()).value();
  }
  core::Result<SyncSummary> run(DirectorySource& source, SyncMode mode, bool force = false) {
    auto& s = *session_;
    SyncPorts ports{s.employees(), s.groups(), s.directorySync(),
                    [&s](const std::function<core::Status()>& fn) { return s.transaction(fn); }};
    SyncOptions options;
    options.mode = mode;
    options.lockOwner = "me#" + std::to_string(++runs_);
    options.force = force;
    return runSync(source, ports, options, nullptr);
  }
  std::string cookie() { return (*session_->directorySync().loadState("ldap"))->cookie; }
  bool active(const std::string& uid) {
    return (*session_->employees().findByUserName(uid))->active;
  }
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::StoreSession> session_;
  int runs_ = 0;
};

TEST_F(IncrementalSyncTest, WithoutAWatermarkTheRunIsFullAndStoresOne) {
  ScriptedSource source;
  source.people = crowd(20);
  auto s = run(source, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->mode, "full");
  EXPECT_EQ(source.fullScans, 1);
  EXPECT_EQ(cookie(), "w1");
  EXPECT_NE(s->warnings.at(0).find("no incremental watermark"), std::string::npos);

  source.watermark = "w2";
  s = run(source, SyncMode::kAuto);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->mode, "incremental");
  EXPECT_EQ(source.seenWatermark, "w1");
  EXPECT_EQ(s->unchanged, 20);
  EXPECT_EQ(cookie(), "w2");
  s = run(source, SyncMode::kFull);
  EXPECT_EQ(s->mode, "full");
  EXPECT_EQ(source.fullScans, 2);
}

TEST_F(IncrementalSyncTest, ListedAndPresentDeletionsDeactivateThroughTheGuard) {
  ScriptedSource source;
  source.people = crowd(40);
  ASSERT_TRUE(run(source, SyncMode::kFull).isOk());
  source.deleted = {"uuid-u1", "uuid-u2", "uuid-unknown"};
  auto s = run(source, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->deactivated, 2);
  EXPECT_FALSE(active("u1"));
  EXPECT_TRUE(active("u3"));

  // Present phase: everyone listed but u3 and u4 (and the already gone u1, u2).
  source.deleted.clear();
  source.report = DeletionReport::kPresent;
  for (int i = 5; i < 40; ++i) source.present.push_back("uuid-u" + std::to_string(i));
  source.present.push_back("uuid-u0");
  s = run(source, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->deletions, "present");
  EXPECT_EQ(s->deactivated, 2);
  EXPECT_FALSE(active("u3"));
  EXPECT_TRUE(active("u0"));
}

TEST_F(IncrementalSyncTest, AHeldBackDeletionKeepsTheOldWatermark) {
  ScriptedSource source;
  source.people = crowd(20);
  ASSERT_TRUE(run(source, SyncMode::kFull).isOk());
  source.watermark = "w2";
  source.deleted = {"uuid-u1", "uuid-u2", "uuid-u3"};  // 15 % > 10 %
  auto s = run(source, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_FALSE(s->deactivationPerformed);
  EXPECT_EQ(cookie(), "w1");
  s = run(source, SyncMode::kIncremental, /*force=*/true);
  EXPECT_EQ(s->deactivated, 3);
  EXPECT_EQ(cookie(), "w2");
}

TEST_F(IncrementalSyncTest, AnUnusableWatermarkFallsBackToAFullRun) {
  ScriptedSource source;
  source.people = crowd(10);
  ASSERT_TRUE(run(source, SyncMode::kFull).isOk());
  source.incrementalFailure =
      core::failedPrecondition("another DC").withDetail("full_sync_required");
  auto s = run(source, SyncMode::kAuto);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->mode, "full");
  EXPECT_EQ(source.fullScans, 2);
  EXPECT_NE(s->warnings.at(0).find("another DC"), std::string::npos);
  // Any other failure fails the run and keeps the watermark.
  source.incrementalFailure = core::unavailable("Can't contact LDAP server");
  s = run(source, SyncMode::kAuto);
  EXPECT_EQ(s.status().code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(cookie(), "w1");
}

TEST_F(IncrementalSyncTest, AModDnKeepsTheIdAndReJoinsItsReports) {
  ScriptedSource source;
  source.people = {person("boss"), person("a", "boss"), person("b", "boss")};
  ASSERT_TRUE(run(source, SyncMode::kFull).isOk());
  const int64_t bossId = (*session_->employees().findByUserName("boss"))->id;
  // boss moves to ou=x; a's manager attribute follows, b's still names the old DN.
  DirectoryEntry moved = person("boss", "", "x");
  DirectoryEntry a = person("a");
  a.managerDn = moved.dn;
  source.changed = {moved, a};
  auto s = run(source, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->added, 0);
  EXPECT_EQ((*session_->employees().findByUserName("boss"))->id, bossId);
  EXPECT_EQ((*session_->employees().findByUserName("a"))->managerId, std::optional<int64_t>(bossId));
  EXPECT_FALSE((*session_->employees().findByUserName("b"))->managerId.has_value());
}

}  // namespace
}  // namespace tandem::directory
