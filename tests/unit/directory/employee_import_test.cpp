#include "directory/employee_import.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/sqlite_store.h"

namespace tandem::directory {
namespace {

using core::StatusCode;

ParsedImport parseOk(std::string_view content, std::string_view hint = "auto") {
  core::Result<ParsedImport> parsed = parseEmployeeFile(content, hint);
  EXPECT_TRUE(parsed.isOk()) << parsed.status().toString();
  return parsed.isOk() ? std::move(parsed).value() : ParsedImport{};
}

core::Status parseError(std::string_view content, std::string_view hint = "auto") {
  core::Result<ParsedImport> parsed = parseEmployeeFile(content, hint);
  return parsed.isOk() ? core::Status::ok() : parsed.status();
}

// ---------------------------------------------------------------------------------------------
// CSV

TEST(EmployeeImportCsv, HandlesQuotedSeparatorsDoubledQuotesAndLineBreaks) {
  const ParsedImport p = parseOk(
      "id,userName,displayName,title,groups\n"
      "1,ada,\"Lovelace, Ada\",\"Said \"\"hi\"\"\nthen left\",\"g1; g2\"\n"
      "2,bob,Bob,\"\",\n");
  ASSERT_EQ(p.format, "csv");
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_TRUE(p.rejected.empty());
  EXPECT_EQ(p.rows[0].row, 2);
  EXPECT_EQ(p.rows[0].employee.displayName, "Lovelace, Ada");
  EXPECT_EQ(p.rows[0].employee.title, "Said \"hi\"\nthen left");
  EXPECT_EQ(p.rows[0].groups, (std::vector<std::string>{"g1", "g2"}));
  EXPECT_EQ(p.rows[1].row, 4);  // the quoted line break moved the record to line 4
  EXPECT_EQ(p.rows[1].employee.title, "");
  EXPECT_TRUE(p.rows[1].groups.empty());
}

TEST(EmployeeImportCsv, StripsTheBomAndAcceptsCrlfAndBlankLines) {
  const ParsedImport p = parseOk(
      "\xEF\xBB\xBFid,userName,displayName\r\n1,ada,Ada\r\n\r\n,,\r\n2,bob,\"B\r\nob\"\r\n");
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_TRUE(p.rejected.empty());
  EXPECT_EQ(p.rows[0].employee.externalId, "1");
  EXPECT_EQ(p.rows[0].employee.displayName, "Ada");
  EXPECT_EQ(p.rows[1].row, 5);
  EXPECT_EQ(p.rows[1].employee.displayName, "B\r\nob");
}

TEST(EmployeeImportCsv, LastRecordMayLackTheLineBreak) {
  const ParsedImport p = parseOk("id,userName,displayName\n1,ada,\"Ada\"");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].employee.displayName, "Ada");
}

TEST(EmployeeImportCsv, HeaderIsCaseInsensitiveAndUnknownColumnsAreIgnored) {
  const ParsedImport p = parseOk(
      "EXTERNAL_ID,USERNAME,Given Name,familyname,Shoe Size\n"
      "e1,ada,Ada,Lovelace,38\n");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].employee.externalId, "e1");
  EXPECT_EQ(p.rows[0].employee.displayName, "Ada Lovelace");  // built from the name parts
  EXPECT_EQ(p.rows[0].employee.givenName, "Ada");
}

TEST(EmployeeImportCsv, DetectsSemicolonSeparatedFiles) {
  const ParsedImport p = parseOk("id;userName;displayName;languages\n1;ada;Ada;\"fr;en\"\n");
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].employee.languages, (std::vector<std::string>{"fr", "en"}));
}

