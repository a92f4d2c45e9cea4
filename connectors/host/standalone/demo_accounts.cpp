#include "demo_accounts.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tandem/tandem_plugin.h"

namespace tandem::standalone {
namespace {

// Display width of UTF-8 text, counting code points (good enough for names).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  }
  return n;
}

}  // namespace

uint32_t rolesForGroups(const nlohmann::json& groups, std::string_view hrAdminGroup) {
  uint32_t roles = TDM_ROLE_EMPLOYEE;
  if (groups.is_array()) {
    for (const auto& g : groups) {
      if (g.is_string() && g.get_ref<const std::string&>() == hrAdminGroup) {
        roles |= TDM_ROLE_HR_ADMIN;
      }
    }
  }
  return roles;
}

host::Status writeDemoAccounts(const std::string& dataDir, const nlohmann::json& accounts) {
  namespace fs = std::filesystem;
  const fs::path target = fs::path(dataDir) / kDemoAccountsFile;
  const fs::path tmp = fs::path(dataDir) / (std::string(kDemoAccountsFile) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << accounts.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    out.close();
    if (!out) return host::internalError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) return host::internalError("cannot write " + target.string() + ": " + ec.message());
  return host::Status::ok();
}

host::Result<nlohmann::json> readDemoAccounts(const std::string& dataDir) {
  const std::filesystem::path path = std::filesystem::path(dataDir) / kDemoAccountsFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) return host::notFound("no " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return host::invalidArgument(path.string() + " is not a JSON array");
  return j;
}

std::string formatAccounts(const nlohmann::json& accounts) {
  if (!accounts.is_array()) return {};
  const auto field = [](const nlohmann::json& a, const char* key) {
    const auto it = a.find(key);
    return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::size_t nameWidth = 8;
  std::size_t displayWidth = 4;
  for (const auto& a : accounts) {
    if (!a.is_object()) continue;
    nameWidth = std::max(nameWidth, width(field(a, "userName")));
    displayWidth = std::max(displayWidth, width(field(a, "displayName")));
  }
  std::string out;
  for (const auto& a : accounts) {
    if (!a.is_object()) continue;
    std::string roles;
    if (const auto it = a.find("roles"); it != a.end() && it->is_array()) {
      for (const auto& r : *it) {
        if (r.is_string()) roles += (roles.empty() ? "" : ",") + r.get<std::string>();
      }
    }
    const std::string user = field(a, "userName");
    const std::string display = field(a, "displayName");
    out += "  " + user + std::string(nameWidth - width(user) + 2, ' ') + display +
           std::string(displayWidth - width(display) + 2, ' ') + roles;
    const std::string note = field(a, "note");
    if (!note.empty()) out += "  (" + note + ")";
    out += "\n";
  }
  return out;
}

}  // namespace tandem::standalone
