#include "ldap_directory_source.h"

#include <ldap.h>
#include <sys/time.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "entry_mapper.h"
#include "incremental_plan.h"
#include "ldap_connection.h"
#include "ldap_search.h"
#include "ldap_text.h"
#include "reconnect.h"
#include "root_dse.h"
#include "syncrepl_refresh.h"

namespace tandem::ldap {

namespace {

core::Status cancelled() {
  return core::failedPrecondition("the LDAP sync was cancelled").withDetail("cancelled");
}

// The connection of one scan and its reconnect budget. run() performs one search on it; when the
// connection is lost (and the failure did not come from the sink) it reconnects with backoff,
// replacing the source's connection, and runs the search again from the start.
class ScanLink {
 public:
  ScanLink(const LdapConfig& config, std::unique_ptr<LdapConnection>& conn,
           directory::DirectorySink& sink)
      : config_(config), conn_(conn), sink_(sink), backoff_(config.reconnect) {}

  // Checks a new connection before the search runs again (usn: the same domain controller).
  std::function<core::Status(LdapConnection&)> afterReconnect;

  // `search` runs the whole search on the connection it is given; `sinkFailed` tells whether its
  // failure came from the sink (never retried); `done` is the progress count for notes.
  core::Status run(const std::string& what,
                   const std::function<core::Status(LdapConnection&)>& search,
                   const bool& sinkFailed, const std::function<int64_t()>& done) {
    ReconnectHooks hooks;
    hooks.attempt = [&]() { return search(*conn_); };
    hooks.lost = [&](const core::Status& s) { return !sinkFailed && worthReconnect(s); };
    hooks.reconnect = [&]() -> core::Status {
      conn_.reset();
      auto opened = LdapConnection::open(config_);
      if (!opened.isOk()) return opened.status();
      conn_ = std::move(opened).value();
      if (afterReconnect) return afterReconnect(*conn_);
      return core::Status::ok();
    };
    hooks.waiting = [&](const std::string& note) { return sink_.progress(done(), 0, note); };
    hooks.cancelled = cancelled;
    hooks.resumed = [&](const std::string& warning) {
      resumed_ = true;
      sink_.warning(warning + " (now on " + conn_->uri() + ")");
    };
    hooks.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
    return runWithReconnect(what, backoff_, hooks);
  }

  // Whether a search of this scan had to reconnect.
  bool resumed() const { return resumed_; }
  LdapConnection& connection() { return *conn_; }

 private:
  const LdapConfig& config_;
  std::unique_ptr<LdapConnection>& conn_;
  directory::DirectorySink& sink_;
  ReconnectBackoff backoff_;  // one budget for every search of the scan
  bool resumed_ = false;
};

// What a scan already handed to the sink: stable ids, or DNs for entries without one (or that
// could not be mapped). A search restarted after a reconnect skips them.
class Delivered {
 public:
  // True the first time the key is seen.
  bool first(const std::string& stableId, const std::string& dn) {
    if (!stableId.empty()) return ids_.insert(stableId).second;
    return dns_.insert(dn).second;
  }

 private:
  std::unordered_set<std::string> ids_;
  std::unordered_set<std::string> dns_;
};

// Maps people and hands them to the sink in batches of a page (at most), each person once.
class PeopleBatcher {
 public:
  PeopleBatcher(const LdapConfig& config, directory::DirectorySink& sink, std::string noun)
      : config_(config), sink_(sink), noun_(std::move(noun)) {
    batch_.reserve(static_cast<size_t>(config.pageSize));
  }
  // Maps one entry read from the server; flushes a full batch. Returns the first sink error.
  core::Status add(LDAP* ld, LDAPMessage* entry) {
    const RawEntry raw = readEntry(ld, entry);
    std::vector<std::string> warnings;
    auto mapped = mapPerson(raw, config_.mapping, warnings);
    // The same person twice (timestamp overlap, a search restarted after a reconnect): keep the
    // first, and its warnings once.
    if (!delivered_.first(mapped ? mapped->employee.externalId : std::string(), raw.dn)) {
      return error_;
    }
    ++read_;
    for (auto& w : warnings) warnings_.push_back(std::move(w));
    if (mapped) batch_.push_back(std::move(*mapped));
    if (batch_.size() >= static_cast<size_t>(config_.pageSize) && error_.isOk()) error_ = flush();
    return error_;
  }
  // Hands the batch to the sink; returns the first error of this or an earlier flush.
  core::Status flush() {
    if (!error_.isOk()) return error_;
    for (const auto& w : warnings_) sink_.warning(w);
    warnings_.clear();
    if (!batch_.empty()) {
      core::Status delivered = sink_.onPeople(batch_);
      if (!delivered.isOk()) {
        sinkFailed_ = true;
        error_ = delivered;
        return error_;
      }
    }
    batch_.clear();
    if (read_ == reported_) return core::Status::ok();  // once per batch, not again at page end
    reported_ = read_;
    if (!sink_.progress(read_, 0, "read " + std::to_string(read_) + " " + noun_)) {
      return cancelled();
    }
    return core::Status::ok();
  }
  int64_t read() const { return read_; }
  const bool& sinkFailed() const { return sinkFailed_; }

