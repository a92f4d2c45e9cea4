// The reasons people are left unmatched (and ineligible): every template key and argument set the
// engine can produce, rendered with the English catalogue the UI ships (ui_assets/i18n/en.json,
// read from the copy compiled into the library) the way ui_assets/hr-pairing.js renders it, equals
// the server's English sentence; the French catalogue has the same templates over the same
// arguments; the English sentences are those the engine has always written.
#include "pairing/reason_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/embedded_file.h"
#include "pairing/flow_solver.h"
#include "pairing/pairing_engine.h"
#include "pairing/pairing_instance.h"
#include "test_people.h"

namespace tandem::embedded_ui {
const tandem::core::EmbeddedFile* findEmbedded(std::string_view path);
}

namespace tandem::pairing {
namespace {

using mentoring::Direction;
using nlohmann::json;

constexpr const char* kPrefix = "hr.pairing.unmatchedReason.";

const json& catalogue(const std::string& locale) {
  static std::map<std::string, json> loaded;
  auto it = loaded.find(locale);
  if (it == loaded.end()) {
    const core::EmbeddedFile* file = embedded_ui::findEmbedded("i18n/" + locale + ".json");
    EXPECT_NE(file, nullptr) << locale;
    json parsed = file == nullptr ? json::object() : json::parse(file->data, nullptr, false);
    EXPECT_TRUE(parsed.is_object()) << locale;
    it = loaded.emplace(locale, std::move(parsed)).first;
  }
  return it->second;
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// The {name} placeholders of a template.
std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> out;
  for (size_t i = text.find('{'); i != std::string::npos; i = text.find('{', i + 1)) {
    const size_t end = text.find('}', i);
    if (end == std::string::npos) break;
    const std::string name = text.substr(i + 1, end - i - 1);
    if (!name.empty() && std::all_of(name.begin(), name.end(), isWordChar)) out.insert(name);
  }
  return out;
}

// ui_assets/i18n.js t(): each {name} with a parameter is replaced once, left to right.
std::string fill(const std::string& text, const std::map<std::string, std::string>& params) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const size_t end = text.find('}', i);
      if (end != std::string::npos) {
        const std::string name = text.substr(i + 1, end - i - 1);
        auto it = params.find(name);
        if (!name.empty() && std::all_of(name.begin(), name.end(), isWordChar) &&
            it != params.end()) {
          out += it->second;
          i = end + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

// CLDR plural category of a decimal number as text: English "one" for exactly 1; French "one" for
// an integer part of 0 or 1 (0, 1, 1.5).
std::string pluralCategory(const std::string& locale, const std::string& number) {
  if (locale == "fr") return std::stod(number) < 2 ? "one" : "other";
  return number == "1" ? "one" : "other";
}

// unmatchedReasonText() of ui_assets/hr-pairing.js, for a catalogue: nullopt where the UI falls
// back to the server's sentence (no template). Numbers are left as given (the UI localizes them;
// for the small integers and decimals of these tests English formatting changes nothing).
std::optional<std::string> render(const std::string& locale, const std::string& key,
                                  const ReasonArgs& args) {
  const json& cat = catalogue(locale);
  auto text = [&](const std::string& k) -> std::optional<std::string> {
    auto it = cat.find(k);
    if (it == cat.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto label = [&](const std::string& k, const std::string& value) {
    return text(k).value_or(value);
  };
  const auto tmpl = text(kPrefix + key);
  if (!tmpl) return std::nullopt;
  std::map<std::string, std::string> params;
  std::string constraint;
  for (const auto& [name, value] : args) {
    params[name] = value;
    const std::string unit = std::string(kPrefix) + "unit." + name + ".";
    if (text(unit + "other")) {
      const auto form = text(unit + pluralCategory(locale, value));
      params[name + "Text"] = fill(form ? *form : *text(unit + "other"), {{name, value}});
    }
    if (name == "side") params[name] = label(std::string(kPrefix) + "side." + value, value);
    if (name == "employeeType") {
      params[name] = label(std::string(kPrefix) + "employeeType." + value, value);
    }
    if (name == "constraint") constraint = value;
  }
  if (!constraint.empty()) {
    const auto c = text(std::string(kPrefix) + "constraint." + constraint);
    if (!c) return std::nullopt;
    params["constraint"] = fill(*c, params);
  }
  return fill(*tmpl, params);
}

// The key a reason is rendered from, with the constraint of a no-candidate reason:
// "unmatched.noCandidate/level_gap".
std::string variantOf(const std::string& key, const ReasonArgs& args) {
  for (const auto& [name, value] : args) {
    if (name == "constraint") return key + "/" + value;
  }
  return key;
}

// Every variant the engine can produce.
const std::set<std::string>& allVariants() {
  static const std::set<std::string> all = [] {
    std::set<std::string> v;
    for (const char* k : {"employeeType", "departmentNotAllowed", "departmentUnknown",
                          "departmentExcluded", "levelUnknown", "levelBelow", "levelAbove",
                          "tenureUnknown", "tenureBelow", "tenureAbove"}) {
      for (const char* side : {"mentor", "mentee"}) {
        v.insert(std::string("ineligible.") + k + "@" + side);
      }
    }
    for (const char* k : {"noMentors", "noOtherMentor", "capacity", "noMentees",
                          "notAmongCandidates", "notSelected"}) {
      v.insert(std::string("unmatched.") + k);
    }
    for (int c = 0; c < kConstraintCount; ++c) {
      v.insert("unmatched.noCandidate/" + std::string(constraintName(static_cast<Constraint>(c))));
    }
    return v;
  }();
  return all;
}

// Checks one unmatched reason against both catalogues and records its variant.
void checkRendering(const UnmatchedPerson& u, std::set<std::string>& seen) {
  SCOPED_TRACE(u.reasonCode + ": " + u.reason);
  ASSERT_FALSE(u.reasonCode.empty());
  EXPECT_EQ(u.reason, englishReason(u.reasonCode, u.args));
  const auto en = render("en", u.reasonCode, u.args);
  ASSERT_TRUE(en.has_value()) << "en.json has no template for " << u.reasonCode;
  EXPECT_EQ(*en, u.reason);
  const auto fr = render("fr", u.reasonCode, u.args);
  ASSERT_TRUE(fr.has_value()) << "fr.json has no template for " << u.reasonCode;
  EXPECT_TRUE(placeholders(*fr).empty()) << *fr;
  EXPECT_NE(*fr, u.reason);
  std::string variant = variantOf(u.reasonCode, u.args);
  if (u.code == "ineligible") variant += u.role == PairingRole::kMentor ? "@mentor" : "@mentee";
  EXPECT_TRUE(allVariants().count(variant) != 0) << variant;
  seen.insert(variant);
}

using test_people::mentee;
using test_people::mentor;

PairingInput input(std::vector<PairingPerson> people) {
  PairingInput in;
  in.referenceDate = "2027-01-11";
  in.skills = {{1, {"digital", "data", "Data analysis"}}};
  in.people = std::move(people);
  return in;
}

PairingResult run(const PairingInput& in) {
  auto r = runPairing(in, [](const CandidateGraph& g) { return solveExact(g); });
  EXPECT_TRUE(r.isOk()) << r.status().toString();
  return r.isOk() ? std::move(*r) : PairingResult{};
}

const UnmatchedPerson& unmatchedOf(const PairingResult& r, int64_t id, PairingRole role) {
  for (const auto& u : r.unmatched) {
    if (u.personId == id && u.role == role) return u;
  }
  static const UnmatchedPerson none;
  ADD_FAILURE() << "person " << id << " is not unmatched";
  return none;
}

// Runs the pairing and checks the reason of one person's side: its code, its exact English
// sentence (as the engine has always written it) and its rendering; records the variants seen.
void expectReason(const PairingInput& in, int64_t id, PairingRole role, const std::string& code,
                  const std::string& reason, std::set<std::string>& seen) {
  const PairingResult r = run(in);
  const UnmatchedPerson& u = unmatchedOf(r, id, role);
  EXPECT_EQ(u.code, code);
  EXPECT_EQ(u.reason, reason);
  for (const auto& each : r.unmatched) checkRendering(each, seen);
}

TEST(ReasonTemplate, EveryUnmatchedReasonRendersFromTheCatalogues) {
  std::set<std::string> seen;
  constexpr auto kMentor = PairingRole::kMentor;
  constexpr auto kMentee = PairingRole::kMentee;

  // Ineligible: each rule and variant, on each side.
  struct Case {
    std::function<void(EligibilityRule&, PairingPerson&)> setUp;
    std::string text;  // after the person's name, before " to be a <side>"
  };
  const std::vector<Case> cases = {
      {[](EligibilityRule&, PairingPerson& p) { p.employeeType = "Contractor"; },
       " is a contractor, a type the program does not allow"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.departments = {"Sales"};
         p.department = "Ops";
       },
       "'s department (Ops) is not among the departments allowed"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.departments = {"Sales"};
         p.department = "";
       },
       "'s department (unknown) is not among the departments allowed"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.excludeDepartments = {"ops"};
         p.department = "Ops";
       },
       "'s department (Ops) is excluded"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.minLevel = 1;
         p.level.reset();
       },
       "'s level is unknown and the program bounds levels"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.minLevel = 5;
         p.level = 4;
       },
       "'s level 4 is below the minimum 5"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.maxLevel = 3;
         p.level = 4;
       },
       "'s level 4 is above the maximum 3"},
      {[](EligibilityRule& r, PairingPerson&) { r.maxTenureYears = 10; },
       "'s hire date is unknown and the program bounds tenure"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.minTenureYears = 1.5;
         p.hireDate = "2026-06-01";
       },
       " has less than the minimum 1.5 years of tenure"},
      {[](EligibilityRule& r, PairingPerson& p) {
         r.maxTenureYears = 1;
         p.hireDate = "2020-01-01";
       },
       " has more than the maximum 1 years of tenure"},
  };
  for (const Case& c : cases) {
    PairingInput asMentor = input({mentor(1), mentee(10)});
    c.setUp(asMentor.settings.eligibility.mentor, asMentor.people[0]);
    expectReason(asMentor, 1, kMentor, "ineligible", "Mentor 1" + c.text + " to be a mentor", seen);
    PairingInput asMentee = input({mentor(1), mentee(10)});
    c.setUp(asMentee.settings.eligibility.mentee, asMentee.people[1]);
    expectReason(asMentee, 10, kMentee, "ineligible", "Mentee 10" + c.text + " to be a mentee",
                 seen);
  }

  // No mentor at all; no mentor but the mentee themself (who, as a mentor, has no mentee).
  expectReason(input({mentee(10)}), 10, kMentee, "no_mentors",
               "No mentor is eligible or has capacity left in this program", seen);
  PairingPerson both = mentee(10);
  both.displayName = "Ana";
  both.role = PairingRole::kBoth;
  expectReason(input({both}), 10, kMentee, "no_mentors",
               "No mentor other than Ana is eligible in this program", seen);
  expectReason(input({both}), 10, kMentor, "no_candidate",
               "No mentee has Ana among their best candidates (hard constraints or "
               "better-scoring mentors)",
               seen);

  // No candidate, for each hard constraint (the mentor has no candidate mentee either).
  const std::string noMentor = "No mentor could be paired with Mentee 10: most often, ";
  {
    PairingInput in = input({mentor(1, 5), mentor(2, 5), mentor(3), mentee(10)});
    in.people[3].managerChain = {3};
    in.settings.constraints.minLevelGap = 3;
    in.settings.constraints.tenureFallbackYears = 2.5;
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor +
                     "the mentor must be at least 3 levels below the mentee (or, when a level is "
                     "unknown, have 2.5 fewer years of tenure) (2 of 3 mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    in.people[1].managerChain = {7, 1};
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor +
                     "the mentor and the mentee must not be in each other's reporting chain "
                     "(1 of 1 mentors)",
                 seen);
    expectReason(in, 1, kMentor, "no_candidate",
                 "No mentee has Mentor 1 among their best candidates (hard constraints or "
                 "better-scoring mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    in.people[1].department = "data";
    in.settings.constraints.department = DepartmentRule::kRequiredDifferent;
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor +
                     "the mentor and the mentee must work in different (known) departments "
                     "(1 of 1 mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    in.people[1].languages = {"fr"};
    in.settings.constraints.sharedLanguageRequired = true;
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor + "the mentor and the mentee must share a language (1 of 1 mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    in.settings.constraints.minAvailabilityOverlapMinutes = 90;
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor +
                     "their weekly availability must overlap by at least 90 minutes "
                     "(1 of 1 mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    in.previousPairs = {{10, 1}};
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor +
                     "they were paired before and the program does not allow repeat pairs "
                     "(1 of 1 mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    in.blocks = {{1, 10}};
    expectReason(in, 10, kMentee, "no_candidate", noMentor + "HR blocked the pair (1 of 1 mentors)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentee(10)});
    for (auto& p : in.people) {
      p.skills.clear();
      p.languages.clear();
      p.department = "Data";
    }
    expectReason(in, 10, kMentee, "no_candidate",
                 noMentor +
                     "the pair has nothing in common to score (no skill, language, "
                     "availability or department benefit) (1 of 1 mentors)",
                 seen);
  }

  // Capacity: one candidate mentor, then several (the weaker mentee loses).
  {
    PairingInput in = input({mentor(1), mentee(10), mentee(11)});
    in.people[2].skills = {{1, Direction::kLearn, 4}};
    expectReason(in, 11, kMentee, "capacity",
                 "Mentee 11 had 1 candidate mentor, all given to other mentees in the best "
                 "overall pairing (capacity)",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentor(2), mentee(10), mentee(11), mentee(12)});
    in.people[4].skills = {{1, Direction::kLearn, 4}};
    expectReason(in, 12, kMentee, "capacity",
                 "Mentee 12 had 2 candidate mentors, all given to other mentees in the best "
                 "overall pairing (capacity)",
                 seen);
  }

  // No mentee at all.
  expectReason(input({mentor(1)}), 1, kMentor, "no_mentees",
               "No mentee is left to pair in this program", seen);

  // Not selected: a weaker mentor, candidate for one mentee, then for two.
  {
    PairingInput in = input({mentor(1), mentor(2), mentee(10)});
    in.people[1].skills = {{1, Direction::kTeach, 2}};
    expectReason(in, 2, kMentor, "not_selected",
                 "Mentor 2 was a candidate for 1 mentee, all paired with other mentors in the "
                 "best overall pairing",
                 seen);
  }
  {
    PairingInput in = input({mentor(1), mentor(2), mentee(10), mentee(11)});
    in.people[0].capacity = 2;
    in.people[1].skills = {{1, Direction::kTeach, 2}};
    expectReason(in, 2, kMentor, "not_selected",
                 "Mentor 2 was a candidate for 2 mentees, all paired with other mentors in the "
                 "best overall pairing",
                 seen);
  }

  std::vector<std::string> missing;
  for (const auto& v : allVariants()) {
    if (seen.count(v) == 0) missing.push_back(v);
  }
  EXPECT_TRUE(missing.empty()) << "variants never produced: " << ::testing::PrintToString(missing);
}

