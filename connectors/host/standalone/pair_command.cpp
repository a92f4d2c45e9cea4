// tandem pair: a pairing run for a program (stored as a draft for HR review, or a dry run), a
// self-contained instance file solved without the store, and the replay of a stored run.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>

#include "commands.h"
#include "job_runner.h"

namespace tandem::standalone {
namespace {

std::string text(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Scores travel as integer thousandths of a point; people read points.
std::string points(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return "?";
  const double v = it->get<double>() / 1000.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// A fairness report value: a rate as a percentage, a mean score (already in points) with two
// decimals; "-" when absent or null.
std::string percent(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", it->get<double>() * 100.0);
  return buf;
}

std::string meanPoints(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", it->get<double>());
  return buf;
}

// One side of the fairness report (pairing/fairness_report.h): totals, the groups by department
// and by level band, and the unmatched by reason code. Only aggregates of minGroup people or more.
void printFairnessSide(const nlohmann::json& side, const char* title, long long minGroup,
                       std::ostream& out) {
  if (!side.is_object()) return;
  const nlohmann::json totals = side.value("totals", nlohmann::json::object());
  out << title << ": " << text(totals, "people") << " people";
  if (!totals.contains("matchRate")) {
    out << " (fewer than " << minGroup << ": no rates shown)\n";
    return;
  }
  out << ", " << text(totals, "matched") << " matched (" << percent(totals, "matchRate") << ")";
  if (totals.contains("meanScore") && totals["meanScore"].is_number()) {
    out << ", mean score " << meanPoints(totals, "meanScore") << " points";
  }
  out << "\n";
  for (const auto& [key, label] :
       {std::pair<const char*, const char*>{"byDepartment", "DEPARTMENT"},
        std::pair<const char*, const char*>{"byLevel", "LEVEL"}}) {
    const auto dim = side.find(key);
    if (dim == side.end() || !dim->is_object()) continue;
    const auto groups = dim->find("groups");
    if (groups != dim->end() && groups->is_array() && !groups->empty()) {
      out << "  " << label << "\tPEOPLE\tMATCHED\tRATE\tMEAN\n";
      for (const auto& g : *groups) {
        if (!g.is_object()) continue;
        out << "  " << text(g, "name") << "\t" << text(g, "people") << "\t" << text(g, "matched")
            << "\t" << percent(g, "matchRate") << "\t" << meanPoints(g, "meanScore") << "\n";
      }
    }
    const long long hidden = dim->value("suppressedPeople", 0LL);
    if (hidden > 0) {
      out << "  " << hidden << " people not shown (groups smaller than " << minGroup
          << ", and groups that would reveal them)\n";
    }
  }
  const auto unmatched = side.find("unmatched");
  if (unmatched != side.end() && unmatched->is_object() && !unmatched->empty()) {
    out << "  Unmatched:";
    const char* sep = " ";
    for (const auto& [code, n] : unmatched->items()) {
      out << sep << code << " " << n.dump();
      sep = ", ";
    }
    out << "\n";
  }
}

void printFairness(const nlohmann::json& r, std::ostream& out) {
  const auto f = r.find("fairness");
  if (f == r.end() || !f->is_object()) return;
  const long long minGroup = f->value("minGroup", 5LL);
  out << "Fairness (no figure about fewer than " << minGroup
      << " people is shown or can be worked out):\n";
  printFairnessSide(f->value("mentees", nlohmann::json()), "Mentees", minGroup, out);
  printFairnessSide(f->value("mentors", nlohmann::json()), "Mentors", minGroup, out);
}

// Pairs, the objective and the unmatched people of a pairing result, as a person reads them.
void printPairingResult(const nlohmann::json& r, std::ostream& out) {
  const nlohmann::json empty = nlohmann::json::array();
  const nlohmann::json& pairs = r.contains("pairs") && r["pairs"].is_array() ? r["pairs"] : empty;
  const nlohmann::json& unmatched =
      r.contains("unmatched") && r["unmatched"].is_array() ? r["unmatched"] : empty;
  out << pairs.size() << " pair(s), objective " << points(r, "objective") << " points, "
      << unmatched.size() << " unmatched.\n";
  if (!pairs.empty()) {
    out << "MENTOR\tMENTEE\tSCORE\tORIGIN\n";
    for (const auto& p : pairs) {
      if (!p.is_object()) continue;
      out << text(p, "mentorId") << "\t" << text(p, "menteeId") << "\t" << points(p, "score")
          << "\t" << text(p, "origin") << "\n";
    }
  }
  if (!unmatched.empty()) {
    out << "UNMATCHED\tROLE\tREASON\n";
    for (const auto& u : unmatched) {
      if (!u.is_object()) continue;
      out << text(u, "personId") << "\t" << text(u, "role") << "\t" << text(u, "reason") << "\n";
    }
  }
  printFairness(r, out);
}

int runPairReplay(const HostConfig& config, const CommandLine& line, std::ostream& out,
                  std::ostream& err) {
  const bool json = line.has("json");
  if (line.args.size() != 2) return usageError(err, "pair", "'tandem pair replay' needs RUN");
  for (const char* other : {"program", "instance", "dry-run", "dump-graph"}) {
    if (line.has(other)) {
      return usageError(err, "pair", std::string("--") + other + " does not apply to replay");
    }
  }
  long long run = 0;
  if (!parseInteger(line.args[1], 1, 9007199254740991LL, &run)) {
    return usageError(err, "pair", "RUN must be a run id (a positive integer)");
  }
  const JobOutcome outcome =
      runJobCommand(config, out, err, json, "pair", "pair_replay", {{"run", run}});
  if (outcome.exitCode) return *outcome.exitCode;
  const nlohmann::json& r = outcome.result;
  const bool same = r.value("identical", false);
  out << "Run " << run << " replayed with solver " << text(r, "solverVersion") << ": "
      << (same ? "the same pairs and objective." : "DIFFERENT pairs or objective.") << "\n";
  if (!same) {
    out << "Stored objective " << points(r, "storedObjective") << ", replayed "
        << points(r, "replayedObjective") << "; " << count(r, "differences")
        << " pair(s) differ.\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int runPair(const HostConfig& config, const CommandLine& line, std::ostream& out,
            std::ostream& err) {
  const bool json = line.has("json");
  if (!line.args.empty()) {
    if (line.args[0] == "replay") return runPairReplay(config, line, out, err);
    return usageError(err, "pair",
                      "unknown pair subcommand '" + line.args[0] + "' (expected: replay RUN)");
  }
  if (line.has("program") == line.has("instance")) {
    return usageError(err, "pair", "give exactly one of --program ID and --instance FILE");
  }
  if (line.has("instance")) {
    if (line.has("dry-run")) {
      return usageError(err, "pair", "--dry-run is for --program (an instance stores nothing)");
    }
    std::error_code ec;
    const std::filesystem::path file = std::filesystem::absolute(line.get("instance"), ec);
    if (ec || !std::filesystem::is_regular_file(file, ec)) {
      printFailure(out, err, json, "pair",
                   host::notFound("cannot read " + line.get("instance") + ": no such file"));
      return kExitFailure;
    }
    nlohmann::json args = {{"file", file.string()}};
    if (line.has("dump-graph")) {
      args["dumpGraph"] = std::filesystem::absolute(line.get("dump-graph"), ec).string();
    }
    const JobOutcome outcome = runJobCommand(config, out, err, json, "pair", "pair_instance", args);
    if (outcome.exitCode) return *outcome.exitCode;
    printPairingResult(outcome.result, out);
    if (line.has("dump-graph")) {
      out << "Candidate graph written to " << args["dumpGraph"].get<std::string>()
          << " (edges.csv, capacities.csv, pairs.csv).\n";
    }
    return kExitOk;
  }
  if (line.has("dump-graph")) {
    return usageError(err, "pair", "--dump-graph is for --instance");
  }
  long long program = 0;
  if (!parseInteger(line.get("program"), 1, 9007199254740991LL, &program)) {
    return usageError(err, "pair", "--program must be a program id (a positive integer)");
  }
  const bool dryRun = line.has("dry-run");
  const JobOutcome outcome = runJobCommand(config, out, err, json, "pair", "pair_program",
                                           {{"program", program}, {"dryRun", dryRun}});
  if (outcome.exitCode) return *outcome.exitCode;
  const nlohmann::json& r = outcome.result;
  if (dryRun) {
    out << "Dry run of program " << program << " (nothing stored): ";
  } else {
    out << "Run " << text(r, "run") << " of program " << program
        << " stored as a draft for HR review: ";
  }
  printPairingResult(r, out);
  const int64_t closed = r.value("closedInReportingChain", int64_t{0});
  if (closed > 0) {
    out << closed << " approved pair(s) closed: the mentor and the mentee are now in one "
                     "reporting chain.\n";
  }
  return kExitOk;
}

}  // namespace tandem::standalone
