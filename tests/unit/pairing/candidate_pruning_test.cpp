// The pruning of the candidate search (facts as bitsets, key bounds, bands) against the plain
// definition of the top K, on instances built to reach its fallbacks: families and classes too
// large for the tables, availability aligned to hours, half-hours, quarter-hours or nothing, and
// many mentors tied on everything but availability or id.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "pairing/candidate_builder.h"
#include "pairing/internal/bit_count.h"
#include "pairing/internal/candidate_feature_index.h"

namespace tandem::pairing {
namespace {

using mentoring::Direction;

std::string hhmm(int t) {
  return (t / 60 < 10 ? "0" : "") + std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") +
         std::to_string(t % 60);
}

PairingInput withPeople(std::vector<PairingPerson> people) {
  PairingInput in;
  in.referenceDate = "2027-01-11";
  in.people = std::move(people);
  return in;
}

// (mentor dense index, score) of every edge of mentee e.
std::vector<std::pair<int32_t, int64_t>> edgesOf(const CandidateSet& cs, size_t e) {
  std::vector<std::pair<int32_t, int64_t>> got;
  for (const auto& edge : cs.graph.edges) {
    if (edge.mentee == static_cast<int32_t>(e)) got.emplace_back(edge.mentor, edge.score);
  }
  return got;
}

// The top K of candidate_builder.h computed naively: sharing mentors first, then by score, then
// by lower mentor index; sorted by mentor index.
std::vector<std::pair<int32_t, int64_t>> definition(const PairingInput& in,
                                                    const PairScorer& scorer,
                                                    const CandidateSet& cs, size_t e) {
  const ConstraintChecker checker(in, scorer);
  const int32_t menteeP = cs.menteePerson[e];
  const auto& wanted = scorer.person(menteeP).learn;
  std::vector<std::tuple<int, int64_t, int32_t>> all;
  for (size_t m = 0; m < cs.mentorIds.size(); ++m) {
    const int32_t mentorP = cs.mentorPerson[m];
    if (mentorP == menteeP || checker.check(mentorP, menteeP, false) != 0) continue;
    const int64_t s = scorer.score(mentorP, menteeP);
    if (s <= 0) continue;
    bool sharing = false;
    for (const auto& t : scorer.person(mentorP).teach) {
      for (const auto& w : wanted) sharing |= t.skillId == w.skillId;
    }
    all.emplace_back(sharing ? 0 : 1, -s, static_cast<int32_t>(m));
  }
  std::sort(all.begin(), all.end());
  all.resize(std::min(all.size(), static_cast<size_t>(in.settings.candidatesPerMentee)));
  std::vector<std::pair<int32_t, int64_t>> expected;
  for (const auto& [sharing, negScore, m] : all) expected.emplace_back(m, -negScore);
  std::sort(expected.begin(), expected.end());
  return expected;
}

void expectDefinition(const PairingInput& in, int threads) {
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk()) << scorer.status().toString();
  CandidateBuildOptions options;
  options.threads = threads;
  auto cs = buildCandidates(in, *scorer, options);
  ASSERT_TRUE(cs.isOk()) << cs.status().toString();
  size_t edges = 0;
  for (size_t e = 0; e < cs->menteeIds.size(); ++e) {
    const auto expected = definition(in, *scorer, *cs, e);
    ASSERT_EQ(edgesOf(*cs, e), expected) << "mentee " << cs->menteeIds[e];
    edges += expected.size();
  }
  EXPECT_GT(edges, 0u);
}

TEST(CandidatePruning, CoarseHoursBoundTheOverlapAndAreExactWhenAligned) {
  std::mt19937 rng(7);
  auto r = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const int32_t week = 7 * 24 * 60;
  for (int trial = 0; trial < 500; ++trial) {
    const int step = trial % 3 == 0 ? 60 : trial % 3 == 1 ? 15 : 1;
    std::vector<std::pair<int32_t, int32_t>> a;
    std::vector<std::pair<int32_t, int32_t>> b;
    for (auto* w : {&a, &b}) {
      int32_t at = 0;
      for (int n = r(4); n > 0; --n) {
        const int32_t from = at + r(600 / step + 1) * step;
        const int32_t to = std::min(week, from + (1 + r(240 / step + 1)) * step);
        if (from >= week) break;
        w->emplace_back(from, to);
        at = to + step;
      }
    }
    int32_t overlap = 0;
    for (const auto& x : a) {
      for (const auto& y : b) {
        overlap += std::max(0, std::min(x.second, y.second) - std::max(x.first, y.first));
      }
    }
    internal::HourBits ha{};
    internal::HourBits hb{};
    const bool alignedA = internal::coarseHours(a, ha);
    const bool alignedB = internal::coarseHours(b, hb);
    int32_t common = 0;
    for (size_t w = 0; w < internal::kHourWords; ++w) {
      uint64_t x = ha[w] & hb[w];
      for (; x != 0; x &= x - 1) ++common;
    }
    EXPECT_LE(overlap, 60 * common) << "trial " << trial;
    if (alignedA && alignedB) {
      EXPECT_EQ(overlap, 60 * common) << "trial " << trial;
    }
    if (step == 60) {
      EXPECT_TRUE(alignedA && alignedB);
    }
  }
}

// Every fact is implied by its part being positive, and the department and language facts are
// exact; checked pair by pair against the scorer.
TEST(CandidatePruning, FactsHoldWheneverTheirPartIsPositive) {
  std::mt19937 rng(11);
  auto r = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* deps[] = {"Data", "Finance", "", "data", "Sales"};
  const char* langs[] = {"en", "fr", "EN", "de"};
  const char* zones[] = {"Europe/Paris", "Asia/Kathmandu", "", "America/New_York"};
  std::vector<PairingPerson> people;
  for (int i = 0; i < 160; ++i) {
    PairingPerson p;
    p.id = i + 1;
    p.role = i < 70 ? PairingRole::kMentor : PairingRole::kMentee;
    p.department = deps[r(5)];
    for (int l = r(3); l > 0; --l) p.languages.push_back(langs[r(4)]);
    p.timeZone = zones[r(4)];
    for (int w = r(4); w > 0; --w) {
      const int from = 420 + r(10) * 45 + r(2) * r(60);
      p.availability.push_back({1 + r(7), hhmm(from), hhmm(std::min(1440, from + 15 + r(200)))});
    }
    for (int64_t s = 1; s <= 6; ++s) {
      if (r(3) == 0) p.skills.push_back({s, Direction::kTeach, 1 + r(5)});
      if (r(3) == 0) p.skills.push_back({s, Direction::kLearn, 1 + r(5)});
    }
    people.push_back(p);
  }
  const PairingInput in = withPeople(people);
  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk());
  std::vector<int32_t> mentors;
  std::vector<int32_t> mentees;
  for (int32_t i = 0; i < scorer->size(); ++i) {
    (scorer->person(i).role == PairingRole::kMentor ? mentors : mentees).push_back(i);
  }
  std::vector<int64_t> learnSkills;
  std::vector<const PersonProfile*> profiles;
  for (int32_t m : mentors) {
    profiles.push_back(&scorer->person(m));
    for (const auto& l : scorer->person(m).learn) learnSkills.push_back(l.skillId);
  }
  std::sort(learnSkills.begin(), learnSkills.end());
  learnSkills.erase(std::unique(learnSkills.begin(), learnSkills.end()), learnSkills.end());
  const internal::CandidateFeatureIndex index(profiles, learnSkills);
  internal::MenteeFeatures facts;
  size_t reverseSeen = 0;
  size_t availabilitySeen = 0;
  for (int32_t e : mentees) {
    const PersonProfile& mentee = scorer->person(e);
    std::vector<int32_t> teach;
    for (const auto& t : mentee.teach) {
      const auto it = std::lower_bound(learnSkills.begin(), learnSkills.end(), t.skillId);
      if (it != learnSkills.end() && *it == t.skillId) {
        teach.push_back(static_cast<int32_t>(it - learnSkills.begin()));
      }
    }
    internal::HourBits hours{};
    internal::coarseHours(mentee.utcWindows, hours);
    index.forMentee(mentee, teach, hours, facts);
    for (size_t m = 0; m < mentors.size(); ++m) {
      const int32_t mentorP = mentors[m];
      const uint32_t f = facts.of(m);
      using Facts = internal::CandidateFeatureIndex;
      EXPECT_EQ((f & Facts::kDifferentDepartment) != 0,
                scorer->differentDepartments(mentorP, e));
      EXPECT_EQ((f & Facts::kSharedLanguage) != 0, scorer->shareLanguage(mentorP, e));
      const PairScore parts = scorer->explain(mentorP, e);
      for (const auto& part : parts.parts) {
        if (part.name == "reverseSkills" && part.points > 0) {
          ++reverseSeen;
          EXPECT_NE(f & Facts::kReverseSkill, 0u);
        }
        if (part.name == "availability" && part.points > 0) {
          ++availabilitySeen;
          EXPECT_NE(f & Facts::kAvailability, 0u);
        }
      }
      if (scorer->overlapMinutes(mentorP, e) > 0) {
        EXPECT_NE(f & Facts::kAvailability, 0u);
      }
    }
  }
  EXPECT_GT(reverseSeen, 0u);
  EXPECT_GT(availabilitySeen, 0u);
}

