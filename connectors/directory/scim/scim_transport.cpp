#include "scim_transport.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <istream>

namespace tandem::scimclient {

namespace {

constexpr std::streamsize kMaxBody = 64LL * 1024 * 1024;  // a page of users, generously

class PocoTransport final : public ScimTransport {
 public:
  PocoTransport(const ScimClientConfig& config, std::string token, Poco::Net::Context::Ptr context)
      : url_(config.url),
        uri_(config.url),
        token_(std::move(token)),
        timeout_(config.timeoutSeconds, 0),
        context_(std::move(context)) {
    basePath_ = uri_.getPathEtc();
    while (!basePath_.empty() && basePath_.back() == '/') basePath_.pop_back();
  }

  core::Result<HttpReply> get(const std::string& pathAndQuery) override {
    try {
      if (!session_) open();
      Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, basePath_ + pathAndQuery,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
      req.set("Authorization", "Bearer " + token_);
      req.set("Accept", "application/scim+json, application/json");
      req.setKeepAlive(true);
      session_->sendRequest(req);
      Poco::Net::HTTPResponse res;
      std::istream& in = session_->receiveResponse(res);
      HttpReply reply;
      reply.status = static_cast<int>(res.getStatus());
      reply.retryAfter = res.get("Retry-After", "");
      std::string chunk(64 * 1024, '\0');
      while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        reply.body.append(chunk.data(), static_cast<size_t>(in.gcount()));
        if (static_cast<std::streamsize>(reply.body.size()) > kMaxBody) {
          session_.reset();
          return core::unavailable("the SCIM server at " + url_ + " sent more than 64 MiB for " +
                                   pathAndQuery);
        }
      }
      return reply;
    } catch (const Poco::TimeoutException&) {
      session_.reset();
      return core::unavailable("the SCIM server at " + url_ + " did not answer within " +
                               std::to_string(timeout_.totalSeconds()) + " s");
    } catch (const Poco::Exception& e) {
      session_.reset();
      // displayText() may name the host and port, never the request headers.
      return core::unavailable("cannot reach the SCIM server at " + url_ + ": " + e.displayText());
    } catch (const std::exception& e) {
      session_.reset();
      return core::unavailable("cannot reach the SCIM server at " + url_ + ": " + e.what());
    }
  }

 private:
  void open() {
    if (uri_.getScheme() == "https") {
      session_ =
          std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(), uri_.getPort(), context_);
    } else {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri_.getHost(), uri_.getPort());
    }
    session_->setTimeout(timeout_);
    session_->setKeepAlive(true);
  }

  std::string url_;
  Poco::URI uri_;
  std::string basePath_;
  std::string token_;
  Poco::Timespan timeout_;
  Poco::Net::Context::Ptr context_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace

core::Result<std::unique_ptr<ScimTransport>> makeHttpTransport(const ScimClientConfig& config,
                                                               const std::string& token) {
  try {
    Poco::Net::Context::Ptr context;
    if (Poco::URI(config.url).getScheme() == "https") {
      Poco::Net::Context::Params params;
      params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
      params.caLocation = config.caFile;
      params.loadDefaultCAs = config.caFile.empty();
      context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    }
    return std::unique_ptr<ScimTransport>(new PocoTransport(config, token, context));
  } catch (const Poco::Exception& e) {
    return core::invalidArgument("scim_client: cannot set up TLS for " + config.url + ": " +
                                 e.displayText());
  }
}

}  // namespace tandem::scimclient
