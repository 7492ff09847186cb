// A graph's adjacency as compressed rows, for the walks and sweeps done in
// graph/ itself (PageRank, Louvain and Leiden, brokers, paths). Internal to
// graph/.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "graph/graph.hpp"

namespace ariadne::graph::detail {

// An undirected graph without self-loops: node u's neighbours are
// to[first[u] .. first[u+1]), in node order, each edge in both rows;
// `weights` parallel to `to`, or empty for weight 1 everywhere.
struct Rows {
  std::span<const std::size_t> first;
  std::span<const Node> to;
  std::span<const double> weights;

  std::size_t nodes() const { return first.size() - 1; }
  double weight(std::size_t k) const { return weights.empty() ? 1.0 : weights[k]; }
};

// The graph's rows; with `weighted` its edges' weights (none when every one is 1).
Rows rows(const Graph& g, bool weighted);

// Per node: the sum of its edges' weights (its degree when unweighted).
std::vector<double> strengths(const Rows& rows);

}  // namespace ariadne::graph::detail