// More departments, languages and learn skills than the fact families hold (kMaxGroups) and more
// distinct language sets and learn lists than the key classes hold: the bounds fall back to the
// parts' maxima and the top K is still the definition's.
TEST(CandidatePruning, TooManyGroupsAndClassesFallBackToExactSearch) {
  std::mt19937 rng(3);
  auto r = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const int kMentors = 4200;
  const int kMentees = 12;
  std::vector<PairingPerson> people;
  for (int i = 0; i < kMentors + kMentees; ++i) {
    PairingPerson p;
    p.id = i + 1;
    const bool isMentor = i < kMentors;
    p.role = isMentor ? PairingRole::kMentor : PairingRole::kMentee;
    p.level = isMentor ? 1 : 6;
    p.department = "dep" + std::to_string(isMentor ? i : r(kMentors));
    p.languages = {"lang" + std::to_string(isMentor ? i : r(kMentors))};
    if (r(2) == 0) p.languages.push_back("en");
    p.timeZone = "Europe/Paris";
    p.availability.push_back({1 + r(5), hhmm(480 + 30 * r(12)), hhmm(720 + 30 * r(10))});
    if (isMentor) {
      p.skills.push_back({1 + r(3), Direction::kTeach, 3 + r(3)});
      p.skills.push_back({100 + i, Direction::kLearn, 1 + r(2)});  // a learn list of its own
    } else {
      p.skills.push_back({1 + r(3), Direction::kLearn, 1 + r(3)});
      for (int t = 0; t < 300; ++t) p.skills.push_back({100 + r(kMentors), Direction::kTeach, 5});
    }
    people.push_back(p);
  }
  PairingInput in = withPeople(people);
  in.settings.candidatesPerMentee = 7;
  expectDefinition(in, 2);
}

