// The canonical input text of a run against the document the hashes of stored runs were made
// from: the nlohmann::json DOM pairing_engine.cpp built up to now (kept here verbatim as the
// reference), dumped with dump(-1, ' ', false, error_handler_t::replace). Random inputs with
// strings full of escapes, multi-byte and invalid UTF-8; a golden hash computed by that code; and
// reading the text back.
#include "pairing/canonical_input.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <limits>
#include <random>
#include <set>
#include <tuple>

#include "pairing/pairing_engine.h"

namespace tandem::pairing {
namespace {

using mentoring::Direction;
using nlohmann::json;

// --- The reference: pairing_engine.cpp's canonicalInputJson before the text was written by hand.

json legacyPairsJson(std::vector<PersonPair> pairs) {
  std::sort(pairs.begin(), pairs.end());
  json out = json::array();
  for (const auto& p : pairs) out.push_back(json::array({p.mentorId, p.menteeId}));
  return out;
}

json legacyCanonicalInputJson(const PairingInput& input) {
  json skills = json::array();
  for (const auto& [id, s] : input.skills) {
    skills.push_back({{"id", id}, {"kind", s.kind}, {"slug", s.slug}, {"name", s.name}});
  }
  std::vector<const PairingPerson*> people;
  for (const auto& p : input.people) people.push_back(&p);
  std::sort(people.begin(), people.end(),
            [](const PairingPerson* a, const PairingPerson* b) { return a->id < b->id; });
  json persons = json::array();
  for (const PairingPerson* p : people) {
    std::vector<std::string> languages = p->languages;
    std::sort(languages.begin(), languages.end());
    std::vector<std::tuple<int, std::string, std::string>> windows;
    for (const auto& w : p->availability) windows.emplace_back(w.weekday, w.start, w.end);
    std::sort(windows.begin(), windows.end());
    json avail = json::array();
    for (const auto& [d, s, e] : windows) avail.push_back(json::array({d, s, e}));
    std::vector<std::tuple<int64_t, int, int>> skillRows;
    for (const auto& s : p->skills) {
      skillRows.emplace_back(s.skillId, s.direction == mentoring::Direction::kTeach ? 1 : 0,
                             s.level);
    }
    std::sort(skillRows.begin(), skillRows.end());
    json skillList = json::array();
    for (const auto& [id, teach, level] : skillRows) {
      skillList.push_back(json::array({id, teach == 1 ? "teach" : "learn", level}));
    }
    persons.push_back({{"id", p->id},
                       {"displayName", p->displayName},
                       {"department", p->department},
                       {"level", p->level ? json(*p->level) : json(nullptr)},
                       {"hireDate", p->hireDate},
                       {"employeeType", p->employeeType},
                       {"managerChain", p->managerChain},
                       {"languages", languages},
                       {"timeZone", p->timeZone},
                       {"availability", avail},
                       {"role", pairingRoleName(p->role)},
                       {"capacity", p->capacity ? json(*p->capacity) : json(nullptr)},
                       {"skills", skillList}});
  }
  return {{"settings", toJson(input.settings)},
          {"referenceDate", input.referenceDate},
          {"skills", skills},
          {"people", persons},
          {"previousPairs", legacyPairsJson(input.previousPairs)},
          {"pins", legacyPairsJson(input.pins)},
          {"blocks", legacyPairsJson(input.blocks)},
          {"kept", legacyPairsJson(input.kept)}};
}

std::string legacyText(const PairingInput& input) {
  return legacyCanonicalInputJson(input).dump(-1, ' ', false, json::error_handler_t::replace);
}

// --- Random inputs.

// Pieces of strings: plain text, JSON escapes, control characters, multi-byte UTF-8 (and U+FFFD
// itself), and invalid UTF-8: stray continuation bytes, bytes that never occur, overlong forms,
// a surrogate, a code point above U+10FFFF, and sequences cut short (mid-string or at the end).
const std::vector<std::string>& pieces(bool invalid) {
  // clang-format off
  static const std::vector<std::string> valid = {
      "a", "Zed", " ", "O'Neil", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t",
      std::string(1, '\0'), "\x01", "\x1f", "\x7f", "é", "日本語", "😀", "\u2028", "\uFFFD",
      "Ω", "09:00", "en", "fr"};
  // clang-format on
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v = valid;
    for (const char* bad : {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80",
                            "\xF4\x90\x80\x80", "\xF5", "\xFF", "\xFE", "\xC3", "\xE2\x82",
                            "\xF0\x9F\x98", "\xF0\x9F"}) {
      v.emplace_back(bad);
    }
    return v;
  }();
  return invalid ? all : valid;
}

class Generator {
 public:
  Generator(uint32_t seed, bool invalidEverywhere)
      : rng_(seed), invalidEverywhere_(invalidEverywhere) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  // Free text (names, departments, ...): invalid UTF-8 always allowed.
  std::string text() { return str(true); }
  // Strings of sorted lists (languages, availability): invalid only when invalidEverywhere.
  std::string listText() { return str(invalidEverywhere_); }

