// Wall-clock helpers.
#pragma once

#include <chrono>
#include <string>

namespace tandem::core {

// The current UTC time as ISO 8601, e.g. "2026-11-27T10:00:00Z".
std::string isoNow();
// The same format for any instant, e.g. isoUtc(now + 72h) for a deadline.
std::string isoUtc(std::chrono::system_clock::time_point at);

}  // namespace tandem::core
