// Brokers: Burt's constraint and betweenness across communities, walked
// here over the graph's edge list (igraph has neither).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "graph/graph.hpp"

namespace ariadne::graph {

namespace {

// Each node's neighbours with the weights of the edges to them.
struct Adjacency {
  std::vector<std::size_t> first;
  std::vector<Node> to;
  std::vector<double> weight;

  explicit Adjacency(const Graph& g) : first(g.nodes() + 1, 0) {
    for (const auto& e : g.edge_list()) {
      ++first[e.a + 1];
      ++first[e.b + 1];
    }
    for (std::size_t n = 0; n < g.nodes(); ++n) first[n + 1] += first[n];
    to.resize(first.back());
    weight.resize(first.back());
    std::vector<std::size_t> fill(first.begin(), first.end() - 1);
    for (const auto& e : g.edge_list()) {
      to[fill[e.a]] = e.b;
      weight[fill[e.a]++] = e.weight;
      to[fill[e.b]] = e.a;
      weight[fill[e.b]++] = e.weight;
    }
  }
};

}  // namespace

Result<std::vector<double>> constraint(const Graph& g, bool weighted) {
  const Adjacency adj(g);
  const auto n = g.nodes();
  // p[i] for the adjacency entry i of u: the share of u's ties that go to that neighbour.
  std::vector<double> share(adj.to.size());
  for (Node u = 0; u < n; ++u) {
    double sum = 0;
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) sum += weighted ? adj.weight[i] : 1;
    for (auto i = adj.first[u]; i < adj.first[u + 1]; ++i) share[i] = (weighted ? adj.weight[i] : 1) / sum;
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
  const Adjacency adj(g);
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
