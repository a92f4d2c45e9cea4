// DirectorySync with a scripted source on an in-memory store: the run lock, a cut scan, the
// empty-scan guard and cycle breaking. (The real-server behaviour is in
// tests/integration/ldap_sync.)
#include "directory/directory_sync.h"

#include <gtest/gtest.h>

#include "storage/sqlite_store.h"

namespace tandem::directory {
namespace {

// Delivers the given people, then fails with `failure` when it is set.
class ScriptedSource final : public DirectorySource {
 public:
  std::vector<DirectoryEntry> people;
  std::vector<DirectoryGroup> groups;
  core::Status failure;
  std::string sourceName() const override { return "ldap"; }
  double deletionGuardShare() const override { return kDefaultDeletionGuardShare; }
  core::Result<ScanInfo> fullScan(DirectorySink& sink) override {
    std::vector<DirectoryEntry> batch = people;
    TDM_RETURN_IF_ERROR(sink.onPeople(batch));
    if (!failure.isOk()) return failure;
    std::vector<DirectoryGroup> groupBatch = groups;
    if (!groupBatch.empty()) TDM_RETURN_IF_ERROR(sink.onGroups(groupBatch));
    ScanInfo info;
    info.people = static_cast<int64_t>(people.size());
    return info;
  }
};

DirectoryEntry person(const std::string& uid, const std::string& managerUid = "") {
  DirectoryEntry e;
  e.dn = "uid=" + uid + ",dc=example,dc=com";
  if (!managerUid.empty()) e.managerDn = "uid=" + managerUid + ",dc=example,dc=com";
  e.employee.externalId = "uuid-" + uid;
  e.employee.userName = uid;
  e.employee.displayName = uid;
  e.rawJson = "{}";
  return e;
}

DirectoryGroup group(const std::string& cn, const std::vector<std::string>& memberUids) {
  DirectoryGroup g;
  g.dn = "cn=" + cn + ",ou=groups,dc=example,dc=com";
  g.externalId = "group-" + cn;
  g.name = cn;
  for (const auto& uid : memberUids) g.memberDns.push_back("uid=" + uid + ",dc=example,dc=com");
  return g;
}

class DirectorySyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::SqliteOptions options;
    options.path = ":memory:";
    store_ = std::move(storage::openSqliteStore(options)).value();
    session_ = std::move(store_->session()).value();
  }
  core::Result<SyncSummary> run(DirectorySource& source, const std::string& owner = "me#1",
                                bool force = false) {
    auto& s = *session_;
    SyncPorts ports{s.employees(), s.groups(), s.directorySync(),
                    [&s](const std::function<core::Status()>& fn) { return s.transaction(fn); }};
    SyncOptions options;
    options.lockOwner = owner;
    options.force = force;
    options.lockHolderGone = [](const std::string& holder) { return holder == "dead#1"; };
    return runFullSync(source, ports, options, nullptr);
  }
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::StoreSession> session_;
};

TEST_F(DirectorySyncTest, ARunningSyncHoldsTheLockAndADeadHoldersLockIsTakenOver) {
  ScriptedSource source;
  source.people = {person("a")};
  auto& sync = session_->directorySync();
  ASSERT_FALSE(sync.tryLock("directory-sync:ldap", "alive#1", 600)->has_value());
  auto refused = run(source);
  EXPECT_EQ(refused.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().errorCode(), "sync_running");
  ASSERT_TRUE(sync.unlock("directory-sync:ldap", "alive#1").isOk());

  ASSERT_FALSE(sync.tryLock("directory-sync:ldap", "dead#1", 600)->has_value());
  auto taken = run(source);
  ASSERT_TRUE(taken.isOk()) << taken.status().message();
  EXPECT_EQ(taken->added, 1);
  // Released after the run.
  EXPECT_FALSE(sync.tryLock("directory-sync:ldap", "next#1", 600)->has_value());
}

