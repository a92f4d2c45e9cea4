// The fairness report: rates and mean scores per department and level band, groups below the
// minimum size only counted, small sides without any rate, unmatched counted by code, and no
// person identifiable.
#include "pairing/fairness_report.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tandem::pairing {
namespace {

using nlohmann::json;

PairingPerson person(int64_t id, PairingRole role, std::optional<int> level, const char* dep) {
  PairingPerson p;
  p.id = id;
  p.displayName = "Person " + std::to_string(id);
  p.department = dep;
  p.level = level;
  p.role = role;
  return p;
}

void pair(PairingResult& r, int64_t mentor, int64_t mentee, int64_t score) {
  PairingPair p;
  p.mentorId = mentor;
  p.menteeId = mentee;
  p.score = score;
  r.pairs.push_back(p);
}

void unmatched(PairingResult& r, int64_t id, PairingRole role, const char* code) {
  r.unmatched.push_back({id, role, code, "reason naming Person " + std::to_string(id)});
}

// Mentees: Eng (ids 1-6 at level 1, and 50 -- role both -- at level 2): 7 people; Legal (7-9,
// no level): 3 people. Mentors: 101-105 without a department at level 9, 106 in Ops at level 7,
// and 50 in Eng.
struct RunData {
  PairingInput input;
  PairingResult result;
};

RunData sampleRun() {
  RunData run;
  for (int64_t id = 1; id <= 6; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentee, 1, "Eng"));
  run.input.people.push_back(person(50, PairingRole::kBoth, 2, "Eng"));
  for (int64_t id = 7; id <= 9; ++id) {
    run.input.people.push_back(person(id, PairingRole::kMentee, std::nullopt, "Legal"));
  }
  for (int64_t id = 101; id <= 105; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentor, 9, ""));
  run.input.people.push_back(person(106, PairingRole::kMentor, 7, "Ops"));
  auto& r = run.result;
  pair(r, 101, 1, 60000);
  pair(r, 101, 2, 70000);
  pair(r, 102, 3, 80000);
  pair(r, 103, 50, 50000);
  pair(r, 106, 7, 90000);
  pair(r, 50, 8, 40000);
  unmatched(r, 4, PairingRole::kMentee, "capacity");
  unmatched(r, 5, PairingRole::kMentee, "capacity");
  unmatched(r, 6, PairingRole::kMentee, "no_candidate");
  unmatched(r, 9, PairingRole::kMentee, "ineligible");
  unmatched(r, 104, PairingRole::kMentor, "not_selected");
  unmatched(r, 105, PairingRole::kMentor, "no_candidate");
  return run;
}

void expectStats(const json& g, int64_t people, int64_t matched, double rate, double mean) {
  EXPECT_EQ(g.at("people").get<int64_t>(), people) << g.dump();
  EXPECT_EQ(g.at("matched").get<int64_t>(), matched) << g.dump();
  EXPECT_DOUBLE_EQ(g.at("matchRate").get<double>(), rate) << g.dump();
  EXPECT_DOUBLE_EQ(g.at("meanScore").get<double>(), mean) << g.dump();
}

TEST(FairnessReport, GroupsBelowTheMinimumAreOnlyCounted) {
  const RunData run = sampleRun();
  const json f = fairnessReport(run.input, run.result);
  EXPECT_EQ(f.at("minGroup").get<int>(), 5);

  const json& mentees = f.at("mentees");
  expectStats(mentees.at("totals"), 10, 6, 0.6, 65.0);  // (60+70+80+50+90+40)/6
  const json& dep = mentees.at("byDepartment");
  ASSERT_EQ(dep.at("groups").size(), 1u) << dep.dump();
  EXPECT_EQ(dep["groups"][0].at("name"), "Eng");
  expectStats(dep["groups"][0], 7, 4, 0.5714, 65.0);        // 4/7; (60+70+80+50)/4
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 3);  // Legal
  const json& lvl = mentees.at("byLevel");
  ASSERT_EQ(lvl.at("groups").size(), 1u) << lvl.dump();
  EXPECT_EQ(lvl["groups"][0].at("name"), "0-2");
  expectStats(lvl["groups"][0], 7, 4, 0.5714, 65.0);
  EXPECT_EQ(lvl.at("suppressedPeople").get<int64_t>(), 3);  // no level

  const json& mentors = f.at("mentors");
  expectStats(mentors.at("totals"), 7, 5, 0.7143, 65.0);
  const json& mdep = mentors.at("byDepartment");
  ASSERT_EQ(mdep.at("groups").size(), 1u) << mdep.dump();
  EXPECT_EQ(mdep["groups"][0].at("name"), "unknown");
  // Mentor 101's two pairs both count: (60+70+80+50)/4.
  expectStats(mdep["groups"][0], 5, 3, 0.6, 65.0);
  EXPECT_EQ(mdep.at("suppressedPeople").get<int64_t>(), 2);  // Ops and Eng, one each
  const json& mlvl = mentors.at("byLevel");
  ASSERT_EQ(mlvl.at("groups").size(), 1u) << mlvl.dump();
  EXPECT_EQ(mlvl["groups"][0].at("name"), "9+");
  EXPECT_EQ(mlvl.at("suppressedPeople").get<int64_t>(), 2);
}

