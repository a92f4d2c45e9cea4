// An HTTP request as the plugin sees it (already decoded by the host).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tandem::http {

struct Request {
  std::string method;
  std::string path;
  std::string query;  // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::map<std::string, std::string> pathParams;  // filled by the router

  // First header with this name (case-insensitive), or empty.
  std::string header(const std::string& name) const;
  // Decoded query parameter, or std::nullopt.
  std::optional<std::string> queryParam(const std::string& name) const;
};

// Percent-decoding of a query component ('+' is a space). Invalid escapes are kept as they are.
std::string urlDecode(const std::string& text);

}  // namespace tandem::http
