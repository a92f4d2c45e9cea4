#include "pairing/internal/candidate_feature_index.h"

#include <algorithm>
#include <bit>

namespace tandem::pairing::internal {

namespace {

constexpr int32_t kWeekMinutes = 7 * 24 * 60;
constexpr size_t kWeekHours = 7 * 24;

void setBit(uint64_t* bits, size_t i) { bits[i / 64] |= uint64_t{1} << (i % 64); }

}  // namespace

bool coarseHours(const std::vector<std::pair<int32_t, int32_t>>& windows, HourBits& hours) {
  hours.fill(0);
  bool aligned = true;
  for (const auto& [from, to] : windows) {
    if (to <= from) continue;
    if (from < 0 || to > kWeekMinutes) {  // not a minute of the week: every hour (a safe bound)
      for (size_t h = 0; h < kWeekHours; ++h) setBit(hours.data(), h);
      aligned = false;
      continue;
    }
    if (from % 60 != 0 || to % 60 != 0) aligned = false;
    for (int32_t h = from / 60; h <= (to - 1) / 60; ++h) setBit(hours.data(), static_cast<size_t>(h));
  }
  return aligned;
}

CandidateFeatureIndex::CandidateFeatureIndex(const std::vector<const PersonProfile*>& mentors,
                                             const std::vector<int64_t>& learnSkills)
    : mentors_(mentors.size()), words_((mentors.size() + 63) / 64) {
  knownDepartment_.assign(words_, 0);
  int32_t maxDepartment = -1;
  int32_t maxLanguage = -1;
  for (const PersonProfile* p : mentors) {
    maxDepartment = std::max(maxDepartment, p->department);
    for (int32_t l : p->languages) maxLanguage = std::max(maxLanguage, l);
  }
  auto init = [&](Family& f, size_t count) {
    f.words = words_;
    f.enabled = count <= kMaxGroups;
    f.count = f.enabled ? count : 0;
    f.bits.assign(f.count * words_, 0);
  };
  init(departments_, static_cast<size_t>(maxDepartment + 1));
  init(languages_, static_cast<size_t>(maxLanguage + 1));
  init(learn_, learnSkills.size());
  init(hours_, kWeekHours);
  for (size_t m = 0; m < mentors.size(); ++m) {
    const PersonProfile& p = *mentors[m];
    if (p.department >= 0) {
      setBit(knownDepartment_.data(), m);
      if (departments_.enabled) setBit(departments_.row(static_cast<size_t>(p.department)), m);
    }
    if (languages_.enabled) {
      for (int32_t l : p.languages) setBit(languages_.row(static_cast<size_t>(l)), m);
    }
    if (learn_.enabled) {
      for (const auto& s : p.learn) {
        const auto it = std::lower_bound(learnSkills.begin(), learnSkills.end(), s.skillId);
        if (it != learnSkills.end() && *it == s.skillId) {
          setBit(learn_.row(static_cast<size_t>(it - learnSkills.begin())), m);
        }
      }
    }
    HourBits h{};
    coarseHours(p.utcWindows, h);
    for (size_t w = 0; w < kHourWords; ++w) {
      for (uint64_t b = h[w]; b != 0; b &= b - 1) {
        setBit(hours_.row(w * 64 + static_cast<size_t>(std::countr_zero(b))), m);
      }
    }
  }
}

void CandidateFeatureIndex::orInto(const Family& f, size_t id, std::vector<uint64_t>& into) const {
  if (id >= f.count) return;
  const uint64_t* r = f.row(id);
  for (size_t w = 0; w < words_; ++w) into[w] |= r[w];
}

void CandidateFeatureIndex::forMentee(const PersonProfile& mentee,
                                      const std::vector<int32_t>& menteeTeach,
                                      const HourBits& menteeHours, MenteeFeatures& out) const {
  auto& [department, language, reverse, availability] = out.bits_;
  for (auto* v : {&department, &language, &reverse, &availability}) v->assign(words_, 0);
  const uint64_t all = ~uint64_t{0};

  if (mentee.department >= 0) {
    if (!departments_.enabled) {
      std::fill(department.begin(), department.end(), all);
    } else {
      const auto d = static_cast<size_t>(mentee.department);
      const uint64_t* same = d < departments_.count ? departments_.row(d) : nullptr;
      for (size_t w = 0; w < words_; ++w) {
        department[w] = knownDepartment_[w] & ~(same != nullptr ? same[w] : 0);
      }
    }
  }
  if (!languages_.enabled) {
    if (!mentee.languages.empty()) std::fill(language.begin(), language.end(), all);
  } else {
    for (int32_t l : mentee.languages) orInto(languages_, static_cast<size_t>(l), language);
  }
  if (!learn_.enabled) {
    if (!menteeTeach.empty()) std::fill(reverse.begin(), reverse.end(), all);
  } else {
    for (int32_t s : menteeTeach) orInto(learn_, static_cast<size_t>(s), reverse);
  }
  for (size_t w = 0; w < kHourWords; ++w) {
    for (uint64_t b = menteeHours[w]; b != 0; b &= b - 1) {
      orInto(hours_, w * 64 + static_cast<size_t>(std::countr_zero(b)), availability);
    }
  }
}

}  // namespace tandem::pairing::internal
