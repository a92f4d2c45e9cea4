#include "scim_client_config.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tandem::scimclient {

using nlohmann::json;

namespace {

core::Status readString(const json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return core::Status::ok();
  if (!it->is_string())
    return core::invalidArgument(std::string("scim_client: ") + key + " must be a string");
  out = it->get<std::string>();
  return core::Status::ok();
}

core::Status readNumber(const json& j, const char* key, double lo, double hi, double& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return core::Status::ok();
  double v = 0;
  if (it->is_number()) {
    v = it->get<double>();
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    try {
      size_t used = 0;
      v = std::stod(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
    } catch (const std::exception&) {
      return core::invalidArgument(std::string("scim_client: ") + key + " must be a number");
    }
  } else {
    return core::invalidArgument(std::string("scim_client: ") + key + " must be a number");
  }
  if (!(v >= lo && v <= hi)) {
    std::ostringstream m;
    m << "scim_client: " << key << " must be between " << lo << " and " << hi;
    return core::invalidArgument(m.str());
  }
  out = v;
  return core::Status::ok();
}

core::Status readInt(const json& j, const char* key, int lo, int hi, int& out) {
  double v = out;
  TDM_RETURN_IF_ERROR(readNumber(j, key, lo, hi, v));
  if (v != static_cast<double>(static_cast<int>(v)))
    return core::invalidArgument(std::string("scim_client: ") + key + " must be an integer");
  out = static_cast<int>(v);
  return core::Status::ok();
}

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace

core::Result<ScimClientConfig> ScimClientConfig::fromJson(const json& j) {
  if (!j.is_object())
    return core::invalidArgument("scim_client: the configuration must be an object");
  ScimClientConfig c;
  TDM_RETURN_IF_ERROR(readString(j, "url", c.url));
  TDM_RETURN_IF_ERROR(readString(j, "token_file", c.tokenFile));
  TDM_RETURN_IF_ERROR(readString(j, "ca_file", c.caFile));
  if (c.url.empty()) return core::invalidArgument("scim_client: url is required");
  if (c.tokenFile.empty()) return core::invalidArgument("scim_client: token_file is required");
  while (!c.url.empty() && c.url.back() == '/') c.url.pop_back();
  try {
    const Poco::URI uri(c.url);
    if (uri.getScheme() != "http" && uri.getScheme() != "https")
      return core::invalidArgument("scim_client: url must start with http:// or https://");
    if (uri.getHost().empty()) return core::invalidArgument("scim_client: url has no host");
    if (!uri.getQuery().empty() || !uri.getFragment().empty() || !uri.getUserInfo().empty())
      return core::invalidArgument(
          "scim_client: url must not carry a query, a fragment or credentials");
  } catch (const Poco::Exception&) {
    return core::invalidArgument("scim_client: url is not a valid URL");
  }
  TDM_RETURN_IF_ERROR(readInt(j, "page_size", 1, 1000, c.pageSize));
  TDM_RETURN_IF_ERROR(readInt(j, "group_page_size", 1, 1000, c.groupPageSize));
  TDM_RETURN_IF_ERROR(readInt(j, "timeout_seconds", 1, 600, c.timeoutSeconds));
  TDM_RETURN_IF_ERROR(readInt(j, "max_retry_wait_seconds", 0, 3600, c.maxRetryWaitSeconds));
  TDM_RETURN_IF_ERROR(readNumber(j, "deletion_guard_share", 0, 1, c.deletionGuardShare));
  return c;
}

bool ScimClientConfig::insecureTransport() const {
  try {
    const Poco::URI uri(url);
    return uri.getScheme() == "http" && !isLoopbackHost(uri.getHost());
  } catch (const Poco::Exception&) {
    return true;
  }
}

core::Result<std::string> readTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::invalidArgument("scim_client: cannot read the token file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string token = buffer.str();
  const auto isSpace = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  size_t begin = 0;
  while (begin < token.size() && isSpace(token[begin])) ++begin;
  size_t end = token.size();
  while (end > begin && isSpace(token[end - 1])) --end;
  token = token.substr(begin, end - begin);
  if (token.empty())
    return core::invalidArgument("scim_client: the token file " + path + " is empty");
  return token;
}

}  // namespace tandem::scimclient
