// An HTTP response built by a handler; the ABI layer writes it through the host's callbacks.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace tandem::http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, const nlohmann::json& body);
  // {"error":{"code","message"}} with the HTTP status mapped from the Status code.
  static Response error(const core::Status& status);
  static Response noContent();
};

// The one table from Status codes to HTTP statuses.
int httpStatusFor(const core::Status& status);

}  // namespace tandem::http
