// Exact maximum-weight b-matching by cost scaling (Goldberg-Tarjan), organised like Goldberg and
// Kennedy's CSA ("double push") and specialised to the pairing network.
//
// The network. A min-cost circulation on n = mentees + mentors + 1 nodes with a hub r:
//   r -> mentee i      capacity 1,    cost 0
//   mentee i -> mentor j   capacity 1,    cost -K * score(i, j)   (one per candidate edge)
//   mentor j -> r      capacity c_j,  cost 0
// Every circulation is a b-matching (flow on i -> j means "i is paired with j") and back; the zero
// circulation is the empty matching, so pairing is optional. Min cost = -K * max total score.
// Edges to mentors of capacity 0 are dropped (they can never carry flow); a mentee without arcs is
// a dead end (its only residual arc leads back to r) on no cycle, so r never pushes to it.
//
// Optimality. With prices p and reduced costs c_p(u, v) = c(u, v) + p(u) - p(v), a flow is
// eps-optimal when every residual arc has c_p >= -eps. Costs are integers multiplied by
// K = n + 1, so eps = 1 is eps' = 1/(n+1) < 1/n in original units; any residual cycle has at most
// n arcs, so its original cost is > -1, hence >= 0: an eps=1-optimal circulation has no negative
// residual cycle and is OPTIMAL (Goldberg-Tarjan). All arithmetic is exact int64.
//
// The algorithm. Start with the zero flow and zero prices (eps0 = K * maxScore optimal). Each
// phase divides eps by kAlpha (last phase eps = 1) and "refines":
//  1. Start from the previous circulation: prices are shifted so p(r) = 0; a mentor's price is
//     clamped into the interval its hub arcs allow (|p(j) - p(r)| <= eps as far as j is neither
//     empty nor full); each mentee's price is set inside the interval its arcs allow (lower bound
//     from the best alternative, upper bound from its one incoming residual arc: its current
//     mentor, or r when unmatched). When that interval is empty (an alternative beats the current
//     choice by more than 2 eps) the mentee is unassigned: its unit of flow goes back to it, making
//     it active (excess 1), and its mentor keeps a deficit. The result is an eps-optimal
//     pseudoflow (the standard refine starting point, reached with far fewer pushes than
//     saturating every negative arc). The intervals only read the mentors' prices, so they are
//     computed over ranges of mentees on up to SolveOptions::threads threads; the unassignments
//     are then applied in index order, so the result does not depend on the threads.
//  2. Active mentees are processed FIFO in index order. A mentee finds the best and second-best
//     value p(w) - c(i, w) over its residual arcs (r included: "stay unmatched"), pushes its unit
//     to the best and sets its price to second best - eps (the CSA double push: a relabel plus a
//     push, leaving all arcs at the mentee eps-optimal). A mentor that gets more mentees than it
//     sends to r immediately pushes the surplus to its best option: r if not full, or back to the
//     assigned mentee whose value is highest (that mentee becomes active), and relabels the same
//     way (new price = best remaining residual value - eps). The hub r only becomes active when
//     unassigned mentees leave mentors with deficits; it pushes to its highest-priced residual
//     neighbour, relabelling when that one is not admissible.
// Heuristics (none changes the result's optimality): each mentee caches its 4 best arcs and the
// 5th value as a threshold at every full scan; within a phase prices only fall, so when the
// cached second best is >= the threshold the cached pair is the true best pair and the scan of all
// arcs is skipped (Bertsekas' k-best trick). r's candidates sit in a lazily updated max-heap.
// Every push is on an admissible arc and every price change keeps eps-optimality and only lowers
// prices, so this is an instance of generic push-relabel refine: it terminates with an
// eps-optimal circulation. Bounds: O(log(n * maxScore)) phases (kAlpha = 16, about 8 for the
// 60k-node benchmark); each phase O(n^2 m) in the worst case (generic refine), in practice a few
// scans of each mentee's arcs. Memory: 8 bytes per edge plus O(n).
//
// Integer bounds. Scores <= 2^31-1 (stored as int32). During a phase a price moves by at most
// about (kAlpha + 2) * n * eps; summed over phases every |price| stays below 3 * n * K * maxScore,
// and a value is a price plus K * maxScore. We require 8 * n * K * maxScore <= 2^62 (e.g. 100k
// nodes and scores up to ~5.7e7, or 1M nodes and scores up to ~5.7e5) and reject larger inputs with
// kInvalidArgument; a run-time guard turns a price outside +-2^62 into kInternal.
//
// Determinism: no hashing, no randomness; arcs are sorted by (mentee, mentor), queues are FIFO in
// index order and ties go to the first candidate in a fixed order (r first, then the mentee's
// cached arcs by value then mentor), so the same graph gives the same matching whatever the order
// of its edges.
#include "pairing/flow_solver.h"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace tandem::pairing {
namespace {

constexpr int64_t kAlpha = 16;
constexpr int kCache = 4;  // best arcs remembered per mentee
constexpr std::size_t kParallelArcs = 100'000;  // fewer arcs: refine's step 1 on one thread
constexpr int64_t kMaxScore = std::numeric_limits<int32_t>::max();
constexpr double kMaxPriceScale = 4.6e18;  // ~2^62
constexpr int64_t kPriceGuard = int64_t{1} << 62;
constexpr int64_t kNegInf = std::numeric_limits<int64_t>::min() / 4;

constexpr int32_t kFree = -1;    // not matched: no flow on r -> i
constexpr int32_t kActive = -2;  // holds one unit of flow, not yet placed (excess 1)

struct Arc {
  int32_t mentor;
  int32_t score;
};

// A mentee's best arcs at its last scan, best first (mentor -1: none), and an upper bound on the
// value of every other arc.
struct ArcCache {
  static_assert(kCache == 4);
  Arc arc[kCache] = {{-1, 0}, {-1, 0}, {-1, 0}, {-1, 0}};
  int64_t threshold = std::numeric_limits<int64_t>::min();
};

struct Slot {
  int32_t mentee;
  int32_t score;
};

inline std::size_t idx(int32_t i) { return static_cast<std::size_t>(i); }
inline std::size_t idx(int64_t i) { return static_cast<std::size_t>(i); }

core::Status validate(const CandidateGraph& g) {
  if (g.mentorCount < 0 || g.menteeCount < 0) {
    return core::invalidArgument("negative mentorCount or menteeCount");
  }
  if (g.capacity.size() != idx(g.mentorCount)) {
    return core::invalidArgument("capacity has " + std::to_string(g.capacity.size()) +
                                 " entries, mentorCount is " + std::to_string(g.mentorCount));
  }
  for (std::size_t j = 0; j < g.capacity.size(); ++j) {
    if (g.capacity[j] < 0) {
      return core::invalidArgument("mentor " + std::to_string(j) + " has negative capacity " +
                                   std::to_string(g.capacity[j]));
    }
  }
  if (g.edges.size() >= idx(std::numeric_limits<int32_t>::max())) {
    return core::invalidArgument("too many edges: " + std::to_string(g.edges.size()));
  }
  const int64_t nodes = int64_t{g.mentorCount} + g.menteeCount + 1;
  if (nodes >= std::numeric_limits<int32_t>::max() - 2) {
    return core::invalidArgument("too many nodes: " + std::to_string(nodes));
  }
  int64_t maxScore = 0;
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    const CandidateEdge& edge = g.edges[e];
    if (edge.mentor >= 0 && edge.mentor < g.mentorCount && edge.mentee >= 0 &&
        edge.mentee < g.menteeCount && edge.score > 0 && edge.score <= kMaxScore) {
      maxScore = std::max(maxScore, edge.score);
      continue;
    }
    const std::string where = "edge " + std::to_string(e) + ": ";
    if (edge.mentor < 0 || edge.mentor >= g.mentorCount) {
      return core::invalidArgument(where + "mentor " + std::to_string(edge.mentor) +
                                   " out of range [0, " + std::to_string(g.mentorCount) + ")");
    }
    if (edge.mentee < 0 || edge.mentee >= g.menteeCount) {
      return core::invalidArgument(where + "mentee " + std::to_string(edge.mentee) +
                                   " out of range [0, " + std::to_string(g.menteeCount) + ")");
    }
    if (edge.score <= 0) {
      return core::invalidArgument(where + "score must be > 0, got " + std::to_string(edge.score));
    }
    if (edge.score > kMaxScore) {
      return core::invalidArgument(where + "score " + std::to_string(edge.score) +
                                   " exceeds the solver bound " + std::to_string(kMaxScore));
    }
  }
  const double k = static_cast<double>(nodes + 1);
  if (8.0 * static_cast<double>(nodes) * k * static_cast<double>(maxScore) > kMaxPriceScale) {
    return core::invalidArgument("scores up to " + std::to_string(maxScore) + " on " +
                                 std::to_string(nodes) +
                                 " nodes exceed the solver's 64-bit price bound");
  }
  return core::Status::ok();
}

