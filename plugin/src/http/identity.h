// The verified caller of a request, as the host passed it through the ABI.
#pragma once

#include <cstdint>
#include <string>

namespace tandem::http {

enum Role : uint32_t {
  kRoleEmployee = 0x1u,
  kRoleHrAdmin = 0x2u,
  kRoleHostAdmin = 0x4u,
  kRoleService = 0x8u,
};

struct Identity {
  std::string tenant;
  std::string userId;  // the employee's userName
  std::string displayName;
  std::string locale;  // "en", "fr", ...
  uint32_t roles = 0;

  bool anonymous() const { return roles == 0; }
  bool has(Role role) const { return (roles & role) != 0; }
  // Actor name for the audit log.
  std::string actor() const { return userId.empty() ? "anonymous" : userId; }
};

}  // namespace tandem::http
