// Louvain and Leiden community detection over a graph's compressed rows,
// maximising modularity. Internal to graph/: communities() in graph.cpp
// chooses the start and the number of runs.
//
// Louvain (Blondel et al. 2008) moves nodes to the neighbouring community
// that raises modularity most, then merges each community into one node and
// repeats. Leiden (Traag, Waltman and van Eck 2019) moves nodes the same way,
// but before merging splits each community into sub-communities that are
// well connected to it, merges those, and starts the next level from the
// communities found: no community it returns is badly connected. Both visit
// nodes through a queue of the nodes whose neighbourhood changed (Leiden's
// fast local moving), which needs a handful of passes over a large sparse
// graph where a sweep until nothing moves needs hundreds.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/rows.hpp"

namespace ariadne::graph::detail {

enum class Refine { no, yes };  // Louvain, Leiden

struct Partition {
  std::vector<std::uint32_t> of;  // per node: its community, numbered by first node
  double modularity = 0;          // worked out on the last level's graph, as modularity() would
};

// The sizes at which the work changes its ways; tests lower them to walk
// those ways on small graphs.
struct Scale {
  // Beyond this many edges Louvain runs once and Leiden starts from every
  // node alone, running again while a run gains 1 %: each run takes seconds
  // there, and eight runs' best gains little.
  std::size_t large_edges = 1'000'000;
  // Beyond this many adjacency entries a pass visits the nodes in node order
  // from a random one (visiting_order in leiden.cpp).
  std::size_t cached_edges = std::size_t{1} << 20;
};

// One run from `start` (per node its community; any numbering below the
// node count), levels until nothing moves. Modularity never falls below the
// start's.
Partition optimise(const Rows& rows, std::vector<std::uint32_t> start, double resolution, Refine refine,
                   std::uint64_t seed, const Scale& scale = {});

// graph::communities at the given scale.
Result<Communities> communities(const Graph& g, CommunityMethod method, bool weighted, double resolution,
                                std::uint64_t seed, const Scale& scale);

// Σ_c [ in_c / m − resolution · (K_c / 2m)² ], in_c the weight inside c, K_c
// its nodes' strengths, m the total weight; 0 without edges.
double modularity(const Rows& rows, const std::vector<std::uint32_t>& of, double resolution);

}  // namespace ariadne::graph::detail
