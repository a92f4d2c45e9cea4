#include "service_client.h"

#include "tandem/tandem_plugin.h"

namespace tandem::standalone {
namespace {

host::Result<nlohmann::json> serviceGet(const host::PluginLoader& plugin, const std::string& path,
                                        const std::string& query) {
  host::PluginIdentity identity;
  identity.userId = "tandem-host";
  identity.displayName = "Tandem host";
  identity.locale = "en";
  identity.roles = TDM_ROLE_SERVICE;
  host::PluginRequest request;
  request.method = "GET";
  request.path = path;
  request.query = query;
  request.headers = {{"Accept", "application/json"}};
  request.remoteAddr = "127.0.0.1";
  auto response = plugin.handleRequest(request, identity);
  if (!response.isOk()) return response.status();
  nlohmann::json body = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (response->status == 200 && body.is_object()) return body;
  std::string message = "plugin answered " + std::to_string(response->status) + " to GET " + path;
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    message += ": " + body["error"].value("message", std::string());
  }
  if (response->status == 404) return host::notFound(message);
  if (response->status == 503) return host::unavailable(message);
  return host::internalError(message);
}

}  // namespace

std::string urlEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

host::Result<nlohmann::json> lookupAccount(const host::PluginLoader& plugin,
                                           std::string_view userName) {
  // The plugin receives the decoded path, as for any request.
  return serviceGet(plugin, "/api/v1/service/accounts/" + std::string(userName), "");
}

host::Result<nlohmann::json> searchAccounts(const host::PluginLoader& plugin, std::string_view q,
                                            int limit) {
  auto body = serviceGet(plugin, "/api/v1/service/accounts",
                         "q=" + urlEncode(q) + "&limit=" + std::to_string(limit));
  if (!body.isOk()) return body.status();
  const auto items = body->find("items");
  if (items == body->end() || !items->is_array()) {
    return host::internalError("plugin's account list has no items array");
  }
  return *items;
}

}  // namespace tandem::standalone
