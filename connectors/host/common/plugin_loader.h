// PluginLoader loads libtandem.so (or any plugin built against tandem_plugin.h) with dlopen,
// resolves tdm_plugin_entry_v1, refuses another ABI major, and drives one plugin instance:
// create -> INSTALL -> ENABLE on start(), DISABLE -> destroy on stop(). The C calls are wrapped in
// C++: buffers returned by the plugin are released exactly once, JSON errors become Status values.
//
// Thread-safety: handleRequest, health and runJob may be called concurrently once start() returned
// OK and until stop() is called; start and stop must not overlap with anything else (the ABI's
// serialisation rule for lifecycle calls). Ownership: the host services table passed to start()
// must outlive stop(). The library stays mapped until process exit (RTLD_NODELETE), so anything
// the plugin registered (atexit handlers, thread-locals) stays valid.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/common/status.h"
#include "tandem/tandem_plugin.h"

namespace tandem::host {

// One HTTP request as the plugin sees it. Views must stay valid during handleRequest.
struct PluginRequest {
  std::string_view method;
  std::string_view path;   // decoded
  std::string_view query;  // raw, without '?'
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
  std::string_view remoteAddr;
};

// The verified caller. roles 0 = anonymous.
struct PluginIdentity {
  std::string tenant = "default";
  std::string userId;
  std::string displayName;
  std::string locale;
  uint32_t roles = 0;
};

struct PluginResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Progress callback for jobs: fraction in [0,1] and a message; return false to ask the job to stop.
using ProgressFn = std::function<bool(double fraction, std::string_view message)>;

class PluginLoader {
 public:
  // dlopens path and calls the entry symbol. Errors: not_found (no file / no entry symbol),
  // failed_precondition (another ABI major, or a table too small for this host), internal.
  static Result<std::unique_ptr<PluginLoader>> open(const std::string& path);

  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;
  ~PluginLoader();  // calls stop()

  std::string_view name() const { return api_->plugin_name != nullptr ? api_->plugin_name : ""; }
  std::string_view version() const {
    return api_->plugin_version != nullptr ? api_->plugin_version : "";
  }
  uint32_t abiVersion() const { return api_->abi_version; }
  const std::string& path() const { return path_; }
  // The embedded manifest (JSON), empty when the library does not export one.
  std::string manifest() const;

  // create(services), then INSTALL and ENABLE. On failure the instance is destroyed again and the
  // plugin's error is returned.
  Status start(const tdm_host_services* services);
  // DISABLE then destroy. Idempotent; errors are logged, not returned.
  void stop();
  bool running() const { return instance_ != nullptr; }

  // Forwards one request. Returns the plugin's response, or an error when the plugin wrote none.
  Result<PluginResponse> handleRequest(const PluginRequest& request,
                                       const PluginIdentity& identity) const;
  // The plugin's health JSON.
  Result<std::string> health() const;
  // Runs a job; returns its JSON result. A cancelled job returns code "cancelled".
  Result<std::string> runJob(std::string_view job, std::string_view argsJson,
                             const ProgressFn& progress) const;

 private:
  PluginLoader(std::string path, void* handle, const tdm_plugin_api* api)
      : path_(std::move(path)), handle_(handle), api_(api) {}
  Status lifecycle(int32_t event);

  std::string path_;
  void* handle_ = nullptr;
  const tdm_plugin_api* api_ = nullptr;
  tdm_plugin* instance_ = nullptr;
  bool enabled_ = false;
};

// Parses {"error":{"code","message"}} into a Status; falls back to code fallbackCode with the raw
// text (truncated) when the JSON has another shape.
Status statusFromErrorJson(std::string_view json, std::string_view fallbackCode);

// The canonical code for a tdm_status ("invalid_argument", "version", ...).
std::string_view statusName(tdm_status status);

}  // namespace tandem::host
