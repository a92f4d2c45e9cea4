// tandem serve: the standalone host.
#include <pthread.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli_spec.h"
#include "commands.h"
#include "demo_accounts.h"
#include "ldap_authenticator.h"
#include "host/common/json_log.h"
#include "host/common/session.h"
#include "host/common/session_codec.h"
#include "host/common/session_revocations.h"
#include "host_context.h"
#include "metrics.h"
#include "plugin_runtime.h"
#include "service_client.h"
#include "standalone_server.h"

namespace tandem::standalone {
namespace {

constexpr int kDemoAccountsShown = 12;

// Blocks SIGINT and SIGTERM in this thread and every thread it starts afterwards, so they can be
// received with sigwait() instead of interrupting a worker.
sigset_t blockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

void printDemoAccounts(const HostConfig& config, const host::PluginLoader& plugin,
                       std::ostream& out) {
  auto saved = readDemoAccounts(config.dataDir);
  nlohmann::json accounts = nlohmann::json::array();
  if (saved.isOk()) {
    accounts = std::move(saved).value();
  } else {
    auto found = searchAccounts(plugin, "", kDemoAccountsShown);
    if (found.isOk()) {
      for (auto& a : *found) {
        if (!a.is_object()) continue;
        const auto groups = a.find("groups");
        a["roles"] = host::roleNames(
            rolesForGroups(groups != a.end() ? *groups : nlohmann::json(), config.hrAdminGroup));
        accounts.push_back(std::move(a));
      }
    }
  }
  if (accounts.empty()) {
    out << "No demo accounts yet: run 'tandem demo --data-dir " << config.dataDir << "' first.\n";
    return;
  }
  out << "Demo mode: sign in at /login as any employee, for example:\n" << formatAccounts(accounts);
}

}  // namespace

int runServe(const HostConfig& config, const CommandLine& /*line*/, std::ostream& out,
             std::ostream& err) {
  const sigset_t signals = blockTerminationSignals();
  auto log = host::JsonLog::get("tandem.host");

  host::Status dir = ensureDirectory(config.dataDir);
  if (!dir.isOk()) {
    err << "tandem serve: " << dir.message() << "\n";
    return kExitFailure;
  }
  auto secret = loadOrCreateSessionSecret(config.sessionSecretFile);
  if (!secret.isOk()) {
    err << "tandem serve: " << secret.status().message() << "\n";
    return kExitFailure;
  }
  const host::SessionCodec sessions(std::move(secret).value());

  auto runtime = PluginRuntime::start(config, RuntimeUse::kServe);
  if (!runtime.isOk()) {
    err << "tandem serve: " << runtime.status().message() << " (" << runtime.status().errorCode()
        << ")\n";
    return kExitFailure;
  }
  host::SessionRevocations revocations;
  Metrics metrics;
  std::unique_ptr<ldap::LdapAuthenticator> ldapAuth;
  if (config.auth == "ldap") {
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& [key, value] : config.ldap) settings[key] = value;
    if (!settings.contains("hr_admin_group")) settings["hr_admin_group"] = config.hrAdminGroup;
    auto ldapConfig = ldap::LdapConfig::fromJson(settings);
    if (!ldapConfig.isOk()) {
      err << "tandem serve: auth=ldap needs the ldap.* settings: " << ldapConfig.status().message()
          << "\n";
      return kExitFailure;
    }
    ldapAuth = std::make_unique<ldap::LdapAuthenticator>(std::move(ldapConfig).value());
  }
  HostContext ctx{config, (*runtime)->plugin(), sessions, revocations, metrics, log};
  ctx.ldapAuth = ldapAuth.get();
  auto server = StandaloneServer::start(ctx);
  if (!server.isOk()) {
    err << "tandem serve: " << server.status().message() << "\n";
    return kExitFailure;
  }
  log->info("listening on {} (sign-in {})", (*server)->url(),
            ldapAuth ? "ldap" : (config.demo ? "demo" : "off"));
  if (config.ldapSettingsJson().empty()) {
    log->info("no ldap.uri: the directory sync of the HR page is off");
  } else {
    log->info("directory sync from {}: every ldap.sync_interval_minutes and on demand from the "
              "HR page", config.ldap.at("uri"));
  }
  out << "Tandem is running at " << (*server)->url() << "\n";
  if (config.demo && !ldapAuth) printDemoAccounts(config, (*runtime)->plugin(), out);
  out << "Press Ctrl+C to stop.\n";
  out.flush();

  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  log->info("received {}, stopping", received == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->stop();        // waits for requests in flight
  runtime.value().reset();  // DISABLE + destroy, before the context goes away
  log->info("stopped");
  return kExitOk;
}

}  // namespace tandem::standalone
