// Brokers: Burt's constraint and betweenness across communities, walked
// here over the graph's rows (igraph has neither).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "graph/graph.hpp"
#include "graph/rows.hpp"

namespace ariadne::graph {

Result<std::vector<double>> constraint(const Graph& g, bool weighted) {
  const auto adj = detail::rows(g, weighted);
  const auto n = g.nodes();
  // p[i] for the adjacency entry i of u: the share of u's ties that go to that neighbour.
  std::vector<double> share(adj.to.size());
  const auto strength = detail::strengths(adj);
  for (Node u = 0; u < n; ++u) {
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) share[i] = adj.weight(i) / strength[u];
  }
  std::vector<double> out(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> indirect(n, 0);
  std::vector<double> direct(n, 0);
  for (Node u = 0; u < n; ++u) {
    if (adj.first[u] == adj.first[u + 1]) continue;  // no contacts: no constraint (networkx: nan)
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) direct[adj.to[i]] = share[i];
    // u's tie to v through each other contact w: p(u,w) p(w,v).
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) {
      const auto w = adj.to[i];
      for (auto j = adj.first[w]; j < adj.first[w + 1]; ++j) {
        if (adj.to[j] != u) indirect[adj.to[j]] += share[i] * share[j];
      }
    }
    double c = 0;
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) {
      const auto v = adj.to[i];
      c += (direct[v] + indirect[v]) * (direct[v] + indirect[v]);
    }
    out[u] = c;
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) {
      const auto w = adj.to[i];
      direct[w] = 0;
      for (auto j = adj.first[w]; j < adj.first[w + 1]; ++j) indirect[adj.to[j]] = 0;
    }
  }
  return out;
}

Result<std::vector<double>> bridging_betweenness(const Graph& g, const std::vector<std::uint32_t>& of) {
  const auto n = g.nodes();
  if (of.size() != n) return Error::invalid("communities", "must give every node its community");
  const auto adj = detail::rows(g, false);
  std::vector<double> out(n, 0);
  // Brandes' accumulation, where a path counts only when its ends are in different communities.
  std::vector<double> sigma(n), delta(n);
  std::vector<std::int64_t> dist(n, -1);
  std::vector<Node> order;
  order.reserve(n);
  for (Node s = 0; s < n; ++s) {
    order.clear();
    order.push_back(s);
    dist[s] = 0;
    sigma[s] = 1;
    for (std::size_t at = 0; at < order.size(); ++at) {
      const auto v = order[at];
      for (auto i = adj.first[v]; i < adj.first[v + 1]; ++i) {
        const auto w = adj.to[i];
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          sigma[w] = 0;
          order.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (const auto v : order) delta[v] = 0;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const auto w = *it;
      const double ends = of[w] != of[s] ? 1 : 0;
      for (auto i = adj.first[w]; i < adj.first[w + 1]; ++i) {
        const auto v = adj.to[i];
        if (dist[v] == dist[w] - 1) delta[v] += sigma[v] / sigma[w] * (ends + delta[w]);
      }
      if (w != s) out[w] += delta[w];
    }
    for (const auto v : order) dist[v] = -1;
  }
  // Each pair was walked from both ends; scaled as betweenness() is.
  const double scale = n > 2 ? 1.0 / (double(n - 1) * double(n - 2)) : 0.0;
  for (auto& b : out) b *= scale;
  return out;
}

}  // namespace ariadne::graph
