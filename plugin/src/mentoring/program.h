// A mentoring program: one cycle that HR runs (pairing, tracking). Settings are kept as JSON text
// here so later issues can grow eligibility, constraints and weights without a schema change.
#pragma once

#include <cstdint>
#include <string>

namespace tandem::mentoring {

struct Program {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::string startsOn;  // YYYY-MM-DD
  std::string endsOn;    // YYYY-MM-DD, not before startsOn
  std::string status = "draft";  // draft | open | running | closed
  std::string settingsJson = "{}";
  std::string createdBy;
  std::string createdAt;
  std::string updatedAt;
};

}  // namespace tandem::mentoring
