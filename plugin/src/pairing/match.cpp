#include "pairing/match.h"

#include <array>
#include <utility>

namespace tandem::pairing {

namespace {

template <typename E, size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N>& names,
                         std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<MatchStatus, std::string_view>, 8> kMatchStatuses{{
    {MatchStatus::kProposed, "proposed"},
    {MatchStatus::kApproved, "approved"},
    {MatchStatus::kPublished, "published"},
    {MatchStatus::kAccepted, "accepted"},
    {MatchStatus::kDeclined, "declined"},
    {MatchStatus::kActive, "active"},
    {MatchStatus::kCompleted, "completed"},
    {MatchStatus::kClosed, "closed"},
}};

constexpr std::array<std::pair<MatchOrigin, std::string_view>, 6> kOrigins{{
    {MatchOrigin::kSolver, "solver"},
    {MatchOrigin::kPin, "pin"},
    {MatchOrigin::kKept, "kept"},
    {MatchOrigin::kSwap, "swap"},
    {MatchOrigin::kShortlist, "shortlist"},
    {MatchOrigin::kRematch, "rematch"},
}};

constexpr std::array<std::pair<PartyResponse, std::string_view>, 3> kResponses{{
    {PartyResponse::kPending, "pending"},
    {PartyResponse::kAccepted, "accepted"},
    {PartyResponse::kDeclined, "declined"},
}};

constexpr std::array<std::pair<RunStatus, std::string_view>, 4> kRunStatuses{{
    {RunStatus::kDraft, "draft"},
    {RunStatus::kPublished, "published"},
    {RunStatus::kSuperseded, "superseded"},
    {RunStatus::kDiscarded, "discarded"},
}};

constexpr std::array<std::pair<RequestStatus, std::string_view>, 5> kRequestStatuses{{
    {RequestStatus::kPending, "pending"},
    {RequestStatus::kAccepted, "accepted"},
    {RequestStatus::kDeclined, "declined"},
    {RequestStatus::kExpired, "expired"},
    {RequestStatus::kWithdrawn, "withdrawn"},
}};

}  // namespace

std::string_view toString(MatchStatus status) { return nameOf(kMatchStatuses, status); }
std::optional<MatchStatus> parseMatchStatus(std::string_view text) {
  return valueOf(kMatchStatuses, text);
}

bool isOpen(MatchStatus status) {
  switch (status) {
    case MatchStatus::kProposed:
    case MatchStatus::kApproved:
    case MatchStatus::kPublished:
    case MatchStatus::kAccepted:
    case MatchStatus::kActive:
      return true;
    case MatchStatus::kDeclined:
    case MatchStatus::kCompleted:
    case MatchStatus::kClosed:
      return false;
  }
  return false;
}

bool isAllowedTransition(MatchStatus from, MatchStatus to) {
  if (!isOpen(from) || from == to) return false;
  switch (to) {
    case MatchStatus::kProposed:
      return from == MatchStatus::kApproved;
    case MatchStatus::kApproved:
      return from == MatchStatus::kProposed;
    case MatchStatus::kPublished:
      return from == MatchStatus::kProposed || from == MatchStatus::kApproved;
    case MatchStatus::kActive:
      return from == MatchStatus::kAccepted;
    case MatchStatus::kCompleted:
      return from == MatchStatus::kActive;
    case MatchStatus::kClosed:
      return true;
    case MatchStatus::kAccepted:
    case MatchStatus::kDeclined:
      return false;
  }
  return false;
}

std::string_view toString(MatchOrigin origin) { return nameOf(kOrigins, origin); }
std::optional<MatchOrigin> parseMatchOrigin(std::string_view text) {
  return valueOf(kOrigins, text);
}

std::string_view toString(PartyResponse response) { return nameOf(kResponses, response); }
std::optional<PartyResponse> parsePartyResponse(std::string_view text) {
  return valueOf(kResponses, text);
}

std::string_view toString(RunStatus status) { return nameOf(kRunStatuses, status); }
std::optional<RunStatus> parseRunStatus(std::string_view text) {
  return valueOf(kRunStatuses, text);
}

bool isAllowedRunTransition(RunStatus from, RunStatus to) {
  if (from == RunStatus::kDraft) return to != RunStatus::kDraft;
  return from == RunStatus::kPublished && to == RunStatus::kSuperseded;
}

std::string_view toString(RequestStatus status) { return nameOf(kRequestStatuses, status); }
std::optional<RequestStatus> parseRequestStatus(std::string_view text) {
  return valueOf(kRequestStatuses, text);
}

}  // namespace tandem::pairing
