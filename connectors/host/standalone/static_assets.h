// Serves the host's embedded pages and files with a content type chosen by extension.
// Thread-safety: stateless.
#pragma once

#include <Poco/Net/HTTPServerResponse.h>

#include <string_view>

namespace tandem::standalone {

// Content type for a file name ("login.html" -> "text/html; charset=utf-8").
std::string_view contentTypeFor(std::string_view path);

// True when an embedded host asset exists at path (relative to the assets directory).
bool hasAsset(std::string_view path);

// Sends the embedded file at path with status 200, or a 404 JSON error when there is none.
void serveAsset(std::string_view path, Poco::Net::HTTPServerResponse& response);

}  // namespace tandem::standalone
