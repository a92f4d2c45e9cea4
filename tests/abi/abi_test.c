/* A host written in C99 that loads libtandem.so with dlopen and walks the plugin lifecycle:
 * create -> install -> enable -> requests -> disable -> destroy, plus refusals of an older host
 * table and of another ABI major. Exits non-zero on the first failed check. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tandem/tandem_plugin.h>

static int failures = 0;
#define CHECK(cond, ...)                                \
  do {                                                  \
    if (!(cond)) {                                      \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                     \
      fprintf(stderr, "\n");                            \
      failures++;                                       \
    }                                                   \
  } while (0)

static char data_dir[256];

static tdm_str S(const char* s) {
  tdm_str out;
  out.data = s;
  out.len = strlen(s);
  return out;
}

static void host_log(void* ctx, int32_t level, tdm_str logger, tdm_str message) {
  (void)ctx;
  fprintf(stderr, "[plugin %d %.*s] %.*s\n", (int)level, (int)logger.len, logger.data,
          (int)message.len, message.data);
}

static tdm_status host_setting_get(void* ctx, tdm_str user, tdm_str key, tdm_sink_fn sink,
                                   void* sink_ctx) {
  (void)ctx;
  (void)user;
  if (key.len == 8 && memcmp(key.data, "data_dir", 8) == 0) {
    sink(sink_ctx, S(data_dir));
    return TDM_OK;
  }
  return TDM_ERR_NOT_FOUND;
}

static void* host_get_proc(void* ctx, const char* name) {
  (void)ctx;
  (void)name;
  return NULL;
}

/* Collects a response. */
typedef struct response {
  int status;
  char body[65536];
  size_t len;
} response;

static void set_status(void* ctx, int32_t status) { ((response*)ctx)->status = (int)status; }
static void add_header(void* ctx, tdm_str name, tdm_str value) {
  (void)ctx;
  (void)name;
  (void)value;
}
static void write_body(void* ctx, tdm_str chunk) {
  response* r = (response*)ctx;
  size_t room = sizeof(r->body) - 1 - r->len;
  size_t n = chunk.len < room ? chunk.len : room;
  memcpy(r->body + r->len, chunk.data, n);
  r->len += n;
  r->body[r->len] = '\0';
}

static void release(tdm_buffer* b) {
  if (b->release != NULL) b->release(b);
}

static int request(const tdm_plugin_api* api, tdm_plugin* plugin, const char* method,
                   const char* path, const char* body, uint32_t roles, response* out) {
  tdm_request req;
  tdm_identity who;
  tdm_response_writer writer;
  memset(&req, 0, sizeof req);
  memset(&who, 0, sizeof who);
  memset(out, 0, sizeof *out);
  req.struct_size = sizeof req;
  req.method = S(method);
  req.path = S(path);
  req.query = S("");
  req.body = S(body);
  req.remote_addr = S("127.0.0.1");
  who.struct_size = sizeof who;
  who.tenant = S("default");
  who.user_id = S("c.host.user");
  who.display_name = S("C Host");
  who.locale = S("fr");
  who.roles = roles;
  writer.struct_size = sizeof writer;
  writer.ctx = out;
  writer.set_status = set_status;
  writer.add_header = add_header;
  writer.write_body = write_body;
  return api->handle_request(plugin, &req, &who, &writer);
}

static void lifecycle(const tdm_plugin_api* api, tdm_plugin* plugin, int32_t event) {
  tdm_lifecycle ev;
  tdm_buffer err;
  memset(&ev, 0, sizeof ev);
  memset(&err, 0, sizeof err);
  ev.struct_size = sizeof ev;
  ev.event = event;
  err.struct_size = sizeof err;
  CHECK(api->on_lifecycle(plugin, &ev, &err) == TDM_OK, "lifecycle %d: %s", (int)event,
        err.data ? err.data : "");
  release(&err);
}

