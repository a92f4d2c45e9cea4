// ISO 8601 UTC timestamps ("2026-11-27T10:00:00Z") to and from system_clock time points.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tandem::app::internal {

// "YYYY-MM-DDTHH:MM:SSZ" (seconds truncated).
std::string isoTime(std::chrono::system_clock::time_point t);

// Parses "YYYY-MM-DDTHH:MM:SS" followed by an optional fraction and "Z"; nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parseIsoTime(const std::string& text);

}  // namespace tandem::app::internal
