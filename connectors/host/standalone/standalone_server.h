// StandaloneServer: the Poco HTTP server of `tandem serve`, bound to `listen` (IPv4 or IPv6,
// e.g. "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free port) with its own worker pool.
//
// Thread-safety: start/stop from one thread. Ownership: ctx must outlive the server; stop() (also
// run by the destructor) returns only after every in-flight request finished, so the plugin can be
// stopped afterwards.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

#include "host/common/status.h"
#include "host_context.h"

namespace tandem::standalone {

class StandaloneServer {
 public:
  // Binds and starts serving. Errors: invalid_argument (unparsable listen address),
  // unavailable (cannot bind, e.g. the port is taken).
  static host::Result<std::unique_ptr<StandaloneServer>> start(HostContext& ctx);
  ~StandaloneServer();

  // "http://127.0.0.1:8080/" with the bound port.
  const std::string& url() const { return url_; }
  void stop();

 private:
  StandaloneServer() = default;
  HostContext* ctx_ = nullptr;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::string url_;
};

}  // namespace tandem::standalone