// Numbers and names need no escaping and are never read as templates.
TEST(ReasonTemplate, ArgumentsAreInsertedAsGiven) {
  const ReasonArgs args = {{"person", "{side} <b>Zoé</b>"}, {"candidates", "1200"}};
  EXPECT_EQ(englishReason("unmatched.capacity", args),
            "{side} <b>Zoé</b> had 1200 candidate mentors, all given to other mentees in the best "
            "overall pairing (capacity)");
  EXPECT_EQ(render("en", "unmatched.capacity", args).value_or("(no template)"),
            englishReason("unmatched.capacity", args));
}

TEST(ReasonTemplate, ConstraintDescriptionIsTheEnglishConstraint) {
  ProgramSettings s;
  s.constraints.minAvailabilityOverlapMinutes = 45;
  EXPECT_EQ(constraintDescription(Constraint::kAvailability, s),
            "their weekly availability must overlap by at least 45 minutes");
  EXPECT_EQ(constraintArgs(Constraint::kLevelGap, s),
            (ReasonArgs{{"constraint", "level_gap"}, {"gap", "2"}, {"years", "5"}}));
  EXPECT_EQ(constraintArgs(Constraint::kBlocked, s), (ReasonArgs{{"constraint", "blocked"}}));
  for (int c = 0; c < kConstraintCount; ++c) {
    const auto constraint = static_cast<Constraint>(c);
    ReasonArgs args = {{"person", "P"}, {"eliminated", "1"}, {"considered", "2"}};
    for (auto& a : constraintArgs(constraint, s)) args.push_back(std::move(a));
    EXPECT_EQ(render("en", "unmatched.noCandidate", args).value_or("(no template)"),
              "No mentor could be paired with P: most often, " +
                  constraintDescription(constraint, s) + " (1 of 2 mentors)");
  }
}

