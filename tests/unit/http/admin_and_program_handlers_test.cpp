#include <gtest/gtest.h>

#include "support/test_app.h"

namespace tandem::http {
namespace {

using testing::TestApp;

TEST(AdminHandlers, HrSwitchesTheModuleAndItIsAudited) {
  TestApp t;
  auto state = TestApp::json(t.call("GET", "/api/v1/admin/module", "", kRoleHrAdmin, "hr"));
  EXPECT_EQ(state["enabled"], true);
  EXPECT_EQ(state["employees"], 3);
  auto off = t.call("PUT", "/api/v1/admin/module", R"({"enabled":false})", kRoleHrAdmin, "hr");
  ASSERT_EQ(off.status, 200);
  EXPECT_EQ(TestApp::json(off)["enabled"], false);
  EXPECT_EQ(TestApp::json(off)["updatedBy"], "hr");
  EXPECT_EQ(t.call("PUT", "/api/v1/admin/module", R"({"enabled":"no"})", kRoleHrAdmin, "hr").status,
            400);
  auto exported = t.app->privacyExport("hr");
  ASSERT_TRUE(exported.isOk());
  bool audited = false;
  for (const auto& e : (*exported)["audit"]) audited |= e["action"] == "module.disable";
  EXPECT_TRUE(audited);
}

TEST(ProgramHandlers, Crud) {
  TestApp t;
  auto created = t.call("POST", "/api/v1/programs",
                        R"({"name":"Cohorte 2027","startsOn":"2027-01-10","endsOn":"2027-07-10",
                            "settings":{"constraints":{"minLevelGap":3}}})",
                        kRoleHrAdmin, "hr");
  ASSERT_EQ(created.status, 201) << created.body;
  auto p = TestApp::json(created);
  const std::string url = "/api/v1/programs/" + std::to_string(p["id"].get<int64_t>());
  EXPECT_EQ(p["settings"]["constraints"]["minLevelGap"], 3);
  EXPECT_EQ(p["createdBy"], "hr");
  auto list = TestApp::json(t.call("GET", "/api/v1/programs", "", kRoleHrAdmin, "hr"));
  EXPECT_EQ(list["items"].size(), 1u);
  auto put = t.call("PUT", url,
                    R"({"name":"Cohorte 2027 bis","startsOn":"2027-01-10","endsOn":"2027-08-10",
                        "status":"open"})",
                    kRoleHrAdmin, "hr");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(TestApp::json(put)["status"], "open");
  EXPECT_EQ(TestApp::json(t.call("GET", url, "", kRoleHrAdmin, "hr"))["name"], "Cohorte 2027 bis");
  EXPECT_EQ(t.call("DELETE", url, "", kRoleHrAdmin, "hr").status, 204);
  EXPECT_EQ(t.call("GET", url, "", kRoleHrAdmin, "hr").status, 404);
  EXPECT_EQ(t.call("DELETE", url, "", kRoleHrAdmin, "hr").status, 404);
  EXPECT_EQ(t.call("GET", "/api/v1/programs/abc", "", kRoleHrAdmin, "hr").status, 404);
}

TEST(ProgramHandlers, InvalidProgramsChangeNothing) {
  TestApp t;
  const std::string before = t.dump();
  for (const char* body : {
           R"({"startsOn":"2027-01-10","endsOn":"2027-07-10"})",
           R"({"name":"x","startsOn":"2027-13-10","endsOn":"2027-07-10"})",
           R"({"name":"x","startsOn":"2027-07-10","endsOn":"2027-01-10"})",
           R"({"name":"x","startsOn":"2027-01-10","endsOn":"2027-07-10","status":"later"})",
           R"({"name":"x","startsOn":"2027-01-10","endsOn":"2027-07-10","settings":[]})",
           R"({"name":)",
       }) {
    auto r = t.call("POST", "/api/v1/programs", body, kRoleHrAdmin, "hr");
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_TRUE(TestApp::json(r).contains("error"));
  }
  EXPECT_EQ(t.dump(), before);
}

TEST(ProgramHandlers, SettingsAreStoredNormalizedWithEveryDefault) {
  TestApp t;
  auto created = t.call("POST", "/api/v1/programs",
                        R"({"name":"Cohorte","startsOn":"2027-01-10","endsOn":"2027-07-10"})",
                        kRoleHrAdmin, "hr");
  ASSERT_EQ(created.status, 201) << created.body;
  auto settings = TestApp::json(created)["settings"];
  EXPECT_EQ(settings["constraints"]["minLevelGap"], 2);
  EXPECT_EQ(settings["constraints"]["reportingChain"], "excluded");
  EXPECT_EQ(settings["constraints"]["department"], "preferred_different");
  EXPECT_EQ(settings["candidatesPerMentee"], 50);
  EXPECT_EQ(settings["mode"], "cohort");
  EXPECT_EQ(settings["defaultCapacity"], 1);
  EXPECT_EQ(settings["weights"]["skills"], 40.0);
  EXPECT_EQ(settings["eligibility"]["mentor"]["excludeEmployeeTypes"],
            nlohmann::json::array({"contractor", "intern"}));

  // PUT with partial settings: the rest is filled with defaults again, the given value kept.
  const std::string url =
      "/api/v1/programs/" + std::to_string(TestApp::json(created)["id"].get<int64_t>());
  auto put = t.call("PUT", url,
                    R"({"name":"Cohorte","startsOn":"2027-01-10","endsOn":"2027-07-10",
                        "settings":{"weights":{"skills":12.5},"mode":"shortlist"}})",
                    kRoleHrAdmin, "hr");
  ASSERT_EQ(put.status, 200) << put.body;
  auto stored = TestApp::json(t.call("GET", url, "", kRoleHrAdmin, "hr"))["settings"];
  EXPECT_EQ(stored["weights"]["skills"], 12.5);
  EXPECT_EQ(stored["weights"]["intent"], 10.0);
  EXPECT_EQ(stored["mode"], "shortlist");
  EXPECT_EQ(stored["shortlistResponseHours"], 72);
}

TEST(ProgramHandlers, InvalidSettingsAreRefusedNamingTheField) {
  TestApp t;
  const std::string before = t.dump();
  const std::pair<const char*, const char*> cases[] = {
      {R"({"weights":{"skills":-1}})", "settings.weights.skills"},
      {R"({"constraints":{"minLevelGap":"two"}})", "settings.constraints.minLevelGap"},
      {R"({"constraints":{"reportingChain":"allowed"}})", "settings.constraints.reportingChain"},
      {R"({"candidatesPerMentee":0})", "settings.candidatesPerMentee"},
      {R"({"wieghts":{}})", "settings.wieghts"},
  };
  for (const auto& [settings, field] : cases) {
    const std::string body = std::string(R"({"name":"x","startsOn":"2027-01-10",)") +
                             R"("endsOn":"2027-07-10","settings":)" + settings + "}";
    auto r = t.call("POST", "/api/v1/programs", body, kRoleHrAdmin, "hr");
    ASSERT_EQ(r.status, 400) << settings;
    auto error = TestApp::json(r)["error"];
    EXPECT_EQ(error["code"], "invalid_argument") << settings;
    EXPECT_NE(error["message"].get<std::string>().find(field), std::string::npos)
        << error["message"];
  }
  EXPECT_EQ(t.dump(), before);
}

}  // namespace
}  // namespace tandem::http
