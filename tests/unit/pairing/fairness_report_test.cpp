// The fairness report: rates and mean scores per department and level band, groups below the
// minimum size only counted, more groups hidden when the shown ones (with the totals, within or
// across the dimensions) would give the figures of fewer people, small sides without any rate,
// unmatched counted by code, and no person identifiable.
#include "pairing/fairness_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
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
  r.unmatched.push_back({id, role, code, "reason naming Person " + std::to_string(id), "", {}});
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

  // Changed by complementary suppression: each dimension here has one group shown beside groups
  // under 5 people, so the totals minus that group would give the small groups' figures (Legal =
  // mentees' totals - Eng: 3 people, 2 matched). That group is hidden too: no group is shown, and
  // suppressedPeople is the whole side (it was 3, 3, 2 and 2). The totals are unchanged, and the
  // groups' figures are still checked below, under a minimum of 2.
  const json& mentees = f.at("mentees");
  expectStats(mentees.at("totals"), 10, 6, 0.6, 65.0);  // (60+70+80+50+90+40)/6
  const json& dep = mentees.at("byDepartment");
  EXPECT_TRUE(dep.at("groups").empty()) << dep.dump();       // Eng: 10 - 7 = Legal's 3
  EXPECT_EQ(dep.at("suppressedPeople").get<int64_t>(), 10);  // Legal (3) and then Eng (7)
  const json& lvl = mentees.at("byLevel");
  EXPECT_TRUE(lvl.at("groups").empty()) << lvl.dump();       // "0-2": 10 - 7 = "unknown"'s 3
  EXPECT_EQ(lvl.at("suppressedPeople").get<int64_t>(), 10);  // "unknown" (3), "0-2" (7)

  const json& mentors = f.at("mentors");
  expectStats(mentors.at("totals"), 7, 5, 0.7143, 65.0);
  const json& mdep = mentors.at("byDepartment");
  EXPECT_TRUE(mdep.at("groups").empty()) << mdep.dump();     // "unknown": 7 - 5 = Ops and Eng
  EXPECT_EQ(mdep.at("suppressedPeople").get<int64_t>(), 7);  // Ops (1), Eng (1), "unknown" (5)
  const json& mlvl = mentors.at("byLevel");
  EXPECT_TRUE(mlvl.at("groups").empty()) << mlvl.dump();     // "9+": 7 - 5 = "6-8" and "0-2"
  EXPECT_EQ(mlvl.at("suppressedPeople").get<int64_t>(), 7);  // "6-8" (1), "0-2" (1), "9+" (5)

  // Under a minimum of 2 the same groups are shown with the figures checked before the change,
  // and the mentors' groups of one person are still only counted.
  const json f2 = fairnessReport(run.input, run.result, 2);
  const json& dep2 = f2["mentees"].at("byDepartment");
  ASSERT_EQ(dep2.at("groups").size(), 2u) << dep2.dump();
  EXPECT_EQ(dep2["groups"][0].at("name"), "Eng");
  expectStats(dep2["groups"][0], 7, 4, 0.5714, 65.0);  // 4/7; (60+70+80+50)/4
  EXPECT_EQ(dep2["groups"][1].at("name"), "Legal");
  expectStats(dep2["groups"][1], 3, 2, 0.6667, 65.0);  // (90+40)/2
  EXPECT_EQ(dep2.at("suppressedPeople").get<int64_t>(), 0);
  const json& lvl2 = f2["mentees"].at("byLevel");
  ASSERT_EQ(lvl2.at("groups").size(), 2u) << lvl2.dump();
  EXPECT_EQ(lvl2["groups"][0].at("name"), "0-2");
  expectStats(lvl2["groups"][0], 7, 4, 0.5714, 65.0);
  EXPECT_EQ(lvl2["groups"][1].at("name"), "unknown");
  expectStats(lvl2["groups"][1], 3, 2, 0.6667, 65.0);
  const json& mdep2 = f2["mentors"].at("byDepartment");
  ASSERT_EQ(mdep2.at("groups").size(), 1u) << mdep2.dump();
  EXPECT_EQ(mdep2["groups"][0].at("name"), "unknown");
  // Mentor 101's two pairs both count: (60+70+80+50)/4.
  expectStats(mdep2["groups"][0], 5, 3, 0.6, 65.0);
  EXPECT_EQ(mdep2.at("suppressedPeople").get<int64_t>(), 2);  // Ops and Eng
  const json& mlvl2 = f2["mentors"].at("byLevel");
  ASSERT_EQ(mlvl2.at("groups").size(), 1u) << mlvl2.dump();
  EXPECT_EQ(mlvl2["groups"][0].at("name"), "9+");
  expectStats(mlvl2["groups"][0], 5, 3, 0.6, 65.0);
  EXPECT_EQ(mlvl2.at("suppressedPeople").get<int64_t>(), 2);  // "6-8" and "0-2"
}