TEST_F(DirectorySyncTest, ACutScanDeactivatesNobodyAndRecordsTheFailure) {
  ScriptedSource source;
  source.people = {person("a"), person("b"), person("c", "a")};
  ASSERT_TRUE(run(source).isOk());
  source.people = {person("a")};
  source.failure = core::unavailable("the people search failed: Can't contact LDAP server (-1)");
  auto cut = run(source);
  EXPECT_EQ(cut.status().code(), core::StatusCode::kUnavailable);
  EXPECT_EQ(*session_->employees().count(), 3);
  auto state = session_->directorySync().loadState("ldap");
  ASSERT_TRUE(state.isOk() && state->has_value());
  EXPECT_EQ((*state)->status, "failed");
  EXPECT_NE((*state)->summaryJson.find("Can't contact"), std::string::npos);
}

TEST_F(DirectorySyncTest, AnEmptyScanDeactivatesNobodyEvenUnderTheShare) {
  ScriptedSource source;
  source.people = {person("a")};
  ASSERT_TRUE(run(source).isOk());
  source.people.clear();
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->deactivated, 0);
  EXPECT_NE(s->deactivationReason.find("returned nobody"), std::string::npos);
  EXPECT_EQ(*session_->employees().count(), 1);
  s = run(source, "me#2", /*force=*/true);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->deactivated, 1);
  auto gone = session_->employees().findByUserName("a");
  ASSERT_TRUE(gone.isOk() && gone->has_value());  // never deleted
  EXPECT_FALSE((*gone)->active);
}

TEST_F(DirectorySyncTest, ManagersJoinByDnAndAManagerMovingIntoACycleIsCounted) {
  ScriptedSource source;
  source.people = {person("boss"), person("a", "boss"), person("b", "a")};
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  auto b = session_->employees().findByUserName("b");
  auto a = session_->employees().findByUserName("a");
  EXPECT_EQ((*b)->managerId, (*a)->id);
  source.people = {person("boss"), person("a", "b"), person("b", "a")};
  s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->updated, 1);  // a (the smaller DN) loses its manager to break the cycle
  EXPECT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].find("manager cycle"), std::string::npos);
}

TEST_F(DirectorySyncTest, AnUnchangedDirectoryIsCountedUnchangedAndAChangeIsWritten) {
  ScriptedSource source;
  source.people = {person("boss"), person("a", "boss"), person("b", "a")};
  ASSERT_TRUE(run(source).isOk());
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->added, 0);
  EXPECT_EQ(s->updated, 0);
  EXPECT_EQ(s->unchanged, 3);

  source.people[1].employee.title = "Data lead";
  source.people[2].rawJson = R"({"title":["new"]})";  // raw attributes alone count as a change
  s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->updated, 2);
  EXPECT_EQ(s->unchanged, 1);
  auto a = session_->employees().findByUserName("a");
  EXPECT_EQ((*a)->title, "Data lead");
  auto boss = session_->employees().findByUserName("boss");
  EXPECT_EQ((*a)->managerId, (*boss)->id);  // the manager survives an attribute update
}

TEST_F(DirectorySyncTest, ReportsListedBeforeTheirManagersAreJoinedAfterTheScan) {
  ScriptedSource source;
  source.people = {person("c", "b"), person("b", "a"), person("a")};
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->added, 3);
  auto a = session_->employees().findByUserName("a");
  auto b = session_->employees().findByUserName("b");
  auto c = session_->employees().findByUserName("c");
  EXPECT_EQ((*c)->managerId, (*b)->id);
  EXPECT_EQ((*b)->managerId, (*a)->id);
  EXPECT_EQ((*c)->managerExternalId, "uuid-b");
  EXPECT_FALSE((*a)->managerId.has_value());
}

TEST_F(DirectorySyncTest, SomeoneDeactivatedAsAbsentComesBackActiveWhenListedAgain) {
  ScriptedSource source;
  source.people = {person("a"), person("b")};
  ASSERT_TRUE(run(source).isOk());
  source.people = {person("a")};
  ASSERT_EQ(run(source, "me#2", /*force=*/true)->deactivated, 1);
  EXPECT_FALSE((*session_->employees().findByUserName("b"))->active);
  source.people = {person("a"), person("b")};  // same attributes as before
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->updated, 1);
  EXPECT_TRUE((*session_->employees().findByUserName("b"))->active);
}

