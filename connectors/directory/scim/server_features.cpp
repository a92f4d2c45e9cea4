#include "server_features.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace tandem::scimclient {

using nlohmann::json;

namespace {

core::Status readSupported(const json& doc, const char* feature, bool& out) {
  const auto it = doc.find(feature);
  if (it == doc.end() || it->is_null()) return core::Status::ok();
  if (!it->is_object()) {
    return core::invalidArgument(std::string("ServiceProviderConfig: ") + feature +
                                 " must be an object");
  }
  const auto s = it->find("supported");
  if (s == it->end() || s->is_null()) return core::Status::ok();
  if (s->is_boolean()) {
    out = s->get<bool>();
  } else if (s->is_string() && (*s == "true" || *s == "True" || *s == "false" || *s == "False")) {
    out = *s == "true" || *s == "True";
  } else {
    return core::invalidArgument(std::string("ServiceProviderConfig: ") + feature +
                                 ".supported must be a boolean");
  }
  return core::Status::ok();
}

}  // namespace

core::Result<ServerFeatures> ServerFeatures::fromJson(const json& j) {
  if (!j.is_object()) return core::invalidArgument("ServiceProviderConfig is not a JSON object");
  ServerFeatures f;
  TDM_RETURN_IF_ERROR(readSupported(j, "filter", f.filterSupported));
  TDM_RETURN_IF_ERROR(readSupported(j, "sort", f.sortSupported));
  TDM_RETURN_IF_ERROR(readSupported(j, "bulk", f.bulkSupported));
  TDM_RETURN_IF_ERROR(readSupported(j, "etag", f.etagSupported));
  TDM_RETURN_IF_ERROR(readSupported(j, "patch", f.patchSupported));
  if (const auto filter = j.find("filter"); filter != j.end() && filter->is_object()) {
    const auto max = filter->find("maxResults");
    if (max != filter->end() && !max->is_null()) {
      int64_t value = -1;
      if (max->is_number_integer()) {
        value = max->get<int64_t>();
      } else if (max->is_string()) {
        const std::string& s = max->get_ref<const std::string&>();
        if (!s.empty() && s.size() <= 18 &&
            std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          value = std::stoll(s);
        }
      }
      if (value < 0) {
        return core::invalidArgument(
            "ServiceProviderConfig: filter.maxResults must be a non-negative integer");
      }
      f.filterMaxResults = value;
    }
  }
  return f;
}

int64_t ServerFeatures::pageSize(int64_t configured) const {
  if (filterMaxResults > 0) return std::min(configured, filterMaxResults);
  return configured;
}

}  // namespace tandem::scimclient
