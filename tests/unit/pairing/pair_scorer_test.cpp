#include "pairing/pair_scorer.h"

#include <gtest/gtest.h>

#include <random>

namespace tandem::pairing {
namespace {

using mentoring::Direction;

constexpr int64_t kDataAnalysis = 1;
constexpr int64_t kGenAi = 2;
constexpr int64_t kSocial = 3;
constexpr int64_t kNegotiation = 10;
constexpr int64_t kBudgeting = 11;

PairingInput baseInput() {
  PairingInput in;
  in.referenceDate = "2027-01-11";  // a Monday, winter time in Paris and New York
  in.skills = {{kDataAnalysis, {"digital", "data-analysis", "Data analysis"}},
               {kGenAi, {"digital", "generative-ai", "Generative AI"}},
               {kSocial, {"digital", "social-media", "Social media"}},
               {kNegotiation, {"business", "negotiation", "Negotiation"}},
               {kBudgeting, {"business", "budgeting", "Budgeting"}}};
  return in;
}

PairingPerson ana() {
  PairingPerson p;
  p.id = 1;
  p.displayName = "Ana";
  p.department = "Data";
  p.level = 2;
  p.languages = {"en", "es"};
  p.timeZone = "Europe/Paris";
  p.availability = {{1, "09:00", "12:00"}};
  p.role = PairingRole::kMentor;
  p.skills = {{kDataAnalysis, Direction::kTeach, 5},
              {kGenAi, Direction::kTeach, 3},
              {kNegotiation, Direction::kLearn, 1},
              {kBudgeting, Direction::kLearn, 2}};
  return p;
}

PairingPerson marc() {
  PairingPerson p;
  p.id = 2;
  p.displayName = "Marc";
  p.department = "Finance";
  p.level = 6;
  p.languages = {"FR", "en"};
  p.timeZone = "America/New_York";
  p.availability = {{1, "08:00", "10:00"}};
  p.role = PairingRole::kMentee;
  p.skills = {{kDataAnalysis, Direction::kLearn, 1},
              {kGenAi, Direction::kLearn, 1},
              {kSocial, Direction::kLearn, 2},
              {kNegotiation, Direction::kTeach, 5}};
  return p;
}

const ScorePart& part(const PairScore& s, const std::string& name) {
  for (const auto& p : s.parts) {
    if (p.name == name) return p;
  }
  static ScorePart none;
  ADD_FAILURE() << "no part " << name;
  return none;
}

TEST(PairScorer, ExplainsEveryPartInPlainLanguage) {
  PairingInput in = baseInput();
  in.people = {ana(), marc()};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk()) << scorer.status().toString();
  const PairScore s = scorer->explain(0, 1);
  ASSERT_EQ(s.parts.size(), 6u);

  // Data analysis gap 4 -> 1.0, Generative AI gap 2 -> 0.75, Social media not taught: 1.75 / 3.
  const ScorePart& skills = part(s, "skills");
  EXPECT_NEAR(skills.raw, 1.75 / 3, 1e-12);
  EXPECT_EQ(skills.points, 23333);  // 40 x 0.58333 = 23.333 points
  EXPECT_EQ(skills.reason,
            "Ana can teach 2 of the 3 digital skills Marc wants to learn: Data analysis, "
            "Generative AI");

  // Marc teaches Negotiation at 5, Ana is at 1 (gap 4 -> 1.0); Budgeting not taught: 1 / 2.
  const ScorePart& reverse = part(s, "reverseSkills");
  EXPECT_DOUBLE_EQ(reverse.raw, 0.5);
  EXPECT_EQ(reverse.points, 7500);
  EXPECT_EQ(reverse.reason,
            "Marc can teach 1 of the 2 business skills Ana wants to learn: Negotiation");

