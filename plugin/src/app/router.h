// Matches a method and path against the route table.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "http/route.h"

namespace tandem::app {

// Immutable after construction; match() may be called from any thread.
class Router {
 public:
  explicit Router(std::vector<http::Route> routes);

  struct Match {
    const http::Route* route = nullptr;      // set when method and path match
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;        // methods of routes whose path matched
  };
  Match match(const std::string& method, const std::string& path) const;
  const std::vector<http::Route>& routes() const { return routes_; }

 private:
  std::vector<http::Route> routes_;
};

// Matches one path against a template; fills params on success.
bool matchPattern(const std::string& pattern, const std::string& path,
                  std::map<std::string, std::string>& params);

}  // namespace tandem::app
