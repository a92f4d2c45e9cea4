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

// Forwards to the real repository and counts the reads of every identity of a source.
class CountingSyncRepository final : public DirectorySyncRepository {
 public:
  explicit CountingSyncRepository(DirectorySyncRepository& real) : real_(real) {}
  int identityScans = 0;
  int insertsBeforeFailure = -1;  // >= 0: insertPerson fails once that many succeeded

  core::Result<std::optional<std::string>> tryLock(const std::string& n, const std::string& o,
                                                   int stale) override {
    return real_.tryLock(n, o, stale);
  }
  core::Result<bool> stealLock(const std::string& n, const std::string& h,
                               const std::string& o) override {
    return real_.stealLock(n, h, o);
  }
  core::Status heartbeat(const std::string& n, const std::string& o) override {
    return real_.heartbeat(n, o);
  }
  core::Status unlock(const std::string& n, const std::string& o) override {
    return real_.unlock(n, o);
  }
  core::Result<std::vector<StoredIdentity>> identities(const std::string& source) override {
    ++identityScans;
    return real_.identities(source);
  }
  core::Result<std::optional<StoredIdentity>> identity(const std::string& source,
                                                       const std::string& id) override {
    return real_.identity(source, id);
  }
  core::Result<std::optional<StoredIdentity>> identityById(int64_t id) override {
    return real_.identityById(id);
  }
  core::Result<std::optional<StoredIdentity>> identityByDn(const std::string& source,
                                                           const std::string& dn) override {
    return real_.identityByDn(source, dn);
  }
  core::Result<int64_t> countPeople(const std::string& source) override {
    return real_.countPeople(source);
  }
  core::Result<bool> setDirectoryFields(int64_t id, const std::string& dn, const std::string& m,
                                        const std::string& raw, const std::string& f) override {
    return real_.setDirectoryFields(id, dn, m, raw, f);
  }
  core::Status insertPerson(DirectoryEntry& entry, const std::string& f) override {
    if (insertsBeforeFailure == 0) return core::internalError("disk I/O error (injected)");
    if (insertsBeforeFailure > 0) --insertsBeforeFailure;
    return real_.insertPerson(entry, f);
  }
  core::Status updatePerson(const DirectoryEntry& entry, const std::string& f) override {
    return real_.updatePerson(entry, f);
  }
  core::Status setManager(int64_t id, const std::string& ext, int64_t managerId) override {
    return real_.setManager(id, ext, managerId);
  }
  core::Result<int64_t> resolveOtherManagers(const std::string& source) override {
    return real_.resolveOtherManagers(source);
  }
  core::Result<int64_t> deactivate(const std::vector<int64_t>& ids) override {
    return real_.deactivate(ids);
  }
  core::Result<int64_t> upsertGroup(const std::string& source, const std::string& id,
                                    const std::string& name, const std::string& dn) override {
    return real_.upsertGroup(source, id, name, dn);
  }
  core::Result<std::vector<StoredGroup>> groups(const std::string& source,
                                                bool withMembers) override {
    return real_.groups(source, withMembers);
  }
  core::Status setGroupMembersHash(int64_t id, const std::string& hash) override {
    return real_.setGroupMembersHash(id, hash);
  }
  core::Status replaceGroupMembers(int64_t id, const std::vector<int64_t>& people,
                                   const std::vector<int64_t>& children) override {
    return real_.replaceGroupMembers(id, people, children);
  }
  core::Result<std::optional<SyncState>> loadState(const std::string& source) override {
    return real_.loadState(source);
  }
  core::Status saveState(const SyncState& state) override { return real_.saveState(state); }

 private:
  DirectorySyncRepository& real_;
};

