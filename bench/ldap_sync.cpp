// bench/ldap_sync: how fast is `tandem sync ldap` against the floor, `ldapsearch`?
// (issue 3, point 9; design/DIRECTORY.md, "Speed budget"). Not a test: run by bench/ldap_sync.sh.
//
// In one run: generates and loads N entries (default 100,000) into a private slapd
// (tests/support/ldap), then times
//   1. ldapsearch -x -LLL -E pr=1000/noprompt ... "(objectClass=inetOrgPerson)" <the openldap
//      preset's person attributes> > /dev/null          (the reference, named in the same run)
//   2. the real `tandem sync ldap --full --json` into a fresh data dir (wall time, the child's
//      peak RSS from wait4(), the sync's own duration_ms)
//   3. `tandem sync ldap --incremental --json` after modifying 100 entries, when the binary
//      offers --incremental; otherwise prints "incremental: not available in this build".
// 1 and 2 run --repeat times (default 3), alternating, after one untimed warm-up search; the
// medians are reported. Exit code: 0 when every measurement ran (targets missed or not), 1 on
// a setup or measurement failure, 2 on bad arguments.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ldap_config.h"
#include "slapd_fixture.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kRatioTarget = 1.3;
constexpr double kRssTargetMb = 150.0;
constexpr double kIncrementalTargetMs = 50.0;

struct Options {
  int people = 100000;
  int repeat = 3;
  int modified = 100;
  std::uint32_t seed = 7;
  std::string tandem = TANDEM_CLI;
  // non-empty: one more full sync, then an incremental one after --modify changes, under
  // `perf record --call-graph dwarf` (data in PROFILE and PROFILE.incremental)
  std::string profile;
};

struct ChildRun {
  int exitCode = -1;     // -1: killed by a signal
  double wallMs = 0;     // fork to reap
  double maxRssMb = 0;   // ru_maxrss of the child (KiB on Linux) / 1024
  double userMs = 0;
  double sysMs = 0;
  std::string out;       // stdout when captured
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double tvMs(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) * 1000.0 + static_cast<double>(tv.tv_usec) / 1000.0;
}