// Many mentors equal on every part but availability (windows on the hour, the half-hour, the
// quarter-hour and odd minutes, zones with 30- and 45-minute offsets), and some equal on
// everything: the bands and bounds keep exactly the best K, ties to the lower id.
TEST(CandidatePruning, AvailabilityAndTiesDecideAmongEqualMentors) {
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    std::mt19937 rng(seed);
    auto r = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char* zones[] = {"Europe/Paris", "Asia/Kolkata", "Asia/Kathmandu", "America/Chicago"};
    const int steps[] = {60, 30, 15, 1};
    std::vector<PairingPerson> people;
    for (int i = 0; i < 700; ++i) {
      PairingPerson p;
      p.id = i + 1;
      const bool isMentor = i < 600;
      p.role = isMentor ? PairingRole::kMentor : PairingRole::kMentee;
      p.level = isMentor ? 1 : 6;
      p.department = isMentor ? "Data" : "Finance";
      p.languages = {"en"};
      p.timeZone = zones[r(4)];
      const int step = steps[r(4)];
      if (i % 50 != 7) {  // a few people without availability
        for (int w = 1 + r(3); w > 0; --w) {
          const int from = 480 + (r(600) / step) * step;
          const int len = std::max(step, (r(240) / step) * step);
          p.availability.push_back({1 + r(5), hhmm(from), hhmm(std::min(1440, from + len))});
        }
      }
      p.skills.push_back({1, isMentor ? Direction::kTeach : Direction::kLearn, isMentor ? 5 : 1});
      if (r(3) == 0) p.skills.push_back({2, isMentor ? Direction::kLearn : Direction::kTeach, 4});
      people.push_back(p);
    }
    PairingInput in = withPeople(people);
    in.settings.candidatesPerMentee = 1 + r(12);
    if (seed % 2 == 0) in.settings.constraints.minAvailabilityOverlapMinutes = 30;
    expectDefinition(in, 1 + static_cast<int>(seed % 2));
  }
}