  int64_t id() {
    switch (uniform(0, 5)) {
      case 0:
        return std::numeric_limits<int64_t>::min() + uniform(0, 3);
      case 1:
        return std::numeric_limits<int64_t>::max() - uniform(0, 3);
      case 2:
        return -uniform(0, 1000);
      case 3:
        return int64_t{9000000000} + uniform(0, 1000);
      default:
        return uniform(0, 1000);
    }
  }

  PairingInput input() {
    PairingInput in;
    in.referenceDate = chance(0.8) ? "2027-01-11" : text();
    in.settings.weights.skills = uniform(0, 400) / 4.0;
    in.settings.weights.languages = uniform(0, 100) / 3.0;
    in.settings.candidatesPerMentee = uniform(1, 100);
    in.settings.defaultCapacity = uniform(1, 5);
    in.settings.constraints.minLevelGap = uniform(0, 4);
    for (int i = uniform(0, 5); i > 0; --i) {
      in.skills[id()] = {chance(0.5) ? "digital" : text(), text(), text()};
    }
    std::set<int64_t> ids;
    for (int i = uniform(0, 8); i > 0; --i) {
      int64_t personId = id();
      while (!ids.insert(personId).second) personId = id();
      in.people.push_back(person(personId));
    }
    for (auto* list : {&in.previousPairs, &in.pins, &in.blocks, &in.kept}) {
      for (int i = uniform(0, 4); i > 0; --i) list->push_back({id(), id()});
    }
    return in;
  }

 private:
  std::string str(bool invalid) {
    const auto& from = pieces(invalid);
    std::string s;
    for (int i = uniform(0, 6); i > 0; --i) {
      s += from[static_cast<size_t>(uniform(0, static_cast<int>(from.size()) - 1))];
    }
    return s;
  }

  PairingPerson person(int64_t personId) {
    PairingPerson p;
    p.id = personId;
    p.displayName = text();
    p.department = chance(0.2) ? "" : text();
    if (chance(0.7)) p.level = uniform(-3, 120);
    p.hireDate = chance(0.5) ? "2020-02-29" : text();
    p.employeeType = text();
    for (int i = uniform(0, 3); i > 0; --i) p.managerChain.push_back(id());
    for (int i = uniform(0, 4); i > 0; --i) p.languages.push_back(listText());
    p.timeZone = text();
    for (int i = uniform(0, 4); i > 0; --i) {
      p.availability.push_back({uniform(0, 8), listText(), listText()});
    }
    p.role = std::array{PairingRole::kMentor, PairingRole::kMentee,
                        PairingRole::kBoth}[static_cast<size_t>(uniform(0, 2))];
    if (chance(0.6)) p.capacity = uniform(0, 9);
    for (int i = uniform(0, 4); i > 0; --i) {
      p.skills.push_back({uniform(0, 3) == 0 ? id() : uniform(1, 4),
                          chance(0.5) ? Direction::kTeach : Direction::kLearn, uniform(0, 6)});
    }
    return p;
  }

