#include "graph/graph.hpp"

#include "graph/leiden.hpp"
#include "graph/rows.hpp"

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>

namespace ariadne::graph {

namespace {

// Debian's igraph keeps its error handler, its random generator and its
// cleanup stack in globals (IGRAPH_THREAD_SAFE is 0): every call into it
// holds this lock, and errors come back as codes instead of abort().
std::mutex& igraph_lock() {
  static std::mutex mu;
  static std::once_flag once;
  std::call_once(once, [] {
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
  });
  return mu;
}

Error failure(const char* what, igraph_error_t rc) {
  return Error::internal(std::string("graph: ") + what + " failed (" + igraph_strerror(rc) + ")");
}

// igraph vectors released on every path out.
struct Reals {
  igraph_vector_t v;
  igraph_error_t rc;
  explicit Reals(igraph_integer_t n = 0) : rc(igraph_vector_init(&v, n)) {}
  ~Reals() {
    if (rc == IGRAPH_SUCCESS) igraph_vector_destroy(&v);
  }
  Reals(const Reals&) = delete;
  Reals& operator=(const Reals&) = delete;
  std::vector<double> values() const {
    std::vector<double> out(static_cast<std::size_t>(igraph_vector_size(&v)));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = VECTOR(v)[i];
    return out;
  }
};

struct Ints {
  igraph_vector_int_t v;
  igraph_error_t rc;
  explicit Ints(igraph_integer_t n = 0) : rc(igraph_vector_int_init(&v, n)) {}
  ~Ints() {
    if (rc == IGRAPH_SUCCESS) igraph_vector_int_destroy(&v);
  }
  Ints(const Ints&) = delete;
  Ints& operator=(const Ints&) = delete;
};

constexpr int kLeidenRuns = 20;
constexpr int kLouvainRuns = 8;

}  // namespace

struct Graph::Impl {
  igraph_t g{};
  bool built = false;
  Reals weights;
  std::vector<Edge> edges;
  // Adjacency for the walks and sweeps done here (paths, PageRank,
  // communities): CSR, neighbours sorted; their weights, or none when every
  // weight is 1.
  std::vector<std::size_t> first;
  std::vector<Node> neighbours;
  std::vector<double> neighbour_weights;
  ~Impl() {
    if (built) igraph_destroy(&g);
  }
  const igraph_vector_t* weights_if(bool weighted) const { return weighted ? &weights.v : nullptr; }
};

Graph::Graph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Graph::~Graph() = default;
Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;

std::size_t Graph::nodes() const {
  return impl_->first.size() - 1;
}
std::size_t Graph::edges() const {
  return impl_->edges.size();
}
const std::vector<Edge>& Graph::edge_list() const {
  return impl_->edges;
}

Result<Graph> Graph::build(std::size_t nodes, const std::vector<Edge>& given, BuildReport* report) {
  if (nodes > std::numeric_limits<Node>::max()) return Error::invalid("nodes", "more than 2^32 - 1 nodes");
  BuildReport r;
  r.edges_given = given.size();
  auto impl = std::make_unique<Impl>();
  std::vector<Edge> kept;  // a < b
  kept.reserve(given.size());
  for (std::size_t i = 0; i < given.size(); ++i) {
    Edge e = given[i];
    if (e.a >= nodes || e.b >= nodes) {
      return Error::invalid("edges[" + std::to_string(i) + "]", "names a node the graph does not have");
    }
    if (!std::isfinite(e.weight) || e.weight <= 0) {
      return Error::invalid("edges[" + std::to_string(i) + "].weight", "must be a positive number");
    }
    if (e.a == e.b) {
      ++r.self_loops;
      continue;
    }
    if (e.a > e.b) std::swap(e.a, e.b);
    kept.push_back(e);
  }
  // The edges in (a, b) order, by two stable counting sorts (by b, then by
  // a): linear, where hashing or a comparison sort of ten million edges
  // takes seconds. Stable, so repeated edges' weights add up in the order given.
  {
    std::vector<std::size_t> order(kept.size()), sorted(kept.size()), slot(nodes + 1);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (const auto end : {&Edge::b, &Edge::a}) {
      std::fill(slot.begin(), slot.end(), 0);
      for (const auto& e : kept) ++slot[e.*end + 1];
      std::partial_sum(slot.begin(), slot.end(), slot.begin());
      for (const auto i : order) sorted[slot[kept[i].*end]++] = i;
      order.swap(sorted);
    }
    for (const auto i : order) {
      const auto& e = kept[i];
      if (!impl->edges.empty() && impl->edges.back().a == e.a && impl->edges.back().b == e.b) {
        ++r.duplicates;
        impl->edges.back().weight += e.weight;
      } else {
        impl->edges.push_back(e);
      }
    }
  }
  kept = {};
  // CSR adjacency, each row sorted by neighbour: row b gets every a < b in
  // a's order, then row a every b > a in b's order.
  impl->first.assign(nodes + 1, 0);
  for (const auto& e : impl->edges) ++impl->first[e.a + 1], ++impl->first[e.b + 1];
  std::partial_sum(impl->first.begin(), impl->first.end(), impl->first.begin());
  impl->neighbours.resize(impl->first.back());
  const bool unit = std::all_of(impl->edges.begin(), impl->edges.end(), [](const Edge& e) { return e.weight == 1; });
  if (!unit) impl->neighbour_weights.resize(impl->neighbours.size());
  {
    std::vector<std::size_t> fill(impl->first.begin(), impl->first.end() - 1);
    const auto place = [&](Node from, Node to, double weight) {
      if (!unit) impl->neighbour_weights[fill[from]] = weight;
      impl->neighbours[fill[from]++] = to;
    };
    for (const auto& e : impl->edges) place(e.b, e.a, e.weight);
    for (const auto& e : impl->edges) place(e.a, e.b, e.weight);
  }

  std::lock_guard lock(igraph_lock());
  Ints ends(static_cast<igraph_integer_t>(2 * impl->edges.size()));
  Reals weights(static_cast<igraph_integer_t>(impl->edges.size()));
  if (ends.rc != IGRAPH_SUCCESS || weights.rc != IGRAPH_SUCCESS) return failure("allocation", IGRAPH_ENOMEM);
  for (std::size_t i = 0; i < impl->edges.size(); ++i) {
    VECTOR(ends.v)[2 * i] = impl->edges[i].a;
    VECTOR(ends.v)[2 * i + 1] = impl->edges[i].b;
    VECTOR(weights.v)[i] = impl->edges[i].weight;
  }
  if (auto rc = igraph_create(&impl->g, &ends.v, static_cast<igraph_integer_t>(nodes), IGRAPH_UNDIRECTED);
      rc != IGRAPH_SUCCESS) {
    return failure("building the graph", rc);
  }
  impl->built = true;
  igraph_vector_swap(&impl->weights.v, &weights.v);
  if (report) *report = r;
  return Graph(std::move(impl));
}

namespace detail {

Rows rows(const Graph& g, bool weighted) {
  const auto& impl = g.impl();
  return {impl.first, impl.neighbours,
          weighted ? std::span<const double>(impl.neighbour_weights) : std::span<const double>()};
}

std::vector<double> strengths(const Rows& rows) {
  std::vector<double> out(rows.nodes(), 0);
  for (std::size_t u = 0; u < out.size(); ++u) {
    if (rows.weights.empty()) {
      out[u] = static_cast<double>(rows.first[u + 1] - rows.first[u]);
    } else {
      for (auto k = rows.first[u]; k < rows.first[u + 1]; ++k) out[u] += rows.weights[k];
    }
  }
  return out;
}

}  // namespace detail

// A breadth-first walk over the adjacency from each node not yet reached, in
// node order (so components come numbered by their first node): linear, and
// without igraph's lock, so components of several graphs run at once.
Result<Components> components(const Graph& g) {
  const auto& impl = g.impl();
  const auto n = g.nodes();
  constexpr std::uint32_t kUnseen = std::numeric_limits<std::uint32_t>::max();
  Components out;
  out.of.assign(n, kUnseen);
  std::vector<Node> queue;
  queue.reserve(n);
  for (Node start = 0; start < n; ++start) {
    if (out.of[start] != kUnseen) continue;
    const auto c = static_cast<std::uint32_t>(out.sizes.size());
    queue.clear();
    queue.push_back(start);
    out.of[start] = c;
    for (std::size_t at = 0; at < queue.size(); ++at) {
      const auto u = queue[at];
      for (auto k = impl.first[u]; k < impl.first[u + 1]; ++k) {
        const auto v = impl.neighbours[k];
        if (out.of[v] == kUnseen) {
          out.of[v] = c;
          queue.push_back(v);
        }
      }
    }
    out.sizes.push_back(static_cast<std::uint32_t>(queue.size()));
  }
  return out;
}

Result<std::vector<double>> degree(const Graph& g, bool weighted) {
  std::lock_guard lock(igraph_lock());
  Reals res;
  if (auto rc = igraph_strength(&g.impl().g, &res.v, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS,
                                g.impl().weights_if(weighted));
      rc != IGRAPH_SUCCESS) {
    return failure("degree", rc);
  }
  return res.values();
}

Result<std::vector<double>> betweenness(const Graph& g) {
  std::vector<double> out;
  {
    std::lock_guard lock(igraph_lock());
    Reals res;
    if (auto rc = igraph_betweenness(&g.impl().g, &res.v, igraph_vss_all(), IGRAPH_UNDIRECTED, nullptr);
        rc != IGRAPH_SUCCESS) {
      return failure("betweenness", rc);
    }
    out = res.values();
  }
  const double n = static_cast<double>(g.nodes());
  const double pairs = (n - 1) * (n - 2) / 2;
  for (auto& v : out) v = pairs > 0 ? v / pairs : 0;
  return out;
}

Result<std::vector<double>> closeness(const Graph& g) {
  std::vector<double> out;
  std::vector<double> reached;
  {
    std::lock_guard lock(igraph_lock());
    Reals res;
    Ints reachable;
    igraph_bool_t all = false;
    if (auto rc = igraph_closeness(&g.impl().g, &res.v, &reachable.v, &all, igraph_vss_all(), IGRAPH_ALL, nullptr,
                                   /*normalized=*/true);
        rc != IGRAPH_SUCCESS) {
      return failure("closeness", rc);
    }
    out = res.values();
    reached.resize(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) reached[i] = static_cast<double>(VECTOR(reachable.v)[i]);
  }
  const double others = static_cast<double>(g.nodes()) - 1;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = reached[i] == 0 || std::isnan(out[i]) ? 0 : out[i] * reached[i] / others;
  }
  return out;
}

