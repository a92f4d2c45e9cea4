#include <sqlite3.h>

#include <stdexcept>

#include "pairing/match.h"
#include "storage/internal/sqlite_repositories.h"
#include "storage/internal/sqlite_util.h"

namespace tandem::storage::internal {

using pairing::Match;
using pairing::MatchEvent;
using pairing::MatchOrigin;
using pairing::MatchRun;
using pairing::MatchStatus;
using pairing::PairRule;
using pairing::PartyResponse;
using pairing::RequestStatus;
using pairing::RunStatus;
using pairing::ShortlistRequest;

namespace {

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
constexpr const char* kOpenStatuses = "('proposed', 'approved', 'published', 'accepted', 'active')";

// Makes a method's writes all-or-nothing, inside the caller's transaction or on its own: a
// savepoint, rolled back unless released. Nests (SQLite releases the innermost of a name).
class Atomic {
 public:
  explicit Atomic(SQLite::Database& db) : db_(db) { db_.exec("SAVEPOINT pairing"); }
  ~Atomic() {
    if (released_) return;
    try {
      db_.exec("ROLLBACK TO pairing");
      db_.exec("RELEASE pairing");
    } catch (const SQLite::Exception&) {  // NOLINT(bugprone-empty-catch): nothing left to undo
    }
  }
  Atomic(const Atomic&) = delete;
  Atomic& operator=(const Atomic&) = delete;
  void release() {
    db_.exec("RELEASE pairing");
    released_ = true;
  }

