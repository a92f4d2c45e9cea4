#include "http/handler_support.h"

#include <charconv>

namespace tandem::http {

using nlohmann::json;

core::Result<json> jsonBody(const Request& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return core::invalidArgument("the request body is not valid JSON").withDetail("invalid_json");
  }
  if (!body.is_object()) {
    return core::invalidArgument("the request body must be a JSON object")
        .withDetail("invalid_json");
  }
  return body;
}

core::Result<directory::Employee> currentEmployee(RouteContext& ctx) {
  auto found = ctx.store->employees().findByUserName(ctx.identity.userId);
  if (!found.isOk()) return found.status();
  if (!found->has_value() || !(*found)->active) {
    return core::permissionDenied("your account '" + ctx.identity.userId +
                                  "' is not an active employee in Tandem's directory");
  }
  return **found;
}

core::Result<bool> moduleEnabled(storage::StoreSession& store) {
  auto value = store.settings().get("module.enabled");
  if (!value.isOk()) return value.status();
  return !value->has_value() || **value == "true";
}

namespace {
std::optional<int64_t> parseInt(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}
}  // namespace

core::Result<int64_t> idParam(const Request& request, const std::string& name) {
  auto it = request.pathParams.find(name);
  std::optional<int64_t> v = it == request.pathParams.end() ? std::nullopt : parseInt(it->second);
  if (!v || *v <= 0) return core::notFound("no such " + name + ": " + (it == request.pathParams.end() ? "" : it->second));
  return *v;
}

core::Result<int> intQuery(const Request& request, const std::string& name, int fallback, int min,
                           int max) {
  auto raw = request.queryParam(name);
  if (!raw || raw->empty()) return fallback;
  auto v = parseInt(*raw);
  if (!v || *v < min || *v > max) {
    return core::invalidArgument(name + ": must be an integer from " + std::to_string(min) +
                                 " to " + std::to_string(max));
  }
  return static_cast<int>(*v);
}

core::Result<std::string> stringField(const json& body, const std::string& key, bool required,
                                      const std::string& fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return core::invalidArgument(key + ": is required");
    return fallback;
  }
  if (!it->is_string()) return core::invalidArgument(key + ": must be a string");
  return it->get<std::string>();
}

core::Result<bool> boolField(const json& body, const std::string& key, bool fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return core::invalidArgument(key + ": must be true or false");
  return it->get<bool>();
}

core::Result<int64_t> idField(const json& body, const std::string& key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer() || it->get<int64_t>() < 1) {
    return core::invalidArgument(key + ": must be a positive integer id");
  }
  return it->get<int64_t>();
}

core::Result<std::string> textField(const json& body, const std::string& key, bool required,
                                    size_t maxBytes) {
  auto text = stringField(body, key, required);
  if (!text.isOk()) return text.status();
  if (text->size() > maxBytes) {
    return core::invalidArgument(key + ": at most " + std::to_string(maxBytes) + " bytes");
  }
  return text;
}

core::Result<int> intField(const json& body, const std::string& key, int fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) return core::invalidArgument(key + ": must be an integer");
  int64_t v = it->get<int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) return core::invalidArgument(key + ": out of range");
  return static_cast<int>(v);
}

json employeeJson(const directory::Employee& e) {
  json manager = nullptr;
  if (e.managerId) {
    manager = {{"id", *e.managerId}, {"displayName", e.managerName.value_or("")}};
  }
  return {{"id", e.id},
          {"userName", e.userName},
          {"displayName", e.displayName},
          {"email", e.email},
          {"department", e.department},
          {"title", e.title},
          {"level", e.level ? json(*e.level) : json(nullptr)},
          {"location", e.location},
          {"timeZone", e.timeZone},
          {"locale", e.locale},
          {"languages", e.languages},
          {"manager", manager},
          {"active", e.active}};
}

json skillJson(const mentoring::Skill& s, const std::string& locale) {
  std::string lang = locale.substr(0, locale.find_first_of("-_"));
  auto localized = s.names.find(lang);
  return {{"id", s.id},
          {"slug", s.slug},
          {"kind", s.kind},
          {"name", s.name},
          {"localizedName", localized == s.names.end() ? s.name : localized->second},
          {"names", s.names},
          {"description", s.description},
          {"active", s.active}};
}

json participantSkillsJson(const mentoring::Participant& p) {
  json items = json::array();
  for (const auto& s : p.skills) {
    items.push_back({{"skillId", s.skillId},
                     {"direction", s.direction == mentoring::Direction::kTeach ? "teach" : "learn"},
                     {"level", s.level}});
  }
  return items;
}

json participantJson(const mentoring::Participant& p) {
  json availability = json::array();
  for (const auto& w : p.availability) {
    availability.push_back({{"weekday", w.weekday}, {"start", w.start}, {"end", w.end}});
  }
  return {{"role", p.role},
          {"capacity", p.capacity},
          {"languages", p.languages},
          {"availability", availability},
          {"hopeNote", p.hopeNote},
          {"readiness", p.readiness},
          {"skills", participantSkillsJson(p)},
          {"status", p.status},
          {"consentAt", p.consentAt},
          {"updatedAt", p.updatedAt}};
}

json programJson(const mentoring::Program& p) {
  json settings = json::parse(p.settingsJson, nullptr, false);
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description},
          {"startsOn", p.startsOn},
          {"endsOn", p.endsOn},
          {"status", p.status},
          {"settings", settings.is_discarded() ? json::object() : settings},
          {"createdBy", p.createdBy},
          {"createdAt", p.createdAt},
          {"updatedAt", p.updatedAt}};
}

core::Result<std::vector<mentoring::ParticipantSkill>> parseParticipantSkills(const json& items) {
  if (!items.is_array()) return core::invalidArgument("skills: must be an array");
  std::vector<mentoring::ParticipantSkill> out;
  for (size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    const std::string where = "skills[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("skillId") || !item["skillId"].is_number_integer() ||
        !item.contains("direction") || !item["direction"].is_string() ||
        !item.contains("level") || !item["level"].is_number_integer()) {
      return core::invalidArgument(where +
                                   ": needs skillId (integer), direction and level (integer)");
    }
    const std::string direction = item["direction"].get<std::string>();
    if (direction != "teach" && direction != "learn") {
      return core::invalidArgument(where + ": direction must be teach or learn");
    }
    int64_t level = item["level"].get<int64_t>();
    out.push_back({item["skillId"].get<int64_t>(),
                   direction == "teach" ? mentoring::Direction::kTeach
                                        : mentoring::Direction::kLearn,
                   static_cast<int>(std::clamp<int64_t>(level, -1, 99))});
  }
  return out;
}

Response inTransaction(storage::StoreSession& store,
                       const std::function<core::Status(Response& out)>& fn) {
  Response out;
  core::Status status = store.transaction([&] { return fn(out); });
  if (!status.isOk()) return Response::error(status);
  return out;
}

}  // namespace tandem::http
