#include <gtest/gtest.h>

#include "storage/sqlite_store.h"

namespace tandem::storage {
namespace {

class Repositories : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = openSqliteStore({":memory:"});
    ASSERT_TRUE(opened.isOk());
    store_ = std::move(opened).value();
    session_ = std::move(store_->session()).value();
  }
  directory::Employee employee(const std::string& id, const std::string& user) {
    directory::Employee e;
    e.source = "import";
    e.externalId = id;
    e.userName = user;
    e.displayName = "Name " + user;
    e.languages = {"en", "fr"};
    return e;
  }
  std::unique_ptr<Store> store_;
  std::unique_ptr<StoreSession> session_;
};

TEST_F(Repositories, SeedsTheSkillsCatalogue) {
  auto skills = session_->skills().list(false);
  ASSERT_TRUE(skills.isOk());
  int digital = 0;
  int business = 0;
  for (const auto& s : *skills) (s.kind == "digital" ? digital : business) += 1;
  EXPECT_GE(digital, 12);
  EXPECT_GE(business, 8);
}

TEST_F(Repositories, UpsertReportsAddedUpdatedUnchanged) {
  auto e = employee("x1", "ada");
  EXPECT_EQ(*session_->employees().upsert(e), directory::UpsertOutcome::kAdded);
  EXPECT_GT(e.id, 0);
  auto again = employee("x1", "ada");
  EXPECT_EQ(*session_->employees().upsert(again), directory::UpsertOutcome::kUnchanged);
  again.title = "Analyst";
  EXPECT_EQ(*session_->employees().upsert(again), directory::UpsertOutcome::kUpdated);
  auto found = session_->employees().findByUserName("ADA");  // case-insensitive
  ASSERT_TRUE(found.isOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->title, "Analyst");
  EXPECT_EQ((*found)->languages, (std::vector<std::string>{"en", "fr"}));
}

TEST_F(Repositories, DuplicateUserNameIsAlreadyExists) {
  auto a = employee("x1", "ada");
  ASSERT_TRUE(session_->employees().upsert(a).isOk());
  auto b = employee("x2", "Ada");
  auto r = session_->employees().upsert(b);
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), core::StatusCode::kAlreadyExists);
}

TEST_F(Repositories, ResolvesManagersAndCountsDanglingAndSelfReferences) {
  auto boss = employee("b", "boss");
  auto dev = employee("d", "dev");
  dev.managerExternalId = "b";
  auto lost = employee("l", "lost");
  lost.managerExternalId = "nobody";
  auto self = employee("s", "self");
  self.managerExternalId = "s";
  for (auto* e : {&boss, &dev, &lost, &self}) ASSERT_TRUE(session_->employees().upsert(*e).isOk());
  auto unresolved = session_->employees().resolveManagers();
  ASSERT_TRUE(unresolved.isOk());
  EXPECT_EQ(*unresolved, 2);
  auto d = session_->employees().findByUserName("dev");
  EXPECT_EQ((*d)->managerId.value_or(0), boss.id);
  EXPECT_EQ((*d)->managerName.value_or(""), "Name boss");
  EXPECT_FALSE((*session_->employees().findByUserName("self"))->managerId.has_value());
}

TEST_F(Repositories, SearchMatchesNameTextLiterallyAndPages) {
  for (int i = 0; i < 30; ++i) {
    auto e = employee("x" + std::to_string(i), "user" + std::to_string(i));
    e.department = i % 3 == 0 ? "Finance" : "Sales";
    if (i == 7) e.displayName = "100%_sure";
    ASSERT_TRUE(session_->employees().upsert(e).isOk());
  }
  directory::EmployeeQuery q;
  q.department = "Finance";
  q.limit = 4;
  auto page = session_->employees().search(q);
  ASSERT_TRUE(page.isOk());
  EXPECT_EQ(page->total, 10);
  EXPECT_EQ(page->items.size(), 4u);
  q = {};
  q.text = "%_";
  auto wild = session_->employees().search(q);
  EXPECT_EQ(wild->total, 1);  // LIKE wildcards in user text match literally
}