// Departments of mentees with the given sizes (names "D0", "D1", ...), all at level 1, nobody
// matched.
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
  const json m = fairnessReport(run.input, run.result)["mentees"];
  EXPECT_EQ(shownNames(m["byDepartment"]), (std::vector<std::string>{"D0"})) << m.dump();
  EXPECT_EQ(m["byDepartment"].at("suppressedPeople").get<int64_t>(), 7);
  // The other dimension is untouched: everyone is in band "0-2".
  EXPECT_EQ(shownNames(m["byLevel"]), (std::vector<std::string>{"0-2"})) << m.dump();
  EXPECT_EQ(m["byLevel"].at("suppressedPeople").get<int64_t>(), 0);
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

// Mentees, `n` of each (department, level) given.
RunData crossRun(const std::vector<std::tuple<int, const char*, std::optional<int>>>& cells) {
  RunData run;
  int64_t id = 1;
  for (const auto& [n, dep, level] : cells) {
    for (int i = 0; i < n; ++i)
      run.input.people.push_back(person(id++, PairingRole::kMentee, level, dep));
  }
  return run;
}

TEST(FairnessReport, ADepartmentMinusABandNeverLeavesAFewPeople) {
  // Eng: 7 people at level 1 and one at level 4; Sales: 6 at level 4. Every group has 5 people or
  // more, yet Eng (8) minus band "0-2" (Eng's 7) is Eng's eighth person. Hiding "3-5" (smaller
  // than Eng) changes nothing, as "0-2" is then the totals minus the rest; so "0-2" goes too.
  RunData run = crossRun({{7, "Eng", 1}, {1, "Eng", 4}, {6, "Sales", 4}});
  pair(run.result, 100, 8, 50000);  // the eighth person: Eng's only match
  const json m = fairnessReport(run.input, run.result)["mentees"];
  EXPECT_EQ(shownNames(m["byDepartment"]), (std::vector<std::string>{"Eng", "Sales"})) << m.dump();
  EXPECT_EQ(m["byDepartment"].at("suppressedPeople").get<int64_t>(), 0);
  EXPECT_TRUE(m["byLevel"].at("groups").empty()) << m.dump();
  EXPECT_EQ(m["byLevel"].at("suppressedPeople").get<int64_t>(), 14);
}

