#include "job_runner.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>

#include "plugin_runtime.h"
#include "progress_bar.h"

namespace tandem::standalone {
namespace {

volatile std::sig_atomic_t gCancelRequested = 0;

extern "C" void onInterrupt(int /*signal*/) { gCancelRequested = 1; }

// While alive, the first SIGINT/SIGTERM asks the running job to stop; a second one kills.
class CancelOnInterrupt {
 public:
  CancelOnInterrupt() {
    gCancelRequested = 0;
    struct sigaction sa {};
    sa.sa_handler = &onInterrupt;
    sa.sa_flags = static_cast<int>(SA_RESETHAND);
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &oldInt_);
    ::sigaction(SIGTERM, &sa, &oldTerm_);
  }
  ~CancelOnInterrupt() {
    ::sigaction(SIGINT, &oldInt_, nullptr);
    ::sigaction(SIGTERM, &oldTerm_, nullptr);
  }
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;
  static bool requested() { return gCancelRequested != 0; }

 private:
  struct sigaction oldInt_ {};
  struct sigaction oldTerm_ {};
};

}  // namespace

bool parseInteger(const std::string& text, long long lo, long long hi, long long* out) {
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || end == nullptr || *end != '\0' || v < lo || v > hi) {
    return false;
  }
  *out = v;
  return true;
}

int usageError(std::ostream& err, const std::string& command, const std::string& message) {
  err << "tandem: " << message << "\nRun 'tandem " << command << " --help' for usage.\n";
  return kExitUsage;
}

void printFailure(std::ostream& out, std::ostream& err, bool json, const std::string& command,
                  const host::Status& status) {
  if (json) {
    out << nlohmann::json{{"error", {{"code", status.errorCode()}, {"message", status.message()}}}}
               .dump()
        << "\n";
  } else {
    err << "tandem " << command << ": " << status.message() << " (" << status.errorCode() << ")\n";
  }
}

host::Result<std::string> runJobWithProgress(host::PluginLoader& plugin, const std::string& job,
                                             const std::string& args) {
  ProgressBar bar(::isatty(STDERR_FILENO) != 0);
  CancelOnInterrupt cancel;
  auto result = plugin.runJob(job, args, [&bar](double fraction, std::string_view message) {
    bar.update(fraction, message);
    return !CancelOnInterrupt::requested();
  });
  bar.finish();
  return result;
}

long long count(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_array()) return static_cast<long long>(it->size());
  return 0;
}

JobOutcome runJobCommand(const HostConfig& config, std::ostream& out, std::ostream& err,
                         bool json, const std::string& command, const std::string& job,
                         const nlohmann::json& args) {
  auto runtime = PluginRuntime::start(config);
  if (!runtime.isOk()) {
    printFailure(out, err, json, command, runtime.status());
    return {kExitFailure, {}};
  }
  auto result = runJobWithProgress((*runtime)->plugin(), job, args.dump());
  if (!result.isOk()) {
    printFailure(out, err, json, command, result.status());
    return {kExitFailure, {}};
  }
  if (json) {
    out << *result << "\n";
    return {kExitOk, {}};
  }
  nlohmann::json r = nlohmann::json::parse(*result, nullptr, /*allow_exceptions=*/false);
  if (!r.is_object()) {
    out << *result << "\n";
    return {kExitOk, {}};
  }
  return {std::nullopt, std::move(r)};
}

}  // namespace tandem::standalone
