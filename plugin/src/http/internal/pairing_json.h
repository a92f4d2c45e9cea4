// JSON views of pairing records for the HTTP API: matches with both people, runs, shortlist
// offers and requests. People are read from the store once per view (PeopleCache).
// Thread-safety: a PeopleCache belongs to one request.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/status.h"
#include "directory/employee.h"
#include "pairing/match.h"
#include "storage/store.h"
#include "workflow/mentor_offers.h"

namespace tandem::http::internal {

// Looks people up by id, each once.
class PeopleCache {
 public:
  explicit PeopleCache(storage::StoreSession& store) : store_(store) {}
  // {"id", "displayName", "department", "title"} (+ "level" when withLevel: HR's view);
  // {"id", "displayName": "(unknown)"} for an id no longer in the directory.
  core::Result<nlohmann::json> person(int64_t id, bool withLevel);

 private:
  storage::StoreSession& store_;
  std::map<int64_t, std::optional<directory::Employee>> cache_;
};

// Points (thousandths / 1000) as a JSON number.
double points(int64_t thousandths);

// A match as HR sees it: ids, status, origin, run, score and its parts, both people with their
// level, both responses, the reasons, times.
core::Result<nlohmann::json> matchJsonForHr(const pairing::Match& m, PeopleCache& people);

// A match as one of its people sees it: their role, the partner (no level), the score with the
// reasons, both responses, the decline reason. `viewerId` is the employee looking.
core::Result<nlohmann::json> matchJsonForPerson(const pairing::Match& m, int64_t viewerId,
                                                PeopleCache& people);

// A run's summary (no input, result or pairs).
nlohmann::json runSummaryJson(const pairing::MatchRun& run);

// {"mentor": person, "score", "parts"} for a shortlist entry.
core::Result<nlohmann::json> offerJson(const workflow::MentorOffer& offer, int rank,
                                       PeopleCache& people);

// A shortlist request as the mentee (`forMentor` false: the mentor is shown) or the mentor
// (`forMentor` true: the mentee is shown) sees it.
core::Result<nlohmann::json> requestJson(const pairing::ShortlistRequest& r, bool forMentor,
                                         PeopleCache& people);

}  // namespace tandem::http::internal
