// Metrics: the host's Prometheus counters and histogram, rendered as text exposition format 0.0.4.
//   tandem_http_requests_total{method,route,status}
//   tandem_http_request_duration_seconds{method,route} (histogram)
//   tandem_http_errors_total{route}   (responses with status >= 500)
//   tandem_plugin_up                  (1 when the plugin reports ok or degraded health)
// Labels are bounded: methods outside the usual set count as OTHER, and after kMaxRoutes distinct
// routes further ones count as "other".
//
// Thread-safety: observe() and render() may be called concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

namespace tandem::standalone {

class Metrics {
 public:
  static constexpr std::size_t kMaxRoutes = 200;
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1.0,  2.5,   5.0,  10.0};

  void observe(std::string_view method, std::string_view route, int status, double seconds);
  std::string render(bool pluginUp) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // non-cumulative counts
    uint64_t count = 0;
    double sum = 0;
  };
  std::string boundedRoute(std::string_view route);  // requires mu_

  mutable std::mutex mu_;
  std::set<std::string, std::less<>> routes_;                               // guarded by mu_
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::pair<std::string, std::string>, Histogram> durations_;      // guarded by mu_
  std::map<std::string, uint64_t> errors_;                                  // guarded by mu_
};

}  // namespace tandem::standalone
