#include "tandem_cli.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace tandem::testing {

TandemProcess::TandemProcess(const std::string& binary, const std::vector<std::string>& args,
                             const std::filesystem::path& outFile,
                             const std::filesystem::path& errFile) {
  std::vector<std::string> owned;
  owned.push_back(binary);
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outFile.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errFile.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
}

TandemProcess::~TandemProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void TandemProcess::signal(int sig) const {
  if (running()) ::kill(pid_, sig);
}

std::optional<int> TandemProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      if (WIFEXITED(status)) {
        exitCode_ = WEXITSTATUS(status);
      } else {
        signal_ = WIFSIGNALED(status) ? WTERMSIG(status) : -1;
      }
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exitCode_;
}

int runTandem(const std::string& binary, const std::vector<std::string>& args,
              const std::filesystem::path& dir, const std::string& name,
              std::chrono::seconds timeout) {
  TandemProcess child(binary, args, dir / (name + ".out"), dir / (name + ".err"));
  if (!child.started()) return -1;
  return child.wait(timeout).value_or(-1);
}

CliRun runTandemShell(const std::string& binary, const std::string& arguments) {
  CliRun run;
  const std::string command = binary + " " + arguments;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = ::pclose(pipe);
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

nlohmann::json parseJsonOutput(const CliRun& run) {
  return nlohmann::json::parse(run.out, nullptr, /*allow_exceptions=*/false);
}

std::string readTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace tandem::testing
