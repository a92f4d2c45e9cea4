#include "workflow/pairing_state.h"

#include <chrono>

#include "core/clock.h"

namespace tandem::workflow {

core::Result<pairing::Match> programMatch(storage::StoreSession& session, int64_t programId,
                                          int64_t matchId) {
  auto match = session.pairing().findMatch(matchId);
  if (!match.isOk()) return match.status();
  if (!match->has_value() || (*match)->programId != programId) {
    return core::notFound("program " + std::to_string(programId) + " has no match " +
                          std::to_string(matchId));
  }
  return std::move(**match);
}

core::Result<std::map<int64_t, int32_t>> placesTaken(storage::StoreSession& session,
                                                     int64_t programId) {
  auto matches = session.pairing().listMatches(programId, std::nullopt);
  if (!matches.isOk()) return matches.status();
  std::map<int64_t, int32_t> taken;
  for (const auto& m : *matches) {
    if (pairing::isOpen(m.status)) ++taken[m.mentorId];
  }
  return taken;
}

core::Result<int> mentorCapacity(storage::StoreSession& session,
                                 const pairing::ProgramSettings& settings, int64_t mentorId) {
  auto participant = session.participants().find(mentorId);
  if (!participant.isOk()) return participant.status();
  return participant->has_value() ? (*participant)->capacity : settings.defaultCapacity;
}

core::Result<std::optional<pairing::Match>> openMatchOf(storage::StoreSession& session,
                                                        int64_t programId, int64_t menteeId) {
  auto matches = session.pairing().matchesOf(menteeId);
  if (!matches.isOk()) return matches.status();
  for (const auto& m : *matches) {
    if (m.programId == programId && m.menteeId == menteeId && pairing::isOpen(m.status)) {
      return std::optional<pairing::Match>(m);
    }
  }
  return std::optional<pairing::Match>();
}

std::string utcNowPlusHours(int hours) {
  return core::isoUtc(std::chrono::system_clock::now() + std::chrono::hours(hours));
}

}  // namespace tandem::workflow
