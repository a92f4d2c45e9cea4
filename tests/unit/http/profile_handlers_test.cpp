#include <gtest/gtest.h>

#include "support/test_app.h"

namespace tandem::http {
namespace {

using testing::TestApp;

constexpr const char* kMentee = R"({
  "role": "mentee", "languages": ["fr", "en"],
  "availability": [{"weekday": 2, "start": "09:00", "end": "10:00"}],
  "hopeNote": "Apprendre l'analyse de données",
  "readiness": {"willingToLearn": true, "setAsideAuthority": true, "readyForMistakes": false,
                "tryNewThings": true},
  "skills": [{"skillId": 1, "direction": "learn", "level": 1},
             {"skillId": 3, "direction": "learn", "level": 2},
             {"skillId": 13, "direction": "teach", "level": 5}]
})";

TEST(ProfileHandlers, MeBeforeOptingIn) {
  TestApp t;
  auto r = t.call("GET", "/api/v1/me", "", kRoleEmployee, "ada", "fr-FR");
  ASSERT_EQ(r.status, 200);
  auto me = TestApp::json(r);
  EXPECT_EQ(me["employee"]["userName"], "ada");
  EXPECT_TRUE(me["participant"].is_null());
  EXPECT_EQ(me["moduleEnabled"], true);
  EXPECT_EQ(me["locale"], "fr-FR");
  EXPECT_EQ(me["roles"], nlohmann::json::array({"employee"}));
}

TEST(ProfileHandlers, OptInAsMenteeStoresEverythingAndAudits) {
  TestApp t;
  auto r = t.call("PUT", "/api/v1/me/participation", kMentee);
  ASSERT_EQ(r.status, 200) << r.body;
  auto me = TestApp::json(t.call("GET", "/api/v1/me"));
  const auto& p = me["participant"];
  EXPECT_EQ(p["role"], "mentee");
  EXPECT_EQ(p["status"], "active");
  EXPECT_EQ(p["skills"].size(), 3u);
  EXPECT_EQ(p["readiness"]["readyForMistakes"], false);  // guidance, never a gate
  EXPECT_EQ(p["hopeNote"], "Apprendre l'analyse de données");
  EXPECT_FALSE(p["consentAt"].get<std::string>().empty());
  auto skills = TestApp::json(t.call("GET", "/api/v1/me/skills"));
  EXPECT_EQ(skills["items"].size(), 3u);
}

TEST(ProfileHandlers, MenteeMustAnswerTheReadinessCheck) {
  TestApp t;
  const std::string before = t.dump();
  auto r = t.call("PUT", "/api/v1/me/participation", R"({"role":"mentee"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(TestApp::json(r)["error"]["message"].get<std::string>().find("readiness"),
            std::string::npos);
  EXPECT_EQ(t.dump(), before);
}

struct BadBody {
  const char* body;
  const char* code;
  const char* mentions;
};

class ProfileHandlersBadInput : public ::testing::TestWithParam<BadBody> {};

TEST_P(ProfileHandlersBadInput, IsRefusedWithAClearErrorAndChangesNothing) {
  TestApp t;
  ASSERT_EQ(t.call("PUT", "/api/v1/me/participation", kMentee).status, 200);
  const std::string before = t.dump();
  auto r = t.call("PUT", "/api/v1/me/participation", GetParam().body);
  EXPECT_EQ(r.status, 400) << r.body;
  auto error = TestApp::json(r)["error"];
  EXPECT_EQ(error["code"], GetParam().code);
  EXPECT_NE(error["message"].get<std::string>().find(GetParam().mentions), std::string::npos)
      << error["message"];
  EXPECT_EQ(t.dump(), before);
}

INSTANTIATE_TEST_SUITE_P(
    All, ProfileHandlersBadInput,
    ::testing::Values(
        BadBody{"{not json", "invalid_json", "JSON"},
        BadBody{"[1,2]", "invalid_json", "object"},
        BadBody{"", "invalid_json", "JSON"},
        BadBody{R"({"role":"boss"})", "invalid_argument", "role"},
        BadBody{R"({"role":"mentor","capacity":11})", "invalid_argument", "capacity"},
        BadBody{R"({"role":"mentor","capacity":"2"})", "invalid_argument", "capacity"},
        BadBody{R"({"role":"mentor","languages":["english"]})", "invalid_argument", "languages"},
        BadBody{R"({"role":"mentor","availability":[{"weekday":8,"start":"09:00","end":"10:00"}]})",
                "invalid_argument", "weekday"},
        BadBody{R"({"role":"mentor","availability":[{"weekday":1,"start":"10:00","end":"09:00"}]})",
                "invalid_argument", "end after"},
        BadBody{R"({"role":"mentor","availability":[{"weekday":1,"start":"9h","end":"10:00"}]})",
                "invalid_argument", "HH:MM"},
        BadBody{R"({"role":"mentor","skills":[{"skillId":999,"direction":"teach","level":3}]})",
                "invalid_argument", "unknown skill"},
        BadBody{R"({"role":"mentor","skills":[{"skillId":1,"direction":"teach","level":6}]})",
                "invalid_argument", "1 to 5"},
        BadBody{R"({"role":"mentor","skills":[{"skillId":1,"direction":"teach","level":3},
                   {"skillId":1,"direction":"teach","level":4}]})",
                "invalid_argument", "twice"},
        BadBody{R"({"role":"mentor","skills":[{"skillId":1,"direction":"sideways","level":3}]})",
                "invalid_argument", "direction"}));

