#include "pairing/reason_template.h"

#include <cassert>

namespace tandem::pairing {

namespace {

// The value of argument `name`, or "".
const std::string& arg(const ReasonArgs& args, std::string_view name) {
  static const std::string kNone;
  for (const auto& [k, v] : args) {
    if (k == name) return v;
  }
  return kNone;
}

// "s" unless the count is exactly 1.
std::string_view plural(const std::string& count) { return count == "1" ? "" : "s"; }

}  // namespace

std::string englishConstraint(const ReasonArgs& args) {
  const std::string& c = arg(args, "constraint");
  if (c == "level_gap") {
    return "the mentor must be at least " + arg(args, "gap") +
           " levels below the mentee (or, when a level is unknown, have " + arg(args, "years") +
           " fewer years of tenure)";
  }
  if (c == "reporting_chain") {
    return "the mentor and the mentee must not be in each other's reporting chain";
  }
  if (c == "department") {
    return "the mentor and the mentee must work in different (known) departments";
  }
  if (c == "shared_language") return "the mentor and the mentee must share a language";
  if (c == "availability") {
    return "their weekly availability must overlap by at least " + arg(args, "minutes") +
           " minutes";
  }
  if (c == "repeat_pair") {
    return "they were paired before and the program does not allow repeat pairs";
  }
  if (c == "blocked") return "HR blocked the pair";
  if (c == "zero_score") {
    return "the pair has nothing in common to score (no skill, language, availability or "
           "department benefit)";
  }
  assert(false && "unknown constraint");
  return "";
}

std::string englishReason(std::string_view key, const ReasonArgs& args) {
  const std::string& person = arg(args, "person");
  constexpr std::string_view kIneligible = "ineligible.";
  if (key.substr(0, kIneligible.size()) == kIneligible) {
    const std::string_view variant = key.substr(kIneligible.size());
    const std::string as = " to be a " + arg(args, "side");
    if (variant == "employeeType") {
      return person + " is a " + arg(args, "employeeType") + ", a type the program does not allow" +
             as;
    }
    if (variant == "departmentNotAllowed") {
      return person + "'s department (" + arg(args, "department") +
             ") is not among the departments allowed" + as;
    }
    if (variant == "departmentUnknown") {
      return person + "'s department (unknown) is not among the departments allowed" + as;
    }
    if (variant == "departmentExcluded") {
      return person + "'s department (" + arg(args, "department") + ") is excluded" + as;
    }
    if (variant == "levelUnknown") {
      return person + "'s level is unknown and the program bounds levels" + as;
    }
    if (variant == "levelBelow") {
      return person + "'s level " + arg(args, "level") + " is below the minimum " +
             arg(args, "min") + as;
    }
    if (variant == "levelAbove") {
      return person + "'s level " + arg(args, "level") + " is above the maximum " +
             arg(args, "max") + as;
    }
    if (variant == "tenureUnknown") {
      return person + "'s hire date is unknown and the program bounds tenure" + as;
    }
    if (variant == "tenureBelow") {
      return person + " has less than the minimum " + arg(args, "years") + " years of tenure" + as;
    }
    if (variant == "tenureAbove") {
      return person + " has more than the maximum " + arg(args, "years") + " years of tenure" + as;
    }
  } else if (key == "unmatched.noMentors") {
    return "No mentor is eligible or has capacity left in this program";
  } else if (key == "unmatched.noOtherMentor") {
    return "No mentor other than " + person + " is eligible in this program";
  } else if (key == "unmatched.noCandidate") {
    return "No mentor could be paired with " + person + ": most often, " + englishConstraint(args) +
           " (" + arg(args, "eliminated") + " of " + arg(args, "considered") + " mentors)";
  } else if (key == "unmatched.capacity") {
    const std::string& n = arg(args, "candidates");
    return person + " had " + n + " candidate mentor" + std::string(plural(n)) +
           ", all given to other mentees in the best overall pairing (capacity)";
  } else if (key == "unmatched.noMentees") {
    return "No mentee is left to pair in this program";
  } else if (key == "unmatched.notAmongCandidates") {
    return "No mentee has " + person +
           " among their best candidates (hard constraints or better-scoring mentors)";
  } else if (key == "unmatched.notSelected") {
    const std::string& n = arg(args, "mentees");
    return person + " was a candidate for " + n + " mentee" + std::string(plural(n)) +
           ", all paired with other mentors in the best overall pairing";
  }
  assert(false && "unknown reason key");
  return std::string(key);
}

}  // namespace tandem::pairing