// Two stores given the same first full sync; then `delta` gets an incremental run with the
// changes and `twin` a full run of the resulting directory. They must end up the same.
class DeltaVersusFullTest : public ::testing::Test {
 protected:
  struct Side {
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<storage::StoreSession> session;
    std::unique_ptr<CountingSyncRepository> sync;
  };
  void SetUp() override {
    for (Side* side : {&delta_, &twin_}) {
      storage::SqliteOptions options;
      options.path = ":memory:";
      side->store = std::move(storage::openSqliteStore(options)).value();
      side->session = std::move(side->store->session()).value();
      side->sync = std::make_unique<CountingSyncRepository>(side->session->directorySync());
    }
  }
  core::Result<SyncSummary> run(Side& side, DirectorySource& source, SyncMode mode) {
    auto& s = *side.session;
    SyncPorts ports{s.employees(), s.groups(), *side.sync,
                    [&s](const std::function<core::Status()>& fn) { return s.transaction(fn); }};
    SyncOptions options;
    options.mode = mode;
    options.lockOwner = "me#" + std::to_string(++runs_);
    return runSync(source, ports, options, nullptr);
  }
  // Runs the first full sync on both, then the change both ways; returns the incremental summary.
  SyncSummary apply(const std::vector<DirectoryEntry>& before,
                    const std::vector<DirectoryEntry>& changed) {
    ScriptedSource first;
    first.people = before;
    EXPECT_TRUE(run(delta_, first, SyncMode::kFull).isOk());
    EXPECT_TRUE(run(twin_, first, SyncMode::kFull).isOk());
    std::vector<DirectoryEntry> after = before;
    for (const auto& c : changed) {
      for (auto& p : after) {
        if (p.employee.externalId == c.employee.externalId) p = c;
      }
    }
    ScriptedSource incremental;
    incremental.changed = changed;
    incremental.report = DeletionReport::kListed;
    delta_.sync->identityScans = 0;
    auto inc = run(delta_, incremental, SyncMode::kIncremental);
    EXPECT_TRUE(inc.isOk()) << inc.status().message();
    ScriptedSource full;
    full.people = after;
    auto twin = run(twin_, full, SyncMode::kFull);
    EXPECT_TRUE(twin.isOk());
    EXPECT_EQ(inc->mode, "incremental");
    EXPECT_EQ(inc->added, twin->added);
    EXPECT_EQ(inc->updated, twin->updated);
    EXPECT_EQ(inc->unchanged, twin->unchanged);
    EXPECT_EQ(inc->deactivated, twin->deactivated);
    for (const auto& p : after) {
      const auto mine = *delta_.session->employees().findByUserName(p.employee.userName);
      const auto theirs = *twin_.session->employees().findByUserName(p.employee.userName);
      EXPECT_EQ(mine->title, theirs->title) << p.employee.userName;
      EXPECT_EQ(mine->active, theirs->active) << p.employee.userName;
      EXPECT_EQ(mine->managerExternalId, theirs->managerExternalId) << p.employee.userName;
      EXPECT_EQ(mine->managerId.has_value(), theirs->managerId.has_value()) << p.employee.userName;
      EXPECT_EQ(mine->managerName, theirs->managerName) << p.employee.userName;
    }
    return *inc;
  }
  Side delta_;
  Side twin_;
  int runs_ = 0;
};

// A source that delivers people page by page, as the LDAP connector does, and stops at the first
// error the sink returns.
class PagedSource final : public DirectorySource {
 public:
  std::vector<DirectoryEntry> people;
  size_t pageSize = 10;
  size_t pagesDelivered = 0;
  std::string sourceName() const override { return "ldap"; }
  double deletionGuardShare() const override { return kDefaultDeletionGuardShare; }
  size_t peoplePerTransaction() const override { return 20; }
  core::Result<ScanInfo> fullScan(DirectorySink& sink) override {
    for (size_t start = 0; start < people.size(); start += pageSize) {
      std::vector<DirectoryEntry> page(
          people.begin() + static_cast<std::ptrdiff_t>(start),
          people.begin() + static_cast<std::ptrdiff_t>(std::min(people.size(), start + pageSize)));
      TDM_RETURN_IF_ERROR(sink.onPeople(page));
      ++pagesDelivered;
    }
    ScanInfo info;
    info.people = static_cast<int64_t>(people.size());
    return info;
  }
};