TEST(EmployeeImportCsv, MapsEveryColumn) {
  const ParsedImport p = parseOk(
      "id,userName,displayName,givenName,familyName,email,department,title,level,hireDate,"
      "hireDateConfidence,location,timeZone,locale,employeeType,languages,manager,active,groups\n"
      "7,zoe,Zoë Lindqvist,Zoë,Lindqvist,zoe@example.com,Engineering,Engineer,2,2024-02-29,,"
      "London,Europe/London,en,intern,EN; sv,3,no,all-staff;dept-engineering\n"
      "8,bob,Bob,,,,,,,2001-05-01,Approximate,,,,,,,,\n");
  ASSERT_EQ(p.rows.size(), 2u) << (p.rejected.empty() ? "" : p.rejected[0].reason);
  const Employee& e = p.rows[0].employee;
  EXPECT_EQ(e.externalId, "7");
  EXPECT_EQ(e.userName, "zoe");
  EXPECT_EQ(e.displayName, "Zoë Lindqvist");
  EXPECT_EQ(e.familyName, "Lindqvist");
  EXPECT_EQ(e.email, "zoe@example.com");
  EXPECT_EQ(e.department, "Engineering");
  EXPECT_EQ(e.title, "Engineer");
  EXPECT_EQ(e.level, 2);
  EXPECT_EQ(e.hireDate, "2024-02-29");
  EXPECT_EQ(e.hireDateConfidence, "exact");  // the default when a date is given
  EXPECT_EQ(e.location, "London");
  EXPECT_EQ(e.timeZone, "Europe/London");
  EXPECT_EQ(e.locale, "en");
  EXPECT_EQ(e.employeeType, "intern");
  EXPECT_EQ(e.languages, (std::vector<std::string>{"en", "sv"}));
  EXPECT_EQ(e.managerExternalId, "3");
  EXPECT_FALSE(e.active);
  EXPECT_EQ(p.rows[0].groups, (std::vector<std::string>{"all-staff", "dept-engineering"}));
  const Employee& bob = p.rows[1].employee;
  EXPECT_EQ(bob.hireDateConfidence, "approximate");
  EXPECT_FALSE(bob.level.has_value());
  EXPECT_TRUE(bob.active);
}

TEST(EmployeeImportCsv, RejectsBadRowsWithAReasonNamingTheField) {
  struct Case {
    std::string line;
    std::string externalId;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"r1,a1,A,,,", "r1", "field count"},
      {",a2,A,,,,", "", "id"},
      {"r3,,A,,,,", "r3", "userName"},
      {"r4,a4,,,,,", "r4", "displayName"},
      {"r5,a5,A,ada.example.com,,,", "r5", "email"},
      {"r6,a6,A,a@b@c,,,", "r6", "email"},
      {"r7,a7,A,@example.com,,,", "r7", "email"},
      {"r8,a8,A,,abc,,", "r8", "level"},
      {"r9,a9,A,,101,,", "r9", "level"},
      {"r10,a10,A,,-1,,", "r10", "level"},
      {"r11,a11,A,,,2023-02-29,", "r11", "hireDate"},
      {"r12,a12,A,,,2023/01/01,", "r12", "hireDate"},
      {"r13,a13,A,,,2023-13-01,", "r13", "hireDate"},
      {"r14,a14,A,,,,maybe", "r14", "active"},
      {"r15,a15,\xC3\x28,,,,", "r15", "displayName"},
  };
  std::string csv = "id,userName,displayName,email,level,hireDate,active\n";
  for (const Case& c : cases) csv += c.line + "\n";
  csv += "ok,ok,Fine,,100,2000-02-29,YES\n";
  const ParsedImport p = parseOk(csv);
  ASSERT_EQ(p.rejected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].line);
    EXPECT_EQ(p.rejected[i].row, static_cast<int>(i) + 2);
    EXPECT_EQ(p.rejected[i].externalId, cases[i].externalId);
    EXPECT_NE(p.rejected[i].reason.find(cases[i].mentions), std::string::npos)
        << p.rejected[i].reason;
  }
  EXPECT_NE(p.rejected[14].reason.find("UTF-8"), std::string::npos);
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].employee.level, 100);
}

TEST(EmployeeImportCsv, RejectsBadConfidenceAndLanguageCodes) {
  const ParsedImport p = parseOk(
      "id,userName,displayName,hireDate,hireDateConfidence,languages\n"
      "1,a,A,2020-01-01,maybe,\n"
      "2,b,B,,,english\n");
  ASSERT_EQ(p.rejected.size(), 2u);
  EXPECT_NE(p.rejected[0].reason.find("hireDateConfidence"), std::string::npos);
  EXPECT_NE(p.rejected[1].reason.find("languages"), std::string::npos);
}

