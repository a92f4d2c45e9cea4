// A PluginApp over an in-memory store with a fake host, and helpers to send requests to it.
#pragma once

#include <nlohmann/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "app/plugin_app.h"

namespace tandem::testing {

class FakeHost final : public app::HostServices {
 public:
  void log(app::LogLevel, std::string_view, std::string_view message) override {
    lines.emplace_back(message);
  }
  std::optional<std::string> setting(const std::string& key) override {
    if (key == "log_level") return std::string("debug");
    const auto it = settings.find(key);
    if (it != settings.end()) return it->second;
    return std::nullopt;
  }
  std::vector<std::string> lines;
  std::map<std::string, std::string> settings;  // host settings besides log_level
};

struct TestApp {
  std::shared_ptr<FakeHost> host = std::make_shared<FakeHost>();
  std::unique_ptr<app::PluginApp> app;

  // An enabled app over ":memory:" with a few employees: "ada" (employee), "hr" (in group
  // tandem-hr-admins), and "zoe" (junior).
  TestApp();

  http::Response call(const std::string& method, const std::string& target,
                      const std::string& body = "", uint32_t roles = http::kRoleEmployee,
                      const std::string& user = "ada", const std::string& locale = "en");
  // Parses a response body (empty object for an empty body).
  static nlohmann::json json(const http::Response& r);
  // A snapshot of every table's content, to prove a failed request changed nothing.
  std::string dump();
};

}  // namespace tandem::testing
