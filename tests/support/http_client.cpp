#include "http_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cctype>
#include <exception>
#include <ostream>

namespace tandem::testing {

namespace {

bool sameName(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (sameName(k, name)) return v;
  }
  return "";
}

std::vector<std::string> HttpReply::headerValues(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : headers) {
    if (sameName(k, name)) values.push_back(v);
  }
  return values;
}

nlohmann::json HttpReply::json() const { return nlohmann::json::parse(body, nullptr, false); }

HttpReply httpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers,
                      const HttpRequestOptions& options) {
  HttpReply reply;
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(static_cast<long>(options.timeout.count()), 0));
    Poco::Net::HTTPRequest req(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) req.set(k, v);
    if (options.declaredLength) {
      req.setContentLength64(static_cast<Poco::Int64>(*options.declaredLength));
    } else if (!options.withoutLength &&
               (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
      req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    try {
      std::ostream& os = session.sendRequest(req);
      os.write(body.data(), static_cast<std::streamsize>(body.size()));
      os.flush();
    } catch (const Poco::Exception&) {
      // The server may stop reading early (413); its answer is still read below.
    }
    Poco::Net::HTTPResponse res;
    std::istream& is = session.receiveResponse(res);
    for (const auto& [k, v] : res) reply.headers.emplace_back(k, v);
    Poco::StreamCopier::copyToString(is, reply.body);
    reply.status = static_cast<int>(res.getStatus());
  } catch (const Poco::Exception& e) {
    reply.status = 0;
    reply.error = e.displayText();
  } catch (const std::exception& e) {
    reply.status = 0;
    reply.error = e.what();
  }
  return reply;
}

}  // namespace tandem::testing
