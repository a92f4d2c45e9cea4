// The fairness report: rates and mean scores per department and level band, groups below the
// minimum size only counted, small sides without any rate, unmatched counted by code, and no
// person identifiable.
#include "pairing/fairness_report.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

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
// no level): 3 people; HR (10-11, no level, not eligible): 2 people. Mentors: 101-105 without a
// department at level 9, 106-109 in Ops at level 7 (107-109 not selected), and 50 in Eng.
// So each dimension suppresses at least 5 people (Legal + HR; Ops + Eng) and the bigger groups
// stay shown.
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
  for (int64_t id = 10; id <= 11; ++id) {
    run.input.people.push_back(person(id, PairingRole::kMentee, std::nullopt, "HR"));
  }
  for (int64_t id = 101; id <= 105; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentor, 9, ""));
  for (int64_t id = 106; id <= 109; ++id)
    run.input.people.push_back(person(id, PairingRole::kMentor, 7, "Ops"));
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
  unmatched(r, 10, PairingRole::kMentee, "ineligible");
  unmatched(r, 11, PairingRole::kMentee, "ineligible");
  unmatched(r, 104, PairingRole::kMentor, "not_selected");
  unmatched(r, 105, PairingRole::kMentor, "no_candidate");
  for (int64_t id = 107; id <= 109; ++id) unmatched(r, id, PairingRole::kMentor, "not_selected");
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
  expectStats(mentees.at("totals"), 12, 6, 0.5, 65.0);  // (60+70+80+50+90+40)/6
  const json& dep = mentees.at("byDepartment");
  ASSERT_EQ(dep.at("groups").size(), 1u) << dep.dump();
  EXPECT_EQ(dep["groups"][0].at("name"), "Eng");
  expectStats(dep["groups"][0], 7, 4, 0.5714, 65.0);        // 4/7; (60+70+80+50)/4
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 5);  // Legal (3) and HR (2)
  const json& lvl = mentees.at("byLevel");
  ASSERT_EQ(lvl.at("groups").size(), 2u) << lvl.dump();
  EXPECT_EQ(lvl["groups"][0].at("name"), "0-2");
  expectStats(lvl["groups"][0], 7, 4, 0.5714, 65.0);
  EXPECT_EQ(lvl["groups"][1].at("name"), "unknown");      // Legal and HR: 5 without a level
  expectStats(lvl["groups"][1], 5, 2, 0.4, 65.0);         // (90+40)/2
  EXPECT_EQ(lvl.at("suppressedPeople").get<int64_t>(), 0);

  const json& mentors = f.at("mentors");
  expectStats(mentors.at("totals"), 10, 5, 0.5, 65.0);
  const json& mdep = mentors.at("byDepartment");
  ASSERT_EQ(mdep.at("groups").size(), 1u) << mdep.dump();
  EXPECT_EQ(mdep["groups"][0].at("name"), "unknown");
  // Mentor 101's two pairs both count: (60+70+80+50)/4.
  expectStats(mdep["groups"][0], 5, 3, 0.6, 65.0);
  EXPECT_EQ(mdep.at("suppressedPeople").get<int64_t>(), 5);  // Ops (4) and Eng (1)
  const json& mlvl = mentors.at("byLevel");
  ASSERT_EQ(mlvl.at("groups").size(), 1u) << mlvl.dump();
  EXPECT_EQ(mlvl["groups"][0].at("name"), "9+");
  EXPECT_EQ(mlvl.at("suppressedPeople").get<int64_t>(), 5);  // 6-8 (4) and 0-2 (1)
}

// Departments of mentees with the given sizes (names "D0", "D1", ...), nobody matched.
RunData departments(const std::vector<int>& sizes) {
  RunData run;
  int64_t id = 1;
  for (size_t d = 0; d < sizes.size(); ++d) {
    for (int i = 0; i < sizes[d]; ++i) {
      run.input.people.push_back(
          person(id++, PairingRole::kMentee, 1, ("D" + std::to_string(d)).c_str()));
    }
  }
  return run;
}

std::vector<std::string> shownNames(const json& dimension) {
  std::vector<std::string> names;
  for (const auto& g : dimension.at("groups")) names.push_back(g.at("name").get<std::string>());
  return names;
}

TEST(FairnessReport, FewSuppressedPeopleAlsoHideTheSmallestShownGroup) {
  // D2's 2 people would be the totals minus D0 and D1: D1, the smallest shown, is hidden too.
  const RunData run = departments({6, 5, 2});
  const json dep = fairnessReport(run.input, run.result)["mentees"]["byDepartment"];
  EXPECT_EQ(shownNames(dep), (std::vector<std::string>{"D0"})) << dep.dump();
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 7);
}

TEST(FairnessReport, ComplementarySuppressionBreaksTiesByName) {
  const RunData run = departments({5, 5, 1});
  const json dep = fairnessReport(run.input, run.result)["mentees"]["byDepartment"];
  EXPECT_EQ(shownNames(dep), (std::vector<std::string>{"D1"})) << dep.dump();
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 6);
}

TEST(FairnessReport, ASingleShownGroupIsHiddenWhenTheRestIsSmall) {
  // The totals minus the only shown group would give the other 3 people.
  const RunData run = departments({7, 3});
  const json dep = fairnessReport(run.input, run.result)["mentees"]["byDepartment"];
  EXPECT_TRUE(dep.at("groups").empty()) << dep.dump();
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 10);
}

TEST(FairnessReport, EnoughSuppressedPeopleNeedNoMore) {
  const RunData run = departments({6, 3, 2});
  const json dep = fairnessReport(run.input, run.result)["mentees"]["byDepartment"];
  EXPECT_EQ(shownNames(dep), (std::vector<std::string>{"D0"})) << dep.dump();
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 5);
}

TEST(FairnessReport, NoDimensionEverLeavesFewerThanTheMinimumToSubtract) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::vector<int> sizes(std::uniform_int_distribution<size_t>(1, 6)(rng));
    for (int& n : sizes) n = std::uniform_int_distribution<int>(1, 9)(rng);
    const RunData run = departments(sizes);
    const json dep = fairnessReport(run.input, run.result)["mentees"]["byDepartment"];
    const int64_t suppressed = dep.at("suppressedPeople").get<int64_t>();
    int64_t shownPeople = 0;
    for (const auto& g : dep.at("groups")) {
      EXPECT_GE(g.at("people").get<int64_t>(), 5);
      shownPeople += g.at("people").get<int64_t>();
    }
    const auto total = static_cast<int64_t>(run.input.people.size());
    EXPECT_EQ(shownPeople + suppressed, total);
    EXPECT_TRUE(suppressed == 0 || suppressed >= 5 || dep.at("groups").empty())
        << "round " << round << ": " << dep.dump();
    if (total >= 5) {
      // The subtraction totals - shown never isolates 1..4 people.
      EXPECT_FALSE(suppressed > 0 && suppressed < 5 && !dep.at("groups").empty()) << dep.dump();
    }
  }
}

TEST(FairnessReport, UnmatchedAreCountedByCodePerSide) {
  const RunData run = sampleRun();
  const json f = fairnessReport(run.input, run.result);
  EXPECT_EQ(f["mentees"].at("unmatched"),
            (json{{"capacity", 2}, {"ineligible", 3}, {"no_candidate", 1}}));
  EXPECT_EQ(f["mentors"].at("unmatched"), (json{{"no_candidate", 1}, {"not_selected", 4}}));
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
