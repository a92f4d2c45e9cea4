#include "workflow/pairing_review.h"

#include <nlohmann/json.hpp>

#include "pairing/candidate_builder.h"
#include "pairing/pair_scorer.h"
#include "pairing/pairing_instance.h"
#include "workflow/pairing_runs.h"
#include "workflow/pairing_state.h"

namespace tandem::workflow {

using nlohmann::json;
using pairing::MatchStatus;

namespace {

core::Status audit(storage::StoreSession& session, const std::string& actor,
                   const std::string& action, int64_t programId, const json& details) {
  return session.audit().append(actor, action, "program:" + std::to_string(programId),
                                details.dump());
}

core::Result<pairing::Match> moveMatch(storage::StoreSession& session, int64_t programId,
                                       int64_t matchId, MatchStatus from, MatchStatus to,
                                       const std::string& action, const std::string& actor) {
  return transact<pairing::Match>(session, [&]() -> core::Result<pairing::Match> {
    auto match = programMatch(session, programId, matchId);
    if (!match.isOk()) return match.status();
    if (match->status != from) {
      return core::failedPrecondition("match " + std::to_string(matchId) + " is " +
                                      std::string(pairing::toString(match->status)) + ", not " +
                                      std::string(pairing::toString(from)));
    }
    auto moved = session.pairing().transition(matchId, from, to, actor, "");
    if (!moved.isOk()) return moved.status();
    TDM_RETURN_IF_ERROR(audit(session, actor, action, programId, {{"match", matchId}}));
    return moved;
  });
}

// The new pair of a swap, scored and checked against the hard constraints.
struct SwappedPair {
  pairing::Match match;
  std::vector<std::string> overrides;
};

core::Result<SwappedPair> scorePair(const pairing::PairingInput& input,
                                    const pairing::PairScorer& scorer,
                                    const pairing::ConstraintChecker& checker, int64_t mentorId,
                                    int64_t menteeId, bool force) {
  const int32_t mentor = scorer.indexOf(mentorId);
  const int32_t mentee = scorer.indexOf(menteeId);
  if (mentor < 0 || mentee < 0) {
    return core::failedPrecondition("employee " + std::to_string(mentor < 0 ? mentorId : menteeId) +
                                    " no longer takes part in the program");
  }
  const uint32_t failing = checker.check(mentor, mentee, /*all=*/true);
  SwappedPair out;
  for (int c = 0; c < pairing::kConstraintCount; ++c) {
    if ((failing & (1u << c)) == 0) continue;
    const auto constraint = static_cast<pairing::Constraint>(c);
    const std::string what = scorer.person(mentor).name + " and " + scorer.person(mentee).name +
                             ": " + pairing::constraintDescription(constraint, input.settings);
    const bool alwaysHolds = constraint == pairing::Constraint::kReportingChain ||
                             constraint == pairing::Constraint::kBlocked;
    if (alwaysHolds) return core::failedPrecondition(what + " (this rule always holds)");
    if (!force) return core::failedPrecondition(what + " (swap with force to override it)");
    out.overrides.emplace_back(pairing::constraintName(constraint));
  }
  pairing::PairScore score = scorer.explain(mentor, mentee);
  out.match.mentorId = mentorId;
  out.match.menteeId = menteeId;
  out.match.score = score.total;
  out.match.breakdownJson = pairing::scorePartsJson(score.parts).dump();
  out.match.origin = pairing::MatchOrigin::kSwap;
  out.match.status = MatchStatus::kApproved;
  return out;
}

// HR's pin or block of a match's pair.
pairing::PairRule ruleFor(const pairing::Match& match, const std::string& note,
                          const std::string& actor) {
  pairing::PairRule rule;
  rule.programId = match.programId;
  rule.mentorId = match.mentorId;
  rule.menteeId = match.menteeId;
  rule.createdBy = actor;
  rule.note = note;
  return rule;
}

bool reviewable(MatchStatus s) { return s == MatchStatus::kProposed || s == MatchStatus::kApproved; }

core::Result<pairing::MatchRun> programRun(storage::StoreSession& session, int64_t programId,
                                           int64_t runId) {
  auto run = session.pairing().findRun(runId);
  if (!run.isOk()) return run.status();
  if (!run->has_value() || (*run)->programId != programId) {
    return core::notFound("program " + std::to_string(programId) + " has no run " +
                          std::to_string(runId));
  }
  return std::move(**run);
}

}  // namespace

core::Result<pairing::Match> approveMatch(storage::StoreSession& session, int64_t programId,
                                          int64_t matchId, const std::string& actor) {
  return moveMatch(session, programId, matchId, MatchStatus::kProposed, MatchStatus::kApproved,
                   "pairing.approve", actor);
}

core::Result<pairing::Match> unapproveMatch(storage::StoreSession& session, int64_t programId,
                                            int64_t matchId, const std::string& actor) {
  return moveMatch(session, programId, matchId, MatchStatus::kApproved, MatchStatus::kProposed,
                   "pairing.unapprove", actor);
}

core::Result<std::vector<pairing::Match>> swapMatches(storage::StoreSession& session,
                                                      int64_t programId, int64_t firstMatchId,
                                                      int64_t secondMatchId, bool force,
                                                      const std::string& actor) {
  if (firstMatchId == secondMatchId) {
    return core::invalidArgument("a swap needs two different matches");
  }
  auto program = findProgram(session, programId);
  if (!program.isOk()) return program.status();
  auto input = loadProgramInput(session, *program);
  if (!input.isOk()) return input.status();
  auto scorer = pairing::PairScorer::create(*input);
  if (!scorer.isOk()) return scorer.status();
  const pairing::ConstraintChecker checker(*input, *scorer);

  using Matches = std::vector<pairing::Match>;
  return transact<Matches>(session, [&]() -> core::Result<Matches> {
    auto a = programMatch(session, programId, firstMatchId);
    if (!a.isOk()) return a.status();
    auto b = programMatch(session, programId, secondMatchId);
    if (!b.isOk()) return b.status();
    for (const pairing::Match* m : {&*a, &*b}) {
      if (!reviewable(m->status)) {
        return core::failedPrecondition("match " + std::to_string(m->id) + " is " +
                                        std::string(pairing::toString(m->status)) +
                                        ": only proposed or approved pairs can be swapped");
      }
    }
    if (a->mentorId == b->mentorId) {
      return core::invalidArgument("both matches have the same mentor: there is nothing to swap");
    }
    auto first = scorePair(*input, *scorer, checker, a->mentorId, b->menteeId, force);
    if (!first.isOk()) return first.status();
    auto second = scorePair(*input, *scorer, checker, b->mentorId, a->menteeId, force);
    if (!second.isOk()) return second.status();

    int64_t runId = 0;  // the draft run both came from, else outside any run
    if (a->runId != 0 && a->runId == b->runId) {
      auto run = session.pairing().findRun(a->runId);
      if (!run.isOk()) return run.status();
      if (run->has_value() && (*run)->status == pairing::RunStatus::kDraft) runId = a->runId;
    }
    auto& repo = session.pairing();
    for (const pairing::Match* m : {&*a, &*b}) {
      auto closed = repo.transition(m->id, m->status, MatchStatus::kClosed, actor, "swapped by HR");
      if (!closed.isOk()) return closed.status();
    }
    std::vector<pairing::Match> fresh;
    for (SwappedPair* p : {&*first, &*second}) {
      p->match.programId = programId;
      fresh.push_back(p->match);
    }
    auto inserted = repo.insertMatches(runId, fresh, actor);
    if (!inserted.isOk()) return inserted.status();
    json overrides = json::array();
    for (const auto& o : first->overrides) overrides.push_back(o);
    for (const auto& o : second->overrides) overrides.push_back(o);
    TDM_RETURN_IF_ERROR(audit(session, actor, "pairing.swap", programId,
                              {{"closed", {firstMatchId, secondMatchId}},
                               {"created", {(*inserted)[0].id, (*inserted)[1].id}},
                               {"overrides", overrides}}));
    return inserted;
  });
}

core::Result<pairing::Match> pinMatch(storage::StoreSession& session, int64_t programId,
                                      int64_t matchId, const std::string& note,
                                      const std::string& actor) {
  return transact<pairing::Match>(session, [&]() -> core::Result<pairing::Match> {
    auto match = programMatch(session, programId, matchId);
    if (!match.isOk()) return match.status();
    if (!pairing::isOpen(match->status)) {
      return core::failedPrecondition("match " + std::to_string(matchId) + " is " +
                                      std::string(pairing::toString(match->status)) +
                                      ": only an open pair can be pinned");
    }
    const pairing::Pin pin = ruleFor(*match, note, actor);
    TDM_RETURN_IF_ERROR(session.pairing().addPin(pin));
    pairing::Match out = *match;
    if (match->status == MatchStatus::kProposed) {
      auto approved = session.pairing().transition(matchId, MatchStatus::kProposed,
                                                   MatchStatus::kApproved, actor, "pinned by HR");
      if (!approved.isOk()) return approved.status();
      out = std::move(*approved);
    }
    TDM_RETURN_IF_ERROR(audit(session, actor, "pairing.pin", programId,
                              {{"match", matchId}, {"mentor", pin.mentorId}, {"mentee", pin.menteeId}}));
    return out;
  });
}

core::Result<pairing::Match> blockMatch(storage::StoreSession& session, int64_t programId,
                                        int64_t matchId, const std::string& note,
                                        const std::string& actor) {
  return transact<pairing::Match>(session, [&]() -> core::Result<pairing::Match> {
    auto match = programMatch(session, programId, matchId);
    if (!match.isOk()) return match.status();
    auto& repo = session.pairing();
    auto pins = repo.listPins(programId);
    if (!pins.isOk()) return pins.status();
    for (const auto& p : *pins) {
      if (p.mentorId == match->mentorId && p.menteeId == match->menteeId) {
        TDM_RETURN_IF_ERROR(repo.removePin(programId, p.mentorId, p.menteeId));
      }
    }
    const pairing::Block block = ruleFor(*match, note, actor);
    TDM_RETURN_IF_ERROR(repo.addBlock(block));
    pairing::Match out = *match;
    if (pairing::isOpen(match->status)) {
      auto closed = repo.transition(matchId, match->status, MatchStatus::kClosed, actor,
                                    "blocked by HR");
      if (!closed.isOk()) return closed.status();
      out = std::move(*closed);
    }
    TDM_RETURN_IF_ERROR(audit(session, actor, "pairing.block", programId,
                              {{"match", matchId}, {"mentor", block.mentorId},
                               {"mentee", block.menteeId}}));
    return out;
  });
}

core::Result<PublishOutcome> publishRun(storage::StoreSession& session, int64_t programId,
                                        int64_t runId, bool approveAll, const std::string& actor) {
  PublishOutcome outcome;
  outcome.runId = runId;
  const core::Status committed = session.transaction([&]() -> core::Status {
    auto run = programRun(session, programId, runId);
    if (!run.isOk()) return run.status();
    if (run->status != pairing::RunStatus::kDraft) {
      return core::failedPrecondition("run " + std::to_string(runId) + " is " +
                                      std::string(pairing::toString(run->status)) +
                                      ": only a draft run can be published");
    }
    auto& repo = session.pairing();
    auto proposed = repo.listMatches(programId, MatchStatus::kProposed);
    if (!proposed.isOk()) return proposed.status();
    if (!proposed->empty() && !approveAll) {
      return core::failedPrecondition(
          std::to_string(proposed->size()) +
          " pairs are still proposed: approve or block them first, or publish with approveAll");
    }
    for (const auto& m : *proposed) {
      auto approved = repo.transition(m.id, MatchStatus::kProposed, MatchStatus::kApproved, actor,
                                      "approved at publication");
      if (!approved.isOk()) return approved.status();
      ++outcome.approved;
    }
    auto approved = repo.listMatches(programId, MatchStatus::kApproved);
    if (!approved.isOk()) return approved.status();
    for (const auto& m : *approved) {
      auto published = repo.transition(m.id, MatchStatus::kApproved, MatchStatus::kPublished,
                                       actor, "published with run " + std::to_string(runId));
      if (!published.isOk()) return published.status();
      ++outcome.published;
    }
    TDM_RETURN_IF_ERROR(repo.setRunStatus(runId, pairing::RunStatus::kPublished, actor));
    return audit(session, actor, "pairing.publish", programId,
                 {{"run", runId}, {"published", outcome.published}, {"approved", outcome.approved}});
  });
  if (!committed.isOk()) return committed;
  return outcome;
}

core::Status discardRun(storage::StoreSession& session, int64_t programId, int64_t runId,
                        const std::string& actor) {
  return session.transaction([&]() -> core::Status {
    auto run = programRun(session, programId, runId);
    if (!run.isOk()) return run.status();
    if (run->status != pairing::RunStatus::kDraft) {
      return core::failedPrecondition("run " + std::to_string(runId) + " is " +
                                      std::string(pairing::toString(run->status)) +
                                      ": only a draft run can be discarded");
    }
    TDM_RETURN_IF_ERROR(session.pairing().setRunStatus(runId, pairing::RunStatus::kDiscarded, actor));
    return audit(session, actor, "pairing.discard", programId, {{"run", runId}});
  });
}

}  // namespace tandem::workflow
