#include "pairing/pairing_instance.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

namespace tandem::pairing {
namespace {

using core::StatusCode;
using nlohmann::json;

json validInstance() {
  return json::parse(R"({
    "settings": {"constraints": {"minLevelGap": 2}, "candidatesPerMentee": 10},
    "referenceDate": "2027-01-11",
    "skills": [
      {"id": 1, "slug": "data-analysis", "kind": "digital", "name": "Data analysis"},
      {"id": 2, "slug": "negotiation", "kind": "business", "name": "Negotiation"}
    ],
    "participants": [
      {"id": 101, "name": "Ana", "department": "Data", "level": 2, "hireDate": "2025-09-01",
       "employeeType": "employee", "managerId": 900, "languages": ["en", "es"],
       "timeZone": "Europe/Paris", "availability": [{"weekday": 2, "start": "15:00", "end": "18:00"}],
       "role": "mentor", "capacity": 2,
       "skills": [{"skill": "data-analysis", "direction": "teach", "level": 5},
                  {"skill": 2, "direction": "learn", "level": 1}]},
      {"id": 202, "name": "Marc", "department": "Finance", "level": 7, "hireDate": "2008-03-01",
       "managerId": 901, "languages": ["en"], "timeZone": "America/New_York",
       "availability": [{"weekday": 2, "start": "09:00", "end": "12:00"}],
       "role": "mentee",
       "skills": [{"skill": 1, "direction": "learn", "level": 1},
                  {"skill": "negotiation", "direction": "teach", "level": 5}]},
      {"id": 203, "name": "Lea", "department": "Data", "level": 8, "role": "mentee",
       "skills": [{"skill": 1, "direction": "learn", "level": 2}]}
    ],
    "people": [{"id": 900, "managerId": 203, "name": "Ana's manager"},
               {"id": 901, "managerId": null}],
    "previousPairs": [{"mentor": 101, "mentee": 999}],
    "pins": [],
    "blocks": [],
    "kept": []
  })");
}

core::Result<PairingInput> parse(const json& j) { return parsePairingInstance(j.dump()); }

TEST(PairingInstance, ParsesEveryFieldAndComputesManagerChains) {
  auto in = parse(validInstance());
  ASSERT_TRUE(in.isOk()) << in.status().toString();
  EXPECT_EQ(in->referenceDate, "2027-01-11");
  EXPECT_EQ(in->settings.candidatesPerMentee, 10);
  ASSERT_EQ(in->people.size(), 3u);
  const PairingPerson& ana = in->people[0];
  EXPECT_EQ(ana.displayName, "Ana");
  EXPECT_EQ(ana.level, 2);
  EXPECT_EQ(ana.capacity, 2);
  EXPECT_EQ(ana.role, PairingRole::kMentor);
  EXPECT_EQ(ana.managerChain, (std::vector<int64_t>{900, 203}));  // Lea is her manager's manager
  ASSERT_EQ(ana.skills.size(), 2u);
  EXPECT_EQ(ana.skills[0].skillId, 1);
  EXPECT_EQ(ana.skills[0].direction, mentoring::Direction::kTeach);
  EXPECT_EQ(in->people[1].managerChain, (std::vector<int64_t>{901}));
  EXPECT_FALSE(in->people[1].capacity.has_value());
  EXPECT_TRUE(in->people[2].managerChain.empty());
  EXPECT_EQ(in->skills.at(2).name, "Negotiation");
  EXPECT_EQ(in->previousPairs, (std::vector<PersonPair>{{101, 999}}));
}

TEST(PairingInstance, SolvesEndToEndAndExcludesTheManagersManager) {
  auto in = parse(validInstance());
  ASSERT_TRUE(in.isOk());
  // A trivial solver: each mentee takes its best candidate if the mentor has room.
  auto greedy = [](const CandidateGraph& g) -> core::Result<Matching> {
    Matching m;
    m.mentorOfMentee.assign(static_cast<size_t>(g.menteeCount), -1);
    std::vector<int32_t> load(static_cast<size_t>(g.mentorCount), 0);
    for (int32_t e = 0; e < g.menteeCount; ++e) {
      const CandidateEdge* best = nullptr;
      for (const auto& edge : g.edges) {
        if (edge.mentee == e && load[static_cast<size_t>(edge.mentor)] <
                                    g.capacity[static_cast<size_t>(edge.mentor)] &&
            (best == nullptr || edge.score > best->score)) {
          best = &edge;
        }
      }
      if (best != nullptr) {
        m.mentorOfMentee[static_cast<size_t>(e)] = best->mentor;
        ++load[static_cast<size_t>(best->mentor)];
        m.objective += best->score;
      }
    }
    return m;
  };
  auto r = runPairing(*in, greedy);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  ASSERT_EQ(r->pairs.size(), 1u);
  EXPECT_EQ(r->pairs[0].mentorId, 101);
  EXPECT_EQ(r->pairs[0].menteeId, 202);
  const json out = pairingResultToJson(*r);
  EXPECT_EQ(out["pairs"][0]["origin"], "solver");
  EXPECT_EQ(out["pairs"][0]["parts"].size(), 6u);
  EXPECT_EQ(out["objective"], r->objective);
  EXPECT_EQ(out["unmatched"].size(), 1u);
  EXPECT_EQ(out["unmatched"][0]["personId"], 203);
  EXPECT_EQ(out["unmatched"][0]["code"], "no_candidate");
  EXPECT_NE(out["unmatched"][0]["reason"].get<std::string>().find("reporting chain"),
            std::string::npos);
  EXPECT_EQ(out["metrics"]["candidateEdges"], 1);
  EXPECT_EQ(out["inputHash"].get<std::string>().size(), 64u);

  // --dump-graph files.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tandem-graph-" + std::to_string(::getpid()));
  ASSERT_TRUE(writeGraphCsv(*r, dir.string()).isOk());
  auto slurp = [&](const char* name) {
    std::ifstream f(dir / name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  };
  EXPECT_EQ(slurp("edges.csv"),
            "mentor_id,mentee_id,score\n101,202," + std::to_string(r->pairs[0].score) + "\n");
  EXPECT_EQ(slurp("capacities.csv"), "mentor_id,capacity\n101,2\n");
  EXPECT_EQ(slurp("pairs.csv"), "mentor_id,mentee_id\n101,202\n");
  std::filesystem::remove_all(dir);
}

struct BadCase {
  std::function<void(json&)> edit;
  const char* message;
};

TEST(PairingInstance, BadFieldsAreRefusedWithTheirJsonPath) {
  const BadCase cases[] = {
      {[](json& j) { j["participants"][1]["level"] = 101; },
       "participants[1].level must be an integer 0..100"},
      {[](json& j) { j["participants"][1]["level"] = "7"; },
       "participants[1].level must be an integer 0..100"},
      {[](json& j) { j["participants"][0]["role"] = "senior"; },
       "participants[0].role must be \"mentor\", \"mentee\" or \"both\""},
      {[](json& j) { j["participants"][0].erase("role"); }, "participants[0].role is required"},
      {[](json& j) { j["participants"][0]["capacity"] = 11; },
       "participants[0].capacity must be an integer 1..10"},
      {[](json& j) { j["participants"][0]["hireDate"] = "2025-13-01"; },
       "participants[0].hireDate must be a date YYYY-MM-DD"},
      {[](json& j) { j["participants"][0]["availability"][0]["end"] = "14:00"; },
       "participants[0].availability[0].end must be a time HH:MM after start"},
      {[](json& j) { j["participants"][0]["availability"][0]["weekday"] = 8; },
       "participants[0].availability[0].weekday must be an integer 1..7"},
      {[](json& j) { j["participants"][0]["skills"][0]["skill"] = "cooking"; },
       "participants[0].skills[0].skill must be the id or slug of a skill listed in skills"},
      {[](json& j) { j["participants"][0]["skills"][1]["level"] = 0; },
       "participants[0].skills[1].level must be an integer 1..5"},
      {[](json& j) { j["participants"][0]["skills"][1]["direction"] = "both"; },
       "participants[0].skills[1].direction must be \"teach\" or \"learn\""},
      {[](json& j) { j["participants"][2]["id"] = 101; },
       "participants[2].id repeats id 101 of participants[0]"},
      {[](json& j) { j["participants"][2]["nmae"] = "typo"; },
       "participants[2].nmae is not a known field"},
      {[](json& j) { j["participants"][0]["languages"] = "en"; },
       "participants[0].languages must be an array of at most 20 strings"},
      {[](json& j) { j["referenceDate"] = "soon"; }, "referenceDate must be a date YYYY-MM-DD"},
      {[](json& j) { j["skills"][0]["kind"] = "soft"; },
       "skills[0].kind must be \"digital\" or \"business\""},
      {[](json& j) { j["pins"] = json::array({{{"mentor", 101}}}); },
       "pins[0].mentee must be a positive integer id"},
      {[](json& j) { j["people"][1]["managerId"] = 900; j["people"][0]["managerId"] = 901; },
       "participants[0].managerId leads to a reporting loop (the chain above person 101 never "
       "ends)"},
      {[](json& j) { j["settings"]["weights"] = {{"skills", -3}}; },
       "settings.weights.skills must be a number >= 0 and <= 1000"},
      {[](json& j) { j["colour"] = "blue"; }, "instance.colour is not a known field"},
  };
  for (const auto& c : cases) {
    json j = validInstance();
    c.edit(j);
    auto in = parse(j);
    ASSERT_FALSE(in.isOk()) << c.message;
    EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(in.status().message(), c.message);
  }
  auto notJson = parsePairingInstance("{");
  ASSERT_FALSE(notJson.isOk());
  EXPECT_EQ(notJson.status().code(), StatusCode::kInvalidArgument);
}

TEST(PairingInstance, AgeBirthDateAndGenderAreRefusedNeverRead) {
  for (const char* key : {"age", "birthDate", "dateOfBirth", "gender", "sex", "ethnicity"}) {
    json j = validInstance();
    j["participants"][1][key] = "x";
    auto in = parse(j);
    ASSERT_FALSE(in.isOk()) << key;
    EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(in.status().message(), std::string("participants[1].") + key +
                                         " is not accepted: Tandem never uses age, birth date, "
                                         "gender or ethnicity");
  }
  json j = validInstance();
  j["people"][0]["gender"] = "x";
  auto in = parse(j);
  ASSERT_FALSE(in.isOk());
  EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
}

TEST(PairingInstance, MinimalInstanceUsesDefaults) {
  auto in = parsePairingInstance(
      R"({"referenceDate":"2027-01-11","participants":[{"id":1,"role":"both"}]})");
  ASSERT_TRUE(in.isOk()) << in.status().toString();
  EXPECT_EQ(in->settings.candidatesPerMentee, 50);
  EXPECT_EQ(in->people[0].role, PairingRole::kBoth);
  EXPECT_FALSE(in->people[0].level.has_value());
}

}  // namespace
}  // namespace tandem::pairing
