#include "pairing/fairness_report.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tandem::pairing {

using nlohmann::json;

namespace {

// Counts of one group of one side. Scores in thousandths of a point.
struct GroupStats {
  int64_t people = 0;
  int64_t matched = 0;
  int64_t pairs = 0;
  int64_t scoreSum = 0;

  void add(int64_t personPairs, int64_t personScoreSum) {
    ++people;
    if (personPairs > 0) ++matched;
    pairs += personPairs;
    scoreSum += personScoreSum;
  }
};

// A person's pairs on one side: how many, and the sum of their scores.
struct PersonPairs {
  int64_t count = 0;
  int64_t scoreSum = 0;
};

struct SideStats {
  GroupStats totals;
  std::map<std::string, GroupStats> byDepartment;
  std::map<std::string, GroupStats> byLevel;
  std::map<std::string, int64_t> unmatched;  // code -> people
};

json statsJson(const GroupStats& s) {
  json out = json::object();
  out["people"] = s.people;
  out["matched"] = s.matched;
  const double rate =
      s.people == 0 ? 0.0 : static_cast<double>(s.matched) / static_cast<double>(s.people);
  out["matchRate"] = static_cast<double>(std::llround(rate * 10000.0)) / 10000.0;
  if (s.pairs == 0) {
    out["meanScore"] = nullptr;
  } else {
    const double meanThousandths = static_cast<double>(s.scoreSum) / static_cast<double>(s.pairs);
    out["meanScore"] = static_cast<double>(std::llround(meanThousandths)) / 1000.0;
  }
  return out;
}

json dimensionJson(const std::map<std::string, GroupStats>& groups, int64_t minGroup) {
  // Groups under minGroup are suppressed. Then, while the suppressed people number 1..minGroup-1,
  // their figures would follow from the totals minus the groups shown, so the smallest shown
  // group (fewest people, then first by name) is suppressed too (complementary suppression).
  std::vector<const std::pair<const std::string, GroupStats>*> shown;
  int64_t suppressed = 0;
  for (const auto& entry : groups) {  // std::map: sorted by name
    if (entry.second.people < minGroup) {
      suppressed += entry.second.people;
    } else {
      shown.push_back(&entry);
    }
  }
  while (suppressed > 0 && suppressed < minGroup && !shown.empty()) {
    const auto smallest = std::min_element(shown.begin(), shown.end(), [](auto* a, auto* b) {
      return a->second.people != b->second.people ? a->second.people < b->second.people
                                                  : a->first < b->first;
    });
    suppressed += (*smallest)->second.people;
    shown.erase(smallest);
  }
  json listed = json::array();
  for (const auto* entry : shown) {
    json g = statsJson(entry->second);
    g["name"] = entry->first;
    listed.push_back(std::move(g));
  }
  return json{{"groups", std::move(listed)}, {"suppressedPeople", suppressed}};
}

json sideJson(const SideStats& side, int64_t minGroup) {
  json out = json::object();
  if (side.totals.people < minGroup) {
    out["totals"] = json{{"people", side.totals.people}};
  } else {
    out["totals"] = statsJson(side.totals);
    json unmatched = json::object();
    for (const auto& [code, n] : side.unmatched) unmatched[code] = n;
    out["unmatched"] = std::move(unmatched);
  }
  out["byDepartment"] = dimensionJson(side.byDepartment, minGroup);
  out["byLevel"] = dimensionJson(side.byLevel, minGroup);
  return out;
}

void addPerson(SideStats& side, const PairingPerson& p, const PersonPairs& pairs) {
  side.totals.add(pairs.count, pairs.scoreSum);
  side.byDepartment[p.department.empty() ? "unknown" : p.department].add(pairs.count,
                                                                         pairs.scoreSum);
  side.byLevel[levelBand(p.level)].add(pairs.count, pairs.scoreSum);
}

}  // namespace

std::string levelBand(const std::optional<int>& level) {
  if (!level) return "unknown";
  if (*level <= 2) return "0-2";
  if (*level <= 5) return "3-5";
  if (*level <= 8) return "6-8";
  return "9+";
}

json fairnessReport(const PairingInput& input, const PairingResult& result, int minGroup) {
  const int64_t min = std::max(minGroup, 1);
  std::map<int64_t, PersonPairs> asMentee;
  std::map<int64_t, PersonPairs> asMentor;
  for (const auto& p : result.pairs) {
    auto& mentee = asMentee[p.menteeId];
    ++mentee.count;
    mentee.scoreSum += p.score;
    auto& mentor = asMentor[p.mentorId];
    ++mentor.count;
    mentor.scoreSum += p.score;
  }
  const auto pairsOf = [](const std::map<int64_t, PersonPairs>& m, int64_t id) {
    const auto it = m.find(id);
    return it == m.end() ? PersonPairs{} : it->second;
  };

  SideStats mentees;
  SideStats mentors;
  for (const auto& p : input.people) {
    if (p.role == PairingRole::kMentee || p.role == PairingRole::kBoth) {
      addPerson(mentees, p, pairsOf(asMentee, p.id));
    }
    if (p.role == PairingRole::kMentor || p.role == PairingRole::kBoth) {
      addPerson(mentors, p, pairsOf(asMentor, p.id));
    }
  }
  for (const auto& u : result.unmatched) {
    ++(u.role == PairingRole::kMentor ? mentors : mentees).unmatched[u.code];
  }

  return json{{"minGroup", min},
              {"levelBands", json::array({"0-2", "3-5", "6-8", "9+", "unknown"})},
              {"mentees", sideJson(mentees, min)},
              {"mentors", sideJson(mentors, min)}};
}

}  // namespace tandem::pairing
