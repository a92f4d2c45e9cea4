// What the core needs from its host, as a C++ interface. The ABI layer adapts the C table to it;
// tests use a fake.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem::app {

enum class LogLevel { kTrace = 0, kDebug, kInfo, kWarn, kError };

// Thread-safety: implementations must allow calls from any thread.
class HostServices {
 public:
  virtual ~HostServices() = default;
  virtual void log(LogLevel level, std::string_view logger, std::string_view message) = 0;
  // A global setting of the host, or std::nullopt when it has none.
  virtual std::optional<std::string> setting(const std::string& key) = 0;
};

}  // namespace tandem::app
