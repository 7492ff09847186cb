#include "graph/leiden.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>

namespace ariadne::graph::detail {

namespace {

// A level's graph: the caller's rows at the first level, then the graph of
// the previous level's (sub-)communities, which owns its rows. A merged
// node's strength counts its inner edges twice, as its nodes' strengths did;
// its inner edges themselves are not kept, since no move changes them.
struct Level {
  Rows rows;
  std::vector<double> strength;
  std::vector<std::size_t> own_first;
  std::vector<Node> own_to;
  std::vector<double> own_weights;

  std::uint32_t size() const { return static_cast<std::uint32_t>(strength.size()); }
  double weight(std::size_t k) const { return rows.weight(k); }
};

// The weight from one node (or group) to each community around it, gathered
// where it costs least: a node of a few edges in a short list searched
// linearly; at a level of few nodes (or for a node of very many edges) in a
// dense array indexed by community, which then stays in the second-level
// cache; otherwise in a small open-addressed table, since every touch of a
// dense array of a million communities is a cache miss. Weights are
// positive, so in the dense array a community is new while its weight is 0,
// and the list of them grows without a branch.
class Around {
 public:
  explicit Around(std::size_t n)
      : dense_(n, 0), touched_(n + 1), weights_(kTableEdges), dense_cached_(n <= kCachedDense) {}
  // Starts gathering for `edges` edges.
  void start(std::size_t edges) {
    if (mode_ == Mode::table)
      std::fill(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(mask_ + 1), kEmpty);
    if (mode_ == Mode::dense) {
      for (std::size_t i = 0; i < count_; ++i) dense_[touched_[i]] = 0;
    }
    count_ = 0;
    mode_ = edges <= kListEdges ? Mode::list : dense_cached_ || edges > kTableEdges ? Mode::dense : Mode::table;
    if (mode_ == Mode::table) {
      bits_ = static_cast<int>(std::bit_width(2 * edges - 1));
      mask_ = (std::size_t{1} << bits_) - 1;
      if (slots_.size() <= mask_) slots_.resize(mask_ + 1, kEmpty);
    }
  }
  void add(std::uint32_t c, double w) {
    switch (mode_) {
      case Mode::list:
        for (std::size_t i = 0; i < count_; ++i) {
          if (touched_[i] == c) {
            weights_[i] += w;
            return;
          }
        }
        touched_[count_] = c;
        weights_[count_++] = w;
        return;
      case Mode::dense:
        touched_[count_] = c;
        count_ += dense_[c] == 0;
        dense_[c] += w;
        return;
      case Mode::table:
        for (auto s = slot(c);; s = (s + 1) & mask_) {
          const auto i = slots_[s];
          if (i == kEmpty) {
            slots_[s] = static_cast<std::uint32_t>(count_);
            touched_[count_] = c;
            weights_[count_++] = w;
            return;
          }
          if (touched_[i] == c) {
            weights_[i] += w;
            return;
          }
        }
    }
  }
  std::size_t size() const { return count_; }
  std::uint32_t community(std::size_t i) const { return touched_[i]; }
  double weight(std::size_t i) const { return mode_ == Mode::dense ? dense_[touched_[i]] : weights_[i]; }
  double to(std::uint32_t c) const {
    if (mode_ == Mode::dense) return dense_[c];
    if (mode_ == Mode::list) {
      for (std::size_t i = 0; i < count_; ++i) {
        if (touched_[i] == c) return weights_[i];
      }
      return 0;
    }
    for (auto s = slot(c);; s = (s + 1) & mask_) {
      const auto i = slots_[s];
      if (i == kEmpty) return 0;
      if (touched_[i] == c) return weights_[i];
    }
  }

 private:
  enum class Mode { list, dense, table };
  static constexpr std::size_t kListEdges = 32;
  static constexpr std::size_t kTableEdges = 4096;
  static constexpr std::size_t kCachedDense = std::size_t{1} << 17;  // 1 MB of weights
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  std::size_t slot(std::uint32_t c) const { return (c * 0x9E3779B97F4A7C15ULL) >> (64 - bits_); }

