#include "pairing/fairness_report.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
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
  std::map<std::pair<std::string, std::string>, int64_t> cells;  // (department, band) -> people
  std::map<std::string, int64_t> unmatched;                      // code -> people
};

// One dimension of a side: its groups by name and which of them are hidden.
struct Dimension {
  const std::map<std::string, GroupStats>* groups = nullptr;
  std::set<std::string> hidden;
  int64_t hiddenPeople = 0;

  bool shown(const std::string& name) const { return hidden.count(name) == 0; }
  bool anyShown() const { return hidden.size() < groups->size(); }
  void hide(const std::string& name) {
    if (hidden.insert(name).second) hiddenPeople += groups->at(name).people;
  }
};

// The classes of a dimension that a reader can tell apart: each shown group in name order, then
// the hidden groups together (the "rest"), present when any group is hidden.
struct Classes {
  std::map<std::string, size_t> of;  // group name -> class
  size_t count = 0;
  std::optional<size_t> rest;

  explicit Classes(const Dimension& d) {
    for (const auto& [name, stats] : *d.groups) {
      if (d.shown(name)) of[name] = count++;
    }
    if (!d.hidden.empty()) rest = count++;
    for (const auto& name : d.hidden) of[name] = *rest;
  }
};

// Groups under minGroup are hidden. Then, while the hidden people number 1..minGroup-1, their
// figures would follow from the totals minus the shown groups, so the smallest shown group
// (fewest people, then first by name) is hidden too. A shown group has at least minGroup people,
// so this hides one group at most.
void suppressWithin(Dimension& d, int64_t minGroup) {
  for (const auto& [name, stats] : *d.groups) {
    if (stats.people < minGroup) d.hide(name);
  }
  while (d.hiddenPeople > 0 && d.hiddenPeople < minGroup && d.anyShown()) {
    const std::string* smallest = nullptr;
    for (const auto& [name, stats] : *d.groups) {  // std::map: by name, so ties keep the first
      if (d.shown(name) && (smallest == nullptr || stats.people < d.groups->at(*smallest).people)) {
        smallest = &name;
      }
    }
    d.hide(*smallest);
  }
}

// A split of the classes of both dimensions into two sides. The people of a cross-table cell
// whose department class and band class lie on different sides are the split's "cut" people.
struct Split {
  std::vector<bool> rowSide;  // per department class
  std::vector<bool> colSide;  // per band class
};

// A split cutting 1..minGroup-1 people, if any. people[row][col] counts the people of a cell.
// Every split of the band classes is tried (at most five classes: 32 splits); each department
// class then takes the side cutting fewer of its people, which gives the split's least cut, or,
// when that is 0, one department class flips to give its least positive cut.
std::optional<Split> smallSplit(const std::vector<std::vector<int64_t>>& people, size_t cols,
                                int64_t minGroup) {
  const size_t rows = people.size();
  for (uint32_t mask = 0; mask < (uint32_t{1} << cols); ++mask) {
    Split s;
    s.colSide.resize(cols);
    for (size_t c = 0; c < cols; ++c) s.colSide[c] = ((mask >> c) & 1U) != 0;
    s.rowSide.resize(rows);
    int64_t cut = 0;
    std::optional<size_t> flip;
    int64_t flipCut = 0;
    for (size_t r = 0; r < rows; ++r) {
      int64_t onTrue = 0;
      int64_t onFalse = 0;
      for (size_t c = 0; c < cols; ++c) (s.colSide[c] ? onTrue : onFalse) += people[r][c];
      s.rowSide[r] = onTrue >= onFalse;
      const int64_t least = std::min(onTrue, onFalse);
      const int64_t most = std::max(onTrue, onFalse);
      cut += least;
      if (least == 0 && (!flip || most < flipCut)) {
        flip = r;
        flipCut = most;
      }
    }
    if (cut == 0 && flip) {
      s.rowSide[*flip] = !s.rowSide[*flip];
      cut = flipCut;
    }
    if (cut >= 1 && cut < minGroup) return s;
  }
  return std::nullopt;
}