// fr.json has every template en.json has, over the same arguments ({x} or {xText}, the number x
// with its noun); a plural form may leave its number out ("l’unique mentoré").
TEST(ReasonTemplate, FrenchHasEveryTemplateWithTheSameArguments) {
  auto base = [](const std::set<std::string>& names) {
    std::set<std::string> out;
    for (const auto& n : names) {
      const bool text = n.size() > 4 && n.compare(n.size() - 4, 4, "Text") == 0;
      out.insert(text ? n.substr(0, n.size() - 4) : n);
    }
    return out;
  };
  size_t templates = 0;
  const json& en = catalogue("en");
  const json& fr = catalogue("fr");
  for (const auto& [key, value] : en.items()) {
    if (key.rfind(kPrefix, 0) != 0) continue;
    ++templates;
    SCOPED_TRACE(key);
    ASSERT_TRUE(fr.contains(key) && fr[key].is_string());
    const auto enNames = base(placeholders(value.get<std::string>()));
    const auto frNames = base(placeholders(fr[key].get<std::string>()));
    if (key.find(".unit.") != std::string::npos) {
      EXPECT_TRUE(std::includes(enNames.begin(), enNames.end(), frNames.begin(), frNames.end()));
    } else {
      EXPECT_EQ(enNames, frNames);
    }
  }
  for (const auto& [key, value] : fr.items()) {
    if (key.rfind(kPrefix, 0) == 0) {
      EXPECT_TRUE(en.contains(key)) << key;
    }
  }
  EXPECT_GE(templates, 17u + 8u);
}

TEST(ReasonTemplate, TheResultJsonCarriesTheTemplate) {
  PairingInput in = input({mentor(1), mentee(10), mentee(11)});
  in.people[2].skills = {{1, Direction::kLearn, 4}};
  const json out = pairingResultToJson(run(in));
  ASSERT_EQ(out["unmatched"].size(), 1u);
  const json expected = {
      {"personId", 11},
      {"role", "mentee"},
      {"code", "capacity"},
      {"reason",
       "Mentee 11 had 1 candidate mentor, all given to other mentees in the best overall "
       "pairing (capacity)"},
      {"reasonCode", "unmatched.capacity"},
      {"args", {{"person", "Mentee 11"}, {"candidates", "1"}}}};
  EXPECT_EQ(out["unmatched"][0], expected);
}

}  // namespace
}  // namespace tandem::pairing
