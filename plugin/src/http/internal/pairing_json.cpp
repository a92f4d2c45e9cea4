#include "http/internal/pairing_json.h"

#include "pairing/pairing_instance.h"

namespace tandem::http::internal {

using nlohmann::json;

namespace {

json parsedOr(const std::string& text, json fallback) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? fallback : parsed;
}

}  // namespace

core::Result<json> PeopleCache::person(int64_t id, bool withLevel) {
  auto it = cache_.find(id);
  if (it == cache_.end()) {
    auto found = store_.employees().findById(id);
    if (!found.isOk()) return found.status();
    it = cache_.emplace(id, std::move(*found)).first;
  }
  if (!it->second.has_value()) return json{{"id", id}, {"displayName", "(unknown)"}};
  const directory::Employee& e = *it->second;
  json out = {{"id", e.id},
              {"displayName", e.displayName},
              {"department", e.department},
              {"title", e.title}};
  if (withLevel) out["level"] = e.level ? json(*e.level) : json(nullptr);
  return out;
}

double points(int64_t thousandths) { return static_cast<double>(thousandths) / 1000.0; }

core::Result<json> matchJsonForHr(const pairing::Match& m, PeopleCache& people) {
  auto mentor = people.person(m.mentorId, true);
  if (!mentor.isOk()) return mentor.status();
  auto mentee = people.person(m.menteeId, true);
  if (!mentee.isOk()) return mentee.status();
  return json{{"id", m.id},
              {"programId", m.programId},
              {"runId", m.runId == 0 ? json(nullptr) : json(m.runId)},
              {"status", pairing::toString(m.status)},
              {"origin", pairing::toString(m.origin)},
              {"score", points(m.score)},
              {"parts", parsedOr(m.breakdownJson, json::array())},
              {"mentor", *mentor},
              {"mentee", *mentee},
              {"mentorResponse", pairing::toString(m.mentorResponse)},
              {"menteeResponse", pairing::toString(m.menteeResponse)},
              {"declineReason", m.declineReason},
              {"closedReason", m.closedReason},
              {"createdAt", m.createdAt},
              {"updatedAt", m.updatedAt}};
}

core::Result<json> matchJsonForPerson(const pairing::Match& m, int64_t viewerId,
                                      PeopleCache& people) {
  const bool mentorView = m.mentorId == viewerId;
  auto partner = people.person(mentorView ? m.menteeId : m.mentorId, false);
  if (!partner.isOk()) return partner.status();
  return json{{"id", m.id},
              {"programId", m.programId},
              {"role", mentorView ? "mentor" : "mentee"},
              {"partner", *partner},
              {"status", pairing::toString(m.status)},
              {"origin", pairing::toString(m.origin)},
              {"score", points(m.score)},
              {"parts", parsedOr(m.breakdownJson, json::array())},
              {"myResponse", pairing::toString(mentorView ? m.mentorResponse : m.menteeResponse)},
              {"partnerResponse",
               pairing::toString(mentorView ? m.menteeResponse : m.mentorResponse)},
              {"declineReason", m.declineReason},
              {"closedReason", m.closedReason},
              {"updatedAt", m.updatedAt}};
}

json runSummaryJson(const pairing::MatchRun& run) {
  return json{{"id", run.id},
              {"programId", run.programId},
              {"status", pairing::toString(run.status)},
              {"createdAt", run.createdAt},
              {"createdBy", run.createdBy},
              {"publishedAt", run.publishedAt},
              {"inputHash", run.inputHash},
              {"solverVersion", run.solverVersion},
              {"metrics", parsedOr(run.metricsJson, json::object())}};
}

core::Result<json> offerJson(const workflow::MentorOffer& offer, int rank, PeopleCache& people) {
  auto mentor = people.person(offer.mentorId, false);
  if (!mentor.isOk()) return mentor.status();
  return json{{"rank", rank},
              {"mentor", *mentor},
              {"score", points(offer.score)},
              {"parts", pairing::scorePartsJson(offer.parts)}};
}

core::Result<json> requestJson(const pairing::ShortlistRequest& r, bool forMentor,
                               PeopleCache& people) {
  auto other = people.person(forMentor ? r.menteeId : r.mentorId, false);
  if (!other.isOk()) return other.status();
  json out = {{"id", r.id},
              {"programId", r.programId},
              {"rank", r.rank},
              {"status", pairing::toString(r.status)},
              {"score", points(r.score)},
              {"parts", parsedOr(r.breakdownJson, json::array())},
              {"createdAt", r.createdAt},
              {"expiresAt", r.expiresAt},
              {"respondedAt", r.respondedAt},
              {"reason", r.reason},
              {"matchId", r.matchId == 0 ? json(nullptr) : json(r.matchId)}};
  out[forMentor ? "mentee" : "mentor"] = *other;
  return out;
}

}  // namespace tandem::http::internal
