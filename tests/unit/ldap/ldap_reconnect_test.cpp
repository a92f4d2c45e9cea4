// Reconnect decisions of the LDAP connector (connectors/directory/ldap/reconnect.h) with fakes:
// the backoff schedule and its bounds, what is retried and what never is, the warning and the
// error after the budget, and the LdapConfig keys that set the budget.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ldap_config.h"
#include "reconnect.h"

namespace tandem::ldap {
namespace {

using std::chrono::milliseconds;

std::vector<int64_t> schedule(const ReconnectSettings& settings, int calls) {
  ReconnectBackoff backoff(settings);
  std::vector<int64_t> out;
  for (int i = 0; i < calls; ++i) {
    const auto d = backoff.next();
    if (!d) break;
    out.push_back(d->count());
  }
  return out;
}

TEST(LdapReconnectBackoff, DoublesFromTheInitialDelayUpToTheCap) {
  ReconnectSettings s;
  s.attempts = 7;
  s.initialDelayMs = 500;
  s.maxDelayMs = 4000;
  s.maxTotalMs = 600000;
  EXPECT_EQ(schedule(s, 10), (std::vector<int64_t>{500, 1000, 2000, 4000, 4000, 4000, 4000}));
}

TEST(LdapReconnectBackoff, DefaultsAreFiveAttemptsFromHalfASecond) {
  EXPECT_EQ(schedule(ReconnectSettings{}, 10), (std::vector<int64_t>{500, 1000, 2000, 4000, 8000}));
}

TEST(LdapReconnectBackoff, TheTotalBoundShortensTheLastWaitAndThenStops) {
  ReconnectSettings s;
  s.attempts = 10;
  s.initialDelayMs = 500;
  s.maxDelayMs = 8000;
  s.maxTotalMs = 2000;
  EXPECT_EQ(schedule(s, 10), (std::vector<int64_t>{500, 1000, 500}));
}

TEST(LdapReconnectBackoff, ZeroAttemptsNeverReconnects) {
  ReconnectSettings s;
  s.attempts = 0;
  EXPECT_TRUE(schedule(s, 3).empty());
}

TEST(LdapReconnectBackoff, ASuccessfulReconnectRestartsTheStepButNotTheBudget) {
  ReconnectSettings s;
  s.attempts = 4;
  s.initialDelayMs = 100;
  s.maxDelayMs = 10000;
  s.maxTotalMs = 100000;
  ReconnectBackoff backoff(s);
  EXPECT_EQ(backoff.next(), milliseconds(100));
  EXPECT_EQ(backoff.next(), milliseconds(200));
  backoff.reconnected();
  EXPECT_EQ(backoff.next(), milliseconds(100));
  EXPECT_EQ(backoff.next(), milliseconds(200));
  EXPECT_EQ(backoff.next(), std::nullopt);
  EXPECT_EQ(backoff.used(), 4);
  EXPECT_EQ(backoff.waitedMs(), 600);
}

TEST(LdapReconnect, OnlyLostConnectionsAndTimeoutsAreWorthAReconnect) {
  EXPECT_TRUE(worthReconnect(core::unavailable("Can't contact LDAP server (-1)")));
  EXPECT_TRUE(worthReconnect({core::StatusCode::kDeadlineExceeded, "Timed out (-5)"}));
  EXPECT_FALSE(worthReconnect(core::unauthenticated("Invalid credentials (49)")));
  EXPECT_FALSE(worthReconnect(core::invalidArgument("ldap: base_dn is required")));
  EXPECT_FALSE(worthReconnect(core::permissionDenied("Insufficient access (50)")));
  EXPECT_FALSE(worthReconnect(core::resourceExhausted("Administrative limit exceeded (11)")));
  EXPECT_FALSE(worthReconnect(core::failedPrecondition("cancelled").withDetail("cancelled")));
}

// A scripted server: attempt() and reconnect() return the next scripted Status.
struct Script {
  std::vector<core::Status> attempts;
  std::vector<core::Status> reconnects;
  size_t attempt = 0;
  size_t reconnect = 0;
  std::vector<int64_t> slept;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;
  bool cancelOnWait = false;

