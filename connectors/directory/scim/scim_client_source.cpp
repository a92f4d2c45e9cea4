#include "scim_client_source.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "page_plan.h"
#include "scim/patch.h"
#include "scim/resources.h"
#include "scim/schemas.h"
#include "scim_response.h"
#include "server_features.h"

namespace tandem::scimclient {

using nlohmann::json;

namespace {

core::Status cancelled() {
  return core::failedPrecondition("the SCIM sync was cancelled").withDetail("cancelled");
}

// One scan: the transport, the retry budget and the sink.
class Scan {
 public:
  Scan(const ScimClientConfig& config, ScimTransport& transport,
       const std::function<void(int64_t)>& sleep, directory::DirectorySink& sink)
      : config_(config),
        transport_(transport),
        sleep_(sleep),
        sink_(sink),
        retryBudget_(config.maxRetryWaitSeconds) {}

  // GET with 429 handling; any other non-2xx is an error naming the URL and path.
  core::Result<std::string> get(const std::string& pathAndQuery) {
    const std::string where = config_.url + pathAndQuery;
    for (;;) {
      auto reply = transport_.get(pathAndQuery);
      if (!reply.isOk()) return reply.status();
      if (reply->status >= 200 && reply->status < 300) return std::move(reply->body);
      if (reply->status == 429) {
        const int64_t wait = parseRetryAfter(reply->retryAfter, 1);
        if (wait <= retryBudget_) {
          retryBudget_ -= wait;
          sink_.warning("the SCIM server throttled " + pathAndQuery +
                        " (HTTP 429); retrying after " + std::to_string(wait) + " s");
          sleep_(wait);
          continue;
        }
      }
      return errorForHttpStatus(reply->status, reply->body, where);
    }
  }

  core::Result<ServerFeatures> features() {
    auto body = get("/ServiceProviderConfig");
    if (!body.isOk()) return body.status();
    auto doc = parseJsonObject(*body, config_.url + "/ServiceProviderConfig");
    if (!doc.isOk()) return doc.status();
    auto f = ServerFeatures::fromJson(*doc);
    if (!f.isOk()) {
      return core::invalidArgument(config_.url + "/ServiceProviderConfig: " + f.status().message());
    }
    return f;
  }

  // Pages through `resource` ("/Users" or "/Groups"), handing each page's resources to `onPage`.
  core::Status pageThrough(const std::string& resource, int64_t pageSize, bool sort,
                           const std::function<core::Status(std::vector<json>&, int64_t)>& onPage) {
    PagePlan plan(pageSize);
    while (!plan.done()) {
      std::string path = resource + "?startIndex=" + std::to_string(plan.startIndex()) +
                         "&count=" + std::to_string(plan.count());
      if (sort) path += "&sortBy=id&sortOrder=ascending";
      auto body = get(path);
      if (!body.isOk()) return body.status();
      auto page = parseListResponse(*body, config_.url + resource);
      if (!page.isOk()) return page.status();
      const auto returned = static_cast<int64_t>(page->resources.size());
      TDM_RETURN_IF_ERROR(plan.recordPage(page->totalResults, returned, config_.url + resource));
      if (returned > 0) TDM_RETURN_IF_ERROR(onPage(page->resources, page->totalResults));
    }
    return core::Status::ok();
  }