TEST_F(DirectorySyncTest, AnErasedEmployeeStillInTheDirectoryIsWrittenAgain) {
  ScriptedSource source;
  source.people = {person("a")};
  ASSERT_TRUE(run(source).isOk());
  const int64_t id = (*session_->employees().findByUserName("a"))->id;
  ASSERT_TRUE(session_->employees().anonymize(id).isOk());
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->updated, 1);  // the fingerprint was forgotten with the data
  auto a = session_->employees().findById(id);
  EXPECT_EQ((*a)->userName, "a");
}

TEST_F(DirectorySyncTest, GroupsFollowTheDirectoryAndAGroupThatLeftIsEmptied) {
  ScriptedSource source;
  source.people = {person("a"), person("b"), person("c")};
  source.groups = {group("hr", {"a", "b"}), group("all", {"a", "b", "c"})};
  auto s = run(source);
  ASSERT_TRUE(s.isOk());
  auto members = [&](const std::string& name) {
    auto groups = session_->directorySync().groups("ldap");
    EXPECT_TRUE(groups.isOk());
    for (const auto& g : *groups) {
      if (g.name == name) return g.memberIds.size();
    }
    return size_t{999};
  };
  EXPECT_EQ(members("hr"), 2u);
  EXPECT_EQ(members("all"), 3u);

  source.groups = {group("hr", {"c"})};  // "all" left the directory
  s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(members("hr"), 1u);
  EXPECT_EQ(members("all"), 0u);  // kept as a row, without members
  bool warned = false;
  for (const auto& w : s->warnings) warned |= w.find("cn=all") != std::string::npos;
  EXPECT_TRUE(warned);

  source.groups.clear();  // a scan without any group (e.g. a wrong group base) empties nothing
  s = run(source);
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(members("hr"), 1u);
}

TEST_F(DirectorySyncTest, AnImportedEmployeeWithTheSameStableIdIsAdoptedWithItsManager) {
  Employee imported;
  imported.source = "import";
  imported.externalId = "uuid-a";
  imported.userName = "a";
  imported.displayName = "A (imported)";
  imported.managerExternalId = "uuid-nobody";
  ASSERT_TRUE(session_->employees().upsert(imported).isOk());
  ScriptedSource source;
  source.people = {person("boss"), person("a", "boss")};
  auto s = run(source);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(s->updated, 1);
  auto a = session_->employees().findByUserName("a");
  auto boss = session_->employees().findByUserName("boss");
  EXPECT_EQ((*a)->source, "ldap");
  EXPECT_EQ((*a)->displayName, "a");
  EXPECT_EQ((*a)->managerExternalId, "uuid-boss");
  EXPECT_EQ((*a)->managerId, (*boss)->id);
  s = run(source);  // and from then on it is an ordinary, unchanged directory person
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->unchanged, 2);
}

TEST_F(DirectorySyncTest, APersonAnotherConnectorManagesIsReportedNotTakenOver) {
  Employee pushed;
  pushed.source = "scim";  // provisioned by an identity provider
  pushed.externalId = "uuid-a";
  pushed.userName = "a.scim";
  pushed.displayName = "A (SCIM)";
  ASSERT_TRUE(session_->employees().upsert(pushed).isOk());
  ScriptedSource source;
  source.people = {person("a"), person("b")};
  auto s = run(source);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  EXPECT_EQ(s->added, 1);
  bool reported = false;
  for (const auto& w : s->warnings) reported |= w.find("scim source manages") != std::string::npos;
  EXPECT_TRUE(reported);
  auto a = session_->employees().findByExternalId("uuid-a");
  ASSERT_TRUE(a.isOk() && a->has_value());
  EXPECT_EQ((**a).source, "scim");
  EXPECT_EQ((**a).displayName, "A (SCIM)");
}

