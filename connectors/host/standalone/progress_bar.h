// ProgressBar draws a job's progress on stderr when it is a terminal:
//   [##########----------]  50%  importing rows
// It is drawn as JsonLog's status line, so log records printed meanwhile do not garble it.
// Redraws are throttled (at most every 100 ms unless the percentage or message changed).
//
// Thread-safety: update() may be called from any thread (serialised internally).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace tandem::standalone {

class ProgressBar {
 public:
  // enabled: draw at all (usually isatty(STDERR_FILENO)).
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { finish(); }

  // fraction is clamped to [0,1].
  void update(double fraction, std::string_view message);
  // Erases the bar.
  void finish();

  // The bar text for a fraction and message (no control characters); exposed for tests.
  static std::string render(double fraction, std::string_view message, std::size_t width = 30);

 private:
  const bool enabled_;
  std::mutex mu_;
  bool shown_ = false;
  int lastPercent_ = -1;
  std::string lastMessage_;
  std::chrono::steady_clock::time_point lastDraw_{};
};

}  // namespace tandem::standalone