// The solver state for one validated graph. Single use; not thread-safe.
class CostScaling {
 public:
  explicit CostScaling(const CandidateGraph& g)
      : n1_(g.menteeCount), n2_(g.mentorCount), capacity_(g.capacity) {}

  // Builds the arc arrays (sorted by mentee, then mentor); reports duplicate edges.
  core::Status build(const CandidateGraph& g) {
    // Counting sort by mentee, then each mentee's arcs sorted by mentor (a few dozen each).
    first_.assign(idx(n1_) + 1, 0);
    for (const CandidateEdge& e : g.edges) ++first_[idx(e.mentee) + 1];
    for (std::size_t i = 0; i < idx(n1_); ++i) first_[i + 1] += first_[i];
    arcs_.resize(g.edges.size());
    {
      std::vector<int32_t> pos(first_.begin(), first_.end() - 1);
      for (const CandidateEdge& e : g.edges) {
        arcs_[idx(pos[idx(e.mentee)]++)] = Arc{e.mentor, static_cast<int32_t>(e.score)};
      }
    }
    // Sort, reject duplicates, and keep only arcs to mentors that can take someone.
    std::size_t out = 0;
    for (std::size_t i = 0; i < idx(n1_); ++i) {
      const auto begin = arcs_.begin() + first_[i];
      const auto end = arcs_.begin() + first_[i + 1];
      std::sort(begin, end, [](const Arc& a, const Arc& b) { return a.mentor < b.mentor; });
      for (auto a = begin; a != end; ++a) {
        if (a != begin && a->mentor == (a - 1)->mentor) {
          return duplicateEdge(g, a->mentor, static_cast<int32_t>(i));
        }
      }
      first_[i] = static_cast<int32_t>(out);
      for (auto a = begin; a != end; ++a) {
        if (capacity_[idx(a->mentor)] > 0) {
          maxScore_ = std::max<int64_t>(maxScore_, a->score);
          arcs_[out++] = *a;
        }
      }
    }
    first_[idx(n1_)] = static_cast<int32_t>(out);
    arcs_.resize(out);
    arcs_.shrink_to_fit();
    return core::Status::ok();
  }

