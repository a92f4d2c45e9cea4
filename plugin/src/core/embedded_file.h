// A file compiled into the library (UI assets, OpenAPI document, manifest).
#pragma once

#include <cstddef>
#include <string_view>

namespace tandem::core {

struct EmbeddedFile {
  std::string_view path;  // relative path, e.g. "profile.html"
  std::string_view data;
};

}  // namespace tandem::core
