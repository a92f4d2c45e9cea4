// Test-only helpers that run the real `tandem` binary: as a child process with its output in
// files (for servers, for runs a test interrupts, and for runs it waits for), or through the shell
// with stdout captured (for `tandem ... --json` commands whose output a test parses).
//
// Thread-safety: use each object from one thread. Ownership: a TandemProcess owns its child and
// kills it (SIGKILL) and reaps it on destruction when it still runs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tandem::testing {

// `binary args...` with stdout and stderr written to files (created or truncated).
class TandemProcess {
 public:
  TandemProcess(const std::string& binary, const std::vector<std::string>& args,
                const std::filesystem::path& outFile, const std::filesystem::path& errFile);
  ~TandemProcess();
  TandemProcess(const TandemProcess&) = delete;
  TandemProcess& operator=(const TandemProcess&) = delete;

  bool started() const { return pid_ > 0; }
  bool running() const { return pid_ > 0 && !exitCode_.has_value() && !signal_.has_value(); }
  pid_t pid() const { return pid_; }
  void signal(int sig) const;

  // Waits up to `timeout` (polling, bounded) for the child to end. Returns its exit code, or
  // nullopt when it still runs or was ended by a signal (then terminatingSignal() says which).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::optional<int> terminatingSignal() const { return signal_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exitCode_;
  std::optional<int> signal_;
};

// Runs `binary args...` to completion with its output in <dir>/<name>.out and <dir>/<name>.err.
// Returns the exit code, or -1 when it could not start, did not end within `timeout` (it is then
// killed) or was killed by a signal.
int runTandem(const std::string& binary, const std::vector<std::string>& args,
              const std::filesystem::path& dir, const std::string& name,
              std::chrono::seconds timeout = std::chrono::seconds(120));

struct CliRun {
  int exitCode = -1;  // -1 when it could not run or was killed by a signal
  std::string out;    // stdout (stderr goes to the test's stderr)
};

// Runs `binary arguments` through /bin/sh (the caller quotes `arguments`), capturing stdout.
CliRun runTandemShell(const std::string& binary, const std::string& arguments);

// Parses a `--json` run's stdout; a discarded (is_discarded()) value when it is not JSON.
nlohmann::json parseJsonOutput(const CliRun& run);

// The whole content of a file ("" when it cannot be read).
std::string readTextFile(const std::filesystem::path& path);

}  // namespace tandem::testing
