#include "directory/demo_organisation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "storage/sqlite_store.h"

namespace tandem::directory {
namespace {

const std::vector<ImportRow>& org600() {
  static const std::vector<ImportRow> org = generateDemoOrganisation(600, 42);
  return org;
}

bool isAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool hasGroup(const ImportRow& row, std::string_view group) {
  return std::find(row.groups.begin(), row.groups.end(), group) != row.groups.end();
}

TEST(DemoOrganisation, HasTheRequestedSizeAndAtLeastEightDepartments) {
  const auto& org = org600();
  EXPECT_EQ(org.size(), 600u);
  std::set<std::string> departments;
  for (const ImportRow& r : org) departments.insert(r.employee.department);
  EXPECT_GE(departments.size(), 8u);
  for (const char* d : {"Finance", "Sales", "Marketing", "Engineering", "Operations",
                        "Human Resources", "Legal", "Customer Success", "Data & Analytics"}) {
    EXPECT_TRUE(departments.count(d)) << d;
  }
}

TEST(DemoOrganisation, IsDeterministicForASeed) {
  const auto again = generateDemoOrganisation(600, 42);
  const auto& org = org600();
  ASSERT_EQ(again.size(), org.size());
  for (size_t i = 0; i < org.size(); ++i) {
    EXPECT_EQ(again[i].row, org[i].row);
    EXPECT_TRUE(again[i].employee.sameAttributes(org[i].employee)) << i;
    EXPECT_EQ(again[i].groups, org[i].groups);
  }
  const auto other = generateDemoOrganisation(600, 43);
  size_t different = 0;
  for (size_t i = 0; i < org.size(); ++i) {
    if (other[i].employee.userName != org[i].employee.userName) ++different;
  }
  EXPECT_GT(different, 300u);
}

TEST(DemoOrganisation, ManagerTreeIsAcyclicWithOneRoot) {
  const auto& org = org600();
  std::map<std::string, std::string> managerOf;
  for (const ImportRow& r : org) managerOf[r.employee.externalId] = r.employee.managerExternalId;
  ASSERT_EQ(managerOf.size(), org.size());  // unique external ids
  int roots = 0;
  for (const auto& [id, manager] : managerOf) {
    if (manager.empty()) {
      ++roots;
      continue;
    }
    std::string current = id;
    size_t steps = 0;
    while (!managerOf.at(current).empty() && steps <= org.size()) {
      ASSERT_TRUE(managerOf.count(managerOf.at(current))) << "dangling manager of " << current;
      current = managerOf.at(current);
      ++steps;
    }
    EXPECT_LE(steps, 5u) << "cycle or too deep from " << id;
  }
  EXPECT_EQ(roots, 1);
  EXPECT_TRUE(org[0].employee.managerExternalId.empty());
}

TEST(DemoOrganisation, FirstRowsAreTheDocumentedPeople) {
  const auto& org = org600();
  const Employee& ceo = org[0].employee;
  EXPECT_EQ(ceo.userName, "helene.marchand");
  EXPECT_EQ(ceo.displayName, "Hélène Marchand");
  EXPECT_EQ(ceo.locale, "fr");
  EXPECT_EQ(ceo.location, "Paris");
  EXPECT_EQ(ceo.timeZone, "Europe/Paris");
  EXPECT_EQ(ceo.level, 9);
  EXPECT_EQ(org[1].employee.userName, "amara.okafor");
  EXPECT_TRUE(hasGroup(org[1], kHrAdminGroup));
  EXPECT_EQ(org[2].employee.userName, "bernard.lefevre");
  EXPECT_EQ(org[2].employee.level, 8);
  EXPECT_EQ(org[2].employee.locale, "fr");
  EXPECT_EQ(org[2].employee.managerExternalId, ceo.externalId);
  EXPECT_EQ(org[3].employee.userName, "zoe.lindqvist");
  EXPECT_EQ(org[3].employee.displayName, "Zoë Lindqvist");
  EXPECT_EQ(org[3].employee.level, 1);
  EXPECT_EQ(org[3].employee.locale, "en");
  EXPECT_EQ(org[4].employee.userName, "lukasz.nowak");
  EXPECT_EQ(org[4].employee.displayName, "Łukasz Nowak");
  EXPECT_EQ(org[4].employee.level, 2);
  EXPECT_EQ(org[5].employee.userName, "ines.dubois");
  EXPECT_EQ(org[5].employee.locale, "fr");
  for (size_t i = 0; i < org.size(); ++i) EXPECT_EQ(org[i].row, static_cast<int>(i) + 1);
}

TEST(DemoOrganisation, UserNamesAreUniqueAsciiAndNamesAreNot) {
  std::set<std::string> userNames;
  int nonAscii = 0;
  for (const ImportRow& r : org600()) {
    const Employee& e = r.employee;
    EXPECT_TRUE(userNames.insert(e.userName).second) << e.userName;
    EXPECT_TRUE(std::all_of(e.userName.begin(), e.userName.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    })) << e.userName;
    EXPECT_EQ(e.email, e.userName + "@example.com");
    // Every letter of the name survives transliteration: "nguyen", not "nguyn".
    EXPECT_GE(e.userName.size(), 3u) << e.displayName;
    if (!isAscii(e.displayName)) ++nonAscii;
  }
  EXPECT_GT(nonAscii, 100);
}

TEST(DemoOrganisation, TransliteratesEveryLetter) {
  // Counts the letters of each name (UTF-8 lead bytes of letters, apostrophes and spaces excluded)
  // and expects at least as many in the userName.
  for (const ImportRow& r : org600()) {
    const Employee& e = r.employee;
    size_t letters = 0;
    for (char c : e.givenName + e.familyName) {
      const auto b = static_cast<unsigned char>(c);
      if ((b & 0xC0u) != 0x80u && c != ' ' && c != '\'') ++letters;
    }
    const size_t userLetters = static_cast<size_t>(std::count_if(
        e.userName.begin(), e.userName.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
    EXPECT_GE(userLetters, letters) << e.displayName << " -> " << e.userName;
  }
}

TEST(DemoOrganisation, HasThreeHrAdminsInHumanResources) {
  int admins = 0;
  for (const ImportRow& r : org600()) {
    EXPECT_TRUE(hasGroup(r, kAllStaffGroup));
    EXPECT_EQ(std::count_if(r.groups.begin(), r.groups.end(),
                            [](const std::string& g) { return g.rfind("dept-", 0) == 0; }),
              1);
    if (hasGroup(r, kHrAdminGroup)) {
      ++admins;
      EXPECT_EQ(r.employee.department, "Human Resources");
      EXPECT_TRUE(hasGroup(r, "dept-human-resources"));
    }
  }
  EXPECT_EQ(admins, 3);
}

TEST(DemoOrganisation, LevelsFormAPyramidAndSeniorsJoinedEarlier) {
  std::map<int, int> perLevel;
  int approximate = 0;
  long juniorYears = 0;
  long seniorYears = 0;
  int juniorDated = 0;
  int seniorDated = 0;
  for (const ImportRow& r : org600()) {
    const Employee& e = r.employee;
    ASSERT_TRUE(e.level.has_value());
    ++perLevel[*e.level];
    if (e.hireDateConfidence == "approximate") ++approximate;
    if (e.hireDate.empty()) {
      EXPECT_EQ(e.hireDateConfidence, "unknown");
      continue;
    }
    const int year = std::stoi(e.hireDate.substr(0, 4));
    if (*e.level <= 2) {
      juniorYears += year;
      ++juniorDated;
    } else if (*e.level >= 7) {
      seniorYears += year;
      ++seniorDated;
    }
  }
  for (int level = 1; level <= 9; ++level) EXPECT_GT(perLevel[level], 0) << level;
  EXPECT_EQ(perLevel.begin()->first, 1);
  EXPECT_EQ(perLevel.rbegin()->first, 9);
  EXPECT_GT(perLevel[1] + perLevel[2], 3 * (perLevel[7] + perLevel[8] + perLevel[9]));
  EXPECT_GT(approximate, 5);
  ASSERT_GT(juniorDated, 0);
  ASSERT_GT(seniorDated, 0);
  EXPECT_LT(seniorYears / seniorDated + 5, juniorYears / juniorDated);
}

TEST(DemoOrganisation, SitesHaveTimeZonesLocalesAndLanguages) {
  std::set<std::string> types;
  for (const ImportRow& r : org600()) {
    const Employee& e = r.employee;
    types.insert(e.employeeType);
    EXPECT_FALSE(e.timeZone.empty()) << e.location;
    EXPECT_FALSE(e.languages.empty());
    const bool french = e.location == "Paris" || e.location == "Lyon" || e.location == "Montréal";
    EXPECT_EQ(e.locale, french ? "fr" : "en") << e.location;
    const std::map<std::string, std::string> kZones = {
        {"Paris", "Europe/Paris"}, {"Montréal", "America/Toronto"}, {"London", "Europe/London"}};
    const auto zone = kZones.find(e.location);
    if (zone != kZones.end()) {
      EXPECT_EQ(e.timeZone, zone->second);
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"employee", "contractor", "intern"}));
}

TEST(DemoOrganisation, ImportsCleanly) {
  auto opened = storage::openSqliteStore({":memory:"});
  ASSERT_TRUE(opened.isOk());
  auto session = std::move((*opened)->session()).value();
  ParsedImport parsed;
  parsed.format = "demo";
  parsed.rows = org600();
  std::optional<ImportReport> report;
  ASSERT_TRUE(session
                  ->transaction([&]() -> core::Status {
                    auto applied =
                        applyImport(parsed, session->employees(), session->groups(), "demo");
                    if (!applied.isOk()) return applied.status();
                    report = *applied;
                    return core::Status::ok();
                  })
                  .isOk());
  EXPECT_EQ(report->added, 600);
  EXPECT_TRUE(report->rejected.empty()) << report->rejected[0].reason;
  EXPECT_EQ(report->unresolvedManagers, 0);
  EXPECT_EQ(*session->employees().count(), 600);
  EXPECT_GE(session->employees().departments()->size(), 8u);
}

TEST(DemoOrganisation, SmallRequestsAreRaisedToFifty) {
  const auto org = generateDemoOrganisation(3, 7);
  EXPECT_EQ(org.size(), 50u);
  EXPECT_EQ(org[0].employee.userName, "helene.marchand");
  int admins = 0;
  for (const ImportRow& r : org) admins += hasGroup(r, kHrAdminGroup) ? 1 : 0;
  EXPECT_EQ(admins, 3);
}

TEST(DemoAccounts, PicksTheDocumentedPeople) {
  const std::vector<DemoAccount> accounts = demoAccounts(org600());
  std::vector<std::string> names;
  for (const DemoAccount& a : accounts) {
    names.push_back(a.userName);
    EXPECT_FALSE(a.note.empty());
    EXPECT_FALSE(a.displayName.empty());
    EXPECT_EQ(a.hrAdmin, a.userName == "amara.okafor") << a.userName;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"helene.marchand", "amara.okafor", "bernard.lefevre",
                                             "zoe.lindqvist", "lukasz.nowak", "ines.dubois"}));
  EXPECT_TRUE(demoAccounts({}).empty());
}

}  // namespace
}  // namespace tandem::directory