int main(void) {
  void* lib;
  tdm_status (*entry)(uint32_t, const tdm_plugin_api**);
  const tdm_plugin_api* api = NULL;
  tdm_host_services host;
  tdm_plugin* plugin = NULL;
  tdm_buffer err;
  response res;
  size_t manifest_len = 0;
  const char* manifest;
  char tmpl[] = "/tmp/tandem-abi-XXXXXX";

  if (mkdtemp(tmpl) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(data_dir, sizeof data_dir, "%s", tmpl);

  lib = dlopen(TDM_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  *(void**)(&entry) = dlsym(lib, "tdm_plugin_entry_v1");
  CHECK(entry != NULL, "tdm_plugin_entry_v1 not found");
  if (entry == NULL) return 1;

  /* Another major is refused at the entry. */
  CHECK(entry((2u << 16) | 0u, &api) == TDM_ERR_VERSION, "major 2 must be refused");
  CHECK(api == NULL, "api must stay untouched on refusal");
  CHECK(entry(TDM_ABI_VERSION, &api) == TDM_OK && api != NULL, "entry failed");
  CHECK(api->struct_size >= sizeof(tdm_plugin_api), "api table too small");
  CHECK(TDM_ABI_VERSION_MAJOR(api->abi_version) == 1, "api major");

  {
    const char* (*manifest_fn)(size_t*);
    *(void**)(&manifest_fn) = dlsym(lib, "tdm_plugin_manifest_v1");
    CHECK(manifest_fn != NULL, "manifest symbol missing");
    manifest = manifest_fn(&manifest_len);
    CHECK(manifest_len > 10 && strstr(manifest, "\"tandem\"") != NULL, "manifest content");
  }

  memset(&host, 0, sizeof host);
  host.struct_size = sizeof host;
  host.abi_version = TDM_ABI_VERSION;
  host.log = host_log;
  host.setting_get = host_setting_get;
  host.get_proc = host_get_proc;

  /* An older host whose table ends before get_proc is refused with a clear error. */
  memset(&err, 0, sizeof err);
  err.struct_size = sizeof err;
  host.struct_size = (uint32_t)offsetof(tdm_host_services, notify);
  CHECK(api->create(&host, &plugin, &err) == TDM_ERR_VERSION, "small host table accepted");
  CHECK(plugin == NULL, "plugin created despite refusal");
  CHECK(err.data != NULL && strstr(err.data, "needs at least") != NULL, "error text: %s",
        err.data ? err.data : "(none)");
  release(&err);

  /* A host of another major is refused. */
  host.struct_size = sizeof host;
  host.abi_version = (3u << 16);
  memset(&err, 0, sizeof err);
  err.struct_size = sizeof err;
  CHECK(api->create(&host, &plugin, &err) == TDM_ERR_VERSION, "host major 3 accepted");
  CHECK(err.data != NULL && strstr(err.data, "major") != NULL, "major error text");
  release(&err);

  /* The real lifecycle. */
  host.abi_version = TDM_ABI_VERSION;
  memset(&err, 0, sizeof err);
  err.struct_size = sizeof err;
  CHECK(api->create(&host, &plugin, &err) == TDM_OK && plugin != NULL, "create: %s",
        err.data ? err.data : "");
  release(&err);
  if (plugin == NULL) return 1;

  CHECK(request(api, plugin, "GET", "/api/v1/skills", "", TDM_ROLE_EMPLOYEE, &res) == TDM_OK,
        "request before enable");
  CHECK(res.status == 503, "before enable: %d", res.status);

  lifecycle(api, plugin, TDM_LIFECYCLE_INSTALL);
  lifecycle(api, plugin, TDM_LIFECYCLE_ENABLE);

  CHECK(request(api, plugin, "GET", "/api/v1/skills", "", TDM_ROLE_EMPLOYEE, &res) == TDM_OK,
        "skills request");
  CHECK(res.status == 200, "skills status %d", res.status);
  CHECK(strstr(res.body, "Analyse de donn") != NULL, "localized skill name missing: %.200s",
        res.body);
  CHECK(request(api, plugin, "GET", "/api/v1/me", "", 0, &res) == TDM_OK, "anonymous request");
  CHECK(res.status == 401, "anonymous /me: %d", res.status);
  CHECK(request(api, plugin, "PUT", "/api/v1/admin/module", "{\"enabled\":false}",
                TDM_ROLE_EMPLOYEE, &res) == TDM_OK,
        "admin request");
  CHECK(res.status == 403, "employee on admin route: %d", res.status);
  CHECK(request(api, plugin, "GET", "/api/v1/nope", "", TDM_ROLE_EMPLOYEE, &res) == TDM_OK,
        "unknown route");
  CHECK(res.status == 404 && strstr(res.body, "\"error\"") != NULL, "unknown route: %d",
        res.status);

  memset(&err, 0, sizeof err);
  err.struct_size = sizeof err;
  CHECK(api->health(plugin, &err) == TDM_OK && err.data != NULL &&
            strstr(err.data, "\"ok\"") != NULL,
        "health");
  release(&err);

  memset(&err, 0, sizeof err);
  err.struct_size = sizeof err;
  CHECK(api->run_job(plugin, S("no-such-job"), S("{}"), NULL, &err) == TDM_ERR_NOT_FOUND,
        "unknown job");
  CHECK(err.data != NULL && strstr(err.data, "no job named") != NULL, "unknown job message");
  release(&err);

  lifecycle(api, plugin, TDM_LIFECYCLE_DISABLE);
  CHECK(request(api, plugin, "GET", "/api/v1/skills", "", TDM_ROLE_EMPLOYEE, &res) == TDM_OK,
        "request after disable");
  CHECK(res.status == 503, "after disable: %d", res.status);

  api->destroy(plugin);
  dlclose(lib);
  {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", data_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", data_dir);
  }
  if (failures == 0) printf("abi_c_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
