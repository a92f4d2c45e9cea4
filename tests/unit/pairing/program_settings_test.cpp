#include "pairing/program_settings.h"

#include <gtest/gtest.h>

namespace tandem::pairing {
namespace {

using core::StatusCode;

TEST(ProgramSettings, EmptyObjectGivesTheDefaults) {
  auto s = parseProgramSettings(std::string("{}"));
  ASSERT_TRUE(s.isOk()) << s.status().toString();
  EXPECT_EQ(s->constraints.minLevelGap, 2);
  EXPECT_DOUBLE_EQ(s->constraints.tenureFallbackYears, 5.0);
  EXPECT_EQ(s->constraints.department, DepartmentRule::kPreferredDifferent);
  EXPECT_FALSE(s->constraints.sharedLanguageRequired);
  EXPECT_EQ(s->constraints.minAvailabilityOverlapMinutes, 0);
  EXPECT_FALSE(s->constraints.allowRepeatPairs);
  EXPECT_EQ(s->defaultCapacity, 1);
  EXPECT_EQ(s->mode, PairingMode::kCohort);
  EXPECT_EQ(s->candidatesPerMentee, 50);
  EXPECT_EQ(s->shortlistResponseHours, 72);
  EXPECT_DOUBLE_EQ(s->weights.skills, 40.0);
  const std::vector<std::string> excluded = {"contractor", "intern"};
  EXPECT_EQ(s->eligibility.mentor.excludeEmployeeTypes, excluded);
  EXPECT_EQ(s->eligibility.mentee.excludeEmployeeTypes, excluded);
  EXPECT_FALSE(s->eligibility.mentor.minLevel.has_value());
}

TEST(ProgramSettings, NormalizedJsonHasEveryFieldAndReadsBackEqual) {
  auto s = parseProgramSettings(std::string(
      R"({"eligibility":{"mentee":{"minLevel":5,"departments":["Sales"],"employeeTypes":[]}},
          "constraints":{"minLevelGap":3,"department":"required_different",
                         "sharedLanguageRequired":true,"minAvailabilityOverlapMinutes":60,
                         "allowRepeatPairs":true,"tenureFallbackYears":7.5,
                         "reportingChain":"excluded"},
          "weights":{"skills":1,"reverseSkills":0,"crossDepartment":2.5,"languages":3,
                     "availability":4,"intent":5},
          "defaultCapacity":3,"mode":"shortlist","candidatesPerMentee":7,
          "shortlistResponseHours":24})"));
  ASSERT_TRUE(s.isOk()) << s.status().toString();
  const nlohmann::json j = toJson(*s);
  EXPECT_EQ(j["constraints"]["reportingChain"], "excluded");
  EXPECT_EQ(j["constraints"]["department"], "required_different");
  EXPECT_EQ(j["eligibility"]["mentee"]["minLevel"], 5);
  EXPECT_TRUE(j["eligibility"]["mentee"]["maxLevel"].is_null());
  EXPECT_EQ(j["eligibility"]["mentor"]["excludeEmployeeTypes"].size(), 2u);
  EXPECT_EQ(j["mode"], "shortlist");
  auto again = parseProgramSettings(j.dump());
  ASSERT_TRUE(again.isOk()) << again.status().toString();
  EXPECT_EQ(toJson(*again), j);
  EXPECT_EQ(again->constraints.minAvailabilityOverlapMinutes, 60);
  EXPECT_DOUBLE_EQ(again->weights.crossDepartment, 2.5);
  // Defaults normalize too: "{}" and toJson(defaults) describe the same settings.
  EXPECT_EQ(toJson(*parseProgramSettings(std::string("{}"))), toJson(ProgramSettings{}));
}

TEST(ProgramSettings, ContractorsAndInternsCanBeAllowed) {
  auto s = parseProgramSettings(
      std::string(R"({"eligibility":{"mentor":{"excludeEmployeeTypes":[]}}})"));
  ASSERT_TRUE(s.isOk());
  EXPECT_TRUE(s->eligibility.mentor.excludeEmployeeTypes.empty());
  EXPECT_EQ(s->eligibility.mentee.excludeEmployeeTypes.size(), 2u);
}

struct BadCase {
  const char* json;
  const char* message;  // the exact message expected
};

TEST(ProgramSettings, EachBadSettingIsRefusedNamingTheField) {
  const BadCase cases[] = {
      {R"({"weights":{"skills":-1}})", "settings.weights.skills must be a number >= 0 and <= 1000"},
      {R"({"weights":{"intent":"high"}})",
       "settings.weights.intent must be a number >= 0 and <= 1000"},
      {R"({"weights":{"skill":1}})", "settings.weights.skill is not a known setting"},
      {R"({"weights":3})", "settings.weights must be an object"},
      {R"({"minLevelGap":2})", "settings.minLevelGap is not a known setting"},
      {R"({"constraints":{"minLevelGap":-1}})",
       "settings.constraints.minLevelGap must be an integer 0..20"},
      {R"({"constraints":{"minLevelGap":2.5}})",
       "settings.constraints.minLevelGap must be an integer 0..20"},
      {R"({"constraints":{"tenureFallbackYears":99}})",
       "settings.constraints.tenureFallbackYears must be a number >= 0 and <= 50"},
      {R"({"constraints":{"department":"same"}})",
       "settings.constraints.department must be \"required_different\" or "
       "\"preferred_different\""},
      {R"({"constraints":{"sharedLanguageRequired":"yes"}})",
       "settings.constraints.sharedLanguageRequired must be true or false"},
      {R"({"constraints":{"minAvailabilityOverlapMinutes":20000}})",
       "settings.constraints.minAvailabilityOverlapMinutes must be an integer 0..10080"},
      {R"({"constraints":{"allowRepeatPairs":1}})",
       "settings.constraints.allowRepeatPairs must be true or false"},
      {R"({"defaultCapacity":0})", "settings.defaultCapacity must be an integer 1..10"},
      {R"({"defaultCapacity":11})", "settings.defaultCapacity must be an integer 1..10"},
      {R"({"mode":"auction"})", "settings.mode must be \"cohort\" or \"shortlist\""},
      {R"({"candidatesPerMentee":0})", "settings.candidatesPerMentee must be an integer 1..1000"},
      {R"({"candidatesPerMentee":1001})",
       "settings.candidatesPerMentee must be an integer 1..1000"},
      {R"({"shortlistResponseHours":0})",
       "settings.shortlistResponseHours must be an integer 1..720"},
      {R"({"eligibility":{"mentor":{"minLevel":101}}})",
       "settings.eligibility.mentor.minLevel must be an integer 0..100"},
      {R"({"eligibility":{"mentee":{"minLevel":5,"maxLevel":3}}})",
       "settings.eligibility.mentee.maxLevel must not be below minLevel"},
      {R"({"eligibility":{"mentee":{"minTenureYears":-2}}})",
       "settings.eligibility.mentee.minTenureYears must be a number >= 0 and <= 100"},
      {R"({"eligibility":{"mentee":{"departments":"Sales"}}})",
       "settings.eligibility.mentee.departments must be an array of at most 1000 non-empty "
       "strings"},
      {R"({"eligibility":{"mentee":{"employeeTypes":[""]}}})",
       "settings.eligibility.mentee.employeeTypes must be an array of at most 1000 non-empty "
       "strings"},
      {R"({"eligibility":{"senior":{}}})", "settings.eligibility.senior is not a known setting"},
      {R"({"eligibility":{"mentor":{"age":30}}})",
       "settings.eligibility.mentor.age is not a known setting"},
      {R"([])", "settings must be a JSON object"},
      {R"({"weights":)", "settings must be valid JSON"},
  };
  for (const auto& c : cases) {
    auto s = parseProgramSettings(std::string(c.json));
    ASSERT_FALSE(s.isOk()) << c.json;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(s.status().message(), c.message) << c.json;
  }
}

TEST(ProgramSettings, ReportingChainExclusionCannotBeTurnedOff) {
  for (const char* json : {R"({"constraints":{"reportingChain":"allowed"}})",
                           R"({"constraints":{"reportingChain":false}})",
                           R"({"constraints":{"excludeReportingChain":false}})",
                           R"({"constraints":{"allowReportingChain":true}})"}) {
    auto s = parseProgramSettings(std::string(json));
    ASSERT_FALSE(s.isOk()) << json;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.status().message().find("always on"), std::string::npos) << s.status().message();
    EXPECT_EQ(s.status().message().rfind("settings.constraints.", 0), 0u) << s.status().message();
  }
  EXPECT_TRUE(
      parseProgramSettings(std::string(R"({"constraints":{"reportingChain":"excluded"}})")).isOk());
}

TEST(ProgramSettings, NullOptionalBoundsMeanUnset) {
  auto s = parseProgramSettings(
      std::string(R"({"eligibility":{"mentor":{"minLevel":null,"maxTenureYears":null}}})"));
  ASSERT_TRUE(s.isOk()) << s.status().toString();
  EXPECT_FALSE(s->eligibility.mentor.minLevel.has_value());
  EXPECT_FALSE(s->eligibility.mentor.maxTenureYears.has_value());
}

}  // namespace
}  // namespace tandem::pairing