// Runs argv (PATH lookup); stdout to /dev/null or captured, stderr appended to errLog.
// Timing covers fork..wait4 only, so reading the captured output (a small JSON) is included.
ChildRun run(const std::vector<std::string>& argv, bool capture, const std::string& errLog) {
  int pipeFd[2] = {-1, -1};
  if (capture && ::pipe2(pipeFd, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  ChildRun r;
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = capture ? pipeFd[1] : ::open("/dev/null", O_WRONLY);
    const int err = ::open(errLog.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(127);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  if (capture) {
    ::close(pipeFd[1]);
    char buf[8192];
    ssize_t n = 0;
    while ((n = ::read(pipeFd[0], buf, sizeof buf)) > 0) r.out.append(buf, static_cast<size_t>(n));
    ::close(pipeFd[0]);
  }
  int status = 0;
  rusage ru{};
  while (::wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) throw std::runtime_error("wait4 failed");
  }
  r.wallMs = ms(Clock::now() - start);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.maxRssMb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  r.userMs = tvMs(ru.ru_utime);
  r.sysMs = tvMs(ru.ru_stime);
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

std::string loadavg() {
  double l[3] = {0, 0, 0};
  if (::getloadavg(l, 3) != 3) return "?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", l[0], l[1], l[2]);
  return buf;
}

std::string tail(const std::string& path, size_t bytes = 1500) {
  std::ifstream in(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return s.size() > bytes ? s.substr(s.size() - bytes) : s;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string fmtList(const std::vector<double>& v) {
  std::string out;
  char buf[32];
  for (double x : v) {
    std::snprintf(buf, sizeof buf, "%s%.0f", out.empty() ? "" : ", ", x);
    out += buf;
  }
  return out;
}

void usage() {
  std::fprintf(stderr,
               "usage: bench_ldap_sync [--people N] [--repeat N] [--modify N] [--seed N] "
               "[--tandem PATH] [--profile PERF_DATA]\n"
               "  defaults: --people 100000 --repeat 3 --modify 100 --seed 7 --tandem %s\n",
               TANDEM_CLI);
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") return false;
    if (i + 1 >= argc) return false;
    const std::string v = argv[++i];
    if (a == "--people") o.people = std::stoi(v);
    else if (a == "--repeat") o.repeat = std::stoi(v);
    else if (a == "--modify") o.modified = std::stoi(v);
    else if (a == "--seed") o.seed = static_cast<std::uint32_t>(std::stoul(v));
    else if (a == "--tandem") o.tandem = v;
    else if (a == "--profile") o.profile = v;
    else return false;
  }
  return o.people >= 64 && o.repeat >= 1 && o.modified >= 0;
}

// The LDIF that changes `title` of `count` generic people (p000101, p000102, ...).
std::string modifyLdif(const tandem::testing::Slapd& slapd, int count, int people,
                       const std::string& round = "") {
  std::string ldif;
  int done = 0;
  for (int k = 101; done < count && k <= people; ++k) {
    char uid[16];
    std::snprintf(uid, sizeof uid, "p%06d", k);
    const std::string dn = slapd.directory().dnOf(uid);
    if (dn.empty()) continue;
    ldif += "dn: " + dn + "\nchangetype: modify\nreplace: title\ntitle: Benchmark title " +
            std::to_string(k) + round + "\n-\n\n";
    ++done;
  }
  return ldif;
}

int bench(const Options& o) {
  using tandem::testing::Slapd;
  std::printf("bench/ldap_sync: %d people, seed %u, repeat %d, tandem %s\n", o.people, o.seed,
              o.repeat, o.tandem.c_str());
  std::printf("load average at start: %s (nproc %ld)\n", loadavg().c_str(),
              ::sysconf(_SC_NPROCESSORS_ONLN));

  // The attribute list and filter the sync requests, read from the connector's preset.
  auto mapping = tandem::ldap::presetMapping("openldap");
  if (!mapping.isOk()) {
    std::fprintf(stderr, "presetMapping(openldap): %s\n", mapping.status().message().c_str());
    return 1;
  }
  const std::vector<std::string> attrs = mapping.value().personAttributes();
  const std::string filter = tandem::ldap::presetUserFilter("openldap");
  const std::vector<std::string> groupAttrs = mapping.value().groupAttributes();
  const std::string groupFilter = tandem::ldap::presetGroupFilter("openldap");
  std::printf("openldap preset: filter %s, %zu person attributes: %s\n", filter.c_str(),
              attrs.size(), joined(attrs, " ").c_str());

  const auto t0 = Clock::now();
  std::unique_ptr<Slapd> slapd = Slapd::start({.people = o.people, .seed = o.seed});
  std::printf("generate + slapadd + start slapd: %.1f s (%d entries, %d people, %d groups)\n",
              ms(Clock::now() - t0) / 1000.0, slapd->directory().entries,
              slapd->directory().people, slapd->directory().groups);
  const fs::path work = slapd->workDir();
  const std::string errLog = (work / "bench-stderr.log").string();

  std::vector<std::string> search = {"ldapsearch", "-x", "-LLL", "-E", "pr=1000/noprompt",
                                     "-H", slapd->uri(), "-D", slapd->bindDn(),
                                     "-y", slapd->passwordFile(), "-b", slapd->baseDn(), filter};
  std::vector<std::string> groupSearch(search.begin(), search.end() - 1);
  groupSearch.push_back(groupFilter);
  search.insert(search.end(), attrs.begin(), attrs.end());
  groupSearch.insert(groupSearch.end(), groupAttrs.begin(), groupAttrs.end());
  std::printf("reference: %s > /dev/null\n", joined(search, " ").c_str());

  auto syncArgs = [&](const fs::path& dataDir, const char* mode) {
    return std::vector<std::string>{o.tandem, "--data-dir", dataDir.string(), "--log-level",
                                    "off", "sync", "ldap", mode, "--json", "--uri", slapd->uri(),
                                    "--bind-dn", slapd->bindDn(), "--password-file",
                                    slapd->passwordFile(), "--base-dn", slapd->baseDn(),
                                    "--preset", "openldap"};
  };

  // Warm-up: the first search after slapadd reads the database from disk into slapd's caches.
  ChildRun warm = run(search, false, errLog);
  if (warm.exitCode != 0) {
    std::fprintf(stderr, "ldapsearch failed (exit %d): %s\n", warm.exitCode, tail(errLog).c_str());
    return 1;
  }
  std::printf("warm-up ldapsearch (untimed): %.0f ms\n", warm.wallMs);
  const ChildRun groups = run(groupSearch, false, errLog);
  std::printf("ldapsearch of the groups (%s, %s), once, for context: %.0f ms\n",
              groupFilter.c_str(), joined(groupAttrs, " ").c_str(), groups.wallMs);

  std::printf("load average before the timed runs: %s\n", loadavg().c_str());
  std::vector<double> searchMs, searchRss, syncMs, syncRss, syncInner, syncCpu;
  fs::path lastDataDir;
  for (int i = 0; i < o.repeat; ++i) {
    const ChildRun s = run(search, false, errLog);
    if (s.exitCode != 0) {
      std::fprintf(stderr, "ldapsearch failed (exit %d): %s\n", s.exitCode, tail(errLog).c_str());
      return 1;
    }
    searchMs.push_back(s.wallMs);
    searchRss.push_back(s.maxRssMb);

    const fs::path dataDir = work / ("tandem-data-" + std::to_string(i));
    fs::remove_all(dataDir);
    const ChildRun f = run(syncArgs(dataDir, "--full"), true, errLog);
    if (f.exitCode != 0) {
      std::fprintf(stderr, "tandem sync ldap --full failed (exit %d): %s\n%s\n", f.exitCode,
                   f.out.c_str(), tail(errLog).c_str());
      return 1;
    }
    const auto j = nlohmann::json::parse(f.out, nullptr, false);
    const double inner = j.is_object() && j.contains("duration_ms") ? j["duration_ms"].get<double>()
                                                                    : -1;
    syncMs.push_back(f.wallMs);
    syncRss.push_back(f.maxRssMb);
    syncInner.push_back(inner);
    syncCpu.push_back(f.userMs + f.sysMs);
    std::printf(
        "run %d: ldapsearch %.0f ms (rss %.1f MB) | full sync %.0f ms wall, duration_ms %.0f, "
        "cpu %.0f ms (user %.0f + sys %.0f), peak rss %.1f MB, added %s, warnings %zu | load %s\n",
        i + 1, s.wallMs, s.maxRssMb, f.wallMs, inner, f.userMs + f.sysMs, f.userMs, f.sysMs,
        f.maxRssMb,
        j.is_object() && j.contains("added") ? j["added"].dump().c_str() : "?",
        j.is_object() && j.contains("warnings") && j["warnings"].is_array() ? j["warnings"].size()
                                                                             : size_t{0},
        loadavg().c_str());
    if (i + 1 < o.repeat) fs::remove_all(dataDir);
    lastDataDir = dataDir;
  }

  const double searchMed = median(searchMs);
  const double syncMed = median(syncMs);
  const double rssMax = *std::max_element(syncRss.begin(), syncRss.end());
  const double ratio = syncMed / searchMed;
  std::printf("\n== results (median of %d) ==\n", o.repeat);
  std::printf("reference (ldapsearch, same run): %.0f ms   [%s]\n", searchMed,
              fmtList(searchMs).c_str());
  std::printf("full sync (wall):                 %.0f ms   [%s]\n", syncMed,
              fmtList(syncMs).c_str());
  std::printf("full sync (its duration_ms):      %.0f ms   [%s]\n", median(syncInner),
              fmtList(syncInner).c_str());
  std::printf("full sync (cpu user+sys):         %.0f ms   [%s]\n", median(syncCpu),
              fmtList(syncCpu).c_str());
  std::printf("ratio full/ldapsearch:            %.2f   (target <= %.1f: %s)\n", ratio,
              kRatioTarget, ratio <= kRatioTarget ? "met" : "MISSED");
  std::printf("full sync peak RSS (max):         %.1f MB (target <= %.0f MB: %s)\n", rssMax,
              kRssTargetMb, rssMax <= kRssTargetMb ? "met" : "MISSED");

  // Incremental: only when this build of the CLI offers it.
  const ChildRun help = run({o.tandem, "help", "sync"}, true, errLog);
  if (help.out.find("--incremental") == std::string::npos) {
    std::printf("incremental: not available in this build\n");
  } else {
    slapd->modify(modifyLdif(*slapd, o.modified, o.people));
    const ChildRun inc = run(syncArgs(lastDataDir, "--incremental"), true, errLog);
    if (inc.exitCode != 0) {
      std::printf("incremental: failed (exit %d): %s %s\n", inc.exitCode, inc.out.c_str(),
                  tail(errLog, 600).c_str());
      return 1;
    }
    const auto j = nlohmann::json::parse(inc.out, nullptr, false);
    const double inner = j.is_object() && j.contains("duration_ms") ? j["duration_ms"].get<double>()
                                                                    : -1;
    std::printf(
        "incremental (%d modified): %.0f ms wall (process start included), duration_ms %.0f, "
        "updated %s (target <= %.0f ms: wall %s, duration_ms %s)\n",
        o.modified, inc.wallMs, inner,
        j.is_object() && j.contains("updated") ? j["updated"].dump().c_str() : "?",
        kIncrementalTargetMs, inc.wallMs <= kIncrementalTargetMs ? "met" : "MISSED",
        inner >= 0 && inner <= kIncrementalTargetMs ? "met" : "MISSED");
  }
  if (!o.profile.empty()) {
    const fs::path dataDir = work / "tandem-data-profile";
    // DWARF call graphs: the system libraries have no frame pointers.
    auto profiled = [&](const char* mode, const std::string& output) {
      std::vector<std::string> perf = {"perf",           "record", "-F", "499", "--call-graph",
                                       "dwarf,32768",    "-o",     output, "--"};
      const auto args = syncArgs(dataDir, mode);
      perf.insert(perf.end(), args.begin(), args.end());
      return run(perf, true, errLog);
    };
    const ChildRun p = profiled("--full", o.profile);
    std::printf("profiled full sync (perf record, not counted): exit %d, %.0f ms, data in %s\n",
                p.exitCode, p.wallMs, o.profile.c_str());
    slapd->modify(modifyLdif(*slapd, o.modified, o.people, " (profiled)"));
    const std::string incrementalProfile = o.profile + ".incremental";
    const ChildRun q = profiled("--incremental", incrementalProfile);
    std::printf("profiled incremental sync (not counted): exit %d, %.0f ms, data in %s\n",
                q.exitCode, q.wallMs, incrementalProfile.c_str());
  }
  std::printf("load average at the end: %s\n", loadavg().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines appear as they happen
  Options o;
  try {
    if (!parse(argc, argv, o)) {
      usage();
      return 2;
    }
  } catch (const std::exception&) {
    usage();
    return 2;
  }
  try {
    return bench(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ldap_sync: %s\n", e.what());
    return 1;
  }
}
