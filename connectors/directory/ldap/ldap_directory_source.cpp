#include "ldap_directory_source.h"

#include <ldap.h>
#include <sys/time.h>

#include <nlohmann/json.hpp>
#include <unordered_set>

#include "entry_mapper.h"
#include "incremental_plan.h"
#include "ldap_connection.h"
#include "ldap_search.h"
#include "ldap_text.h"
#include "root_dse.h"
#include "syncrepl_refresh.h"

namespace tandem::ldap {

namespace {

core::Status cancelled() {
  return core::failedPrecondition("the LDAP sync was cancelled").withDetail("cancelled");
}

// Every group, streamed to the sink a page at a time; counts them into `groupCount`.
core::Status scanGroups(LdapConnection& conn, const LdapConfig& config,
                        directory::DirectorySink& sink, int64_t peopleRead, int64_t& groupCount) {
  std::vector<std::string> warnings;
  std::vector<directory::DirectoryGroup> groups;
  return pagedSearch(
      conn, config, config.groupBaseDn, config.groupFilter, config.mapping.groupAttributes(),
      [&](LDAP* ld, LDAPMessage* entry) {
        auto mapped = mapGroup(readEntry(ld, entry), config.mapping, warnings);
        if (mapped) groups.push_back(std::move(*mapped));
        ++groupCount;
      },
      [&]() -> core::Status {
        for (const auto& w : warnings) sink.warning(w);
        warnings.clear();
        TDM_RETURN_IF_ERROR(sink.onGroups(groups));
        groups.clear();
        if (!sink.progress(peopleRead + groupCount, 0,
                           "read " + std::to_string(groupCount) + " groups")) {
          return cancelled();
        }
        return core::Status::ok();
      },
      "the group search");
}

// Collects mapped people and hands them to the sink in batches of a page.
class PeopleBatcher {
 public:
  PeopleBatcher(const LdapConfig& config, directory::DirectorySink& sink)
      : config_(config), sink_(sink) {
    batch_.reserve(static_cast<size_t>(config.pageSize));
  }
  // Maps one entry read from the server; flushes a full batch.
  core::Status add(LDAP* ld, LDAPMessage* entry) {
    auto mapped = mapPerson(readEntry(ld, entry), config_.mapping, warnings_);
    ++read_;
    if (mapped) {
      // The same person twice (timestamp overlap, a retried page): keep the first.
      if (!seen_.insert(mapped->employee.externalId).second) return core::Status::ok();
      batch_.push_back(std::move(*mapped));
    }
    if (batch_.size() >= static_cast<size_t>(config_.pageSize) && error_.isOk()) error_ = flush();
    return error_;
  }
  // Hands the batch to the sink; returns the first error of this or an earlier flush.
  core::Status flush() {
    if (!error_.isOk()) return error_;
    for (const auto& w : warnings_) sink_.warning(w);
    warnings_.clear();
    if (!batch_.empty()) TDM_RETURN_IF_ERROR(sink_.onPeople(batch_));
    batch_.clear();
    if (!sink_.progress(read_, 0, "read " + std::to_string(read_) + " changed people")) {
      return cancelled();
    }
    return core::Status::ok();
  }
  int64_t read() const { return read_; }

