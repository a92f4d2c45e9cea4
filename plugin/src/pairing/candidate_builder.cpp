#include "pairing/candidate_builder.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cctype>
#include <limits>
#include <thread>

#include "pairing/internal/bit_count.h"
#include "pairing/internal/candidate_feature_index.h"

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

// The first eligibility rule the person fails ("employee_type", "department", "level", "tenure")
// and why (reason_template.h, "ineligible.*"), or an empty rule.
std::pair<std::string, ReasonTemplate> ineligibility(const PersonProfile& p,
                                                     const EligibilityRule& r,
                                                     std::string_view side) {
  auto why = [&](const char* rule, const char* variant, ReasonArgs more = {}) {
    ReasonArgs args = {{"person", p.name}, {"side", std::string(side)}};
    args.insert(args.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
    return std::pair<std::string, ReasonTemplate>{
        rule, {std::string("ineligible.") + variant, std::move(args)}};
  };
  if (containsCi(r.excludeEmployeeTypes, p.employeeType) ||
      (!r.employeeTypes.empty() && !containsCi(r.employeeTypes, p.employeeType))) {
    return why("employee_type", "employeeType", {{"employeeType", p.employeeType}});
  }
  const std::string dep = lowerCase(p.departmentName);
  if (!r.departments.empty() && !containsCi(r.departments, dep)) {
    if (p.departmentName.empty()) return why("department", "departmentUnknown");
    return why("department", "departmentNotAllowed", {{"department", p.departmentName}});
  }
  if (!dep.empty() && containsCi(r.excludeDepartments, dep)) {
    return why("department", "departmentExcluded", {{"department", p.departmentName}});
  }
  if (r.minLevel || r.maxLevel) {
    if (!p.level) return why("level", "levelUnknown");
    if (r.minLevel && *p.level < *r.minLevel) {
      return why("level", "levelBelow",
                 {{"level", std::to_string(*p.level)}, {"min", std::to_string(*r.minLevel)}});
    }
    if (r.maxLevel && *p.level > *r.maxLevel) {
      return why("level", "levelAbove",
                 {{"level", std::to_string(*p.level)}, {"max", std::to_string(*r.maxLevel)}});
    }
  }
  if (r.minTenureYears || r.maxTenureYears) {
    if (!p.tenureDays) return why("tenure", "tenureUnknown");
    const double y = static_cast<double>(*p.tenureDays) / 365.25;
    if (r.minTenureYears && y < *r.minTenureYears) {
      return why("tenure", "tenureBelow", {{"years", years(*r.minTenureYears)}});
    }
    if (r.maxTenureYears && y > *r.maxTenureYears) {
      return why("tenure", "tenureAbove", {{"years", years(*r.maxTenureYears)}});
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
// The hour bitset is kept for everyone as the hours a person's windows touch (coarseHours): the
// overlap of any pair is at most 60 x popcount(a & b), a bound read from the mentor's record.
using internal::kHourWords;
constexpr int32_t kWeekMinutes = 7 * 24 * 60;
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

// Bits of one skill's quarters (PairScorer::skillQuarters is 0, 2, 3 or 4).
constexpr size_t kQuarterBits = 3;

// What the hot loop reads of one mentor, in one cache line (the mentors of a mentee are visited
// in index order of nothing in particular, so one line per mentor is what matters).
struct alignas(64) MentorHot {
  uint64_t languages = 0;                     // bit mask of interned languages (<= 64 exist)
  std::array<uint64_t, kHourWords> hours{};   // hours touched (exact when kHourAligned)
  int32_t person = 0;                         // scorer index
  int32_t department = -1;                    // interned; -1 unknown
  uint8_t flags = 0;
  uint8_t learnCount = 0;                     // when kLearnInline
  std::array<uint16_t, kInlineLearn> learnSkill{};  // index in the mentors' learn-skill space
  std::array<int8_t, kInlineLearn> learnLevel{};
};
static_assert(sizeof(MentorHot) == 64);

// What bounds a mentor's score for a mentee, in one cache line read before MentorHot: the
// half-hours its windows touch (the overlap of a pair is at most 30 minutes per half-hour both
// touch, exactly that when both are aligned to half-hours), its department and the classes of its
// language set and of its learn list (distinct sets, numbered; a per-mentee table gives each
// class's exact part).
constexpr size_t kHalfWords = (kWeekMinutes / 30 + 63) / 64;  // 6
constexpr uint16_t kNoClass = 0xFFFF;  // more classes than kMaxClasses: the part's maximum
constexpr size_t kMaxClasses = 4096;
struct alignas(64) MentorKey {
  std::array<uint64_t, kHalfWords> halfHours{};
  int32_t department = -1;
  uint16_t languageClass = kNoClass;
  uint16_t learnClass = kNoClass;
  bool halfAligned = false;
};
static_assert(sizeof(MentorKey) == 64);

// Sets the `resolution`-minute slots that windows touch (a window outside the week: every slot);
// returns whether every boundary is a multiple of `resolution` (the slots are then exact).
bool touchedSlots(const std::vector<std::pair<int32_t, int32_t>>& windows, int32_t resolution,
                  uint64_t* bits, size_t words) {
  std::fill(bits, bits + words, uint64_t{0});
  const auto slots = static_cast<size_t>(kWeekMinutes / resolution);
  auto set = [&](size_t i) { bits[i / 64] |= uint64_t{1} << (i % 64); };
  bool aligned = true;
  for (const auto& [from, to] : windows) {
    if (to <= from) continue;
    if (from < 0 || to > kWeekMinutes) {
      for (size_t i = 0; i < slots; ++i) set(i);
      aligned = false;
      continue;
    }
    if (from % resolution != 0 || to % resolution != 0) aligned = false;
    for (int32_t i = from / resolution; i <= (to - 1) / resolution; ++i) {
      set(static_cast<size_t>(i));
    }
  }
  return aligned;
}

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

// Fills the hours touched and the quarter-hour bitset of a person's merged UTC windows; returns
// the alignment flags.
uint8_t fillAvailability(const std::vector<std::pair<int32_t, int32_t>>& windows, uint64_t* hours,
                         uint64_t* quarters) {
  uint8_t f = 0;
  internal::HourBits coarse{};
  if (internal::coarseHours(windows, coarse)) f |= kHourAligned;
  std::copy(coarse.begin(), coarse.end(), hours);
  if (setBits(windows, 15, quarters, kQuarterWords)) f |= kQuarterAligned;
  return f;
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

ReasonArgs constraintArgs(Constraint c, const ProgramSettings& s) {
  ReasonArgs args = {{"constraint", std::string(constraintName(c))}};
  if (c == Constraint::kLevelGap) {
    args.emplace_back("gap", std::to_string(s.constraints.minLevelGap));
    args.emplace_back("years", years(s.constraints.tenureFallbackYears));
  } else if (c == Constraint::kAvailability) {
    args.emplace_back("minutes", std::to_string(s.constraints.minAvailabilityOverlapMinutes));
  }
  return args;
}

std::string constraintDescription(Constraint c, const ProgramSettings& s) {
  return englishConstraint(constraintArgs(c, s));
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
      auto [rule, why] = ineligibility(p, settings.eligibility.mentor, "mentor");
      if (!rule.empty()) {
        out.ineligible.push_back({p.id, PairingRole::kMentor, rule, englishReason(why),
                                  std::move(why.key), std::move(why.args)});
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
      auto [rule, why] = ineligibility(p, settings.eligibility.mentee, "mentee");
      if (!rule.empty()) {
        out.ineligible.push_back({p.id, PairingRole::kMentee, rule, englishReason(why),
                                  std::move(why.key), std::move(why.args)});
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

  // Runs of each posting list by teach level (levels decrease along the list). A run of at least
  // `words` mentors is also kept as a bitset (ORing it costs no more than setting its bits).
  const size_t words = (mentors + 63) / 64;
  struct LevelRun {
    int32_t level = 0;
    int32_t begin = 0;  // in postMentor
    int32_t end = 0;
    int32_t bits = -1;  // row in runBits, or -1
  };
  std::vector<int32_t> runStart(teachSkills.size() + 1, 0);
  std::vector<LevelRun> runs;
  std::vector<uint64_t> runBits;
  for (size_t s = 0; s < teachSkills.size(); ++s) {
    for (int32_t i = postStart[s]; i < postStart[s + 1];) {
      int32_t j = i;
      while (j < postStart[s + 1] && postLevel[static_cast<size_t>(j)] ==
                                         postLevel[static_cast<size_t>(i)]) {
        ++j;
      }
      LevelRun run{postLevel[static_cast<size_t>(i)], i, j, -1};
      if (static_cast<size_t>(j - i) >= words) {
        run.bits = static_cast<int32_t>(runBits.size() / std::max<size_t>(words, 1));
        runBits.resize(runBits.size() + words, 0);
        uint64_t* row = &runBits[static_cast<size_t>(run.bits) * words];
        for (int32_t p = i; p < j; ++p) {
          const auto m = static_cast<size_t>(postMentor[static_cast<size_t>(p)]);
          row[m / 64] |= uint64_t{1} << (m % 64);
        }
      }
      runs.push_back(run);
      i = j;
    }
    runStart[s + 1] = static_cast<int32_t>(runs.size());
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

  // The yes/no facts that bound the non-skill parts, as bitsets over the mentors (see the header
  // of internal/candidate_feature_index.h): a mentor is then dropped without reading its record.
  const internal::CandidateFeatureIndex features = [&] {
    std::vector<const PersonProfile*> profiles(mentors);
    for (size_t m = 0; m < mentors; ++m) profiles[m] = &mentorProfile(m);
    return internal::CandidateFeatureIndex(profiles, learnSkills);
  }();

  // Mentor keys and the distinct language sets and learn lists they number.
  std::vector<MentorKey> keys(mentors);
  std::vector<int32_t> languageClassPerson;  // class -> a mentor (scorer index) with that set
  std::vector<size_t> learnClassMentor;      // class -> a mentor (dense index) with that list
  {
    std::map<std::vector<int32_t>, uint16_t> languageClasses;
    std::map<std::vector<std::pair<int32_t, int32_t>>, uint16_t> learnClasses;
    std::vector<std::pair<int32_t, int32_t>> learnList;
    for (size_t m = 0; m < mentors; ++m) {
      const PersonProfile& p = mentorProfile(m);
      MentorKey& key = keys[m];
      key.halfAligned = touchedSlots(p.utcWindows, 30, key.halfHours.data(), kHalfWords);
      key.department = p.department;
      if (auto it = languageClasses.find(p.languages); it != languageClasses.end()) {
        key.languageClass = it->second;
      } else if (languageClasses.size() < kMaxClasses) {
        key.languageClass = static_cast<uint16_t>(languageClasses.size());
        languageClasses.emplace(p.languages, key.languageClass);
        languageClassPerson.push_back(out.mentorPerson[m]);
      }
      learnList.clear();
      for (auto j = static_cast<size_t>(mLearnStart[m]); j < static_cast<size_t>(mLearnStart[m + 1]);
           ++j) {
        learnList.emplace_back(mLearnSkill[j], mLearnLevel[j]);
      }
      if (auto it = learnClasses.find(learnList); it != learnClasses.end()) {
        key.learnClass = it->second;
      } else if (learnClasses.size() < kMaxClasses) {
        key.learnClass = static_cast<uint16_t>(learnClasses.size());
        learnClasses.emplace(learnList, key.learnClass);
        learnClassMentor.push_back(m);
      }
    }
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
  // Stage 1 below (the skill groups as mentor bitsets) depends only on the mentee's learn list,
  // and in a real organisation many mentees want the same skills at the same levels: mentees are
  // taken in order of their learn list, so a worker builds the groups once for a run of mentees
  // with the same list.
  auto learnLess = [](const std::vector<SkillLevel>& a, const std::vector<SkillLevel>& b) {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(), [](const SkillLevel& x, const SkillLevel& y) {
          return x.skillId != y.skillId ? x.skillId < y.skillId : x.level < y.level;
        });
  };
  auto sameLearn = [](const std::vector<SkillLevel>& a, const std::vector<SkillLevel>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const SkillLevel& x, const SkillLevel& y) {
                        return x.skillId == y.skillId && x.level == y.level;
                      });
  };
  std::vector<int32_t> order(static_cast<size_t>(menteeCount));
  for (int32_t e = 0; e < menteeCount; ++e) order[static_cast<size_t>(e)] = e;
  std::stable_sort(order.begin(), order.end(), [&](int32_t x, int32_t y) {
    return learnLess(scorer.person(out.menteePerson[static_cast<size_t>(x)]).learn,
                     scorer.person(out.menteePerson[static_cast<size_t>(y)]).learn);
  });
  constexpr int32_t kChunkMentees = 128;
  const int32_t chunkCount = (menteeCount + kChunkMentees - 1) / kChunkMentees;
  struct ChunkOut {
    std::vector<CandidateEdge> edges;  // by mentee (in processing order), then mentor
    std::vector<NoCandidate> none;
  };
  std::vector<ChunkOut> chunks(static_cast<size_t>(chunkCount));
  // Where each mentee's edges are: chunk, first edge, end.
  struct EdgeRange {
    int32_t chunk = 0;
    int32_t begin = 0;
    int32_t end = 0;
  };
  std::vector<EdgeRange> edgesOf(static_cast<size_t>(menteeCount));

  // Common bits of two week bitsets at each resolution, with popcnt where the processor has it.
  const struct {
    internal::CommonBitsFn hours = internal::commonBitsFor<kHourWords>();
    internal::CommonBitsFn halfHours = internal::commonBitsFor<kHalfWords>();
    internal::CommonBitsFn quarters = internal::commonBitsFor<kQuarterWords>();
  } bitCounter;

  // One worker: takes chunks of mentees; the result of a mentee depends on nothing else, so the
  // output (merged by mentee) is the same whatever thread computed which chunk, in which order.
  auto work = [&](std::atomic<int32_t>& next) {
    constexpr int32_t kNoLevel = std::numeric_limits<int32_t>::min();
    // Stage 1 bitsets over the mentors (`words` words each).
    std::vector<uint64_t> sumBits;     // bit-sliced quarters: row j = bit j of every mentor's sum
    std::vector<uint64_t> qBits(kQuarterBits * words);  // one wanted skill's quarters, sliced
    std::vector<uint64_t> sharedBits;  // teaches a wanted skill (any level)
    std::vector<uint64_t> intentBits;  // teaches a wanted skill at level >= kIntentLevel
    std::vector<uint64_t> groupMasks;  // the mask of each group of the current learn list
    std::vector<uint8_t> groupState;   // per group: 0 not built, 1 empty, 2 some mentor
    const std::vector<SkillLevel>* stageLearn = nullptr;  // the learn list stage 1 was built for
    size_t width = 0;
    size_t groups = 0;
    std::vector<int32_t> groupOrder;
    std::vector<internal::MenteeFeatures::Pattern> allowedFacts;
    std::vector<uint64_t> everyFact(words);  // mentors with every fact possible for the mentee
    std::vector<uint64_t> quarterFlip;
    std::vector<Ranked> pending;  // (key bound, mentor) to evaluate
    std::vector<Ranked> byBound;  // the same, by band of decreasing bound
    std::vector<int32_t> bucketStart;
    std::vector<int64_t> languageClassPts;  // by language class; last: kNoClass
    std::vector<int64_t> learnClassPts;     // by learn class; last: kNoClass
    std::vector<int64_t> groupValue;
    std::vector<int64_t> skillPts;
    std::vector<int32_t> teachLevel(learnSkills.size(), kNoLevel);  // the mentee's, by learn skill
    std::vector<int32_t> teachSet;
    std::vector<size_t> chainSet;                           // mentors in the mentee's chain
    std::vector<uint64_t> chainBits((mentors + 63) / 64, 0);  // the same as bits
    std::vector<Ranked> result;
    std::array<uint64_t, kHourWords> eHours{};
    std::array<uint64_t, kHalfWords> eHalf{};
    std::array<uint64_t, kQuarterWords> eQuarters{};
    TopK top;
    TopK fill;
    internal::MenteeFeatures facts;
    // Upper bound of the non-skill parts of a mentor by its facts (bit i = fact i).
    std::array<int64_t, 16> factsUb{};
    for (;;) {
      const int32_t chunk = next.fetch_add(1);
      if (chunk >= chunkCount) break;
      ChunkOut& co = chunks[static_cast<size_t>(chunk)];
      const int32_t endAt = std::min(menteeCount, (chunk + 1) * kChunkMentees);
      for (int32_t at = chunk * kChunkMentees; at < endAt; ++at) {
        const int32_t e = order[static_cast<size_t>(at)];
        EdgeRange& range = edgesOf[static_cast<size_t>(e)];
        range.chunk = chunk;
        range.begin = static_cast<int32_t>(co.edges.size());
        const int32_t menteeP = out.menteePerson[static_cast<size_t>(e)];
        const PersonProfile& mentee = scorer.person(menteeP);
        const int32_t eDepartment = mentee.department;
        const uint64_t eLanguages = languageMask(mentee);
        uint8_t eFlags = personFlags(mentee);
        eFlags |= fillAvailability(mentee.utcWindows, eHours.data(), eQuarters.data());
        const bool eHalfAligned = touchedSlots(mentee.utcWindows, 30, eHalf.data(), kHalfWords);
        const bool eHasWindows = (eFlags & kHasWindows) != 0;
        teachSet.clear();
        for (const auto& t : mentee.teach) {
          const int32_t s = indexIn(learnSkills, t.skillId);
          if (s < 0) continue;
          teachLevel[static_cast<size_t>(s)] = t.level;
          teachSet.push_back(s);
        }
        const bool eTeaches = !teachSet.empty();
        using Facts = internal::CandidateFeatureIndex;
        features.forMentee(mentee, teachSet, eHours, facts);
        for (uint32_t f = 0; f < factsUb.size(); ++f) {
          factsUb[f] = ((f & Facts::kDifferentDepartment) != 0 ? departmentPts : 0) +
                       ((f & Facts::kSharedLanguage) != 0 ? languagePts : 0) +
                       ((f & Facts::kReverseSkill) != 0 ? reverseMax : 0) +
                       ((f & Facts::kAvailability) != 0 ? availabilityMax : 0);
        }
        // The facts a mentor can have with this mentee (a mentor's facts are a subset).
        // The exact language and reverse parts of every class for this mentee (kNoClass: max).
        languageClassPts.resize(languageClassPerson.size() + 1);
        for (size_t c = 0; c < languageClassPerson.size(); ++c) {
          languageClassPts[c] =
              scorer.shareLanguage(languageClassPerson[c], menteeP) ? languagePts : 0;
        }
        languageClassPts.back() = languagePts;
        learnClassPts.resize(learnClassMentor.size() + 1);
        for (size_t c = 0; c < learnClassMentor.size(); ++c) {
          const size_t m = learnClassMentor[c];
          int32_t quarters = 0;
          for (auto j = static_cast<size_t>(mLearnStart[m]);
               j < static_cast<size_t>(mLearnStart[m + 1]); ++j) {
            const int32_t level = teachLevel[static_cast<size_t>(mLearnSkill[j])];
            if (level != kNoLevel) quarters += PairScorer::skillQuarters(level, mLearnLevel[j]);
          }
          learnClassPts[c] =
              eTeaches ? reversePoints(quarters, mLearnStart[m + 1] - mLearnStart[m]) : 0;
        }
        learnClassPts.back() = eTeaches ? reverseMax : 0;
        const uint32_t possibleFacts = (eDepartment >= 0 ? Facts::kDifferentDepartment : 0u) |
                                       (!mentee.languages.empty() ? Facts::kSharedLanguage : 0u) |
                                       (eTeaches ? Facts::kReverseSkill : 0u) |
                                       (eHasWindows ? Facts::kAvailability : 0u);
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
            return 60 * bitCounter.hours(hot[m].hours.data(), eHours.data());
          }
          if (eHalfAligned && keys[m].halfAligned) {
            return 30 * bitCounter.halfHours(keys[m].halfHours.data(), eHalf.data());
          }
          if ((both & kQuarterAligned) != 0) {
            return 15 * bitCounter.quarters(&mQuarters[m * kQuarterWords], eQuarters.data());
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
        // An upper bound of mentor m's score from its key: every part exact but availability
        // (at most 30 minutes per half-hour both touch; exact when both are half-hour aligned).
        auto keyBound = [&](size_t m, int64_t base) -> int64_t {
          const MentorKey& key = keys[m];
          const size_t lc = std::min<size_t>(key.languageClass, languageClassPts.size() - 1);
          const size_t rc = std::min<size_t>(key.learnClass, learnClassPts.size() - 1);
          return base +
                 (key.department >= 0 && eDepartment >= 0 && key.department != eDepartment
                      ? departmentPts
                      : 0) +
                 languageClassPts[lc] + learnClassPts[rc] +
                 availabilityPts[static_cast<size_t>(
                     std::min(30 * bitCounter.halfHours(key.halfHours.data(), eHalf.data()),
                              PairScorer::kFullOverlapMinutes))];
        };
        // `bounded`: the caller has checked that keyBound can enter `t`.
        auto evaluate = [&](int32_t mentor, int64_t base, TopK& t, bool bounded = false) {
          const auto m = static_cast<size_t>(mentor);
          if (!bounded && t.full() && !t.mayEnter(keyBound(m, base))) return;
          const MentorHot& h = hot[m];
          if (h.person == menteeP) return;
          const bool diff = differentDepartment(m);
          const bool share = shareLanguage(m);
          int64_t score = base + (diff ? departmentPts : 0) + (share ? languagePts : 0);
          const bool reverse = eTeaches && (h.flags & kHasLearn) != 0;
          const bool windows = eHasWindows && (h.flags & kHasWindows) != 0;
          // Hours both touch: the overlap is at most 60 minutes each (exact when both are
          // hour-aligned), and 0 without one.
          const int32_t hoursCommon = windows ? bitCounter.hours(h.hours.data(), eHours.data()) : 0;
          const int64_t availabilityUb = availabilityPts[static_cast<size_t>(
              std::min(60 * hoursCommon, PairScorer::kFullOverlapMinutes))];
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
          const int32_t minutes = hoursCommon > 0 && needOverlap ? overlap(m) : 0;
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
          // 1. Skill-sharing mentors, word-parallel over the mentor bitsets: per wanted skill the
          // quarters of every teacher (runs of its posting list by teach level) are added into
          // the bit-sliced sum `sumBits` (bit j of every mentor's quarters in row j); intent and
          // sharing are ORed. A group (quarters, intent) is then a mask, visited best first.
          {
            const auto every = internal::MenteeFeatures::pattern(possibleFacts, possibleFacts);
            for (size_t w = 0; w < words; ++w) everyFact[w] = facts.match(every, w);
          }
          const auto wanted = static_cast<int32_t>(mentee.learn.size());
          if (stageLearn == nullptr || !sameLearn(*stageLearn, mentee.learn)) {
            stageLearn = &mentee.learn;
            width = static_cast<size_t>(
                std::max(3, static_cast<int>(std::bit_width(static_cast<uint32_t>(4 * wanted)))));
            quarterFlip.resize(width);
            sumBits.assign(width * words, 0);
            sharedBits.assign(words, 0);
            intentBits.assign(words, 0);
            for (const auto& want : mentee.learn) {
              const int32_t s = indexIn(teachSkills, want.skillId);
              if (s < 0) continue;
              std::fill(qBits.begin(), qBits.end(), uint64_t{0});
              bool anyQuarters = false;
              for (auto r = static_cast<size_t>(runStart[static_cast<size_t>(s)]);
                   r < static_cast<size_t>(runStart[static_cast<size_t>(s) + 1]); ++r) {
                const LevelRun& run = runs[r];
                const auto q =
                    static_cast<uint32_t>(PairScorer::skillQuarters(run.level, want.level));
                const bool intent = run.level >= PairScorer::kIntentLevel;
                anyQuarters |= q != 0;
                if (run.bits >= 0) {
                  const uint64_t* row = &runBits[static_cast<size_t>(run.bits) * words];
                  for (size_t w = 0; w < words; ++w) {
                    const uint64_t x = row[w];
                    sharedBits[w] |= x;
                    if (intent) intentBits[w] |= x;
                    for (size_t j = 0; j < kQuarterBits; ++j) {
                      if (((q >> j) & 1u) != 0) qBits[j * words + w] |= x;
                    }
                  }
                } else {
                  for (auto i = static_cast<size_t>(run.begin); i < static_cast<size_t>(run.end);
                       ++i) {
                    const auto m = static_cast<size_t>(postMentor[i]);
                    const uint64_t bit = uint64_t{1} << (m % 64);
                    sharedBits[m / 64] |= bit;
                    if (intent) intentBits[m / 64] |= bit;
                    for (size_t j = 0; j < kQuarterBits; ++j) {
                      if (((q >> j) & 1u) != 0) qBits[j * words + m / 64] |= bit;
                    }
                  }
                }
              }
              if (!anyQuarters) continue;
              // sumBits += qBits (ripple carry, per word).
              for (size_t w = 0; w < words; ++w) {
                uint64_t carry = 0;
                for (size_t j = 0; j < width; ++j) {
                  const uint64_t x = j < kQuarterBits ? qBits[j * words + w] : 0;
                  if (j >= kQuarterBits && carry == 0) break;
                  const uint64_t sum = sumBits[j * words + w];
                  sumBits[j * words + w] = sum ^ x ^ carry;
                  carry = (sum & x) | (carry & (sum ^ x));
                }
              }
            }
            // Groups by decreasing skill points (quarters 0 without intent last or tied: those
            // mentors share a skill but get no skill part from it); a group stops the search when
            // even its skill points plus every other part at its maximum cannot enter the top K.
            groups = static_cast<size_t>(2 * (4 * wanted + 1));
            skillPts.resize(static_cast<size_t>(4 * wanted + 1));
            for (int32_t q = 0; q <= 4 * wanted; ++q) {
              skillPts[static_cast<size_t>(q)] = scorer.skillsPoints(q, wanted);
            }
            groupValue.resize(groups);
            groupOrder.clear();
            for (size_t g = 0; g < groups; ++g) {
              groupValue[g] = skillPts[g >> 1] + ((g & 1) != 0 ? intentPts : 0);
              groupOrder.push_back(static_cast<int32_t>(g));
            }
            std::sort(groupOrder.begin(), groupOrder.end(), [&](int32_t x, int32_t y) {
              const int64_t vx = groupValue[static_cast<size_t>(x)];
              const int64_t vy = groupValue[static_cast<size_t>(y)];
              return vx != vy ? vx > vy : x > y;
            });
            groupMasks.resize(groups * words);
            groupState.assign(groups, 0);
          }
          const int64_t restMax = factsUb[possibleFacts];
          // Collects the mentors of word w in `bits` whose key bound can enter the top K.
          auto visit = [&](uint64_t bits, size_t w, int64_t base) {
            for (; bits != 0; bits &= bits - 1) {
              const size_t m = w * 64 + static_cast<size_t>(std::countr_zero(bits));
              const int64_t ub = keyBound(m, base);
              if (top.mayEnter(ub)) pending.push_back({ub, static_cast<int32_t>(m)});
            }
          };
          // Evaluates the collected mentors by decreasing key bound (a counting sort into
          // kBuckets bands; index order within a band), so the K-th score rises early and the
          // rest is cut by its bound; stops at the first band that cannot enter.
          auto flush = [&](int64_t base) {
            if (pending.empty()) return;
            int64_t hi = pending.front().score;
            int64_t lo = hi;
            for (const Ranked& p : pending) {
              hi = std::max(hi, p.score);
              lo = std::min(lo, p.score);
            }
            constexpr size_t kBuckets = 32;
            const int64_t band = (hi - lo) / static_cast<int64_t>(kBuckets) + 1;
            auto bucketOf = [&](int64_t ub) { return static_cast<size_t>((hi - ub) / band); };
            bucketStart.assign(kBuckets + 1, 0);
            for (const Ranked& p : pending) ++bucketStart[bucketOf(p.score) + 1];
            for (size_t b = 1; b <= kBuckets; ++b) bucketStart[b] += bucketStart[b - 1];
            byBound.resize(pending.size());
            for (const Ranked& p : pending) {
              byBound[static_cast<size_t>(bucketStart[bucketOf(p.score)]++)] = p;
            }
            for (const Ranked& p : byBound) {
              if (!top.mayEnter(hi - static_cast<int64_t>(bucketOf(p.score)) * band)) break;
              if (top.mayEnter(p.score)) evaluate(p.mentor, base, top, true);
            }
            pending.clear();
          };
          top.reset(k);
          for (int32_t g : groupOrder) {
            const auto gi = static_cast<size_t>(g);
            const int64_t base = groupValue[gi];
            if (!top.mayEnter(base + restMax)) break;
            uint64_t* groupBits = &groupMasks[gi * words];
            if (groupState[gi] == 0) {  // built once per learn list
              const auto quarters = static_cast<uint32_t>(gi >> 1);
              const bool intent = (gi & 1) != 0;
              bool any = false;
              const uint64_t intentFlip = intent ? 0 : ~uint64_t{0};
              for (size_t j = 0; j < width; ++j) {
                quarterFlip[j] = ((quarters >> j) & 1u) != 0 ? 0 : ~uint64_t{0};
              }
              for (size_t w = 0; w < words; ++w) {
                uint64_t x = sharedBits[w] & (intentBits[w] ^ intentFlip);
                if (x != 0) {
                  for (size_t j = 0; j < width; ++j) x &= sumBits[j * words + w] ^ quarterFlip[j];
                }
                groupBits[w] = x;
                any |= x != 0;
              }
              groupState[gi] = any ? 2 : 1;
            }
            if (groupState[gi] == 1) continue;
            // The mentors with every fact first: they set a high K-th score early; then the
            // others, only those whose facts' bound can still enter (bit masks, no record read).
            for (size_t w = 0; w < words; ++w) {
              if (groupBits[w] == 0) continue;
              visit(groupBits[w] & everyFact[w], w, base);
            }
            flush(base);
            // The fact sets (other than every fact) whose bound can still enter, recomputed when
            // the K-th score changes.
            bool listFull = false;
            int64_t listWorst = 0;
            for (size_t w = 0; w < words; ++w) {
              const uint64_t rest = groupBits[w] & ~everyFact[w];
              if (rest == 0) continue;
              if (!top.full()) {
                visit(rest, w, base);
                continue;
              }
              if (!listFull || top.worst().score != listWorst) {
                listFull = true;
                listWorst = top.worst().score;
                allowedFacts.clear();
                for (uint32_t f = 0; f < factsUb.size(); ++f) {
                  if ((f & ~possibleFacts) != 0 || f == possibleFacts) continue;
                  if (top.mayEnter(base + factsUb[f])) {
                    allowedFacts.push_back(internal::MenteeFeatures::pattern(f, possibleFacts));
                  }
                }
              }
              uint64_t allowed = 0;
              for (const auto& f : allowedFacts) allowed |= facts.match(f, w);
              visit(rest & allowed, w, base);
            }
            flush(base);
          }
          result.assign(top.items().begin(), top.items().end());

          // 2. Fill empty slots from the other mentors (no shared skill: skill parts are 0).
          if (result.size() < k) {
            fill.reset(k - result.size());
            for (int32_t m : byRestUb) {
              const auto mi = static_cast<size_t>(m);
              if (((sharedBits[mi / 64] >> (mi % 64)) & 1u) != 0) continue;
              if (!fill.mayEnter(restUb[static_cast<size_t>(m)])) break;
              if (!fill.mayEnter(factsUb[facts.of(static_cast<size_t>(m))])) continue;
              evaluate(m, 0, fill);
            }
            result.insert(result.end(), fill.items().begin(), fill.items().end());
          }
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
        range.end = static_cast<int32_t>(co.edges.size());
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
  for (const EdgeRange& r : edgesOf) {
    const std::vector<CandidateEdge>& from = chunks[static_cast<size_t>(r.chunk)].edges;
    out.graph.edges.insert(out.graph.edges.end(), from.begin() + r.begin, from.begin() + r.end);
  }
  for (auto& c : chunks) {
    out.noCandidate.insert(out.noCandidate.end(), c.none.begin(), c.none.end());
    c = ChunkOut{};
  }
  // By mentee, as the mentees (ascending ids).
  std::sort(out.noCandidate.begin(), out.noCandidate.end(),
            [](const NoCandidate& a, const NoCandidate& b) { return a.menteeId < b.menteeId; });
  return out;
}

}  // namespace tandem::pairing
