// The skills catalogue: digital skills juniors teach, business skills seniors teach.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace tandem::mentoring {

struct Skill {
  int64_t id = 0;
  std::string slug;                          // stable key, e.g. "data-analysis"
  std::string kind;                          // "digital" | "business"
  std::string name;                          // English name
  std::map<std::string, std::string> names;  // other locales: {"fr": "..."}
  std::string description;
  bool active = true;
};

}  // namespace tandem::mentoring
