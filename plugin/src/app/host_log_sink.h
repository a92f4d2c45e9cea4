// An spdlog sink that forwards each record to the host's log service.
#pragma once

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>

#include "app/host_services.h"

namespace tandem::app {

// Thread-safety: spdlog's base_sink serialises calls with its mutex; the host's log is called
// with the formatted message only (no timestamp: the host adds its own).
class HostLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit HostLogSink(std::shared_ptr<HostServices> host) : host_(std::move(host)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::shared_ptr<HostServices> host_;
};

// A named logger ("tandem") writing to the host; never registered as spdlog's default.
std::shared_ptr<spdlog::logger> makeHostLogger(std::shared_ptr<HostServices> host);

}  // namespace tandem::app