  std::vector<double> dense_;
  std::vector<std::uint32_t> touched_;
  std::vector<double> weights_;       // the list's and the table's, in touched_ order
  std::vector<std::uint32_t> slots_;  // the table: index into touched_, or kEmpty
  std::size_t count_ = 0, mask_ = 0;
  int bits_ = 1;
  bool dense_cached_;
  Mode mode_ = Mode::list;
};

// Reads ahead the community of the neighbour a few edges on: on a large
// graph nearly every one is a cache miss, and the loop over a node's edges
// is too short for the processor to run ahead by itself.
inline void prefetch_community(const Rows& rows, const std::vector<std::uint32_t>& of, std::size_t e) {
  constexpr std::size_t kAhead = 8;
  if (e + kAhead < rows.to.size()) __builtin_prefetch(&of[rows.to[e + kAhead]]);
}

struct Run {
  double scale;  // resolution / 2m: a move's gain is w(u, C) − k_u · K_C · scale
  std::mt19937_64 rng;
  std::size_t cached_edges;  // Scale::cached_edges
};

// The order a pass visits the nodes in: random, since where a node goes
// depends on who moved before it. On a graph larger than the caches, node
// order from a random node on: the rows are then read in sequence, where a
// shuffled order reads each from a random place in memory (a third of a
// pass over ten million edges, and the partitions found are as good).
std::vector<std::uint32_t> visiting_order(const Level& g, Run& run) {
  auto& rng = run.rng;
  const auto n = g.size();
  std::vector<std::uint32_t> order(n);
  if (g.rows.to.size() <= run.cached_edges) {
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin(), order.end(), rng);
  } else {
    const auto first = static_cast<std::uint32_t>(std::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng));
    for (std::uint32_t i = 0; i < n; ++i) order[i] = first + i < n ? first + i : first + i - n;
  }
  return order;
}

// Fast local moving: each node in the queue goes to the community (a
// neighbouring one, its own, or a new one alone) with the highest gain, ties
// to its own; a node that moves queues its neighbours outside its new
// community. Returns whether any node moved.
bool move_nodes(const Level& g, std::vector<std::uint32_t>& of, Run& run) {
  const auto n = g.size();
  std::vector<double> total(n, 0);
  std::vector<std::uint32_t> members(n, 0);
  for (std::uint32_t u = 0; u < n; ++u) total[of[u]] += g.strength[u], ++members[of[u]];
  std::vector<std::uint32_t> empty;
  for (std::uint32_t c = n; c-- > 0;) {
    if (members[c] == 0) empty.push_back(c);
  }
  std::vector<std::uint32_t> queue = visiting_order(g, run);  // a ring: every node is in it at most once
  std::vector<char> queued(n, 1);
  std::size_t head = 0, count = n;
  Around around(n);
  bool moved = false;
  while (count > 0) {
    const auto u = queue[head];
    head = head + 1 == n ? 0 : head + 1;
    --count;
    queued[u] = 0;
    const auto from = of[u];
    const double k = g.strength[u];
    total[from] -= k;
    if (--members[from] == 0) empty.push_back(from);
    around.start(g.rows.first[u + 1] - g.rows.first[u]);
    for (auto e = g.rows.first[u]; e < g.rows.first[u + 1]; ++e) {
      prefetch_community(g.rows, of, e);
      around.add(of[g.rows.to[e]], g.weight(e));
    }
    auto best = from;
    double best_gain = around.to(from) - k * total[from] * run.scale;
    for (std::size_t i = 0; i < around.size(); ++i) {
      const auto c = around.community(i);
      const double gain = around.weight(i) - k * total[c] * run.scale;
      if (gain > best_gain) best = c, best_gain = gain;
    }
    if (best_gain < 0) best = empty.back();    // alone: gain 0
    if (members[best] == 0) empty.pop_back();  // `best` is the last community emptied or the one chosen alone
    total[best] += k;
    ++members[best];
    of[u] = best;
    if (best == from) continue;
    moved = true;
    for (auto e = g.rows.first[u]; e < g.rows.first[u + 1]; ++e) {
      const auto v = g.rows.to[e];
      if (!queued[v] && of[v] != best) {
        queue[(head + count) % n] = v;
        ++count;
        queued[v] = 1;
      }
    }
  }
  return moved;
}