Result<std::vector<double>> eigenvector(const Graph& g, bool weighted) {
  std::vector<double> out;
  {
    std::lock_guard lock(igraph_lock());
    Reals res;
    igraph_real_t value = 0;
    igraph_arpack_options_t options;
    igraph_arpack_options_init(&options);
    if (auto rc = igraph_eigenvector_centrality(&g.impl().g, &res.v, &value, IGRAPH_UNDIRECTED, /*scale=*/true,
                                                g.impl().weights_if(weighted), &options);
        rc != IGRAPH_SUCCESS) {
      return failure("eigenvector centrality", rc);
    }
    out = res.values();
  }
  double norm = 0;
  for (const auto v : out) norm += v * v;
  norm = std::sqrt(norm);
  for (auto& v : out) v = norm > 0 ? std::abs(v) / norm : 0;
  return out;
}

// PageRank as networkx defines it (a node without edges spreads its rank
// over every node), solved by Gauss–Seidel sweeps over the adjacency rows
// until a sweep moves the ranks by less than 1e-12 in all: each node's new
// rank is used by the nodes after it in the same sweep. A node without edges
// only ever receives the uniform share, so every such node has the same rank
// r, and r = ((1 − d) + d · isolated · r) / n fixes that share without
// iterating. The ranks sum to 1 at the solution; scaling them back to it
// after each sweep removes the error that decays slowest (along the solution
// itself, by d a sweep): 14 sweeps on a random graph of ten million edges,
// where Gauss–Seidel alone needs 56.
Result<std::vector<double>> pagerank(const Graph& g, bool weighted, double damping) {
  if (!(damping > 0 && damping < 1)) return Error::invalid("damping", "must lie between 0 and 1");
  constexpr double kTolerance = 1e-12;
  constexpr int kMaxSweeps =
      100'000;  // about log(1e-12) / log(d) sweeps at worst; the bound only guards a damping near 1
  const auto rows = detail::rows(g, weighted);
  const auto n = g.nodes();
  if (n == 0) return std::vector<double>{};
  const auto out_weight = detail::strengths(rows);  // per node: the weight its rank leaves by
  const auto isolated = static_cast<std::size_t>(std::count(out_weight.begin(), out_weight.end(), 0.0));
  const double base = (1 - damping) / (static_cast<double>(n) - damping * static_cast<double>(isolated));
  // share[u] = rank[u] / out_weight[u], what u gives each unit of weight.
  std::vector<double> share(n);
  for (std::size_t u = 0; u < n; ++u) share[u] = out_weight[u] > 0 ? 1.0 / static_cast<double>(n) / out_weight[u] : 0;
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    double change = 0, total = base * static_cast<double>(isolated);
    for (std::size_t u = 0; u < n; ++u) {
      if (out_weight[u] == 0) continue;
      double in = 0;
      if (rows.weights.empty()) {
        for (auto k = rows.first[u]; k < rows.first[u + 1]; ++k) in += share[rows.to[k]];
      } else {
        for (auto k = rows.first[u]; k < rows.first[u + 1]; ++k) in += rows.weights[k] * share[rows.to[k]];
      }
      const double rank = base + damping * in;
      change += std::abs(rank - share[u] * out_weight[u]);
      share[u] = rank / out_weight[u];
      total += rank;
    }
    for (auto& s : share) s /= total;
    if (change < kTolerance) {
      std::vector<double> rank(n);
      double sum = 0;
      for (std::size_t u = 0; u < n; ++u) sum += rank[u] = out_weight[u] > 0 ? share[u] * out_weight[u] : base;
      for (auto& r : rank) r /= sum;
      return rank;
    }
  }
  return Error::internal("graph: PageRank did not converge");
}