TEST(EmployeeImportCsv, MalformedFilesAreInvalidArgument) {
  struct Case {
    std::string name;
    std::string content;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"unterminated quote", "id,userName,displayName\n1,a,A\n2,b,\"B\n3,c,C\n", "line 3"},
      {"text after a closing quote", "id,userName,displayName\n1,a,\"A\"x\n", "line 2"},
      {"empty", "", "header"},
      {"blank", "\n\r\n  \n", "header"},
      {"no id column", "userName,displayName\na,A\n", "'id'"},
      {"no userName column", "id,displayName\n1,A\n", "'userName'"},
      {"no name column", "id,userName,email\n1,a,a@b\n", "'displayName'"},
      {"data without a header", "1,ada,Ada\n2,bob,Bob\n", "line 1"},
      {"duplicate column", "id,userName,displayName,Email,email\n", "twice"},
      {"UTF-16", std::string("\xFF\xFEi\0d\0", 6), "UTF-8"},
      {"NUL bytes", std::string("id,userName\0", 12), "UTF-8"},
      {"header not UTF-8", "id,userName,display\xFFName\n", "UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const core::Status status = parseError(c.content);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find(c.mentions), std::string::npos) << status.message();
  }
  EXPECT_EQ(parseError("id,userName,displayName\n", "xml").code(), StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// SCIM

constexpr std::string_view kScimList = R"json(
  {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    "totalResults": 5,
    "Resources": [
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "u-1",
        "externalId": "ignored-when-id-is-set",
        "userName": "helene",
        "name": {"givenName": "Hélène", "familyName": "Marchand"},
        "displayName": "Hélène Marchand",
        "emails": [{"value": "work@example.com", "type": "work"},
                   {"value": "helene@example.com", "primary": true}],
        "addresses": [{"locality": "Paris", "primary": true}],
        "title": "CEO",
        "preferredLanguage": "fr-FR,fr;q=0.9",
        "timezone": "Europe/Paris",
        "active": true,
        "userType": "employee",
        "groups": [{"value": "g1", "display": "all-staff"}, {"value": "g2", "display": "execs"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "employeeNumber": "42", "department": "Executive", "manager": {"value": "u-9"}
        },
        "urn:tandem:params:scim:schemas:extension:tandem:2.0:User": {
          "level": 9, "hireDate": "2004-09-01", "hireDateConfidence": "approximate",
          "languages": ["fr", "EN"]
        }
      },
      {"externalId": "x-2", "userName": "bob", "name": {"formatted": "Bob Formatted"},
       "active": false, "locale": "en"},
      {"id": "u-3", "userName": "cy", "name": {"givenName": "Cy", "familyName": "Young"},
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "u-1"}}},
      "not an object",
      {"id": "u-5", "displayName": "No Login"},
      {"id": "u-6", "userName": "dee", "displayName": "Dee", "title": 12},
      {"id": "u-7", "userName": "eve", "displayName": "Eve",
       "urn:tandem:params:scim:schemas:extension:tandem:2.0:User": {"level": 200}}
    ]
  })json";

