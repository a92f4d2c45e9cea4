#include "incremental_plan.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace tandem::ldap {

namespace {

using nlohmann::json;

core::Status fullSyncRequired(const std::string& why) {
  return core::failedPrecondition(why).withDetail("full_sync_required");
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unhex(const std::string& text, std::string& out) {
  if (text.size() % 2 != 0) return false;
  out.clear();
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = hexValue(text[i]);
    const int lo = hexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string fold(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string formatTime(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%SZ", &tm);
  return buf;
}

}  // namespace

std::string Watermark::encode() const {
  json j = {{"v", 1}, {"mechanism", mechanism}, {"scope", scope}};
  if (mechanism == "syncrepl") j["cookie"] = hex(cookie);
  if (mechanism == "usn") {
    j["usn"] = usn;
    j["dc"] = dc;
    j["invocation"] = invocation;
  }
  if (mechanism == "timestamp") j["since"] = since;
  return j.dump();
}

core::Result<Watermark> Watermark::decode(const std::string& text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("v") || !j["v"].is_number_integer() || j["v"] != 1 ||
      !j.contains("mechanism") ||
      !j["mechanism"].is_string() || !j.contains("scope") || !j["scope"].is_string()) {
    return fullSyncRequired("the stored watermark is unreadable");
  }
  Watermark w;
  w.mechanism = j["mechanism"].get<std::string>();
  w.scope = j["scope"].get<std::string>();
  if (w.mechanism == "syncrepl") {
    const auto c = j.find("cookie");
    if (c == j.end() || !c->is_string() || !unhex(c->get<std::string>(), w.cookie) ||
        w.cookie.empty()) {
      return fullSyncRequired("the stored syncrepl cookie is unreadable");
    }
  } else if (w.mechanism == "usn") {
    const auto u = j.find("usn");
    if (u == j.end() || !u->is_number_integer() || !j.contains("dc") || !j["dc"].is_string() ||
        !j.contains("invocation") || !j["invocation"].is_string()) {
      return fullSyncRequired("the stored USN watermark is unreadable");
    }
    w.usn = u->get<int64_t>();
    w.dc = j["dc"].get<std::string>();
    w.invocation = j["invocation"].get<std::string>();
  } else if (w.mechanism == "timestamp") {
    const auto s = j.find("since");
    if (s == j.end() || !s->is_string()) {
      return fullSyncRequired("the stored timestamp watermark is unreadable");
    }
    w.since = s->get<std::string>();
  } else {
    return fullSyncRequired("the stored watermark names an unknown mechanism");
  }
  return w;
}

std::string searchScope(const LdapConfig& config) {
  return fold(config.baseDn) + "|" + config.userFilter;
}

core::Result<std::string> chooseMechanism(const LdapConfig& config,
                                          const ServerCapabilities& caps) {
  // syncrepl names entries by entryUUID; deletes and presents only match people keyed by it.
  const bool keyedByEntryUuid = !config.mapping.stableId.attributes.empty() &&
                                fold(config.mapping.stableId.attributes.front()) == "entryuuid";
  switch (config.incremental) {
    case IncrementalMechanism::kOff:
      return std::string();
    case IncrementalMechanism::kSyncrepl:
      if (!caps.syncrepl) {
        return fullSyncRequired(
            "ldap.incremental is syncrepl but the server does not support the RFC 4533 sync "
            "control");
      }
      if (!keyedByEntryUuid) {
        return fullSyncRequired(
            "ldap.incremental is syncrepl but the stable id is not entryUUID (syncrepl reports "
            "deletes by entryUUID)");
      }
      return std::string("syncrepl");
    case IncrementalMechanism::kUsn:
      if (!caps.activeDirectory) {
        return fullSyncRequired(
            "ldap.incremental is usn but the server has no highestCommittedUSN (not Active "
            "Directory)");
      }
      return std::string("usn");
    case IncrementalMechanism::kTimestamp:
      return std::string("timestamp");
    case IncrementalMechanism::kAuto:
      break;
  }
  if (caps.syncrepl && keyedByEntryUuid) return std::string("syncrepl");
  if (caps.activeDirectory) return std::string("usn");
  return std::string("timestamp");
}

core::Status checkWatermark(const Watermark& stored, const LdapConfig& config,
                            const ServerCapabilities& caps, const std::string& mechanism) {
  if (stored.mechanism != mechanism) {
    return fullSyncRequired("the stored watermark is for " + stored.mechanism + ", this run uses " +
                            (mechanism.empty() ? std::string("no incremental sync") : mechanism));
  }
  if (stored.scope != searchScope(config)) {
    return fullSyncRequired("the base DN or user filter changed since the watermark was taken");
  }
  if (mechanism == "usn") {
    if (caps.dnsHostName.empty() || caps.invocationId.empty()) {
      return fullSyncRequired("the domain controller did not say its dnsHostName and invocationId");
    }
    if (fold(stored.dc) != fold(caps.dnsHostName)) {
      return fullSyncRequired("uSNChanged is per domain controller: the watermark is from " +
                              stored.dc + ", this run reached " + caps.dnsHostName);
    }
    if (stored.invocation != caps.invocationId) {
      return fullSyncRequired("the invocationId of " + caps.dnsHostName +
                              " changed (restored from backup?)");
    }
    if (stored.usn > caps.highestCommittedUsn) {
      return fullSyncRequired("the stored USN is ahead of " + caps.dnsHostName +
                              "'s highestCommittedUSN");
    }
  }
  return core::Status::ok();
}

std::string usnFilter(const std::string& userFilter, int64_t usn) {
  return "(&" + userFilter + "(uSNChanged>=" + std::to_string(usn + 1) + "))";
}

core::Result<std::string> timestampFilter(const std::string& userFilter, const std::string& since,
                                          int overlapSeconds) {
  std::tm tm{};
  if (since.size() != 15 || since.back() != 'Z' ||
      std::sscanf(since.c_str(), "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
    return fullSyncRequired("the stored timestamp '" + since + "' is unreadable");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t t = timegm(&tm) - overlapSeconds;
  return "(&" + userFilter + "(modifyTimestamp>=" + formatTime(t) + "))";
}

std::string generalizedTimeNow() { return formatTime(std::time(nullptr)); }

std::string uuidText(const std::string& binary) {
  if (binary.size() != 16) return std::string();
  const std::string h = hex(binary);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace tandem::ldap