  EXPECT_EQ(part(s, "crossDepartment").points, 10000);
  EXPECT_EQ(part(s, "crossDepartment").reason,
            "Ana (Data) and Marc (Finance) work in different departments");
  EXPECT_EQ(part(s, "languages").points, 10000);
  EXPECT_EQ(part(s, "languages").reason, "Both speak en");

  // Paris 09:00-12:00 is 08:00-11:00 UTC; New York 08:00-10:00 is 13:00-15:00 UTC: no overlap.
  EXPECT_EQ(part(s, "availability").points, 0);
  EXPECT_EQ(part(s, "availability").reason.rfind("Their weekly availability does not overlap", 0),
            0u);

  EXPECT_EQ(part(s, "intent").points, 10000);
  EXPECT_EQ(part(s, "intent").reason,
            "Ana offers to teach Data analysis, Generative AI at level 3 or more, which Marc "
            "wants to learn");
  EXPECT_EQ(s.total, 23333 + 7500 + 10000 + 10000 + 0 + 10000);
  EXPECT_EQ(scorer->score(0, 1), s.total);
}

// The value of a part's template argument ("" when absent).
std::string arg(const ScorePart& p, const std::string& key) {
  for (const auto& [k, v] : p.args) {
    if (k == key) return v;
  }
  return "";
}

TEST(PairScorer, EveryReasonHasATemplateCodeAndItsArguments) {
  PairingInput in = baseInput();
  in.people = {ana(), marc()};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  const PairScore s = scorer->explain(0, 1);
  const ScorePart& skills = part(s, "skills");
  EXPECT_EQ(skills.code, "skills.some");
  EXPECT_EQ(arg(skills, "teacher"), "Ana");
  EXPECT_EQ(arg(skills, "learner"), "Marc");
  EXPECT_EQ(arg(skills, "count"), "2");
  EXPECT_EQ(arg(skills, "wanted"), "3");
  EXPECT_EQ(arg(skills, "kind"), "digital");
  EXPECT_EQ(arg(skills, "skills"), "Data analysis, Generative AI");
  const ScorePart& reverse = part(s, "reverseSkills");
  EXPECT_EQ(reverse.code, "skills.some");
  EXPECT_EQ(arg(reverse, "teacher"), "Marc");
  EXPECT_EQ(arg(reverse, "learner"), "Ana");
  EXPECT_EQ(arg(reverse, "kind"), "business");
  const ScorePart& dep = part(s, "crossDepartment");
  EXPECT_EQ(dep.code, "department.different");
  EXPECT_EQ(arg(dep, "mentorDepartment"), "Data");
  EXPECT_EQ(arg(dep, "menteeDepartment"), "Finance");
  EXPECT_EQ(part(s, "languages").code, "languages.shared");
  EXPECT_EQ(arg(part(s, "languages"), "languages"), "en");
  const ScorePart& availability = part(s, "availability");
  EXPECT_EQ(availability.code, "availability.none");
  EXPECT_EQ(arg(availability, "date"), "2027-01-11");
  EXPECT_EQ(arg(availability, "mentorZone"), "Europe/Paris");
  EXPECT_EQ(arg(availability, "mentorZoneState"), "known");
  EXPECT_EQ(part(s, "intent").code, "intent.yes");
  EXPECT_EQ(arg(part(s, "intent"), "skills"), "Data analysis, Generative AI");
  EXPECT_EQ(arg(part(s, "intent"), "level"), "3");

  PairingPerson a = ana();
  PairingPerson m = marc();
  a.skills = {};
  a.languages = {"de"};
  a.timeZone = "Mars/Olympus";
  a.availability = {{2, "10:00", "11:00"}};
  m.timeZone = "";
  m.availability = {{2, "10:00", "12:00"}};
  m.department = "data";
  m.skills = {{kSocial, Direction::kLearn, 2}};
  in.people = {a, m};
  auto other = PairScorer::create(in);
  ASSERT_TRUE(other.isOk());
  const PairScore t = other->explain(0, 1);
  EXPECT_EQ(part(t, "skills").code, "skills.noneTaught");
  EXPECT_EQ(part(t, "reverseSkills").code, "skills.noneWanted");
  EXPECT_EQ(arg(part(t, "reverseSkills"), "learner"), "Ana");
  EXPECT_EQ(part(t, "crossDepartment").code, "department.same");
  EXPECT_EQ(part(t, "languages").code, "languages.none");
  EXPECT_EQ(arg(part(t, "languages"), "menteeLanguages"), "en, fr");
  const ScorePart& zones = part(t, "availability");
  EXPECT_EQ(zones.code, "availability.overlap");
  EXPECT_EQ(arg(zones, "minutes"), "60");
  EXPECT_EQ(arg(zones, "mentorZoneState"), "unknown");
  EXPECT_EQ(arg(zones, "mentorZone"), "Mars/Olympus");
  EXPECT_EQ(arg(zones, "menteeZoneState"), "none");
  EXPECT_EQ(part(t, "intent").code, "intent.no");
}

TEST(PairScorer, AvailabilityOverlapAcrossTimeZones) {
  PairingInput in = baseInput();
  PairingPerson a = ana();
  PairingPerson m = marc();
  // Paris 15:00-18:00 (UTC+1) = 14:00-17:00 UTC; New York 10:00-12:00 (UTC-5) = 15:00-17:00 UTC.
  a.availability = {{3, "15:00", "18:00"}};
  m.availability = {{3, "10:00", "12:00"}};
  in.people = {a, m};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  EXPECT_EQ(scorer->overlapMinutes(0, 1), 120);
  const PairScore score = scorer->explain(0, 1);
  const ScorePart& avail = part(score, "availability");
  EXPECT_NEAR(avail.raw, 120.0 / 180.0, 1e-12);
  EXPECT_EQ(avail.points, 10000);  // 15 x 2/3
  EXPECT_EQ(avail.reason,
            "Their weekly availability overlaps by 2 h (times compared in UTC on 2027-01-11; "
            "Europe/Paris / America/New_York)");

  // In summer (after both switch to daylight time) the offsets are +2 and -4: same 6 h apart.
  in.referenceDate = "2027-07-12";
  auto summer = PairScorer::create(in);
  ASSERT_TRUE(summer.isOk());
  EXPECT_EQ(summer->overlapMinutes(0, 1), 120);

  // New York 09:00-11:00: 14:00-16:00 UTC in winter (2 h overlap with Paris 14:00-17:00)...
  m.availability = {{3, "09:00", "11:00"}};
  in.people = {a, m};
  in.referenceDate = "2027-01-11";
  auto winter = PairScorer::create(in);
  ASSERT_TRUE(winter.isOk());
  EXPECT_EQ(winter->overlapMinutes(0, 1), 120);
  // ...but 13:00-15:00 UTC between the two switches (2027-03-22: New York already on daylight
  // time, Paris not yet), so only 1 h overlaps.
  in.referenceDate = "2027-03-22";
  auto between = PairScorer::create(in);
  ASSERT_TRUE(between.isOk());
  EXPECT_EQ(between->overlapMinutes(0, 1), 60);
}

TEST(PairScorer, WindowsWrapAroundTheWeekInUtc) {
  PairingInput in = baseInput();
  PairingPerson a = ana();
  PairingPerson m = marc();
  // Monday 00:00-01:00 in Paris is Sunday 23:00-24:00 UTC.
  a.availability = {{1, "00:00", "01:00"}};
  m.timeZone = "UTC";
  m.availability = {{7, "23:30", "24:00"}};
  in.people = {a, m};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  EXPECT_EQ(scorer->overlapMinutes(0, 1), 30);
}

TEST(PairScorer, UnknownTimeZoneIsUtcAndSaidSo) {
  PairingInput in = baseInput();
  PairingPerson a = ana();
  PairingPerson m = marc();
  a.timeZone = "Mars/Olympus";
  a.availability = {{2, "10:00", "11:00"}};
  m.timeZone = "";
  m.availability = {{2, "10:00", "12:00"}};
  in.people = {a, m};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  EXPECT_EQ(scorer->overlapMinutes(0, 1), 60);
  const std::string reason = part(scorer->explain(0, 1), "availability").reason;
  EXPECT_NE(reason.find("Ana: unknown time zone 'Mars/Olympus', treated as UTC"),
            std::string::npos)
      << reason;
  EXPECT_NE(reason.find("Marc: no time zone, treated as UTC"), std::string::npos) << reason;
}

TEST(PairScorer, LevelGapWeightsTheSkillValue) {
  EXPECT_EQ(PairScorer::skillQuarters(5, 1), 4);
  EXPECT_EQ(PairScorer::skillQuarters(4, 1), 4);
  EXPECT_EQ(PairScorer::skillQuarters(3, 1), 3);
  EXPECT_EQ(PairScorer::skillQuarters(3, 2), 2);
  EXPECT_EQ(PairScorer::skillQuarters(3, 3), 0);
  EXPECT_EQ(PairScorer::skillQuarters(1, 4), 0);
}

TEST(PairScorer, NothingInCommonScoresZeroWithReasons) {
  PairingInput in = baseInput();
  PairingPerson a = ana();
  PairingPerson m = marc();
  a.skills = {};
  a.languages = {"de"};
  a.availability = {};
  m.department = "data";  // same department, case-insensitively
  m.skills = {};
  in.people = {a, m};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  const PairScore s = scorer->explain(0, 1);
  EXPECT_EQ(s.total, 0);
  EXPECT_EQ(part(s, "skills").reason, "Marc listed no skill to learn");
  EXPECT_EQ(part(s, "reverseSkills").reason, "Ana listed no skill to learn");
  EXPECT_EQ(part(s, "crossDepartment").reason, "Both work in data");
  EXPECT_EQ(part(s, "languages").reason, "No shared language (Ana: de; Marc: en, fr)");
  EXPECT_EQ(part(s, "availability").reason.rfind("No availability given by Ana", 0), 0u);
  EXPECT_EQ(part(s, "intent").reason,
            "Ana does not offer, at level 3 or more, any skill Marc wants to learn");
}

TEST(PairScorer, WeightsScaleThePartsAndZeroWeightsSilenceThem) {
  PairingInput in = baseInput();
  in.people = {ana(), marc()};
  in.settings.weights = {0, 0, 1, 0, 0, 0};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  EXPECT_EQ(scorer->score(0, 1), 1000);
}

TEST(PairScorer, ScoreEqualsExplainAndTheFastPathOnRandomPairs) {
  std::mt19937 rng(7);
  PairingInput in = baseInput();
  const char* zones[] = {"Europe/Paris", "America/New_York", "Asia/Tokyo", "", "Bad/Zone", "UTC"};
  const char* deps[] = {"Data", "Finance", "Sales", ""};
  for (int64_t id = 1; id <= 40; ++id) {
    PairingPerson p;
    p.id = id;
    p.displayName = "P" + std::to_string(id);
    p.department = deps[rng() % 4];
    p.level = static_cast<int>(rng() % 10);
    p.timeZone = zones[rng() % 6];
    p.languages = {rng() % 2 == 0 ? "en" : "fr"};
    for (int w = 0; w < 2; ++w) {
      const int start = static_cast<int>(rng() % 20);
      p.availability.push_back({static_cast<int>(rng() % 7) + 1,
                                (start < 10 ? "0" : "") + std::to_string(start) + ":00",
                                std::to_string(start + 2 + (start < 8 ? 10 : 0)) + ":30"});
    }
    for (int64_t s : {kDataAnalysis, kGenAi, kSocial, kNegotiation, kBudgeting}) {
      if (rng() % 3 == 0) {
        p.skills.push_back({s, rng() % 2 == 0 ? Direction::kTeach : Direction::kLearn,
                            static_cast<int>(rng() % 5) + 1});
      }
    }
    in.people.push_back(p);
  }
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  for (int32_t a = 0; a < scorer->size(); ++a) {
    for (int32_t b = 0; b < scorer->size(); ++b) {
      const PairScore s = scorer->explain(a, b);
      int64_t sum = 0;
      for (const auto& p : s.parts) sum += p.points;
      ASSERT_EQ(sum, s.total);
      ASSERT_EQ(scorer->score(a, b), s.total);
      ASSERT_LE(scorer->restPoints(a, b), scorer->restUpperBound(a));
    }
  }
}

TEST(PairScorer, PartFunctionsAddUpToTheExplainedParts) {
  PairingInput in = baseInput();
  in.settings.weights = {40, 15.5, 10, 10, 15.37, 10};
  in.people = {ana(), marc()};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  const PairScore s = scorer->explain(0, 1);
  ASSERT_EQ(s.parts.size(), 6u);
  const int32_t overlap = scorer->overlapMinutes(0, 1);
  EXPECT_EQ(s.parts[4].points, scorer->availabilityPoints(overlap));
  EXPECT_EQ(s.parts[2].points, scorer->differentDepartments(0, 1) ? scorer->departmentPoints() : 0);
  EXPECT_EQ(s.parts[3].points, scorer->shareLanguage(0, 1) ? scorer->languagePoints() : 0);
  EXPECT_EQ(s.parts[1].points + s.parts[2].points + s.parts[3].points + s.parts[4].points,
            scorer->restPoints(0, 1));
  // Ana wants 2 skills; the reverse part is reversePoints(quarters, 2) for some quarters.
  bool found = false;
  for (int32_t q = 0; q <= 8; ++q) found |= scorer->reversePoints(q, 2) == s.parts[1].points;
  EXPECT_TRUE(found);
  EXPECT_EQ(scorer->reversePoints(0, 2), 0);
  EXPECT_EQ(scorer->reversePoints(3, 0), 0);
  EXPECT_EQ(scorer->availabilityPoints(0), 0);
  EXPECT_EQ(scorer->availabilityPoints(-5), 0);
  // Capped at kFullOverlapMinutes and non-decreasing.
  EXPECT_EQ(scorer->availabilityPoints(PairScorer::kFullOverlapMinutes),
            scorer->availabilityPoints(10080));
  for (int32_t o = 1; o <= PairScorer::kFullOverlapMinutes; ++o) {
    EXPECT_LE(scorer->availabilityPoints(o - 1), scorer->availabilityPoints(o));
  }
  for (int32_t n = 1; n <= 6; ++n) {
    for (int32_t q = 1; q <= 4 * n; ++q) {
      EXPECT_LE(scorer->reversePoints(q - 1, n), scorer->reversePoints(q, n));
      EXPECT_LE(scorer->reversePoints(q, n), scorer->reversePoints(4, 1));
    }
  }
}

TEST(PairScorer, RefusesABadReferenceDateAndDuplicateIds) {
  PairingInput in = baseInput();
  in.people = {ana(), marc()};
  in.referenceDate = "2027-02-30";
  auto bad = PairScorer::create(in);
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().code(), core::StatusCode::kInvalidArgument);
  in.referenceDate = "2027-01-11";
  in.people = {ana(), ana()};
  auto dup = PairScorer::create(in);
  ASSERT_FALSE(dup.isOk());
  EXPECT_EQ(dup.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(PairScorer, TenureIsMeasuredAtTheReferenceDate) {
  PairingInput in = baseInput();
  PairingPerson a = ana();
  a.hireDate = "2026-01-11";
  in.people = {a};
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  EXPECT_EQ(scorer->person(0).tenureDays, 365);
  EXPECT_EQ(isoDateToDays("1970-01-02"), 1);
  EXPECT_FALSE(isoDateToDays("2027-1-02").has_value());
}

}  // namespace
}  // namespace tandem::pairing
