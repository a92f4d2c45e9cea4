// JsonLog: the host's logging. Every record is one JSON line on stderr:
//   {"ts":"2024-05-01T12:00:00.123Z","level":"info","logger":"tandem.host","msg":"..."}
// Loggers are spdlog loggers created here and never registered with spdlog's global registry, so
// neither the host nor a plugin sharing libspdlog can reach them through the default logger.
//
// A terminal "status line" (the CLI progress bar) can be shown below the log: records erase it,
// print, and draw it again, so progress and logs do not garble each other.
//
// Thread-safety: all functions are thread-safe. Loggers live until process exit.
#pragma once

#include <spdlog/common.h>
#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::host {

class JsonLog {
 public:
  // Parses "trace|debug|info|warn|error|off"; nullopt otherwise.
  static std::optional<spdlog::level::level_enum> parseLevel(std::string_view name);

  // Sets the level of every logger, present and future.
  static void setLevel(spdlog::level::level_enum level);

  // The logger with this name (e.g. "tandem.host", or a plugin's "tandem.http"), created on first
  // use. Names are capped in length; the number of distinct names is bounded (extra names share
  // the "tandem.plugin" logger).
  static std::shared_ptr<spdlog::logger> get(std::string_view name);

  // Shows (non-empty) or hides (empty) the status line. Drawn only when stderr is a terminal.
  static void setStatusLine(std::string line);

  // Formats one record as a JSON line (without the newline); exposed for tests.
  static std::string formatRecord(std::string_view ts, std::string_view level,
                                  std::string_view logger, std::string_view message);
};

}  // namespace tandem::host
