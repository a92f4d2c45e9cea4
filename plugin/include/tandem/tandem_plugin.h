/*
 * Tandem plugin C ABI, version 1.
 *
 * This is the only public interface of libtandem.so. A host suite loads the library, calls
 * tdm_plugin_entry_v1() and talks to the plugin through the function table it returns.
 *
 * Conventions
 * - Versioning: a version is (major << 16) | minor. The host passes the version it was built
 *   against; the plugin refuses a different major (TDM_ERR_VERSION). Every struct starts with
 *   `uint32_t struct_size` and only ever grows at the end, so a newer plugin can detect an older
 *   host's smaller tables. A breaking change is a new `_v2` entry symbol.
 * - Strings: UTF-8, passed as pointer + length (tdm_str); they need not be NUL-terminated and are
 *   only valid for the duration of the call that receives them.
 * - Ownership: a buffer the plugin hands to the host (tdm_buffer) carries its own release
 *   function; the host calls it exactly once. Pointers passed by the host are borrowed.
 * - Errors: every function returns a tdm_status. Where a tdm_buffer* error/output parameter is
 *   given, a failing call fills it with JSON {"error":{"code":"...","message":"..."}}. No C++
 *   exception ever crosses this boundary.
 * - Threading: handle_request, on_event, health, privacy_export and run_job may be called
 *   concurrently from several threads. create, on_lifecycle and destroy are serialised by the host
 *   and never run concurrently with anything else on the same plugin instance.
 */
#ifndef TANDEM_TANDEM_PLUGIN_H_
#define TANDEM_TANDEM_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define TDM_EXPORT __declspec(dllexport)
#else
#define TDM_EXPORT __attribute__((visibility("default")))
#endif

#define TDM_ABI_MAJOR 1u
#define TDM_ABI_MINOR 0u
#define TDM_ABI_VERSION ((TDM_ABI_MAJOR << 16) | TDM_ABI_MINOR)
#define TDM_ABI_VERSION_MAJOR(v) (((v) >> 16) & 0xffffu)

/* Status codes returned by every function. */
typedef int32_t tdm_status;
#define TDM_OK 0
#define TDM_ERR_INVALID_ARGUMENT 1
#define TDM_ERR_VERSION 2       /* ABI major mismatch or a table smaller than required */
#define TDM_ERR_STATE 3         /* call not valid in the plugin's lifecycle state */
#define TDM_ERR_NOT_FOUND 4
#define TDM_ERR_PERMISSION 5
#define TDM_ERR_UNAVAILABLE 6
#define TDM_ERR_INTERNAL 7
#define TDM_ERR_CANCELLED 8

/* Role bits of a verified identity. */
#define TDM_ROLE_EMPLOYEE 0x1u
#define TDM_ROLE_HR_ADMIN 0x2u
#define TDM_ROLE_HOST_ADMIN 0x4u
#define TDM_ROLE_SERVICE 0x8u

/* Log levels for tdm_host_services.log. */
#define TDM_LOG_TRACE 0
#define TDM_LOG_DEBUG 1
#define TDM_LOG_INFO 2
#define TDM_LOG_WARN 3
#define TDM_LOG_ERROR 4

/* Lifecycle events for tdm_plugin_api.on_lifecycle. */
#define TDM_LIFECYCLE_INSTALL 1
#define TDM_LIFECYCLE_ENABLE 2
#define TDM_LIFECYCLE_DISABLE 3
#define TDM_LIFECYCLE_UPGRADE 4
#define TDM_LIFECYCLE_UNINSTALL 5

typedef struct tdm_plugin tdm_plugin; /* opaque plugin instance */

typedef struct tdm_str {
  const char* data;
  size_t len;
} tdm_str;

/* A buffer owned by the plugin. The host reads data[0..len) and then calls release(buffer) once.
 * release may be NULL when data is NULL. */
typedef struct tdm_buffer {
  uint32_t struct_size;
  char* data;
  size_t len;
  void (*release)(struct tdm_buffer* buffer);
} tdm_buffer;

/* Receives a value produced by a host service; valid only during the call. */
typedef void (*tdm_sink_fn)(void* sink_ctx, tdm_str value);

/* Services the host offers to the plugin. Passed to create(); must outlive the plugin instance. */
typedef struct tdm_host_services {
  uint32_t struct_size; /* sizeof(tdm_host_services) as the host was compiled */
  uint32_t abi_version; /* TDM_ABI_VERSION as the host was compiled */
  void* ctx;            /* passed back as the first argument of every service */
  /* Log one message. logger is a name such as "tandem.http". Never receives secrets. */
  void (*log)(void* ctx, int32_t level, tdm_str logger, tdm_str message);
  /* Settings. user_id of length 0 addresses global settings. setting_get calls sink with the value
   * and returns TDM_OK, or returns TDM_ERR_NOT_FOUND without calling it. */
  tdm_status (*setting_get)(void* ctx, tdm_str user_id, tdm_str key, tdm_sink_fn sink,
                            void* sink_ctx);
  tdm_status (*setting_set)(void* ctx, tdm_str user_id, tdm_str key, tdm_str value);
  /* Directory look-ups the host can answer from its own user base; sink receives JSON
   * ({"id","displayName","email","locale","groups":[...]} or an array of those). */
  tdm_status (*user_lookup)(void* ctx, tdm_str user_id, tdm_sink_fn sink, void* sink_ctx);
  tdm_status (*user_search)(void* ctx, tdm_str query, uint32_t limit, tdm_sink_fn sink,
                            void* sink_ctx);
  /* Deliver a notification to a user through the host (bell, mail, chat). */
  tdm_status (*notify)(void* ctx, tdm_str user_id, tdm_str subject, tdm_str body_json);
  /* Optional services by name, or NULL when the host does not offer them. */
  void* (*get_proc)(void* ctx, const char* name);
} tdm_host_services;

