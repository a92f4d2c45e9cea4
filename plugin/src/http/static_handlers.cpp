// Public routes serving files compiled into the library: the UI and the OpenAPI document.
#include <string_view>

#include "core/embedded_file.h"
#include "http/handler_support.h"

namespace tandem::embedded_ui {
const tandem::core::EmbeddedFile* findEmbedded(std::string_view path);
}
namespace tandem::embedded_docs {
const tandem::core::EmbeddedFile* findEmbedded(std::string_view path);
}

namespace tandem::http {

namespace {

std::string contentType(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

Response fileResponse(const core::EmbeddedFile& file) {
  Response r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", contentType(file.path));
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.body = std::string(file.data);
  return r;
}

Response serveUi(RouteContext& ctx) {
  const std::string& path = ctx.request.pathParams.at("path");
  if (path.find("..") != std::string::npos) return Response::error(core::notFound("no such file"));
  const core::EmbeddedFile* file = embedded_ui::findEmbedded(path.empty() ? "profile.html" : path);
  if (file == nullptr) return Response::error(core::notFound("no such file: /ui/" + path));
  return fileResponse(*file);
}

Response serveOpenApi(RouteContext&) {
  const core::EmbeddedFile* file = embedded_docs::findEmbedded("openapi.json");
  if (file == nullptr) return Response::error(core::internalError("the OpenAPI document is missing"));
  return fileResponse(*file);
}

}  // namespace

void addStaticRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/openapi.json", kPublic, "This OpenAPI document", serveOpenApi,
                    false});
  routes.push_back({"GET", "/ui/{*path}", kPublic, "User interface files", serveUi, false});
}

}  // namespace tandem::http