 private:
  const LdapConfig& config_;
  directory::DirectorySink& sink_;
  std::string noun_;
  std::vector<directory::DirectoryEntry> batch_;
  std::vector<std::string> warnings_;
  Delivered delivered_;
  int64_t read_ = 0;
  int64_t reported_ = 0;
  core::Status error_ = core::Status::ok();
  bool sinkFailed_ = false;
};

// Every group, streamed to the sink a page at a time, each group once; counts them into
// `groupCount`.
core::Status scanGroups(ScanLink& link, const LdapConfig& config, directory::DirectorySink& sink,
                        int64_t peopleRead, int64_t& groupCount) {
  std::vector<std::string> warnings;
  std::vector<directory::DirectoryGroup> groups;
  Delivered delivered;
  bool sinkFailed = false;
  auto search = [&](LdapConnection& conn) {
    return pagedSearch(
        conn, config, config.groupBaseDn, config.groupFilter, config.mapping.groupAttributes(),
        [&](LDAP* ld, LDAPMessage* entry) {
          const RawEntry raw = readEntry(ld, entry);
          std::vector<std::string> entryWarnings;
          auto mapped = mapGroup(raw, config.mapping, entryWarnings);
          if (!delivered.first(mapped ? mapped->externalId : std::string(), raw.dn)) return;
          for (auto& w : entryWarnings) warnings.push_back(std::move(w));
          if (mapped) groups.push_back(std::move(*mapped));
          ++groupCount;
        },
        [&]() -> core::Status {
          for (const auto& w : warnings) sink.warning(w);
          warnings.clear();
          if (core::Status s = sink.onGroups(groups); !s.isOk()) {
            sinkFailed = true;
            return s;
          }
          groups.clear();
          if (!sink.progress(peopleRead + groupCount, 0,
                             "read " + std::to_string(groupCount) + " groups")) {
            return cancelled();
          }
          return core::Status::ok();
        },
        "the group search");
  };
  return link.run("the group search", search, sinkFailed,
                  [&]() { return peopleRead + groupCount; });
}

// Closes the source's connection when a scan ends (unless told to keep it).
class CloseAtEnd {
 public:
  explicit CloseAtEnd(std::function<void()> close) : close_(std::move(close)) {}
  ~CloseAtEnd() {
    if (close_) close_();
  }
  CloseAtEnd(const CloseAtEnd&) = delete;
  CloseAtEnd& operator=(const CloseAtEnd&) = delete;
  void keep() { close_ = nullptr; }

