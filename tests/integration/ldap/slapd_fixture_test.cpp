// Self-test of the throwaway slapd fixture and the directory generator, using the OpenLDAP
// command-line clients (ldapsearch) as an independent reader.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command_runner.h"
#include "directory_generator.h"
#include "slapd_fixture.h"

namespace tandem::testing {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

int countPrefix(const std::string& text, const std::string& prefix) {
  int n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) ++n;
  }
  return n;
}

// ldapsearch as the sync account against `uri`; extra args go before the filter.
CommandResult search(const Slapd& s, const std::string& uri, const std::string& base, const std::string& filter,
                     const std::vector<std::string>& attrs, const std::vector<std::string>& extra = {},
                     const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv{"ldapsearch", "-x",   "-LLL", "-o", "ldif-wrap=no", "-H", uri, "-D",
                                s.bindDn(),   "-y",   s.passwordFile(), "-b", base};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(filter);
  argv.insert(argv.end(), attrs.begin(), attrs.end());
  return runCommand(argv, {}, env);
}

class SlapdFixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto t0 = Clock::now();
    slapd_ = Slapd::start(SlapdOptions{}).release();
    std::fprintf(stderr, "[ timing ] Slapd::start(10000 people): %.2f s\n", secondsSince(t0));
  }
  static void TearDownTestSuite() {
    delete slapd_;
    slapd_ = nullptr;
  }
  static Slapd* slapd_;
};
Slapd* SlapdFixtureTest::slapd_ = nullptr;

TEST_F(SlapdFixtureTest, PagedSearchReturnsEveryPersonWithEntryUuid) {
  const Slapd& s = *slapd_;
  EXPECT_EQ(s.directory().people, 10000);
  const auto t0 = Clock::now();
  const auto r = search(s, s.uri(), s.baseDn(), "(objectClass=inetOrgPerson)", {"entryUUID"},
                        {"-E", "pr=1000/noprompt"});
  std::fprintf(stderr, "[ timing ] paged entryUUID scan of 10000: %.2f s\n", secondsSince(t0));
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(countPrefix(r.output, "dn:"), 10000);
  EXPECT_EQ(countPrefix(r.output, "entryUUID: "), 10000);
}

TEST_F(SlapdFixtureTest, PageAboveTheLimitIsRefused) {
  const Slapd& s = *slapd_;
  const auto r = search(s, s.uri(), s.baseDn(), "(objectClass=inetOrgPerson)", {"1.1"},
                        {"-E", "!pr=2000/noprompt"});
  EXPECT_EQ(r.exitCode, 11) << r.output;  // adminLimitExceeded
}