// People who left end their open matches in the deactivating transaction; finished matches, other
// people's matches and every match's history stay.
TEST_F(DirectorySyncTest, PeopleWhoLeftTheDirectoryHaveTheirOpenMatchesClosed) {
  ScriptedSource source;
  source.people = {person("junior"), person("senior"), person("other"), person("senior2")};
  ASSERT_TRUE(run(source).isOk());
  auto idOf = [&](const std::string& user) {
    return (*session_->employees().findByUserName(user))->id;
  };
  mentoring::Program program;
  program.name = "Cycle";
  program.startsOn = "2026-01-01";
  program.endsOn = "2026-06-30";
  const int64_t programId = session_->programs().create(program)->id;
  auto& pairing = session_->pairing();
  auto insert = [&](const std::string& mentor, const std::string& mentee) {
    pairing::Match m;
    m.programId = programId;
    m.mentorId = idOf(mentor);
    m.menteeId = idOf(mentee);
    auto inserted = pairing.insertMatches(0, {m}, "hr");
    EXPECT_TRUE(inserted.isOk()) << inserted.status().toString();
    return (*inserted)[0].id;
  };
  const int64_t open = insert("junior", "senior");
  ASSERT_TRUE(pairing
                  .transition(open, pairing::MatchStatus::kProposed,
                              pairing::MatchStatus::kPublished, "hr", "")
                  .isOk());
  const int64_t declined = insert("junior", "senior2");
  ASSERT_TRUE(pairing
                  .transition(declined, pairing::MatchStatus::kProposed,
                              pairing::MatchStatus::kPublished, "hr", "")
                  .isOk());
  ASSERT_TRUE(pairing.respond(declined, idOf("senior2"), false, "not now", 2, "senior2").isOk());
  const int64_t unrelated = insert("other", "senior2");
  auto statusOf = [&](int64_t id) { return (*pairing.findMatch(id))->status; };

  source.people = {person("senior"), person("other"), person("senior2")};
  auto guarded = run(source);  // 1 of 4 is past the deletion guard: nobody leaves, matches stay
  ASSERT_TRUE(guarded.isOk());
  EXPECT_EQ(guarded->deactivated, 0);
  EXPECT_EQ(statusOf(open), pairing::MatchStatus::kPublished);

  auto forced = run(source, "me#2", /*force=*/true);
  ASSERT_TRUE(forced.isOk()) << forced.status().toString();
  EXPECT_EQ(forced->deactivated, 1);
  auto closed = pairing.findMatch(open);
  EXPECT_EQ((*closed)->status, pairing::MatchStatus::kClosed);
  EXPECT_EQ((*closed)->closedReason, "left the directory");
  auto history = pairing.events(open);
  ASSERT_EQ(history->size(), 3u);  // proposed, published, closed
  EXPECT_EQ(history->back().actor, "directory-sync");
  EXPECT_EQ(history->back().fromStatus, pairing::MatchStatus::kPublished);
  EXPECT_EQ(statusOf(declined), pairing::MatchStatus::kDeclined);
  EXPECT_EQ(statusOf(unrelated), pairing::MatchStatus::kProposed);
}

TEST(DirectoryFingerprint, ChangesWithEveryWrittenValue) {
  DirectoryEntry base = person("a", "boss");
  base.employee.source = "ldap";
  const std::string reference = directoryFingerprint(base);
  EXPECT_EQ(reference, directoryFingerprint(base));
  EXPECT_EQ(reference.rfind("v1:", 0), 0u);
  std::vector<DirectoryEntry> variants(8, base);
  variants[0].employee.email = "a@example.com";
  variants[1].employee.level = 3;
  variants[2].employee.active = false;
  variants[3].dn = "uid=a,ou=moved,dc=example,dc=com";
  variants[4].managerDn = "";
  variants[5].rawJson = R"({"x":["y"]})";
  variants[6].employee.languages = {"fr"};
  variants[7].employee.givenName = "a";  // "" + "a" must differ from "a" + ""
  variants[7].employee.displayName = "";
  for (const auto& v : variants) EXPECT_NE(directoryFingerprint(v), reference);
}

TEST(BreakManagerCycles, ClearsOneMemberPerCycleChosenByKey) {
  std::vector<int64_t> managerOf = {1, 2, 0, 3, -1, 4};
  const std::vector<std::string> keys = {"c", "a", "b", "self", "root", "leaf"};
  const auto broken = breakManagerCycles(managerOf, keys);
  EXPECT_EQ(broken.size(), 2u);  // 0->1->2->0 and 3->3
  EXPECT_EQ(managerOf[1], -1);   // "a" is the smallest key of the 3-cycle
  EXPECT_EQ(managerOf[0], 1);
  EXPECT_EQ(managerOf[3], -1);
  EXPECT_EQ(managerOf[5], 4);
}

}  // namespace
}  // namespace tandem::directory