// Leiden's refinement: within each community of `of`, every node starts
// alone; in random order, a node still alone and well connected to its
// community joins a well-connected sub-community of it (or stays alone),
// chosen at random with a probability rising steeply with the gain
// (exp(gain / 0.01), igraph's default), never a loss. Returns per node its
// sub-community (numbered by one of its nodes).
std::vector<std::uint32_t> refine(const Level& g, const std::vector<std::uint32_t>& of, Run& run) {
  constexpr double kRandomness = 0.01;
  const auto n = g.size();
  std::vector<double> total(n, 0);
  for (std::uint32_t u = 0; u < n; ++u) total[of[u]] += g.strength[u];
  std::vector<std::uint32_t> sub(n);
  std::iota(sub.begin(), sub.end(), 0u);
  std::vector<double> sub_total(g.strength);
  std::vector<double> sub_outside(n, 0);  // weight from the sub-community to the rest of its community
  for (std::uint32_t u = 0; u < n; ++u) {
    for (auto e = g.rows.first[u]; e < g.rows.first[u + 1]; ++e) {
      prefetch_community(g.rows, of, e);
      if (of[g.rows.to[e]] == of[u]) sub_outside[u] += g.weight(e);
    }
  }
  // A non-empty sub-community s holds node s: a node leaves only when alone.
  std::vector<char> alone(n, 1);
  Around around(n);
  std::vector<std::uint32_t> candidates;
  std::vector<double> gains, links;  // per candidate: gain, weight from the node
  const auto well_connected = [&](double outside, double strength, std::uint32_t c) {
    return outside >= strength * (total[c] - strength) * run.scale;
  };
  for (const auto u : visiting_order(g, run)) {
    const auto c = of[u];
    const double k = g.strength[u];
    if (!alone[u] || !well_connected(sub_outside[u], k, c)) continue;
    around.start(g.rows.first[u + 1] - g.rows.first[u]);
    for (auto e = g.rows.first[u]; e < g.rows.first[u + 1]; ++e) {
      prefetch_community(g.rows, of, e);
      const auto v = g.rows.to[e];
      if (of[v] == c) around.add(sub[v], g.weight(e));
    }
    candidates.assign(1, u);  // staying alone: gain 0
    gains.assign(1, 0.0);
    links.assign(1, 0.0);
    double best = 0;
    for (std::size_t i = 0; i < around.size(); ++i) {
      const auto s = around.community(i);
      if (!well_connected(sub_outside[s], sub_total[s], c)) continue;
      const double gain = around.weight(i) - k * sub_total[s] * run.scale;
      if (gain < 0) continue;
      candidates.push_back(s);
      gains.push_back(gain);
      links.push_back(around.weight(i));
      best = std::max(best, gain);
    }
    double sum = 0;
    for (auto& gain : gains) sum += gain = std::exp((gain - best) / kRandomness);
    double pick = std::uniform_real_distribution<double>(0, sum)(run.rng);
    std::size_t i = 0;
    while (i + 1 < gains.size() && pick >= gains[i]) pick -= gains[i++];
    const auto s = candidates[i];
    if (s == u) continue;
    sub[u] = s;
    alone[u] = 0;
    alone[s] = 0;
    sub_total[s] += k;
    sub_outside[s] += sub_outside[u] - 2 * links[i];
  }
  return sub;
}

// Renumbers groups 0.. in order of first appearance; returns how many.
std::uint32_t renumber(std::vector<std::uint32_t>& of) {
  std::vector<std::uint32_t> to(of.size(), UINT32_MAX);
  std::uint32_t next = 0;
  for (auto& c : of) {
    if (to[c] == UINT32_MAX) to[c] = next++;
    c = to[c];
  }
  return next;
}

// The graph of the groups of `of` (numbered 0..groups-1): strengths summed,
// edges between two groups one edge with their weights summed.
std::unique_ptr<Level> aggregate(const Level& g, const std::vector<std::uint32_t>& of, std::uint32_t groups) {
  auto out = std::make_unique<Level>();
  out->strength.assign(groups, 0);
  // Each group's nodes, by counting sort.
  std::vector<std::size_t> start(groups + 1, 0);
  for (const auto c : of) ++start[c + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> nodes(of.size());
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t u = 0; u < of.size(); ++u) nodes[fill[of[u]]++] = u;
  }
  out->own_first.assign(1, 0);
  out->own_first.reserve(groups + 1);
  Around around(groups);
  for (std::uint32_t c = 0; c < groups; ++c) {
    std::size_t edges = 0;
    for (auto i = start[c]; i < start[c + 1]; ++i) edges += g.rows.first[nodes[i] + 1] - g.rows.first[nodes[i]];
    around.start(edges);
    for (auto i = start[c]; i < start[c + 1]; ++i) {
      const auto u = nodes[i];
      out->strength[c] += g.strength[u];
      for (auto e = g.rows.first[u]; e < g.rows.first[u + 1]; ++e) {
        prefetch_community(g.rows, of, e);
        const auto d = of[g.rows.to[e]];
        if (d != c) around.add(d, g.weight(e));
      }
    }
    for (std::size_t i = 0; i < around.size(); ++i) {
      out->own_to.push_back(around.community(i));
      out->own_weights.push_back(around.weight(i));
    }
    out->own_first.push_back(out->own_to.size());
  }
  out->rows = Rows{out->own_first, out->own_to, out->own_weights};
  return out;
}

}  // namespace

