// A fictitious organisation for demos, screenshots and tests: departments, a manager tree, career
// levels, hire dates, sites and multilingual names, ready for applyImport().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "directory/employee_import.h"

namespace tandem::directory {

// Every demo employee is a member of this group and of "dept-<department>" ("dept-finance").
inline constexpr std::string_view kAllStaffGroup = "all-staff";
// Three Human Resources employees are members: the HR administrators of the demo.
inline constexpr std::string_view kHrAdminGroup = "tandem-hr-admins";

// Generates `employees` people (raised to at least 50, capped at 100000), identical for a seed on
// every platform. Hire dates are relative to a fixed reference day (2025-06-30), not today.
//
// Row 1 is the CEO, Hélène Marchand (the only person without a manager); rows 2 to 6 are fixed
// people whose userNames documentation may rely on: amara.okafor (HR admin), bernard.lefevre
// (level 8, Head of Finance, French interface), zoe.lindqvist (level 1), lukasz.nowak (level 2),
// ines.dubois (level 2, French interface). The other rows are drawn from the seed. External ids are
// "demo-00001" onward, in row order; userNames are unique ASCII "first.last" (a number added on
// collision) and emails are userName@example.com.
std::vector<ImportRow> generateDemoOrganisation(int employees, uint32_t seed);

// An account worth showing to someone trying the demo.
struct DemoAccount {
  std::string userName;
  std::string displayName;
  std::string note;  // why this account is interesting, in one line
  bool hrAdmin = false;
};

// About six accounts picked from `org` (in row order): an HR admin, the CEO, a senior leader
// (level >= 7), a junior digital native (level <= 2), another junior and a French-interface
// employee. Fewer when `org` has no one matching.
std::vector<DemoAccount> demoAccounts(const std::vector<ImportRow>& org);

}  // namespace tandem::directory
