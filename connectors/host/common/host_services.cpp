#include "host/common/host_services.h"

#include "host/common/json_log.h"

namespace tandem::host {
namespace {

std::string_view sv(tdm_str s) {
  return s.data == nullptr ? std::string_view() : std::string_view(s.data, s.len);
}

std::string settingKey(std::string_view user, std::string_view key) {
  std::string k(user);
  k += '\0';
  k += key;
  return k;
}

spdlog::level::level_enum toSpdlog(int32_t level) {
  switch (level) {
    case TDM_LOG_TRACE:
      return spdlog::level::trace;
    case TDM_LOG_DEBUG:
      return spdlog::level::debug;
    case TDM_LOG_INFO:
      return spdlog::level::info;
    case TDM_LOG_WARN:
      return spdlog::level::warn;
    default:
      return spdlog::level::err;
  }
}

}  // namespace

HostServices::HostServices(std::map<std::string, std::string> globalSettings) {
  for (auto& [key, value] : globalSettings) settings_[settingKey("", key)] = std::move(value);
  table_.struct_size = sizeof(tdm_host_services);
  table_.abi_version = TDM_ABI_VERSION;
  table_.ctx = this;
  table_.log = &HostServices::log;
  table_.setting_get = &HostServices::settingGet;
  table_.setting_set = &HostServices::settingSet;
  table_.user_lookup = &HostServices::userLookup;
  table_.user_search = &HostServices::userSearch;
  table_.notify = &HostServices::notify;
  table_.get_proc = &HostServices::getProc;
}

std::optional<std::string> HostServices::setting(const std::string& user,
                                                 const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = settings_.find(settingKey(user, key));
  if (it == settings_.end()) return std::nullopt;
  return it->second;
}

void HostServices::log(void* /*ctx*/, int32_t level, tdm_str logger, tdm_str message) noexcept {
  try {
    JsonLog::get(sv(logger))->log(toSpdlog(level), "{}", sv(message));
  } catch (...) {
    // Logging must never fail the caller.
  }
}

tdm_status HostServices::settingGet(void* ctx, tdm_str user, tdm_str key, tdm_sink_fn sink,
                                    void* sinkCtx) noexcept {
  try {
    if (ctx == nullptr || sink == nullptr) return TDM_ERR_INVALID_ARGUMENT;
    auto* self = static_cast<HostServices*>(ctx);
    std::string value;
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      const auto it = self->settings_.find(settingKey(sv(user), sv(key)));
      if (it == self->settings_.end()) return TDM_ERR_NOT_FOUND;
      value = it->second;
    }
    sink(sinkCtx, tdm_str{value.data(), value.size()});
    return TDM_OK;
  } catch (...) {
    return TDM_ERR_INTERNAL;
  }
}

tdm_status HostServices::settingSet(void* ctx, tdm_str user, tdm_str key, tdm_str value) noexcept {
  try {
    if (ctx == nullptr || sv(key).empty()) return TDM_ERR_INVALID_ARGUMENT;
    auto* self = static_cast<HostServices*>(ctx);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->settings_[settingKey(sv(user), sv(key))] = std::string(sv(value));
    return TDM_OK;
  } catch (...) {
    return TDM_ERR_INTERNAL;
  }
}

tdm_status HostServices::userLookup(void* /*ctx*/, tdm_str /*user*/, tdm_sink_fn /*sink*/,
                                    void* /*sinkCtx*/) noexcept {
  return TDM_ERR_UNAVAILABLE;
}

tdm_status HostServices::userSearch(void* /*ctx*/, tdm_str /*query*/, uint32_t /*limit*/,
                                    tdm_sink_fn /*sink*/, void* /*sinkCtx*/) noexcept {
  return TDM_ERR_UNAVAILABLE;
}

tdm_status HostServices::notify(void* /*ctx*/, tdm_str user, tdm_str subject,
                                tdm_str /*body*/) noexcept {
  try {
    JsonLog::get("tandem.host")
        ->info("notification for {}: {}", sv(user), sv(subject).substr(0, 200));
    return TDM_OK;
  } catch (...) {
    return TDM_ERR_INTERNAL;
  }
}

void* HostServices::getProc(void* /*ctx*/, const char* /*name*/) noexcept { return nullptr; }

}  // namespace tandem::host