TEST(EmployeeImportScim, MapsUsersAndExtensions) {
  const ParsedImport p = parseOk(kScimList);
  ASSERT_EQ(p.format, "scim");
  ASSERT_EQ(p.rows.size(), 3u);
  const Employee& h = p.rows[0].employee;
  EXPECT_EQ(p.rows[0].row, 1);
  EXPECT_EQ(h.externalId, "u-1");
  EXPECT_EQ(h.userName, "helene");
  EXPECT_EQ(h.displayName, "Hélène Marchand");
  EXPECT_EQ(h.givenName, "Hélène");
  EXPECT_EQ(h.email, "helene@example.com");  // the primary one
  EXPECT_EQ(h.location, "Paris");
  EXPECT_EQ(h.title, "CEO");
  EXPECT_EQ(h.locale, "fr-FR");
  EXPECT_EQ(h.timeZone, "Europe/Paris");
  EXPECT_EQ(h.employeeType, "employee");
  EXPECT_EQ(h.department, "Executive");
  EXPECT_EQ(h.managerExternalId, "u-9");
  EXPECT_EQ(h.level, 9);
  EXPECT_EQ(h.hireDate, "2004-09-01");
  EXPECT_EQ(h.hireDateConfidence, "approximate");
  EXPECT_EQ(h.languages, (std::vector<std::string>{"fr", "en"}));
  EXPECT_TRUE(h.active);
  EXPECT_EQ(p.rows[0].groups, (std::vector<std::string>{"all-staff", "execs"}));

  const Employee& b = p.rows[1].employee;
  EXPECT_EQ(b.externalId, "x-2");
  EXPECT_EQ(b.displayName, "Bob Formatted");
  EXPECT_FALSE(b.active);
  EXPECT_EQ(b.locale, "en");
  EXPECT_EQ(p.rows[2].employee.displayName, "Cy Young");
  EXPECT_EQ(p.rows[2].employee.managerExternalId, "u-1");

  ASSERT_EQ(p.rejected.size(), 4u);
  EXPECT_EQ(p.rejected[0].row, 4);
  EXPECT_NE(p.rejected[0].reason.find("object"), std::string::npos);
  EXPECT_EQ(p.rejected[1].row, 5);
  EXPECT_EQ(p.rejected[1].externalId, "u-5");
  EXPECT_NE(p.rejected[1].reason.find("userName"), std::string::npos);
  EXPECT_NE(p.rejected[2].reason.find("title"), std::string::npos);
  EXPECT_NE(p.rejected[3].reason.find("level"), std::string::npos);
}

TEST(EmployeeImportScim, EmptyListHasNoRows) {
  const ParsedImport p = parseOk(
      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0})");
  EXPECT_TRUE(p.rows.empty());
  EXPECT_TRUE(p.rejected.empty());
}

TEST(EmployeeImportScim, MalformedDocumentsAreInvalidArgument) {
  struct Case {
    std::string name;
    std::string content;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"invalid JSON", R"({"schemas": [)", "byte"},
      {"not UTF-8", "{\"schemas\": [\"\xC3\x28\"]}", "JSON"},
      {"a single User", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]})",
       "ListResponse"},
      {"an array", "[]", "ListResponse"},
      {"Resources not an array",
       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":{}})",
       "Resources"},
      {"Resources missing",
       R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3})",
       "Resources"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const core::Status status = parseError(c.content, "scim");
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find(c.mentions), std::string::npos) << status.message();
  }
}

TEST(EmployeeImportScim, AutoDetectsJsonAfterWhitespaceAndHonoursAnExplicitHint) {
  EXPECT_EQ(parseOk("\xEF\xBB\xBF \n" + std::string(kScimList)).format, "scim");
  EXPECT_EQ(parseError(kScimList, "csv").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parseOk("id,userName,displayName\n", "CSV").format, "csv");
}

// ---------------------------------------------------------------------------------------------
// Applying

class EmployeeImportApply : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::openSqliteStore({":memory:"});
    ASSERT_TRUE(opened.isOk()) << opened.status().toString();
    store_ = std::move(opened).value();
    auto session = store_->session();
    ASSERT_TRUE(session.isOk());
    session_ = std::move(session).value();
  }

  // Parses and applies `content` in one transaction, as the import job does.
  core::Result<ImportReport> import(std::string_view content) {
    core::Result<ParsedImport> parsed = parseEmployeeFile(content, "auto");
    if (!parsed.isOk()) return parsed.status();
    std::optional<ImportReport> report;
    core::Status status = session_->transaction([&]() -> core::Status {
      core::Result<ImportReport> applied =
          applyImport(*parsed, session_->employees(), session_->groups(), "import");
      if (!applied.isOk()) return applied.status();
      report = std::move(applied).value();
      return core::Status::ok();
    });
    if (!status.isOk()) return status;
    return *report;
  }

  int64_t employeeCount() { return *session_->employees().count(); }

  Employee find(const std::string& externalId) {
    auto found = session_->employees().findByExternalId(externalId);
    EXPECT_TRUE(found.isOk() && found->has_value()) << externalId;
    return found.isOk() && found->has_value() ? **found : Employee{};
  }

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::StoreSession> session_;
};