  std::mt19937 rng_;
  bool invalidEverywhere_;
};

// `s` with invalid UTF-8 replaced by nlohmann itself (dump with replace, then parse).
std::string replacedByNlohmann(const std::string& s) {
  return json::parse(json(s).dump(-1, ' ', false, json::error_handler_t::replace))
      .get<std::string>();
}

PairingInput replacedByNlohmann(PairingInput in) {
  in.referenceDate = replacedByNlohmann(in.referenceDate);
  for (auto& [id, s] : in.skills) {
    s = {replacedByNlohmann(s.kind), replacedByNlohmann(s.slug), replacedByNlohmann(s.name)};
  }
  for (auto& p : in.people) {
    for (auto* field : {&p.displayName, &p.department, &p.hireDate, &p.employeeType, &p.timeZone}) {
      *field = replacedByNlohmann(*field);
    }
    for (auto& l : p.languages) l = replacedByNlohmann(l);
    for (auto& w : p.availability) {
      w.start = replacedByNlohmann(w.start);
      w.end = replacedByNlohmann(w.end);
    }
  }
  return in;
}

std::string reread(const std::string& text) {
  auto input = parseCanonicalInput(json::parse(text));
  EXPECT_TRUE(input.isOk()) << input.status().toString();
  return input.isOk() ? canonicalInputText(*input) : std::string();
}

TEST(CanonicalInput, TextIsNlohmannsDumpByteForByte) {
  for (uint32_t seed = 1; seed <= 2000; ++seed) {
    const PairingInput in = Generator(seed, /*invalidEverywhere=*/false).input();
    ASSERT_EQ(canonicalInputText(in), legacyText(in)) << "seed " << seed;
  }
}

TEST(CanonicalInput, EmptyInputIsNlohmannsDump) {
  const PairingInput in;
  EXPECT_EQ(canonicalInputText(in), legacyText(in));
}

// Languages and availability are sorted; with invalid UTF-8 in them the text sorts the replaced
// strings (the ones it writes), so that reading the text back gives the same text. Stored runs
// cannot hold such strings (storing failed on invalid UTF-8 before), so no stored hash changes.
TEST(CanonicalInput, InvalidUtf8InSortedListsIsReplacedBeforeSorting) {
  for (uint32_t seed = 1; seed <= 2000; ++seed) {
    const PairingInput in = Generator(seed, /*invalidEverywhere=*/true).input();
    const std::string text = canonicalInputText(in);
    ASSERT_EQ(text, legacyText(replacedByNlohmann(in))) << "seed " << seed;
  }
  PairingPerson p;
  p.id = 1;
  p.languages = {"\xFF", "😀", "en"};  // sorted raw: en, 😀 (F0...), \xFF; replaced: U+FFFD < 😀
  PairingInput a;
  a.people = {p};
  std::reverse(a.people[0].languages.begin(), a.people[0].languages.end());
  PairingInput b;
  b.people = {p};
  EXPECT_EQ(canonicalInputText(a), canonicalInputText(b));
  EXPECT_NE(canonicalInputText(a).find(R"("languages":["en","�","😀"])"), std::string::npos)
      << canonicalInputText(a);
}

TEST(CanonicalInput, TextReadBackGivesTheSameText) {
  for (uint32_t seed = 1; seed <= 500; ++seed) {
    for (const bool invalidEverywhere : {false, true}) {
      const PairingInput in = Generator(seed, invalidEverywhere).input();
      const std::string text = canonicalInputText(in);
      ASSERT_EQ(reread(text), text) << "seed " << seed;
    }
  }
}

// The input of the golden hashes; the hashes were computed by the nlohmann code above (before the
// text was written by hand) and are what stored runs of this input hold.
PairingInput goldenInput() {
  PairingInput in;
  in.referenceDate = "2027-01-11";
  in.settings.weights.skills = 37.5;
  in.settings.candidatesPerMentee = 7;
  in.skills = {{1, {"digital", "data", "Data analysis"}},
               {2, {"business", "lead", "Leadership \"101\""}}};
  PairingPerson a;
  a.id = 42;
  a.displayName = "Zoë \"Zed\" O'Neil\\Ops\t\u00e9\U0001F600";
  a.department = "R&D";
  a.level = 3;
  a.hireDate = "2020-02-29";
  a.employeeType = "employee";
  a.managerChain = {7, 3};
  a.languages = {"fr", "en"};
  a.timeZone = "Europe/Paris";
  a.availability = {{3, "09:00", "10:30"}, {1, "14:00", "15:00"}};
  a.role = PairingRole::kMentor;
  a.capacity = 2;
  a.skills = {{2, Direction::kLearn, 1}, {1, Direction::kTeach, 5}};
  PairingPerson b;
  b.id = -5;
  b.displayName = std::string("Ctl\x01\x1f\x7f end");
  b.role = PairingRole::kMentee;
  PairingPerson c;
  c.id = 9000000000;
  c.displayName = "日本語";
  c.level = 12;
  c.role = PairingRole::kBoth;
  c.languages = {"ja"};
  in.people = {a, b, c};
  in.previousPairs = {{42, 9000000000}, {42, -5}};
  in.pins = {{42, -5}};
  in.blocks = {{9000000000, 42}};
  return in;
}

TEST(CanonicalInput, GoldenHashIsTheOneStoredRunsHold) {
  PairingInput in = goldenInput();
  auto hash = inputHash(in);
  ASSERT_TRUE(hash.isOk());
  EXPECT_EQ(*hash, "eab8d61ddd08aeca27cb67ba9e8ee01811805530f1e37e3217421131ffba411d");
  EXPECT_EQ(canonicalInputText(in), legacyText(in));

  // Invalid UTF-8 in a name: replaced as nlohmann's error_handler_t::replace did in the hash.
  in.people[1].displayName = "Bad\xff\xc3(\xe2\x82 \xed\xa0\x80 \xf0\x9f\x98";
  hash = inputHash(in);
  ASSERT_TRUE(hash.isOk());
  EXPECT_EQ(*hash, "31a67aa178600dcac05aa7e52c59f2ffe34063e039fb561f3ab0ccad75a7f2ac");
}

TEST(CanonicalInput, RunPairingHandsOverTheTextItHashed) {
  const PairingInput in = goldenInput();
  std::string text;
  auto solver = [](const CandidateGraph& g) -> core::Result<Matching> {
    Matching m;
    m.mentorOfMentee.assign(static_cast<size_t>(g.menteeCount), -1);
    return m;
  };
  auto result = runPairing(in, solver, 1, &text);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(text, canonicalInputText(in));
  EXPECT_EQ(result->inputHash, *inputHash(in));
}

}  // namespace
}  // namespace tandem::pairing