TEST_F(SlapdFixtureTest, ActiveAndDisabledCountsMatch) {
  const Slapd& s = *slapd_;
  const auto r = search(s, s.uri(), s.baseDn(), "(&(objectClass=inetOrgPerson)(tandemDisabled=TRUE))", {"uid"},
                        {"-E", "pr=1000/noprompt"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(countPrefix(r.output, "dn:"), static_cast<int>(s.directory().disabledUids.size()));
  EXPECT_EQ(s.directory().activeCount + static_cast<int>(s.directory().disabledUids.size()), 10000);
  EXPECT_NE(r.output.find("uid: edge-disabled"), std::string::npos);
}

TEST_F(SlapdFixtureTest, EscapedCommaOuAndItsPersonExist) {
  const Slapd& s = *slapd_;
  const auto& d = s.directory();
  auto r = search(s, s.uri(), "ou=Legal\\2C Risk,ou=people,dc=example,dc=com", "(objectClass=*)", {"ou"},
                  {"-s", "base"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("ou: Legal, Risk"), std::string::npos) << r.output;
  r = search(s, s.uri(), s.baseDn(), "(uid=" + d.escapedOuUid + ")", {"manager", "entryUUID"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(countPrefix(r.output, "dn:"), 1) << r.output;
  EXPECT_EQ(countPrefix(r.output, "manager:"), 1) << r.output;
  EXPECT_EQ(countPrefix(r.output, "entryUUID: "), 1) << r.output;
  std::fprintf(stderr, "[ info   ] escaped-ou person as served:\n%s", r.output.c_str());
  EXPECT_EQ(d.dnOf(d.escapedOuUid), "uid=edge-escaped-ou,ou=Legal\\2C Risk,ou=people,dc=example,dc=com");
}

TEST_F(SlapdFixtureTest, EdgeCasesAreServed) {
  const Slapd& s = *slapd_;
  const auto& d = s.directory();
  auto person = [&](const std::string& uid, const std::vector<std::string>& attrs) {
    auto r = search(s, s.uri(), s.baseDn(), "(uid=" + uid + ")", attrs);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(countPrefix(r.output, "dn:"), 1) << uid << ": " << r.output;
    return r.output;
  };
  EXPECT_EQ(countPrefix(person(d.noMailUid, {"mail"}), "mail:"), 0);
  EXPECT_EQ(countPrefix(person(d.twoMailsUid, {"mail"}), "mail:"), 2);
  const auto dup = search(s, s.uri(), s.baseDn(), "(mail=" + d.duplicateMail + ")", {"uid"});
  EXPECT_EQ(countPrefix(dup.output, "dn:"), 2) << dup.output;
  EXPECT_NE(person(d.danglingManagerUid, {"manager"}).find("manager: " + d.danglingManagerDn), std::string::npos);
  EXPECT_NE(person(d.selfManagerUid, {"manager"}).find("manager: " + d.dnOf(d.selfManagerUid)), std::string::npos);
  EXPECT_NE(person(d.cycleUids[2], {"manager"}).find("manager: " + d.dnOf(d.cycleUids[0])), std::string::npos);
  std::fprintf(stderr, "[ info   ] case/spacing manager as served:\n%s",
               person(d.caseManagerUid, {"manager"}).c_str());
  EXPECT_NE(person(d.contractorUid, {"tandemEmployeeType"}).find("tandemEmployeeType: contractor"),
            std::string::npos);
  EXPECT_NE(person(d.internUid, {"employeeType"}).find("employeeType: intern"), std::string::npos);
  const auto ceo = person(d.ceoUid, {"manager", "cn", "tandemHireDate", "tandemLevel", "entryUUID",
                                     "createTimestamp", "modifyTimestamp", "entryCSN"});
  EXPECT_EQ(countPrefix(ceo, "manager:"), 0);
  EXPECT_EQ(countPrefix(ceo, "createTimestamp:"), 1) << ceo;
  EXPECT_EQ(countPrefix(ceo, "entryCSN:"), 1) << ceo;
  EXPECT_NE(ceo.find("cn:: "), std::string::npos) << "UTF-8 cn is base64 in LDIF: " << ceo;
  const auto hr = search(s, s.uri(), d.hrAdminGroupDn, "(objectClass=groupOfNames)", {"member"}, {"-s", "base"});
  EXPECT_EQ(countPrefix(hr.output, "member:"), 3) << hr.output;
  const auto nested = search(s, s.uri(), d.nestedGroupDns[0], "(objectClass=*)", {"member"}, {"-s", "base"});
  EXPECT_NE(nested.output.find("member: " + d.nestedGroupDns[1]), std::string::npos) << nested.output;
  const auto cyc = search(s, s.uri(), d.cyclicGroupDns[1], "(objectClass=*)", {"member"}, {"-s", "base"});
  EXPECT_NE(cyc.output.find("member: " + d.cyclicGroupDns[0]), std::string::npos) << cyc.output;
}

TEST_F(SlapdFixtureTest, UserBindWorksAndAnonymousSeesNothing) {
  const Slapd& s = *slapd_;
  const auto& d = s.directory();
  auto r = runCommand({"ldapwhoami", "-x", "-H", s.uri(), "-D", d.dnOf(d.hrAdminUids[0]), "-w", d.userPassword});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  r = runCommand({"ldapwhoami", "-x", "-H", s.uri(), "-D", d.dnOf(d.hrAdminUids[0]), "-w", "wrong"});
  EXPECT_EQ(r.exitCode, 49) << r.output;  // invalidCredentials
  r = runCommand({"ldapsearch", "-x", "-LLL", "-H", s.uri(), "-b", s.baseDn(), "(uid=ceo)", "uid"});
  EXPECT_EQ(countPrefix(r.output, "dn:"), 0) << r.output;
}

TEST_F(SlapdFixtureTest, ModifyThenStopAndRestartKeepsData) {
  Slapd& s = *slapd_;
  const std::string dn = s.directory().dnOf("p000005");
  s.modify("dn: " + dn + "\nchangetype: modify\nreplace: title\ntitle: Chief Tandem Tester\n\n");
  auto r = search(s, s.uri(), s.baseDn(), "(uid=p000005)", {"title"});
  EXPECT_NE(r.output.find("title: Chief Tandem Tester"), std::string::npos) << r.output;
  EXPECT_THROW(s.modify("dn: uid=nobody,dc=example,dc=com\nchangetype: delete\n\n"), std::runtime_error);

  const int oldPid = s.pid();
  s.stop();
  EXPECT_EQ(s.pid(), -1);
  r = search(s, s.uri(), s.baseDn(), "(uid=p000005)", {"title"});
  EXPECT_NE(r.exitCode, 0);  // server down
  const auto t0 = Clock::now();
  s.restart();
  std::fprintf(stderr, "[ timing ] restart: %.2f s\n", secondsSince(t0));
  EXPECT_GT(s.pid(), 0);
  EXPECT_NE(s.pid(), oldPid);
  r = search(s, s.uri(), s.baseDn(), "(uid=p000005)", {"title"});
  EXPECT_NE(r.output.find("title: Chief Tandem Tester"), std::string::npos) << r.output;
  r = search(s, s.uri(), s.baseDn(), "(objectClass=inetOrgPerson)", {"1.1"}, {"-E", "pr=1000/noprompt"});
  EXPECT_EQ(countPrefix(r.output, "dn:"), 10000);
}

TEST_F(SlapdFixtureTest, MemberOfIsLoadedAndMaintained) {
  Slapd& s = *slapd_;
  const auto& d = s.directory();
  auto r = search(s, s.uri(), s.baseDn(), "(uid=" + d.hrAdminUids[0] + ")", {"memberOf"});
  EXPECT_NE(r.output.find("memberOf: " + d.hrAdminGroupDn), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("memberOf: cn=dept-human-resources,ou=groups,dc=example,dc=com"), std::string::npos)
      << r.output;
  r = search(s, s.uri(), s.baseDn(), "(memberOf=" + d.hrAdminGroupDn + ")", {"1.1"});
  EXPECT_EQ(countPrefix(r.output, "dn:"), 3) << r.output;
  // The memberof overlay keeps it up to date for online changes.
  s.modify("dn: " + d.hrAdminGroupDn + "\nchangetype: modify\nadd: member\nmember: " + d.dnOf("p000007") + "\n\n");
  r = search(s, s.uri(), s.baseDn(), "(uid=p000007)", {"memberOf"});
  EXPECT_NE(r.output.find("memberOf: " + d.hrAdminGroupDn), std::string::npos) << r.output;
  s.modify("dn: " + d.hrAdminGroupDn + "\nchangetype: modify\ndelete: member\nmember: " + d.dnOf("p000007") +
           "\n\n");
}

TEST_F(SlapdFixtureTest, SyncprovAnswersRefreshOnlyWithACookie) {
  const Slapd& s = *slapd_;
  // Without -LLL: ldapsearch prints the syncDone cookie as a comment.
  const auto r = runCommand({"ldapsearch", "-x", "-o", "ldif-wrap=no", "-H", s.uri(), "-D", s.bindDn(), "-y",
                             s.passwordFile(), "-b", s.baseDn(), "-E", "sync=ro", "(uid=edge-*)", "entryUUID"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(countPrefix(r.output, "dn:"), 14) << r.output;  // the fixed uids named edge-*
  EXPECT_NE(r.output.find("# cookie: rid=000,csn="), std::string::npos) << r.output;
}

TEST(SlapdTlsTest, LdapsAndStartTlsVerifyAgainstTheTestCa) {
  SlapdOptions options;
  options.people = 200;
  options.tls = true;
  const auto t0 = Clock::now();
  const auto s = Slapd::start(options);
  std::fprintf(stderr, "[ timing ] Slapd::start(200 people, tls): %.2f s\n", secondsSince(t0));
  ASSERT_FALSE(s->ldapsUri().empty());
  const std::vector<std::string> trusted{"LDAPTLS_CACERT=" + s->caFile(), "LDAPTLS_REQCERT=demand"};
  const std::vector<std::string> untrusted{"LDAPTLS_CACERT=" + s->untrustedCaFile(), "LDAPTLS_REQCERT=demand"};

  auto r = search(*s, s->ldapsUri(), s->baseDn(), "(uid=ceo)", {"uid"}, {}, trusted);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(countPrefix(r.output, "dn:"), 1) << r.output;

  r = search(*s, s->ldapsUri(), s->baseDn(), "(uid=ceo)", {"uid"}, {}, untrusted);
  EXPECT_NE(r.exitCode, 0) << r.output;

  r = search(*s, s->uri(), s->baseDn(), "(uid=ceo)", {"uid"}, {"-ZZ"}, trusted);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(countPrefix(r.output, "dn:"), 1) << r.output;

  r = search(*s, s->uri(), s->baseDn(), "(uid=ceo)", {"uid"}, {"-ZZ"}, untrusted);
  EXPECT_NE(r.exitCode, 0) << r.output;
}

TEST(DirectoryGeneratorTest, DeterministicPerSeedAndFast) {
  const std::string dir = ::testing::TempDir();
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  GeneratorOptions options;
  options.people = 1000;
  const auto a = generateDirectoryLdif(options, dir + "/gen_a.ldif");
  const auto b = generateDirectoryLdif(options, dir + "/gen_b.ldif");
  options.seed = 8;
  generateDirectoryLdif(options, dir + "/gen_c.ldif");
  EXPECT_EQ(read(dir + "/gen_a.ldif"), read(dir + "/gen_b.ldif"));
  EXPECT_NE(read(dir + "/gen_a.ldif"), read(dir + "/gen_c.ldif"));
  EXPECT_EQ(a.people, 1000);
  EXPECT_EQ(a.activeCount, b.activeCount);

  options.people = 100000;
  const auto t0 = Clock::now();
  const auto big = generateDirectoryLdif(options, dir + "/gen_big.ldif");
  const double seconds = secondsSince(t0);
  std::fprintf(stderr, "[ timing ] generate 100000 people: %.2f s\n", seconds);
  EXPECT_EQ(big.people, 100000);
  EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(big.dnOf("p099981").rfind("uid=p099981,ou=", 0), 0U);
  EXPECT_EQ(big.dnOf("p099982"), "");  // 100000 - 19 fixed people = 99981 generic
  for (const char* f : {"gen_a", "gen_b", "gen_c", "gen_big"}) std::remove((dir + "/" + f + ".ldif").c_str());
}

// Opt-in: TANDEM_SLAPD_BIG=1 starts a 100,000-person directory and scans it.
TEST(SlapdBigTest, Start100k) {
  const char* big = std::getenv("TANDEM_SLAPD_BIG");
  if (big == nullptr || std::string(big) != "1") GTEST_SKIP() << "set TANDEM_SLAPD_BIG=1";
  SlapdOptions options;
  options.people = 100000;
  auto t0 = Clock::now();
  const auto s = Slapd::start(options);
  std::fprintf(stderr, "[ timing ] Slapd::start(100000 people): %.2f s\n", secondsSince(t0));
  t0 = Clock::now();
  const auto r = search(*s, s->uri(), s->baseDn(), "(objectClass=inetOrgPerson)", {"entryUUID"},
                        {"-E", "pr=1000/noprompt"});
  std::fprintf(stderr, "[ timing ] paged entryUUID scan of 100000: %.2f s\n", secondsSince(t0));
  EXPECT_EQ(countPrefix(r.output, "entryUUID: "), 100000);
}

}  // namespace
}  // namespace tandem::testing
