#include "standalone_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <chrono>
#include <thread>

#include "host_request_handler.h"

namespace tandem::standalone {
namespace {
constexpr auto kGracePeriod = std::chrono::seconds(5);
}  // namespace

host::Result<std::unique_ptr<StandaloneServer>> StandaloneServer::start(HostContext& ctx) {
  std::unique_ptr<StandaloneServer> server(new StandaloneServer());
  server->ctx_ = &ctx;
  Poco::Net::SocketAddress address;
  try {
    address = Poco::Net::SocketAddress(ctx.config.listen);
  } catch (const Poco::Exception& e) {
    return host::invalidArgument("invalid listen address '" + ctx.config.listen +
                                 "' (expected HOST:PORT): " + e.displayText());
  }
  try {
    Poco::Net::ServerSocket socket;
    if (address.family() == Poco::Net::SocketAddress::IPv6) {
      socket.bind6(address, /*reuseAddress=*/true, /*reusePort=*/false, /*ipV6Only=*/true);
    } else {
      // Explicit reusePort=false: Poco's two-argument bind() also sets SO_REUSEPORT, which would
      // let a second server silently share the port.
      socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
    }
    socket.listen(128);
    const Poco::Net::SocketAddress bound = socket.address();
    const std::string host = bound.host().toString();
    server->url_ = "http://" +
                   (bound.family() == Poco::Net::SocketAddress::IPv6 ? "[" + host + "]" : host) +
                   ":" + std::to_string(bound.port()) + "/";

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(ctx.config.threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    params->setServerName("tandem");
    // A dispatcher thread leaves after this idle time. Stopping wakes only the dispatcher threads
    // already waiting for a connection: one the pool has just started (for the last request)
    // waits out its idle time before it sees the stop, and joinAll() waits for it. Poco's default
    // of 10 s made a SIGINT under load take 10 s; 1 s bounds that delay.
    params->setThreadIdleTime(Poco::Timespan(1, 0));
    server->pool_ = std::make_unique<Poco::ThreadPool>("tandem-http", 2, ctx.config.threads + 1);
    server->server_ = std::make_unique<Poco::Net::HTTPServer>(new HostRequestHandlerFactory(ctx),
                                                              *server->pool_, socket, params);
    server->server_->start();
  } catch (const Poco::Exception& e) {
    return host::unavailable("cannot listen on " + ctx.config.listen + ": " + e.displayText());
  }
  return server;
}

StandaloneServer::~StandaloneServer() { stop(); }

void StandaloneServer::stop() {
  if (!server_) return;
  // Stop accepting, give requests in flight a grace period, then close every connection (idle
  // keep-alive connections would otherwise linger until their timeout) and join the workers.
  server_->stop();
  const auto deadline = std::chrono::steady_clock::now() + kGracePeriod;
  while (ctx_->inFlight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server_->stopAll(/*abortCurrent=*/true);
  pool_->joinAll();
  server_.reset();
  pool_.reset();
}

}  // namespace tandem::standalone
