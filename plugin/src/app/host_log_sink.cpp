#include "app/host_log_sink.h"

#include <spdlog/spdlog.h>

namespace tandem::app {

void HostLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  LogLevel level = LogLevel::kInfo;
  switch (msg.level) {
    case spdlog::level::trace: level = LogLevel::kTrace; break;
    case spdlog::level::debug: level = LogLevel::kDebug; break;
    case spdlog::level::info: level = LogLevel::kInfo; break;
    case spdlog::level::warn: level = LogLevel::kWarn; break;
    default: level = LogLevel::kError; break;
  }
  host_->log(level, std::string_view(msg.logger_name.data(), msg.logger_name.size()),
             std::string_view(msg.payload.data(), msg.payload.size()));
}

std::shared_ptr<spdlog::logger> makeHostLogger(std::shared_ptr<HostServices> host) {
  auto logger = std::make_shared<spdlog::logger>("tandem", std::make_shared<HostLogSink>(host));
  auto level = host->setting("log_level").value_or("info");
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") parsed = spdlog::level::info;
  logger->set_level(parsed);
  return logger;
}

}  // namespace tandem::app
