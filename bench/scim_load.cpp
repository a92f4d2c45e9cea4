// bench/scim_load: the initial load of bench/scim.sh (not a test; the script runs it).
//
// Against a running `tandem serve` (rate limit off), it
//   1. POSTs --users users (default 100,000) to /Users from --clients threads (default 8), one
//      keep-alive HTTP connection each, and prints users/s for every block of --block users
//      (default 10,000) in completion order, so the last block compares with the first;
//   2. POSTs one group and PATCHes --members of the loaded users (default 20,000) into it,
//      --batch members per PATCH (default 1,000), from one client, as identity providers do;
//   3. writes OUT_DIR/users.tsv ("userName<TAB>id", one user a line, in load order) and
//      OUT_DIR/group.txt (the group's id) for the wrk scripts (bench/scim_wrk.lua).
// The last lines are machine-readable ("LOAD ..." and "GROUP ..."), read by bench/scim.sh.
// Exit code: 0 when everything loaded, 1 on a failed request or setup, 2 on bad arguments.
#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options {
  std::string url;  // base, e.g. http://127.0.0.1:8080/scim/v2
  std::string tokenFile;
  std::string outDir = ".";
  int users = 100000;
  int clients = 8;
  int block = 10000;
  int members = 20000;
  int batch = 1000;
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// One keep-alive connection. Not thread-safe: one per client thread.
class Client {
 public:
  Client(const Poco::URI& base, std::string token)
      : session_(base.getHost(), base.getPort()), path_(base.getPath()), token_(std::move(token)) {
    session_.setKeepAlive(true);
    session_.setTimeout(Poco::Timespan(60, 0));
  }

  // Sends one request; returns the HTTP status (0 when the connection failed twice) and the body.
  int call(const std::string& method, const std::string& resource, const std::string& body,
           std::string& out) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        Poco::Net::HTTPRequest req(method, path_ + resource, Poco::Net::HTTPMessage::HTTP_1_1);
        req.setKeepAlive(true);
        req.set("Authorization", "Bearer " + token_);
        req.set("Accept", "application/scim+json");
        if (!body.empty()) {
          req.setContentType("application/scim+json");
          req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        std::ostream& os = session_.sendRequest(req);
        os << body;
        Poco::Net::HTTPResponse resp;
        std::istream& is = session_.receiveResponse(resp);
        out.clear();
        Poco::StreamCopier::copyToString(is, out);
        return static_cast<int>(resp.getStatus());
      } catch (const Poco::Exception& e) {
        session_.reset();  // the server closed the keep-alive connection: reconnect once
        out = e.displayText();
      }
    }
    return 0;
  }

 private:
  Poco::Net::HTTPClientSession session_;
  std::string path_;
  std::string token_;
};

std::string userName(int i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "user%06d@bench.example", i);
  return buf;
}

