// What the SCIM handlers share: one authenticated call, list parameters, and the handlers of the
// /Users and /Groups resources (scim_resource_handlers.cpp), which the endpoint and /Bulk route to.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/response.h"
#include "scim/filter.h"
#include "storage/store.h"

namespace tandem::http::internal {

// One SCIM operation: a request, or one operation of a /Bulk request.
struct ScimCall {
  std::string method;
  std::string path;  // below /scim/v2, e.g. "/Users/2819c223"
  std::string body;
  std::string ifMatch;      // If-Match header (or a bulk operation's "version")
  std::string ifNoneMatch;  // If-None-Match header
  std::vector<std::string> attributes;
  std::vector<std::string> excludedAttributes;
  std::string query;  // raw query string, for list parameters
  storage::StoreSession& store;
  std::string baseUrl;  // e.g. "http://127.0.0.1:8080/scim/v2"
  std::string actor;    // "scim:<token name>", for the audit log
};

struct ListParams {
  std::optional<scim::Filter> filter;
  std::string sortBy;
  bool descending = false;
  int64_t startIndex = 1;
  int64_t count = 100;
  std::vector<std::string> attributes;
  std::vector<std::string> excludedAttributes;
};

inline constexpr int64_t kMaxResults = 1000;

// From the query string (GET) or a SearchRequest body (POST /.search). 400 invalidFilter or
// invalidValue.
core::Result<ListParams> listParamsFromQuery(const std::string& query);
core::Result<ListParams> listParamsFromSearch(const nlohmann::json& body);

// Resource handlers. `id` is empty for the collection.
Response handleUsers(ScimCall& call, const std::string& id);
Response handleGroups(ScimCall& call, const std::string& id);
// GET on the collection (or POST .search) with parsed parameters.
core::Result<nlohmann::json> listUsersJson(ScimCall& call, const ListParams& params);
core::Result<nlohmann::json> listGroupsJson(ScimCall& call, const ListParams& params);

// Lists one resource type, as listUsersJson and listGroupsJson do.
using ListFn = std::function<core::Result<nlohmann::json>(ScimCall&, const ListParams&)>;

// POST /.search at the root with parsed parameters: the resources `users` lists, then those
// `groups` lists, paged as one list. A filter or sortBy that does not fit one type (kInvalidArgument
// with detail invalidFilter, or invalidValue for sortBy) leaves that type out (or unsorted); it is
// answered as an error only when it fits neither. Every other error of either type is answered
// as it is (kUnavailable 503, kInternal 500).
Response searchRoot(ScimCall& call, const ListParams& params, const ListFn& users,
                    const ListFn& groups);

// A SCIM JSON response with the SCIM media type.
Response scimJson(int status, const nlohmann::json& body);

}  // namespace tandem::http::internal
