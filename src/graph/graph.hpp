// Graphs of linked entities and the measures analysts ask of them:
// connected components, degree, betweenness, closeness, eigenvector and
// PageRank centrality, k-cores, communities (Leiden, and Louvain to compare)
// with their modularity, and shortest paths. Degree, betweenness, closeness,
// eigenvector and k-cores are igraph's (its C core); PageRank, Louvain and
// Leiden are done here (graph/leiden.hpp says why). The measures are scaled
// as networkx scales them, so the two agree (tests/graph compares them on
// public covert networks and a generated graph of 100,000 edges).
//
// A Graph is undirected. Parallel edges are one edge whose weight is their
// sum (two wiretaps between the same phones are more contact), self-loops
// are left out (no measure here uses them); build() counts both. Weights
// are positive and finite. Results are per node, in node order.
//
// Thread-safety: a built Graph is read-only; measures may run on it from
// several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace ariadne::graph {

using Node = std::uint32_t;

struct Edge {
  Node a = 0;
  Node b = 0;
  double weight = 1;
};

struct BuildReport {
  std::size_t edges_given = 0;
  std::size_t self_loops = 0;  // left out
  std::size_t duplicates = 0;  // merged into the first edge of their pair, weights summed
};

class Graph {
 public:
  // Nodes [0, nodes); an edge naming another node, or a weight that is not
  // positive and finite, is refused (invalid_input naming the edge).
  static Result<Graph> build(std::size_t nodes, const std::vector<Edge>& edges, BuildReport* report = nullptr);
  ~Graph();
  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;

  std::size_t nodes() const;
  std::size_t edges() const;
  // Each edge's ends (a < b) and weight, in (a, b) order.
  const std::vector<Edge>& edge_list() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit Graph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct Components {
  std::vector<std::uint32_t> of;     // per node: its component, numbered by first node
  std::vector<std::uint32_t> sizes;  // per component: its nodes
};
Result<Components> components(const Graph& g);

// With `weighted`, the strength (the sum of the edges' weights).
Result<std::vector<double>> degree(const Graph& g, bool weighted = false);
// Shortest paths through the node over all pairs of other nodes, divided by
// (n-1)(n-2)/2, the number of those pairs (networkx's normalised betweenness).
Result<std::vector<double>> betweenness(const Graph& g);
// (r-1)/Σd over the r-1 nodes the node reaches, times (r-1)/(n-1) (Wasserman
// and Faust: a node of a small component is not central); 0 for a node that
// reaches none.
Result<std::vector<double>> closeness(const Graph& g);
// The leading eigenvector of the adjacency (weights with `weighted`), of unit
// Euclidean norm, non-negative.
Result<std::vector<double>> eigenvector(const Graph& g, bool weighted = false);
// PageRank with the given damping; a node without edges jumps anywhere.
Result<std::vector<double>> pagerank(const Graph& g, bool weighted = false, double damping = 0.85);
// Burt's constraint, Σ over the node's contacts j of (p_ij + Σ_q p_iq p_qj)²,
// p_ij the share of i's ties (weights with `weighted`) that go to j
// (networkx's `constraint`): low for a broker whose contacts are tied to each
// other only through it; NaN for a node without edges.
Result<std::vector<double>> constraint(const Graph& g, bool weighted = false);
// Betweenness over the pairs of nodes in different communities (`of`, per
// node its community), scaled as betweenness(): who the paths between
// communities go through.
Result<std::vector<double>> bridging_betweenness(const Graph& g, const std::vector<std::uint32_t>& of);
// The largest k such that the node is in the k-core.
Result<std::vector<std::uint32_t>> coreness(const Graph& g);

enum class CommunityMethod { leiden, louvain };
struct Communities {
  std::vector<std::uint32_t> of;  // per node: its community, numbered by first node
  std::size_t count = 0;
  double modularity = 0;  // at the resolution asked
};
// Modularity-maximising communities at `resolution` (1: the usual modularity).
// Louvain keeps the best of eight runs in random orders; Leiden starts from
// that partition and runs again from its best while a run gains (its moves
// never lower the modularity, and it repairs the badly connected communities
// Louvain may leave). On a graph of over a million edges Louvain runs once
// and Leiden starts from every node alone. Both are seeded (`seed`), so
// results repeat.
Result<Communities> communities(const Graph& g, CommunityMethod method, bool weighted = false, double resolution = 1,
                                std::uint64_t seed = 1);
// The modularity of a partition (per node: its community).
Result<double> modularity(const Graph& g, const std::vector<std::uint32_t>& of, bool weighted = false,
                          double resolution = 1);

// Every shortest path from `from` to `to` of at most `max_hops` edges (none
// when they are not connected that closely), each as its nodes in order, at
// most `limit` of them, in a repeatable order.
Result<std::vector<std::vector<Node>>> shortest_paths(const Graph& g, Node from, Node to, std::size_t max_hops,
                                                      std::size_t limit);

}  // namespace ariadne::graph
