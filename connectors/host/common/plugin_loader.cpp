#include "host/common/plugin_loader.h"

#include <dlfcn.h>

#include <cstddef>
#include <cstring>
#include <nlohmann/json.hpp>

#include "host/common/json_log.h"
#include "host/common/plugin_buffer.h"

namespace tandem::host {
namespace {

using EntryFn = tdm_status (*)(uint32_t, const tdm_plugin_api**);
using ManifestFn = const char* (*)(size_t*);

// The smallest plugin table this host can use: everything up to and including run_job.
constexpr std::size_t kMinApiSize = offsetof(tdm_plugin_api, run_job) + sizeof(void*);

template <typename Fn>
Fn symbol(void* handle, const char* name) {
  void* sym = ::dlsym(handle, name);
  Fn fn = nullptr;
  static_assert(sizeof(fn) == sizeof(sym));
  std::memcpy(&fn, &sym, sizeof fn);  // object -> function pointer without a cast warning
  return fn;
}

tdm_str str(std::string_view s) { return tdm_str{s.data(), s.size()}; }
std::string_view sv(tdm_str s) {
  return s.data == nullptr ? std::string_view() : std::string_view(s.data, s.len);
}

std::string versionText(uint32_t v) {
  return std::to_string(v >> 16) + "." + std::to_string(v & 0xFFFFu);
}

Status fromPlugin(tdm_status status, const PluginBuffer& error, std::string_view what) {
  if (!error.view().empty()) return statusFromErrorJson(error.view(), statusName(status));
  return statusFromCode(statusName(status),
                        std::string(what) + " failed (" + std::string(statusName(status)) + ")");
}

struct ResponseSink {
  PluginResponse* response;
  bool failed = false;
};

void setStatus(void* ctx, int32_t status) {
  auto* sink = static_cast<ResponseSink*>(ctx);
  sink->response->status = status;
}

void addHeader(void* ctx, tdm_str name, tdm_str value) {
  auto* sink = static_cast<ResponseSink*>(ctx);
  try {
    sink->response->headers.emplace_back(std::string(sv(name)), std::string(sv(value)));
  } catch (...) {
    sink->failed = true;
  }
}

void writeBody(void* ctx, tdm_str chunk) {
  auto* sink = static_cast<ResponseSink*>(ctx);
  try {
    sink->response->body.append(sv(chunk));
  } catch (...) {
    sink->failed = true;
  }
}

int32_t reportProgress(void* ctx, double fraction, tdm_str message) {
  const auto* fn = static_cast<const ProgressFn*>(ctx);
  try {
    return (*fn)(fraction, sv(message)) ? 0 : 1;
  } catch (...) {
    return 1;
  }
}

}  // namespace

std::string_view statusName(tdm_status status) {
  switch (status) {
    case TDM_OK:
      return "ok";
    case TDM_ERR_INVALID_ARGUMENT:
      return "invalid_argument";
    case TDM_ERR_VERSION:
      return "version";
    case TDM_ERR_STATE:
      return "failed_precondition";
    case TDM_ERR_NOT_FOUND:
      return "not_found";
    case TDM_ERR_PERMISSION:
      return "permission_denied";
    case TDM_ERR_UNAVAILABLE:
      return "unavailable";
    case TDM_ERR_CANCELLED:
      return "cancelled";
    default:
      return "internal";
  }
}

Status statusFromErrorJson(std::string_view json, std::string_view fallbackCode) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    const auto err = j.find("error");
    if (err != j.end() && err->is_object()) {
      const std::string code = err->value("code", std::string(fallbackCode));
      const std::string message = err->value("message", std::string());
      return statusFromCode(code.empty() ? fallbackCode : std::string_view(code), message);
    }
  }
  return statusFromCode(fallbackCode, std::string(json.substr(0, 500)));
}

Result<std::unique_ptr<PluginLoader>> PluginLoader::open(const std::string& path) {
  ::dlerror();
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    const char* err = ::dlerror();
    return notFound("cannot load plugin " + path + ": " + (err != nullptr ? err : "dlopen failed"));
  }
  const auto entry = symbol<EntryFn>(handle, "tdm_plugin_entry_v1");
  if (entry == nullptr) {
    ::dlclose(handle);
    return notFound(path + " is not a Tandem plugin: no tdm_plugin_entry_v1 symbol");
  }
  const tdm_plugin_api* api = nullptr;
  const tdm_status status = entry(TDM_ABI_VERSION, &api);
  if (status == TDM_ERR_VERSION) {
    ::dlclose(handle);
    return failedPrecondition("plugin " + path + " refused this host's ABI " +
                              versionText(TDM_ABI_VERSION) +
                              " (it was built for another major version); install a matching "
                              "plugin or host");
  }
  if (status != TDM_OK || api == nullptr) {
    ::dlclose(handle);
    return internalError("plugin entry point failed (" + std::string(statusName(status)) + ")");
  }
  if ((api->abi_version >> 16) != TDM_ABI_MAJOR) {  // TDM_ABI_VERSION_MAJOR uses a C cast
    ::dlclose(handle);
    return failedPrecondition("plugin " + path + " speaks ABI " + versionText(api->abi_version) +
                              " but this host speaks ABI " + versionText(TDM_ABI_VERSION) +
                              "; the major versions must match");
  }
  if (api->struct_size < kMinApiSize || api->create == nullptr || api->destroy == nullptr ||
      api->on_lifecycle == nullptr || api->handle_request == nullptr || api->health == nullptr ||
      api->run_job == nullptr) {
    ::dlclose(handle);
    return failedPrecondition("plugin " + path + " has an incomplete function table");
  }
  return std::unique_ptr<PluginLoader>(new PluginLoader(path, handle, api));
}