Result<std::vector<std::uint32_t>> coreness(const Graph& g) {
  std::lock_guard lock(igraph_lock());
  Ints cores;
  if (auto rc = igraph_coreness(&g.impl().g, &cores.v, IGRAPH_ALL); rc != IGRAPH_SUCCESS) {
    return failure("coreness", rc);
  }
  std::vector<std::uint32_t> out(static_cast<std::size_t>(igraph_vector_int_size(&cores.v)));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint32_t>(VECTOR(cores.v)[i]);
  return out;
}

Result<Communities> communities(const Graph& g, CommunityMethod method, bool weighted, double resolution,
                                std::uint64_t seed) {
  return detail::communities(g, method, weighted, resolution, seed, {});
}

Result<Communities> detail::communities(const Graph& g, CommunityMethod method, bool weighted, double resolution,
                                        std::uint64_t seed, const Scale& scale) {
  if (!(resolution > 0) || !std::isfinite(resolution)) return Error::invalid("resolution", "must be positive");
  // Modularity is undefined without an edge.
  if (g.edges() == 0) return Error::invalid("edges", "a graph without edges has no communities");
  const auto rows = detail::rows(g, weighted);
  const bool large = g.edges() > scale.large_edges;
  std::vector<std::uint32_t> alone(g.nodes());
  std::iota(alone.begin(), alone.end(), 0u);
  // Louvain, the best of a few runs in random orders (a run's partition
  // depends on its order), and Leiden's start on a graph that is not large.
  std::vector<std::uint32_t> best = alone;
  double quality = detail::modularity(rows, best, resolution);
  const int louvain_runs = !large ? kLouvainRuns : method == CommunityMethod::louvain ? 1 : 0;
  for (int run = 0; run < louvain_runs; ++run) {
    auto trial =
        detail::optimise(rows, alone, resolution, detail::Refine::no, seed + static_cast<std::uint64_t>(run), scale);
    if (trial.modularity > quality + 1e-12) quality = trial.modularity, best = std::move(trial.of);
  }
  if (method == CommunityMethod::leiden) {
    // Leiden runs, each from the best partition so far, while they gain:
    // its refinement is random, so a run after one that gained nothing may
    // still gain. On a large graph, while a run gains at least 1 % of the
    // modularity: a run there takes seconds, and each gains less than the
    // one before (a random graph of ten million edges: 0.142 from every node
    // alone, then 0.199, 0.2001, 0.2010, 0.2017, …).
    for (int run = 0, stale = 0; run < kLeidenRuns && stale < 2; ++run) {
      auto trial = detail::optimise(rows, best, resolution, detail::Refine::yes,
                                    seed + static_cast<std::uint64_t>(kLouvainRuns + run), scale);
      const double gain = trial.modularity - quality;
      if (gain > 1e-12) {
        quality = trial.modularity, best = std::move(trial.of), stale = 0;
      } else {
        ++stale;
      }
      if (large && run > 0 && gain < 0.01 * std::abs(quality)) break;
    }
  }
  Communities out;
  out.modularity = quality;
  out.of = std::move(best);  // numbered by first node, as optimise() numbers them
  out.count = out.of.empty() ? 0 : *std::max_element(out.of.begin(), out.of.end()) + std::size_t{1};
  return out;
}

