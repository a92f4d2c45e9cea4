// The pairing jobs behind `tandem pair`: pair_program (a program's run, or a dry run),
// pair_instance (a self-contained instance file, without the store) and pair_replay (recompute a
// stored run and compare).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/plugin_app.h"
#include "pairing/fairness_report.h"
#include "pairing/flow_solver.h"
#include "pairing/pairing_instance.h"
#include "workflow/pairing_runs.h"

namespace tandem::app {

using nlohmann::json;

namespace {

// An instance file larger than this is refused before it is read (200,000 participants with
// their skills and windows stay far below it).
constexpr std::uintmax_t kMaxInstanceBytes = 512ull * 1024 * 1024;

core::Result<int64_t> positiveId(const json& args, const char* key) {
  const auto it = args.find(key);
  if (it == args.end() || !it->is_number_integer() || it->get<int64_t>() < 1) {
    return core::invalidArgument(std::string("\"") + key + "\" must be a positive integer id");
  }
  return it->get<int64_t>();
}

core::Result<std::string> readInstanceFile(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return core::notFound("cannot read " + path + ": " + ec.message());
  if (size > kMaxInstanceBytes) {
    return core::invalidArgument(path + " is larger than 512 MiB, the limit of an instance file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::notFound("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return core::unavailable("reading " + path + " failed");
  return text.str();
}

}  // namespace

core::Result<json> PluginApp::pairInstanceJob(const json& args, const ProgressFn& progress) {
  const auto file = args.find("file");
  if (file == args.end() || !file->is_string()) {
    return core::invalidArgument("pair_instance needs \"file\": the instance file's path");
  }
  if (progress && !progress(0.0, "reading the instance")) {
    return core::unavailable("the pairing run was cancelled");
  }
  auto text = readInstanceFile(file->get<std::string>());
  if (!text.isOk()) return text.status();
  auto input = pairing::parsePairingInstance(*text);
  if (!input.isOk()) return input.status();
  if (progress && !progress(0.2, "building candidates and solving")) {
    return core::unavailable("the pairing run was cancelled");
  }
  auto result = pairing::runPairing(
      *input, [](const pairing::CandidateGraph& g) { return pairing::solveExact(g); });
  if (!result.isOk()) return result.status();
  if (const auto dir = args.find("dumpGraph"); dir != args.end()) {
    if (!dir->is_string() || dir->get_ref<const std::string&>().empty()) {
      return core::invalidArgument("\"dumpGraph\" must be a directory path");
    }
    TDM_RETURN_IF_ERROR(pairing::writeGraphCsv(*result, dir->get<std::string>()));
  }
  if (progress) progress(1.0, "done");
  json out = pairing::pairingResultToJson(*result);
  out["fairness"] = pairing::fairnessReport(*input, *result);
  out["solverVersion"] = std::string(pairing::kSolverVersion);
  return out;
}

core::Result<json> PluginApp::pairProgramJob(const json& args, const ProgressFn& progress) {
  auto program = positiveId(args, "program");
  if (!program.isOk()) return program.status();
  const auto dry = args.find("dryRun");
  if (dry != args.end() && !dry->is_boolean()) {
    return core::invalidArgument("\"dryRun\" must be true or false");
  }
  const bool dryRun = dry != args.end() && dry->get<bool>();
  const std::string actor = args.value("actor", std::string("cli"));
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto outcome = workflow::runProgramPairing(**session, *program, dryRun, actor, progress);
  if (!outcome.isOk()) return outcome.status();
  json out = pairing::pairingResultToJson(outcome->result);
  out["fairness"] = outcome->fairness;
  out["program"] = *program;
  out["dryRun"] = dryRun;
  out["solverVersion"] = std::string(pairing::kSolverVersion);
  if (!dryRun) {
    out["run"] = outcome->runId;
    out["closedInReportingChain"] = outcome->closedInReportingChain;
  }
  log_->info("pairing run for program {}: {} pairs, {} unmatched{}", *program,
             outcome->result.pairs.size(), outcome->result.unmatched.size(),
             dryRun ? " (dry run)" : ", stored as run " + std::to_string(outcome->runId));
  return out;
}

core::Result<json> PluginApp::pairReplayJob(const json& args) {
  auto run = positiveId(args, "run");
  if (!run.isOk()) return run.status();
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto replay = workflow::replayRun(**session, *run);
  if (!replay.isOk()) return replay.status();
  return json{{"run", replay->runId},
              {"solverVersion", replay->solverVersion},
              {"replaySolverVersion", replay->replaySolverVersion},
              {"identical", replay->identical},
              {"inputHashMatches", replay->inputHashMatches},
              {"storedObjective", replay->storedObjective},
              {"replayedObjective", replay->replayedObjective},
              {"differences", replay->differences}};
}

}  // namespace tandem::app
