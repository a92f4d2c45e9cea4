#include "scim_response.h"

#include <algorithm>

namespace tandem::scimclient {

using nlohmann::json;

namespace {

constexpr const char* kListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

bool readCount(const json& j, const char* key, int64_t& out) {
  const auto it = j.find(key);
  if (it == j.end()) return false;
  if (it->is_number_integer()) {
    out = it->get<int64_t>();
    return true;
  }
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > 18 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    out = std::stoll(s);
    return true;
  }
  return false;
}

}  // namespace

core::Result<json> parseJsonObject(const std::string& body, const std::string& where) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return core::invalidArgument(where + " answered with malformed JSON");
  if (!doc.is_object())
    return core::invalidArgument(where + " answered with JSON that is not an object");
  return doc;
}

core::Result<ListPage> parseListResponse(const std::string& body, const std::string& where) {
  auto parsed = parseJsonObject(body, where);
  if (!parsed.isOk()) return parsed.status();
  json& doc = *parsed;
  if (const auto schemas = doc.find("schemas"); schemas != doc.end()) {
    const bool listed = schemas->is_array() && std::find(schemas->begin(), schemas->end(),
                                                         json(kListResponse)) != schemas->end();
    if (!listed) return core::invalidArgument(where + " did not answer with a SCIM ListResponse");
  }
  ListPage page;
  if (!readCount(doc, "totalResults", page.totalResults) || page.totalResults < 0) {
    return core::invalidArgument(where +
                                 " answered with a ListResponse without a valid totalResults");
  }
  if (const auto resources = doc.find("Resources");
      resources != doc.end() && !resources->is_null()) {
    if (!resources->is_array())
      return core::invalidArgument(where +
                                   " answered with a ListResponse whose Resources is not an array");
    page.resources.reserve(resources->size());
    for (auto& r : *resources) page.resources.push_back(std::move(r));
  }
  return page;
}

core::Status errorForHttpStatus(int status, const std::string& body, const std::string& where) {
  std::string detail;
  const json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    if (const auto d = doc.find("detail"); d != doc.end() && d->is_string()) {
      detail = d->get<std::string>();
      if (detail.size() > 200) detail = detail.substr(0, 200) + "...";
    }
  }
  const std::string suffix = detail.empty() ? "" : ": " + detail;
  const std::string code = "HTTP " + std::to_string(status);
  if (status == 401 || status == 403) {
    return core::unauthenticated("the SCIM server refused the token (" + code + ") at " + where +
                                 suffix);
  }
  if (status == 429) {
    return core::unavailable("the SCIM server at " + where + " kept throttling (" + code + ")" +
                             suffix);
  }
  if (status >= 500) {
    return core::unavailable("the SCIM server failed (" + code + ") at " + where + suffix);
  }
  if (status == 404) {
    return core::invalidArgument("the SCIM server has no " + where + " (" + code +
                                 "): check scim_client.url" + suffix);
  }
  return core::invalidArgument("the SCIM server refused the request (" + code + ") at " + where +
                               suffix);
}

int64_t parseRetryAfter(const std::string& value, int64_t fallback) {
  std::string v = value;
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(v.begin());
  if (v.empty() || v.size() > 9 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fallback;
  }
  return std::min<int64_t>(std::stoll(v), 3600);
}

}  // namespace tandem::scimclient
