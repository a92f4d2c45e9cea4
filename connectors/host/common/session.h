// A signed-in person as the host remembers them between requests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tandem::host {

struct Session {
  std::string userName;     // the employee's userName ("u")
  std::string displayName;  // ("n")
  std::string locale;       // BCP 47 ("l")
  uint32_t roles = 0;       // TDM_ROLE_* bits ("r")
  std::string csrfToken;    // per-session anti-CSRF token ("csrf")
  int64_t expiresAt = 0;    // Unix seconds ("exp")
};

// Role bits as API names ("employee", "hr_admin", "host_admin", "service"), in bit order.
std::vector<std::string> roleNames(uint32_t roles);

}  // namespace tandem::host
