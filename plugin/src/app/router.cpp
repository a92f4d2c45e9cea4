#include "app/router.h"

namespace tandem::app {

namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  size_t pos = 1;  // skip the leading '/'
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    parts.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

}  // namespace

Router::Router(std::vector<http::Route> routes) : routes_(std::move(routes)) {}

bool matchPattern(const std::string& pattern, const std::string& path,
                  std::map<std::string, std::string>& params) {
  if (path.empty() || path[0] != '/') return false;
  const auto want = split(pattern);
  const auto got = split(path);
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 3 && w.rfind("{*", 0) == 0) {  // rest of the path
      std::string rest;
      for (size_t j = i; j < got.size(); ++j) rest += (j > i ? "/" : "") + got[j];
      params[w.substr(2, w.size() - 3)] = rest;
      return got.size() >= i;
    }
    if (i >= got.size()) return false;
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      params[w.substr(1, w.size() - 2)] = got[i];
    } else if (w != got[i]) {
      return false;
    }
  }
  return want.size() == got.size();
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matchPattern(route.pattern, path, params)) continue;
    result.allowed.push_back(route.method);
    if (route.method == method && result.route == nullptr) {
      result.route = &route;
      result.params = std::move(params);
    }
  }
  return result;
}

}  // namespace tandem::app
