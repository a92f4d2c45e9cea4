#include "static_assets.h"

#include "host_assets.h"
#include "http_util.h"

namespace tandem::standalone {

std::string_view contentTypeFor(std::string_view path) {
  const auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool hasAsset(std::string_view path) {
  return !path.empty() && tandem::host_assets::findEmbedded(path) != nullptr;
}

void serveAsset(std::string_view path, Poco::Net::HTTPServerResponse& response) {
  const tandem::core::EmbeddedFile* file = tandem::host_assets::findEmbedded(path);
  if (file == nullptr) {
    sendError(response, 404, "not_found", "no such page");
    return;
  }
  response.set("Cache-Control", "no-cache");
  sendBody(response, 200, contentTypeFor(path), file->data);
}

}  // namespace tandem::standalone
