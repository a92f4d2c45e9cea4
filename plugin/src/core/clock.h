// Wall-clock helpers.
#pragma once

#include <string>

namespace tandem::core {

// The current UTC time as ISO 8601, e.g. "2026-11-27T10:00:00Z".
std::string isoNow();

}  // namespace tandem::core
