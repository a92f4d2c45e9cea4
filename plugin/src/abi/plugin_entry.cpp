// The C ABI of libtandem.so: a thin adapter from tandem_plugin.h to app::PluginApp. Every exported
// function catches everything; no exception crosses the boundary.
#include <tandem/tandem_plugin.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "app/plugin_app.h"
#include "core/embedded_file.h"
#include "core/json_text.h"
#include "core/version.h"
#include "ldap_directory_source.h"
#include "scim_client_source.h"

namespace tandem::embedded_docs {
const tandem::core::EmbeddedFile* findEmbedded(std::string_view path);
}

struct tdm_plugin {
  std::unique_ptr<tandem::app::PluginApp> app;
};

namespace {

using nlohmann::json;
using tandem::core::Status;
using tandem::core::StatusCode;

// The host table must reach at least the end of get_proc (ABI 1.0).
constexpr size_t kMinHostServicesSize =
    offsetof(tdm_host_services, get_proc) + sizeof(tdm_host_services::get_proc);
constexpr size_t kMinIdentitySize = offsetof(tdm_identity, roles) + sizeof(tdm_identity::roles);
constexpr size_t kMinRequestSize =
    offsetof(tdm_request, remote_addr) + sizeof(tdm_request::remote_addr);
constexpr size_t kMinWriterSize =
    offsetof(tdm_response_writer, write_body) + sizeof(tdm_response_writer::write_body);
constexpr size_t kMinBufferSize = offsetof(tdm_buffer, release) + sizeof(tdm_buffer::release);

std::string str(tdm_str s) { return s.data == nullptr ? std::string() : std::string(s.data, s.len); }
tdm_str view(const std::string& s) { return {s.data(), s.size()}; }

void releaseBuffer(tdm_buffer* buffer) {
  if (buffer == nullptr) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->len = 0;
}

// Fills an output buffer (when the host gave one) with a copy of text.
void fill(tdm_buffer* out, const std::string& text) {
  if (out == nullptr || out->struct_size < kMinBufferSize) return;
  out->data = static_cast<char*>(std::malloc(text.size() + 1));
  if (out->data == nullptr) {
    out->len = 0;
    out->release = nullptr;
    return;
  }
  std::memcpy(out->data, text.data(), text.size());
  out->data[text.size()] = '\0';
  out->len = text.size();
  out->release = releaseBuffer;
}

tdm_status toAbi(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return TDM_OK;
    case StatusCode::kInvalidArgument:
    case StatusCode::kAlreadyExists: return TDM_ERR_INVALID_ARGUMENT;
    case StatusCode::kNotFound: return TDM_ERR_NOT_FOUND;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated: return TDM_ERR_PERMISSION;
    case StatusCode::kFailedPrecondition: return s.errorCode() == "cancelled" ? TDM_ERR_CANCELLED : TDM_ERR_STATE;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kResourceExhausted: return TDM_ERR_UNAVAILABLE;
    case StatusCode::kInternal: return TDM_ERR_INTERNAL;
  }
  return TDM_ERR_INTERNAL;
}

std::string errorJson(const Status& s) {
  return tandem::core::jsonText(json{{"error", {{"code", s.errorCode()}, {"message", s.message()}}}});
}

tdm_status fail(tdm_buffer* out, const Status& s) {
  fill(out, errorJson(s));
  return toAbi(s);
}

// Adapts the host's C services table to app::HostServices.
class CHostServices final : public tandem::app::HostServices {
 public:
  explicit CHostServices(const tdm_host_services* host) : host_(*host) {}

  void log(tandem::app::LogLevel level, std::string_view logger,
           std::string_view message) override {
    if (host_.log == nullptr) return;
    host_.log(host_.ctx, static_cast<int32_t>(level), {logger.data(), logger.size()},
              {message.data(), message.size()});
  }

  std::optional<std::string> setting(const std::string& key) override {
    if (host_.setting_get == nullptr) return std::nullopt;
    std::optional<std::string> value;
    auto sink = [](void* ctx, tdm_str v) {
      *static_cast<std::optional<std::string>*>(ctx) = std::string(v.data, v.len);
    };
    tdm_status s = host_.setting_get(host_.ctx, {"", 0}, view(key), sink, &value);
    if (s != TDM_OK) return std::nullopt;
    return value;
  }

 private:
  tdm_host_services host_;  // copied: the host guarantees its functions outlive the plugin
};

template <typename F>
tdm_status guardedCall(tdm_buffer* out, F&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return fail(out, tandem::core::internalError(std::string("internal error: ") + e.what()));
  } catch (...) {
    return fail(out, tandem::core::internalError("internal error"));
  }
}

