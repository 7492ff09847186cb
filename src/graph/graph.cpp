#include "graph/graph.hpp"

#include <igraph/igraph.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
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

// Numbers per node renumbered by first node: 0 for the first node's group, then in order of appearance.
std::vector<std::uint32_t> by_first_node(const igraph_vector_int_t& groups, std::size_t* count) {
  std::unordered_map<igraph_integer_t, std::uint32_t> renumber;
  std::vector<std::uint32_t> out(static_cast<std::size_t>(igraph_vector_int_size(&groups)));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = renumber.try_emplace(VECTOR(groups)[i], static_cast<std::uint32_t>(renumber.size())).first->second;
  }
  if (count) *count = renumber.size();
  return out;
}

constexpr int kLeidenIterations = 20;
constexpr int kLouvainRuns = 8;
// Beyond this many edges Louvain runs once, and Leiden starts from every node
// alone rather than from Louvain and iterates twice: eight Louvain runs there
// take many minutes (a random graph of ten million edges keeps the first
// level busy), and each Leiden iteration tens of seconds.
constexpr std::size_t kLargeEdges = 1'000'000;

}  // namespace

struct Graph::Impl {
  igraph_t g{};
  bool built = false;
  Reals weights;
  std::vector<Edge> edges;
  // Adjacency for the walks done here (paths): CSR, neighbours sorted.
  std::vector<std::size_t> first;
  std::vector<Node> neighbours;
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
  std::unordered_map<std::uint64_t, std::size_t> at;  // (a, b) → index in impl->edges
  at.reserve(given.size());
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
    const auto [it, fresh] = at.try_emplace((std::uint64_t{e.a} << 32) | e.b, impl->edges.size());
    if (fresh) {
      impl->edges.push_back(e);
    } else {
      ++r.duplicates;
      impl->edges[it->second].weight += e.weight;
    }
  }
  // CSR adjacency.
  impl->first.assign(nodes + 1, 0);
  for (const auto& e : impl->edges) ++impl->first[e.a + 1], ++impl->first[e.b + 1];
  std::partial_sum(impl->first.begin(), impl->first.end(), impl->first.begin());
  impl->neighbours.resize(impl->first.back());
  std::vector<std::size_t> fill(impl->first.begin(), impl->first.end() - 1);
  for (const auto& e : impl->edges) impl->neighbours[fill[e.a]++] = e.b, impl->neighbours[fill[e.b]++] = e.a;
  for (std::size_t n = 0; n < nodes; ++n) {
    std::sort(impl->neighbours.begin() + static_cast<std::ptrdiff_t>(impl->first[n]),
              impl->neighbours.begin() + static_cast<std::ptrdiff_t>(impl->first[n + 1]));
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

Result<std::vector<double>> pagerank(const Graph& g, bool weighted, double damping) {
  if (!(damping > 0 && damping < 1)) return Error::invalid("damping", "must lie between 0 and 1");
  std::lock_guard lock(igraph_lock());
  Reals res;
  igraph_real_t value = 0;
  if (auto rc = igraph_pagerank(&g.impl().g, IGRAPH_PAGERANK_ALGO_PRPACK, &res.v, &value, igraph_vss_all(),
                                IGRAPH_UNDIRECTED, damping, g.impl().weights_if(weighted), nullptr);
      rc != IGRAPH_SUCCESS) {
    return failure("PageRank", rc);
  }
  return res.values();
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

namespace {

// Modularity under the lock.
Result<double> modularity_locked(const Graph& g, const igraph_vector_int_t& membership, bool weighted,
                                 double resolution) {
  igraph_real_t q = 0;
  if (auto rc =
          igraph_modularity(&g.impl().g, &membership, g.impl().weights_if(weighted), resolution, IGRAPH_UNDIRECTED, &q);
      rc != IGRAPH_SUCCESS) {
    return failure("modularity", rc);
  }
  return q;
}

}  // namespace

Result<Communities> communities(const Graph& g, CommunityMethod method, bool weighted, double resolution,
                                std::uint64_t seed) {
  if (!(resolution > 0) || !std::isfinite(resolution)) return Error::invalid("resolution", "must be positive");
  // Modularity is undefined without an edge (igraph answers NaN).
  if (g.edges() == 0) return Error::invalid("edges", "a graph without edges has no communities");
  std::lock_guard lock(igraph_lock());
  const bool large = g.edges() > kLargeEdges;
  Ints membership(large && method == CommunityMethod::leiden ? static_cast<igraph_integer_t>(g.nodes()) : 0);
  if (membership.rc != IGRAPH_SUCCESS) return failure("allocation", membership.rc);
  const auto* w = g.impl().weights_if(weighted);
  // Louvain, the best of a few runs in random orders (a run's partition
  // depends on its order), and Leiden's start: Leiden refines it, never to a
  // worse partition. A large graph's Leiden starts from every node alone.
  double louvain = -1;
  const int runs = !large ? kLouvainRuns : method == CommunityMethod::louvain ? 1 : 0;
  if (runs == 0) {
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&membership.v); ++i) VECTOR(membership.v)[i] = i;
    ARIADNE_ASSIGN(louvain, modularity_locked(g, membership.v, weighted, resolution));
  }
  Ints trial;
  for (int run = 0; run < runs; ++run) {
    igraph_rng_seed(igraph_rng_default(), seed + static_cast<std::uint64_t>(run));
    if (auto rc = igraph_community_multilevel(&g.impl().g, w, resolution, &trial.v, nullptr, nullptr);
        rc != IGRAPH_SUCCESS) {
      return failure("Louvain communities", rc);
    }
    ARIADNE_ASSIGN(const double q, modularity_locked(g, trial.v, weighted, resolution));
    if (q > louvain + 1e-12) {
      louvain = q;
      if (auto rc = igraph_vector_int_update(&membership.v, &trial.v); rc != IGRAPH_SUCCESS) {
        return failure("allocation", rc);
      }
    }
  }
  if (method == CommunityMethod::leiden) {
    // Leiden optimises modularity when each node weighs its strength and the
    // resolution is divided by twice the total weight (else it optimises CPM).
    Reals strength;
    if (auto rc = igraph_strength(&g.impl().g, &strength.v, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS, w);
        rc != IGRAPH_SUCCESS) {
      return failure("strengths", rc);
    }
    double total = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_size(&strength.v); ++i) total += VECTOR(strength.v)[i];
    if (total == 0) total = 1;  // no edges: every node alone
    // One iteration at a time, the best partition kept: the refinement is
    // randomised, so iterating "until nothing changes" may never end.
    double best = louvain;
    if (auto rc = igraph_vector_int_update(&trial.v, &membership.v); rc != IGRAPH_SUCCESS) {
      return failure("allocation", rc);
    }
    // A large graph's iterations cost tens of seconds each and gain little after the second.
    const int iterations = large ? 2 : kLeidenIterations;
    for (int iteration = 0, stale = 0; iteration < iterations && stale < 2; ++iteration) {
      igraph_integer_t clusters = 0;
      igraph_real_t quality = 0;
      if (auto rc = igraph_community_leiden(&g.impl().g, w, &strength.v, resolution / total, /*beta=*/0.01,
                                            /*start=*/true, /*n_iterations=*/1, &trial.v, &clusters, &quality);
          rc != IGRAPH_SUCCESS) {
        return failure("Leiden communities", rc);
      }
      ARIADNE_ASSIGN(const double q, modularity_locked(g, trial.v, weighted, resolution));
      if (q > best + 1e-12) {
        best = q;
        stale = 0;
        if (auto rc = igraph_vector_int_update(&membership.v, &trial.v); rc != IGRAPH_SUCCESS) {
          return failure("allocation", rc);
        }
      } else {
        ++stale;
      }
    }
  }
  Communities out;
  ARIADNE_ASSIGN(out.modularity, modularity_locked(g, membership.v, weighted, resolution));
  out.of = by_first_node(membership.v, &out.count);
  return out;
}

Result<double> modularity(const Graph& g, const std::vector<std::uint32_t>& of, bool weighted, double resolution) {
  if (of.size() != g.nodes()) return Error::invalid("membership", "must give every node its community");
  std::lock_guard lock(igraph_lock());
  Ints membership(static_cast<igraph_integer_t>(of.size()));
  if (membership.rc != IGRAPH_SUCCESS) return failure("allocation", membership.rc);
  for (std::size_t i = 0; i < of.size(); ++i) VECTOR(membership.v)[i] = of[i];
  return modularity_locked(g, membership.v, weighted, resolution);
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
