#include "pairing/candidate_builder.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cctype>
#include <limits>
#include <thread>

namespace tandem::pairing {

namespace {

std::string lowerCase(std::string_view s) {
  std::string out;
  for (char ch : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back())) != 0) out.pop_back();
  size_t b = 0;
  while (b < out.size() && std::isspace(static_cast<unsigned char>(out[b])) != 0) ++b;
  return out.substr(b);
}

bool containsCi(const std::vector<std::string>& list, const std::string& lowered) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& v) { return lowerCase(v) == lowered; });
}

std::string years(double y) {
  std::string s = std::to_string(y);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The first eligibility rule the person fails, or an empty rule.
std::pair<std::string, std::string> ineligibility(const PersonProfile& p,
                                                  const EligibilityRule& r,
                                                  std::string_view side) {
  const std::string as = " to be a " + std::string(side);
  if (containsCi(r.excludeEmployeeTypes, p.employeeType) ||
      (!r.employeeTypes.empty() && !containsCi(r.employeeTypes, p.employeeType))) {
    return {"employee_type",
            p.name + " is a " + p.employeeType + ", a type the program does not allow" + as};
  }
  const std::string dep = lowerCase(p.departmentName);
  if (!r.departments.empty() && !containsCi(r.departments, dep)) {
    return {"department", p.name + "'s department (" +
                              (p.departmentName.empty() ? "unknown" : p.departmentName) +
                              ") is not among the departments allowed" + as};
  }
  if (!dep.empty() && containsCi(r.excludeDepartments, dep)) {
    return {"department",
            p.name + "'s department (" + p.departmentName + ") is excluded" + as};
  }
  if (r.minLevel || r.maxLevel) {
    if (!p.level) return {"level", p.name + "'s level is unknown and the program bounds levels" + as};
    if (r.minLevel && *p.level < *r.minLevel) {
      return {"level", p.name + "'s level " + std::to_string(*p.level) + " is below the minimum " +
                           std::to_string(*r.minLevel) + as};
    }
    if (r.maxLevel && *p.level > *r.maxLevel) {
      return {"level", p.name + "'s level " + std::to_string(*p.level) + " is above the maximum " +
                           std::to_string(*r.maxLevel) + as};
    }
  }
  if (r.minTenureYears || r.maxTenureYears) {
    if (!p.tenureDays) {
      return {"tenure", p.name + "'s hire date is unknown and the program bounds tenure" + as};
    }
    const double y = static_cast<double>(*p.tenureDays) / 365.25;
    if (r.minTenureYears && y < *r.minTenureYears) {
      return {"tenure", p.name + " has less than the minimum " + years(*r.minTenureYears) +
                            " years of tenure" + as};
    }
    if (r.maxTenureYears && y > *r.maxTenureYears) {
      return {"tenure", p.name + " has more than the maximum " + years(*r.maxTenureYears) +
                            " years of tenure" + as};
    }
  }
  return {};
}

struct Ranked {
  int64_t score = 0;
  int32_t mentor = 0;  // dense index; lower wins ties
};
// "a is better than b".
bool better(const Ranked& a, const Ranked& b) {
  return a.score != b.score ? a.score > b.score : a.mentor < b.mentor;
}

// A bounded set of the best `k` entries; worst() is the worst kept. Reused across mentees
// (reset) so the hot loop does not allocate.
class TopK {
 public:
  void reset(size_t k) {
    k_ = k;
    heap_.clear();
    heap_.reserve(k);
  }
  bool full() const { return heap_.size() >= k_; }
  size_t size() const { return heap_.size(); }
  const Ranked& worst() const { return heap_.front(); }
  // Whether a mentor whose score is at most `bound` could still enter (k >= 1).
  bool mayEnter(int64_t bound) const { return !full() || bound >= worst().score; }
  // Whether this exact entry would enter (k >= 1).
  bool wouldEnter(const Ranked& r) const { return !full() || better(r, worst()); }
  void offer(const Ranked& r) {
    if (k_ == 0) return;
    if (!full()) {
      heap_.push_back(r);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(r, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = r;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  const std::vector<Ranked>& items() const { return heap_; }

 private:
  size_t k_ = 0;
  std::vector<Ranked> heap_;
};

// Unordered pair key of two scorer indices.
uint64_t pairKey(int32_t a, int32_t b) {
  const auto lo = static_cast<uint64_t>(static_cast<uint32_t>(std::min(a, b)));
  const auto hi = static_cast<uint64_t>(static_cast<uint32_t>(std::max(a, b)));
  return (lo << 32) | hi;
}

// Sorted keys of the pairs whose two people are both known to the scorer.
std::vector<uint64_t> pairKeys(const std::vector<PersonPair>& pairs, const PairScorer& scorer) {
  std::vector<uint64_t> out;
  for (const auto& p : pairs) {
    const int32_t a = scorer.indexOf(p.mentorId);
    const int32_t b = scorer.indexOf(p.menteeId);
    if (a >= 0 && b >= 0) out.push_back(pairKey(a, b));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Availability as bitsets of the week in UTC, at two resolutions: the 168 hours (3 words) and
// the 672 quarter-hours (11 words). When every window boundary of a person is a multiple of the
// resolution ("aligned"), the person's availability is exactly the union of the set bits, so the
// overlap of two people aligned at the same resolution is exactly popcount(a & b) x resolution
// minutes. A pair without a common resolution falls back to the scorer's exact interval walk.
constexpr int32_t kWeekMinutes = 7 * 24 * 60;
constexpr size_t kHourWords = (kWeekMinutes / 60 + 63) / 64;     // 3
constexpr size_t kQuarterWords = (kWeekMinutes / 15 + 63) / 64;  // 11

// Per-person flags of the compact tables.
constexpr uint8_t kHasLevel = 1;
constexpr uint8_t kHasTenure = 2;
constexpr uint8_t kHasWindows = 4;
constexpr uint8_t kHourAligned = 8;
constexpr uint8_t kQuarterAligned = 16;
constexpr uint8_t kHasLearn = 32;
constexpr uint8_t kLearnInline = 64;  // the learn list is in MentorHot (else in the CSR lists)

constexpr size_t kInlineLearn = 5;

// What the hot loop reads of one mentor, in one cache line (the mentors of a mentee are visited
// in index order of nothing in particular, so one line per mentor is what matters).
struct alignas(64) MentorHot {
  uint64_t languages = 0;                     // bit mask of interned languages (<= 64 exist)
  std::array<uint64_t, kHourWords> hours{};   // availability by UTC hour (when kHourAligned)
  int32_t person = 0;                         // scorer index
  int32_t department = -1;                    // interned; -1 unknown
  uint8_t flags = 0;
  uint8_t learnCount = 0;                     // when kLearnInline
  std::array<uint16_t, kInlineLearn> learnSkill{};  // index in the mentors' learn-skill space
  std::array<int8_t, kInlineLearn> learnLevel{};
};
static_assert(sizeof(MentorHot) == 64);

// Sets the bits of the windows at `resolution` minutes; false when a boundary is not aligned.
bool setBits(const std::vector<std::pair<int32_t, int32_t>>& windows, int32_t resolution,
             uint64_t* bits, size_t words) {
  std::fill(bits, bits + words, uint64_t{0});
  for (const auto& [from, to] : windows) {
    if (from % resolution != 0 || to % resolution != 0 || from < 0 || to > kWeekMinutes) {
      return false;
    }
    for (int32_t i = from / resolution; i < to / resolution; ++i) {
      const auto bit = static_cast<uint32_t>(i);
      bits[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  }
  return true;
}

// Fills both bitsets of a person's merged UTC windows; returns the alignment flags.
uint8_t fillAvailability(const std::vector<std::pair<int32_t, int32_t>>& windows, uint64_t* hours,
                         uint64_t* quarters) {
  uint8_t f = 0;
  if (setBits(windows, 60, hours, kHourWords)) f |= kHourAligned;
  if (setBits(windows, 15, quarters, kQuarterWords)) f |= kQuarterAligned;
  return f;
}

// Number of bits set in both a and b (portable: no popcnt instruction is assumed).
template <size_t kWords>
int32_t commonBits(const uint64_t* a, const uint64_t* b) {
  uint64_t bytes = 0;  // per-byte counts; each byte stays <= 8 x kWords < 256
  for (size_t w = 0; w < kWords; ++w) {
    uint64_t x = a[w] & b[w];
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    bytes += (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  }
  bytes = (bytes & 0x00FF00FF00FF00FFULL) + ((bytes >> 8) & 0x00FF00FF00FF00FFULL);
  bytes = (bytes & 0x0000FFFF0000FFFFULL) + ((bytes >> 16) & 0x0000FFFF0000FFFFULL);
  bytes = (bytes & 0x00000000FFFFFFFFULL) + (bytes >> 32);
  return static_cast<int32_t>(bytes);
}

uint8_t personFlags(const PersonProfile& p) {
  uint8_t f = 0;
  if (p.level) f |= kHasLevel;
  if (p.tenureDays) f |= kHasTenure;
  if (!p.utcWindows.empty()) f |= kHasWindows;
  if (!p.learn.empty()) f |= kHasLearn;
  return f;
}

}  // namespace

std::string_view constraintName(Constraint c) {
  switch (c) {
    case Constraint::kLevelGap:
      return "level_gap";
    case Constraint::kReportingChain:
      return "reporting_chain";
    case Constraint::kDepartment:
      return "department";
    case Constraint::kSharedLanguage:
      return "shared_language";
    case Constraint::kAvailability:
      return "availability";
    case Constraint::kRepeatPair:
      return "repeat_pair";
    case Constraint::kBlocked:
      return "blocked";
    case Constraint::kZeroScore:
      return "zero_score";
  }
  return "unknown";
}

std::string constraintDescription(Constraint c, const ProgramSettings& s) {
  switch (c) {
    case Constraint::kLevelGap:
      return "the mentor must be at least " + std::to_string(s.constraints.minLevelGap) +
             " levels below the mentee (or, when a level is unknown, have " +
             years(s.constraints.tenureFallbackYears) + " fewer years of tenure)";
    case Constraint::kReportingChain:
      return "the mentor and the mentee must not be in each other's reporting chain";
    case Constraint::kDepartment:
      return "the mentor and the mentee must work in different (known) departments";
    case Constraint::kSharedLanguage:
      return "the mentor and the mentee must share a language";
    case Constraint::kAvailability:
      return "their weekly availability must overlap by at least " +
             std::to_string(s.constraints.minAvailabilityOverlapMinutes) + " minutes";
    case Constraint::kRepeatPair:
      return "they were paired before and the program does not allow repeat pairs";
    case Constraint::kBlocked:
      return "HR blocked the pair";
    case Constraint::kZeroScore:
      return "the pair has nothing in common to score (no skill, language, availability or "
             "department benefit)";
  }
  return "";
}

ConstraintChecker::ConstraintChecker(const PairingInput& input, const PairScorer& scorer)
    : scorer_(scorer),
      c_(scorer.settings().constraints),
      fallbackDays_(scorer.settings().constraints.tenureFallbackYears * 365.25),
      blocked_(pairKeys(input.blocks, scorer)) {
  if (!c_.allowRepeatPairs) previous_ = pairKeys(input.previousPairs, scorer);
}

uint64_t ConstraintChecker::key(int32_t a, int32_t b) { return pairKey(a, b); }

uint32_t ConstraintChecker::check(int32_t mentor, int32_t mentee, bool all) const {
  uint32_t failed = 0;
  auto fail = [&](Constraint c) { failed |= 1u << static_cast<unsigned>(c); };
  const PersonProfile& a = scorer_.person(mentor);
  const PersonProfile& b = scorer_.person(mentee);
  bool gapOk = false;
  if (a.level && b.level) {
    gapOk = *b.level - *a.level >= c_.minLevelGap;
  } else if (a.tenureDays && b.tenureDays) {
    gapOk = static_cast<double>(*b.tenureDays - *a.tenureDays) >= fallbackDays_;
  }
  if (!gapOk) {
    fail(Constraint::kLevelGap);
    if (!all) return failed;
  }
  if (std::find(b.managerChain.begin(), b.managerChain.end(), a.id) != b.managerChain.end() ||
      std::find(a.managerChain.begin(), a.managerChain.end(), b.id) != a.managerChain.end()) {
    fail(Constraint::kReportingChain);
    if (!all) return failed;
  }
  if (c_.department == DepartmentRule::kRequiredDifferent &&
      !scorer_.differentDepartments(mentor, mentee)) {
    fail(Constraint::kDepartment);
    if (!all) return failed;
  }
  if (c_.sharedLanguageRequired && !scorer_.shareLanguage(mentor, mentee)) {
    fail(Constraint::kSharedLanguage);
    if (!all) return failed;
  }
  if (c_.minAvailabilityOverlapMinutes > 0 &&
      scorer_.overlapMinutes(mentor, mentee) < c_.minAvailabilityOverlapMinutes) {
    fail(Constraint::kAvailability);
    if (!all) return failed;
  }
  if (!previous_.empty() &&
      std::binary_search(previous_.begin(), previous_.end(), key(mentor, mentee))) {
    fail(Constraint::kRepeatPair);
    if (!all) return failed;
  }
  if (!blocked_.empty() &&
      std::binary_search(blocked_.begin(), blocked_.end(), key(mentor, mentee))) {
    fail(Constraint::kBlocked);
  }
  return failed;
}

core::Result<CandidateSet> buildCandidates(const PairingInput& input, const PairScorer& scorer,
                                           const CandidateBuildOptions& options) {
  const ProgramSettings& settings = scorer.settings();
  const HardConstraints& rules = settings.constraints;
  CandidateSet out;

  // Sides and eligibility, by ascending id (scorer order).
  std::vector<int32_t> mentorCapacity;
  for (int32_t i = 0; i < scorer.size(); ++i) {
    const PersonProfile& p = scorer.person(i);
    if (p.role != PairingRole::kMentee) {
      auto [rule, reason] = ineligibility(p, settings.eligibility.mentor, "mentor");
      if (!rule.empty()) {
        out.ineligible.push_back({p.id, PairingRole::kMentor, rule, reason});
      } else {
        int32_t cap = p.capacity.value_or(settings.defaultCapacity);
        if (auto it = options.capacityUsed.find(p.id); it != options.capacityUsed.end()) {
          cap -= it->second;
        }
        if (cap > 0) {
          out.mentorIds.push_back(p.id);
          out.mentorPerson.push_back(i);
          mentorCapacity.push_back(cap);
        }
      }
    }
    if (p.role != PairingRole::kMentor && options.assignedMentees.count(p.id) == 0) {
      auto [rule, reason] = ineligibility(p, settings.eligibility.mentee, "mentee");
      if (!rule.empty()) {
        out.ineligible.push_back({p.id, PairingRole::kMentee, rule, reason});
      } else {
        out.menteeIds.push_back(p.id);
        out.menteePerson.push_back(i);
      }
    }
  }
  const auto mentorCount = static_cast<int32_t>(out.mentorIds.size());
  const auto menteeCount = static_cast<int32_t>(out.menteeIds.size());
  const auto mentors = static_cast<size_t>(mentorCount);
  out.graph.mentorCount = mentorCount;
  out.graph.menteeCount = menteeCount;
  out.graph.capacity = mentorCapacity;
  auto mentorProfile = [&](size_t m) -> const PersonProfile& {
    return scorer.person(out.mentorPerson[m]);
  };

  // Skill spaces: the distinct skills the mentors teach (forward index) and learn (reverse part).
  std::vector<int64_t> teachSkills;
  std::vector<int64_t> learnSkills;
  for (size_t m = 0; m < mentors; ++m) {
    for (const auto& t : mentorProfile(m).teach) teachSkills.push_back(t.skillId);
    for (const auto& l : mentorProfile(m).learn) learnSkills.push_back(l.skillId);
  }
  for (auto* v : {&teachSkills, &learnSkills}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  auto indexIn = [](const std::vector<int64_t>& space, int64_t id) -> int32_t {
    auto it = std::lower_bound(space.begin(), space.end(), id);
    return it != space.end() && *it == id ? static_cast<int32_t>(it - space.begin()) : -1;
  };

  // Forward index: skill -> (mentor, teach level), CSR; within a skill by decreasing level, then
  // ascending mentor, so the postings that add quarters or intent for a learner are a prefix.
  std::vector<int32_t> postStart(teachSkills.size() + 1, 0);
  for (size_t m = 0; m < mentors; ++m) {
    for (const auto& t : mentorProfile(m).teach) {
      ++postStart[static_cast<size_t>(indexIn(teachSkills, t.skillId)) + 1];
    }
  }
  for (size_t s = 1; s < postStart.size(); ++s) postStart[s] += postStart[s - 1];
  std::vector<int32_t> postMentor(static_cast<size_t>(postStart.back()));
  std::vector<int32_t> postLevel(postMentor.size());
  {
    std::vector<int32_t> fillAt(postStart.begin(), postStart.end() - 1);
    for (size_t m = 0; m < mentors; ++m) {
      for (const auto& t : mentorProfile(m).teach) {
        const auto at = static_cast<size_t>(fillAt[static_cast<size_t>(indexIn(teachSkills, t.skillId))]++);
        postMentor[at] = static_cast<int32_t>(m);
        postLevel[at] = t.level;
      }
    }
    std::vector<std::pair<int32_t, int32_t>> sorted;  // (-level, mentor)
    for (size_t s = 0; s + 1 < postStart.size(); ++s) {
      sorted.clear();
      for (auto i = static_cast<size_t>(postStart[s]); i < static_cast<size_t>(postStart[s + 1]);
           ++i) {
        sorted.emplace_back(-postLevel[i], postMentor[i]);
      }
      std::sort(sorted.begin(), sorted.end());
      auto i = static_cast<size_t>(postStart[s]);
      for (const auto& [negLevel, m] : sorted) {
        postLevel[i] = -negLevel;
        postMentor[i++] = m;
      }
    }
  }

  // Compact mentor table (dense mentor index): what the hot loop reads, without pointers.
  int32_t languageCount = 0;
  for (int32_t i = 0; i < scorer.size(); ++i) {
    for (int32_t l : scorer.person(i).languages) languageCount = std::max(languageCount, l + 1);
  }
  const bool languageMasks = languageCount <= 64;  // else the scorer's exact set walk
  auto languageMask = [&](const PersonProfile& p) {
    uint64_t mask = 0;
    if (languageMasks) {
      for (int32_t l : p.languages) mask |= uint64_t{1} << static_cast<uint32_t>(l);
    }
    return mask;
  };
  std::vector<MentorHot> hot(mentors);
  std::vector<int32_t> mLevel(mentors);
  std::vector<int64_t> mTenure(mentors);
  std::vector<int32_t> mLearnStart(mentors + 1, 0);
  std::vector<int32_t> mLearnSkill;
  std::vector<int32_t> mLearnLevel;
  std::vector<uint64_t> mQuarters(mentors * kQuarterWords);
  for (size_t m = 0; m < mentors; ++m) {
    const PersonProfile& p = mentorProfile(m);
    MentorHot& h = hot[m];
    h.person = out.mentorPerson[m];
    h.department = p.department;
    h.languages = languageMask(p);
    h.flags = personFlags(p);
    mLevel[m] = p.level.value_or(0);
    mTenure[m] = p.tenureDays.value_or(0);
    h.flags |= fillAvailability(p.utcWindows, h.hours.data(), &mQuarters[m * kQuarterWords]);
    bool inlineLearn = p.learn.size() <= kInlineLearn;
    for (const auto& l : p.learn) {
      const int32_t skill = indexIn(learnSkills, l.skillId);
      mLearnSkill.push_back(skill);
      mLearnLevel.push_back(l.level);
      if (inlineLearn && skill <= std::numeric_limits<uint16_t>::max() &&
          l.level >= std::numeric_limits<int8_t>::min() &&
          l.level <= std::numeric_limits<int8_t>::max()) {
        h.learnSkill[h.learnCount] = static_cast<uint16_t>(skill);
        h.learnLevel[h.learnCount] = static_cast<int8_t>(l.level);
        ++h.learnCount;
      } else {
        inlineLearn = false;
      }
    }
    if (inlineLearn) h.flags |= kLearnInline;
    mLearnStart[m + 1] = static_cast<int32_t>(mLearnSkill.size());
  }

  // Reporting chains, inverted: person (scorer index) -> the mentors who have them as a manager.
  std::vector<int32_t> reportStart(static_cast<size_t>(scorer.size()) + 1, 0);
  std::vector<int32_t> reportMentor;
  {
    std::vector<std::pair<int32_t, int32_t>> reports;  // (manager person, mentor)
    for (size_t m = 0; m < mentors; ++m) {
      for (int64_t id : mentorProfile(m).managerChain) {
        const int32_t boss = scorer.indexOf(id);
        if (boss >= 0) reports.emplace_back(boss, static_cast<int32_t>(m));
      }
    }
    std::sort(reports.begin(), reports.end());
    reports.erase(std::unique(reports.begin(), reports.end()), reports.end());
    for (const auto& r : reports) {
      ++reportStart[static_cast<size_t>(r.first) + 1];
      reportMentor.push_back(r.second);
    }
    for (size_t i = 1; i < reportStart.size(); ++i) reportStart[i] += reportStart[i - 1];
  }

  // Upper bound of the non-skill parts per mentor, and mentors by that bound (desc, then index):
  // the order in which non-sharing mentors fill empty slots.
  std::vector<int64_t> restUb(mentors);
  for (size_t m = 0; m < mentors; ++m) restUb[m] = scorer.restUpperBound(out.mentorPerson[m]);
  std::vector<int32_t> byRestUb(mentors);
  for (size_t m = 0; m < mentors; ++m) byRestUb[m] = static_cast<int32_t>(m);
  std::stable_sort(byRestUb.begin(), byRestUb.end(), [&](int32_t x, int32_t y) {
    return restUb[static_cast<size_t>(x)] > restUb[static_cast<size_t>(y)];
  });

  // Points of each part, exactly as the scorer adds them, and their maxima (the parts are
  // non-decreasing in their argument, so the maximum is at the largest argument).
  const int64_t departmentPts = scorer.departmentPoints();
  const int64_t languagePts = scorer.languagePoints();
  const int64_t intentPts = scorer.intentPoints(true);
  const int64_t reverseMax = scorer.reversePoints(4, 1);  // raw 1.0
  // reversePoints(quarters, wanted) for every mentor's `wanted` (when small), by offset[wanted].
  int32_t maxLearn = 0;
  for (size_t m = 0; m < mentors; ++m) {
    maxLearn = std::max(maxLearn, mLearnStart[m + 1] - mLearnStart[m]);
  }
  constexpr int32_t kReverseTableMax = 64;
  std::vector<int32_t> reverseOffset;
  std::vector<int64_t> reverseTable;
  if (maxLearn <= kReverseTableMax) {
    for (int32_t n = 0; n <= maxLearn; ++n) {
      reverseOffset.push_back(static_cast<int32_t>(reverseTable.size()));
      for (int32_t q = 0; q <= 4 * n; ++q) reverseTable.push_back(scorer.reversePoints(q, n));
    }
  }
  auto reversePoints = [&](int32_t quarters, int32_t wanted) {
    return reverseTable.empty()
               ? scorer.reversePoints(quarters, wanted)
               : reverseTable[static_cast<size_t>(reverseOffset[static_cast<size_t>(wanted)] +
                                                  quarters)];
  };
  std::vector<int64_t> availabilityPts(PairScorer::kFullOverlapMinutes + 1);
  for (int32_t o = 0; o <= PairScorer::kFullOverlapMinutes; ++o) {
    availabilityPts[static_cast<size_t>(o)] = scorer.availabilityPoints(o);
  }
  const int64_t availabilityMax = availabilityPts.back();
  const bool needOverlap = availabilityMax > 0 || rules.minAvailabilityOverlapMinutes > 0;
  const double fallbackDays = rules.tenureFallbackYears * 365.25;  // as ConstraintChecker
  const std::vector<uint64_t> blocked = pairKeys(input.blocks, scorer);
  const std::vector<uint64_t> previous =
      rules.allowRepeatPairs ? std::vector<uint64_t>{} : pairKeys(input.previousPairs, scorer);

  const auto k = static_cast<size_t>(std::max(0, settings.candidatesPerMentee));
  constexpr int32_t kChunkMentees = 128;
  const int32_t chunkCount = (menteeCount + kChunkMentees - 1) / kChunkMentees;
  struct ChunkOut {
    std::vector<CandidateEdge> edges;  // by (mentee, mentor)
    std::vector<NoCandidate> none;     // by mentee
  };
  std::vector<ChunkOut> chunks(static_cast<size_t>(chunkCount));

  // One worker: takes chunks of mentees; the result of a mentee depends on nothing else, so the
  // output (merged in chunk order) is the same whatever thread computed which chunk.
  auto work = [&](std::atomic<int32_t>& next) {
    constexpr int32_t kNoLevel = std::numeric_limits<int32_t>::min();
    std::vector<uint32_t> acc(mentors, 0);  // 0 = untouched, else 1 + (quarters << 2 | intent << 1)
    std::vector<int32_t> touched;                         // ascending after stage 1
    std::vector<uint64_t> touchedBits((mentors + 63) / 64, 0);  // stage 1, cleared after
    std::vector<int32_t> ordered;
    std::vector<int32_t> groupCount;
    std::vector<int32_t> groupOrder;
    std::vector<int64_t> groupValue;
    std::vector<int64_t> skillPts;
    std::vector<int32_t> teachLevel(learnSkills.size(), kNoLevel);  // the mentee's, by learn skill
    std::vector<int32_t> teachSet;
    std::vector<size_t> chainSet;                           // mentors in the mentee's chain
    std::vector<uint64_t> chainBits((mentors + 63) / 64, 0);  // the same as bits
    std::vector<std::pair<size_t, size_t>> zeroFrom;  // per wanted skill: postings without parts
    std::vector<Ranked> result;
    std::array<uint64_t, kHourWords> eHours{};
    std::array<uint64_t, kQuarterWords> eQuarters{};
    TopK top;
    TopK fill;
    for (;;) {
      const int32_t chunk = next.fetch_add(1);
      if (chunk >= chunkCount) break;
      ChunkOut& co = chunks[static_cast<size_t>(chunk)];
      const int32_t endMentee = std::min(menteeCount, (chunk + 1) * kChunkMentees);
      for (int32_t e = chunk * kChunkMentees; e < endMentee; ++e) {
        const int32_t menteeP = out.menteePerson[static_cast<size_t>(e)];
        const PersonProfile& mentee = scorer.person(menteeP);
        const int32_t eDepartment = mentee.department;
        const uint64_t eLanguages = languageMask(mentee);
        uint8_t eFlags = personFlags(mentee);
        eFlags |= fillAvailability(mentee.utcWindows, eHours.data(), eQuarters.data());
        const bool eHasWindows = (eFlags & kHasWindows) != 0;
        teachSet.clear();
        for (const auto& t : mentee.teach) {
          const int32_t s = indexIn(learnSkills, t.skillId);
          if (s < 0) continue;
          teachLevel[static_cast<size_t>(s)] = t.level;
          teachSet.push_back(s);
        }
        const bool eTeaches = !teachSet.empty();
        // The mentors in the mentee's reporting chain, either direction: the mentee's managers
        // and the mentors who have the mentee among theirs.
        chainSet.clear();
        for (int64_t id : mentee.managerChain) {
          auto it = std::lower_bound(out.mentorIds.begin(), out.mentorIds.end(), id);
          if (it != out.mentorIds.end() && *it == id) {
            chainSet.push_back(static_cast<size_t>(it - out.mentorIds.begin()));
          }
        }
        for (auto i = static_cast<size_t>(reportStart[static_cast<size_t>(menteeP)]);
             i < static_cast<size_t>(reportStart[static_cast<size_t>(menteeP) + 1]); ++i) {
          chainSet.push_back(static_cast<size_t>(reportMentor[i]));
        }
        for (size_t m : chainSet) chainBits[m / 64] |= uint64_t{1} << (m % 64);

        // The facts of a pair the parts and the constraints share.
        auto differentDepartment = [&](size_t m) {
          const int32_t d = hot[m].department;
          return d >= 0 && eDepartment >= 0 && d != eDepartment;
        };
        auto shareLanguage = [&](size_t m) {
          return languageMasks ? (hot[m].languages & eLanguages) != 0
                               : scorer.shareLanguage(hot[m].person, menteeP);
        };
        auto overlap = [&](size_t m) -> int32_t {
          if ((hot[m].flags & kHasWindows) == 0 || !eHasWindows) return 0;
          const uint8_t both = hot[m].flags & eFlags;
          if ((both & kHourAligned) != 0) {
            return 60 * commonBits<kHourWords>(hot[m].hours.data(), eHours.data());
          }
          if ((both & kQuarterAligned) != 0) {
            return 15 * commonBits<kQuarterWords>(&mQuarters[m * kQuarterWords], eQuarters.data());
          }
          return scorer.overlapMinutes(hot[m].person, menteeP);
        };
        // ConstraintChecker::check, on the compact data (same rules, same order, same mask).
        auto check = [&](size_t m, bool diff, bool share, int32_t minutes, bool all) -> uint32_t {
          uint32_t failed = 0;
          auto fail = [&](Constraint c) { failed |= 1u << static_cast<unsigned>(c); };
          const uint8_t f = hot[m].flags;
          bool gapOk = false;
          if ((f & kHasLevel) != 0 && mentee.level) {
            gapOk = *mentee.level - mLevel[m] >= rules.minLevelGap;
          } else if ((f & kHasTenure) != 0 && mentee.tenureDays) {
            gapOk = static_cast<double>(*mentee.tenureDays - mTenure[m]) >= fallbackDays;
          }
          if (!gapOk) {
            fail(Constraint::kLevelGap);
            if (!all) return failed;
          }
          if (((chainBits[m / 64] >> (m % 64)) & 1u) != 0) {
            fail(Constraint::kReportingChain);
            if (!all) return failed;
          }
          if (rules.department == DepartmentRule::kRequiredDifferent && !diff) {
            fail(Constraint::kDepartment);
            if (!all) return failed;
          }
          if (rules.sharedLanguageRequired && !share) {
            fail(Constraint::kSharedLanguage);
            if (!all) return failed;
          }
          if (rules.minAvailabilityOverlapMinutes > 0 &&
              minutes < rules.minAvailabilityOverlapMinutes) {
            fail(Constraint::kAvailability);
            if (!all) return failed;
          }
          if (!previous.empty() || !blocked.empty()) {
            const uint64_t key = pairKey(hot[m].person, menteeP);
            if (!previous.empty() && std::binary_search(previous.begin(), previous.end(), key)) {
              fail(Constraint::kRepeatPair);
              if (!all) return failed;
            }
            if (!blocked.empty() && std::binary_search(blocked.begin(), blocked.end(), key)) {
              fail(Constraint::kBlocked);
            }
          }
          return failed;
        };

        // Offers mentor m, whose skill parts sum to `base`, to `top`. Cheap exact parts first;
        // the pair is dropped as soon as an upper bound of its score cannot enter `top`; the
        // constraints are checked last, only for a pair that would enter.
        auto evaluate = [&](int32_t mentor, int64_t base, TopK& t) {
          const auto m = static_cast<size_t>(mentor);
          const MentorHot& h = hot[m];
          if (h.person == menteeP) return;
          const bool diff = differentDepartment(m);
          const bool share = shareLanguage(m);
          int64_t score = base + (diff ? departmentPts : 0) + (share ? languagePts : 0);
          const bool reverse = eTeaches && (h.flags & kHasLearn) != 0;
          const bool windows = eHasWindows && (h.flags & kHasWindows) != 0;
          const int64_t availabilityUb = windows ? availabilityMax : 0;
          if (!t.mayEnter(score + (reverse ? reverseMax : 0) + availabilityUb)) return;
          if (reverse) {
            int32_t quarters = 0;
            int32_t wants = h.learnCount;
            if ((h.flags & kLearnInline) != 0) {
              for (size_t j = 0; j < h.learnCount; ++j) {
                const int32_t level = teachLevel[h.learnSkill[j]];
                if (level != kNoLevel) quarters += PairScorer::skillQuarters(level, h.learnLevel[j]);
              }
            } else {
              wants = mLearnStart[m + 1] - mLearnStart[m];
              for (auto j = static_cast<size_t>(mLearnStart[m]);
                   j < static_cast<size_t>(mLearnStart[m + 1]); ++j) {
                const int32_t level = teachLevel[static_cast<size_t>(mLearnSkill[j])];
                if (level != kNoLevel) quarters += PairScorer::skillQuarters(level, mLearnLevel[j]);
              }
            }
            score += reversePoints(quarters, wants);
            if (!t.mayEnter(score + availabilityUb)) return;
          }
          const int32_t minutes = windows && needOverlap ? overlap(m) : 0;
          score += availabilityPts[static_cast<size_t>(
              std::clamp(minutes, 0, PairScorer::kFullOverlapMinutes))];
          if (score <= 0) return;
          const Ranked r{score, mentor};
          if (!t.wouldEnter(r)) return;
          if (check(m, diff, share, minutes, false) != 0) return;
          t.offer(r);
        };

        result.clear();
        if (k > 0) {
          // 1. Skill-sharing mentors: accumulate the skill parts through the index.
          touched.clear();
          // Only the prefix of each posting list that adds quarters (level above the learner's)
          // or intent (level >= kIntentLevel); the rest (skill parts 0) is read in stage 1b.
          zeroFrom.clear();
          for (const auto& want : mentee.learn) {
            const int32_t s = indexIn(teachSkills, want.skillId);
            if (s < 0) continue;
            const int32_t useful = std::min(want.level + 1, PairScorer::kIntentLevel);
            const auto first = postLevel.begin() + postStart[static_cast<size_t>(s)];
            const auto last = postLevel.begin() + postStart[static_cast<size_t>(s) + 1];
            const auto split = static_cast<size_t>(
                std::partition_point(first, last, [&](int32_t l) { return l >= useful; }) -
                postLevel.begin());
            zeroFrom.emplace_back(split, static_cast<size_t>(last - postLevel.begin()));
            for (auto i = static_cast<size_t>(postStart[static_cast<size_t>(s)]); i < split; ++i) {
              const auto m = static_cast<size_t>(postMentor[i]);
              const int32_t level = postLevel[i];
              uint32_t a = acc[m];
              if (a == 0) {
                touchedBits[m / 64] |= uint64_t{1} << (m % 64);
                a = 1;
              }
              a += static_cast<uint32_t>(PairScorer::skillQuarters(level, want.level)) << 2;
              if (level >= PairScorer::kIntentLevel) a |= 2u;
              acc[m] = a;
            }
          }
          // The touched mentors in ascending index (then each group below is too): the mentor
          // table is then read in address order, which the hardware prefetches.
          for (size_t w = 0; w < touchedBits.size(); ++w) {
            uint64_t bits = touchedBits[w];
            touchedBits[w] = 0;
            while (bits != 0) {
              const auto bit = static_cast<size_t>(std::countr_zero(bits));
              touched.push_back(static_cast<int32_t>(w * 64 + bit));
              bits &= bits - 1;
            }
          }
          // Group the sharing mentors by (quarters, intent): the skill parts are the same within
          // a group. Groups by decreasing skill points; a group stops the search when even its
          // skill points plus every other part at its maximum cannot enter the top K.
          const auto wanted = static_cast<int32_t>(mentee.learn.size());
          const auto groups = static_cast<size_t>(2 * (4 * wanted + 1));
          skillPts.resize(static_cast<size_t>(4 * wanted + 1));
          for (int32_t q = 0; q <= 4 * wanted; ++q) {
            skillPts[static_cast<size_t>(q)] = scorer.skillsPoints(q, wanted);
          }
          groupCount.assign(groups + 1, 0);
          groupValue.resize(groups);
          groupOrder.clear();
          for (int32_t m : touched) ++groupCount[acc[static_cast<size_t>(m)] >> 1];
          for (size_t g = 0; g < groups; ++g) {
            groupValue[g] = skillPts[g >> 1] + ((g & 1) != 0 ? intentPts : 0);
            if (groupCount[g] > 0) groupOrder.push_back(static_cast<int32_t>(g));
          }
          std::sort(groupOrder.begin(), groupOrder.end(), [&](int32_t x, int32_t y) {
            const int64_t vx = groupValue[static_cast<size_t>(x)];
            const int64_t vy = groupValue[static_cast<size_t>(y)];
            return vx != vy ? vx > vy : x > y;
          });
          // Counting sort of the touched mentors into group order (groupCount -> start).
          int32_t at = 0;
          for (int32_t g : groupOrder) {
            const int32_t n = groupCount[static_cast<size_t>(g)];
            groupCount[static_cast<size_t>(g)] = at;
            at += n;
          }
          ordered.resize(touched.size());
          for (int32_t m : touched) {
            const size_t g = acc[static_cast<size_t>(m)] >> 1;
            ordered[static_cast<size_t>(groupCount[g]++)] = m;
          }
          const int64_t restMax = (eDepartment >= 0 ? departmentPts : 0) +
                                  (!mentee.languages.empty() ? languagePts : 0) +
                                  (eTeaches ? reverseMax : 0) +
                                  (eHasWindows ? availabilityMax : 0);
          top.reset(k);
          size_t from = 0;
          for (int32_t g : groupOrder) {
            const auto gi = static_cast<size_t>(g);
            const size_t to = static_cast<size_t>(groupCount[gi]);  // now the group's end
            const int64_t base = groupValue[gi];
            if (!top.mayEnter(base + restMax)) break;
            for (size_t i = from; i < to; ++i) evaluate(ordered[i], base, top);
            from = to;
          }
          // 1b. Mentors who share a skill but get no skill part from it (taught at or below the
          // learner's level and below kIntentLevel): skill parts skillsPoints(0) = 0. Read only
          // when such a pair could still enter; they must be marked before the fill (step 2),
          // which happens only when the top K is not full, i.e. when this step has run.
          if (from == ordered.size() && top.mayEnter(skillPts[0] + restMax)) {
            for (const auto& [zb, ze] : zeroFrom) {
              for (size_t i = zb; i < ze; ++i) {
                const auto m = static_cast<size_t>(postMentor[i]);
                if (acc[m] != 0) continue;
                acc[m] = 1;
                touched.push_back(postMentor[i]);
                evaluate(postMentor[i], skillPts[0], top);
              }
            }
          }
          result.assign(top.items().begin(), top.items().end());

          // 2. Fill empty slots from the other mentors (no shared skill: skill parts are 0).
          if (result.size() < k) {
            fill.reset(k - result.size());
            for (int32_t m : byRestUb) {
              if (acc[static_cast<size_t>(m)] != 0) continue;
              if (!fill.mayEnter(restUb[static_cast<size_t>(m)])) break;
              evaluate(m, 0, fill);
            }
            result.insert(result.end(), fill.items().begin(), fill.items().end());
          }
          for (int32_t m : touched) acc[static_cast<size_t>(m)] = 0;
          std::sort(result.begin(), result.end(),
                    [](const Ranked& x, const Ranked& y) { return x.mentor < y.mentor; });
          for (const Ranked& r : result) co.edges.push_back({r.mentor, e, r.score});
        }

        if (result.empty()) {
          // Diagnose: every eligible mentor, every constraint.
          NoCandidate nc;
          nc.menteeId = mentee.id;
          for (size_t m = 0; m < mentors; ++m) {
            if (out.mentorPerson[m] == menteeP) continue;
            ++nc.mentorsConsidered;
            const bool needMinutes = rules.minAvailabilityOverlapMinutes > 0;
            const uint32_t failed = check(m, differentDepartment(m), shareLanguage(m),
                                          needMinutes ? overlap(m) : 0, true);
            if (failed == 0) {
              ++nc.eliminated[static_cast<size_t>(Constraint::kZeroScore)];
              continue;
            }
            for (int ci = 0; ci < kConstraintCount; ++ci) {
              if ((failed & (1u << static_cast<unsigned>(ci))) != 0) {
                ++nc.eliminated[static_cast<size_t>(ci)];
              }
            }
          }
          int best = 0;
          for (int ci = 1; ci < kConstraintCount; ++ci) {
            if (nc.eliminated[static_cast<size_t>(ci)] > nc.eliminated[static_cast<size_t>(best)]) {
              best = ci;
            }
          }
          nc.mostCommon = static_cast<Constraint>(best);
          co.none.push_back(nc);
        }
        for (int32_t s : teachSet) teachLevel[static_cast<size_t>(s)] = kNoLevel;
        for (size_t m : chainSet) chainBits[m / 64] = 0;
      }
    }
  };

  int threads = options.threads > 0
                    ? options.threads
                    : std::min(2, std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
  threads = std::min(threads, std::max(1, chunkCount));
  if (menteeCount < 512) threads = 1;
  std::atomic<int32_t> next{0};
  if (threads == 1) {
    work(next);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back([&] { work(next); });
    for (auto& t : pool) t.join();
  }

  size_t edgeCount = 0;
  for (const auto& c : chunks) edgeCount += c.edges.size();
  out.graph.edges.reserve(edgeCount);
  for (auto& c : chunks) {
    out.graph.edges.insert(out.graph.edges.end(), c.edges.begin(), c.edges.end());
    out.noCandidate.insert(out.noCandidate.end(), c.none.begin(), c.none.end());
    c = ChunkOut{};
  }
  return out;
}

}  // namespace tandem::pairing