TEST(FairnessReport, UnmatchedAreCountedByCodePerSide) {
  const RunData run = sampleRun();
  const json f = fairnessReport(run.input, run.result);
  EXPECT_EQ(f["mentees"].at("unmatched"),
            (json{{"capacity", 2}, {"ineligible", 1}, {"no_candidate", 1}}));
  EXPECT_EQ(f["mentors"].at("unmatched"), (json{{"no_candidate", 1}, {"not_selected", 1}}));
}

TEST(FairnessReport, GroupsWithoutPairsHaveNoMeanScore) {
  RunData run;
  for (int64_t id = 1; id <= 5; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentee, 4, "Ops"));
  const json f = fairnessReport(run.input, run.result);
  const json& g = f["mentees"]["byLevel"]["groups"].at(0);
  EXPECT_EQ(g.at("name"), "3-5");
  EXPECT_EQ(g.at("matched").get<int64_t>(), 0);
  EXPECT_DOUBLE_EQ(g.at("matchRate").get<double>(), 0.0);
  EXPECT_TRUE(g.at("meanScore").is_null());
  EXPECT_EQ(f["mentors"]["totals"], (json{{"people", 0}}));
}

// Collects every key and every string value of a JSON tree.
void walk(const json& j, std::set<std::string>& keys, std::set<std::string>& strings) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      keys.insert(k);
      walk(v, keys, strings);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) walk(v, keys, strings);
  } else if (j.is_string()) {
    strings.insert(j.get<std::string>());
  }
}

TEST(FairnessReport, ASideBelowTheMinimumShowsNoRates) {
  RunData run;
  for (int64_t id = 1; id <= 4; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentee, 1, "Eng"));
  for (int64_t id = 101; id <= 106; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentor, 9, "Ops"));
  pair(run.result, 101, 1, 60000);
  pair(run.result, 102, 2, 70000);
  unmatched(run.result, 3, PairingRole::kMentee, "capacity");
  unmatched(run.result, 4, PairingRole::kMentee, "ineligible");
  const json f = fairnessReport(run.input, run.result);
  const json& mentees = f.at("mentees");
  EXPECT_EQ(mentees.at("totals"), (json{{"people", 4}}));
  EXPECT_FALSE(mentees.contains("unmatched"));
  EXPECT_TRUE(mentees["byDepartment"]["groups"].empty());
  EXPECT_EQ(mentees["byDepartment"]["suppressedPeople"].get<int64_t>(), 4);
  EXPECT_TRUE(mentees["byLevel"]["groups"].empty());
  std::set<std::string> keys;
  std::set<std::string> strings;
  walk(mentees, keys, strings);
  for (const char* k : {"matched", "matchRate", "meanScore"}) EXPECT_EQ(keys.count(k), 0u) << k;
  // The mentors' side (6 people) is still reported.
  expectStats(f["mentors"]["totals"], 6, 2, 0.3333, 65.0);
}

TEST(FairnessReport, NothingIdentifiesAPerson) {
  const RunData run = sampleRun();
  const json f = fairnessReport(run.input, run.result);
  std::set<std::string> keys;
  std::set<std::string> strings;
  walk(f, keys, strings);
  const std::set<std::string> allowedKeys = {
      "minGroup",     "levelBands", "mentees",      "mentors",          "totals",
      "byDepartment", "byLevel",    "groups",       "suppressedPeople", "unmatched",
      "name",         "people",     "matched",      "matchRate",        "meanScore",
      "capacity",     "ineligible", "no_candidate", "not_selected"};
  for (const auto& k : keys) EXPECT_EQ(allowedKeys.count(k), 1u) << "unexpected key " << k;
  const std::set<std::string> allowedStrings = {"Eng", "unknown", "0-2", "3-5", "6-8", "9+"};
  for (const auto& s : strings) EXPECT_EQ(allowedStrings.count(s), 1u) << "unexpected " << s;
  EXPECT_EQ(f.dump().find("Person"), std::string::npos);
  EXPECT_EQ(f.dump(), fairnessReport(run.input, run.result).dump());  // deterministic
}

}  // namespace
}  // namespace tandem::pairing
