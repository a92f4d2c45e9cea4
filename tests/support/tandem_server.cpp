#include "tandem_server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>

#include <thread>

namespace tandem::testing {

namespace {

// GET /healthz; its status, or 0 when nothing answers.
int healthStatus(std::uint16_t port) {
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/healthz",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    std::istream& body = session.receiveResponse(res);
    std::string ignored;
    Poco::StreamCopier::copyToString(body, ignored);
    return static_cast<int>(res.getStatus());
  } catch (const Poco::Exception&) {
    return 0;
  }
}

}  // namespace

std::uint16_t freeLoopbackPort() {
  Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
  const std::uint16_t port = s.address().port();
  s.close();
  return port;
}

std::unique_ptr<TandemServer> TandemServer::start(const std::string& binary,
                                                  const std::vector<std::string>& args,
                                                  const std::filesystem::path& dir,
                                                  std::string& error,
                                                  std::chrono::seconds timeout) {
  std::unique_ptr<TandemServer> server(new TandemServer());
  server->dir_ = dir;
  server->port_ = freeLoopbackPort();
  std::vector<std::string> all{"serve"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back("--listen");
  all.push_back("127.0.0.1:" + std::to_string(server->port_));
  server->process_ =
      std::make_unique<TandemProcess>(binary, all, dir / "serve.out", dir / "serve.err");
  if (!server->process_->started()) {
    error = "cannot start " + binary;
    return nullptr;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    server->process_->wait(std::chrono::milliseconds(0));
    if (!server->process_->running()) {
      error = "tandem serve exited before it was ready:\n" + server->output();
      return nullptr;
    }
    if (healthStatus(server->port_) == 200) return server;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error = "tandem serve did not answer /healthz within " + std::to_string(timeout.count()) +
          " s:\n" + server->output();
  return nullptr;
}

std::optional<int> TandemServer::stop(int sig, std::chrono::milliseconds timeout) {
  process_->signal(sig);
  return process_->wait(timeout);
}

std::string TandemServer::output() const {
  return readTextFile(dir_ / "serve.out") + readTextFile(dir_ / "serve.err");
}

}  // namespace tandem::testing