PluginLoader::~PluginLoader() {
  stop();
  if (handle_ != nullptr) ::dlclose(handle_);  // RTLD_NODELETE: stays mapped
}

std::string PluginLoader::manifest() const {
  const auto fn = symbol<ManifestFn>(handle_, "tdm_plugin_manifest_v1");
  if (fn == nullptr) return {};
  size_t len = 0;
  const char* data = fn(&len);
  return data == nullptr ? std::string() : std::string(data, len);
}

Status PluginLoader::start(const tdm_host_services* services) {
  if (instance_ != nullptr) return failedPrecondition("plugin already started");
  PluginBuffer error;
  tdm_plugin* instance = nullptr;
  const tdm_status status = api_->create(services, &instance, error.out());
  if (status != TDM_OK || instance == nullptr) {
    return fromPlugin(status == TDM_OK ? TDM_ERR_INTERNAL : status, error, "plugin create");
  }
  instance_ = instance;
  for (const int32_t event : {TDM_LIFECYCLE_INSTALL, TDM_LIFECYCLE_ENABLE}) {
    Status s = lifecycle(event);
    if (!s.isOk()) {
      stop();
      return s;
    }
  }
  enabled_ = true;
  return Status::ok();
}

Status PluginLoader::lifecycle(int32_t event) {
  tdm_lifecycle lc{};
  lc.struct_size = sizeof lc;
  lc.event = event;
  PluginBuffer error;
  const tdm_status status = api_->on_lifecycle(instance_, &lc, error.out());
  if (status == TDM_OK) return Status::ok();
  const char* name = event == TDM_LIFECYCLE_INSTALL   ? "install"
                     : event == TDM_LIFECYCLE_ENABLE  ? "enable"
                     : event == TDM_LIFECYCLE_DISABLE ? "disable"
                                                      : "lifecycle";
  return fromPlugin(status, error, std::string("plugin ") + name);
}

void PluginLoader::stop() {
  if (instance_ == nullptr) return;
  if (enabled_) {
    enabled_ = false;
    Status s = lifecycle(TDM_LIFECYCLE_DISABLE);
    if (!s.isOk()) {
      JsonLog::get("tandem.host")->warn("plugin disable failed: {} ({})", s.message(), s.errorCode());
    }
  }
  api_->destroy(instance_);
  instance_ = nullptr;
}

Result<PluginResponse> PluginLoader::handleRequest(const PluginRequest& request,
                                                   const PluginIdentity& identity) const {
  if (instance_ == nullptr) return unavailable("plugin is not running");
  std::vector<tdm_header> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) headers.push_back({str(name), str(value)});

  tdm_request req{};
  req.struct_size = sizeof req;
  req.method = str(request.method);
  req.path = str(request.path);
  req.query = str(request.query);
  req.headers = headers.data();
  req.header_count = headers.size();
  req.body = str(request.body);
  req.remote_addr = str(request.remoteAddr);

  tdm_identity id{};
  id.struct_size = sizeof id;
  id.tenant = str(identity.tenant);
  id.user_id = str(identity.userId);
  id.display_name = str(identity.displayName);
  id.locale = str(identity.locale);
  id.roles = identity.roles;

  PluginResponse response;
  ResponseSink sink{&response};
  tdm_response_writer writer{};
  writer.struct_size = sizeof writer;
  writer.ctx = &sink;
  writer.set_status = &setStatus;
  writer.add_header = &addHeader;
  writer.write_body = &writeBody;

  const tdm_status status = api_->handle_request(instance_, &req, &id, &writer);
  if (status != TDM_OK) {
    return statusFromCode(statusName(status),
                          "plugin wrote no response (" + std::string(statusName(status)) + ")");
  }
  if (sink.failed) return internalError("out of memory while buffering the plugin's response");
  if (response.status < 100 || response.status > 599) {
    return internalError("plugin set an invalid HTTP status " + std::to_string(response.status));
  }
  return response;
}

Result<std::string> PluginLoader::health() const {
  if (instance_ == nullptr) return unavailable("plugin is not running");
  PluginBuffer out;
  const tdm_status status = api_->health(instance_, out.out());
  if (status != TDM_OK) return fromPlugin(status, out, "plugin health");
  return out.str();
}

Result<std::string> PluginLoader::runJob(std::string_view job, std::string_view argsJson,
                                         const ProgressFn& progress) const {
  if (instance_ == nullptr) return unavailable("plugin is not running");
  tdm_progress p{};
  p.struct_size = sizeof p;
  p.ctx = const_cast<ProgressFn*>(&progress);
  p.report = &reportProgress;
  PluginBuffer out;
  const tdm_status status =
      api_->run_job(instance_, str(job), str(argsJson), progress ? &p : nullptr, out.out());
  if (status != TDM_OK) return fromPlugin(status, out, "job " + std::string(job));
  return out.str();
}

}  // namespace tandem::host