  ReconnectHooks hooks() {
    ReconnectHooks h;
    h.attempt = [this] {
      const size_t i = attempt++;
      return i < attempts.size() ? attempts[i] : core::Status::ok();
    };
    h.reconnect = [this] {
      const size_t i = reconnect++;
      return i < reconnects.size() ? reconnects[i] : core::Status::ok();
    };
    h.waiting = [this](const std::string& note) {
      notes.push_back(note);
      return !cancelOnWait;
    };
    h.cancelled = [] { return core::failedPrecondition("stopped").withDetail("cancelled"); };
    h.resumed = [this](const std::string& w) { warnings.push_back(w); };
    h.sleep = [this](milliseconds d) { slept.push_back(d.count()); };
    return h;
  }
};

ReconnectSettings quick(int attempts) {
  ReconnectSettings s;
  s.attempts = attempts;
  s.initialDelayMs = 10;
  s.maxDelayMs = 40;
  s.maxTotalMs = 1000;
  return s;
}

const core::Status kDown =
    core::unavailable("the people search on ldap://a failed: Can't contact LDAP server (-1)");

TEST(LdapReconnect, ALostSearchReconnectsWaitsAndRunsAgainFromTheStart) {
  Script script;
  script.attempts = {kDown, core::Status::ok()};
  script.reconnects = {kDown, kDown, core::Status::ok()};
  ReconnectBackoff backoff(quick(5));
  const core::Status s = runWithReconnect("the people search", backoff, script.hooks());
  ASSERT_TRUE(s.isOk()) << s.message();
  EXPECT_EQ(script.attempt, 2u);
  EXPECT_EQ(script.reconnect, 3u);
  EXPECT_EQ(script.slept, (std::vector<int64_t>{10, 20, 40}));
  ASSERT_EQ(script.warnings.size(), 1u);
  EXPECT_NE(script.warnings[0].find("connection was lost during the people search"),
            std::string::npos)
      << script.warnings[0];
  EXPECT_NE(script.warnings[0].find("reconnected after 3 attempts"), std::string::npos)
      << script.warnings[0];
  EXPECT_NE(script.warnings[0].find("Can't contact LDAP server"), std::string::npos);
  EXPECT_EQ(script.notes.size(), 3u);
}

TEST(LdapReconnect, WhenTheBudgetIsSpentTheLossIsReturnedWithItsCode) {
  Script script;
  script.attempts = {kDown};
  script.reconnects = {kDown, kDown, kDown, kDown};
  ReconnectBackoff backoff(quick(3));
  const core::Status s = runWithReconnect("the people search", backoff, script.hooks());
  EXPECT_EQ(s.code(), core::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("Can't contact LDAP server (-1)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("gave up after 3 reconnect attempts"), std::string::npos)
      << s.message();
  EXPECT_EQ(script.attempt, 1u);
  EXPECT_EQ(script.reconnect, 3u);
  EXPECT_TRUE(script.warnings.empty());
}

TEST(LdapReconnect, ARefusedBindWhileReconnectingIsNeverRetried) {
  Script script;
  script.attempts = {kDown};
  script.reconnects = {kDown, core::unauthenticated("bind as cn=sync: Invalid credentials (49)")};
  ReconnectBackoff backoff(quick(5));
  const core::Status s = runWithReconnect("the people search", backoff, script.hooks());
  EXPECT_EQ(s.code(), core::StatusCode::kUnauthenticated) << s.message();
  EXPECT_EQ(script.reconnect, 2u);
  EXPECT_EQ(script.attempt, 1u);
}

TEST(LdapReconnect, ErrorsThatAreNotALostConnectionAreReturnedAtOnce) {
  for (const core::Status& failure :
       {core::unauthenticated("Invalid credentials (49)"),
        core::invalidArgument("ldap: bad filter"),
        core::failedPrecondition("refused cookie").withDetail("full_sync_required")}) {
    Script script;
    script.attempts = {failure};
    ReconnectBackoff backoff(quick(5));
    const core::Status s = runWithReconnect("the people search", backoff, script.hooks());
    EXPECT_EQ(s.code(), failure.code());
    EXPECT_EQ(s.errorCode(), failure.errorCode());
    EXPECT_EQ(script.reconnect, 0u);
    EXPECT_TRUE(script.slept.empty());
  }
}

TEST(LdapReconnect, ASinkErrorIsNotRetriedEvenWithAnUnavailableCode) {
  Script script;
  script.attempts = {core::unavailable("database is locked")};
  ReconnectHooks hooks = script.hooks();
  const bool sinkFailed = true;
  hooks.lost = [&](const core::Status& s) { return !sinkFailed && worthReconnect(s); };
  ReconnectBackoff backoff(quick(5));
  const core::Status s = runWithReconnect("the people search", backoff, hooks);
  EXPECT_EQ(s.message(), "database is locked");
  EXPECT_EQ(script.reconnect, 0u);
}

TEST(LdapReconnect, CancellingDuringTheWaitStopsWithoutReconnecting) {
  Script script;
  script.attempts = {kDown};
  script.cancelOnWait = true;
  ReconnectBackoff backoff(quick(5));
  const core::Status s = runWithReconnect("the people search", backoff, script.hooks());
  EXPECT_EQ(s.errorCode(), "cancelled");
  EXPECT_EQ(script.reconnect, 0u);
  EXPECT_TRUE(script.slept.empty());
}

TEST(LdapReconnect, OneBudgetCoversSeveralOutagesOfAScan) {
  Script script;
  script.attempts = {kDown, kDown, kDown};
  ReconnectBackoff backoff(quick(2));
  const core::Status s = runWithReconnect("the group search", backoff, script.hooks());
  EXPECT_EQ(s.code(), core::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("gave up after 2 reconnect attempts"), std::string::npos)
      << s.message();
  EXPECT_EQ(script.attempt, 3u);
  EXPECT_EQ(script.reconnect, 2u);
  EXPECT_EQ(script.warnings.size(), 2u);
  EXPECT_EQ(script.slept,
            (std::vector<int64_t>{10, 10}));  // each outage starts at the initial delay
}

nlohmann::json minimalConfig() {
  return {{"uri", "ldap://127.0.0.1:10389"},
          {"bind_dn", "cn=sync,dc=example,dc=com"},
          {"password_file", "/nonexistent"},
          {"base_dn", "dc=example,dc=com"}};
}

TEST(LdapReconnectConfig, DefaultsAndKeys) {
  auto defaults = LdapConfig::fromJson(minimalConfig());
  ASSERT_TRUE(defaults.isOk()) << defaults.status().message();
  EXPECT_EQ(defaults->reconnect.attempts, 5);
  EXPECT_EQ(defaults->reconnect.initialDelayMs, 500);
  EXPECT_EQ(defaults->reconnect.maxDelayMs, 8000);
  EXPECT_EQ(defaults->reconnect.maxTotalMs, 60000);

  auto j = minimalConfig();
  j["reconnect_attempts"] = "2";  // settings arrive as strings
  j["reconnect_initial_delay_ms"] = 50;
  j["reconnect_max_delay_ms"] = 200;
  j["reconnect_max_total_ms"] = 1000;
  auto set = LdapConfig::fromJson(j);
  ASSERT_TRUE(set.isOk()) << set.status().message();
  EXPECT_EQ(set->reconnect.attempts, 2);
  EXPECT_EQ(set->reconnect.initialDelayMs, 50);
  EXPECT_EQ(set->reconnect.maxDelayMs, 200);
  EXPECT_EQ(set->reconnect.maxTotalMs, 1000);

  j = minimalConfig();
  j["reconnect_attempts"] = -1;
  auto bad = LdapConfig::fromJson(j);
  EXPECT_EQ(bad.status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("reconnect_attempts"), std::string::npos);
}

}  // namespace
}  // namespace tandem::ldap
