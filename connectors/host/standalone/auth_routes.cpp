#include "auth_routes.h"

#include <Poco/URI.h>

#include <algorithm>
#include <cctype>

#include "demo_accounts.h"
#include "ldap_authenticator.h"
#include "host/common/csrf_guard.h"
#include "http_util.h"
#include "service_client.h"
#include "session_cookie.h"

namespace tandem::standalone {
namespace {

constexpr int kDemoAccountLimit = 50;
constexpr std::size_t kLoginBodyLimit = 16 * 1024;

bool validUserName(std::string_view s) {
  if (s.empty() || s.size() > 256) return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') return false;
  }
  return true;
}

// A BCP 47-looking tag: letters, digits and '-', 2..35 characters.
bool validLocale(std::string_view s) {
  if (s.size() < 2 || s.size() > 35) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

void sendServiceError(HostContext& ctx, const host::Status& status,
                      Poco::Net::HTTPServerResponse& response) {
  ctx.log->warn("service call failed: {} ({})", status.message(), status.errorCode());
  sendError(response, 503, "unavailable", "the plugin could not answer");
}

std::string demoAccounts(HostContext& ctx, std::string_view query,
                         Poco::Net::HTTPServerResponse& response) {
  std::string q;
  try {
    for (const auto& [k, v] : Poco::URI("/?" + std::string(query)).getQueryParameters()) {
      if (k == "q") q = v;
    }
  } catch (const Poco::Exception&) {
    sendError(response, 400, "invalid_argument", "malformed query string");
    return "/auth/demo-accounts";
  }
  auto items = searchAccounts(ctx.plugin, q, kDemoAccountLimit);
  if (!items.isOk()) {
    sendServiceError(ctx, items.status(), response);
    return "/auth/demo-accounts";
  }
  nlohmann::json out = nlohmann::json::array();
  for (auto& account : *items) {
    if (!account.is_object()) continue;
    const auto groups = account.find("groups");
    account["roles"] = host::roleNames(rolesForGroups(
        groups != account.end() ? *groups : nlohmann::json(), ctx.config.hrAdminGroup));
    out.push_back(std::move(account));
  }
  response.set("Cache-Control", "no-store");
  sendJson(response, 200, {{"items", std::move(out)}});
  return "/auth/demo-accounts";
}

// Checks a password by LDAP bind, with the rate limits. On success fills session's userName,
// displayName and roles and returns true; otherwise has sent the answer (401, 429 or 503) and
// returns false. Logs the user name and the outcome, never the password.
bool ldapLogin(HostContext& ctx, Poco::Net::HTTPServerRequest& request,
               const std::string& userName, const std::string& password,
               Poco::Net::HTTPServerResponse& response, host::Session* session) {
  std::string folded = userName;
  for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string userKey = "user:" + folded;
  const std::string addressKey = "addr:" + request.clientAddress().host().toString();
  const int wait = std::max(ctx.userLoginLimiter.retryAfter(userKey),
                            ctx.addressLoginLimiter.retryAfter(addressKey));
  if (wait > 0) {
    ctx.log->warn("sign-in of {} refused: too many failed attempts (retry in {} s)", userName,
                  wait);
    response.set("Retry-After", std::to_string(wait));
    sendError(response, 429, "resource_exhausted",
              "too many failed sign-in attempts; try again later");
    return false;
  }
  auto identity = ctx.ldapAuth->authenticate(userName, password);
  if (!identity.isOk()) {
    if (identity.status().code() == core::StatusCode::kUnauthenticated) {
      ctx.userLoginLimiter.recordFailure(userKey);
      ctx.addressLoginLimiter.recordFailure(addressKey);
      ctx.log->info("sign-in of {} failed: invalid user name or password", userName);
      sendError(response, 401, "unauthenticated", std::string(ldap::kInvalidCredentials));
    } else {
      ctx.log->error("sign-in of {} failed: {}", userName, identity.status().message());
      sendError(response, 503, "unavailable", "the directory cannot be reached; try again later");
    }
    return false;
  }
  ctx.userLoginLimiter.reset(userKey);
  session->userName = identity->userName;
  session->displayName = identity->displayName;
  session->roles = rolesForGroups(nlohmann::json(identity->groups), ctx.config.hrAdminGroup);
  return true;
}

void login(HostContext& ctx, Poco::Net::HTTPServerRequest& request,
           Poco::Net::HTTPServerResponse& response) {
  if (mediaType(request) != "application/json") {
    sendError(response, 415, "unsupported_media_type", "send the login as application/json");
    return;
  }
  if (!host::CsrfGuard::originAllowed(request.get("Origin", ""), request.get("Sec-Fetch-Site", ""),
                                      request.get("Host", ""))) {
    sendError(response, 403, "csrf_failed", "cross-origin sign-in refused");
    return;
  }
  std::string body;
  const std::size_t limit = std::min(kLoginBodyLimit, ctx.config.maxBodyBytes);
  switch (readBody(request, limit, &body)) {
    case BodyStatus::kOk:
      break;
    case BodyStatus::kTooLarge:
      sendPayloadTooLarge(request, response, limit);
      return;
    case BodyStatus::kLengthRequired:
      sendError(response, 411, "length_required", "Content-Length required");
      return;
    case BodyStatus::kError:
      sendError(response, 400, "invalid_argument", "incomplete request body");
      return;
  }
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    sendError(response, 400, "invalid_json", "the body is not a JSON object");
    return;
  }
  const auto user = j.find("userName");
  if (user == j.end() || !user->is_string()) {
    sendError(response, 400, "invalid_argument", "userName is required");
    return;
  }
  if (!validUserName(user->get_ref<const std::string&>())) {
    if (ctx.ldapAuth != nullptr) {
      // Same answer as a wrong password: the form does not tell which names exist.
      ctx.log->info("sign-in refused: malformed user name");
      sendError(response, 401, "unauthenticated", std::string(ldap::kInvalidCredentials));
    } else {
      sendError(response, 400, "invalid_argument", "userName is required");
    }
    return;
  }
  std::string locale;
  if (const auto l = j.find("locale"); l != j.end() && !l->is_null()) {
    if (!l->is_string() || !validLocale(l->get_ref<const std::string&>())) {
      sendError(response, 400, "invalid_argument", "locale must be a BCP 47 tag such as \"fr\"");
      return;
    }
    locale = l->get<std::string>();
  }
  std::string userName = user->get<std::string>();
  host::Session session;
  if (ctx.ldapAuth != nullptr) {
    const auto password = j.find("password");
    if (password == j.end() || !password->is_string()) {
      sendError(response, 400, "invalid_argument", "password is required");
      return;
    }
    if (!ldapLogin(ctx, request, userName, password->get_ref<const std::string&>(), response,
                   &session)) {
      return;
    }
    userName = session.userName;
  }
  auto account = lookupAccount(ctx.plugin, userName);
  if (!account.isOk()) {
    if (account.status().errorCode() != "not_found") {
      sendServiceError(ctx, account.status(), response);
    } else if (ctx.ldapAuth != nullptr) {
      // The password was right but the person has not been synced (or is inactive) yet.
      ctx.log->warn("sign-in of {} refused: not in Tandem's directory (run the LDAP sync)",
                    userName);
      sendError(response, 403, "permission_denied",
                "your account is not in Tandem's directory yet; ask HR to run the directory sync");
    } else {
      sendError(response, 401, "unauthenticated", "unknown or inactive account");
    }
    return;
  }
  session.userName = account->value("userName", userName);
  if (session.displayName.empty())
    session.displayName = account->value("displayName", session.userName);
  if (locale.empty()) locale = account->value("locale", std::string());
  session.locale = validLocale(locale) ? locale : "en";
  if (ctx.ldapAuth == nullptr) {
    const auto groups = account->find("groups");
    session.roles = rolesForGroups(groups != account->end() ? *groups : nlohmann::json(),
                                   ctx.config.hrAdminGroup);
  }
  session.csrfToken = host::SessionCodec::newCsrfToken();
  if (session.csrfToken.empty()) {
    sendError(response, 500, "internal", "cannot create a session");
    return;
  }
  const int64_t ttl = int64_t{ctx.config.sessionTtlMinutes} * 60;
  session.expiresAt = unixNow() + ttl;
  response.add("Set-Cookie",
               sessionCookie(ctx.sessions.encode(session), ttl, ctx.config.cookieSecure));
  response.set("X-CSRF-Token", session.csrfToken);
  response.set("Cache-Control", "no-store");
  ctx.log->info("signed in {} ({})", session.userName, ctx.ldapAuth != nullptr ? "ldap" : "demo");
  sendJson(response, 200, AuthRoutes::sessionJson(session));
}

void logout(HostContext& ctx, const std::optional<host::Session>& session,
            Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const auto verdict = host::CsrfGuard::check(
      request.getMethod(), request.get("Origin", ""), request.get("Sec-Fetch-Site", ""),
      request.get("Host", ""), request.get("X-CSRF-Token", ""),
      session ? std::string_view(session->csrfToken) : std::string_view());
  if (verdict != host::CsrfGuard::Verdict::kAllow) {
    sendError(response, 403, "csrf_failed", "missing or wrong X-CSRF-Token");
    return;
  }
  response.add("Set-Cookie", clearedSessionCookie(ctx.config.cookieSecure));
  response.set("Cache-Control", "no-store");
  if (session) {
    ctx.revocations.revoke(*session, unixNow());
    ctx.log->info("signed out {}", session->userName);
  }
  sendBody(response, 204, "", "");
}

}  // namespace