TEST(FairnessReport, ASecondGroupGoesWhenTheFirstStillLeavesAFewPeopleAcrossDimensions) {
  // In one dimension, hiding the smallest shown group always suffices: it has 5 people or more.
  // Across both it may not. Eng: 7 at level 1, one at level 4; Sales: 5 at level 4; Ops: 2 at
  // level 7. Departments: Ops (2) is small, so Sales (5) goes too. Bands: "6-8" (2) is small, so
  // "3-5" (6) goes too. Left: Eng (8) and "0-2" (Eng's 7): Eng minus "0-2" is one person, so a
  // second band, "0-2" (smaller than Eng), goes.
  const RunData run = crossRun({{7, "Eng", 1}, {1, "Eng", 4}, {5, "Sales", 4}, {2, "Ops", 7}});
  const json m = fairnessReport(run.input, run.result)["mentees"];
  EXPECT_EQ(shownNames(m["byDepartment"]), (std::vector<std::string>{"Eng"})) << m.dump();
  EXPECT_EQ(m["byDepartment"].at("suppressedPeople").get<int64_t>(), 7);
  EXPECT_TRUE(m["byLevel"].at("groups").empty()) << m.dump();
  EXPECT_EQ(m["byLevel"].at("suppressedPeople").get<int64_t>(), 15);
}

// A random small run: up to 16 people with random roles, departments (up to four, or none) and
// levels (up to four bands, or none), and some pairs.
RunData randomRun(std::mt19937& rng) {
  const auto pick = [&rng](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  const std::vector<const char*> deps = {"A", "B", "C", "D", ""};
  const std::vector<std::optional<int>> levels = {1, 4, 7, 10, std::nullopt};
  const std::vector<PairingRole> roles = {PairingRole::kMentee, PairingRole::kMentor,
                                          PairingRole::kBoth};
  const auto nDeps = static_cast<size_t>(pick(1, 5));
  const auto nLevels = static_cast<size_t>(pick(1, 5));
  RunData run;
  const int people = pick(1, 16);
  for (int64_t id = 1; id <= people; ++id) {
    run.input.people.push_back(
        person(id, roles[static_cast<size_t>(pick(0, 2))],
               levels[static_cast<size_t>(pick(0, static_cast<int>(nLevels) - 1))],
               deps[static_cast<size_t>(pick(0, static_cast<int>(nDeps) - 1))]));
  }
  for (const auto& mentee : run.input.people) {
    if (mentee.role == PairingRole::kMentor || pick(0, 1) == 0) continue;
    const auto& mentor = run.input.people[static_cast<size_t>(pick(0, people - 1))];
    if (mentor.role == PairingRole::kMentee || mentor.id == mentee.id) continue;
    pair(run.result, mentor.id, mentee.id, pick(0, 100) * 1000);
  }
  return run;
}

// The people of one side of a run, as (department, band) the way the report names them.
std::vector<std::pair<std::string, std::string>> sidePeople(const RunData& run, bool mentees) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : run.input.people) {
    const bool on = p.role == PairingRole::kBoth ||
                    p.role == (mentees ? PairingRole::kMentee : PairingRole::kMentor);
    if (on) out.emplace_back(p.department.empty() ? "unknown" : p.department, levelBand(p.level));
  }
  return out;
}

TEST(FairnessReport, NoDimensionEverLeavesFewerThanTheMinimumToSubtract) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const RunData run = randomRun(rng);
    const int minGroup = std::uniform_int_distribution<int>(2, 6)(rng);
    const json f = fairnessReport(run.input, run.result, minGroup);
    for (const bool mentees : {true, false}) {
      const auto total = static_cast<int64_t>(sidePeople(run, mentees).size());
      const json& side = f.at(mentees ? "mentees" : "mentors");
      for (const char* dim : {"byDepartment", "byLevel"}) {
        const json& d = side.at(dim);
        const int64_t suppressed = d.at("suppressedPeople").get<int64_t>();
        int64_t shownPeople = 0;
        for (const auto& g : d.at("groups")) {
          EXPECT_GE(g.at("people").get<int64_t>(), minGroup) << d.dump();
          shownPeople += g.at("people").get<int64_t>();
        }
        EXPECT_EQ(shownPeople + suppressed, total) << d.dump();
        // The totals minus the shown groups never isolate 1..minGroup-1 people.
        EXPECT_TRUE(suppressed == 0 || suppressed >= minGroup || d.at("groups").empty())
            << "round " << round << ", minGroup " << minGroup << ": " << d.dump();
      }
    }
  }
}

