// Small reads of a program's pairing state shared by the workflow use cases.
// Thread-safety: each call uses the one session it is given, from one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"
#include "mentoring/program.h"
#include "pairing/match.h"
#include "pairing/program_settings.h"
#include "storage/store.h"

namespace tandem::workflow {

// The match when it exists and belongs to the program; kNotFound otherwise.
core::Result<pairing::Match> programMatch(storage::StoreSession& session, int64_t programId,
                                          int64_t matchId);

// Per mentor, the places held in the program: open matches (proposed to active).
core::Result<std::map<int64_t, int32_t>> placesTaken(storage::StoreSession& session,
                                                     int64_t programId);

// The mentees a mentor takes in the program: their participant capacity, else the program's
// default.
core::Result<int> mentorCapacity(storage::StoreSession& session,
                                 const pairing::ProgramSettings& settings, int64_t mentorId);

// The mentee's open match in the program, if any.
core::Result<std::optional<pairing::Match>> openMatchOf(storage::StoreSession& session,
                                                        int64_t programId, int64_t menteeId);

// Runs fn (returning core::Result<T>) in one transaction: committed when fn succeeds. Returns
// fn's result, or the transaction's own error (e.g. a failed commit).
template <typename T, typename Fn>
core::Result<T> transact(storage::StoreSession& session, Fn&& fn) {
  std::optional<core::Result<T>> out;
  const core::Status committed = session.transaction([&]() -> core::Status {
    out.emplace(fn());
    return out->status();
  });
  if (!committed.isOk()) return committed;
  return std::move(*out);
}

// "YYYY-MM-DDTHH:MM:SSZ", now (UTC) plus `hours`.
std::string utcNowPlusHours(int hours);

}  // namespace tandem::workflow
