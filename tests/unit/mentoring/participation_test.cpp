#include "mentoring/participation.h"

#include <gtest/gtest.h>

namespace tandem::mentoring {
namespace {

std::vector<Skill> catalogue() {
  Skill a;
  a.id = 1;
  a.name = "Data analysis";
  a.kind = "digital";
  Skill b;
  b.id = 2;
  b.name = "Strategy";
  b.kind = "business";
  Skill retired;
  retired.id = 3;
  retired.name = "Fax";
  retired.active = false;
  return {a, b, retired};
}

Participant mentor() {
  Participant p;
  p.role = "mentor";
  p.skills = {{1, Direction::kTeach, 4}};
  return p;
}

TEST(Participation, AValidMentorPasses) {
  EXPECT_TRUE(validateParticipation(mentor(), catalogue()).isOk());
}

TEST(Participation, RetiredSkillsCannotBeChosen) {
  auto p = mentor();
  p.skills = {{3, Direction::kTeach, 4}};
  EXPECT_EQ(validateParticipation(p, catalogue()).code(), core::StatusCode::kInvalidArgument);
}

TEST(Participation, MenteesAnswerEveryReadinessQuestionButAnyAnswerIsAccepted) {
  Participant p = mentor();
  p.role = "mentee";
  EXPECT_FALSE(validateParticipation(p, catalogue()).isOk());
  for (const auto& q : readinessQuestions()) p.readiness[q] = false;
  EXPECT_TRUE(validateParticipation(p, catalogue()).isOk());
}

TEST(Participation, SameSkillMayBeTaughtAndLearned) {
  auto p = mentor();
  p.skills.push_back({1, Direction::kLearn, 2});
  EXPECT_TRUE(validateParticipation(p, catalogue()).isOk());
}

TEST(Participation, AvailabilityBoundaries) {
  auto p = mentor();
  p.availability = {{7, "23:00", "24:00"}};
  EXPECT_TRUE(validateParticipation(p, catalogue()).isOk());
  p.availability = {{1, "24:30", "25:00"}};
  EXPECT_FALSE(validateParticipation(p, catalogue()).isOk());
}

TEST(Participation, RoleHelpers) {
  Participant p;
  p.role = "both";
  EXPECT_TRUE(takesMentees(p));
  EXPECT_TRUE(seeksMentor(p));
  p.role = "mentor";
  EXPECT_FALSE(seeksMentor(p));
}

}  // namespace
}  // namespace tandem::mentoring