TEST(ProfileHandlers, OptOutKeepsTheRecordAndOptInAgainRenewsConsent) {
  TestApp t;
  ASSERT_EQ(t.call("PUT", "/api/v1/me/participation", kMentee).status, 200);
  auto out = t.call("DELETE", "/api/v1/me/participation");
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(TestApp::json(out)["status"], "opted_out");
  auto me = TestApp::json(t.call("GET", "/api/v1/me"));
  EXPECT_EQ(me["participant"]["status"], "opted_out");
  EXPECT_EQ(t.call("PUT", "/api/v1/me/skills", R"({"items":[]})").status, 409);
  ASSERT_EQ(t.call("PUT", "/api/v1/me/participation", kMentee).status, 200);
  EXPECT_EQ(TestApp::json(t.call("GET", "/api/v1/me"))["participant"]["status"], "active");
}

TEST(ProfileHandlers, OptOutWithoutOptInIs404) {
  TestApp t;
  EXPECT_EQ(t.call("DELETE", "/api/v1/me/participation").status, 404);
}

TEST(ProfileHandlers, ReplaceMySkills) {
  TestApp t;
  ASSERT_EQ(t.call("PUT", "/api/v1/me/participation", kMentee).status, 200);
  auto r = t.call("PUT", "/api/v1/me/skills",
                  R"({"items":[{"skillId":2,"direction":"learn","level":3}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto skills = TestApp::json(t.call("GET", "/api/v1/me/skills"));
  ASSERT_EQ(skills["items"].size(), 1u);
  EXPECT_EQ(skills["items"][0]["skillId"], 2);
  EXPECT_EQ(t.call("PUT", "/api/v1/me/skills", R"({"nope":1})").status, 400);
}

TEST(ProfileHandlers, ModuleSwitchedOffRefusesOptInButNotOptOut) {
  TestApp t;
  ASSERT_EQ(t.call("PUT", "/api/v1/me/participation", kMentee).status, 200);
  ASSERT_EQ(t.call("PUT", "/api/v1/admin/module", R"({"enabled":false})", kRoleHrAdmin, "hr")
                .status,
            200);
  auto me = TestApp::json(t.call("GET", "/api/v1/me"));
  EXPECT_EQ(me["moduleEnabled"], false);
  auto r = t.call("PUT", "/api/v1/me/participation", kMentee);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(TestApp::json(r)["error"]["code"], "module_disabled");
  EXPECT_EQ(t.call("DELETE", "/api/v1/me/participation").status, 200);
}

TEST(CatalogueHandlers, SkillsAreLocalized) {
  TestApp t;
  auto fr = TestApp::json(t.call("GET", "/api/v1/skills", "", kRoleEmployee, "ada", "fr-CA"));
  ASSERT_GE(fr["items"].size(), 20u);
  bool found = false;
  for (const auto& s : fr["items"]) {
    if (s["slug"] == "data-analysis") {
      EXPECT_EQ(s["localizedName"], "Analyse de données");
      EXPECT_EQ(s["name"], "Data analysis");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(CatalogueHandlers, HrAddsAndEditsSkills) {
  TestApp t;
  auto created = t.call("POST", "/api/v1/skills",
                        R"({"slug":"prompting","kind":"digital","name":"Prompting",
                            "names":{"fr":"Rédaction de prompts"}})",
                        kRoleHrAdmin, "hr");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = TestApp::json(created)["id"].get<int64_t>();
  EXPECT_EQ(t.call("POST", "/api/v1/skills", R"({"slug":"prompting","kind":"digital","name":"X"})",
                   kRoleHrAdmin, "hr")
                .status,
            409);
  EXPECT_EQ(t.call("POST", "/api/v1/skills", R"({"slug":"Bad Slug","kind":"digital","name":"X"})",
                   kRoleHrAdmin, "hr")
                .status,
            400);
  auto patched = t.call("PATCH", "/api/v1/skills/" + std::to_string(id), R"({"active":false})",
                        kRoleHrAdmin, "hr");
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(TestApp::json(patched)["active"], false);
  EXPECT_EQ(t.call("PATCH", "/api/v1/skills/9999", R"({"active":false})", kRoleHrAdmin, "hr")
                .status,
            404);
  auto list = TestApp::json(t.call("GET", "/api/v1/skills"));
  for (const auto& s : list["items"]) EXPECT_NE(s["slug"], "prompting");  // inactive: hidden
}

TEST(DirectoryHandlers, SearchPagesAndValidates) {
  TestApp t;
  auto r = TestApp::json(t.call("GET", "/api/v1/employees?q=user&pageSize=2&page=2"));
  EXPECT_EQ(r["total"], 3);
  EXPECT_EQ(r["items"].size(), 1u);
  EXPECT_EQ(r["page"], 2);
  auto dept = TestApp::json(t.call("GET", "/api/v1/employees?department=Finance"));
  EXPECT_EQ(dept["total"], 1);
  EXPECT_EQ(t.call("GET", "/api/v1/employees?pageSize=1000").status, 400);
  EXPECT_EQ(t.call("GET", "/api/v1/employees?page=abc").status, 400);
  auto departments = TestApp::json(t.call("GET", "/api/v1/departments"));
  EXPECT_EQ(departments["items"], nlohmann::json::array({"Engineering", "Finance"}));
}

TEST(DirectoryHandlers, ServiceAccountsCarryGroups) {
  TestApp t;
  auto r = t.call("GET", "/api/v1/service/accounts/hr", "", kRoleService, "tandem-host");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(TestApp::json(r)["groups"], nlohmann::json::array({"tandem-hr-admins"}));
  EXPECT_EQ(t.call("GET", "/api/v1/service/accounts/ghost", "", kRoleService, "h").status, 404);
  auto list = TestApp::json(t.call("GET", "/api/v1/service/accounts?limit=2", "", kRoleService, "h"));
  EXPECT_EQ(list["items"].size(), 2u);
}

}  // namespace
}  // namespace tandem::http
