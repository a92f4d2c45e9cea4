#include "http/internal/scim_body.h"

#include <string>

#include "scim/patch.h"

namespace tandem::http::internal {

namespace {

core::Status invalidSyntax(const std::string& message) {
  return core::invalidArgument(message).withDetail(scim::kInvalidSyntax);
}

// Whether the arrays and objects of `text` nest deeper than `limit`. Brackets inside strings do
// not count; the text need not be valid JSON (the parser judges that afterwards).
bool nestsDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool inString = false;
  bool escaped = false;
  for (const char c : text) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        break;
      case '[':
      case '{':
        if (++depth > limit) return true;
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

core::Result<nlohmann::json> parseScimBody(std::string_view body) {
  if (nestsDeeperThan(body, kMaxBodyDepth)) {
    return invalidSyntax("the request body nests arrays and objects deeper than the limit of " +
                         std::to_string(kMaxBodyDepth) + " levels");
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return invalidSyntax("the request body is not valid JSON");
  if (!parsed.is_object()) return invalidSyntax("the request body must be a JSON object");
  return parsed;
}

}  // namespace tandem::http::internal