tdm_status pluginCreate(const tdm_host_services* host, tdm_plugin** out, tdm_buffer* error) {
  return guardedCall(error, [&]() -> tdm_status {
    if (host == nullptr || out == nullptr) {
      return fail(error, tandem::core::invalidArgument("create: host and out must not be NULL"));
    }
    if (host->struct_size < kMinHostServicesSize) {
      fail(error, tandem::core::invalidArgument(
                      "the host services table is " + std::to_string(host->struct_size) +
                      " bytes; Tandem's ABI 1.0 needs at least " +
                      std::to_string(kMinHostServicesSize) + ": rebuild the host against "
                      "tandem_plugin.h 1.x"));
      return TDM_ERR_VERSION;
    }
    if (TDM_ABI_VERSION_MAJOR(host->abi_version) != TDM_ABI_MAJOR) {
      fail(error, tandem::core::invalidArgument(
                      "the host speaks Tandem ABI major " +
                      std::to_string(TDM_ABI_VERSION_MAJOR(host->abi_version)) +
                      "; this plugin speaks major " + std::to_string(TDM_ABI_MAJOR)));
      return TDM_ERR_VERSION;
    }
    // The composition root: the connectors linked into libtandem.so, registered explicitly.
    tandem::app::Connectors connectors;
    connectors.directorySources.emplace("ldap", &tandem::ldap::makeLdapSource);
    connectors.directorySources.emplace("scim", &tandem::scimclient::makeScimClientSource);
    auto app = tandem::app::PluginApp::create(std::make_shared<CHostServices>(host),
                                              std::move(connectors));
    if (!app.isOk()) return fail(error, app.status());
    *out = new tdm_plugin{std::move(app).value()};
    return TDM_OK;
  });
}

void pluginDestroy(tdm_plugin* plugin) {
  try {
    delete plugin;
  } catch (...) {
  }
}

tdm_status pluginLifecycle(tdm_plugin* plugin, const tdm_lifecycle* event, tdm_buffer* error) {
  return guardedCall(error, [&]() -> tdm_status {
    if (plugin == nullptr || event == nullptr ||
        event->struct_size < offsetof(tdm_lifecycle, purge) + sizeof(int32_t)) {
      return fail(error, tandem::core::invalidArgument("on_lifecycle: bad arguments"));
    }
    Status s;
    switch (event->event) {
      case TDM_LIFECYCLE_INSTALL: s = plugin->app->install(); break;
      case TDM_LIFECYCLE_ENABLE: s = plugin->app->enable(); break;
      case TDM_LIFECYCLE_DISABLE: s = plugin->app->disable(); break;
      case TDM_LIFECYCLE_UPGRADE: s = plugin->app->upgrade(event->previous_version); break;
      case TDM_LIFECYCLE_UNINSTALL: s = plugin->app->uninstall(event->purge != 0); break;
      default:
        s = tandem::core::invalidArgument("unknown lifecycle event " +
                                          std::to_string(event->event));
    }
    return s.isOk() ? TDM_OK : fail(error, s);
  });
}

tdm_status pluginHandleRequest(tdm_plugin* plugin, const tdm_request* request,
                               const tdm_identity* identity, const tdm_response_writer* writer) {
  try {
    if (plugin == nullptr || request == nullptr || writer == nullptr ||
        request->struct_size < kMinRequestSize || writer->struct_size < kMinWriterSize ||
        writer->set_status == nullptr || writer->add_header == nullptr ||
        writer->write_body == nullptr) {
      return TDM_ERR_INVALID_ARGUMENT;
    }
    tandem::http::Request req;
    req.method = str(request->method);
    req.path = str(request->path);
    req.query = str(request->query);
    req.body = str(request->body);
    for (size_t i = 0; i < request->header_count && request->headers != nullptr; ++i) {
      req.headers.emplace_back(str(request->headers[i].name), str(request->headers[i].value));
    }
    tandem::http::Identity who;
    if (identity != nullptr && identity->struct_size >= kMinIdentitySize) {
      who.tenant = str(identity->tenant);
      who.userId = str(identity->user_id);
      who.displayName = str(identity->display_name);
      who.locale = str(identity->locale);
      who.roles = identity->roles;
    }
    tandem::http::Response res = plugin->app->handle(req, who);
    writer->set_status(writer->ctx, res.status);
    for (const auto& [name, value] : res.headers) {
      writer->add_header(writer->ctx, view(name), view(value));
    }
    if (!res.body.empty()) writer->write_body(writer->ctx, view(res.body));
    return TDM_OK;
  } catch (...) {
    return TDM_ERR_INTERNAL;
  }
}

