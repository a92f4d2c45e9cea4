#include "workflow/pairing_runs.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <thread>

#include "core/json_text.h"
#include "pairing/canonical_input.h"
#include "pairing/fairness_report.h"
#include "pairing/flow_solver.h"
#include "pairing/pairing_instance.h"

namespace tandem::workflow {

using nlohmann::json;

namespace {

bool report(const PairingProgress& progress, double fraction, const std::string& message) {
  return !progress || progress(fraction, message);
}

core::Status cancelled() { return core::unavailable("the pairing run was cancelled"); }

int workerThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(std::min(n, 8u));
}

pairing::SolverFn exactSolver() {
  return [](const pairing::CandidateGraph& graph) { return pairing::solveExact(graph); };
}

}  // namespace

core::Result<mentoring::Program> findProgram(storage::StoreSession& session, int64_t programId) {
  auto program = session.programs().findById(programId);
  if (!program.isOk()) return program.status();
  if (!program->has_value()) {
    return core::notFound("no program with id " + std::to_string(programId));
  }
  return std::move(**program);
}

core::Result<pairing::PairingInput> loadProgramInput(storage::StoreSession& session,
                                                     const mentoring::Program& program) {
  pairing::PairingInput input;
  auto settings = pairing::parseProgramSettings(program.settingsJson);
  if (!settings.isOk()) return settings.status();
  input.settings = *settings;
  input.referenceDate = program.startsOn;
  auto& pool = session.pairingPool();
  auto people = pool.participants();
  if (!people.isOk()) return people.status();
  input.people = std::move(*people);
  auto skills = pool.skills();
  if (!skills.isOk()) return skills.status();
  input.skills = std::move(*skills);
  auto earlier = pool.earlierPairs(program.id);
  if (!earlier.isOk()) return earlier.status();
  input.previousPairs = std::move(*earlier);

  std::set<int64_t> present;
  for (const auto& p : input.people) present.insert(p.id);
  const auto inPool = [&](int64_t mentor, int64_t mentee) {
    return present.count(mentor) != 0 && present.count(mentee) != 0;
  };
  auto& repo = session.pairing();
  auto pins = repo.listPins(program.id);
  if (!pins.isOk()) return pins.status();
  for (const auto& p : *pins) {
    // A pin whose person left (opted out, left the directory) no longer applies.
    if (inPool(p.mentorId, p.menteeId)) input.pins.push_back({p.mentorId, p.menteeId});
  }
  auto blocks = repo.listBlocks(program.id);
  if (!blocks.isOk()) return blocks.status();
  for (const auto& b : *blocks) input.blocks.push_back({b.mentorId, b.menteeId});
  auto matches = repo.listMatches(program.id, std::nullopt);
  if (!matches.isOk()) return matches.status();
  for (const auto& m : *matches) {
    const bool holds = m.status == pairing::MatchStatus::kApproved ||
                       m.status == pairing::MatchStatus::kPublished ||
                       m.status == pairing::MatchStatus::kAccepted ||
                       m.status == pairing::MatchStatus::kActive;
    if (holds && inPool(m.mentorId, m.menteeId)) input.kept.push_back({m.mentorId, m.menteeId});
  }
  // A kept pair already holds its mentee: a pin for the same mentee would give them two mentors.
  std::set<int64_t> keptMentees;
  for (const auto& k : input.kept) keptMentees.insert(k.menteeId);
  std::erase_if(input.pins, [&](const pairing::PersonPair& p) {
    return keptMentees.count(p.menteeId) != 0;
  });
  return input;
}