 private:
  const ScimClientConfig& config_;
  ScimTransport& transport_;
  const std::function<void(int64_t)>& sleep_;
  directory::DirectorySink& sink_;
  int64_t retryBudget_;
};

}  // namespace

core::Result<directory::DirectoryEntry> entryFromUser(const json& resource) {
  if (!resource.is_object()) return core::invalidArgument("a User resource is not an object");
  const auto id = resource.find("id");
  if (id == resource.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
    return core::invalidArgument("a User resource has no id");
  }
  directory::DirectoryEntry entry;
  entry.dn = id->get<std::string>();
  // The provider's normal form (booleans sent as "True", dotted enterprise keys) when the
  // resource passes it; resources with attributes Tandem does not know are read as sent.
  json normal = resource;
  if (!scim::normaliseResource(normal, scim::userResourceType()).isOk()) normal = resource;
  scim::UserRecord record;
  record.employee.externalId = entry.dn;
  const core::Status mapped = scim::userFromResource(normal, record);
  if (!mapped.isOk()) {
    return core::invalidArgument("User " + entry.dn + ": " + mapped.message());
  }
  entry.employee = std::move(record.employee);
  entry.employee.externalId = entry.dn;
  entry.managerDn = entry.employee.managerExternalId;
  entry.employee.managerExternalId.clear();
  entry.employee.managerId.reset();
  entry.rawJson = resource.dump();
  return entry;
}

core::Result<directory::DirectoryGroup> groupFromResource(const json& resource) {
  if (!resource.is_object()) return core::invalidArgument("a Group resource is not an object");
  const auto id = resource.find("id");
  if (id == resource.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
    return core::invalidArgument("a Group resource has no id");
  }
  directory::DirectoryGroup group;
  group.dn = id->get<std::string>();
  group.externalId = group.dn;
  if (const auto name = resource.find("displayName"); name != resource.end() && name->is_string()) {
    group.name = name->get<std::string>();
  }
  if (group.name.empty()) group.name = group.dn;
  if (const auto members = resource.find("members");
      members != resource.end() && members->is_array()) {
    for (const auto& m : *members) {
      if (m.is_object()) {
        if (const auto v = m.find("value"); v != m.end() && v->is_string() && !v->empty()) {
          group.memberDns.push_back(v->get<std::string>());
        }
      } else if (m.is_string() && !m.empty()) {
        group.memberDns.push_back(m.get<std::string>());
      }
    }
  }
  return group;
}

ScimClientSource::ScimClientSource(ScimClientConfig config, TransportFactory transport,
                                   std::function<void(int64_t)> sleep)
    : config_(std::move(config)), transport_(std::move(transport)), sleep_(std::move(sleep)) {}

ScimClientSource::ScimClientSource(ScimClientConfig config)
    : ScimClientSource(std::move(config), &makeHttpTransport, [](int64_t seconds) {
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
      }) {}

core::Result<directory::ScanInfo> ScimClientSource::fullScan(directory::DirectorySink& sink) {
  auto token = readTokenFile(config_.tokenFile);
  if (!token.isOk()) return token.status();
  auto transport = transport_(config_, *token);
  if (!transport.isOk()) return transport.status();
  if (config_.insecureTransport()) {
    sink.warning("the SCIM server URL " + config_.url +
                 " is plain http to a host that is not loopback: the token travels unencrypted "
                 "(use https)");
  }
  Scan scan(config_, **transport, sleep_, sink);
  auto features = scan.features();
  if (!features.isOk()) return features.status();
  directory::ScanInfo info;
  info.server = config_.url;

  const int64_t userPage = features->pageSize(config_.pageSize);
  const core::Status users = scan.pageThrough(
      "/Users", userPage, features->sortSupported,
      [&](std::vector<json>& resources, int64_t total) -> core::Status {
        std::vector<directory::DirectoryEntry> batch;
        batch.reserve(resources.size());
        for (const json& r : resources) {
          auto entry = entryFromUser(r);
          if (!entry.isOk()) {
            sink.warning(entry.status().message() + "; skipped");
            continue;
          }
          batch.push_back(std::move(*entry));
        }
        info.people += static_cast<int64_t>(resources.size());
        if (!batch.empty()) TDM_RETURN_IF_ERROR(sink.onPeople(batch));
        if (!sink.progress(info.people, total, "read " + std::to_string(info.people) + " users"))
          return cancelled();
        return core::Status::ok();
      });
  if (!users.isOk()) return users;

  const int64_t groupPage = features->pageSize(config_.groupPageSize);
  const core::Status groups =
      scan.pageThrough("/Groups", groupPage, features->sortSupported,
                       [&](std::vector<json>& resources, int64_t) -> core::Status {
                         std::vector<directory::DirectoryGroup> batch;
                         batch.reserve(resources.size());
                         for (const json& r : resources) {
                           auto group = groupFromResource(r);
                           if (!group.isOk()) {
                             sink.warning(group.status().message() + "; skipped");
                             continue;
                           }
                           batch.push_back(std::move(*group));
                         }
                         info.groups += static_cast<int64_t>(resources.size());
                         if (!batch.empty()) TDM_RETURN_IF_ERROR(sink.onGroups(batch));
                         if (!sink.progress(info.people + info.groups, 0,
                                            "read " + std::to_string(info.groups) + " groups"))
                           return cancelled();
                         return core::Status::ok();
                       });
  if (!groups.isOk()) return groups;
  return info;
}

core::Result<std::unique_ptr<directory::DirectorySource>> makeScimClientSource(const json& config) {
  auto parsed = ScimClientConfig::fromJson(config);
  if (!parsed.isOk()) return parsed.status();
  return std::unique_ptr<directory::DirectorySource>(new ScimClientSource(std::move(*parsed)));
}

}  // namespace tandem::scimclient
