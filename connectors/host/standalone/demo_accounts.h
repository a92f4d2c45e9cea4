// Demo accounts: the people a visitor can sign in as in `tandem serve --demo`. `tandem demo`
// writes the demo_seed job's `accounts` array to <data_dir>/demo-accounts.json; `serve --demo`
// prints it at start-up. Also maps an account's directory groups to role bits.
//
// Thread-safety: pure functions plus file I/O.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "host/common/status.h"

namespace tandem::standalone {

inline constexpr std::string_view kDemoAccountsFile = "demo-accounts.json";

// EMPLOYEE, plus HR_ADMIN when groups (a JSON array of strings) contains hrAdminGroup.
uint32_t rolesForGroups(const nlohmann::json& groups, std::string_view hrAdminGroup);

// Writes accounts (a JSON array) to <dataDir>/demo-accounts.json atomically. Errors: internal.
host::Status writeDemoAccounts(const std::string& dataDir, const nlohmann::json& accounts);

// Reads <dataDir>/demo-accounts.json. Errors: not_found when absent, invalid_argument when not a
// JSON array.
host::Result<nlohmann::json> readDemoAccounts(const std::string& dataDir);

// A text table of accounts ({"userName","displayName","roles":[...],"note"}), one per line.
std::string formatAccounts(const nlohmann::json& accounts);

}  // namespace tandem::standalone