core::Result<ProgramRunOutcome> runProgramPairing(storage::StoreSession& session,
                                                  int64_t programId, bool dryRun,
                                                  const std::string& actor,
                                                  const PairingProgress& progress) {
  if (!report(progress, 0.0, "reading the program's participants")) return cancelled();
  auto program = findProgram(session, programId);
  if (!program.isOk()) return program.status();
  if (program->status == "closed") {
    return core::failedPrecondition("program " + std::to_string(programId) +
                                    " is closed: a closed program is not paired again");
  }
  auto input = loadProgramInput(session, *program);
  if (!input.isOk()) return input.status();
  if (!dryRun && input->settings.mode == pairing::PairingMode::kShortlist) {
    return core::failedPrecondition("program " + std::to_string(programId) +
                                    " is in shortlist mode: its mentees choose their mentors, "
                                    "so a run is only a dry run there");
  }
  // A kept pair whose people are now in one reporting chain (a manager changed since it was
  // approved) cannot go on: it is not kept, and a stored run closes its match.
  std::map<int64_t, const pairing::PairingPerson*> byId;
  for (const auto& p : input->people) byId[p.id] = &p;
  const auto inChain = [&](int64_t of, int64_t who) {
    const auto it = byId.find(of);
    return it != byId.end() && std::find(it->second->managerChain.begin(),
                                         it->second->managerChain.end(),
                                         who) != it->second->managerChain.end();
  };
  std::set<pairing::PersonPair> brokenKept;
  std::erase_if(input->kept, [&](const pairing::PersonPair& k) {
    if (!inChain(k.menteeId, k.mentorId) && !inChain(k.mentorId, k.menteeId)) return false;
    brokenKept.insert(k);
    return true;
  });
  if (!report(progress, 0.2, "building candidates and solving")) return cancelled();
  // A stored run keeps the canonical input the hash was computed from.
  std::string inputText;
  auto result =
      pairing::runPairing(*input, exactSolver(), workerThreads(), dryRun ? nullptr : &inputText);
  if (!result.isOk()) return result.status();
  ProgramRunOutcome outcome;
  outcome.result = std::move(*result);
  outcome.fairness = pairing::fairnessReport(*input, outcome.result);
  if (dryRun) {
    report(progress, 1.0, "done (dry run)");
    return outcome;
  }
  if (!report(progress, 0.9, "storing the run")) return cancelled();

  // Names and departments come from the directory and may hold invalid UTF-8 (the reasons quote
  // them): every text stored replaces it by U+FFFD (core::jsonText), as the canonical input does,
  // instead of failing the run.
  const json resultJson = pairing::pairingResultToJson(outcome.result);
  pairing::MatchRun run;
  run.programId = programId;
  run.createdBy = actor;
  run.inputHash = outcome.result.inputHash;
  run.settingsJson = core::jsonText(pairing::toJson(input->settings));
  run.solverVersion = std::string(pairing::kSolverVersion);
  run.inputJson = std::move(inputText);
  run.resultJson = core::jsonText(resultJson);
  run.metricsJson = core::jsonText(resultJson.at("metrics"));
  run.fairnessJson = core::jsonText(outcome.fairness);

  std::vector<pairing::Match> matches;
  for (size_t i = 0; i < outcome.result.pairs.size(); ++i) {
    const auto& p = outcome.result.pairs[i];
    if (p.origin == pairing::PairOrigin::kKept) continue;  // its match exists already
    pairing::Match m;
    m.programId = programId;
    m.mentorId = p.mentorId;
    m.menteeId = p.menteeId;
    m.status = pairing::MatchStatus::kProposed;
    m.score = p.score;
    m.breakdownJson = core::jsonText(resultJson.at("pairs").at(i).at("parts"));
    m.origin = p.origin == pairing::PairOrigin::kPin ? pairing::MatchOrigin::kPin
                                                     : pairing::MatchOrigin::kSolver;
    matches.push_back(std::move(m));
  }

  auto& repo = session.pairing();
  core::Status stored = session.transaction([&]() -> core::Status {
    auto runs = repo.listRuns(programId);
    if (!runs.isOk()) return runs.status();
    for (const auto& earlier : *runs) {
      if (earlier.status != pairing::RunStatus::kDraft) continue;
      TDM_RETURN_IF_ERROR(repo.setRunStatus(earlier.id, pairing::RunStatus::kSuperseded, actor));
    }
    if (!brokenKept.empty()) {
      auto open = repo.listMatches(programId, std::nullopt);
      if (!open.isOk()) return open.status();
      for (const auto& m : *open) {
        if (!pairing::isOpen(m.status) || !brokenKept.count({m.mentorId, m.menteeId})) continue;
        auto closed = repo.transition(m.id, m.status, pairing::MatchStatus::kClosed, actor,
                                      std::string(kReportingChainReason));
        if (!closed.isOk()) return closed.status();
        ++outcome.closedInReportingChain;
      }
    }
    auto created = repo.createRun(run);
    if (!created.isOk()) return created.status();
    outcome.runId = created->id;
    auto inserted = repo.insertMatches(created->id, matches, actor);
    if (!inserted.isOk()) return inserted.status();
    const json details = {{"run", created->id},
                          {"pairs", outcome.result.pairs.size()},
                          {"unmatched", outcome.result.unmatched.size()},
                          {"objective", outcome.result.objective},
                          {"inputHash", outcome.result.inputHash}};
    return session.audit().append(actor, "pairing.run", "program:" + std::to_string(programId),
                                  details.dump());
  });
  if (!stored.isOk()) return stored;
  report(progress, 1.0, "done");
  return outcome;
}

core::Result<ReplayOutcome> replayRun(storage::StoreSession& session, int64_t runId) {
  auto run = session.pairing().findRun(runId);
  if (!run.isOk()) return run.status();
  if (!run->has_value()) return core::notFound("no pairing run with id " + std::to_string(runId));
  const pairing::MatchRun& stored = **run;
  const json canonical = json::parse(stored.inputJson, nullptr, /*allow_exceptions=*/false);
  const json storedResult = json::parse(stored.resultJson, nullptr, /*allow_exceptions=*/false);
  if (canonical.is_discarded() || storedResult.is_discarded() || !storedResult.is_object()) {
    return core::invalidArgument("run " + std::to_string(runId) +
                                 " has a stored input or result that is not JSON");
  }
  auto input = pairing::parseCanonicalInput(canonical);
  if (!input.isOk()) return input.status();
  auto replayed = pairing::runPairing(*input, exactSolver(), workerThreads());
  if (!replayed.isOk()) return replayed.status();

  ReplayOutcome out;
  out.runId = runId;
  out.solverVersion = stored.solverVersion;
  out.replaySolverVersion = std::string(pairing::kSolverVersion);
  out.inputHashMatches = replayed->inputHash == stored.inputHash;
  out.storedObjective = storedResult.value("objective", int64_t{0});
  out.replayedObjective = replayed->objective;
  std::set<std::pair<int64_t, int64_t>> before;
  std::set<std::pair<int64_t, int64_t>> after;
  if (storedResult.contains("pairs") && storedResult["pairs"].is_array()) {
    for (const auto& p : storedResult["pairs"]) {
      before.emplace(p.value("mentorId", int64_t{0}), p.value("menteeId", int64_t{0}));
    }
  }
  for (const auto& p : replayed->pairs) after.emplace(p.mentorId, p.menteeId);
  std::vector<std::pair<int64_t, int64_t>> diff;
  std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(),
                                std::back_inserter(diff));
  out.differences = static_cast<int64_t>(diff.size());
  out.identical = diff.empty() && out.storedObjective == out.replayedObjective;
  return out;
}

}  // namespace tandem::workflow