// Mentees are searched in order of their learn list, and a run of mentees with the same list
// shares the skill groups: lists that are prefixes of each other, equal skills at other levels and
// empty lists, interleaved among mentees who differ in everything else, still give every mentee
// exactly its own top K, the edges by (mentee, mentor) and the mentees without candidate by id,
// the same with one thread or two.
TEST(CandidatePruning, MenteesWithTheSameLearnListShareTheirGroups) {
  std::mt19937 rng(11);
  auto r = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::vector<std::pair<int, int>>> lists = {
      {{1, 1}}, {{1, 1}, {2, 2}}, {{1, 2}, {2, 2}}, {{1, 1}, {2, 2}, {3, 1}}, {}, {{3, 3}}};
  const char* zones[] = {"Europe/Paris", "Asia/Kolkata", "America/Chicago"};
  std::vector<PairingPerson> people;
  for (int i = 0; i < 900; ++i) {
    PairingPerson p;
    p.id = 1000 + 7 * i;
    const bool isMentor = i % 3 == 0;
    p.role = isMentor ? PairingRole::kMentor : PairingRole::kMentee;
    p.level = isMentor ? 1 + r(3) : 5 + r(4);
    p.department = "dep" + std::to_string(r(6));
    p.languages = {r(10) == 0 ? "lang" + std::to_string(i) : "en"};  // some share no language
    p.timeZone = zones[r(3)];
    if (i > 3 && r(4) == 0) {  // a manager (and that manager's chain) among the earlier people
      const PairingPerson& boss = people[static_cast<size_t>(r(i))];
      p.managerChain = {boss.id};
      p.managerChain.insert(p.managerChain.end(), boss.managerChain.begin(),
                            boss.managerChain.end());
    }
    for (int w = r(3); w > 0; --w) {
      const int from = 420 + 30 * r(20);
      p.availability.push_back({1 + r(5), hhmm(from), hhmm(std::min(1440, from + 60 + 30 * r(6)))});
    }
    if (isMentor) {
      for (int t = 1 + r(3); t > 0; --t)
        p.skills.push_back({1 + r(3), Direction::kTeach, 2 + r(4)});
      if (r(2) == 0) p.skills.push_back({10 + r(3), Direction::kLearn, 1 + r(3)});
    } else {
      for (const auto& [skill, level] : lists[static_cast<size_t>(r(6))]) {
        p.skills.push_back({skill, Direction::kLearn, level});
      }
      if (r(2) == 0) p.skills.push_back({10 + r(3), Direction::kTeach, 2 + r(3)});
    }
    people.push_back(p);
  }
  PairingInput in = withPeople(people);
  in.settings.candidatesPerMentee = 9;
  in.settings.constraints.sharedLanguageRequired = true;
  expectDefinition(in, 2);

  auto scorer = PairScorer::create(in);
  ASSERT_TRUE(scorer.isOk()) << scorer.status().toString();
  std::vector<CandidateSet> built;
  for (int threads : {1, 2}) {
    CandidateBuildOptions options;
    options.threads = threads;
    auto cs = buildCandidates(in, *scorer, options);
    ASSERT_TRUE(cs.isOk()) << cs.status().toString();
    built.push_back(*std::move(cs));
  }
  const auto& edges = built[0].graph.edges;
  ASSERT_GT(built[0].noCandidate.size(), 1u);
  EXPECT_TRUE(std::is_sorted(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
    return std::tie(a.mentee, a.mentor) < std::tie(b.mentee, b.mentor);
  }));
  EXPECT_TRUE(std::is_sorted(
      built[0].noCandidate.begin(), built[0].noCandidate.end(),
      [](const NoCandidate& a, const NoCandidate& b) { return a.menteeId < b.menteeId; }));
  ASSERT_EQ(edges.size(), built[1].graph.edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    ASSERT_EQ(std::tie(edges[i].mentee, edges[i].mentor, edges[i].score),
              std::tie(built[1].graph.edges[i].mentee, built[1].graph.edges[i].mentor,
                       built[1].graph.edges[i].score));
  }
  ASSERT_EQ(built[0].noCandidate.size(), built[1].noCandidate.size());
  for (size_t i = 0; i < built[0].noCandidate.size(); ++i) {
    EXPECT_EQ(built[0].noCandidate[i].menteeId, built[1].noCandidate[i].menteeId);
  }
}