  static core::Status duplicateEdge(const CandidateGraph& g, int32_t mentor, int32_t mentee) {
    std::string at;
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
      if (g.edges[e].mentor == mentor && g.edges[e].mentee == mentee) {
        at += (at.empty() ? "" : " and ") + std::to_string(e);
      }
    }
    return core::invalidArgument("duplicate edge (mentor " + std::to_string(mentor) + ", mentee " +
                                 std::to_string(mentee) + ") at edges " + at);
  }

  core::Status solve(const SolveOptions& options) {
    if (arcs_.empty()) return core::Status::ok();
    const int64_t nodes = int64_t{n1_} + n2_ + 1;
    k_ = nodes + 1;
    threads_ =
        options.threads > 0
            ? options.threads
            : std::min(2, std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
    if (arcs_.size() < kParallelArcs) threads_ = 1;
    init();
    int64_t eps = k_ * maxScore_;
    int phases = 0;
    for (int64_t e = eps; e > 1; e = std::max<int64_t>(1, e / kAlpha)) ++phases;
    int done = 0;
    while (eps > 1) {
      eps = std::max<int64_t>(1, eps / kAlpha);
      TDM_RETURN_IF_ERROR(refine(eps));
      ++done;
      if (options.progress) {
        options.progress(static_cast<double>(done) / static_cast<double>(phases));
      }
    }
    return core::Status::ok();
  }

  Matching matching() const {
    Matching result;
    result.mentorOfMentee.assign(idx(n1_), -1);
    for (std::size_t i = 0; i < idx(n1_) && !mate_.empty(); ++i) {
      if (mate_[i] >= 0) {
        result.mentorOfMentee[i] = mate_[i];
        result.objective += mateScore_[i];
      }
    }
    return result;
  }

 private:
  void init() {
    priceMentee_.assign(idx(n1_), 0);
    priceMentor_.assign(idx(n2_), 0);
    priceHub_ = 0;
    mate_.assign(idx(n1_), kFree);
    mateScore_.assign(idx(n1_), 0);
    load_.assign(idx(n2_), 0);
    flowOut_.assign(idx(n2_), 0);
    slotStart_.assign(idx(n2_) + 1, 0);
    for (std::size_t j = 0; j < idx(n2_); ++j) {
      const int32_t c = capacity_[j];
      slotStart_[j + 1] = slotStart_[j] + (c > 0 ? c + 1 : 0);
    }
    slots_.assign(idx(slotStart_[idx(n2_)]), Slot{0, 0});
    queue_.assign(idx(n1_) + 2, 0);
    cache_.assign(idx(n1_), ArcCache{});
    unassign_.assign(idx(n1_), 0);
    hubExcess_ = 0;
  }

  void enqueue(int32_t node) {
    queue_[qTail_] = node;
    if (++qTail_ == queue_.size()) qTail_ = 0;
  }
  int32_t dequeue() {
    const int32_t node = queue_[qHead_];
    if (++qHead_ == queue_.size()) qHead_ = 0;
    return node;
  }
  void noteHubExcess() {
    if (hubExcess_ > 0 && !hubQueued_) {
      hubQueued_ = true;
      enqueue(n1_);
    }
  }

  core::Status refine(int64_t eps) {
    eps_ = eps;
    // Step 1: an eps-optimal pseudoflow from the previous circulation.
    const int64_t shift = priceHub_;
    for (int64_t& p : priceMentee_) p -= shift;
    for (int64_t& p : priceMentor_) p -= shift;
    priceHub_ = 0;
    for (std::size_t j = 0; j < idx(n2_); ++j) {
      if (capacity_[j] == 0) continue;
      int64_t& p = priceMentor_[j];
      if (load_[j] < capacity_[j]) p = std::max(p, -eps);  // j -> r residual
      if (load_[j] > 0) p = std::min(p, eps);               // r -> j residual
      if (p < -kPriceGuard || p > kPriceGuard) {
        return core::internalError("flow solver: price out of bounds");
      }
    }
    qHead_ = qTail_ = 0;
    hubQueued_ = false;
    // The mentees' intervals only read the mentors' prices: computed on `threads_` threads (each
    // mentee's own price, cache and flag); then, in index order, the unassignments.
    forMenteeRanges([this, eps](int32_t from, int32_t to) {
      for (int32_t i = from; i < to; ++i) {
        const int32_t j0 = mate_[idx(i)];
        int64_t best = j0 >= 0 ? priceHub_ : kNegInf;  // i -> r (reverse) residual when matched
        best = std::max(best, scanArcs(i, j0));
        const int64_t upper =
            j0 >= 0 ? priceMentor_[idx(j0)] + k_ * mateScore_[idx(i)] + eps : priceHub_ + eps;
        const int64_t lower = best == kNegInf ? kNegInf : best - eps;
        int64_t& p = priceMentee_[idx(i)];
        unassign_[idx(i)] = lower > upper;
        if (lower <= upper) p = std::clamp(p, lower, upper);
      }
    });
    for (int32_t i = 0; i < n1_; ++i) {
      if (unassign_[idx(i)] == 0) continue;
      const int32_t j0 = mate_[idx(i)];
      if (j0 >= 0) {
        removeFromMentor(j0, i);
      } else {
        --hubExcess_;
      }
      mate_[idx(i)] = kActive;
      enqueue(i);
    }
    buildHubHeap();
    // Step 2: discharge.
    while (qHead_ != qTail_) {
      const int32_t node = dequeue();
      if (node == n1_) {
        hubQueued_ = false;
        TDM_RETURN_IF_ERROR(dischargeHub());
      } else {
        dischargeMentee(node);
      }
    }
    assert(hubExcess_ == 0);
    return core::Status::ok();
  }

  // Runs f(from, to) over [0, n1_) split into threads_ contiguous ranges, one per thread.
  template <typename F>
  void forMenteeRanges(F f) {
    if (threads_ <= 1) {
      f(0, n1_);
      return;
    }
    std::vector<std::thread> pool;
    const int32_t step = (n1_ + threads_ - 1) / threads_;
    for (int t = 1; t < threads_; ++t) {
      const int32_t from = std::min(n1_, t * step);
      const int32_t to = std::min(n1_, from + step);
      try {
        pool.emplace_back([f, from, to] { f(from, to); });
      } catch (const std::system_error&) {  // no thread to be had: this range on this one
        f(from, to);
      }
    }
    f(0, std::min(n1_, step));
    for (auto& t : pool) t.join();
  }

  void removeFromMentor(int32_t j, int32_t mentee) {
    Slot* s = &slots_[idx(slotStart_[idx(j)])];
    const int32_t n = load_[idx(j)];
    for (int32_t t = 0; t < n; ++t) {
      if (s[t].mentee == mentee) {
        s[t] = s[n - 1];
        break;
      }
    }
    --load_[idx(j)];
  }

  // Rescans mentee i's arcs: caches the kCache best by current value (ties: arc order) and the
  // next value as threshold. Returns the best value over arcs to mentors other than `skip`.
  int64_t scanArcs(int32_t i, int32_t skip) {
    const int64_t k = k_;
    const Arc* arcs = arcs_.data();
    const int64_t* pm = priceMentor_.data();
    int64_t topValue[kCache + 1];
    int32_t topArc[kCache + 1];
    int n = 0;
    int64_t bestOther = kNegInf;
    for (int32_t a = first_[idx(i)], end = first_[idx(i) + 1]; a < end; ++a) {
      const Arc arc = arcs[a];
      const int64_t v = pm[arc.mentor] + k * arc.score;
      if (arc.mentor != skip) bestOther = std::max(bestOther, v);
      if (n == kCache + 1 && v <= topValue[kCache]) continue;
      int t = n < kCache + 1 ? n++ : kCache;
      for (; t > 0 && topValue[t - 1] < v; --t) {
        topValue[t] = topValue[t - 1];
        topArc[t] = topArc[t - 1];
      }
      topValue[t] = v;
      topArc[t] = a;
    }
    ArcCache& cache = cache_[idx(i)];
    for (int t = 0; t < kCache; ++t) cache.arc[t] = t < n ? arcs[topArc[t]] : Arc{-1, 0};
    cache.threshold = n == kCache + 1 ? topValue[kCache] : kNegInf;
    return bestOther;
  }

  // Mentee i holds one unit: push it to its best option (r or a mentor) and set its price to the
  // second-best value - eps. The best two come from the arc cache when its second value is at
  // least the threshold (values only fall during a phase, so uncached arcs stay below it).
  void dischargeMentee(int32_t i) {
    const int64_t k = k_;
    const int64_t* pm = priceMentor_.data();
    const ArcCache& cache = cache_[idx(i)];
    int64_t b1 = 0;
    int64_t b2 = 0;
    int bestSlot = -1;
    for (int pass = 0; pass < 2; ++pass) {
      b1 = priceHub_;  // go back to r: stay unmatched
      b2 = kNegInf;
      bestSlot = -1;
      for (int t = 0; t < kCache && cache.arc[t].mentor >= 0; ++t) {
        const int64_t v = pm[cache.arc[t].mentor] + k * cache.arc[t].score;
        if (v > b1) {
          b2 = b1;
          b1 = v;
          bestSlot = t;
        } else if (v > b2) {
          b2 = v;
        }
      }
      if (b2 >= cache.threshold) break;
      scanArcs(i, -1);
    }
    priceMentee_[idx(i)] = (b2 != kNegInf ? b2 : b1) - eps_;
    if (bestSlot < 0) {
      mate_[idx(i)] = kFree;
      pushHub(i, priceMentee_[idx(i)]);
      ++hubExcess_;
      noteHubExcess();
      return;
    }
    const Arc arc = cache.arc[bestSlot];
    const int32_t j = arc.mentor;
    mate_[idx(i)] = j;
    mateScore_[idx(i)] = arc.score;
    slots_[idx(slotStart_[idx(j)] + load_[idx(j)])] = Slot{i, arc.score};
    ++load_[idx(j)];
    if (load_[idx(j)] > flowOut_[idx(j)]) dischargeMentor(j);
  }

  void dischargeMentor(int32_t j) {
    const int64_t k = k_;
    const std::size_t jj = idx(j);
    Slot* s = &slots_[idx(slotStart_[jj])];
    while (load_[jj] > flowOut_[jj]) {
      int64_t b1 = kNegInf;
      int64_t b2 = kNegInf;
      int32_t best = -2;  // -1: r; t >= 0: slot t
      if (flowOut_[jj] < capacity_[jj]) {
        b1 = priceHub_;
        best = -1;
      }
      const int32_t n = load_[jj];
      for (int32_t t = 0; t < n; ++t) {
        const int64_t v = priceMentee_[idx(s[t].mentee)] - k * s[t].score;
        if (v > b1) {
          b2 = b1;
          b1 = v;
          best = t;
        } else if (v > b2) {
          b2 = v;
        }
      }
      assert(best != -2);
      const bool wasUsed = flowOut_[jj] > 0;
      if (best == -1) {
        ++flowOut_[jj];
        ++hubExcess_;
        noteHubExcess();
        if (flowOut_[jj] < capacity_[jj]) b2 = b1;  // j -> r is still residual
      } else {
        const int32_t mentee = s[best].mentee;
        s[best] = s[n - 1];
        --load_[jj];
        mate_[idx(mentee)] = kActive;
        enqueue(mentee);
      }
      priceMentor_[jj] = (b2 != kNegInf ? b2 : b1) - eps_;
      if (!wasUsed && flowOut_[jj] > 0) pushHub(n1_ + j, priceMentor_[jj]);
    }
  }

  // r has excess: push it along its admissible arcs (to free mentees and used mentors priced above
  // it), highest price first; relabel r when none is admissible. The candidates are kept in a
  // max-heap with lazy updates: a mentor's price only falls during a phase, so a stored key is an
  // upper bound, and a popped stale entry is re-inserted with the current price.
  core::Status dischargeHub() {
    while (hubExcess_ > 0) {
      if (hubHeap_.empty()) return core::internalError("flow solver: hub has no residual arc");
      const HubEntry top = popHub();
      const bool isMentee = top.node < n1_;
      if (isMentee ? mate_[idx(top.node)] != kFree : flowOut_[idx(top.node - n1_)] == 0) continue;
      const int64_t price =
          isMentee ? priceMentee_[idx(top.node)] : priceMentor_[idx(top.node - n1_)];
      if (price != top.price) {
        pushHub(top.node, price);
        continue;
      }
      if (price <= priceHub_) {  // nothing admissible: relabel r
        priceHub_ = price - eps_;
        if (priceHub_ < -kPriceGuard) return core::internalError("flow solver: price out of bounds");
      }
      if (isMentee) {
        mate_[idx(top.node)] = kActive;
        --hubExcess_;
        enqueue(top.node);
        continue;
      }
      const int32_t j = top.node - n1_;
      const std::size_t jj = idx(j);
      const auto delta = static_cast<int32_t>(std::min<int64_t>(hubExcess_, flowOut_[jj]));
      flowOut_[jj] -= delta;
      hubExcess_ -= delta;
      const bool stillUsed = flowOut_[jj] > 0;
      if (load_[jj] > flowOut_[jj]) dischargeMentor(j);
      if (stillUsed) pushHub(top.node, priceMentor_[jj]);
    }
    return core::Status::ok();
  }

  struct HubEntry {
    int64_t price;
    int32_t node;  // mentee i, or n1_ + mentor j
  };
  // Max-heap order: higher price first, then lower node index.
  static bool hubOrder(const HubEntry& a, const HubEntry& b) {
    return a.price != b.price ? a.price < b.price : a.node > b.node;
  }
  // hubHeap_ is a 4-ary max-heap by hubOrder (half the depth of a binary heap; the pops come out
  // in the same order, since hubOrder is a total order on distinct entries).
  static constexpr std::size_t kHeapArity = 4;
  void pushHub(int32_t node, int64_t price) {
    const HubEntry e{price, node};
    hubHeap_.push_back(e);
    std::size_t i = hubHeap_.size() - 1;
    while (i > 0) {
      const std::size_t parent = (i - 1) / kHeapArity;
      if (!hubOrder(hubHeap_[parent], e)) break;
      hubHeap_[i] = hubHeap_[parent];
      i = parent;
    }
    hubHeap_[i] = e;
  }
  HubEntry popHub() {
    const HubEntry top = hubHeap_.front();
    const HubEntry last = hubHeap_.back();
    hubHeap_.pop_back();
    if (!hubHeap_.empty()) siftDown(0, last);
    return top;
  }
  // Places e at hole i or below, moving larger children up.
  void siftDown(std::size_t i, const HubEntry e) {
    const std::size_t n = hubHeap_.size();
    for (;;) {
      const std::size_t first = kHeapArity * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      for (std::size_t c = first + 1; c < std::min(first + kHeapArity, n); ++c) {
        if (hubOrder(hubHeap_[best], hubHeap_[c])) best = c;
      }
      if (!hubOrder(e, hubHeap_[best])) break;
      hubHeap_[i] = hubHeap_[best];
      i = best;
    }
    hubHeap_[i] = e;
  }
  void buildHubHeap() {
    hubHeap_.clear();
    for (int32_t i = 0; i < n1_; ++i) {
      if (mate_[idx(i)] == kFree && first_[idx(i)] < first_[idx(i) + 1]) {
        hubHeap_.push_back(HubEntry{priceMentee_[idx(i)], i});
      }
    }
    for (int32_t j = 0; j < n2_; ++j) {
      if (flowOut_[idx(j)] > 0) hubHeap_.push_back(HubEntry{priceMentor_[idx(j)], n1_ + j});
    }
    for (std::size_t i = hubHeap_.size() / kHeapArity + 1; i-- > 0;) {
      if (i < hubHeap_.size()) siftDown(i, hubHeap_[i]);
    }
  }

  const int32_t n1_;
  const int32_t n2_;
  const std::vector<int32_t>& capacity_;
  std::vector<int32_t> first_;
  std::vector<Arc> arcs_;
  int64_t maxScore_ = 0;
  int64_t k_ = 1;
  int64_t eps_ = 1;

  std::vector<int64_t> priceMentee_;
  std::vector<int64_t> priceMentor_;
  int64_t priceHub_ = 0;
  std::vector<int32_t> mate_;       // mentor, kFree or kActive
  std::vector<int32_t> mateScore_;  // score of the matched arc
  std::vector<int32_t> load_;       // mentees on the mentor (flow into it)
  std::vector<int32_t> flowOut_;    // flow mentor -> r
  std::vector<int32_t> slotStart_;  // capacity + 1 slots per mentor
  std::vector<Slot> slots_;
  int64_t hubExcess_ = 0;
  std::vector<HubEntry> hubHeap_;  // candidates for r's pushes (see dischargeHub)
  bool hubQueued_ = false;
  std::vector<ArcCache> cache_;  // per mentee
  std::vector<uint8_t> unassign_;  // per mentee: refine step 1 found its interval empty
  int threads_ = 1;
  std::vector<int32_t> queue_;  // FIFO ring of active mentees (and n1_ for r)
  std::size_t qHead_ = 0;
  std::size_t qTail_ = 0;
};

}  // namespace

core::Result<Matching> solveExact(const CandidateGraph& graph, const SolveOptions& options) {
  try {
    TDM_RETURN_IF_ERROR(validate(graph));
    CostScaling solver(graph);
    TDM_RETURN_IF_ERROR(solver.build(graph));
    TDM_RETURN_IF_ERROR(solver.solve(options));
    return solver.matching();
  } catch (const std::bad_alloc&) {
    return core::resourceExhausted("flow solver: out of memory for " +
                                   std::to_string(graph.edges.size()) + " edges");
  }
}

}  // namespace tandem::pairing