nlohmann::json AuthRoutes::sessionJson(const host::Session& session) {
  return {{"userName", session.userName},
          {"displayName", session.displayName},
          {"locale", session.locale},
          {"roles", host::roleNames(session.roles)},
          {"csrfToken", session.csrfToken}};
}

std::string AuthRoutes::handle(HostContext& ctx, std::string_view path, std::string_view query,
                               const std::optional<host::Session>& session,
                               Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response) {
  const std::string& method = request.getMethod();
  const auto wrongMethod = [&](const char* allowed) {
    response.set("Allow", allowed);
    sendError(response, 405, "method_not_allowed", "use " + std::string(allowed));
  };
  if (path == "/auth/session") {
    if (method != "GET") {
      wrongMethod("GET");
    } else if (!session) {
      sendError(response, 401, "unauthenticated", "not signed in");
    } else {
      response.set("Cache-Control", "no-store");
      response.set("X-CSRF-Token", session->csrfToken);
      sendJson(response, 200, sessionJson(*session));
    }
    return "/auth/session";
  }
  if (path == "/auth/logout") {
    if (method != "POST") {
      wrongMethod("POST");
    } else {
      logout(ctx, session, request, response);
    }
    return "/auth/logout";
  }
  if (path == "/auth/config") {
    if (method != "GET") {
      wrongMethod("GET");
    } else {
      response.set("Cache-Control", "no-store");
      const char* mode = ctx.ldapAuth != nullptr ? "ldap" : (ctx.config.demo ? "demo" : "none");
      sendJson(response, 200, {{"mode", mode}});
    }
    return "/auth/config";
  }
  const bool demo = ctx.ldapAuth == nullptr && ctx.config.demo;
  if (demo && path == "/auth/demo-accounts") {
    if (method != "GET") {
      wrongMethod("GET");
      return "/auth/demo-accounts";
    }
    return demoAccounts(ctx, query, response);
  }
  if ((demo || ctx.ldapAuth != nullptr) && path == "/auth/login") {
    if (method != "POST") {
      wrongMethod("POST");
    } else {
      login(ctx, request, response);
    }
    return "/auth/login";
  }
  sendError(response, 404, "not_found", "no such route");
  return "unmatched";
}

}  // namespace tandem::standalone