// The portable common-bit count, the popcnt one (where this processor has it) and the one picked
// at run time agree with a plain count, on sparse, dense, empty and full bitsets.
template <size_t kWords>
void expectCommonBitsAgree(std::mt19937_64& rng) {
  for (int trial = 0; trial < 2000; ++trial) {
    std::array<uint64_t, kWords> a{};
    std::array<uint64_t, kWords> b{};
    for (size_t w = 0; w < kWords; ++w) {
      const int kind = trial % 4;  // random, sparse, dense, empty/full
      a[w] = kind == 1   ? rng() & rng() & rng()
             : kind == 2 ? rng() | rng()
             : kind == 3 ? ~0ULL
                         : rng();
      b[w] = kind == 3 ? (trial % 8 == 3 ? 0 : ~0ULL) : rng() | (kind == 2 ? rng() : 0);
    }
    int32_t expected = 0;
    for (size_t w = 0; w < kWords; ++w) {
      for (uint64_t x = a[w] & b[w]; x != 0; x &= x - 1) ++expected;
    }
    ASSERT_EQ(internal::commonBitsPortable<kWords>(a.data(), b.data()), expected);
    ASSERT_EQ(internal::commonBitsFor<kWords>()(a.data(), b.data()), expected);
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("popcnt")) {
      ASSERT_EQ(internal::commonBitsPopcnt<kWords>(a.data(), b.data()), expected);
    }
#endif
  }
}

TEST(CandidatePruning, CommonBitCountsAgreeWithAndWithoutPopcnt) {
  std::mt19937_64 rng(5);
  expectCommonBitsAgree<3>(rng);
  expectCommonBitsAgree<6>(rng);
  expectCommonBitsAgree<11>(rng);
  expectCommonBitsAgree<31>(rng);
}

}  // namespace
}  // namespace tandem::pairing