 private:
  const LdapConfig& config_;
  directory::DirectorySink& sink_;
  std::vector<directory::DirectoryEntry> batch_;
  std::vector<std::string> warnings_;
  std::unordered_set<std::string> seen_;
  int64_t read_ = 0;
  core::Status error_ = core::Status::ok();
};

// Opens a connection and reads the capabilities and the mechanism to use.
struct Session {
  std::unique_ptr<LdapConnection> conn;
  ServerCapabilities caps;
  std::string mechanism;
};

core::Result<Session> openSession(const LdapConfig& config) {
  auto conn = LdapConnection::open(config);
  if (!conn.isOk()) return conn.status();
  Session session;
  session.conn = std::move(conn).value();
  auto caps = readRootDse(*session.conn, config);
  if (!caps.isOk()) return caps.status();
  session.caps = *caps;
  auto mechanism = chooseMechanism(config, session.caps);
  if (!mechanism.isOk()) return mechanism.status();
  session.mechanism = *mechanism;
  return session;
}

}  // namespace

core::Result<directory::ScanInfo> LdapDirectorySource::fullScan(directory::DirectorySink& sink) {
  auto conn = LdapConnection::open(config_);
  if (!conn.isOk()) return conn.status();
  directory::ScanInfo info;
  info.server = (*conn)->uri();
  std::vector<std::string> warnings;
  auto flushWarnings = [&] {
    for (const auto& w : warnings) sink.warning(w);
    warnings.clear();
  };

  std::vector<directory::DirectoryEntry> people;
  people.reserve(static_cast<size_t>(config_.pageSize));
  core::Status scanned = pagedSearch(
      **conn, config_, config_.baseDn, config_.userFilter, config_.mapping.personAttributes(),
      [&](LDAP* ld, LDAPMessage* entry) {
        auto mapped = mapPerson(readEntry(ld, entry), config_.mapping, warnings);
        if (mapped) people.push_back(std::move(*mapped));
        ++info.people;
      },
      [&]() -> core::Status {
        flushWarnings();
        TDM_RETURN_IF_ERROR(sink.onPeople(people));
        people.clear();
        if (!sink.progress(info.people, 0, "read " + std::to_string(info.people) + " people")) {
          return cancelled();
        }
        return core::Status::ok();
      },
      "the people search");
  if (!scanned.isOk()) return scanned;

  scanned = scanGroups(**conn, config_, sink, info.people, info.groups);
  if (!scanned.isOk()) return scanned;
  return info;
}

core::Result<std::string> LdapDirectorySource::currentWatermark() {
  auto session = openSession(config_);
  if (!session.isOk()) return session.status();
  Watermark w;
  w.mechanism = session->mechanism;
  w.scope = searchScope(config_);
  if (w.mechanism.empty()) return std::string();
  if (w.mechanism == "syncrepl") {
    // No cookie, no attributes: the server lists every entry's UUID and ends with a cookie.
    SyncreplHandlers ignore{
        [](LDAP*, LDAPMessage*, SyncState, const std::string&) { return core::Status::ok(); },
        [](const std::vector<std::string>&, bool) { return core::Status::ok(); }};
    auto outcome = syncreplRefresh(*session->conn, config_, config_.baseDn, config_.userFilter,
                                   {"1.1"}, "", ignore);
    if (!outcome.isOk()) return outcome.status();
    if (outcome->cookie.empty()) {
      return core::unavailable("the server answered the syncrepl refresh without a cookie");
    }
    w.cookie = outcome->cookie;
  } else if (w.mechanism == "usn") {
    if (session->caps.dnsHostName.empty() || session->caps.invocationId.empty()) {
      return core::unavailable(
          "the domain controller did not say its dnsHostName and invocationId");
    }
    w.usn = session->caps.highestCommittedUsn;
    w.dc = session->caps.dnsHostName;
    w.invocation = session->caps.invocationId;
  } else {
    w.since = generalizedTimeNow();
  }
  return w.encode();
}

core::Result<directory::IncrementalInfo> LdapDirectorySource::incrementalScan(
    const std::string& watermark, directory::DirectoryChangeSink& sink) {
  auto stored = Watermark::decode(watermark);
  if (!stored.isOk()) return stored.status();
  auto session = openSession(config_);
  if (!session.isOk()) return session.status();
  TDM_RETURN_IF_ERROR(checkWatermark(*stored, config_, session->caps, session->mechanism));
  LdapConnection& conn = *session->conn;
  directory::IncrementalInfo info;
  info.server = conn.uri();
  info.mechanism = session->mechanism;
  Watermark next = *stored;
  PeopleBatcher people(config_, sink);

  if (session->mechanism == "syncrepl") {
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
    auto outcome = syncreplRefresh(conn, config_, config_.baseDn, config_.userFilter,
                                   config_.mapping.personAttributes(), stored->cookie, handlers);
    if (!outcome.isOk()) return outcome.status();
    TDM_RETURN_IF_ERROR(people.flush());
    TDM_RETURN_IF_ERROR(sink.onDeleted(deleted));
    TDM_RETURN_IF_ERROR(sink.onPresent(present));
    info.deletions = outcome->presentPhase ? directory::DeletionReport::kPresent
                                           : directory::DeletionReport::kListed;
    if (!outcome->cookie.empty()) next.cookie = outcome->cookie;
  } else {
    std::string filter;
    if (session->mechanism == "usn") {
      filter = usnFilter(config_.userFilter, stored->usn);
      next.usn = session->caps.highestCommittedUsn;  // read before the search
    } else {
      auto timestamp =
          timestampFilter(config_.userFilter, stored->since, config_.timestampOverlapSeconds);
      if (!timestamp.isOk()) return timestamp.status();
      filter = *timestamp;
      next.since = generalizedTimeNow();  // before the search: overlap covers clock skew
    }
    TDM_RETURN_IF_ERROR(pagedSearch(
        conn, config_, config_.baseDn, filter, config_.mapping.personAttributes(),
        [&](LDAP* ld, LDAPMessage* entry) {
          // A sink error is kept and returned by the flush at the end of the page.
          static_cast<void>(people.add(ld, entry));
        },
        [&]() { return people.flush(); }, "the changed-people search"));
    info.deletions = directory::DeletionReport::kNone;
  }
  info.people = people.read();
  TDM_RETURN_IF_ERROR(scanGroups(conn, config_, sink, info.people, info.groups));
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
