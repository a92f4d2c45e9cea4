#include "workflow/mentor_offers.h"

#include <algorithm>

#include "pairing/candidate_builder.h"

namespace tandem::workflow {

core::Result<std::vector<MentorOffer>> bestMentorsFor(const pairing::PairingInput& input,
                                                      int64_t menteeId,
                                                      const std::map<int64_t, int32_t>& placesTaken,
                                                      const std::set<int64_t>& excluded, int limit) {
  const auto self = std::find_if(input.people.begin(), input.people.end(),
                                 [&](const pairing::PairingPerson& p) { return p.id == menteeId; });
  if (self == input.people.end() || self->role == pairing::PairingRole::kMentor) {
    return core::failedPrecondition(
        "you do not take part as a mentee: opt in as a mentee (or both) from your profile");
  }
  // The same input, with this mentee alone on the mentee side and the excluded mentors blocked;
  // pins and kept pairs are already counted in placesTaken.
  pairing::PairingInput one = input;
  one.pins.clear();
  one.kept.clear();
  one.settings.candidatesPerMentee = std::max(1, limit);
  for (int64_t mentor : excluded) one.blocks.push_back({mentor, menteeId});
  auto scorer = pairing::PairScorer::create(one);
  if (!scorer.isOk()) return scorer.status();
  pairing::CandidateBuildOptions options;
  options.capacityUsed = placesTaken;
  options.threads = 1;
  for (const auto& p : one.people) {
    if (p.id != menteeId) options.assignedMentees.insert(p.id);
  }
  auto candidates = pairing::buildCandidates(one, *scorer, options);
  if (!candidates.isOk()) return candidates.status();
  for (const auto& person : candidates->ineligible) {
    if (person.personId == menteeId && person.side == pairing::PairingRole::kMentee) {
      return core::failedPrecondition("the program's rules leave you out as a mentee: " +
                                      person.reason);
    }
  }
  std::vector<MentorOffer> offers;
  for (const auto& edge : candidates->graph.edges) {
    const int32_t mentor = candidates->mentorPerson[static_cast<size_t>(edge.mentor)];
    const int32_t mentee = candidates->menteePerson[static_cast<size_t>(edge.mentee)];
    pairing::PairScore explained = scorer->explain(mentor, mentee);
    offers.push_back({scorer->person(mentor).id, explained.total, std::move(explained.parts)});
  }
  std::sort(offers.begin(), offers.end(), [](const MentorOffer& a, const MentorOffer& b) {
    return a.score != b.score ? a.score > b.score : a.mentorId < b.mentorId;
  });
  if (offers.size() > static_cast<size_t>(std::max(0, limit))) {
    offers.resize(static_cast<size_t>(std::max(0, limit)));
  }
  return offers;
}

}  // namespace tandem::workflow
