#include "metrics.h"

#include <cstdio>

namespace tandem::standalone {
namespace {

std::string_view boundedMethod(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return m;
  }
  return "OTHER";
}

std::string escapeLabel(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

std::string Metrics::boundedRoute(std::string_view route) {
  if (routes_.count(route) != 0) return std::string(route);
  if (routes_.size() >= kMaxRoutes) return "other";
  routes_.emplace(route);
  return std::string(route);
}

void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  const std::string m(boundedMethod(method));
  std::lock_guard<std::mutex> lock(mu_);
  const std::string r = boundedRoute(route);
  ++requests_[{m, r, status}];
  Histogram& h = durations_[{m, r}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
  if (status >= 500) ++errors_[r];
}

std::string Metrics::render(bool pluginUp) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP tandem_http_requests_total HTTP requests served, by method, route and status.\n";
  out += "# TYPE tandem_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "tandem_http_requests_total{method=\"" + escapeLabel(method) + "\",route=\"" +
           escapeLabel(route) + "\",status=\"" + std::to_string(status) + "\"} " +
           std::to_string(n) + "\n";
  }
  out += "# HELP tandem_http_request_duration_seconds Time to answer HTTP requests.\n";
  out += "# TYPE tandem_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : durations_) {
    const std::string labels =
        "method=\"" + escapeLabel(key.first) + "\",route=\"" + escapeLabel(key.second) + "\"";
    uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += "tandem_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "tandem_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "tandem_http_request_duration_seconds_sum{" + labels + "} " + number(h.sum) + "\n";
    out += "tandem_http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) +
           "\n";
  }
  out += "# HELP tandem_http_errors_total HTTP responses with a 5xx status, by route.\n";
  out += "# TYPE tandem_http_errors_total counter\n";
  if (errors_.empty()) out += "tandem_http_errors_total 0\n";
  for (const auto& [route, n] : errors_) {
    out += "tandem_http_errors_total{route=\"" + escapeLabel(route) + "\"} " + std::to_string(n) +
           "\n";
  }
  out +=
      "# HELP tandem_plugin_up Whether the plugin is loaded and reports ok or degraded health.\n";
  out += "# TYPE tandem_plugin_up gauge\n";
  out += std::string("tandem_plugin_up ") + (pluginUp ? "1" : "0") + "\n";
  return out;
}

}  // namespace tandem::standalone