Partition optimise(const Rows& rows, std::vector<std::uint32_t> start, double resolution, Refine refine_,
                   std::uint64_t seed, const Scale& scale) {
  const auto n = static_cast<std::uint32_t>(rows.nodes());
  Level first;
  first.rows = rows;
  first.strength = strengths(rows);
  const double two_m = std::accumulate(first.strength.begin(), first.strength.end(), 0.0);
  if (two_m == 0) {
    renumber(start);
    return {std::move(start), 0};
  }
  Run run{resolution / two_m, std::mt19937_64(seed), scale.cached_edges};
  std::unique_ptr<Level> owned;
  const Level* level = &first;
  std::vector<std::uint32_t> part = std::move(start);
  renumber(part);
  std::vector<std::uint32_t> node_of(n);  // per node of the graph: the node of the current level holding it
  std::iota(node_of.begin(), node_of.end(), 0u);
  // Every level merges at least two nodes into one, so the levels end; the bound only guards the arithmetic.
  for (std::uint32_t depth = 0; depth < n; ++depth) {
    move_nodes(*level, part, run);
    const auto communities = renumber(part);
    if (communities == level->size()) break;  // every node alone: nothing left to merge
    // The next level's nodes: the sub-communities, or the communities where refinement merged nothing.
    std::vector<std::uint32_t> groups = part;
    std::uint32_t count = communities;
    if (refine_ == Refine::yes) {
      auto sub = refine(*level, part, run);
      const auto subs = renumber(sub);
      if (subs < level->size()) groups = std::move(sub), count = subs;
    }
    std::vector<std::uint32_t> next_part(count);
    for (std::uint32_t u = 0; u < level->size(); ++u) next_part[groups[u]] = part[u];
    for (auto& v : node_of) v = groups[v];
    owned = aggregate(*level, groups, count);
    level = owned.get();
    part = std::move(next_part);
  }
  // Modularity on the last level: a merged node's inner weight (both
  // directions) is its strength less the weight of its row.
  Partition out{std::vector<std::uint32_t>(n), 0};
  std::vector<double> total(level->size(), 0);
  double inside = 0;
  for (std::uint32_t u = 0; u < level->size(); ++u) {
    double row = 0;
    for (auto e = level->rows.first[u]; e < level->rows.first[u + 1]; ++e) {
      row += level->weight(e);
      if (part[level->rows.to[e]] == part[u]) inside += level->weight(e);
    }
    inside += level->strength[u] - row;
    total[part[u]] += level->strength[u];
  }
  double expected = 0;
  for (const double t : total) expected += t * t;
  out.modularity = inside / two_m - resolution * expected / (two_m * two_m);
  for (std::uint32_t v = 0; v < n; ++v) out.of[v] = part[node_of[v]];
  renumber(out.of);
  return out;
}

double modularity(const Rows& rows, const std::vector<std::uint32_t>& of, double resolution) {
  const auto n = rows.nodes();
  std::vector<double> total(n, 0);
  double inside = 0, two_m = 0;
  for (std::size_t u = 0; u < n; ++u) {
    for (auto k = rows.first[u]; k < rows.first[u + 1]; ++k) {
      const double w = rows.weight(k);
      two_m += w;
      total[of[u]] += w;
      if (of[rows.to[k]] == of[u]) inside += w;
    }
  }
  if (two_m == 0) return 0;
  double expected = 0;
  for (const double t : total) expected += t * t;
  return inside / two_m - resolution * expected / (two_m * two_m);
}

}  // namespace ariadne::graph::detail
