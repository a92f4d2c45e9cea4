#include "route_template.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace tandem::standalone {
namespace {

constexpr std::size_t kMaxSegments = 8;

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool idLike(std::string_view s) {
  return s.size() >= 16 &&
         std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string routeTemplate(std::string_view path) {
  if (path.starts_with("/ui/")) return "/ui/{file}";
  std::vector<std::string_view> segments;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const std::size_t next = path.find('/', pos);
    const std::size_t end = next == std::string_view::npos ? path.size() : next;
    segments.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i == kMaxSegments) {
      out += "/...";
      break;
    }
    const std::string_view seg = segments[i];
    out += '/';
    if (i > 0 && segments[i - 1] == "accounts" && i >= 2 && segments[i - 2] == "service") {
      out += "{userName}";
    } else if (allDigits(seg) || idLike(seg)) {
      out += "{id}";
    } else {
      out += seg;
    }
  }
  return out.empty() ? "/" : out;
}

}  // namespace tandem::standalone