// A user as Entra ID sends it on create.
std::string userBody(int i) {
  const std::string n = std::to_string(i);
  const json u = {
      {"schemas",
       {"urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}},
      {"externalId", "ext-" + n},
      {"userName", userName(i)},
      {"active", true},
      {"displayName", "Bench User " + n},
      {"name", {{"givenName", "Bench"}, {"familyName", "User " + n}}},
      {"emails", {{{"value", userName(i)}, {"type", "work"}, {"primary", true}}}},
      {"title", "Engineer " + std::to_string(i % 7)},
      {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
       {{"department", "Dept " + std::to_string(i % 40)}}}};
  return u.dump();
}

void usage() {
  std::fprintf(stderr,
               "usage: bench_scim_load --url http://HOST:PORT/scim/v2 --token-file FILE "
               "[--out DIR] [--users N] [--clients N] [--block N] [--members N] [--batch N]\n"
               "  defaults: --out . --users 100000 --clients 8 --block 10000 --members 20000 "
               "--batch 1000\n");
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h" || i + 1 >= argc) return false;
    const std::string v = argv[++i];
    if (a == "--url") o.url = v;
    else if (a == "--token-file") o.tokenFile = v;
    else if (a == "--out") o.outDir = v;
    else if (a == "--users") o.users = std::stoi(v);
    else if (a == "--clients") o.clients = std::stoi(v);
    else if (a == "--block") o.block = std::stoi(v);
    else if (a == "--members") o.members = std::stoi(v);
    else if (a == "--batch") o.batch = std::stoi(v);
    else return false;
  }
  return !o.url.empty() && !o.tokenFile.empty() && o.users >= 1 && o.clients >= 1 &&
         o.block >= 1 && o.members >= 0 && o.members <= o.users && o.batch >= 1;
}

int loadUsers(const Options& o, const Poco::URI& base, const std::string& token,
              std::vector<std::string>& ids) {
  ids.assign(static_cast<size_t>(o.users), "");
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::atomic<int> failed{0};
  std::mutex mu;
  const int blocks = (o.users + o.block - 1) / o.block;
  std::vector<Clock::time_point> blockEnd(static_cast<size_t>(blocks));
  const auto start = Clock::now();

  auto worker = [&] {
    Client c(base, token);
    std::string out;
    for (int i = next.fetch_add(1); i < o.users && failed.load() == 0; i = next.fetch_add(1)) {
      const int status = c.call("POST", "/Users", userBody(i + 1), out);
      if (status != 201) {
        if (failed.fetch_add(1) == 0) {
          std::lock_guard<std::mutex> lock(mu);
          std::fprintf(stderr, "POST /Users %s: status %d: %.400s\n", userName(i + 1).c_str(),
                       status, out.c_str());
        }
        return;
      }
      ids[static_cast<size_t>(i)] = json::parse(out).at("id").get<std::string>();
      const int n = done.fetch_add(1) + 1;
      if (n % o.block == 0 || n == o.users) {
        const auto now = Clock::now();
        std::lock_guard<std::mutex> lock(mu);
        blockEnd[static_cast<size_t>((n - 1) / o.block)] = now;
        std::printf("  ... %d users loaded after %.1f s\n", n, seconds(now - start));
        std::fflush(stdout);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < o.clients; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (failed.load() != 0) return 1;

  const double total = seconds(blockEnd.back() - start);
  std::printf("load: %d users in %.1f s with %d clients = %.0f users/s\n", o.users, total,
              o.clients, o.users / total);
  double first = 0;
  double last = 0;
  std::string rates;
  for (int b = 0; b < blocks; ++b) {
    const auto from = b == 0 ? start : blockEnd[static_cast<size_t>(b) - 1];
    const int count = std::min(o.block, o.users - b * o.block);
    const double rate = count / seconds(blockEnd[static_cast<size_t>(b)] - from);
    std::printf("  users %6d-%6d: %6.0f users/s\n", b * o.block + 1, b * o.block + count, rate);
    if (b == 0) first = rate;
    last = rate;
    rates += (rates.empty() ? "" : ",") + std::to_string(static_cast<long>(rate));
  }
  std::printf("LOAD users=%d seconds=%.2f rate=%.0f first=%.0f last=%.0f blocks=%s\n", o.users,
              total, o.users / total, first, last, rates.c_str());
  return 0;
}

int loadGroup(const Options& o, const Poco::URI& base, const std::string& token,
              const std::vector<std::string>& ids, std::string& groupId) {
  Client c(base, token);
  std::string out;
  const json group = {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                      {"displayName", "bench-group-" + std::to_string(o.members)}};
  const auto start = Clock::now();
  int status = c.call("POST", "/Groups", group.dump(), out);
  if (status != 201) {
    std::fprintf(stderr, "POST /Groups: status %d: %.400s\n", status, out.c_str());
    return 1;
  }
  groupId = json::parse(out).at("id").get<std::string>();
  double slowest = 0;
  for (int from = 0; from < o.members; from += o.batch) {
    json members = json::array();
    for (int i = from; i < std::min(o.members, from + o.batch); ++i) {
      members.push_back({{"value", ids[static_cast<size_t>(i)]}});
    }
    const json patch = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                        {"Operations", {{{"op", "add"}, {"path", "members"}, {"value", members}}}}};
    const auto t0 = Clock::now();
    status = c.call("PATCH", "/Groups/" + groupId, patch.dump(), out);
    slowest = std::max(slowest, seconds(Clock::now() - t0));
    if (status != 200 && status != 204) {
      std::fprintf(stderr, "PATCH /Groups (members %d..): status %d: %.400s\n", from + 1, status,
                   out.c_str());
      return 1;
    }
  }
  const double total = seconds(Clock::now() - start);
  const int patches = (o.members + o.batch - 1) / o.batch;
  std::printf("group: %d members in %d PATCHes of %d in %.2f s = %.0f members/s "
              "(slowest PATCH %.0f ms)\n",
              o.members, patches, o.batch, total, total > 0 ? o.members / total : 0.0,
              slowest * 1000);
  std::printf("GROUP id=%s members=%d seconds=%.2f slowest_ms=%.0f\n", groupId.c_str(), o.members,
              total, slowest * 1000);
  return 0;
}

int run(const Options& o) {
  std::ifstream tf(o.tokenFile);
  std::string token((std::istreambuf_iterator<char>(tf)), std::istreambuf_iterator<char>());
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  if (token.empty()) {
    std::fprintf(stderr, "no token in %s\n", o.tokenFile.c_str());
    return 1;
  }
  const Poco::URI base(o.url);
  std::vector<std::string> ids;
  if (loadUsers(o, base, token, ids) != 0) return 1;
  {
    std::ofstream users(o.outDir + "/users.tsv");
    for (size_t i = 0; i < ids.size(); ++i) {
      users << userName(static_cast<int>(i) + 1) << '\t' << ids[i] << '\n';
    }
  }
  std::string groupId;
  if (o.members > 0) {
    if (loadGroup(o, base, token, ids, groupId) != 0) return 1;
    std::ofstream(o.outDir + "/group.txt") << groupId << '\n';
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
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
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_scim_load: %s\n", e.what());
    return 1;
  }
}
