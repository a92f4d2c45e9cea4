#include "metrics.h"

#include <gtest/gtest.h>

#include "route_template.h"

namespace tandem::standalone {
namespace {

TEST(RouteTemplate, ReplacesIdsAndNames) {
  EXPECT_EQ(routeTemplate("/api/v1/programs/17"), "/api/v1/programs/{id}");
  EXPECT_EQ(routeTemplate("/api/v1/programs"), "/api/v1/programs");
  EXPECT_EQ(routeTemplate("/api/v1/service/accounts/jane.doe"),
            "/api/v1/service/accounts/{userName}");
  EXPECT_EQ(routeTemplate("/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"),
            "/scim/v2/Users/{id}");
  EXPECT_EQ(routeTemplate("/ui/css/app.css"), "/ui/{file}");
  EXPECT_EQ(routeTemplate("/api/v1/skills/3/x"), "/api/v1/skills/{id}/x");
  EXPECT_EQ(routeTemplate("/a/b/c/d/e/f/g/h/i/j"), "/a/b/c/d/e/f/g/h/...");
}

TEST(Metrics, RendersCountersHistogramAndPluginUp) {
  Metrics m;
  m.observe("GET", "/api/v1/me", 200, 0.003);
  m.observe("GET", "/api/v1/me", 200, 0.2);
  m.observe("PUT", "/api/v1/me/participation", 403, 0.001);
  m.observe("GET", "/healthz", 503, 0.02);
  m.observe("BREW", "/", 405, 0.0);
  const std::string text = m.render(true);
  EXPECT_NE(
      text.find("tandem_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 2"),
      std::string::npos);
  EXPECT_NE(text.find("tandem_http_requests_total{method=\"OTHER\",route=\"/\",status=\"405\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("tandem_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/"
                      "me\",le=\"0.005\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("tandem_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/"
                      "me\",le=\"0.25\"} 2"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "tandem_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/me\"} 2"),
      std::string::npos);
  EXPECT_NE(text.find("tandem_http_errors_total{route=\"/healthz\"} 1"), std::string::npos);
  EXPECT_NE(text.find("# TYPE tandem_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("tandem_plugin_up 1"), std::string::npos);
  EXPECT_NE(m.render(false).find("tandem_plugin_up 0"), std::string::npos);
}

TEST(Metrics, BoundsRouteCardinality) {
  Metrics m;
  for (std::size_t i = 0; i < Metrics::kMaxRoutes + 50; ++i) {
    m.observe("GET", "/r" + std::to_string(i), 404, 0.001);
  }
  const std::string text = m.render(true);
  EXPECT_NE(text.find("route=\"other\",status=\"404\"} 50"), std::string::npos);
}

}  // namespace
}  // namespace tandem::standalone
