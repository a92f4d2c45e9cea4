#include "http_util.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <istream>
#include <ostream>

namespace tandem::standalone {
namespace {

constexpr std::string_view kCsp = "default-src 'self'; frame-ancestors 'self'";
constexpr std::size_t kChunk = 16 * 1024;
// How much of an oversized body may be discarded so the client sees the 413.
constexpr std::size_t kDrainLimit = 8 * 1024 * 1024;
constexpr auto kDrainTime = std::chrono::seconds(5);

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void applySecurityHeaders(Poco::Net::HTTPServerResponse& response) {
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  response.set("Content-Security-Policy", std::string(kCsp));
}

bool isSecurityHeader(std::string_view name) {
  const std::string n = lower(name);
  return n == "x-content-type-options" || n == "referrer-policy" || n == "content-security-policy";
}

void sendBody(Poco::Net::HTTPServerResponse& response, int status, std::string_view contentType,
              std::string_view body) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  if (status == 204 || status == 304) {
    response.send().flush();  // no body, no Content-Length (RFC 9110)
    return;
  }
  if (!contentType.empty()) response.setContentType(std::string(contentType));
  response.setContentLength64(static_cast<Poco::Int64>(body.size()));
  std::ostream& out = response.send();
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.flush();
}

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const nlohmann::json& body) {
  sendBody(response, status, "application/json; charset=utf-8",
           body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void sendError(Poco::Net::HTTPServerResponse& response, int status, std::string_view code,
               std::string_view message) {
  sendJson(response, status, {{"error", {{"code", code}, {"message", message}}}});
}

void sendScimError(Poco::Net::HTTPServerResponse& response, int status, std::string_view detail) {
  const nlohmann::json body = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:Error"}},
                               {"status", std::to_string(status)},
                               {"detail", detail}};
  sendBody(response, status, "application/scim+json",
           body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void sendError(Poco::Net::HTTPServerResponse& response, ErrorFormat format, int status,
               std::string_view code, std::string_view message) {
  if (format == ErrorFormat::kScim) {
    sendScimError(response, status, message);
  } else {
    sendError(response, status, code, message);
  }
}

void sendRedirect(Poco::Net::HTTPServerResponse& response, std::string_view location) {
  response.set("Location", std::string(location));
  response.set("Cache-Control", "no-store");
  sendBody(response, 302, "", "");
}

BodyStatus readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes, std::string* out) {
  out->clear();
  const std::string& method = request.getMethod();
  const bool chunked = request.getChunkedTransferEncoding();
  if (!chunked && !request.hasContentLength()) {
    if (method == "POST" || method == "PUT" || method == "PATCH") {
      return BodyStatus::kLengthRequired;
    }
    return BodyStatus::kOk;  // GET, DELETE, ...: no body
  }
  std::istream& in = request.stream();
  if (!chunked) {
    const Poco::Int64 length = request.getContentLength64();
    if (length < 0) return BodyStatus::kError;
    if (static_cast<Poco::UInt64>(length) > maxBytes) return BodyStatus::kTooLarge;
    out->resize(static_cast<std::size_t>(length));
    in.read(out->data(), static_cast<std::streamsize>(length));
    if (in.gcount() != static_cast<std::streamsize>(length)) return BodyStatus::kError;
    return BodyStatus::kOk;
  }
  std::array<char, kChunk> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    if (out->size() + n > maxBytes) {
      out->clear();
      return BodyStatus::kTooLarge;
    }
    out->append(buf.data(), n);
  }
  return in.bad() ? BodyStatus::kError : BodyStatus::kOk;
}

void sendPayloadTooLarge(Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response, std::size_t maxBytes,
                         ErrorFormat format) {
  response.setKeepAlive(false);
  sendError(response, format, 413, "payload_too_large",
            "request body exceeds " + std::to_string(maxBytes) + " bytes");
  // Lingering close: discard (never store) what the client is still sending, bounded in bytes and
  // time, so it can read the 413 instead of a connection reset.
  (void)discardRemainingBody(request, kDrainLimit);
}

bool discardRemainingBody(Poco::Net::HTTPServerRequest& request, std::size_t limit) {
  // A short receive timeout while draining, restored afterwards for the keep-alive connection.
  Poco::Net::StreamSocket* socket = nullptr;
  Poco::Timespan previousTimeout;
  bool ended = false;
  try {
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request)) {
      socket = &impl->socket();
      previousTimeout = socket->getReceiveTimeout();
      socket->setReceiveTimeout(Poco::Timespan(1, 0));
    }
    std::istream& in = request.stream();
    std::array<char, kChunk> buf{};
    std::size_t drained = 0;
    const auto deadline = std::chrono::steady_clock::now() + kDrainTime;
    while (drained <= limit && std::chrono::steady_clock::now() < deadline) {
      in.read(buf.data(), buf.size());
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0) {
        ended = in.eof() && !in.bad();
        break;
      }
      drained += n;
    }
  } catch (const Poco::Exception&) {
    // Timeout or reset: the connection will be closed.
  } catch (const std::exception&) {
  }
  try {
    if (socket != nullptr) socket->setReceiveTimeout(previousTimeout);
  } catch (const Poco::Exception&) {
    ended = false;
  }
  return ended;
}

std::string mediaType(const Poco::Net::HTTPServerRequest& request) {
  std::string type = request.getContentType();
  const std::size_t semi = type.find(';');
  if (semi != std::string::npos) type.resize(semi);
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  return lower(type);
}

}  // namespace tandem::standalone