// Across the two dimensions: while some split of the classes cuts 1..minGroup-1 people (whose
// figures a combination of the shown ones then gives, see the header), one more group is hidden.
// Hiding a shown group moves its people into its dimension's rest; that changes the split only
// when the rest lies on the other side. So the group hidden is the smallest shown one whose rest
// lies on the other side, else the smallest shown one with cut people (ties: department before
// band, then by name). Each round hides a group, so this ends; it is deterministic, not minimal.
void suppressAcross(const SideStats& side, Dimension& dep, Dimension& lvl, int64_t minGroup) {
  while (dep.anyShown() || lvl.anyShown()) {
    const Classes rowsOf(dep);
    const Classes colsOf(lvl);
    std::vector<std::vector<int64_t>> people(rowsOf.count, std::vector<int64_t>(colsOf.count, 0));
    for (const auto& [cell, n] : side.cells) {
      people[rowsOf.of.at(cell.first)][colsOf.of.at(cell.second)] += n;
    }
    const auto split = smallSplit(people, colsOf.count, minGroup);
    if (!split) return;

    // (people, dimension: 0 department / 1 band, name) of the candidates of each kind.
    using Candidate = std::tuple<int64_t, int, std::string>;
    std::optional<Candidate> acrossRest;
    std::optional<Candidate> onCut;
    const auto consider = [](std::optional<Candidate>& best, Candidate c) {
      if (!best || c < *best) best = std::move(c);
    };
    for (const auto& [name, row] : rowsOf.of) {
      if (!dep.shown(name)) continue;
      const Candidate c{dep.groups->at(name).people, 0, name};
      if (rowsOf.rest && split->rowSide[row] != split->rowSide[*rowsOf.rest]) {
        consider(acrossRest, c);
      }
      for (size_t col = 0; col < colsOf.count; ++col) {
        if (people[row][col] > 0 && split->rowSide[row] != split->colSide[col]) consider(onCut, c);
      }
    }
    for (const auto& [name, col] : colsOf.of) {
      if (!lvl.shown(name)) continue;
      const Candidate c{lvl.groups->at(name).people, 1, name};
      if (colsOf.rest && split->colSide[col] != split->colSide[*colsOf.rest]) {
        consider(acrossRest, c);
      }
      for (size_t row = 0; row < rowsOf.count; ++row) {
        if (people[row][col] > 0 && split->rowSide[row] != split->colSide[col]) consider(onCut, c);
      }
    }
    const auto& chosen = acrossRest ? acrossRest : onCut;
    // A shown group always lies across its rest or has cut people (else no one would be cut).
    if (!chosen) return;
    (std::get<1>(*chosen) == 0 ? dep : lvl).hide(std::get<2>(*chosen));
  }
}

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

json dimensionJson(const Dimension& d) {
  json listed = json::array();
  for (const auto& [name, stats] : *d.groups) {  // std::map: sorted by name
    if (!d.shown(name)) continue;
    json g = statsJson(stats);
    g["name"] = name;
    listed.push_back(std::move(g));
  }
  return json{{"groups", std::move(listed)}, {"suppressedPeople", d.hiddenPeople}};
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
  Dimension dep{&side.byDepartment, {}, 0};
  Dimension lvl{&side.byLevel, {}, 0};
  suppressWithin(dep, minGroup);
  suppressWithin(lvl, minGroup);
  suppressAcross(side, dep, lvl, minGroup);
  out["byDepartment"] = dimensionJson(dep);
  out["byLevel"] = dimensionJson(lvl);
  return out;
}

void addPerson(SideStats& side, const PairingPerson& p, const PersonPairs& pairs) {
  const std::string department = p.department.empty() ? "unknown" : p.department;
  const std::string band = levelBand(p.level);
  side.totals.add(pairs.count, pairs.scoreSum);
  side.byDepartment[department].add(pairs.count, pairs.scoreSum);
  side.byLevel[band].add(pairs.count, pairs.scoreSum);
  ++side.cells[{department, band}];
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