TEST_F(DeltaVersusFullTest, AStoreErrorWhileWritingStopsTheScanAndDeactivatesNobody) {
  PagedSource source;
  source.people = crowd(200);
  ASSERT_TRUE(run(delta_, source, SyncMode::kFull).isOk());
  for (int i = 200; i < 400; ++i) source.people.push_back(person("u" + std::to_string(i)));
  source.people.erase(source.people.begin(), source.people.begin() + 10);  // 10 left
  source.pagesDelivered = 0;
  delta_.sync->insertsBeforeFailure = 30;  // the second batch of newcomers fails
  auto& s = *delta_.session;
  SyncPorts ports{s.employees(), s.groups(), *delta_.sync,
                  [&s](const std::function<core::Status()>& fn) { return s.transaction(fn); }};
  SyncOptions options;
  options.lockOwner = "me#fail";
  options.peoplePerTransaction = source.peoplePerTransaction();
  auto failed = runSync(source, ports, options, nullptr);
  ASSERT_FALSE(failed.isOk());
  EXPECT_EQ(failed.status().code(), core::StatusCode::kInternal);
  EXPECT_NE(failed.status().message().find("injected"), std::string::npos);
  EXPECT_LT(source.pagesDelivered, 39u);  // the scan stopped early instead of reading on
  for (int i = 0; i < 10; ++i) {          // the ten who left are still active
    EXPECT_TRUE((*s.employees().findByUserName("u" + std::to_string(i)))->active);
  }
  // Whole batches only: 190 stayers and 30 newcomers fill 11 batches of 20 that committed; the
  // twelfth failed on its first newcomer and left none of its people behind.
  EXPECT_EQ(*s.employees().count(), 230);
  EXPECT_EQ((*s.directorySync().loadState("ldap"))->status, "failed");
  // The lock was released: the next run completes.
  delta_.sync->insertsBeforeFailure = -1;
  auto next = run(delta_, source, SyncMode::kFull);
  ASSERT_TRUE(next.isOk()) << next.status().message();
  EXPECT_EQ(*s.employees().count(), 390);
}

std::vector<DirectoryEntry> chain() {
  // boss <- a <- b <- c, and u0..u19 reporting to boss.
  std::vector<DirectoryEntry> out = {person("boss"), person("a", "boss"), person("b", "a"),
                                     person("c", "b")};
  for (int i = 0; i < 20; ++i) out.push_back(person("u" + std::to_string(i), "boss"));
  return out;
}

TEST_F(DeltaVersusFullTest, AttributeChangesTouchOnlyTheChangedPeople) {
  auto before = chain();
  DirectoryEntry u3 = person("u3", "boss");
  u3.employee.title = "Data lead";
  DirectoryEntry u4 = person("u4", "boss");
  u4.rawJson = R"({"title":["x"]})";
  const auto s = apply(before, {u3, u4, person("u5", "boss")});
  EXPECT_EQ(s.updated, 2);
  EXPECT_EQ(s.unchanged, 22);
  EXPECT_EQ(delta_.sync->identityScans, 0);  // the shortcut: no read of every identity
}

TEST_F(DeltaVersusFullTest, AManagerMovesToSomeoneOnlyTheStoreKnowsAbout) {
  const auto s = apply(chain(), {person("u7", "c"), person("u8", "nobody")});
  EXPECT_EQ(s.updated, 2);
  EXPECT_EQ(delta_.sync->identityScans, 0);
  bool dangling = false;
  for (const auto& w : s.warnings) dangling |= w.find("dangling manager: uid=u8") == 0;
  EXPECT_TRUE(dangling);
}

TEST_F(DeltaVersusFullTest, AChangeClosingACycleBreaksItWhereAFullRunWould) {
  // boss now reports to c: boss -> c -> b -> a -> boss; "uid=a" is the smallest DN and is not
  // among the changes, so the shortcut must clear a stored person's manager.
  const auto s = apply(chain(), {person("boss", "c")});
  EXPECT_EQ(delta_.sync->identityScans, 0);
  EXPECT_FALSE((*delta_.session->employees().findByUserName("a"))->managerId.has_value());
  bool cycle = false;
  for (const auto& w : s.warnings) cycle |= w.find("manager cycle") == 0;
  EXPECT_TRUE(cycle);
}

TEST_F(DeltaVersusFullTest, ASelfReferenceIsDropped) {
  auto s = apply(chain(), {person("u9", "u9")});
  EXPECT_FALSE((*delta_.session->employees().findByUserName("u9"))->managerId.has_value());
  EXPECT_EQ(delta_.sync->identityScans, 0);
}

TEST_F(DeltaVersusFullTest, AnAdditionOrAModDnUsesTheWholePicture) {
  ScriptedSource first;
  first.people = chain();
  ASSERT_TRUE(run(delta_, first, SyncMode::kFull).isOk());
  ScriptedSource incremental;
  incremental.changed = {person("newcomer", "a")};
  delta_.sync->identityScans = 0;
  auto s = run(delta_, incremental, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(delta_.sync->identityScans, 1);
  incremental.changed = {person("a", "boss", "moved")};
  s = run(delta_, incremental, SyncMode::kIncremental);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(delta_.sync->identityScans, 2);
  // b still names a's old DN: dangling now, as a full run would say.
  EXPECT_FALSE((*delta_.session->employees().findByUserName("b"))->managerId.has_value());
}

}  // namespace
}  // namespace tandem::directory
