#include "host/common/json_log.h"

#include <spdlog/formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

namespace tandem::host {
namespace {

constexpr std::size_t kMaxLoggers = 64;
constexpr std::size_t kMaxNameLength = 64;

std::string isoTimestamp(spdlog::log_clock::time_point tp) {
  const auto since = tp.time_since_epoch();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since - secs).count();
  const std::time_t t = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf, n) + "." + std::to_string(1000 + millis).substr(1) + "Z";
}

std::string_view levelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "trace";
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    case spdlog::level::err:
      return "error";
    case spdlog::level::critical:
      return "critical";
    default:
      return "off";
  }
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string line =
        JsonLog::formatRecord(isoTimestamp(msg.time), levelName(msg.level),
                              std::string_view(msg.logger_name.data(), msg.logger_name.size()),
                              std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(line.data(), line.data() + line.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

// Writes formatted records to stderr, keeping the optional status line at the bottom.
class StderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void setStatusLine(std::string line) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!tty_) return;
    status_ = std::move(line);
    std::fputs("\r\x1b[K", stderr);
    std::fputs(status_.c_str(), stderr);
    std::fflush(stderr);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    if (!status_.empty()) std::fputs("\r\x1b[K", stderr);
    std::fwrite(buf.data(), 1, buf.size(), stderr);
    if (!status_.empty()) std::fputs(status_.c_str(), stderr);
    std::fflush(stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  const bool tty_ = ::isatty(STDERR_FILENO) != 0;
  std::string status_;  // guarded by base_sink::mutex_
};

struct Registry {
  std::mutex mu;
  std::shared_ptr<StderrSink> sink = [] {
    auto s = std::make_shared<StderrSink>();
    s->set_formatter(std::make_unique<JsonFormatter>());
    return s;
  }();
  spdlog::level::level_enum level = spdlog::level::info;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
};

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: loggers may log during exit
  return *r;
}

}  // namespace

std::optional<spdlog::level::level_enum> JsonLog::parseLevel(std::string_view name) {
  if (name == "trace") return spdlog::level::trace;
  if (name == "debug") return spdlog::level::debug;
  if (name == "info") return spdlog::level::info;
  if (name == "warn" || name == "warning") return spdlog::level::warn;
  if (name == "error") return spdlog::level::err;
  if (name == "off") return spdlog::level::off;
  return std::nullopt;
}

void JsonLog::setLevel(spdlog::level::level_enum level) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.level = level;
  for (auto& [name, logger] : r.loggers) logger->set_level(level);
}

std::shared_ptr<spdlog::logger> JsonLog::get(std::string_view name) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  std::string key(name.substr(0, kMaxNameLength));
  if (key.empty()) key = "tandem.plugin";
  auto it = r.loggers.find(key);
  if (it != r.loggers.end()) return it->second;
  if (r.loggers.size() >= kMaxLoggers) {
    key = "tandem.plugin";
    it = r.loggers.find(key);
    if (it != r.loggers.end()) return it->second;
  }
  auto logger = std::make_shared<spdlog::logger>(key, r.sink);
  logger->set_level(r.level);
  logger->flush_on(spdlog::level::warn);
  r.loggers.emplace(key, logger);
  return logger;
}

void JsonLog::setStatusLine(std::string line) { registry().sink->setStatusLine(std::move(line)); }

std::string JsonLog::formatRecord(std::string_view ts, std::string_view level,
                                  std::string_view logger, std::string_view message) {
  nlohmann::ordered_json j;
  j["ts"] = ts;
  j["level"] = level;
  j["logger"] = logger;
  j["msg"] = message;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tandem::host