tdm_status pluginOnEvent(tdm_plugin* plugin, tdm_str type, tdm_str payload, tdm_buffer* error) {
  return guardedCall(error, [&]() -> tdm_status {
    if (plugin == nullptr) return fail(error, tandem::core::invalidArgument("plugin is NULL"));
    json body = json::parse(str(payload), nullptr, false);
    if (body.is_discarded()) {
      return fail(error, tandem::core::invalidArgument("event payload is not valid JSON"));
    }
    Status s = plugin->app->onEvent(str(type), body);
    return s.isOk() ? TDM_OK : fail(error, s);
  });
}

tdm_status pluginPrivacyExport(tdm_plugin* plugin, tdm_str userId, tdm_buffer* out) {
  return guardedCall(out, [&]() -> tdm_status {
    if (plugin == nullptr) return fail(out, tandem::core::invalidArgument("plugin is NULL"));
    auto result = plugin->app->privacyExport(str(userId));
    if (!result.isOk()) return fail(out, result.status());
    fill(out, tandem::core::jsonText(*result));
    return TDM_OK;
  });
}

tdm_status pluginPrivacyErase(tdm_plugin* plugin, tdm_str userId, tdm_buffer* out) {
  return guardedCall(out, [&]() -> tdm_status {
    if (plugin == nullptr) return fail(out, tandem::core::invalidArgument("plugin is NULL"));
    auto result = plugin->app->privacyErase(str(userId));
    if (!result.isOk()) return fail(out, result.status());
    fill(out, tandem::core::jsonText(*result));
    return TDM_OK;
  });
}

tdm_status pluginHealth(tdm_plugin* plugin, tdm_buffer* out) {
  return guardedCall(out, [&]() -> tdm_status {
    if (plugin == nullptr) return fail(out, tandem::core::invalidArgument("plugin is NULL"));
    json health = plugin->app->health();
    fill(out, tandem::core::jsonText(health));
    return health["status"] == "down" ? TDM_ERR_UNAVAILABLE : TDM_OK;
  });
}

tdm_status pluginRunJob(tdm_plugin* plugin, tdm_str job, tdm_str args,
                        const tdm_progress* progress, tdm_buffer* out) {
  return guardedCall(out, [&]() -> tdm_status {
    if (plugin == nullptr) return fail(out, tandem::core::invalidArgument("plugin is NULL"));
    json parsed = args.len == 0 ? json::object() : json::parse(str(args), nullptr, false);
    if (parsed.is_discarded()) {
      return fail(out, tandem::core::invalidArgument("job arguments are not valid JSON"));
    }
    tandem::app::ProgressFn onProgress;
    if (progress != nullptr && progress->struct_size >= sizeof(tdm_progress) &&
        progress->report != nullptr) {
      onProgress = [progress](double fraction, const std::string& message) {
        return progress->report(progress->ctx, fraction, view(message)) == 0;
      };
    }
    auto result = plugin->app->runJob(str(job), parsed, onProgress);
    if (!result.isOk()) return fail(out, result.status());
    fill(out, tandem::core::jsonText(*result));
    return TDM_OK;
  });
}

const tdm_plugin_api kApi = {
    sizeof(tdm_plugin_api),
    TDM_ABI_VERSION,
    "tandem",
    TDM_VERSION_STRING,
    pluginCreate,
    pluginDestroy,
    pluginLifecycle,
    pluginHandleRequest,
    pluginOnEvent,
    pluginPrivacyExport,
    pluginPrivacyErase,
    pluginHealth,
    pluginRunJob,
};

}  // namespace

extern "C" TDM_EXPORT tdm_status tdm_plugin_entry_v1(uint32_t host_abi_version,
                                                     const tdm_plugin_api** out) {
  if (out == nullptr) return TDM_ERR_INVALID_ARGUMENT;
  if (TDM_ABI_VERSION_MAJOR(host_abi_version) != TDM_ABI_MAJOR) return TDM_ERR_VERSION;
  *out = &kApi;
  return TDM_OK;
}

extern "C" TDM_EXPORT const char* tdm_plugin_manifest_v1(size_t* len) {
  const tandem::core::EmbeddedFile* manifest =
      tandem::embedded_docs::findEmbedded("tandem-manifest.json");
  if (manifest == nullptr) {
    if (len != nullptr) *len = 0;
    return "";
  }
  if (len != nullptr) *len = manifest->data.size();
  return manifest->data.data();
}
