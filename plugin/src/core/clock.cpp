#include "core/clock.h"

#include <chrono>
#include <ctime>

namespace tandem::core {

std::string isoNow() { return isoUtc(std::chrono::system_clock::now()); }

std::string isoUtc(std::chrono::system_clock::time_point at) {
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace tandem::core
