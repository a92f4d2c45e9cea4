#include "host/common/plugin_loader.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

#include "host/common/host_services.h"
#include "tandem/tandem_plugin.h"

namespace tandem::host {
namespace {

template <typename Fn>
Fn hook(const char* name) {
  void* handle = ::dlopen(FAKE_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (handle == nullptr) return nullptr;
  void* sym = ::dlsym(handle, name);
  ::dlclose(handle);
  Fn fn = nullptr;
  std::memcpy(&fn, &sym, sizeof fn);
  return fn;
}

int buffers() { return hook<int (*)()>("fake_buffers")(); }
int releases() { return hook<int (*)()>("fake_releases")(); }
std::string events() { return hook<const char* (*)()>("fake_events")(); }

TEST(PluginLoader, ReportsAMissingLibrary) {
  auto loaded = PluginLoader::open("/nonexistent/libtandem.so");
  ASSERT_FALSE(loaded.isOk());
  EXPECT_EQ(loaded.status().errorCode(), "not_found");
  EXPECT_NE(loaded.status().message().find("cannot load plugin"), std::string::npos);
}

TEST(PluginLoader, RefusesAPluginThatRefusesThisAbi) {
  auto loaded = PluginLoader::open(FAKE_PLUGIN_REFUSING_PATH);
  ASSERT_FALSE(loaded.isOk());
  EXPECT_EQ(loaded.status().errorCode(), "failed_precondition");
  EXPECT_NE(loaded.status().message().find("ABI 1.0"), std::string::npos)
      << loaded.status().message();
}

TEST(PluginLoader, RefusesAnotherAbiMajor) {
  auto loaded = PluginLoader::open(FAKE_PLUGIN_V2_PATH);
  ASSERT_FALSE(loaded.isOk());
  EXPECT_EQ(loaded.status().errorCode(), "failed_precondition");
  EXPECT_NE(loaded.status().message().find("speaks ABI 2.0"), std::string::npos)
      << loaded.status().message();
}

TEST(PluginLoader, DrivesTheLifecycleAndReleasesEveryBufferOnce) {
  HostServices services(std::map<std::string, std::string>{{"data_dir", "/srv/tandem"}});
  {
    auto loaded = PluginLoader::open(FAKE_PLUGIN_PATH);
    ASSERT_TRUE(loaded.isOk()) << loaded.status().message();
    PluginLoader& plugin = **loaded;
    EXPECT_EQ(plugin.name(), "fake");
    EXPECT_EQ(plugin.version(), "9.9.9");
    EXPECT_EQ(plugin.health().status().errorCode(), "unavailable");  // not started yet

    ASSERT_TRUE(plugin.start(services.table()).isOk());
    EXPECT_EQ(events(), "create,install,enable");

    auto health = plugin.health();
    ASSERT_TRUE(health.isOk());
    EXPECT_EQ(*health, R"({"status":"ok","dataDir":"/srv/tandem"})");  // via setting_get

    PluginRequest request;
    request.method = "POST";
    request.path = "/api/v1/x";
    request.body = "hi";
    request.headers = {{"Accept", "application/json"}};
    PluginIdentity identity;
    identity.userId = "jane";
    identity.roles = TDM_ROLE_EMPLOYEE;
    auto response = plugin.handleRequest(request, identity);
    ASSERT_TRUE(response.isOk());
    EXPECT_EQ(response->status, 201);
    ASSERT_EQ(response->headers.size(), 1u);
    EXPECT_EQ(response->headers[0].first, "X-Fake");
    EXPECT_EQ(
        response->body,
        R"({"path":"/api/v1/x","user":"jane","tenant":"default","roles":1,"headers":1,"body":"hi"})");
    request.path = "/none";
    EXPECT_EQ(plugin.handleRequest(request, identity).status().errorCode(), "internal");

    int reports = 0;
    auto done = plugin.runJob("import", "{}", [&](double, std::string_view) {
      ++reports;
      return true;
    });
    ASSERT_TRUE(done.isOk());
    EXPECT_EQ(*done, R"({"done":true})");
    EXPECT_EQ(reports, 5);

    auto failed = plugin.runJob("fail", "{}", nullptr);
    ASSERT_FALSE(failed.isOk());
    EXPECT_EQ(failed.status().errorCode(), "invalid_argument");
    EXPECT_EQ(failed.status().message(), "bad file");

    auto cancelled = plugin.runJob(
        "import", "{}", [](double fraction, std::string_view) { return fraction < 0.5; });
    EXPECT_EQ(cancelled.status().errorCode(), "cancelled");

    EXPECT_EQ(buffers(), 4);
    EXPECT_EQ(releases(), buffers());
  }  // the loader's destructor disables and destroys
  EXPECT_EQ(events(), "create,install,enable,disable,destroy");
  EXPECT_EQ(releases(), buffers());
}

TEST(HostServices, SettingsAndUnavailableLookups) {
  HostServices services(std::map<std::string, std::string>{{"data_dir", "/d"}});
  const tdm_host_services* t = services.table();
  EXPECT_EQ(t->struct_size, sizeof(tdm_host_services));
  EXPECT_EQ(t->abi_version, TDM_ABI_VERSION);
  std::string value;
  auto sink = [](void* ctx, tdm_str v) { static_cast<std::string*>(ctx)->assign(v.data, v.len); };
  EXPECT_EQ(t->setting_get(t->ctx, {"", 0}, {"data_dir", 8}, sink, &value), TDM_OK);
  EXPECT_EQ(value, "/d");
  EXPECT_EQ(t->setting_get(t->ctx, {"", 0}, {"nope", 4}, sink, &value), TDM_ERR_NOT_FOUND);
  EXPECT_EQ(t->setting_set(t->ctx, {"jane", 4}, {"theme", 5}, {"dark", 4}), TDM_OK);
  EXPECT_EQ(t->setting_get(t->ctx, {"jane", 4}, {"theme", 5}, sink, &value), TDM_OK);
  EXPECT_EQ(value, "dark");
  EXPECT_EQ(t->setting_get(t->ctx, {"", 0}, {"theme", 5}, sink, &value), TDM_ERR_NOT_FOUND);
  EXPECT_EQ(t->user_lookup(t->ctx, {"jane", 4}, sink, &value), TDM_ERR_UNAVAILABLE);
  EXPECT_EQ(t->get_proc(t->ctx, "anything"), nullptr);
}

}  // namespace
}  // namespace tandem::host
