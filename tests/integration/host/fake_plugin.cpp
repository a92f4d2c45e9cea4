// A minimal plugin for PluginLoader tests, built three times:
//   FAKE_MODE 0: a working plugin that records lifecycle events and counts buffer releases;
//   FAKE_MODE 1: its entry refuses the host's ABI (TDM_ERR_VERSION);
//   FAKE_MODE 2: its entry accepts but reports ABI major 2.
#include <atomic>
#include <cstring>
#include <string>

#include "tandem/tandem_plugin.h"

#ifndef FAKE_MODE
#define FAKE_MODE 0
#endif

namespace {

std::atomic<int> gBuffers{0};   // buffers handed out
std::atomic<int> gReleases{0};  // release calls
std::string gEvents;            // lifecycle trace, e.g. "create,install,enable"

struct Instance {
  const tdm_host_services* host;
  std::string dataDir;
};

void release(tdm_buffer* b) {
  ++gReleases;
  delete[] b->data;
  b->data = nullptr;
  b->len = 0;
}

void fill(tdm_buffer* out, const std::string& text) {
  ++gBuffers;
  out->data = new char[text.size()];
  std::memcpy(out->data, text.data(), text.size());
  out->len = text.size();
  out->release = &release;
}

std::string str(tdm_str s) { return std::string(s.data, s.len); }

void sink(void* ctx, tdm_str value) { *static_cast<std::string*>(ctx) = str(value); }

tdm_status create(const tdm_host_services* host, tdm_plugin** out, tdm_buffer* error) {
  if (host == nullptr || host->struct_size < sizeof(tdm_host_services)) {
    fill(error, R"({"error":{"code":"version","message":"host table too small"}})");
    return TDM_ERR_VERSION;
  }
  auto* instance = new Instance{host, {}};
  const std::string key = "data_dir";
  host->setting_get(host->ctx, tdm_str{"", 0}, tdm_str{key.data(), key.size()}, &sink,
                    &instance->dataDir);
  const std::string logger = "fake.plugin";
  const std::string message = "created";
  host->log(host->ctx, TDM_LOG_INFO, tdm_str{logger.data(), logger.size()},
            tdm_str{message.data(), message.size()});
  gEvents += "create";
  *out = reinterpret_cast<tdm_plugin*>(instance);
  return TDM_OK;
}

void destroy(tdm_plugin* plugin) {
  gEvents += ",destroy";
  delete reinterpret_cast<Instance*>(plugin);
}

tdm_status onLifecycle(tdm_plugin*, const tdm_lifecycle* event, tdm_buffer*) {
  switch (event->event) {
    case TDM_LIFECYCLE_INSTALL:
      gEvents += ",install";
      break;
    case TDM_LIFECYCLE_ENABLE:
      gEvents += ",enable";
      break;
    case TDM_LIFECYCLE_DISABLE:
      gEvents += ",disable";
      break;
    default:
      gEvents += ",other";
      break;
  }
  return TDM_OK;
}

tdm_status handleRequest(tdm_plugin*, const tdm_request* request, const tdm_identity* identity,
                         const tdm_response_writer* response) {
  if (str(request->path) == "/none") return TDM_ERR_INTERNAL;
  const std::string body = "{\"path\":\"" + str(request->path) + "\",\"user\":\"" +
                           str(identity->user_id) + "\",\"tenant\":\"" + str(identity->tenant) +
                           "\",\"roles\":" + std::to_string(identity->roles) +
                           ",\"headers\":" + std::to_string(request->header_count) +
                           ",\"body\":\"" + str(request->body) + "\"}";
  response->set_status(response->ctx, 201);
  const std::string name = "X-Fake";
  const std::string value = "yes";
  response->add_header(response->ctx, tdm_str{name.data(), name.size()},
                       tdm_str{value.data(), value.size()});
  response->write_body(response->ctx, tdm_str{body.data(), body.size() / 2});
  response->write_body(response->ctx,
                       tdm_str{body.data() + body.size() / 2, body.size() - body.size() / 2});
  return TDM_OK;
}

tdm_status onEvent(tdm_plugin*, tdm_str, tdm_str, tdm_buffer*) { return TDM_OK; }
tdm_status privacy(tdm_plugin*, tdm_str, tdm_buffer*) { return TDM_ERR_UNAVAILABLE; }

tdm_status health(tdm_plugin* plugin, tdm_buffer* out) {
  const auto* instance = reinterpret_cast<Instance*>(plugin);
  fill(out, "{\"status\":\"ok\",\"dataDir\":\"" + instance->dataDir + "\"}");
  return TDM_OK;
}

tdm_status runJob(tdm_plugin*, tdm_str job, tdm_str, const tdm_progress* progress,
                  tdm_buffer* out) {
  if (str(job) == "fail") {
    fill(out, R"({"error":{"code":"invalid_argument","message":"bad file"}})");
    return TDM_ERR_INVALID_ARGUMENT;
  }
  for (int i = 0; i <= 4; ++i) {
    const std::string msg = "step " + std::to_string(i);
    if (progress != nullptr &&
        progress->report(progress->ctx, i / 4.0, tdm_str{msg.data(), msg.size()}) != 0) {
      fill(out, R"({"error":{"code":"cancelled","message":"stopped"}})");
      return TDM_ERR_CANCELLED;
    }
  }
  fill(out, R"({"done":true})");
  return TDM_OK;
}

tdm_plugin_api makeApi() {
  tdm_plugin_api api{};
  api.struct_size = sizeof api;
  api.abi_version = FAKE_MODE == 2 ? (2u << 16) : TDM_ABI_VERSION;
  api.plugin_name = "fake";
  api.plugin_version = "9.9.9";
  api.create = &create;
  api.destroy = &destroy;
  api.on_lifecycle = &onLifecycle;
  api.handle_request = &handleRequest;
  api.on_event = &onEvent;
  api.privacy_export = &privacy;
  api.privacy_erase = &privacy;
  api.health = &health;
  api.run_job = &runJob;
  return api;
}

const tdm_plugin_api kApi = makeApi();

}  // namespace

extern "C" {

tdm_status tdm_plugin_entry_v1(uint32_t host_abi_version, const tdm_plugin_api** out) {
  if (FAKE_MODE == 1 || (host_abi_version >> 16) != TDM_ABI_MAJOR) return TDM_ERR_VERSION;
  *out = &kApi;
  return TDM_OK;
}

// Test hooks.
TDM_EXPORT int fake_buffers() { return gBuffers.load(); }
TDM_EXPORT int fake_releases() { return gReleases.load(); }
TDM_EXPORT const char* fake_events() { return gEvents.c_str(); }

}  // extern "C"
