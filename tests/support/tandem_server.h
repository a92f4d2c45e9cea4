// Test-only: the real `tandem serve` on a free loopback port, started and stopped by a test.
// start() waits (bounded) until GET /healthz answers 200; the destructor kills the server if it
// still runs.
//
// Thread-safety: use from one thread. Ownership: owns the server process.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tandem_cli.h"

namespace tandem::testing {

// A port on 127.0.0.1 that was free a moment ago (the kernel picked it).
std::uint16_t freeLoopbackPort();

class TandemServer {
 public:
  // Runs `binary serve <args> --listen 127.0.0.1:<free port>` with stdout and stderr in
  // <dir>/serve.out and <dir>/serve.err, and waits up to `timeout` for /healthz. Returns nullptr
  // when the server did not start or become ready (`error` then says why and holds the log tail).
  static std::unique_ptr<TandemServer> start(
      const std::string& binary, const std::vector<std::string>& args,
      const std::filesystem::path& dir, std::string& error,
      std::chrono::seconds timeout = std::chrono::seconds(30));

  std::uint16_t port() const { return port_; }
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
  TandemProcess& process() { return *process_; }
  // Sends `sig` and waits up to `timeout` for the exit; the exit code, or nullopt.
  std::optional<int> stop(int sig, std::chrono::milliseconds timeout);
  // stdout and stderr of the server so far.
  std::string output() const;

 private:
  TandemServer() = default;
  std::unique_ptr<TandemProcess> process_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
};

}  // namespace tandem::testing
