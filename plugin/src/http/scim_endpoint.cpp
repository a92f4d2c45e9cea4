#include "http/scim_endpoint.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "http/internal/scim_body.h"
#include "http/internal/scim_call.h"
#include "scim/patch.h"
#include "scim/schemas.h"
#include "scim/token.h"

namespace tandem::http {

using internal::ListParams;
using internal::parseScimBody;
using internal::ScimCall;
using internal::scimJson;
using nlohmann::json;

namespace {

constexpr int kMaxBulkOperations = 1000;

bool isScimType(const std::string& detail) {
  for (const char* t : {scim::kInvalidFilter, scim::kInvalidPath, scim::kInvalidValue,
                        scim::kInvalidSyntax, scim::kNoTarget, scim::kMutability,
                        scim::kUniqueness, scim::kTooMany, "invalidVers", "sensitive"}) {
    if (detail == t) return true;
  }
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Query parameters by name, case-insensitively (identity providers differ in spelling).
std::map<std::string, std::string> queryParams(const std::string& query) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    const std::string part = query.substr(pos, end - pos);
    const size_t eq = part.find('=');
    const std::string key = lower(urlDecode(part.substr(0, eq)));
    if (!key.empty() && !out.contains(key)) {
      out[key] = eq == std::string::npos ? "" : urlDecode(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return out;
}

core::Status invalidValue(const std::string& message) {
  return core::invalidArgument(message).withDetail(scim::kInvalidValue);
}

core::Result<int64_t> integerParam(const std::string& name, const std::string& text) {
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) return invalidValue(name + " must be an integer");
  return value;
}

// Shared by GET and POST .search once the raw values are read.
core::Result<ListParams> makeParams(const std::optional<std::string>& filter,
                                    const std::optional<std::string>& sortBy,
                                    const std::optional<std::string>& sortOrder,
                                    std::optional<int64_t> startIndex, std::optional<int64_t> count,
                                    std::vector<std::string> attributes,
                                    std::vector<std::string> excluded) {
  ListParams p;
  if (filter && !filter->empty()) {
    auto parsed = scim::parseFilter(*filter);
    if (!parsed.isOk()) {
      return core::invalidArgument(parsed.status().message()).withDetail(scim::kInvalidFilter);
    }
    p.filter = std::move(parsed).value();
  }
  if (sortBy) p.sortBy = *sortBy;
  if (sortOrder && !sortOrder->empty()) {
    if (scim::equalsIgnoreCase(*sortOrder, "descending")) {
      p.descending = true;
    } else if (!scim::equalsIgnoreCase(*sortOrder, "ascending")) {
      return invalidValue("sortOrder must be ascending or descending");
    }
  }
  // RFC 7644 section 3.4.2.4: below 1 means 1; a negative count means 0; above the maximum
  // the service provider returns its maximum.
  if (startIndex) p.startIndex = std::max<int64_t>(1, *startIndex);
  if (count) p.count = std::clamp<int64_t>(*count, 0, internal::kMaxResults);
  p.attributes = std::move(attributes);
  p.excludedAttributes = std::move(excluded);
  return p;
}

std::string baseUrlOf(const Request& request) {
  std::string proto = request.header("X-Forwarded-Proto");
  if (proto != "https") proto = "http";
  std::string host = request.header("Host");
  if (host.empty() || host.find_first_of("/ \\\"<>") != std::string::npos) host = "localhost";
  return proto + "://" + host + kScimPrefix;
}

bool acceptedMediaType(const std::string& contentType) {
  if (contentType.empty()) return true;
  std::string type = lower(contentType.substr(0, contentType.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(),
                            [](char c) { return c == ' ' || c == '\t'; }),
             type.end());
  return type == "application/scim+json" || type == "application/json";
}

json serviceProviderConfig(const std::string& baseUrl) {
  return {
      {"schemas", json::array({std::string(scim::kServiceProviderConfigSchema)})},
      {"patch", {{"supported", true}}},
      {"bulk",
       {{"supported", true}, {"maxOperations", kMaxBulkOperations}, {"maxPayloadSize", 1048576}}},
      {"filter", {{"supported", true}, {"maxResults", internal::kMaxResults}}},
      {"changePassword", {{"supported", false}}},
      {"sort", {{"supported", true}}},
      {"etag", {{"supported", true}}},
      {"authenticationSchemes",
       json::array({{{"type", "oauthbearertoken"},
                     {"name", "OAuth Bearer Token"},
                     {"description",
                      "A bearer token made by IT with `tandem scim token create --name NAME`"},
                     {"primary", true}}})},
      {"meta",
       {{"resourceType", "ServiceProviderConfig"},
        {"location", baseUrl + "/ServiceProviderConfig"}}}};
}

json listOf(json resources) {
  const auto n = static_cast<int64_t>(resources.size());
  return {{"schemas", json::array({std::string(scim::kListResponseSchema)})},
          {"totalResults", n},
          {"startIndex", 1},
          {"itemsPerPage", n},
          {"Resources", std::move(resources)}};
}

Response discovery(const ScimCall& call, const std::string& path) {
  if (call.method != "GET") {
    Response r = scimError(405, call.method + " is not allowed here");
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  const std::string lowerPath = lower(path);
  if (lowerPath == "/serviceproviderconfig") {
    return scimJson(200, serviceProviderConfig(call.baseUrl));
  }
  const std::vector<const scim::ResourceTypeDef*> types = {&scim::userResourceType(),
                                                           &scim::groupResourceType()};
  if (lowerPath == "/resourcetypes") {
    json all = json::array();
    for (const auto* t : types) all.push_back(scim::resourceTypeJson(*t, call.baseUrl));
    return scimJson(200, listOf(std::move(all)));
  }
  if (lowerPath.rfind("/resourcetypes/", 0) == 0) {
    const std::string name = path.substr(std::string("/ResourceTypes/").size());
    for (const auto* t : types) {
      if (scim::equalsIgnoreCase(t->name, name)) {
        return scimJson(200, scim::resourceTypeJson(*t, call.baseUrl));
      }
    }
    return scimError(404, "no resource type \"" + name + "\" (User, Group)");
  }
  if (lowerPath == "/schemas") {
    json all = json::array();
    for (const auto* s : scim::allSchemas()) all.push_back(scim::schemaJson(*s, call.baseUrl));
    return scimJson(200, listOf(std::move(all)));
  }
  const std::string id = path.substr(std::string("/Schemas/").size());
  if (const auto* schema = scim::findSchema(id)) {
    return scimJson(200, scim::schemaJson(*schema, call.baseUrl));
  }
  return scimError(404, "no schema \"" + id + "\"");
}

core::Result<std::vector<std::string>> stringList(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::vector<std::string>();
  if (it->is_string()) return scim::splitAttributeList(it->get<std::string>());
  if (!it->is_array()) return invalidValue(std::string(key) + " must be an array of strings");
  std::vector<std::string> out;
  for (const json& item : *it) {
    if (!item.is_string()) return invalidValue(std::string(key) + " must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

bool isInvalid(const core::Status& status, const char* scimType) {
  return status.code() == core::StatusCode::kInvalidArgument && status.errorCode() == scimType;
}

// One resource type's part in a search at the root, after its counting pass.
struct RootPart {
  // False when the filter names an attribute this type does not have (or compares one of its
  // attributes in a way its type does not allow): the type contributes nothing.
  bool applies = true;
  core::Status filterError;  // why it does not apply
  // Set when this type has no attribute sortBy names: it is listed unsorted (RFC 7644 section
  // 3.4.2.3 sorts unassigned values last, and here all of them are unassigned).
  core::Status sortError;
  ListParams params;  // the parameters this type is listed with
  int64_t total = 0;
};

// Counts the resources of one type for a root search. Only a filter or sortBy that does not fit
// the type is absorbed into the RootPart; every other error (store unavailable, internal) is
// returned.
core::Result<RootPart> countForRoot(ScimCall& call, const internal::ListFn& list,
                                    const ListParams& params) {
  RootPart part;
  part.params = params;
  ListParams counting = params;
  counting.count = 0;
  counting.startIndex = 1;
  auto counted = list(call, counting);
  if (!counted.isOk() && isInvalid(counted.status(), scim::kInvalidValue) &&
      !params.sortBy.empty()) {
    part.sortError = counted.status();
    part.params.sortBy.clear();
    counting.sortBy.clear();
    counted = list(call, counting);
  }
  if (!counted.isOk()) {
    if (!isInvalid(counted.status(), scim::kInvalidFilter)) return counted.status();
    part.applies = false;
    part.filterError = counted.status();
    return part;
  }
  part.total = (*counted)["totalResults"].get<int64_t>();
  return part;
}

// POST /.search, /Users/.search, /Groups/.search (RFC 7644 section 3.4.3).
Response search(ScimCall& call, const std::string& resource) {
  auto body = parseScimBody(call.body);
  if (!body.isOk()) return scimError(body.status());
  auto params = internal::listParamsFromSearch(*body);
  if (!params.isOk()) return scimError(params.status());
  if (resource == "Users") {
    auto list = internal::listUsersJson(call, *params);
    return list.isOk() ? scimJson(200, *list) : scimError(list.status());
  }
  if (resource == "Groups") {
    auto list = internal::listGroupsJson(call, *params);
    return list.isOk() ? scimJson(200, *list) : scimError(list.status());
  }
  return internal::searchRoot(call, *params, internal::listUsersJson, internal::listGroupsJson);
}

Response route(ScimCall& call);

// Replaces "bulkId:<id>" strings by the ids created earlier in the same request.
core::Status resolveBulkIds(json& value, const std::map<std::string, std::string>& created) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (s.rfind("bulkId:", 0) == 0) {
      const auto it = created.find(s.substr(7));
      if (it == created.end()) {
        return invalidValue("\"" + s + "\" names no resource created earlier in this request");
      }
      value = it->second;
    }
    return core::Status::ok();
  }
  if (value.is_array() || value.is_object()) {
    for (auto& item : value) TDM_RETURN_IF_ERROR(resolveBulkIds(item, created));
  }
  return core::Status::ok();
}

// Whether a bulk operation's path may be routed: anything but /Bulk itself (which would recurse)
// and the .search endpoints (queries, not resource operations; RFC 7644 section 3.7 lists POST,
// PUT, PATCH and DELETE on resources). Other paths are routed and answered as usual (404, 405).
bool isResourcePath(const std::string& path) {
  const std::string p = lower(path);
  const auto endsWith = [&](const std::string& tail) {
    return p.size() >= tail.size() && p.compare(p.size() - tail.size(), tail.size(), tail) == 0;
  };
  return p != "/bulk" && p.rfind("/bulk/", 0) != 0 && p.rfind("/bulk?", 0) != 0 &&
         !endsWith("/.search") && p != ".search";
}

// POST /Bulk (RFC 7644 section 3.7): operations run in order, each in its own transaction;
// processing stops once failOnErrors errors happened.
Response bulk(ScimCall& call) {
  auto parsed = parseScimBody(call.body);
  if (!parsed.isOk()) return scimError(parsed.status());
  json& body = *parsed;
  const auto schemas = body.find("schemas");
  const bool named = schemas != body.end() && schemas->is_array() &&
                     std::any_of(schemas->begin(), schemas->end(), [](const json& s) {
                       return s.is_string() &&
                              scim::equalsIgnoreCase(s.get<std::string>(),
                                                     scim::kBulkRequestSchema);
                     });
  if (!named) {
    return scimError(core::invalidArgument("schemas must contain \"" +
                                           std::string(scim::kBulkRequestSchema) + "\"")
                         .withDetail(scim::kInvalidSyntax));
  }
  const auto ops = body.find("Operations");
  if (ops == body.end() || !ops->is_array()) {
    return scimError(core::invalidArgument("Operations must be an array")
                         .withDetail(scim::kInvalidSyntax));
  }
  if (ops->size() > static_cast<size_t>(kMaxBulkOperations)) {
    Response r = scimError(413, "a bulk request holds at most " +
                                    std::to_string(kMaxBulkOperations) + " operations");
    return r;
  }
  int64_t failOnErrors = 0;  // 0: go on whatever happens
  if (body.contains("failOnErrors") && !body["failOnErrors"].is_null()) {
    if (!body["failOnErrors"].is_number_integer() || body["failOnErrors"].get<int64_t>() < 1) {
      return scimError(invalidValue("failOnErrors must be a positive integer"));
    }
    failOnErrors = body["failOnErrors"].get<int64_t>();
  }
  std::map<std::string, std::string> created;
  json results = json::array();
  int64_t errors = 0;
  for (const json& op : *ops) {
    json result = json::object();
    const auto fail = [&](const Response& r) {
      result["status"] = std::to_string(r.status);
      result["response"] = json::parse(r.body, nullptr, false);
      results.push_back(result);
      ++errors;
    };
    if (!op.is_object() || !op.contains("method") || !op["method"].is_string() ||
        !op.contains("path") || !op["path"].is_string()) {
      fail(scimError(core::invalidArgument("each operation needs a method and a path")
                         .withDetail(scim::kInvalidSyntax)));
    } else {
      std::string method = op["method"].get<std::string>();
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      result["method"] = method;
      std::string bulkId;
      if (op.contains("bulkId") && op["bulkId"].is_string()) {
        bulkId = op["bulkId"].get<std::string>();
        result["bulkId"] = bulkId;
      }
      std::string path = op["path"].get<std::string>();
      json data = op.value("data", json());
      json pathJson = path;
      // "version" is the ETag to match (RFC 7644 section 3.7), a string like every "version"
      // (RFC 7643 section 3.1); null is the same as leaving it out. Anything else is refused
      // rather than ignored: ignoring it would run the change without the check the client asked
      // for.
      const auto version = op.find("version");
      const bool badVersion = version != op.end() && !version->is_null() && !version->is_string();
      core::Status resolved = resolveBulkIds(data, created);
      if (resolved.isOk()) resolved = resolveBulkIds(pathJson, created);
      if (!resolved.isOk()) {
        fail(scimError(resolved));
      } else if (method == "POST" && bulkId.empty()) {
        fail(scimError(invalidValue("a POST operation needs a bulkId")));
      } else if (method != "POST" && method != "PUT" && method != "PATCH" &&
                 method != "DELETE") {
        fail(scimError(invalidValue("method must be POST, PUT, PATCH or DELETE")));
      } else if (badVersion) {
        fail(scimError(invalidValue("version must be a string (the resource's ETag)")));
      } else if (!isResourcePath(pathJson.get<std::string>())) {
        fail(scimError(core::invalidArgument(
                           "path \"" + pathJson.get<std::string>() +
                           "\" is not a resource: a bulk operation targets /Users or /Groups, "
                           "never /Bulk or a .search")
                           .withDetail(scim::kInvalidPath)));
      } else {
        path = pathJson.get<std::string>();
        ScimCall sub{method,
                     path,
                     data.is_null() ? std::string() : data.dump(),
                     version != op.end() && version->is_string() ? version->get<std::string>()
                                                                  : std::string(),
                     "",
                     {},
                     {},
                     "",
                     call.store,
                     call.baseUrl,
                     call.actor};
        Response r = route(sub);
        if (r.status >= 400) {
          fail(r);
        } else {
          result["status"] = std::to_string(r.status);
          for (const auto& [name, value] : r.headers) {
            if (name == "Location") result["location"] = value;
            if (name == "ETag") result["version"] = value;
          }
          if (method == "POST" && !bulkId.empty()) {
            json createdBody = json::parse(r.body, nullptr, false);
            if (createdBody.is_object() && createdBody.contains("id")) {
              created[bulkId] = createdBody["id"].get<std::string>();
            }
          }
          results.push_back(result);
        }
      }
    }
    if (failOnErrors > 0 && errors >= failOnErrors) break;
  }
  return scimJson(200, {{"schemas", json::array({std::string(scim::kBulkResponseSchema)})},
                        {"Operations", std::move(results)}});
}

// Routes one call below /scim/v2 (also the operations of /Bulk).
Response route(ScimCall& call) {
  const std::string& path = call.path;
  const auto segment = [&](const std::string& collection, std::string& id) {
    const std::string prefix = "/" + collection;
    if (lower(path) == lower(prefix)) {
      id.clear();
      return true;
    }
    if (lower(path.substr(0, prefix.size() + 1)) == lower(prefix + "/") &&
        path.size() > prefix.size() + 1) {
      id = urlDecode(path.substr(prefix.size() + 1));
      return id.find('/') == std::string::npos;
    }
    return false;
  };
  std::string id;
  const std::string lowerPath = lower(path);
  if (lowerPath == "/.search" || lowerPath == "/users/.search" || lowerPath == "/groups/.search") {
    if (call.method != "POST") {
      Response r = scimError(405, call.method + " is not allowed here");
      r.headers.emplace_back("Allow", "POST");
      return r;
    }
    return search(call, lowerPath == "/users/.search"    ? "Users"
                        : lowerPath == "/groups/.search" ? "Groups"
                                                         : "");
  }
  if (segment("Users", id)) return internal::handleUsers(call, id);
  if (segment("Groups", id)) return internal::handleGroups(call, id);
  if (lowerPath == "/bulk") {
    if (call.method != "POST") {
      Response r = scimError(405, call.method + " is not allowed here");
      r.headers.emplace_back("Allow", "POST");
      return r;
    }
    return bulk(call);
  }
  if (lowerPath == "/serviceproviderconfig" || lowerPath == "/resourcetypes" ||
      lowerPath.rfind("/resourcetypes/", 0) == 0 || lowerPath == "/schemas" ||
      lowerPath.rfind("/schemas/", 0) == 0) {
    return discovery(call, path);
  }
  return scimError(404, "no SCIM endpoint " + path +
                            " (Users, Groups, Bulk, .search, ServiceProviderConfig, "
                            "ResourceTypes, Schemas)");
}

}  // namespace

namespace internal {

Response searchRoot(ScimCall& call, const ListParams& params, const ListFn& listUsers,
                    const ListFn& listGroups) {
  // The root: Users, then Groups, paged as one list. A filter that names an attribute only Users
  // have fails for Groups (and the other way round), so it applies to the types it is valid for;
  // it is an error only when it fits neither. Any other error fails the whole search.
  auto users = countForRoot(call, listUsers, params);
  if (!users.isOk()) return scimError(users.status());
  auto groups = countForRoot(call, listGroups, params);
  if (!groups.isOk()) return scimError(groups.status());
  if (!users->applies && !groups->applies) return scimError(users->filterError);
  const bool usersUnsorted = !users->applies || !users->sortError.isOk();
  const bool groupsUnsorted = !groups->applies || !groups->sortError.isOk();
  if (!params.sortBy.empty() && usersUnsorted && groupsUnsorted) {
    return scimError(users->sortError.isOk() ? groups->sortError : users->sortError);
  }
  const int64_t userTotal = users->applies ? users->total : 0;
  const int64_t groupTotal = groups->applies ? groups->total : 0;
  json resources = json::array();
  int64_t remaining = params.count;
  if (users->applies && params.startIndex <= userTotal && remaining > 0) {
    auto list = listUsers(call, users->params);
    if (!list.isOk()) return scimError(list.status());
    for (auto& r : (*list)["Resources"]) resources.push_back(std::move(r));
    remaining -= static_cast<int64_t>((*list)["Resources"].size());
  }
  if (groups->applies && remaining > 0) {
    ListParams page = groups->params;
    page.startIndex = std::max<int64_t>(1, params.startIndex - userTotal);
    page.count = remaining;
    auto list = listGroups(call, page);
    if (!list.isOk()) return scimError(list.status());
    for (auto& r : (*list)["Resources"]) resources.push_back(std::move(r));
  }
  const auto n = static_cast<int64_t>(resources.size());
  return scimJson(200, {{"schemas", json::array({std::string(scim::kListResponseSchema)})},
                        {"totalResults", userTotal + groupTotal},
                        {"startIndex", params.startIndex},
                        {"itemsPerPage", n},
                        {"Resources", std::move(resources)}});
}

core::Result<ListParams> listParamsFromQuery(const std::string& query) {
  const auto params = queryParams(query);
  const auto get = [&](const char* key) -> std::optional<std::string> {
    const auto it = params.find(lower(key));
    if (it == params.end()) return std::nullopt;
    return it->second;
  };
  std::optional<int64_t> startIndex;
  std::optional<int64_t> count;
  if (auto v = get("startIndex"); v && !v->empty()) {
    auto n = integerParam("startIndex", *v);
    if (!n.isOk()) return n.status();
    startIndex = *n;
  }
  if (auto v = get("count"); v && !v->empty()) {
    auto n = integerParam("count", *v);
    if (!n.isOk()) return n.status();
    count = *n;
  }
  return makeParams(get("filter"), get("sortBy"), get("sortOrder"), startIndex, count,
                    scim::splitAttributeList(get("attributes").value_or("")),
                    scim::splitAttributeList(get("excludedAttributes").value_or("")));
}

core::Result<ListParams> listParamsFromSearch(const json& body) {
  const auto schemas = body.find("schemas");
  const bool named = schemas != body.end() && schemas->is_array() &&
                     std::any_of(schemas->begin(), schemas->end(), [](const json& s) {
                       return s.is_string() &&
                              scim::equalsIgnoreCase(s.get<std::string>(),
                                                     scim::kSearchRequestSchema);
                     });
  if (!named) {
    return core::invalidArgument("schemas must contain \"" +
                                 std::string(scim::kSearchRequestSchema) + "\"")
        .withDetail(scim::kInvalidSyntax);
  }
  const auto text = [&](const char* key) -> core::Result<std::optional<std::string>> {
    const auto it = body.find(key);
    if (it == body.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return invalidValue(std::string(key) + " must be a string");
    return std::optional<std::string>(it->get<std::string>());
  };
  const auto integer = [&](const char* key) -> core::Result<std::optional<int64_t>> {
    const auto it = body.find(key);
    if (it == body.end() || it->is_null()) return std::optional<int64_t>();
    if (!it->is_number_integer()) return invalidValue(std::string(key) + " must be an integer");
    return std::optional<int64_t>(it->get<int64_t>());
  };
  auto filter = text("filter");
  if (!filter.isOk()) return filter.status();
  auto sortBy = text("sortBy");
  if (!sortBy.isOk()) return sortBy.status();
  auto sortOrder = text("sortOrder");
  if (!sortOrder.isOk()) return sortOrder.status();
  auto startIndex = integer("startIndex");
  if (!startIndex.isOk()) return startIndex.status();
  auto count = integer("count");
  if (!count.isOk()) return count.status();
  auto attributes = stringList(body, "attributes");
  if (!attributes.isOk()) return attributes.status();
  auto excluded = stringList(body, "excludedAttributes");
  if (!excluded.isOk()) return excluded.status();
  return makeParams(*filter, *sortBy, *sortOrder, *startIndex, *count, std::move(*attributes),
                    std::move(*excluded));
}

}  // namespace internal

bool isScimPath(const std::string& path) {
  return path == kScimPrefix || path.rfind(std::string(kScimPrefix) + "/", 0) == 0;
}

Response scimError(int status, const std::string& detail, const std::string& scimType) {
  json body = {{"schemas", json::array({std::string(scim::kErrorSchema)})},
               {"status", std::to_string(status)},
               {"detail", detail}};
  if (!scimType.empty()) body["scimType"] = scimType;
  return scimJson(status, body);
}

Response scimError(const core::Status& status) {
  const std::string detail = status.errorCode();
  return scimError(httpStatusFor(status), status.message(), isScimType(detail) ? detail : "");
}

ScimEndpoint::ScimEndpoint() : limiter_(50, 100) {}

void ScimEndpoint::configure(double ratePerSecond, double burst) {
  limiter_.configure(ratePerSecond, burst);
}

Response ScimEndpoint::handle(const Request& request, storage::Store& store,
                              size_t maxBodyBytes) {
  if (request.body.size() > maxBodyBytes) {
    return scimError(413, "the request body is larger than " + std::to_string(maxBodyBytes) +
                              " bytes");
  }
  auto session = store.session();
  if (!session.isOk()) return scimError(session.status());
  auto token = scim::verifyBearer((*session)->scimTokens(), request.header("Authorization"));
  if (!token.isOk() && token.status().code() != core::StatusCode::kUnauthenticated) {
    return scimError(token.status());  // the store failed: not the token's fault
  }
  if (!token.isOk()) {
    Response r = scimError(401, token.status().message());
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"tandem-scim\"");
    return r;
  }
  const auto decision = limiter_.take(token->name);
  if (!decision.allowed) {
    Response r = scimError(429, "too many requests for this token: retry after " +
                                    std::to_string(decision.retryAfterSeconds) + " s");
    r.headers.emplace_back("Retry-After", std::to_string(decision.retryAfterSeconds));
    return r;
  }
  const bool hasBody = request.method == "POST" || request.method == "PUT" ||
                       request.method == "PATCH";
  if (hasBody && !acceptedMediaType(request.header("Content-Type"))) {
    return scimError(415, "send application/scim+json or application/json, not " +
                              request.header("Content-Type"));
  }
  std::string path = request.path.substr(std::string(kScimPrefix).size());
  if (path.empty()) path = "/";
  const auto params = queryParams(request.query);
  const auto list = [&](const char* key) {
    const auto it = params.find(lower(key));
    return it == params.end() ? std::vector<std::string>()
                              : scim::splitAttributeList(it->second);
  };
  ScimCall call{request.method,
                path,
                request.body,
                request.header("If-Match"),
                request.header("If-None-Match"),
                list("attributes"),
                list("excludedAttributes"),
                request.query,
                **session,
                baseUrlOf(request),
                "scim:" + token->name};
  return route(call);
}

}  // namespace tandem::http