 private:
  SQLite::Database& db_;
  bool released_ = false;
};

template <typename E>
E parsed(std::optional<E> value, const std::string& text, const char* what) {
  if (!value) throw std::runtime_error(std::string("unknown ") + what + " '" + text + "'");
  return *value;
}

std::string str(std::string_view v) { return std::string(v); }

// --- Runs

constexpr const char* kRunColumns =
    "id, program_id, created_at, created_by, status, published_at, input_hash, settings, "
    "solver_version, input, result, metrics, fairness";
// The same without the two large columns (listRuns).
constexpr const char* kRunSummaryColumns =
    "id, program_id, created_at, created_by, status, published_at, input_hash, settings, "
    "solver_version, '', '', metrics, fairness";

MatchRun readRun(SQLite::Statement& q) {
  MatchRun r;
  r.id = q.getColumn(0).getInt64();
  r.programId = q.getColumn(1).getInt64();
  r.createdAt = q.getColumn(2).getString();
  r.createdBy = q.getColumn(3).getString();
  const std::string status = q.getColumn(4).getString();
  r.status = parsed(pairing::parseRunStatus(status), status, "run status");
  r.publishedAt = q.getColumn(5).getString();
  r.inputHash = q.getColumn(6).getString();
  r.settingsJson = q.getColumn(7).getString();
  r.solverVersion = q.getColumn(8).getString();
  r.inputJson = q.getColumn(9).getString();
  r.resultJson = q.getColumn(10).getString();
  r.metricsJson = q.getColumn(11).getString();
  r.fairnessJson = q.getColumn(12).getString();
  return r;
}

// --- Matches

constexpr const char* kMatchColumns =
    "id, program_id, run_id, mentor_id, mentee_id, status, score, breakdown, origin, "
    "mentor_response, mentee_response, decline_reason, closed_reason, created_at, updated_at";

Match readMatch(SQLite::Statement& q) {
  Match m;
  m.id = q.getColumn(0).getInt64();
  m.programId = q.getColumn(1).getInt64();
  m.runId = q.getColumn(2).isNull() ? 0 : q.getColumn(2).getInt64();
  m.mentorId = q.getColumn(3).getInt64();
  m.menteeId = q.getColumn(4).getInt64();
  const std::string status = q.getColumn(5).getString();
  m.status = parsed(pairing::parseMatchStatus(status), status, "match status");
  m.score = q.getColumn(6).getInt64();
  m.breakdownJson = q.getColumn(7).getString();
  const std::string origin = q.getColumn(8).getString();
  m.origin = parsed(pairing::parseMatchOrigin(origin), origin, "match origin");
  const std::string mentor = q.getColumn(9).getString();
  m.mentorResponse = parsed(pairing::parsePartyResponse(mentor), mentor, "response");
  const std::string mentee = q.getColumn(10).getString();
  m.menteeResponse = parsed(pairing::parsePartyResponse(mentee), mentee, "response");
  m.declineReason = q.getColumn(11).getString();
  m.closedReason = q.getColumn(12).getString();
  m.createdAt = q.getColumn(13).getString();
  m.updatedAt = q.getColumn(14).getString();
  return m;
}

std::optional<Match> selectMatch(SQLite::Database& db, int64_t id) {
  SQLite::Statement q(db, std::string("SELECT ") + kMatchColumns + " FROM matches WHERE id = ?1");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return readMatch(q);
}

std::vector<Match> selectMatches(SQLite::Database& db, const std::string& where,
                                 const std::function<void(SQLite::Statement&)>& bind) {
  SQLite::Statement q(db, std::string("SELECT ") + kMatchColumns + " FROM matches WHERE " + where);
  bind(q);
  std::vector<Match> out;
  while (q.executeStep()) out.push_back(readMatch(q));
  return out;
}

void insertEvent(SQLite::Database& db, int64_t matchId, const std::string& actor,
                 std::optional<MatchStatus> from, MatchStatus to, const std::string& reason) {
  SQLite::Statement q(db,
                      "INSERT INTO match_events (match_id, actor, from_status, to_status, reason) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)");
  q.bind(1, matchId);
  q.bind(2, actor);
  q.bind(3, from ? str(pairing::toString(*from)) : std::string());
  q.bind(4, str(pairing::toString(to)));
  q.bind(5, reason);
  q.exec();
}

// Inserts a match as given (status, origin, responses) and returns its id. A second open match of
// the mentee in the program is kAlreadyExists naming them.
core::Result<int64_t> insertMatch(SQLite::Database& db, const Match& m) {
  SQLite::Statement q(db,
                      "INSERT INTO matches (program_id, run_id, mentor_id, mentee_id, status, "
                      "score, breakdown, origin, mentor_response, mentee_response) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  q.bind(1, m.programId);
  if (m.runId > 0) {
    q.bind(2, m.runId);
  } else {
    q.bind(2);
  }
  q.bind(3, m.mentorId);
  q.bind(4, m.menteeId);
  q.bind(5, str(pairing::toString(m.status)));
  q.bind(6, m.score);
  q.bind(7, m.breakdownJson.empty() ? std::string("{}") : m.breakdownJson);
  q.bind(8, str(pairing::toString(m.origin)));
  q.bind(9, str(pairing::toString(m.mentorResponse)));
  q.bind(10, str(pairing::toString(m.menteeResponse)));
  try {
    q.exec();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
      return core::alreadyExists("employee " + std::to_string(m.menteeId) +
                                 " already has an open match in program " +
                                 std::to_string(m.programId));
    }
    throw;
  }
  return db.getLastInsertRowid();
}

int64_t countOf(SQLite::Database& db, const std::string& sql,
                const std::function<void(SQLite::Statement&)>& bind) {
  SQLite::Statement q(db, sql);
  bind(q);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// Why an accept would break a rule: the mentor at capacity in the program, or the mentee already
// accepted elsewhere in it. "" when the accept may go ahead. `exceptMatch` is the match being
// accepted (0 for a new one).
std::string acceptRefusal(SQLite::Database& db, int64_t programId, int64_t mentorId,
                          int64_t menteeId, int64_t exceptMatch, int mentorCapacity) {
  const int64_t taken =
      countOf(db,
              "SELECT count(*) FROM matches WHERE mentor_id = ?1 AND program_id = ?2 "
              "AND status IN ('accepted', 'active') AND id <> ?3",
              [&](SQLite::Statement& q) {
                q.bind(1, mentorId);
                q.bind(2, programId);
                q.bind(3, exceptMatch);
              });
  if (taken >= mentorCapacity) {
    return "mentor " + std::to_string(mentorId) + " is at capacity in program " +
           std::to_string(programId) + ": " + std::to_string(taken) + " accepted of " +
           std::to_string(mentorCapacity);
  }
  const int64_t mentee =
      countOf(db,
              "SELECT count(*) FROM matches WHERE mentee_id = ?1 AND program_id = ?2 "
              "AND status IN ('accepted', 'active') AND id <> ?3",
              [&](SQLite::Statement& q) {
                q.bind(1, menteeId);
                q.bind(2, programId);
                q.bind(3, exceptMatch);
              });
  if (mentee > 0) {
    return "mentee " + std::to_string(menteeId) + " already has an accepted match in program " +
           std::to_string(programId);
  }
  return "";
}

// Closes a run's matches in the listed statuses (a constant SQL list) with an event each.
void closeRunMatches(SQLite::Database& db, int64_t runId, const char* statuses,
                     const std::string& reason, const std::string& actor) {
  SQLite::Statement events(db,
                           std::string("INSERT INTO match_events (match_id, actor, from_status, "
                                       "to_status, reason) SELECT id, ?2, status, 'closed', ?3 "
                                       "FROM matches WHERE run_id = ?1 AND status IN ") +
                               statuses + " ORDER BY id");
  events.bind(1, runId);
  events.bind(2, actor);
  events.bind(3, reason);
  events.exec();
  SQLite::Statement close(db, std::string("UPDATE matches SET status = 'closed', "
                                          "closed_reason = ?2, updated_at = ") +
                                  kNow + " WHERE run_id = ?1 AND status IN " + statuses);
  close.bind(1, runId);
  close.bind(2, reason);
  close.exec();
}

// --- Shortlist requests

constexpr const char* kRequestColumns =
    "id, program_id, mentee_id, mentor_id, rank, score, breakdown, status, created_at, "
    "expires_at, responded_at, reason, match_id";

ShortlistRequest readRequest(SQLite::Statement& q) {
  ShortlistRequest r;
  r.id = q.getColumn(0).getInt64();
  r.programId = q.getColumn(1).getInt64();
  r.menteeId = q.getColumn(2).getInt64();
  r.mentorId = q.getColumn(3).getInt64();
  r.rank = q.getColumn(4).getInt();
  r.score = q.getColumn(5).getInt64();
  r.breakdownJson = q.getColumn(6).getString();
  const std::string status = q.getColumn(7).getString();
  r.status = parsed(pairing::parseRequestStatus(status), status, "request status");
  r.createdAt = q.getColumn(8).getString();
  r.expiresAt = q.getColumn(9).getString();
  r.respondedAt = q.getColumn(10).getString();
  r.reason = q.getColumn(11).getString();
  r.matchId = q.getColumn(12).isNull() ? 0 : q.getColumn(12).getInt64();
  return r;
}

std::optional<ShortlistRequest> selectRequest(SQLite::Database& db, int64_t id) {
  SQLite::Statement q(
      db, std::string("SELECT ") + kRequestColumns + " FROM shortlist_requests WHERE id = ?1");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return readRequest(q);
}

// "YYYY-MM-DDTHH:MM:SSZ", the store's own timestamp format (so text comparison orders times).
bool isTimestamp(const std::string& t) {
  if (t.size() != 20) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    switch (i) {
      case 4:
      case 7:
        if (c != '-') return false;
        break;
      case 10:
        if (c != 'T') return false;
        break;
      case 13:
      case 16:
        if (c != ':') return false;
        break;
      case 19:
        if (c != 'Z') return false;
        break;
      default:
        if (c < '0' || c > '9') return false;
    }
  }
  return true;
}

bool exists(SQLite::Database& db, const char* sql, int64_t id) {
  SQLite::Statement q(db, sql);
  q.bind(1, id);
  return q.executeStep();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// OpenMatchCloser

OpenMatchCloser::OpenMatchCloser(SQLite::Database& db, const std::string& reason,
                                 const std::string& actor)
    : events_(db, std::string("INSERT INTO match_events (match_id, actor, from_status, to_status, "
                              "reason) SELECT id, ?2, status, 'closed', ?3 FROM matches "
                              "WHERE (mentor_id = ?1 OR mentee_id = ?1) AND status IN ") +
                      kOpenStatuses + " ORDER BY id"),
      matches_(db, std::string("UPDATE matches SET status = 'closed', closed_reason = ?2, "
                               "updated_at = ") +
                       kNow + " WHERE (mentor_id = ?1 OR mentee_id = ?1) AND status IN " +
                       kOpenStatuses),
      requests_(db, std::string("UPDATE shortlist_requests SET status = 'withdrawn', reason = ?2, "
                                "responded_at = ") +
                        kNow + " WHERE (mentor_id = ?1 OR mentee_id = ?1) AND status = 'pending'") {
  events_.bind(2, actor);
  events_.bind(3, reason);
  matches_.bind(2, reason);
  requests_.bind(2, reason);
}

int64_t OpenMatchCloser::close(int64_t employeeId) {
  // The events first: they read each match's status before the update changes it.
  events_.bind(1, employeeId);
  events_.exec();
  events_.reset();
  matches_.bind(1, employeeId);
  const int64_t closed = matches_.exec();
  matches_.reset();
  requests_.bind(1, employeeId);
  requests_.exec();
  requests_.reset();
  return closed;
}

// ---------------------------------------------------------------------------------------------
// Runs

core::Result<MatchRun> SqlitePairingRepository::createRun(MatchRun run) {
  return guarded("store pairing run", [&]() -> core::Result<MatchRun> {
    if (!exists(db_, "SELECT 1 FROM programs WHERE id = ?1", run.programId)) {
      return core::invalidArgument("no program with id " + std::to_string(run.programId));
    }
    if (run.inputHash.empty() || run.solverVersion.empty()) {
      return core::invalidArgument("a run needs its input hash and solver version");
    }
    SQLite::Statement q(db_, std::string("INSERT INTO match_runs (program_id, created_by, status, "
                                         "published_at, input_hash, settings, solver_version, "
                                         "input, result, metrics, fairness) VALUES (?1, ?2, ?3, "
                                         "CASE WHEN ?3 = 'published' THEN ") +
                                 kNow + " ELSE '' END, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    q.bind(1, run.programId);
    q.bind(2, run.createdBy);
    q.bind(3, str(pairing::toString(run.status)));
    q.bind(4, run.inputHash);
    q.bind(5, run.settingsJson);
    q.bind(6, run.solverVersion);
    q.bind(7, run.inputJson);
    q.bind(8, run.resultJson);
    q.bind(9, run.metricsJson);
    q.bind(10, run.fairnessJson);
    q.exec();
    SQLite::Statement read(db_,
                           std::string("SELECT ") + kRunColumns + " FROM match_runs WHERE id = ?1");
    read.bind(1, db_.getLastInsertRowid());
    read.executeStep();
    return readRun(read);
  });
}

core::Result<std::optional<MatchRun>> SqlitePairingRepository::findRun(int64_t runId) {
  return guarded("read pairing run", [&]() -> core::Result<std::optional<MatchRun>> {
    SQLite::Statement q(db_,
                        std::string("SELECT ") + kRunColumns + " FROM match_runs WHERE id = ?1");
    q.bind(1, runId);
    if (!q.executeStep()) return std::optional<MatchRun>();
    return std::optional<MatchRun>(readRun(q));
  });
}

core::Result<std::vector<MatchRun>> SqlitePairingRepository::listRuns(int64_t programId) {
  return guarded("list pairing runs", [&]() -> core::Result<std::vector<MatchRun>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kRunSummaryColumns +
                                 " FROM match_runs WHERE program_id = ?1 ORDER BY id DESC");
    q.bind(1, programId);
    std::vector<MatchRun> out;
    while (q.executeStep()) out.push_back(readRun(q));
    return out;
  });
}

core::Status SqlitePairingRepository::setRunStatus(int64_t runId, RunStatus to,
                                                   const std::string& actor) {
  const std::string target = str(pairing::toString(to));
  return guarded("set the status of run " + std::to_string(runId), [&]() -> core::Status {
    Atomic atomic(db_);
    SQLite::Statement read(db_, "SELECT status FROM match_runs WHERE id = ?1");
    read.bind(1, runId);
    if (!read.executeStep())
      return core::notFound("no pairing run with id " + std::to_string(runId));
    const std::string current = read.getColumn(0).getString();
    const RunStatus from = parsed(pairing::parseRunStatus(current), current, "run status");
    if (!pairing::isAllowedRunTransition(from, to)) {
      return core::failedPrecondition("run " + std::to_string(runId) + " is " + current +
                                      ", it cannot become " + target);
    }
    SQLite::Statement q(db_, std::string("UPDATE match_runs SET status = ?2, published_at = "
                                         "CASE WHEN ?2 = 'published' THEN ") +
                                 kNow + " ELSE published_at END WHERE id = ?1 AND status = ?3");
    q.bind(1, runId);
    q.bind(2, target);
    q.bind(3, current);
    if (q.exec() == 0) {
      return core::failedPrecondition("run " + std::to_string(runId) + " changed meanwhile");
    }
    const std::string reason = "run " + std::to_string(runId) + " " + target;
    if (to == RunStatus::kSuperseded) {
      closeRunMatches(db_, runId, "('proposed')", reason, actor);
    } else if (to == RunStatus::kDiscarded) {
      closeRunMatches(db_, runId, "('proposed', 'approved')", reason, actor);
    }
    atomic.release();
    return core::Status::ok();
  });
}

// ---------------------------------------------------------------------------------------------
// Matches

core::Result<std::vector<Match>> SqlitePairingRepository::insertMatches(int64_t runId,
                                                                        std::vector<Match> matches,
                                                                        const std::string& actor) {
  return guarded("store matches", [&]() -> core::Result<std::vector<Match>> {
    int64_t programId = 0;
    if (runId > 0) {
      SQLite::Statement run(db_, "SELECT program_id, status FROM match_runs WHERE id = ?1");
      run.bind(1, runId);
      if (!run.executeStep()) {
        return core::notFound("no pairing run with id " + std::to_string(runId));
      }
      programId = run.getColumn(0).getInt64();
      if (run.getColumn(1).getString() != "draft") {
        return core::failedPrecondition("run " + std::to_string(runId) + " is " +
                                        run.getColumn(1).getString() + ", not draft");
      }
    }
    for (Match& m : matches) {
      if (runId > 0) {
        if (m.programId != 0 && m.programId != programId) {
          return core::invalidArgument("a match of run " + std::to_string(runId) +
                                       " must be in its program " + std::to_string(programId));
        }
        m.programId = programId;
      } else if (m.programId <= 0) {
        return core::invalidArgument("a match made outside a run needs its program");
      }
      if (m.status != MatchStatus::kProposed && m.status != MatchStatus::kApproved) {
        return core::invalidArgument("a new match is proposed or approved, not " +
                                     str(pairing::toString(m.status)));
      }
      if (m.mentorId == m.menteeId) {
        return core::invalidArgument("employee " + std::to_string(m.mentorId) +
                                     " cannot mentor themselves");
      }
      m.runId = runId;
      m.mentorResponse = PartyResponse::kPending;
      m.menteeResponse = PartyResponse::kPending;
    }
    Atomic atomic(db_);
    const std::string reason =
        runId > 0 ? "proposed by run " + std::to_string(runId) : std::string("proposed");
    std::vector<Match> out;
    out.reserve(matches.size());
    for (const Match& m : matches) {
      auto id = insertMatch(db_, m);
      if (!id.isOk()) return id.status();
      insertEvent(db_, *id, actor, std::nullopt, m.status,
                  reason + " (" + str(pairing::toString(m.origin)) + ")");
      out.push_back(*selectMatch(db_, *id));
    }
    atomic.release();
    return out;
  });
}

core::Result<std::optional<Match>> SqlitePairingRepository::findMatch(int64_t matchId) {
  return guarded("read match",
                 [&]() -> core::Result<std::optional<Match>> { return selectMatch(db_, matchId); });
}

core::Result<std::vector<Match>> SqlitePairingRepository::listMatches(
    int64_t programId, std::optional<MatchStatus> status) {
  return guarded("list matches", [&]() -> core::Result<std::vector<Match>> {
    if (status) {
      return selectMatches(db_, "program_id = ?1 AND status = ?2 ORDER BY id",
                           [&](SQLite::Statement& q) {
                             q.bind(1, programId);
                             q.bind(2, str(pairing::toString(*status)));
                           });
    }
    return selectMatches(db_, "program_id = ?1 ORDER BY id",
                         [&](SQLite::Statement& q) { q.bind(1, programId); });
  });
}

core::Result<std::vector<Match>> SqlitePairingRepository::runMatches(int64_t runId) {
  return guarded("list the matches of a run", [&]() -> core::Result<std::vector<Match>> {
    return selectMatches(db_, "run_id = ?1 ORDER BY id",
                         [&](SQLite::Statement& q) { q.bind(1, runId); });
  });
}

core::Result<std::vector<Match>> SqlitePairingRepository::matchesOf(int64_t employeeId) {
  return guarded("list an employee's matches", [&]() -> core::Result<std::vector<Match>> {
    return selectMatches(db_, "mentor_id = ?1 OR mentee_id = ?1 ORDER BY id DESC",
                         [&](SQLite::Statement& q) { q.bind(1, employeeId); });
  });
}

core::Result<std::vector<MatchEvent>> SqlitePairingRepository::events(int64_t matchId) {
  return guarded("read a match's history", [&]() -> core::Result<std::vector<MatchEvent>> {
    SQLite::Statement q(db_,
                        "SELECT id, match_id, at, actor, from_status, to_status, reason "
                        "FROM match_events WHERE match_id = ?1 ORDER BY id");
    q.bind(1, matchId);
    std::vector<MatchEvent> out;
    while (q.executeStep()) {
      MatchEvent e;
      e.id = q.getColumn(0).getInt64();
      e.matchId = q.getColumn(1).getInt64();
      e.at = q.getColumn(2).getString();
      e.actor = q.getColumn(3).getString();
      const std::string from = q.getColumn(4).getString();
      if (!from.empty()) e.fromStatus = parsed(pairing::parseMatchStatus(from), from, "status");
      const std::string to = q.getColumn(5).getString();
      e.toStatus = parsed(pairing::parseMatchStatus(to), to, "status");
      e.reason = q.getColumn(6).getString();
      out.push_back(std::move(e));
    }
    return out;
  });
}

core::Result<Match> SqlitePairingRepository::transition(int64_t matchId, MatchStatus expectedFrom,
                                                        MatchStatus to, const std::string& actor,
                                                        const std::string& reason) {
  const std::string from = str(pairing::toString(expectedFrom));
  const std::string target = str(pairing::toString(to));
  return guarded("change match " + std::to_string(matchId), [&]() -> core::Result<Match> {
    if (!pairing::isAllowedTransition(expectedFrom, to)) {
      return core::invalidArgument("a match cannot go from " + from + " to " + target);
    }
    Atomic atomic(db_);
    SQLite::Statement q(db_, std::string("UPDATE matches SET status = ?2, closed_reason = CASE "
                                         "WHEN ?2 = 'closed' THEN ?4 ELSE closed_reason END, "
                                         "updated_at = ") +
                                 kNow + " WHERE id = ?1 AND status = ?3");
    q.bind(1, matchId);
    q.bind(2, target);
    q.bind(3, from);
    q.bind(4, reason);
    if (q.exec() == 0) {
      auto current = selectMatch(db_, matchId);
      if (!current) return core::notFound("no match with id " + std::to_string(matchId));
      return core::failedPrecondition("match " + std::to_string(matchId) + " is " +
                                      str(pairing::toString(current->status)) + ", not " + from);
    }
    insertEvent(db_, matchId, actor, expectedFrom, to, reason);
    auto updated = selectMatch(db_, matchId);
    atomic.release();
    return *updated;
  });
}

core::Result<Match> SqlitePairingRepository::respond(int64_t matchId, int64_t employeeId,
                                                     bool accept, const std::string& reason,
                                                     int mentorCapacity, const std::string& actor) {
  return guarded("answer match " + std::to_string(matchId), [&]() -> core::Result<Match> {
    if (!accept && reason.empty()) return core::invalidArgument("a decline needs a reason");
    if (mentorCapacity < 0) return core::invalidArgument("a capacity is never negative");
    // Everything below, reads included, in one savepoint of the caller's transaction.
    Atomic atomic(db_);
    auto match = selectMatch(db_, matchId);
    if (!match) return core::notFound("no match with id " + std::to_string(matchId));
    const bool mentor = match->mentorId == employeeId;
    if (!mentor && match->menteeId != employeeId) {
      return core::permissionDenied("employee " + std::to_string(employeeId) +
                                    " is not part of match " + std::to_string(matchId));
    }
    const PartyResponse own = mentor ? match->mentorResponse : match->menteeResponse;
    if (accept && own == PartyResponse::kAccepted &&
        (match->status == MatchStatus::kPublished || match->status == MatchStatus::kAccepted ||
         match->status == MatchStatus::kActive)) {
      return *match;  // accepting again changes nothing
    }
    if (match->status != MatchStatus::kPublished) {
      return core::failedPrecondition("match " + std::to_string(matchId) + " is " +
                                      str(pairing::toString(match->status)) + ", not published");
    }
    const char* side = mentor ? "mentor" : "mentee";
    const std::string responseColumn = std::string(side) + "_response";
    if (!accept) {
      SQLite::Statement q(db_, "UPDATE matches SET status = 'declined', " + responseColumn +
                                   " = 'declined', decline_reason = ?2, updated_at = " + kNow +
                                   " WHERE id = ?1 AND status = 'published'");
      q.bind(1, matchId);
      q.bind(2, reason);
      q.exec();
      insertEvent(db_, matchId, actor, MatchStatus::kPublished, MatchStatus::kDeclined,
                  std::string(side) + " declined: " + reason);
    } else {
      const PartyResponse other = mentor ? match->menteeResponse : match->mentorResponse;
      const bool both = other == PartyResponse::kAccepted;
      if (both) {
        const std::string refusal = acceptRefusal(db_, match->programId, match->mentorId,
                                                  match->menteeId, matchId, mentorCapacity);
        if (!refusal.empty()) return core::failedPrecondition(refusal);
      }
      SQLite::Statement q(db_, "UPDATE matches SET status = ?2, " + responseColumn +
                                   " = 'accepted', updated_at = " + kNow +
                                   " WHERE id = ?1 AND status = 'published'");
      q.bind(1, matchId);
      q.bind(2, both ? std::string("accepted") : std::string("published"));
      q.exec();
      std::string what = std::string(side) + " accepted";
      if (!reason.empty()) what += ": " + reason;
      insertEvent(db_, matchId, actor, MatchStatus::kPublished,
                  both ? MatchStatus::kAccepted : MatchStatus::kPublished, what);
    }
    auto updated = selectMatch(db_, matchId);
    atomic.release();
    return *updated;
  });
}

core::Result<int> SqlitePairingRepository::closeOpenMatchesOf(int64_t employeeId,
                                                              const std::string& reason,
                                                              const std::string& actor) {
  return guarded("close the matches of employee " + std::to_string(employeeId),
                 [&]() -> core::Result<int> {
                   Atomic atomic(db_);
                   OpenMatchCloser closer(db_, reason, actor);
                   const int64_t closed = closer.close(employeeId);
                   atomic.release();
                   return static_cast<int>(closed);
                 });
}

// ---------------------------------------------------------------------------------------------
// Pins and blocks

core::Status SqlitePairingRepository::addRule(const char* table, const char* other,
                                              const char* what, const PairRule& rule) {
  const std::string pair = "mentor " + std::to_string(rule.mentorId) + " and mentee " +
                           std::to_string(rule.menteeId) + " in program " +
                           std::to_string(rule.programId);
  return guarded(std::string(what) + " " + pair, [&]() -> core::Status {
    SQLite::Statement conflict(db_, std::string("SELECT 1 FROM ") + other +
                                        " WHERE program_id = ?1 AND mentor_id = ?2 "
                                        "AND mentee_id = ?3");
    conflict.bind(1, rule.programId);
    conflict.bind(2, rule.mentorId);
    conflict.bind(3, rule.menteeId);
    if (conflict.executeStep()) {
      return core::failedPrecondition(
          pair + " are " + (std::string(other) == "pairing_pins" ? "pinned" : "blocked") +
          "; remove that first");
    }
    SQLite::Statement q(db_, std::string("INSERT INTO ") + table +
                                 " (program_id, mentor_id, mentee_id, created_by, note) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)");
    q.bind(1, rule.programId);
    q.bind(2, rule.mentorId);
    q.bind(3, rule.menteeId);
    q.bind(4, rule.createdBy);
    q.bind(5, rule.note);
    q.exec();
    return core::Status::ok();
  });
}

core::Status SqlitePairingRepository::removeRule(const char* table, const char* what,
                                                 int64_t programId, int64_t mentorId,
                                                 int64_t menteeId) {
  return guarded(std::string("remove ") + what, [&]() -> core::Status {
    SQLite::Statement q(db_, std::string("DELETE FROM ") + table +
                                 " WHERE program_id = ?1 AND mentor_id = ?2 AND mentee_id = ?3");
    q.bind(1, programId);
    q.bind(2, mentorId);
    q.bind(3, menteeId);
    if (q.exec() == 0) {
      return core::notFound("no " + std::string(what) + " of mentor " + std::to_string(mentorId) +
                            " and mentee " + std::to_string(menteeId) + " in program " +
                            std::to_string(programId));
    }
    return core::Status::ok();
  });
}

core::Result<std::vector<PairRule>> SqlitePairingRepository::listRules(const char* table,
                                                                       int64_t programId) {
  return guarded("list pairing rules", [&]() -> core::Result<std::vector<PairRule>> {
    SQLite::Statement q(db_, std::string("SELECT program_id, mentor_id, mentee_id, created_by, "
                                         "created_at, note FROM ") +
                                 table + " WHERE program_id = ?1 ORDER BY mentee_id, mentor_id");
    q.bind(1, programId);
    std::vector<PairRule> out;
    while (q.executeStep()) {
      PairRule r;
      r.programId = q.getColumn(0).getInt64();
      r.mentorId = q.getColumn(1).getInt64();
      r.menteeId = q.getColumn(2).getInt64();
      r.createdBy = q.getColumn(3).getString();
      r.createdAt = q.getColumn(4).getString();
      r.note = q.getColumn(5).getString();
      out.push_back(std::move(r));
    }
    return out;
  });
}

core::Status SqlitePairingRepository::addPin(const pairing::Pin& pin) {
  return addRule("pairing_pins", "pairing_blocks", "pin", pin);
}
core::Status SqlitePairingRepository::removePin(int64_t programId, int64_t mentorId,
                                                int64_t menteeId) {
  return removeRule("pairing_pins", "pin", programId, mentorId, menteeId);
}
core::Result<std::vector<pairing::Pin>> SqlitePairingRepository::listPins(int64_t programId) {
  return listRules("pairing_pins", programId);
}
core::Status SqlitePairingRepository::addBlock(const pairing::Block& block) {
  return addRule("pairing_blocks", "pairing_pins", "block", block);
}
core::Status SqlitePairingRepository::removeBlock(int64_t programId, int64_t mentorId,
                                                  int64_t menteeId) {
  return removeRule("pairing_blocks", "block", programId, mentorId, menteeId);
}
core::Result<std::vector<pairing::Block>> SqlitePairingRepository::listBlocks(int64_t programId) {
  return listRules("pairing_blocks", programId);
}

// ---------------------------------------------------------------------------------------------
// Shortlist requests

core::Result<ShortlistRequest> SqlitePairingRepository::createRequest(ShortlistRequest r) {
  if (!isTimestamp(r.expiresAt)) {
    return core::invalidArgument("expiresAt must be YYYY-MM-DDTHH:MM:SSZ, not '" + r.expiresAt +
                                 "'");
  }
  if (r.rank < 1) return core::invalidArgument("a shortlist rank starts at 1");
  return guarded("store the shortlist request of mentee " + std::to_string(r.menteeId),
                 [&]() -> core::Result<ShortlistRequest> {
                   SQLite::Statement q(db_,
                                       "INSERT INTO shortlist_requests (program_id, mentee_id, "
                                       "mentor_id, rank, score, breakdown, expires_at) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
                   q.bind(1, r.programId);
                   q.bind(2, r.menteeId);
                   q.bind(3, r.mentorId);
                   q.bind(4, r.rank);
                   q.bind(5, r.score);
                   q.bind(6, r.breakdownJson.empty() ? std::string("{}") : r.breakdownJson);
                   q.bind(7, r.expiresAt);
                   try {
                     q.exec();
                   } catch (const SQLite::Exception& e) {
                     if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
                       return core::alreadyExists("mentee " + std::to_string(r.menteeId) +
                                                  " already has a pending request in program " +
                                                  std::to_string(r.programId));
                     }
                     throw;
                   }
                   return *selectRequest(db_, db_.getLastInsertRowid());
                 });
}

core::Result<std::optional<ShortlistRequest>> SqlitePairingRepository::findRequest(
    int64_t requestId) {
  return guarded("read shortlist request", [&]() -> core::Result<std::optional<ShortlistRequest>> {
    return selectRequest(db_, requestId);
  });
}

core::Result<ShortlistRequest> SqlitePairingRepository::respondToRequest(
    int64_t requestId, int64_t mentorId, bool accept, const std::string& reason, int mentorCapacity,
    const std::string& actor) {
  const std::string name = "request " + std::to_string(requestId);
  return guarded("answer shortlist " + name, [&]() -> core::Result<ShortlistRequest> {
    if (!accept && reason.empty()) return core::invalidArgument("a decline needs a reason");
    if (mentorCapacity < 0) return core::invalidArgument("a capacity is never negative");
    Atomic atomic(db_);
    auto request = selectRequest(db_, requestId);
    if (!request) return core::notFound("no shortlist " + name);
    if (request->mentorId != mentorId) {
      return core::permissionDenied("employee " + std::to_string(mentorId) +
                                    " is not the mentor asked in " + name);
    }
    if (request->status != RequestStatus::kPending) {
      return core::failedPrecondition(name + " is " + str(pairing::toString(request->status)) +
                                      ", not pending");
    }
    SQLite::Statement now(db_, std::string("SELECT ") + kNow);
    now.executeStep();
    if (request->expiresAt < now.getColumn(0).getString()) {
      return core::failedPrecondition(name + " expired at " + request->expiresAt);
    }
    int64_t matchId = 0;
    if (accept) {
      const std::string refusal = acceptRefusal(db_, request->programId, request->mentorId,
                                                request->menteeId, 0, mentorCapacity);
      if (!refusal.empty()) return core::failedPrecondition(refusal);
      Match m;
      m.programId = request->programId;
      m.mentorId = request->mentorId;
      m.menteeId = request->menteeId;
      m.status = MatchStatus::kAccepted;
      m.score = request->score;
      m.breakdownJson = request->breakdownJson;
      m.origin = MatchOrigin::kShortlist;
      m.mentorResponse = PartyResponse::kAccepted;
      m.menteeResponse = PartyResponse::kAccepted;
      auto id = insertMatch(db_, m);
      if (!id.isOk()) {
        return core::failedPrecondition("mentee " + std::to_string(m.menteeId) +
                                        " already has an open match in program " +
                                        std::to_string(m.programId));
      }
      matchId = *id;
      insertEvent(db_, matchId, actor, std::nullopt, MatchStatus::kAccepted,
                  "shortlist " + name + " accepted");
    }
    SQLite::Statement q(db_, std::string("UPDATE shortlist_requests SET status = ?2, reason = ?3, "
                                         "match_id = ?4, responded_at = ") +
                                 kNow + " WHERE id = ?1 AND status = 'pending'");
    q.bind(1, requestId);
    q.bind(2, accept ? std::string("accepted") : std::string("declined"));
    q.bind(3, reason);
    if (matchId > 0) {
      q.bind(4, matchId);
    } else {
      q.bind(4);
    }
    q.exec();
    auto updated = selectRequest(db_, requestId);
    atomic.release();
    return *updated;
  });
}

core::Status SqlitePairingRepository::withdrawRequest(int64_t requestId, int64_t menteeId,
                                                      const std::string& reason) {
  const std::string name = "request " + std::to_string(requestId);
  return guarded("withdraw shortlist " + name, [&]() -> core::Status {
    auto request = selectRequest(db_, requestId);
    if (!request) return core::notFound("no shortlist " + name);
    if (request->menteeId != menteeId) {
      return core::permissionDenied("employee " + std::to_string(menteeId) + " did not send " +
                                    name);
    }
    SQLite::Statement q(db_, std::string("UPDATE shortlist_requests SET status = 'withdrawn', "
                                         "reason = ?2, responded_at = ") +
                                 kNow + " WHERE id = ?1 AND status = 'pending'");
    q.bind(1, requestId);
    q.bind(2, reason);
    if (q.exec() == 0) {
      return core::failedPrecondition(name + " is " + str(pairing::toString(request->status)) +
                                      ", not pending");
    }
    return core::Status::ok();
  });
}

core::Result<std::vector<ShortlistRequest>> SqlitePairingRepository::expireRequests() {
  return guarded("expire shortlist requests", [&]() -> core::Result<std::vector<ShortlistRequest>> {
    SQLite::Statement q(db_, std::string("UPDATE shortlist_requests SET status = 'expired', "
                                         "responded_at = ") +
                                 kNow + " WHERE status = 'pending' AND expires_at < " + kNow +
                                 " RETURNING " + kRequestColumns);
    std::vector<ShortlistRequest> out;
    while (q.executeStep()) out.push_back(readRequest(q));
    return out;
  });
}

core::Result<std::vector<ShortlistRequest>> SqlitePairingRepository::requestsForMentor(
    int64_t mentorId, std::optional<RequestStatus> status) {
  return guarded(
      "list a mentor's shortlist requests", [&]() -> core::Result<std::vector<ShortlistRequest>> {
        SQLite::Statement q(db_, std::string("SELECT ") + kRequestColumns +
                                     " FROM shortlist_requests WHERE mentor_id = ?1" +
                                     (status ? " AND status = ?2" : "") + " ORDER BY id DESC");
        q.bind(1, mentorId);
        if (status) q.bind(2, str(pairing::toString(*status)));
        std::vector<ShortlistRequest> out;
        while (q.executeStep()) out.push_back(readRequest(q));
        return out;
      });
}

core::Result<std::vector<ShortlistRequest>> SqlitePairingRepository::requestsOfMentee(
    int64_t programId, int64_t menteeId) {
  return guarded("list a mentee's shortlist requests",
                 [&]() -> core::Result<std::vector<ShortlistRequest>> {
                   SQLite::Statement q(db_, std::string("SELECT ") + kRequestColumns +
                                                " FROM shortlist_requests WHERE mentee_id = ?1 "
                                                "AND program_id = ?2 ORDER BY id DESC");
                   q.bind(1, menteeId);
                   q.bind(2, programId);
                   std::vector<ShortlistRequest> out;
                   while (q.executeStep()) out.push_back(readRequest(q));
                   return out;
                 });
}

core::Result<std::vector<ShortlistRequest>> SqlitePairingRepository::pendingRequestsOf(
    int64_t employeeId) {
  return guarded("list an employee's pending shortlist requests",
                 [&]() -> core::Result<std::vector<ShortlistRequest>> {
                   SQLite::Statement q(db_, std::string("SELECT ") + kRequestColumns +
                                                " FROM shortlist_requests WHERE status = ?2 "
                                                "AND (mentee_id = ?1 OR mentor_id = ?1) "
                                                "ORDER BY id");
                   q.bind(1, employeeId);
                   q.bind(2, str(pairing::toString(RequestStatus::kPending)));
                   std::vector<ShortlistRequest> out;
                   while (q.executeStep()) out.push_back(readRequest(q));
                   return out;
                 });
}

}  // namespace tandem::storage::internal
