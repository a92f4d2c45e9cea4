// Test-only: one HTTP/1.1 request over Poco to a server on 127.0.0.1, with a bounded timeout.
// Shared by the integration tests that talk to a real `tandem serve`.
//
// Errors: no exception leaves httpRequest(); when nothing (or no valid answer) came back the reply
// has status 0 and `error` says why. Thread-safety: each call uses its own connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tandem::testing {

struct HttpReply {
  int status = 0;  // 0 when no answer was read (see `error`)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string error;                                         // why status is 0

  // The first value of the header `name` (any case), or "".
  std::string header(const std::string& name) const;
  // Every value of the header `name` (any case), in order (e.g. each Set-Cookie).
  std::vector<std::string> headerValues(const std::string& name) const;
  // The body parsed as JSON; a discarded (is_discarded()) value when it is not JSON.
  nlohmann::json json() const;
};

struct HttpRequestOptions {
  std::chrono::seconds timeout{10};
  // Content-Length to declare instead of the body's size; with an empty body only the headers go
  // out (the server must answer without waiting for the body).
  std::optional<std::int64_t> declaredLength;
  // Send neither Content-Length nor chunked encoding.
  bool withoutLength = false;
};

// Sends `method target` to 127.0.0.1:`port` with `headers` (set in order; a later one with the
// same name replaces an earlier one) and `body`, and reads the whole answer. Content-Length is the
// body's size when the body is non-empty or the method is POST, PUT or PATCH, unless `options`
// say otherwise. When the server stops reading the body early (413), its answer is still read.
HttpReply httpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {},
                      const HttpRequestOptions& options = {});

}  // namespace tandem::testing