Result<double> modularity(const Graph& g, const std::vector<std::uint32_t>& of, bool weighted, double resolution) {
  if (of.size() != g.nodes()) return Error::invalid("membership", "must give every node its community");
  // Community numbers index a per-community table: any numbering below the node count.
  std::vector<std::uint32_t> dense(of);
  std::unordered_map<std::uint32_t, std::uint32_t> renumber;
  for (auto& c : dense) c = renumber.try_emplace(c, static_cast<std::uint32_t>(renumber.size())).first->second;
  return detail::modularity(detail::rows(g, weighted), dense, resolution);
}

Result<std::vector<std::vector<Node>>> shortest_paths(const Graph& g, Node from, Node to, std::size_t max_hops,
                                                      std::size_t limit) {
  const auto& impl = g.impl();
  if (from >= g.nodes()) return Error::not_found("node " + std::to_string(from));
  if (to >= g.nodes()) return Error::not_found("node " + std::to_string(to));
  std::vector<std::vector<Node>> out;
  if (from == to) {
    out.push_back({from});
    return out;
  }
  // Breadth first from `from`, no deeper than max_hops, until `to`'s level is done.
  constexpr auto kUnseen = std::numeric_limits<std::uint32_t>::max();
  std::unordered_map<Node, std::uint32_t> depth{{from, 0}};
  std::unordered_map<Node, std::vector<Node>> parents;
  std::vector<Node> level{from};
  for (std::uint32_t d = 1; d <= max_hops && !level.empty() && !depth.contains(to); ++d) {
    std::vector<Node> next;
    for (const Node u : level) {
      for (auto k = impl.first[u]; k < impl.first[u + 1]; ++k) {
        const Node v = impl.neighbours[k];
        const auto it = depth.find(v);
        const std::uint32_t dv = it == depth.end() ? kUnseen : it->second;
        if (dv == kUnseen) {
          depth.emplace(v, d);
          next.push_back(v);
        }
        if (dv == kUnseen || dv == d) parents[v].push_back(u);
      }
    }
    level = std::move(next);
  }
  if (!depth.contains(to)) return out;
  // Every path back from `to`, parents in node order, at most `limit`.
  for (auto& [node, p] : parents) std::sort(p.begin(), p.end());
  std::vector<Node> path{to};
  std::function<void(Node)> back = [&](Node v) {
    if (out.size() >= limit) return;
    if (v == from) {
      out.emplace_back(path.rbegin(), path.rend());
      return;
    }
    for (const Node u : parents[v]) {
      path.push_back(u);
      back(u);
      path.pop_back();
    }
  };
  back(to);
  return out;
}

}  // namespace ariadne::graph
