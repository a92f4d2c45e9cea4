#include "progress_bar.h"

#include <algorithm>
#include <cmath>

#include "host/common/json_log.h"

namespace tandem::standalone {

std::string ProgressBar::render(double fraction, std::string_view message, std::size_t width) {
  if (!(fraction >= 0.0)) fraction = 0.0;  // also NaN
  fraction = std::min(fraction, 1.0);
  const auto filled = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(width)));
  const int percent = static_cast<int>(std::floor(fraction * 100.0));
  std::string pct = std::to_string(percent);
  pct.insert(0, 3 - std::min<std::size_t>(3, pct.size()), ' ');
  std::string line =
      "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] " + pct + "%";
  if (!message.empty()) {
    std::string msg;
    for (char c : message.substr(0, 60)) msg += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    line += "  " + msg;
  }
  return line;
}

void ProgressBar::update(double fraction, std::string_view message) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  const int percent = static_cast<int>(std::floor(std::clamp(fraction, 0.0, 1.0) * 100.0));
  const bool changed = percent != lastPercent_ || message != lastMessage_;
  if (!changed ||
      (shown_ && now - lastDraw_ < std::chrono::milliseconds(100) && message == lastMessage_)) {
    return;
  }
  lastPercent_ = percent;
  lastMessage_ = std::string(message);
  lastDraw_ = now;
  shown_ = true;
  host::JsonLog::setStatusLine(render(fraction, message));
}

void ProgressBar::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!shown_) return;
  shown_ = false;
  host::JsonLog::setStatusLine("");
}

}  // namespace tandem::standalone
