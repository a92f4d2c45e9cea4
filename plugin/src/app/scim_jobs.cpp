// The scim_token job: IT creates, lists and revokes the bearer tokens identity providers use
// against /scim/v2 (the host's `tandem scim token ...`). The token itself leaves the plugin once,
// in create's result; only its hash is stored, and neither the log nor the audit trail sees it.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/plugin_app.h"
#include "scim/token.h"

namespace tandem::app {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxNameLength = 64;

core::Status validateName(const json& args) {
  const auto it = args.find("name");
  if (it == args.end() || !it->is_string()) {
    return core::invalidArgument("a SCIM token needs a name, e.g. the identity provider (okta)");
  }
  const std::string& name = it->get_ref<const std::string&>();
  const bool allowed = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
  if (name.empty() || name.size() > kMaxNameLength || !allowed) {
    return core::invalidArgument(
        "invalid SCIM token name: use 1 to 64 characters of letters, digits, '.', '_' and '-'");
  }
  return core::Status::ok();
}

json orNull(const std::string& value) { return value.empty() ? json(nullptr) : json(value); }

json tokenJson(const scim::ScimTokenInfo& t) {
  return {{"name", t.name},
          {"lookup", t.lookup},
          {"created_at", t.createdAt},
          {"last_used_at", orNull(t.lastUsedAt)},
          {"revoked_at", orNull(t.revokedAt)},
          {"status", t.revokedAt.empty() ? "active" : "revoked"}};
}

}  // namespace

core::Result<json> PluginApp::scimTokenJob(const json& args) {
  const auto actionArg = args.find("action");
  const std::string action = actionArg != args.end() && actionArg->is_string()
                                 ? actionArg->get<std::string>()
                                 : std::string();
  if (action != "create" && action != "list" && action != "revoke") {
    return core::invalidArgument("scim_token needs \"action\": \"create\", \"list\" or \"revoke\"");
  }
  auto session = store_->session();
  if (!session.isOk()) return session.status();
  auto& s = **session;

  if (action == "list") {
    auto tokens = s.scimTokens().list();
    if (!tokens.isOk()) return tokens.status();
    json out = json::array();
    for (const auto& t : *tokens) out.push_back(tokenJson(t));
    return json{{"tokens", std::move(out)}};
  }

  TDM_RETURN_IF_ERROR(validateName(args));
  const std::string name = args["name"].get<std::string>();

  if (action == "create") {
    auto made = scim::generateToken();
    if (!made.isOk()) return made.status();
    std::string createdAt;
    core::Status status = s.transaction([&]() -> core::Status {
      TDM_RETURN_IF_ERROR(s.scimTokens().create(name, made->lookup, made->hash));
      auto stored = s.scimTokens().findActive(made->lookup);
      if (!stored.isOk()) return stored.status();
      if (!stored->has_value()) return core::internalError("the new SCIM token was not stored");
      createdAt = (*stored)->first.createdAt;
      return s.audit().append("host", "scim.token.create", name,
                              json{{"lookup", made->lookup}}.dump());
    });
    if (!status.isOk()) return status;
    log_->info("SCIM token {} created (lookup {})", name, made->lookup);
    return json{{"name", name}, {"token", made->token}, {"created_at", createdAt}};
  }

  std::string revokedAt;
  std::string lookup;
  core::Status status = s.transaction([&]() -> core::Status {
    TDM_RETURN_IF_ERROR(s.scimTokens().revoke(name));
    auto tokens = s.scimTokens().list();
    if (!tokens.isOk()) return tokens.status();
    // The newest row of that name is the one just revoked.
    for (auto it = tokens->rbegin(); it != tokens->rend(); ++it) {
      if (it->name == name) {
        revokedAt = it->revokedAt;
        lookup = it->lookup;
        break;
      }
    }
    return s.audit().append("host", "scim.token.revoke", name, json{{"lookup", lookup}}.dump());
  });
  if (!status.isOk()) return status;
  log_->info("SCIM token {} revoked", name);
  return json{{"name", name}, {"revoked_at", revokedAt}};
}

}  // namespace tandem::app
