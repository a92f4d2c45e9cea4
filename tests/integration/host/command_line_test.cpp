#include "command_line.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli_spec.h"
#include "commands.h"

namespace tandem::standalone {
namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = runCli(args, {}, out, err);
  return {code, out.str(), err.str()};
}

TEST(CommandLine, ParsesGlobalAndCommandOptionsInAnyOrder) {
  const auto r = parseCommandLine(
      {"--data-dir", "/d", "import", "people.csv", "--format=csv", "--json", "--plugin", "/p.so"});
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.line.command, "import");
  EXPECT_EQ(r.line.args, std::vector<std::string>{"people.csv"});
  EXPECT_EQ(r.line.get("data-dir"), "/d");
  EXPECT_EQ(r.line.get("format"), "csv");
  EXPECT_EQ(r.line.get("json"), "true");
  EXPECT_EQ(r.line.get("plugin"), "/p.so");
}

TEST(CommandLine, UnknownFlagIsAUsageError) {
  const auto r = parseCommandLine({"serve", "--bogus"});
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.message, "unknown option --bogus for 'tandem serve'");
  EXPECT_EQ(r.error.hint, "Run 'tandem serve --help' for usage.");
}

TEST(CommandLine, OtherUsageErrors) {
  EXPECT_FALSE(parseCommandLine({"frobnicate"}).ok);
  EXPECT_FALSE(parseCommandLine({"import"}).ok);                    // FILE missing
  EXPECT_FALSE(parseCommandLine({"import", "a.csv", "b.csv"}).ok);  // one FILE only
  EXPECT_FALSE(parseCommandLine({"import", "a.csv", "--format", "xml"}).ok);
  EXPECT_FALSE(parseCommandLine({"serve", "--listen"}).ok);       // value missing
  EXPECT_FALSE(parseCommandLine({"serve", "--demo=yes"}).ok);     // switch with value
  EXPECT_FALSE(parseCommandLine({"--listen", "x", "serve"}).ok);  // command option first
  EXPECT_FALSE(parseCommandLine({"serve", "-x"}).ok);
  EXPECT_FALSE(parseCommandLine({"--log-level", "loud", "health"}).ok);
  EXPECT_FALSE(parseCommandLine({"serve", "--listen", "a", "--listen", "b"}).ok);
}

TEST(Cli, UnknownFlagExitsWithUsageCode) {
  const CliRun r = run({"serve", "--bogus"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("unknown option --bogus"), std::string::npos);
  EXPECT_NE(r.err.find("tandem serve --help"), std::string::npos);
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, UnknownCommandExitsWithUsageCode) {
  const CliRun r = run({"frobnicate"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(Cli, NoCommandPrintsHelpToStderrWithUsageCode) {
  const CliRun r = run({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("Usage: tandem"), std::string::npos);
}

TEST(Cli, HelpComesFromTheOneTable) {
  const CliRun top = run({"--help"});
  EXPECT_EQ(top.code, kExitOk);
  EXPECT_EQ(top.out, helpText());
  for (const auto& c : commandSpecs()) {
    EXPECT_NE(top.out.find(std::string(c.summary)), std::string::npos) << c.name;
  }
  const CliRun sub = run({"import", "--help"});
  EXPECT_EQ(sub.code, kExitOk);
  EXPECT_EQ(sub.out, commandHelpText("import"));
  EXPECT_NE(sub.out.find("--format FORMAT"), std::string::npos);
  EXPECT_EQ(run({"help", "import"}).out, sub.out);
  const CliRun md = run({"help", "--markdown"});
  EXPECT_EQ(md.code, kExitOk);
  EXPECT_EQ(md.out, helpMarkdown());
  EXPECT_NE(md.out.find("| `tandem import [OPTIONS] FILE` |"), std::string::npos);
  EXPECT_NE(md.out.find("`TANDEM_DATA_DIR`"), std::string::npos);
}

TEST(Cli, DemoValidatesItsNumbers) {
  EXPECT_EQ(run({"demo", "--employees", "lots", "--plugin", "/nonexistent.so"}).code, kExitUsage);
  EXPECT_EQ(run({"demo", "--seed", "-1", "--plugin", "/nonexistent.so"}).code, kExitUsage);
}

TEST(Cli, MissingPluginIsAFailureNotAUsageError) {
  const CliRun r = run({"health", "--plugin", "/nonexistent/libtandem.so", "--data-dir",
                        testing::TempDir() + "/tandem-cli-missing-plugin"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_NE(r.err.find("cannot load plugin"), std::string::npos);
}

}  // namespace
}  // namespace tandem::standalone