constexpr std::string_view kTeam =
    "id,userName,displayName,title,manager,groups\n"
    "boss,helene,Hélène Marchand,CEO,,all-staff;execs\n"
    "m1,bernard,Bernard Lefèvre,CFO,boss,all-staff\n"
    "s1,zoe,Zoë Lindqvist,Engineer,m1,all-staff;dept-engineering\n";

TEST_F(EmployeeImportApply, AddsThenReportsUnchangedThenUpdated) {
  auto first = import(kTeam);
  ASSERT_TRUE(first.isOk()) << first.status().toString();
  EXPECT_EQ(first->format, "csv");
  EXPECT_EQ(first->added, 3);
  EXPECT_EQ(first->updated, 0);
  EXPECT_TRUE(first->rejected.empty());
  EXPECT_EQ(first->unresolvedManagers, 0);
  EXPECT_EQ(employeeCount(), 3);
  const Employee zoe = find("s1");
  EXPECT_EQ(zoe.source, "import");
  EXPECT_EQ(zoe.managerId, find("m1").id);
  EXPECT_EQ(*session_->groups().groupsOf(zoe.id),
            (std::vector<std::string>{"all-staff", "dept-engineering"}));

  auto second = import(kTeam);
  ASSERT_TRUE(second.isOk());
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->unchanged, 3);

  std::string changed(kTeam);
  changed.replace(changed.find("Engineer,"), 9, "Lead Engineer,");    // an attribute
  changed.replace(changed.find("all-staff;execs"), 15, "all-staff");  // a membership
  auto third = import(changed);
  ASSERT_TRUE(third.isOk());
  EXPECT_EQ(third->updated, 2);
  EXPECT_EQ(third->unchanged, 1);
  EXPECT_EQ(find("s1").title, "Lead Engineer");
  EXPECT_EQ(*session_->groups().groupsOf(find("boss").id), (std::vector<std::string>{"all-staff"}));
  EXPECT_EQ(employeeCount(), 3);
}

TEST_F(EmployeeImportApply, UserNameTakenByAnotherRecordIsRejected) {
  Employee existing;
  existing.source = "ldap";
  existing.externalId = "ldap-1";
  existing.userName = "ada";
  existing.displayName = "Ada from LDAP";
  ASSERT_TRUE(session_->employees().upsert(existing).isOk());

  auto report = import("id,userName,displayName\nc1,ADA,Ada\nc2,bob,Bob\n");
  ASSERT_TRUE(report.isOk()) << report.status().toString();
  EXPECT_EQ(report->added, 1);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].row, 2);
  EXPECT_EQ(report->rejected[0].externalId, "c1");
  EXPECT_NE(report->rejected[0].reason.find("userName"), std::string::npos);
  EXPECT_EQ(find("ldap-1").displayName, "Ada from LDAP");
  EXPECT_EQ(employeeCount(), 2);
}

TEST_F(EmployeeImportApply, DuplicateIdInTheFileRejectsTheLaterRow) {
  auto report = import("id,userName,displayName\nd1,ada,First\nd2,bob,Bob\nd1,ada2,Second\n");
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(report->added, 2);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].row, 4);
  EXPECT_NE(report->rejected[0].reason.find("duplicate id 'd1'"), std::string::npos);
  EXPECT_NE(report->rejected[0].reason.find("row 2"), std::string::npos);
  EXPECT_EQ(find("d1").displayName, "First");
}

TEST_F(EmployeeImportApply, DanglingManagerIsCountedAndLeftNull) {
  auto report = import(
      "id,userName,displayName,manager\n"
      "a,ada,Ada,\n"
      "b,bob,Bob,a\n"
      "c,cy,Cy,ghost\n"
      "d,dee,Dee,d\n");  // a self reference is never resolved
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(report->unresolvedManagers, 2);
  EXPECT_EQ(find("b").managerId, find("a").id);
  EXPECT_FALSE(find("c").managerId.has_value());
  EXPECT_EQ(find("c").managerExternalId, "ghost");
  EXPECT_FALSE(find("d").managerId.has_value());
}

