#include "command_runner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace tandem::testing {
namespace {

std::string tempPath(const char* tag) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/tandem-" + tag + "-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return {};
  ::close(fd);
  return pattern;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string findProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/sbin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find(':', start), path.size());
    const std::string dir = path.substr(start, end - start);
    if (!dir.empty()) {
      const std::string candidate = dir + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return {};
}

CommandResult runCommand(const std::vector<std::string>& argv, const std::string& input,
                         const std::vector<std::string>& extraEnv) {
  CommandResult result;
  if (argv.empty()) return result;
  const std::string program = findProgram(argv[0]);
  if (program.empty()) {
    result.output = "program not found: " + argv[0];
    return result;
  }
  const std::string inPath = tempPath("in");
  const std::string outPath = tempPath("out");
  {
    std::ofstream in(inPath, std::ios::binary);
    in << input;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> envStrings;
  for (char** e = environ; *e != nullptr; ++e) envStrings.emplace_back(*e);
  for (const auto& e : extraEnv) envStrings.push_back(e);
  std::vector<char*> env;
  for (auto& e : envStrings) env.push_back(e.data());
  env.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid == 0) {
    const int inFd = ::open(inPath.c_str(), O_RDONLY);
    const int outFd = ::open(outPath.c_str(), O_WRONLY | O_TRUNC);
    if (inFd < 0 || outFd < 0) ::_exit(127);
    ::dup2(inFd, 0);
    ::dup2(outFd, 1);
    ::dup2(outFd, 2);
    ::execve(program.c_str(), args.data(), env.data());
    ::_exit(127);
  }
  if (pid > 0) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.output = slurp(outPath);
  } else {
    result.output = std::string("fork failed: ") + std::strerror(errno);
  }
  ::unlink(inPath.c_str());
  ::unlink(outPath.c_str());
  return result;
}

}  // namespace tandem::testing