/* The identity of the caller, already verified by the host. The core never parses host tokens. */
typedef struct tdm_identity {
  uint32_t struct_size;
  tdm_str tenant;
  tdm_str user_id; /* the employee's userName in the directory */
  tdm_str display_name;
  tdm_str locale; /* BCP 47, e.g. "en" or "fr-FR" */
  uint32_t roles; /* TDM_ROLE_* bits; 0 means anonymous */
} tdm_identity;

typedef struct tdm_header {
  tdm_str name;
  tdm_str value;
} tdm_header;

typedef struct tdm_request {
  uint32_t struct_size;
  tdm_str method; /* "GET", "POST", ... */
  tdm_str path;   /* decoded path, e.g. "/api/v1/me" */
  tdm_str query;  /* raw query string without '?' */
  const tdm_header* headers;
  size_t header_count;
  tdm_str body;
  tdm_str remote_addr;
} tdm_request;

/* The plugin writes its response through these callbacks, in this order: set_status once,
 * add_header any number of times, write_body any number of times. */
typedef struct tdm_response_writer {
  uint32_t struct_size;
  void* ctx;
  void (*set_status)(void* ctx, int32_t http_status);
  void (*add_header)(void* ctx, tdm_str name, tdm_str value);
  void (*write_body)(void* ctx, tdm_str chunk);
} tdm_response_writer;

typedef struct tdm_lifecycle {
  uint32_t struct_size;
  int32_t event;             /* TDM_LIFECYCLE_* */
  uint32_t previous_version; /* for UPGRADE: the plugin version installed before */
  int32_t purge;             /* for UNINSTALL: non-zero deletes all data */
} tdm_lifecycle;

/* Progress of a long job. report returns non-zero to ask the job to stop (TDM_ERR_CANCELLED). */
typedef struct tdm_progress {
  uint32_t struct_size;
  void* ctx;
  int32_t (*report)(void* ctx, double fraction, tdm_str message);
} tdm_progress;

/* The plugin's function table, returned by tdm_plugin_entry_v1. Static; never released. */
typedef struct tdm_plugin_api {
  uint32_t struct_size;
  uint32_t abi_version;
  const char* plugin_name;    /* NUL-terminated */
  const char* plugin_version; /* NUL-terminated, semantic version */

  /* Create an instance. Fails with TDM_ERR_VERSION when host->struct_size is smaller than this
   * ABI needs or host->abi_version has another major. *out is set only on success. */
  tdm_status (*create)(const tdm_host_services* host, tdm_plugin** out, tdm_buffer* error);
  void (*destroy)(tdm_plugin* plugin);
  tdm_status (*on_lifecycle)(tdm_plugin* plugin, const tdm_lifecycle* event, tdm_buffer* error);
  /* Handle one HTTP request. Returns TDM_OK when a response was written (whatever its HTTP status);
   * another status means no response was written. */
  tdm_status (*handle_request)(tdm_plugin* plugin, const tdm_request* request,
                               const tdm_identity* identity, const tdm_response_writer* response);
  /* A host event such as "user.deleted" with a JSON payload. */
  tdm_status (*on_event)(tdm_plugin* plugin, tdm_str type, tdm_str payload_json, tdm_buffer* error);
  /* Everything Tandem stores about one employee (userName), as JSON. */
  tdm_status (*privacy_export)(tdm_plugin* plugin, tdm_str user_id, tdm_buffer* out);
  /* Erase one employee's personal data; out receives a JSON report. */
  tdm_status (*privacy_erase)(tdm_plugin* plugin, tdm_str user_id, tdm_buffer* out);
  /* Health as JSON {"status":"ok"|"degraded"|"down", ...}. */
  tdm_status (*health)(tdm_plugin* plugin, tdm_buffer* out);
  /* Run a named long job (e.g. "import", "demo_seed") with JSON arguments; out receives the JSON
   * result or error. progress may be NULL. */
  tdm_status (*run_job)(tdm_plugin* plugin, tdm_str job, tdm_str args_json,
                        const tdm_progress* progress, tdm_buffer* out);
} tdm_plugin_api;

/* Entry symbol. Returns TDM_ERR_VERSION (and leaves *out untouched) when host_abi_version has
 * another major than TDM_ABI_MAJOR. */
TDM_EXPORT tdm_status tdm_plugin_entry_v1(uint32_t host_abi_version, const tdm_plugin_api** out);

/* The manifest embedded in the library (JSON, not NUL-terminated); *len receives its length. */
TDM_EXPORT const char* tdm_plugin_manifest_v1(size_t* len);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TANDEM_TANDEM_PLUGIN_H_ */