 private:
  std::function<void()> close_;
};

}  // namespace

LdapDirectorySource::LdapDirectorySource(LdapConfig config) : config_(std::move(config)) {}
LdapDirectorySource::~LdapDirectorySource() = default;

core::Status LdapDirectorySource::connect() {
  if (conn_) return core::Status::ok();
  caps_.reset();
  auto opened = LdapConnection::open(config_);
  if (!opened.isOk()) return opened.status();
  conn_ = std::move(opened).value();
  return core::Status::ok();
}

core::Result<ServerCapabilities> LdapDirectorySource::capabilities() {
  TDM_RETURN_IF_ERROR(connect());
  if (!caps_) {
    auto caps = readRootDse(*conn_, config_);
    if (!caps.isOk()) return caps.status();
    caps_ = *caps;
  }
  return *caps_;
}

void LdapDirectorySource::disconnect() {
  conn_.reset();
  caps_.reset();
}

core::Result<directory::ScanInfo> LdapDirectorySource::fullScan(directory::DirectorySink& sink) {
  CloseAtEnd close([this] { disconnect(); });
  TDM_RETURN_IF_ERROR(connect());
  directory::ScanInfo info;
  ScanLink link(config_, conn_, sink);
  PeopleBatcher people(config_, sink, "people");
  TDM_RETURN_IF_ERROR(link.run(
      "the people search",
      [&](LdapConnection& conn) {
        return pagedSearch(
            conn, config_, config_.baseDn, config_.userFilter, config_.mapping.personAttributes(),
            [&](LDAP* ld, LDAPMessage* entry) {
              // A sink error is kept and returned by the flush at the end of the page.
              static_cast<void>(people.add(ld, entry));
            },
            [&]() { return people.flush(); }, "the people search");
      },
      people.sinkFailed(), [&]() { return people.read(); }));
  info.people = people.read();
  TDM_RETURN_IF_ERROR(scanGroups(link, config_, sink, info.people, info.groups));
  info.server = link.connection().uri();
  return info;
}

core::Result<std::string> LdapDirectorySource::currentWatermark() {
  // Kept for the scan that follows, unless something failed on it.
  CloseAtEnd close([this] { disconnect(); });
  auto caps = capabilities();
  if (!caps.isOk()) return caps.status();
  auto mechanism = chooseMechanism(config_, *caps);
  if (!mechanism.isOk()) return mechanism.status();
  Watermark w;
  w.mechanism = *mechanism;
  w.scope = searchScope(config_);
  if (w.mechanism.empty()) {
    close.keep();
    return std::string();
  }
  if (w.mechanism == "syncrepl") {
    // No cookie, no attributes: the server lists every entry's UUID and ends with a cookie.
    SyncreplHandlers ignore{
        [](LDAP*, LDAPMessage*, SyncState, const std::string&) { return core::Status::ok(); },
        [](const std::vector<std::string>&, bool) { return core::Status::ok(); }};
    auto outcome =
        syncreplRefresh(*conn_, config_, config_.baseDn, config_.userFilter, {"1.1"}, "", ignore);
    if (!outcome.isOk()) return outcome.status();
    if (outcome->cookie.empty()) {
      return core::unavailable("the server answered the syncrepl refresh without a cookie");
    }
    w.cookie = outcome->cookie;
  } else if (w.mechanism == "usn") {
    if (caps->dnsHostName.empty() || caps->invocationId.empty()) {
      return core::unavailable(
          "the domain controller did not say its dnsHostName and invocationId");
    }
    w.usn = caps->highestCommittedUsn;
    w.dc = caps->dnsHostName;
    w.invocation = caps->invocationId;
  } else {
    w.since = generalizedTimeNow();
  }
  close.keep();
  return w.encode();
}

core::Result<directory::IncrementalInfo> LdapDirectorySource::incrementalScan(
    const std::string& watermark, directory::DirectoryChangeSink& sink) {
  CloseAtEnd close([this] { disconnect(); });
  auto stored = Watermark::decode(watermark);
  if (!stored.isOk()) return stored.status();
  auto capsRead = capabilities();
  if (!capsRead.isOk()) return capsRead.status();
  const ServerCapabilities caps = *capsRead;
  auto chosen = chooseMechanism(config_, caps);
  if (!chosen.isOk()) return chosen.status();
  const std::string mechanism = *chosen;
  if (core::Status usable = checkWatermark(*stored, config_, caps, mechanism); !usable.isOk()) {
    // The core falls back to a full sync at once: keep the connection for it.
    if (usable.errorCode() == "full_sync_required") close.keep();
    return usable;
  }
  directory::IncrementalInfo info;
  info.mechanism = mechanism;
  Watermark next = *stored;
  ScanLink link(config_, conn_, sink);
  if (mechanism == "usn") {
    // The USN counter is per domain controller: a reconnect must reach the same one.
    link.afterReconnect = [&](LdapConnection& conn) -> core::Status {
      auto now = readRootDse(conn, config_);
      if (!now.isOk()) return now.status();
      if (now->dnsHostName != caps.dnsHostName || now->invocationId != caps.invocationId) {
        return core::failedPrecondition("the reconnect reached another domain controller (" +
                                        now->dnsHostName + " instead of " + caps.dnsHostName +
                                        "): its uSNChanged values are not comparable")
            .withDetail("full_sync_required");
      }
      return core::Status::ok();
    };
  }
  PeopleBatcher people(config_, sink, "changed people");

  if (mechanism == "syncrepl") {
    std::vector<std::string> deleted;
    std::vector<std::string> present;
    SyncreplHandlers handlers{
        [&](LDAP* ld, LDAPMessage* entry, SyncState state, const std::string& uuid) {
          switch (state) {
            case SyncState::kAdd:
            case SyncState::kModify:
              return people.add(ld, entry);
            case SyncState::kDelete:
              deleted.push_back(uuid);
              break;
            case SyncState::kPresent:
              present.push_back(uuid);
              break;
          }
          return core::Status::ok();
        },
        [&](const std::vector<std::string>& uuids, bool deletes) {
          auto& into = deletes ? deleted : present;
          into.insert(into.end(), uuids.begin(), uuids.end());
          return core::Status::ok();
        }};
    SyncreplOutcome outcome;
    TDM_RETURN_IF_ERROR(link.run(
        "the syncrepl refresh",
        [&](LdapConnection& conn) -> core::Status {
          // A refresh restarted after a reconnect reports the same changes again: the lists are
          // sets to the sink, and people already delivered are skipped.
          auto refreshed =
              syncreplRefresh(conn, config_, config_.baseDn, config_.userFilter,
                              config_.mapping.personAttributes(), stored->cookie, handlers);
          if (!refreshed.isOk()) return refreshed.status();
          outcome = std::move(refreshed).value();
          return core::Status::ok();
        },
        people.sinkFailed(), [&]() { return people.read(); }));
    TDM_RETURN_IF_ERROR(people.flush());
    TDM_RETURN_IF_ERROR(sink.onDeleted(deleted));
    TDM_RETURN_IF_ERROR(sink.onPresent(present));
    info.deletions = outcome.presentPhase ? directory::DeletionReport::kPresent
                                          : directory::DeletionReport::kListed;
    // After a reconnect a person changed between the two refreshes may have been skipped as
    // already delivered: keep the stored cookie so that the next run reads those changes again.
    if (link.resumed()) {
      sink.warning(
          "the syncrepl cookie was not advanced past the reconnect: the next run reads "
          "the changes since the previous one again");
    } else if (!outcome.cookie.empty()) {
      next.cookie = outcome.cookie;
    }
  } else {
    std::string filter;
    if (mechanism == "usn") {
      filter = usnFilter(config_.userFilter, stored->usn);
      next.usn = caps.highestCommittedUsn;  // read before the search
    } else {
      auto timestamp =
          timestampFilter(config_.userFilter, stored->since, config_.timestampOverlapSeconds);
      if (!timestamp.isOk()) return timestamp.status();
      filter = *timestamp;
      next.since = generalizedTimeNow();  // before the search: overlap covers clock skew
    }
    TDM_RETURN_IF_ERROR(link.run(
        "the changed-people search",
        [&](LdapConnection& conn) {
          return pagedSearch(
              conn, config_, config_.baseDn, filter, config_.mapping.personAttributes(),
              [&](LDAP* ld, LDAPMessage* entry) {
                // A sink error is kept and returned by the flush at the end of the page.
                static_cast<void>(people.add(ld, entry));
              },
              [&]() { return people.flush(); }, "the changed-people search");
        },
        people.sinkFailed(), [&]() { return people.read(); }));
    info.deletions = directory::DeletionReport::kNone;
  }
  info.people = people.read();
  TDM_RETURN_IF_ERROR(scanGroups(link, config_, sink, info.people, info.groups));
  info.server = link.connection().uri();
  info.watermark = next.encode();
  return info;
}

core::Result<std::unique_ptr<directory::DirectorySource>> makeLdapSource(
    const nlohmann::json& config) {
  auto parsed = LdapConfig::fromJson(config);
  if (!parsed.isOk()) return parsed.status();
  return std::unique_ptr<directory::DirectorySource>(
      std::make_unique<LdapDirectorySource>(std::move(parsed).value()));
}

}  // namespace tandem::ldap