TEST_F(Repositories, NestedGroupsAreResolvedWithACycleGuard) {
  auto e = employee("x1", "ada");
  ASSERT_TRUE(session_->employees().upsert(e).isOk());
  ASSERT_TRUE(session_->groups().setEmployeeGroups(e.id, {"team-a", "all"}, "import").isOk());
  auto groups = session_->groups().groupsOf(e.id);
  ASSERT_TRUE(groups.isOk());
  EXPECT_EQ(*groups, (std::vector<std::string>{"all", "team-a"}));
  ASSERT_TRUE(session_->groups().setEmployeeGroups(e.id, {"team-b"}, "import").isOk());
  EXPECT_EQ(*session_->groups().groupsOf(e.id), (std::vector<std::string>{"team-b"}));
}

TEST_F(Repositories, ParticipantRoundTripsWithSkills) {
  auto e = employee("x1", "ada");
  ASSERT_TRUE(session_->employees().upsert(e).isOk());
  mentoring::Participant p;
  p.employeeId = e.id;
  p.role = "both";
  p.capacity = 2;
  p.languages = {"fr"};
  p.availability = {{2, "09:00", "10:30"}};
  p.readiness = {{"willingToLearn", true}};
  p.skills = {{1, mentoring::Direction::kTeach, 4}, {13, mentoring::Direction::kLearn, 2}};
  p.consentAt = "2026-11-27T10:00:00Z";
  ASSERT_TRUE(session_->participants().save(p).isOk());
  auto back = session_->participants().find(e.id);
  ASSERT_TRUE(back.isOk());
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->role, "both");
  EXPECT_EQ((*back)->skills.size(), 2u);
  EXPECT_EQ((*back)->availability[0].end, "10:30");
  EXPECT_EQ(*session_->participants().countActive(), 1);
  p.skills.pop_back();
  ASSERT_TRUE(session_->participants().save(p).isOk());
  EXPECT_EQ((*session_->participants().find(e.id))->skills.size(), 1u);
}

TEST_F(Repositories, ParticipantSkillLevelOutsideOneToFiveIsRefusedByTheSchema) {
  auto e = employee("x1", "ada");
  ASSERT_TRUE(session_->employees().upsert(e).isOk());
  mentoring::Participant p;
  p.employeeId = e.id;
  p.role = "mentor";
  p.consentAt = "now";
  p.skills = {{1, mentoring::Direction::kTeach, 6}};
  EXPECT_EQ(session_->participants().save(p).code(), core::StatusCode::kInvalidArgument);
}

TEST_F(Repositories, ProgramsCrud) {
  mentoring::Program p;
  p.name = "Spring cohort";
  p.startsOn = "2027-03-01";
  p.endsOn = "2027-09-01";
  auto created = session_->programs().create(p);
  ASSERT_TRUE(created.isOk());
  EXPECT_EQ(created->status, "draft");
  created->name = "Spring cohort 2027";
  ASSERT_TRUE(session_->programs().update(*created).isOk());
  EXPECT_EQ((*session_->programs().findById(created->id))->name, "Spring cohort 2027");
  ASSERT_TRUE(session_->programs().remove(created->id).isOk());
  EXPECT_EQ(session_->programs().remove(created->id).code(), core::StatusCode::kNotFound);
  p.endsOn = "2026-01-01";  // before the start: refused by the schema
  EXPECT_EQ(session_->programs().create(p).status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(Repositories, AuditLogIsAppendOnlyButCanBePseudonymized) {
  ASSERT_TRUE(session_->audit().append("ada", "x.y", "zoe", "{}").isOk());
  EXPECT_EQ(*session_->audit().count(), 1);
  EXPECT_EQ(session_->audit().entriesAbout("zoe")->size(), 1u);
  ASSERT_TRUE(session_->audit().pseudonymize("zoe", "erased-3").isOk());
  EXPECT_TRUE(session_->audit().entriesAbout("zoe")->empty());
  EXPECT_EQ(session_->audit().entriesAbout("erased-3")->size(), 1u);
}

}  // namespace
}  // namespace tandem::storage
