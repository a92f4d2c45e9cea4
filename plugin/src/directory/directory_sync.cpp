#include "directory/directory_sync.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/clock.h"

namespace tandem::directory {

using nlohmann::json;

json SyncSummary::toJson() const {
  json out = {
      {"source", source},
      {"mode", mode},
      {"status", status},
      {"added", added},
      {"updated", updated},
      {"deactivated", deactivated},
      {"unchanged", unchanged},
      {"warnings", warnings},
      {"duration_ms", durationMs},
      {"people", people},
      {"groups", groups},
      {"deactivation",
       {{"performed", deactivationPerformed}, {"absent", absent}, {"reason", deactivationReason}}}};
  if (!mechanism.empty()) out["mechanism"] = mechanism;
  if (!deletions.empty()) out["deletions"] = deletions;
  if (!error.empty()) out["error"] = error;
  return out;
}

std::vector<std::vector<size_t>> breakManagerCycles(std::vector<int64_t>& managerOf,
                                                    const std::vector<std::string>& keys) {
  const size_t n = managerOf.size();
  enum : uint8_t { kNew, kOnPath, kDone };
  std::vector<uint8_t> state(n, kNew);
  std::vector<size_t> positionOnPath(n, 0);
  std::vector<std::vector<size_t>> broken;
  std::vector<size_t> path;
  for (size_t start = 0; start < n; ++start) {
    if (state[start] != kNew) continue;
    path.clear();
    size_t node = start;
    while (true) {
      state[node] = kOnPath;
      positionOnPath[node] = path.size();
      path.push_back(node);
      const int64_t next = managerOf[node];
      if (next < 0) break;
      const auto nextNode = static_cast<size_t>(next);
      if (state[nextNode] == kDone) break;
      if (state[nextNode] == kOnPath) {
        std::vector<size_t> cycle(
            path.begin() + static_cast<std::ptrdiff_t>(positionOnPath[nextNode]), path.end());
        const size_t victim = *std::min_element(
            cycle.begin(), cycle.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
        managerOf[victim] = -1;
        broken.push_back(std::move(cycle));
        break;
      }
      node = nextNode;
    }
    for (size_t p : path) state[p] = kDone;
  }
  return broken;
}

namespace {

// FNV-1a, 64 bits: a change detector for what a sync wrote, not a security measure. Each value
// is closed by a separator so that neighbouring values cannot run into each other.
class Fnv1a {
 public:
  void add(std::string_view value, unsigned char separator = 0x1f) {
    for (const char c : value) mix(static_cast<unsigned char>(c));
    mix(separator);
  }
  std::string text(const char* prefix) const {
    char out[32];
    std::snprintf(out, sizeof out, "%s%016llx", prefix, static_cast<unsigned long long>(hash_));
    return out;
  }

 private:
  void mix(unsigned char c) {
    hash_ ^= c;
    hash_ *= 0x100000001b3ULL;
  }
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string directoryFingerprint(const DirectoryEntry& entry) {
  Fnv1a hash;
  const Employee& e = entry.employee;
  for (const std::string* value :
       {&e.source, &e.externalId, &e.userName, &e.displayName, &e.givenName, &e.familyName,
        &e.email, &e.department, &e.title}) {
    hash.add(*value);
  }
  hash.add(e.level ? std::to_string(*e.level) : std::string("-"));
  for (const std::string* value : {&e.hireDate, &e.hireDateConfidence, &e.location, &e.timeZone,
                                   &e.locale, &e.employeeType}) {
    hash.add(*value);
  }
  for (const std::string& language : e.languages) hash.add(language);
  hash.add("|");
  hash.add(e.active ? "1" : "0");
  hash.add(entry.dn);
  hash.add(entry.managerDn);
  hash.add(entry.rawJson);
  return hash.text("v1:");
}

namespace {

// The member DNs as the server listed them (order included: a reordering only costs an
// incremental run its shortcut).
std::string groupMembersFingerprint(const std::vector<std::string>& memberDns) {
  Fnv1a hash;
  for (const std::string& dn : memberDns) hash.add(dn, 0x1e);
  return hash.text("m1:");
}

constexpr size_t kWriteBatch = 5000;
constexpr int kMaxManagerWalk = 100000;  // steps up a manager chain before giving up
constexpr size_t kPeoplePerTransaction = 5000;
constexpr double kReadShare = 0.8;  // progress spent reading; the rest is joins and deactivation

enum class Outcome : uint8_t { kAdded, kUpdated, kUnchanged, kSkipped };

struct Scanned {
  int64_t id = 0;  // 0 when the store refused a new entry
  std::string externalId;
  std::string dn;
  std::string managerDn;
  std::string writtenManager;  // manager_external_id as now in the store
  bool managerUnsure = false;  // manager_id may not match writtenManager: the join rewrites both
  bool wasStored = false;      // the store knew this person before the run
  std::string previousDn;      // the DN the store held before the run
  Outcome outcome = Outcome::kUnchanged;
};

// Releases the run lock when the run ends, however it ends.
class LockRelease {
 public:
  LockRelease(DirectorySyncRepository& sync, std::string name, std::string owner)
      : sync_(sync), name_(std::move(name)), owner_(std::move(owner)) {}
  ~LockRelease() { static_cast<void>(sync_.unlock(name_, owner_)); }
  LockRelease(const LockRelease&) = delete;
  LockRelease& operator=(const LockRelease&) = delete;

 private:
  DirectorySyncRepository& sync_;
  std::string name_;
  std::string owner_;
};

// One run: the sink the source streams into, and the steps after the scan. A full run sees
// everyone through onPeople; an incremental one sees the changes, then completeIncremental() adds
// the unchanged people from the store so the joins and the deactivation see the whole directory.
class SyncRun final : public DirectoryChangeSink {
 public:
  SyncRun(const SyncPorts& ports, std::string source, std::string lockName,
          std::string lockOwner, size_t peoplePerTransaction, const SyncProgressFn& progress)
      : ports_(ports),
        source_(std::move(source)),
        lockName_(std::move(lockName)),
        lockOwner_(std::move(lockOwner)),
        peoplePerTransaction_(std::max<size_t>(1, peoplePerTransaction)),
        progress_(progress) {
    summary_.source = source_;
  }

  SyncSummary& summary() { return summary_; }

  // Reads every identity of the source (a full run, or an incremental one that needs the whole
  // picture); identities looked up one by one before are kept.
  core::Status loadIdentities() {
    auto identities = ports_.sync.identities(source_);
    if (!identities.isOk()) return identities.status();
    stored_.reserve(identities->size());
    for (auto& identity : *identities) {
      std::string key = identity.externalId;
      stored_.emplace(std::move(key), std::move(identity));
    }
    lazy_ = false;
    storedCount_ = static_cast<int64_t>(stored_.size());
    return core::Status::ok();
  }

  // An incremental run looks identities up one by one, as the changes arrive.
  core::Status prepareLazy() {
    auto count = ports_.sync.countPeople(source_);
    if (!count.isOk()) return count.status();
    storedCount_ = *count;
    lazy_ = true;
    return core::Status::ok();
  }

  // People are written peoplePerTransaction at a time (a page is often smaller): fewer, larger
  // transactions write each touched index page once per transaction instead of once per page.
  // A writer thread writes them, so that reading the next pages (waiting for the server, parsing)
  // overlaps writing the previous batch (double buffering: one batch filling, one being written;
  // a full batch waits for the writer to finish the previous one). Until
  // flushPeople() returns, only the writer uses the store.
  core::Status onPeople(std::vector<DirectoryEntry>& batch) override {
    for (DirectoryEntry& entry : batch) pending_.push_back(std::move(entry));
    batch.clear();
    if (pending_.size() < peoplePerTransaction_) return core::Status::ok();
    return handOff();
  }

  // Writes the people still buffered and waits for the writer; called when the scan ends,
  // however it ends. Returns the first write error.
  core::Status flushPeople() {
    core::Status handed = pending_.empty() ? core::Status::ok() : handOff();
    stopWriter();
    std::lock_guard<std::mutex> lock(writerMu_);
    return writerError_.isOk() ? handed : writerError_;
  }

  ~SyncRun() override { stopWriter(); }
  SyncRun(const SyncRun&) = delete;
  SyncRun& operator=(const SyncRun&) = delete;

  core::Status onGroups(std::vector<DirectoryGroup>& batch) override {
    summary_.groups += static_cast<int64_t>(batch.size());
    for (auto& g : batch) groups_.push_back(std::move(g));
    return core::Status::ok();
  }

  bool progress(int64_t done, int64_t estimate, const std::string& message) override {
    if (estimate <= 0) estimate = lazy_ ? 0 : storedCount_;
    double fraction = estimate > 0 ? static_cast<double>(done) / static_cast<double>(estimate)
                                   : static_cast<double>(done) / static_cast<double>(done + 5000);
    fraction = std::clamp(fraction, 0.0, 1.0) * kReadShare;
    return report(fraction, message);
  }

  void warning(const std::string& message) override { warn(message); }

  core::Status writePeople(std::vector<DirectoryEntry>& batch) {
    return ports_.transaction([&]() -> core::Status {
      for (DirectoryEntry& entry : batch) TDM_RETURN_IF_ERROR(applyEntry(entry));
      return ports_.sync.heartbeat(lockName_, lockOwner_);
    });
  }

  // Gives pending_ to the writer (started on first use) once it has taken the previous batch.
  core::Status handOff() {
    std::unique_lock<std::mutex> lock(writerMu_);
    if (!writer_.joinable()) writer_ = std::thread([this] { writerLoop(); });
    writerCv_.wait(lock, [this] { return (!queued_ && !writing_) || !writerError_.isOk(); });
    if (!writerError_.isOk()) {
      pending_.clear();
      return writerError_;
    }
    queue_ = std::move(pending_);
    pending_ = std::vector<DirectoryEntry>();
    queued_ = true;
    writerCv_.notify_all();
    return core::Status::ok();
  }

  void writerLoop() {
    while (true) {
      std::vector<DirectoryEntry> batch;
      {
        std::unique_lock<std::mutex> lock(writerMu_);
        writerCv_.wait(lock, [this] { return queued_ || writerDone_; });
        if (!queued_) return;  // done, nothing left
        batch = std::move(queue_);
        queue_ = std::vector<DirectoryEntry>();
        queued_ = false;
        writing_ = true;
      }
      core::Status written = writePeople(batch);
      batch.clear();
      std::lock_guard<std::mutex> lock(writerMu_);
      writing_ = false;
      if (!written.isOk() && writerError_.isOk()) writerError_ = written;
      writerCv_.notify_all();
      if (!written.isOk()) return;
    }
  }

  // Lets the writer finish what it was given, then joins it.
  void stopWriter() {
    {
      std::lock_guard<std::mutex> lock(writerMu_);
      writerDone_ = true;
    }
    writerCv_.notify_all();
    if (writer_.joinable()) writer_.join();
    std::lock_guard<std::mutex> lock(writerMu_);
    writerDone_ = false;
  }

  core::Status onDeleted(const std::vector<std::string>& externalIds) override {
    deleted_.insert(externalIds.begin(), externalIds.end());
    return core::Status::ok();
  }

  core::Status onPresent(const std::vector<std::string>& externalIds) override {
    present_.insert(externalIds.begin(), externalIds.end());
    return core::Status::ok();
  }

  // After a completed incremental scan: the people it did not return are taken from the store —
  // all of them but the deleted ones (kListed, kNone), or only those listed as present
  // (kPresent). Changed-then-deleted people count as deleted.
  void completeIncremental(DeletionReport deletions) {
    incremental_ = true;
    if (!deleted_.empty()) {
      for (Scanned& s : scanned_) {
        if (deleted_.count(s.externalId) == 0) continue;
        index_.erase(s.externalId);
        if (const auto it = dnIndex_.find(s.dn); it != dnIndex_.end() &&
                                                 scanned_[it->second].externalId == s.externalId) {
          dnIndex_.erase(it);
        }
        s.outcome = Outcome::kSkipped;
      }
    }
    for (const auto& [externalId, identity] : stored_) {
      if (index_.find(externalId) != index_.end()) continue;
      if (deletions == DeletionReport::kPresent ? present_.count(externalId) == 0
                                                : deleted_.count(externalId) != 0) {
        continue;
      }
      Scanned s;
      s.id = identity.id;
      s.externalId = externalId;
      s.dn = identity.dn;
      s.managerDn = identity.managerDn;
      s.writtenManager = identity.managerExternalId;
      const size_t position = scanned_.size();
      index_.emplace(externalId, position);
      // A changed person took over this DN (a ModDN) when the DN is already indexed.
      if (!s.dn.empty()) dnIndex_.emplace(s.dn, position);
      scanned_.push_back(std::move(s));
    }
  }

  // The shortcut of an incremental run whose changes only touch attributes and managers of
  // people already stored: no one added, moved (ModDN) or deleted, and every group's member list
  // as last written. Then the full picture cannot differ from the store outside the changed
  // people, so only their managers are joined (by DN, through the store) and checked for a
  // cycle. Returns false, having written nothing, when the run needs the whole picture.
  core::Result<bool> applyDelta(DeletionReport deletions) {
    if (deletions == DeletionReport::kPresent) return false;
    for (const std::string& id : deleted_) {
      auto known = lookupStored(id);
      if (!known.isOk()) return known.status();
      if (*known != nullptr) return false;
    }
    std::unordered_map<int64_t, size_t> changedById;
    int64_t changedStored = 0;
    for (size_t i = 0; i < scanned_.size(); ++i) {
      const Scanned& s = scanned_[i];
      if (s.outcome == Outcome::kSkipped || s.outcome == Outcome::kAdded || !s.wasStored ||
          s.previousDn != s.dn || s.id == 0) {
        return false;
      }
      changedById.emplace(s.id, i);
      ++changedStored;
    }
    auto storedGroups = ports_.sync.groups(source_, /*withMembers=*/false);
    if (!storedGroups.isOk()) return storedGroups.status();
    if (groups_.empty() != storedGroups->empty()) return false;
    std::unordered_map<std::string, const StoredGroup*> storedById;
    for (const StoredGroup& g : *storedGroups) storedById.emplace(g.externalId, &g);
    for (const DirectoryGroup& g : groups_) {
      const auto it = storedById.find(g.externalId);
      if (it == storedById.end() || it->second->name != g.name || it->second->dn != g.dn ||
          it->second->membersHash != groupMembersFingerprint(g.memberDns)) {
        return false;
      }
    }
    if (groups_.size() != storedGroups->size()) return false;  // a group left (or a duplicate)

    // The manager each changed person should have.
    struct Target {
      std::string externalId;
      int64_t id = 0;
    };
    std::vector<Target> targets(scanned_.size());
    for (size_t i = 0; i < scanned_.size(); ++i) {
      const Scanned& s = scanned_[i];
      if (s.managerDn.empty()) continue;
      if (s.managerDn == s.dn) {
        warn("self manager: " + s.dn + " names itself as its manager; manager left empty");
        continue;
      }
      if (const auto it = dnIndex_.find(s.managerDn); it != dnIndex_.end()) {
        targets[i] = {scanned_[it->second].externalId, scanned_[it->second].id};
        continue;
      }
      auto manager = ports_.sync.identityByDn(source_, s.managerDn);
      if (!manager.isOk()) return manager.status();
      if (!manager->has_value()) {
        warn("dangling manager: " + s.dn + " names " + s.managerDn +
             ", which is not in the directory; manager left empty");
        continue;
      }
      targets[i] = {(*manager)->externalId, (*manager)->id};
    }

    // A changed reference may close a cycle: walk up from the new manager (changed people by
    // their new target, the others by the store) and break a cycle as a full run would, at the
    // member with the smallest DN.
    std::vector<int64_t> clearStored;  // stored people outside the changes who lose their manager
    for (size_t i = 0; i < scanned_.size(); ++i) {
      Scanned& s = scanned_[i];
      if (targets[i].id == 0 || targets[i].externalId == s.writtenManager) continue;
      std::vector<std::pair<int64_t, std::string>> path = {{s.id, s.dn}};
      std::unordered_set<int64_t> seen = {s.id};
      int64_t current = targets[i].id;
      bool cycle = false;
      for (int step = 0; step < kMaxManagerWalk && current != 0; ++step) {
        if (current == s.id) {
          cycle = true;
          break;
        }
        if (!seen.insert(current).second) break;  // a loop that does not come back to s
        if (const auto c = changedById.find(current); c != changedById.end()) {
          path.emplace_back(current, scanned_[c->second].dn);
          current = targets[c->second].id;
          continue;
        }
        auto link = ports_.sync.identityById(current);
        if (!link.isOk()) return link.status();
        if (!link->has_value()) break;
        path.emplace_back(current, (*link)->dn);
        current = (*link)->managerId;
      }
      if (!cycle) continue;
      const auto victim = std::min_element(
          path.begin(), path.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      std::string chain;
      for (size_t k = 0; k < path.size() && k < 8; ++k) chain += path[k].second + " -> ";
      chain += path.size() > 8 ? "..." : path.front().second;
      warn("manager cycle: " + chain + "; manager of " + victim->second + " left empty");
      if (const auto c = changedById.find(victim->first); c != changedById.end()) {
        targets[c->second] = Target{};
      } else {
        clearStored.push_back(victim->first);
      }
    }

    const core::Status written = ports_.transaction([&]() -> core::Status {
      for (size_t i = 0; i < scanned_.size(); ++i) {
        Scanned& s = scanned_[i];
        if (targets[i].externalId == s.writtenManager && !s.managerUnsure) continue;
        TDM_RETURN_IF_ERROR(ports_.sync.setManager(s.id, targets[i].externalId, targets[i].id));
        const bool moved = targets[i].externalId != s.writtenManager;
        s.writtenManager = targets[i].externalId;
        s.managerUnsure = false;
        if (moved && s.outcome == Outcome::kUnchanged) s.outcome = Outcome::kUpdated;
      }
      for (const int64_t id : clearStored) TDM_RETURN_IF_ERROR(ports_.sync.setManager(id, "", 0));
      return core::Status::ok();
    });
    if (!written.isOk()) return written;
    incremental_ = true;
    extraUpdated_ = static_cast<int64_t>(clearStored.size());
    implicitUnchanged_ = storedCount_ - changedStored - extraUpdated_;
    summary_.absent = 0;
    summary_.deactivationPerformed = true;
    return true;
  }

  bool report(double fraction, const std::string& message) const {
    return !progress_ || progress_(fraction, message);
  }

  // Joins managers by normalised DN over the completed scan; writes what changed.
  core::Status joinManagers() {
    const size_t n = scanned_.size();
    std::vector<int64_t> managerOf(n, -1);
    std::vector<std::string> keys(n);
    for (size_t i = 0; i < n; ++i) {
      const Scanned& s = scanned_[i];
      keys[i] = s.dn;
      if (s.managerDn.empty()) continue;
      if (s.managerDn == s.dn) {
        warn("self manager: " + s.dn + " names itself as its manager; manager left empty");
        continue;
      }
      const auto it = dnIndex_.find(s.managerDn);
      if (it == dnIndex_.end()) {
        warn("dangling manager: " + s.dn + " names " + s.managerDn +
             ", which is not in the directory; manager left empty");
        continue;
      }
      managerOf[i] = static_cast<int64_t>(it->second);
    }
    for (const auto& cycle : breakManagerCycles(managerOf, keys)) {
      std::string chain;
      for (size_t k = 0; k < cycle.size() && k < 8; ++k) chain += scanned_[cycle[k]].dn + " -> ";
      chain += cycle.size() > 8 ? "..." : scanned_[cycle.front()].dn;
      const size_t victim = *std::min_element(
          cycle.begin(), cycle.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
      warn("manager cycle: " + chain + "; manager of " + scanned_[victim].dn + " left empty");
    }
    bool wroteManager = false;
    for (size_t start = 0; start < n; start += kWriteBatch) {
      const size_t end = std::min(n, start + kWriteBatch);
      core::Status written = ports_.transaction([&]() -> core::Status {
        for (size_t i = start; i < end; ++i) {
          Scanned& s = scanned_[i];
          if (s.id == 0 || s.outcome == Outcome::kSkipped) continue;
          const Scanned* manager =
              managerOf[i] < 0 ? nullptr : &scanned_[static_cast<size_t>(managerOf[i])];
          const std::string target = manager != nullptr ? manager->externalId : std::string();
          if (target == s.writtenManager && !s.managerUnsure) continue;
          TDM_RETURN_IF_ERROR(
              ports_.sync.setManager(s.id, target, manager != nullptr ? manager->id : 0));
          const bool moved = target != s.writtenManager;
          s.writtenManager = target;
          s.managerUnsure = false;
          wroteManager = wroteManager || moved;
          if (moved && s.outcome == Outcome::kUnchanged) s.outcome = Outcome::kUpdated;
        }
        return core::Status::ok();
      });
      if (!written.isOk()) return written;
    }
    // This source's manager ids were set above. Rows of other sources (an import) may name one
    // of its people as manager: resolve those, unless nobody was added and no reference moved.
    const bool added = std::any_of(scanned_.begin(), scanned_.end(),
                                   [](const Scanned& s) { return s.outcome == Outcome::kAdded; });
    if (!wroteManager && !added) return core::Status::ok();
    return ports_.transaction([&]() -> core::Status {
      auto unresolved = ports_.sync.resolveOtherManagers(source_);
      return unresolved.status();
    });
  }

  // Writes groups, direct members and subgroups, touching only what changed. Groups of this
  // source the completed scan no longer returned are emptied (rows stay), unless the scan
  // returned no group at all. Cycles among groups are reported; reads of nested groups are
  // depth-guarded, so a cycle cannot loop.
  core::Status writeGroups() {
    auto storedGroups = ports_.sync.groups(source_);
    if (!storedGroups.isOk()) return storedGroups.status();
    if (groups_.empty() && storedGroups->empty()) return core::Status::ok();
    std::unordered_map<std::string, const StoredGroup*> storedById;
    for (const StoredGroup& g : *storedGroups) {
      if (!g.externalId.empty()) storedById.emplace(g.externalId, &g);
    }
    return ports_.transaction([&]() -> core::Status {
      std::unordered_map<std::string, int64_t> groupIdByDn;
      std::vector<std::optional<int64_t>> ids(groups_.size());
      std::vector<const StoredGroup*> before(groups_.size(), nullptr);
      std::unordered_set<int64_t> seen;
      for (size_t i = 0; i < groups_.size(); ++i) {
        const DirectoryGroup& g = groups_[i];
        if (g.externalId.empty() || g.name.empty()) {
          warn("group " + g.dn + " has no stable id or name; skipped");
          continue;
        }
        const auto known = storedById.find(g.externalId);
        if (known != storedById.end() && known->second->name == g.name &&
            known->second->dn == g.dn) {
          ids[i] = known->second->id;
        } else {
          auto id = ports_.sync.upsertGroup(source_, g.externalId, g.name, g.dn);
          if (!id.isOk()) {
            if (id.status().code() != core::StatusCode::kAlreadyExists) return id.status();
            warn("group " + g.dn + " not stored: " + id.status().message());
            continue;
          }
          ids[i] = *id;
        }
        if (known != storedById.end() && known->second->id == *ids[i]) before[i] = known->second;
        seen.insert(*ids[i]);
        groupIdByDn[g.dn] = *ids[i];
      }
      std::unordered_map<int64_t, std::vector<int64_t>> children;
      for (size_t i = 0; i < groups_.size(); ++i) {
        if (!ids[i]) continue;
        const DirectoryGroup& g = groups_[i];
        std::vector<int64_t> people;
        std::vector<int64_t> subgroups;
        int64_t unknown = 0;
        for (const std::string& member : g.memberDns) {
          if (const auto p = dnIndex_.find(member); p != dnIndex_.end()) {
            if (scanned_[p->second].id != 0) people.push_back(scanned_[p->second].id);
          } else if (const auto c = groupIdByDn.find(member); c != groupIdByDn.end()) {
            if (c->second == *ids[i]) {
              warn("group " + g.dn + " contains itself; ignored");
            } else {
              subgroups.push_back(c->second);
            }
          } else {
            ++unknown;
          }
        }
        if (unknown > 0) {
          warn("group " + g.dn + ": " + std::to_string(unknown) +
               " member(s) not found in the directory; ignored");
        }
        std::sort(people.begin(), people.end());
        people.erase(std::unique(people.begin(), people.end()), people.end());
        std::sort(subgroups.begin(), subgroups.end());
        subgroups.erase(std::unique(subgroups.begin(), subgroups.end()), subgroups.end());
        children[*ids[i]] = subgroups;
        const std::string membersHash = groupMembersFingerprint(g.memberDns);
        if (before[i] == nullptr || before[i]->membersHash != membersHash) {
          TDM_RETURN_IF_ERROR(ports_.sync.setGroupMembersHash(*ids[i], membersHash));
        }
        if (before[i] != nullptr && before[i]->memberIds == people &&
            before[i]->childGroupIds == subgroups) {
          continue;
        }
        TDM_RETURN_IF_ERROR(ports_.sync.replaceGroupMembers(*ids[i], people, subgroups));
      }
      reportGroupCycles(children, groupIdByDn);
      if (groups_.empty()) {
        warn("the directory returned no group: the " + std::to_string(storedGroups->size()) +
             " stored group(s) keep their members");
        return core::Status::ok();
      }
      for (const StoredGroup& g : *storedGroups) {
        if (seen.count(g.id) != 0 || (g.memberIds.empty() && g.childGroupIds.empty())) continue;
        TDM_RETURN_IF_ERROR(ports_.sync.replaceGroupMembers(g.id, {}, {}));
        TDM_RETURN_IF_ERROR(ports_.sync.setGroupMembersHash(g.id, ""));
        warn("group " + (g.dn.empty() ? g.name : g.dn) +
             " is no longer in the directory: its members were removed");
      }
      return core::Status::ok();
    });
  }

  // Deactivates this source's active people the completed scan did not return, within the guard.
  core::Status deactivateAbsent(const SyncOptions& options) {
    std::vector<int64_t> absent;
    int64_t activeBefore = 0;
    for (const auto& [externalId, identity] : stored_) {
      if (!identity.active) continue;
      ++activeBefore;
      if (index_.find(externalId) == index_.end()) absent.push_back(identity.id);
    }
    summary_.absent = static_cast<int64_t>(absent.size());
    if (absent.empty()) {
      summary_.deactivationPerformed = true;
      return core::Status::ok();
    }
    const double share =
        activeBefore > 0 ? static_cast<double>(absent.size()) / static_cast<double>(activeBefore)
                         : 1.0;
    std::string reason;
    const bool nobody = incremental_ ? index_.empty() : summary_.people == 0;
    if (nobody) {
      reason = "the scan returned nobody, which would deactivate all " +
               std::to_string(activeBefore) + " active people";
    } else if (share > options.deletionGuardShare) {
      char percent[64];
      std::snprintf(percent, sizeof percent, "%.1f %% > %.1f %%", share * 100.0,
                    options.deletionGuardShare * 100.0);
      reason = std::to_string(absent.size()) + " of " + std::to_string(activeBefore) +
               " active people are missing from the directory (" + percent +
               ", the deletion guard share)";
    }
    if (!reason.empty() && !options.force) {
      summary_.deactivationReason = "nobody deactivated: " + reason + "; run with --force to apply";
      warn(summary_.deactivationReason);
      return core::Status::ok();
    }
    if (!reason.empty()) warn("deletion guard overridden by --force: " + reason);
    return ports_.transaction([&]() -> core::Status {
      auto changed = ports_.sync.deactivate(absent);
      if (!changed.isOk()) return changed.status();
      summary_.deactivated = *changed;
      summary_.deactivationPerformed = true;
      return core::Status::ok();
    });
  }

  void tally() {
    summary_.unchanged += implicitUnchanged_;
    summary_.updated += extraUpdated_;
    for (const Scanned& s : scanned_) {
      switch (s.outcome) {
        case Outcome::kAdded:
          ++summary_.added;
          break;
        case Outcome::kUpdated:
          ++summary_.updated;
          break;
        case Outcome::kUnchanged:
          ++summary_.unchanged;
          break;
        case Outcome::kSkipped:
          break;
      }
    }
    if (warningCount_ > static_cast<int64_t>(summary_.warnings.size())) {
      summary_.warnings.push_back(
          "... and " +
          std::to_string(warningCount_ - static_cast<int64_t>(summary_.warnings.size())) +
          " more warnings");
    }
  }

 private:
  // Called by the writer thread and by the source's thread during a scan.
  void warn(std::string message) {
    std::lock_guard<std::mutex> lock(warnMu_);
    ++warningCount_;
    if (summary_.warnings.size() < kMaxListedWarnings)
      summary_.warnings.push_back(std::move(message));
  }

  // The stored identity of a stable id, or nullptr; in a lazy run read from the store once.
  core::Result<const StoredIdentity*> lookupStored(const std::string& externalId) {
    if (const auto it = stored_.find(externalId); it != stored_.end()) return &it->second;
    if (!lazy_ || notStored_.count(externalId) != 0) return nullptr;
    auto found = ports_.sync.identity(source_, externalId);
    if (!found.isOk()) return found.status();
    if (!found->has_value()) {
      notStored_.insert(externalId);
      return nullptr;
    }
    return &stored_.emplace(externalId, std::move(**found)).first->second;
  }

  core::Status applyEntry(DirectoryEntry& entry) {
    Employee& e = entry.employee;
    ++summary_.people;
    if (e.externalId.empty()) {
      warn("entry " + entry.dn + " has no stable id; skipped");
      return core::Status::ok();
    }
    if (index_.find(e.externalId) != index_.end()) {
      warn("entry " + entry.dn + " repeats the id " + e.externalId + "; skipped");
      return core::Status::ok();
    }
    e.source = source_;
    auto lookedUp = lookupStored(e.externalId);
    if (!lookedUp.isOk()) return lookedUp.status();
    const StoredIdentity* known = *lookedUp;
    // The manager is joined after the scan; until then keep what the store holds.
    e.managerExternalId = known != nullptr ? known->managerExternalId : "";
    Scanned s;
    s.externalId = e.externalId;
    s.dn = entry.dn;
    s.managerDn = entry.managerDn;
    s.writtenManager = e.managerExternalId;
    s.wasStored = known != nullptr;
    if (known != nullptr) s.previousDn = known->dn;
    const std::string fingerprint = directoryFingerprint(entry);
    core::Status written;
    bool compareSlowly = false;
    if (known != nullptr && !known->fingerprint.empty()) {
      // What the last sync wrote is known: an equal fingerprint (and active flag: a person
      // deactivated as absent may come back unchanged) means nothing to write.
      e.id = known->id;
      if (known->fingerprint == fingerprint && known->active == e.active) {
        s.outcome = Outcome::kUnchanged;
      } else {
        written = ports_.sync.updatePerson(entry, fingerprint);
        s.outcome = Outcome::kUpdated;
      }
    } else if (known == nullptr) {
      // A manager already read in this scan is written with the person: directories mostly
      // list managers before their reports, so the join after the scan rarely has to rewrite.
      e.managerId.reset();
      if (!entry.managerDn.empty() && entry.managerDn != entry.dn) {
        if (const auto m = dnIndex_.find(entry.managerDn); m != dnIndex_.end()) {
          const Scanned& manager = scanned_[m->second];
          if (manager.id != 0 && manager.outcome != Outcome::kSkipped) {
            e.managerExternalId = manager.externalId;
            e.managerId = manager.id;
            s.writtenManager = manager.externalId;
          }
        }
      }
      written = ports_.sync.insertPerson(entry, fingerprint);
      s.outcome = Outcome::kAdded;
      // The stable id may belong to a row of another source (an import): adopt it as before.
      compareSlowly = written.code() == core::StatusCode::kAlreadyExists;
    } else {
      compareSlowly = true;  // written before fingerprints existed
    }
    if (compareSlowly && known == nullptr) {
      // Only a CSV import or the demo may be adopted; a person another connector manages (LDAP,
      // SCIM pushed or pulled) is reported, never taken over.
      auto holder = ports_.employees.findByExternalId(e.externalId);
      if (!holder.isOk()) return holder.status();
      if (holder->has_value() && (**holder).source != source_ &&
          (**holder).source != "import" && (**holder).source != "demo") {
        compareSlowly = false;
        written = core::alreadyExists("its id " + e.externalId + " belongs to a person the " +
                                      (**holder).source + " source manages");
      }
    }
    if (compareSlowly) {
      // The generic upsert keeps manager_id as it was: let the join write the manager.
      e.managerExternalId = known != nullptr ? known->managerExternalId : "";
      e.managerId.reset();
      s.writtenManager = e.managerExternalId;
      s.managerUnsure = true;
      written = core::Status::ok();
      core::Result<UpsertOutcome> outcome = ports_.employees.upsert(e);
      if (!outcome.isOk()) {
        written = outcome.status();
      } else {
        s.outcome = *outcome == UpsertOutcome::kAdded     ? Outcome::kAdded
                    : *outcome == UpsertOutcome::kUpdated ? Outcome::kUpdated
                                                          : Outcome::kUnchanged;
        auto changed = ports_.sync.setDirectoryFields(e.id, entry.dn, entry.managerDn,
                                                      entry.rawJson, fingerprint);
        if (!changed.isOk()) return changed.status();
        if (*changed && s.outcome == Outcome::kUnchanged) s.outcome = Outcome::kUpdated;
      }
    }
    if (!written.isOk()) {
      const auto code = written.code();
      if (code != core::StatusCode::kAlreadyExists && code != core::StatusCode::kInvalidArgument) {
        return written;
      }
      warn("entry " + entry.dn + " not stored: " + written.message());
      s.outcome = Outcome::kSkipped;
      s.id = known != nullptr ? known->id : 0;
    } else {
      s.id = e.id;
    }
    const size_t position = scanned_.size();
    index_.emplace(s.externalId, position);
    if (!entry.dn.empty() && !dnIndex_.emplace(entry.dn, position).second) {
      warn("two entries share the DN " + entry.dn);
    }
    scanned_.push_back(std::move(s));
    return core::Status::ok();
  }

  void reportGroupCycles(const std::unordered_map<int64_t, std::vector<int64_t>>& children,
                         const std::unordered_map<std::string, int64_t>& groupIdByDn) {
    std::unordered_map<int64_t, std::string> dnById;
    for (const auto& [dn, id] : groupIdByDn) dnById[id] = dn;
    for (const auto& [root, direct] : children) {
      // Is root reachable from its own children? Groups are few; a walk per group is cheap.
      std::vector<int64_t> stack(direct.begin(), direct.end());
      std::unordered_map<int64_t, bool> seen;
      bool cyclic = false;
      while (!stack.empty() && !cyclic) {
        const int64_t g = stack.back();
        stack.pop_back();
        if (g == root) cyclic = true;
        if (seen[g]) continue;
        seen[g] = true;
        if (const auto it = children.find(g); it != children.end()) {
          stack.insert(stack.end(), it->second.begin(), it->second.end());
        }
      }
      if (cyclic) warn("nested groups form a cycle through " + dnById[root]);
    }
  }

  const SyncPorts& ports_;
  std::string source_;
  std::string lockName_;
  std::string lockOwner_;
  size_t peoplePerTransaction_;
  const SyncProgressFn& progress_;
  SyncSummary summary_;
  int64_t warningCount_ = 0;
  std::unordered_map<std::string, StoredIdentity> stored_;  // by externalId, before the run
  bool lazy_ = false;             // stored_ holds only what was looked up (incremental runs)
  int64_t storedCount_ = 0;       // people of the source in the store before the run
  std::unordered_set<std::string> notStored_;  // lazy: ids looked up and not found
  int64_t implicitUnchanged_ = 0;  // delta runs: stored people the run did not touch
  int64_t extraUpdated_ = 0;       // delta runs: stored people outside the changes rewritten
  std::vector<Scanned> scanned_;
  std::unordered_map<std::string, size_t> index_;    // externalId -> scanned_
  std::unordered_map<std::string, size_t> dnIndex_;  // normalised DN -> scanned_
  std::vector<DirectoryGroup> groups_;
  std::vector<DirectoryEntry> pending_;  // people read, not yet handed to the writer
  // The writer thread and its one-batch hand-over; writerMu_ guards queue_, queued_, writing_,
  // writerDone_ and writerError_.
  std::thread writer_;
  std::mutex writerMu_;
  std::condition_variable writerCv_;
  std::vector<DirectoryEntry> queue_;
  bool queued_ = false;
  bool writing_ = false;
  bool writerDone_ = false;
  core::Status writerError_;
  std::mutex warnMu_;  // summary_.warnings and warningCount_ during a scan
  bool incremental_ = false;
  std::unordered_set<std::string> deleted_;  // incremental: ids the server reported deleted
  std::unordered_set<std::string> present_;  // incremental: ids listed in a present phase
};

core::Status acquireLock(DirectorySyncRepository& sync, const std::string& name,
                         const SyncOptions& options) {
  auto held = sync.tryLock(name, options.lockOwner, options.lockStaleSeconds);
  if (!held.isOk()) return held.status();
  if (!held->has_value()) return core::Status::ok();
  const std::string holder = **held;
  if (options.lockHolderGone && options.lockHolderGone(holder)) {
    auto stolen = sync.stealLock(name, holder, options.lockOwner);
    if (!stolen.isOk()) return stolen.status();
    if (*stolen) return core::Status::ok();
  }
  return core::failedPrecondition("another directory sync is running (" + holder +
                                  "); try again when it has finished")
      .withDetail("sync_running");
}

}  // namespace

SyncOptions sourceOptions(const DirectorySource& source) {
  SyncOptions options;
  options.deletionGuardShare = source.deletionGuardShare();
  options.peoplePerTransaction = source.peoplePerTransaction();
  return options;
}

core::Result<SyncSummary> runFullSync(DirectorySource& source, const SyncPorts& ports,
                                      const SyncOptions& options, const SyncProgressFn& progress) {
  SyncOptions full = options;
  full.mode = SyncMode::kFull;
  return runSync(source, ports, full, progress);
}

core::Result<SyncSummary> runSync(DirectorySource& source, const SyncPorts& ports,
                                  const SyncOptions& options, const SyncProgressFn& progress) {
  const auto started = std::chrono::steady_clock::now();
  const std::string sourceName = source.sourceName();
  const std::string lockName = "directory-sync:" + sourceName;
  if (options.lockOwner.empty()) return core::invalidArgument("a sync needs a lock owner");
  TDM_RETURN_IF_ERROR(acquireLock(ports.sync, lockName, options));
  LockRelease release(ports.sync, lockName, options.lockOwner);

  auto previous = ports.sync.loadState(sourceName);
  if (!previous.isOk()) return previous.status();
  const std::string storedWatermark = previous->has_value() ? (*previous)->cookie : "";
  bool incremental = options.mode != SyncMode::kFull && !storedWatermark.empty();
  std::vector<std::string> notes;  // warnings about the mode, put first in the summary
  if (options.mode == SyncMode::kIncremental && storedWatermark.empty()) {
    notes.push_back("no incremental watermark stored yet: ran a full sync instead");
  }

  SyncState state;
  state.source = sourceName;
  state.mode = incremental ? "incremental" : "full";
  state.status = "running";
  state.startedAt = core::isoNow();
  state.lastSuccessAt = previous->has_value() ? (*previous)->lastSuccessAt : "";
  state.cookie = storedWatermark;
  TDM_RETURN_IF_ERROR(ports.transaction([&] { return ports.sync.saveState(state); }));

  auto run = std::make_unique<SyncRun>(ports, sourceName, lockName, options.lockOwner,
                                     options.peoplePerTransaction, progress);
  std::string newWatermark;
  auto finish = [&](const core::Status& failure) -> core::Status {
    SyncSummary& summary = run->summary();
    summary.mode = state.mode;
    run->tally();
    summary.warnings.insert(summary.warnings.begin(), notes.begin(), notes.end());
    summary.durationMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    state.finishedAt = core::isoNow();
    if (failure.isOk()) {
      state.status = "ok";
      state.lastSuccessAt = state.finishedAt;
      // Held-back deletions must be reported again: keep the old watermark (incremental) or
      // none (full: the next run is full and sees them).
      const bool heldBack = !summary.deactivationPerformed;
      if (!heldBack) {
        state.cookie = newWatermark;
      } else if (!incremental) {
        state.cookie.clear();
      }
    } else {
      state.status = "failed";
      summary.status = "failed";
      summary.error = failure.message();
      summary.deactivationReason = "nobody deactivated: the scan did not complete";
    }
    state.summaryJson = summary.toJson().dump();
    return ports.transaction([&] { return ports.sync.saveState(state); });
  };

  core::Status loaded = incremental ? run->prepareLazy() : run->loadIdentities();
  if (!loaded.isOk()) {
    static_cast<void>(finish(loaded));
    return loaded;
  }
  std::optional<DeletionReport> deletions;
  if (incremental) {
    run->report(0.0, "reading the changes");
    core::Result<IncrementalInfo> scan = source.incrementalScan(storedWatermark, *run);
    if (core::Status flushed = run->flushPeople(); !flushed.isOk() && scan.isOk()) {
      scan = flushed;
    }
    if (scan.isOk()) {
      deletions = scan->deletions;
      newWatermark = scan->watermark;
      run->summary().mechanism = scan->mechanism;
      run->summary().deletions = scan->deletions == DeletionReport::kListed    ? "listed"
                                 : scan->deletions == DeletionReport::kPresent ? "present"
                                                                               : "none";
      if (scan->deletions == DeletionReport::kNone) {
        notes.push_back("incremental sync by " + scan->mechanism +
                        " does not see deletions: people who left are deactivated by the next "
                        "full sync");
      }
    } else if (scan.status().errorCode() == "full_sync_required") {
      notes.push_back("incremental sync not possible (" + scan.status().message() +
                      "): ran a full sync instead");
      incremental = false;
      state.mode = "full";
      state.cookie.clear();
      run = std::make_unique<SyncRun>(ports, sourceName, lockName, options.lockOwner,
                                     options.peoplePerTransaction, progress);
      loaded = run->loadIdentities();
      if (!loaded.isOk()) {
        static_cast<void>(finish(loaded));
        return loaded;
      }
    } else {
      TDM_RETURN_IF_ERROR(finish(scan.status()));
      return scan.status();
    }
  }
  if (!incremental) {
    // Taken before the scan: what changes during it is re-read by the next incremental run.
    auto watermark = source.currentWatermark();
    if (watermark.isOk()) {
      newWatermark = *watermark;
    } else {
      notes.push_back("no incremental watermark: " + watermark.status().message() +
                      "; the next run is full again");
    }
    run->report(0.0, "reading the directory");
    core::Result<ScanInfo> scan = source.fullScan(*run);
    if (core::Status flushed = run->flushPeople(); !flushed.isOk() && scan.isOk()) {
      scan = flushed;
    }
    if (!scan.isOk()) {
      // A failed or cut scan changes nothing beyond the entries it stored: no joins, no deletes.
      TDM_RETURN_IF_ERROR(finish(scan.status()));
      return scan.status();
    }
  } else {
    run->report(kReadShare, "joining managers");
    auto delta = run->applyDelta(*deletions);
    if (!delta.isOk()) {
      TDM_RETURN_IF_ERROR(finish(delta.status()));
      return delta.status();
    }
    if (*delta) {
      TDM_RETURN_IF_ERROR(finish(core::Status::ok()));
      run->report(1.0, "done");
      return run->summary();
    }
    // The changes reach beyond themselves: rebuild the whole picture from the store.
    loaded = run->loadIdentities();
    if (!loaded.isOk()) {
      TDM_RETURN_IF_ERROR(finish(loaded));
      return loaded;
    }
    run->completeIncremental(*deletions);
  }
  core::Status after = [&]() -> core::Status {
    run->report(kReadShare, "joining managers");
    TDM_RETURN_IF_ERROR(run->joinManagers());
    run->report(0.9, "writing groups");
    TDM_RETURN_IF_ERROR(run->writeGroups());
    run->report(0.95, "deactivating people who left");
    return run->deactivateAbsent(options);
  }();
  TDM_RETURN_IF_ERROR(finish(after));
  if (!after.isOk()) return after;
  run->report(1.0, "done");
  return run->summary();
}

}  // namespace tandem::directory
