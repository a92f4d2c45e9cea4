// CandidateFeatureIndex: four yes/no facts of every (mentor, mentee) pair that bound the
// non-skill parts of the score, as bitsets over the dense mentor index, so the candidate search
// can drop a mentor that cannot enter a mentee's top K with a few bit tests in one small per-mentee
// table instead of a read of the mentor's record (a cache miss at 10,000 mentors).
//
// The facts (bit i of CandidateFeatureIndex::of):
//   kDifferentDepartment  both departments known and different (exactly the crossDepartment rule)
//   kSharedLanguage       a shared language (exactly, for interned language ids < kMaxGroups)
//   kReverseSkill         the mentor wants to learn a skill the mentee teaches (at any level)
//   kAvailability         both have availability in a common UTC hour of the week
// Each fact is implied by its part being positive (reverseSkills > 0 needs a wanted skill the
// mentee teaches; availability > 0 needs a common minute, so a common hour), so a mentor without
// a fact gets 0 from that part and the sum of the maxima of the parts it has is an upper bound of
// its non-skill parts. When a family would be too large (more than kMaxGroups departments,
// languages or learn skills) its fact is set for every mentor: the bound stays valid, only weaker.
//
// Thread-safety: immutable after construction; forMentee may be called from several threads at
// once, each with its own MenteeFeatures.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pairing/pair_scorer.h"

namespace tandem::pairing::internal {

// Weekly UTC hours at which a person has any availability (168 bits); exact when every window
// boundary is a whole hour.
inline constexpr size_t kHourWords = 3;
using HourBits = std::array<uint64_t, kHourWords>;

// Sets the hours that windows [from, to) (minutes of the week, merged) touch, so two people's
// overlap is at most 60 x the hours both have set. Returns whether every boundary is a multiple of
// 60 (the hours are then the exact set). A window outside the week sets every hour.
bool coarseHours(const std::vector<std::pair<int32_t, int32_t>>& windows, HourBits& hours);

// The facts of one mentee against every mentor; reused across mentees.
class MenteeFeatures {
 public:
  // Bit i set: fact i holds for mentor m (0 <= m < the index's mentor count).
  uint32_t of(size_t m) const {
    const size_t w = m / 64;
    const unsigned b = static_cast<unsigned>(m % 64);
    return static_cast<uint32_t>((bits_[0][w] >> b) & 1u) |
           static_cast<uint32_t>(((bits_[1][w] >> b) & 1u) << 1) |
           static_cast<uint32_t>(((bits_[2][w] >> b) & 1u) << 2) |
           static_cast<uint32_t>(((bits_[3][w] >> b) & 1u) << 3);
  }
  // A fact set to match: the facts in `mask` must be exactly those in `facts` (a subset).
  struct Pattern {
    std::array<uint64_t, 4> flip{};  // all ones: the fact must be absent
    std::array<uint64_t, 4> skip{};  // all ones: the fact is not looked at
  };
  static Pattern pattern(uint32_t facts, uint32_t mask) {
    Pattern p;
    for (size_t i = 0; i < p.flip.size(); ++i) {
      const bool in = ((mask >> i) & 1u) != 0;
      p.flip[i] = in && ((facts >> i) & 1u) == 0 ? ~uint64_t{0} : 0;
      p.skip[i] = in ? 0 : ~uint64_t{0};
    }
    return p;
  }
  // The mentors 64w .. 64w+63 that match `p`, as bits.
  uint64_t match(const Pattern& p, size_t w) const {
    return ((bits_[0][w] ^ p.flip[0]) | p.skip[0]) & ((bits_[1][w] ^ p.flip[1]) | p.skip[1]) &
           ((bits_[2][w] ^ p.flip[2]) | p.skip[2]) & ((bits_[3][w] ^ p.flip[3]) | p.skip[3]);
  }

 private:
  friend class CandidateFeatureIndex;
  std::array<std::vector<uint64_t>, 4> bits_;
};

class CandidateFeatureIndex {
 public:
  static constexpr uint32_t kDifferentDepartment = 1;
  static constexpr uint32_t kSharedLanguage = 2;
  static constexpr uint32_t kReverseSkill = 4;
  static constexpr uint32_t kAvailability = 8;
  static constexpr size_t kMaxGroups = 1024;

  // `mentors`: the profiles by dense mentor index; `learnSkills`: the sorted skill ids the mentors
  // want to learn (the space of `menteeTeach` below). The profiles need not outlive the index.
  CandidateFeatureIndex(const std::vector<const PersonProfile*>& mentors,
                        const std::vector<int64_t>& learnSkills);

  size_t mentorCount() const { return mentors_; }

  // Fills `out` with the facts of `mentee` against every mentor. `menteeTeach`: indices in
  // learnSkills of the skills the mentee teaches; `menteeHours`: coarseHours of its windows.
  void forMentee(const PersonProfile& mentee, const std::vector<int32_t>& menteeTeach,
                 const HourBits& menteeHours, MenteeFeatures& out) const;

 private:
  // Bitsets keyed by a small id; `enabled` false = the family is too large (fact always set).
  struct Family {
    bool enabled = true;
    size_t count = 0;
    size_t words = 0;
    std::vector<uint64_t> bits;  // count x words
    const uint64_t* row(size_t id) const { return &bits[id * words]; }
    uint64_t* row(size_t id) { return &bits[id * words]; }
  };
  void orInto(const Family& f, size_t id, std::vector<uint64_t>& into) const;

  size_t mentors_ = 0;
  size_t words_ = 0;
  std::vector<uint64_t> knownDepartment_;  // mentors with a known department
  Family departments_;                     // mentors by department id
  Family languages_;                       // by language id
  Family learn_;                           // by index in learnSkills
  Family hours_;                           // by UTC hour of the week (168)
};

}  // namespace tandem::pairing::internal