// The rank of a matrix, by Gaussian elimination.
size_t rankOf(std::vector<std::vector<double>> m) {
  size_t rank = 0;
  const size_t cols = m.empty() ? 0 : m[0].size();
  for (size_t c = 0; c < cols && rank < m.size(); ++c) {
    size_t pivot = rank;
    for (size_t r = rank; r < m.size(); ++r) {
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    }
    if (std::abs(m[pivot][c]) < 1e-9) continue;
    std::swap(m[pivot], m[rank]);
    for (size_t r = 0; r < m.size(); ++r) {
      if (r == rank) continue;
      const double k = m[r][c] / m[rank][c];
      for (size_t j = c; j < cols; ++j) m[r][j] -= k * m[rank][j];
    }
    ++rank;
  }
  return rank;
}

// Calls visit for every set of cells holding 1..budget people in all.
void forEachSmallSet(const std::vector<int64_t>& sizes, int64_t budget, size_t from,
                     std::vector<size_t>& chosen,
                     const std::function<void(const std::vector<size_t>&)>& visit) {
  for (size_t i = from; i < sizes.size(); ++i) {
    if (sizes[i] > budget) continue;
    chosen.push_back(i);
    visit(chosen);
    forEachSmallSet(sizes, budget - sizes[i], i + 1, chosen, visit);
    chosen.pop_back();
  }
}

TEST(FairnessReport, NoCombinationOfShownFiguresIsolatesFewerThanTheMinimum) {
  // Checked independently of how the report decides: the figures shown for a side are sums over
  // its totals and its shown groups. A combination of them is constant on each cell (department,
  // band) of the cross table, which the reader knows. It isolates a set U of cells when it is
  // nonzero and vanishes outside U, i.e. when dropping U's columns lowers the rank.
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    const RunData run = randomRun(rng);
    const int minGroup = std::uniform_int_distribution<int>(2, 6)(rng);
    const json f = fairnessReport(run.input, run.result, minGroup);
    for (const bool mentees : {true, false}) {
      const json& side = f.at(mentees ? "mentees" : "mentors");
      if (!side.at("totals").contains("matched")) continue;  // a side without figures
      std::map<std::pair<std::string, std::string>, int64_t> cellPeople;
      for (const auto& cell : sidePeople(run, mentees)) ++cellPeople[cell];
      std::vector<std::pair<std::string, std::string>> cells;
      std::vector<int64_t> sizes;
      for (const auto& [cell, n] : cellPeople) {
        cells.push_back(cell);
        sizes.push_back(n);
      }
      std::vector<std::vector<double>> shown;
      shown.emplace_back(cells.size(), 1.0);  // the totals
      for (const auto& g : side["byDepartment"]["groups"]) {
        auto& row = shown.emplace_back(cells.size(), 0.0);
        for (size_t c = 0; c < cells.size(); ++c) row[c] = cells[c].first == g["name"] ? 1.0 : 0.0;
      }
      for (const auto& g : side["byLevel"]["groups"]) {
        auto& row = shown.emplace_back(cells.size(), 0.0);
        for (size_t c = 0; c < cells.size(); ++c) row[c] = cells[c].second == g["name"] ? 1.0 : 0.0;
      }
      const size_t full = rankOf(shown);
      std::vector<size_t> chosen;
      forEachSmallSet(sizes, minGroup - 1, 0, chosen, [&](const std::vector<size_t>& u) {
        std::vector<std::vector<double>> rest = shown;
        for (auto& row : rest) {
          for (auto it = u.rbegin(); it != u.rend(); ++it) {
            row.erase(row.begin() + static_cast<std::ptrdiff_t>(*it));
          }
        }
        EXPECT_EQ(rankOf(rest), full)
            << "round " << round << ", minGroup " << minGroup << ": a combination isolates "
            << u.size() << " cells of " << side.dump();
      });
    }
  }
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