TEST_F(EmployeeImportApply, ScimImportWritesManagersAndGroups) {
  auto report = import(kScimList);
  ASSERT_TRUE(report.isOk()) << report.status().toString();
  EXPECT_EQ(report->format, "scim");
  EXPECT_EQ(report->added, 3);
  EXPECT_EQ(report->rejected.size(), 4u);
  EXPECT_EQ(report->unresolvedManagers, 1);  // u-9 is not in the file
  EXPECT_EQ(find("u-3").managerId, find("u-1").id);
  EXPECT_EQ(*session_->groups().groupsOf(find("u-1").id),
            (std::vector<std::string>{"all-staff", "execs"}));
}

TEST_F(EmployeeImportApply, MalformedFileWritesNothing) {
  ASSERT_TRUE(import(kTeam).isOk());
  auto report = import("id,userName,displayName\nx1,xa,X\nx2,xb,\"unterminated\n");
  ASSERT_FALSE(report.isOk());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(employeeCount(), 3);
  auto none = session_->employees().findByExternalId("x1");
  ASSERT_TRUE(none.isOk());
  EXPECT_FALSE(none->has_value());
}

TEST_F(EmployeeImportApply, FailingTransactionLeavesTheStoreUnchanged) {
  ASSERT_TRUE(import(kTeam).isOk());
  const ParsedImport parsed = parseOk("id,userName,displayName\nn1,na,N\nn2,nb,M\n");
  core::Status status = session_->transaction([&]() -> core::Status {
    core::Result<ImportReport> applied =
        applyImport(parsed, session_->employees(), session_->groups(), "import");
    EXPECT_TRUE(applied.isOk());
    EXPECT_EQ(applied->added, 2);
    return core::unavailable("the job was cancelled");
  });
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(employeeCount(), 3);
}

// Fails setEmployeeGroups for the second employee; everything else goes to the real store.
class FailingGroups : public GroupRepository {
 public:
  explicit FailingGroups(GroupRepository& inner) : inner_(inner) {}
  core::Result<int64_t> ensureGroup(const std::string& name, const std::string& source) override {
    return inner_.ensureGroup(name, source);
  }
  core::Status setEmployeeGroups(int64_t employeeId, const std::vector<std::string>& names,
                                 const std::string& source) override {
    if (++calls_ == 2) return core::unavailable("disk on fire");
    return inner_.setEmployeeGroups(employeeId, names, source);
  }
  core::Result<std::vector<std::string>> groupsOf(int64_t employeeId) override {
    return inner_.groupsOf(employeeId);
  }

 private:
  GroupRepository& inner_;
  int calls_ = 0;
};

TEST_F(EmployeeImportApply, RepositoryErrorAbortsAndRollsBack) {
  const ParsedImport parsed = parseOk(kTeam);
  FailingGroups groups(session_->groups());
  core::Status status = session_->transaction([&]() -> core::Status {
    core::Result<ImportReport> applied =
        applyImport(parsed, session_->employees(), groups, "import");
    return applied.isOk() ? core::Status::ok() : applied.status();
  });
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "disk on fire");
  EXPECT_EQ(employeeCount(), 0);
}

TEST(ImportReport, SerialisesAsTheImportJobResult) {
  ImportReport report;
  report.format = "csv";
  report.added = 3;
  report.updated = 1;
  report.unchanged = 2;
  report.unresolvedManagers = 1;
  report.rejected.push_back({4, "x", "invalid email 'x': expected one '@'"});
  const nlohmann::json j = report.toJson();
  EXPECT_EQ(j.at("format"), "csv");
  EXPECT_EQ(j.at("added"), 3);
  EXPECT_EQ(j.at("updated"), 1);
  EXPECT_EQ(j.at("unchanged"), 2);
  EXPECT_EQ(j.at("unresolvedManagers"), 1);
  ASSERT_EQ(j.at("rejected").size(), 1u);
  EXPECT_EQ(j.at("rejected")[0].at("row"), 4);
  EXPECT_EQ(j.at("rejected")[0].at("externalId"), "x");
  EXPECT_EQ(j.at("rejected")[0].at("reason"), "invalid email 'x': expected one '@'");
}

}  // namespace
}  // namespace tandem::directory
