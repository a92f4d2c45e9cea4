// What every request handler of the standalone host shares. Owned by the serve command; outlives
// the HTTP server. Thread-safety: the members are themselves thread-safe (see each type).
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <memory>

#include "host/common/plugin_loader.h"
#include "host/common/session_codec.h"
#include "host/common/session_revocations.h"
#include "host_config.h"
#include "login_rate_limiter.h"
#include "metrics.h"

namespace tandem::ldap {
class LdapAuthenticator;
}

namespace tandem::standalone {

struct HostContext {
  const HostConfig& config;
  host::PluginLoader& plugin;
  const host::SessionCodec& sessions;
  host::SessionRevocations& revocations;
  Metrics& metrics;
  std::shared_ptr<spdlog::logger> log;
  std::atomic<int> inFlight{0};  // requests being handled (for a graceful stop)
  // auth=ldap: checks passwords (owned by the serve command; nullptr in demo mode).
  const ldap::LdapAuthenticator* ldapAuth = nullptr;
  // Failed password sign-ins: 5 a minute per user name, 20 a minute per client address (an
  // address may be a shared proxy).
  LoginRateLimiter userLoginLimiter{5, std::chrono::seconds(60)};
  LoginRateLimiter addressLoginLimiter{20, std::chrono::seconds(60)};
};

}  // namespace tandem::standalone
