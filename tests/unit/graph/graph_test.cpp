// Graphs: building (repeats merged, self-loops counted), edge lists, and
// every measure on small graphs whose answers are worked out by hand.
// tests/graph/compare_networkx.py compares the measures with networkx on
// public covert networks.
#include "graph/graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <sstream>

#include "graph/edge_list.hpp"
#include "graph/leiden.hpp"

namespace ariadne::graph {
namespace {

Graph make(std::size_t n, std::vector<Edge> edges) {
  auto g = Graph::build(n, edges);
  EXPECT_TRUE(g) << g.error().message;
  return std::move(g).value();
}

// Uniform random pairs among n nodes, from a seeded generator.
std::vector<Edge> random_edges(Node n, std::size_t m, std::uint64_t seed) {
  const auto next = [&] { return seed = seed * 6364136223846793005ULL + 1442695040888963407ULL, seed >> 33; };
  std::vector<Edge> edges(m);
  for (auto& e : edges) e = {Node(next() % n), Node(next() % n)};
  return edges;
}

// How many communities do not hold together by their own edges.
std::size_t communities_in_pieces(const Graph& g, const Communities& c) {
  std::vector<std::vector<Node>> adjacent(g.nodes());
  for (const auto& e : g.edge_list()) adjacent[e.a].push_back(e.b), adjacent[e.b].push_back(e.a);
  std::vector<std::size_t> size(c.count, 0), reached(c.count, 0);
  for (const auto k : c.of) ++size[k];
  std::vector<bool> seen(g.nodes(), false);
  std::size_t pieces = 0;
  for (Node u = 0; u < g.nodes(); ++u) {
    const auto k = c.of[u];
    if (reached[k] > 0) continue;  // walked from the community's first node
    std::vector<Node> queue{u};
    seen[u] = true;
    for (std::size_t at = 0; at < queue.size(); ++at) {
      for (const auto v : adjacent[queue[at]]) {
        if (!seen[v] && c.of[v] == k) seen[v] = true, queue.push_back(v);
      }
    }
    reached[k] = queue.size();
    pieces += reached[k] != size[k];
  }
  return pieces;
}

TEST(Graph, RepeatedEdgesAreMergedWithTheirWeightsSummedAndSelfLoopsLeftOut) {
  BuildReport r;
  auto g = Graph::build(3, {{0, 1, 2}, {1, 0, 3}, {1, 1, 1}, {1, 2, 1}}, &r);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->nodes(), 3U);
  EXPECT_EQ(g->edges(), 2U);
  EXPECT_EQ(r.edges_given, 4U);
  EXPECT_EQ(r.duplicates, 1U);
  EXPECT_EQ(r.self_loops, 1U);
  EXPECT_DOUBLE_EQ(g->edge_list()[0].weight, 5);
  EXPECT_EQ(*degree(*g, true), (std::vector<double>{5, 6, 1}));
  EXPECT_EQ(*degree(*g), (std::vector<double>{1, 2, 1}));
}

TEST(Graph, EdgesOutsideTheNodesOrWithoutAPositiveWeightAreRefused) {
  auto outside = Graph::build(2, {{0, 2, 1}});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().fields.at(0).field, "edges[0]");
  for (double w : {0.0, -1.0, std::nan(""), static_cast<double>(INFINITY)}) {
    auto bad = Graph::build(2, {{0, 1, 1}, {0, 1, w}});
    ASSERT_FALSE(bad) << w;
    EXPECT_EQ(bad.error().fields.at(0).field, "edges[1].weight");
  }
  auto empty = Graph::build(0, {});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(components(*empty)->of.empty());
}

TEST(Graph, ComponentsAreNumberedByTheirFirstNode) {
  const auto g = make(6, {{3, 4}, {0, 5}, {1, 3}});
  const auto c = components(g).value();
  EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 1, 2, 1, 1, 0}));
  EXPECT_EQ(c.sizes, (std::vector<std::uint32_t>{2, 3, 1}));
}

TEST(Graph, CentralitiesOfAPathAreThoseWorkedOutByHand) {
  // 0 - 1 - 2, and 3 alone.
  const auto g = make(4, {{0, 1}, {1, 2}});
  // Betweenness: node 1 lies on the one path between 0 and 2, of the (n-1)(n-2)/2 = 3 pairs.
  const auto b = betweenness(g).value();
  EXPECT_NEAR(b[1], 1.0 / 3.0, 1e-12);
  EXPECT_EQ(b[0], 0);
  // Closeness (Wasserman-Faust): node 1 reaches 2 at distance 1 each: (2/2)·(2/3).
  const auto c = closeness(g).value();
  EXPECT_NEAR(c[1], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(c[0], (2.0 / 3.0) * (2.0 / 3.0), 1e-12);
  EXPECT_EQ(c[3], 0) << "a node that reaches none";
  EXPECT_EQ(coreness(g).value(), (std::vector<std::uint32_t>{1, 1, 1, 0}));
  // PageRank sums to one; the isolated node still gets the jumps' share.
  const auto pr = pagerank(g).value();
  EXPECT_NEAR(std::accumulate(pr.begin(), pr.end(), 0.0), 1.0, 1e-12);
  // The isolated node keeps the uniform share r = (1 − d) / (n − d·isolated); then
  // r0 = r + d·r1/2 and r1 = r + d·(r0 + r2) give r1 = r(1 + 2d)/(1 − d²) (networkx agrees).
  const double d = 0.85, r = (1 - d) / (4 - d);
  EXPECT_NEAR(pr[3], r, 1e-12);
  EXPECT_NEAR(pr[1], r * (1 + 2 * d) / (1 - d * d), 1e-12);
  EXPECT_NEAR(pr[0], pr[2], 1e-12);
  EXPECT_FALSE(pagerank(g, false, 1.0));
}

TEST(Graph, EigenvectorCentralityOfAStarHasUnitNorm) {
  const auto g = make(5, {{0, 1}, {0, 2}, {0, 3}, {0, 4}});
  const auto e = eigenvector(g).value();
  // λ = 2: the hub is twice a leaf; x² + 4y² = 1.
  EXPECT_NEAR(e[0], 1 / std::sqrt(2.0), 1e-9);
  for (int i = 1; i < 5; ++i) EXPECT_NEAR(e[i], 1 / std::sqrt(8.0), 1e-9);
  // On a cycle every node is alike.
  const auto cycle = pagerank(make(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}})).value();
  for (const auto v : cycle) EXPECT_NEAR(v, 0.25, 1e-12);
}

TEST(Graph, TwoTrianglesJoinedByAnEdgeAreTwoCommunitiesByEitherMethod) {
  const auto g = make(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}, {2, 3}});
  for (auto method : {CommunityMethod::leiden, CommunityMethod::louvain}) {
    const auto c = communities(g, method).value();
    EXPECT_EQ(c.count, 2U);
    EXPECT_EQ(c.of, (std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1}));
    // Q = Σ l_c/m − (d_c/2m)² = 2·(3/7 − (7/14)²).
    EXPECT_NEAR(c.modularity, 2 * (3.0 / 7 - 0.25), 1e-12);
  }
  EXPECT_NEAR(modularity(g, {0, 0, 0, 0, 0, 0}).value(), 0, 1e-12);
  EXPECT_FALSE(modularity(g, {0, 1}));
  EXPECT_FALSE(communities(g, CommunityMethod::leiden, false, 0));
  EXPECT_FALSE(communities(make(2, {{0, 0}}), CommunityMethod::leiden)) << "only a self-loop: no edge, no modularity";
  // The same seed, the same answer.
  EXPECT_EQ(communities(g, CommunityMethod::leiden, false, 1, 7)->of,
            communities(g, CommunityMethod::leiden, false, 1, 7)->of);
}

TEST(Graph, PlantedCommunitiesAreFoundAndEveryLeidenCommunityIsConnected) {
  // 30 cliques of 8 in a ring, one edge from each to the next: the cliques are the communities.
  std::vector<Edge> edges;
  for (Node c = 0; c < 30; ++c) {
    for (Node i = 0; i < 8; ++i) {
      for (Node j = i + 1; j < 8; ++j) edges.push_back({8 * c + i, 8 * c + j});
    }
    edges.push_back({8 * c + 7, 8 * ((c + 1) % 30)});
  }
  const auto ring = make(240, edges);
  for (auto method : {CommunityMethod::leiden, CommunityMethod::louvain}) {
    const auto c = communities(ring, method).value();
    ASSERT_EQ(c.count, 30U);
    for (Node u = 0; u < 240; ++u) EXPECT_EQ(c.of[u], u / 8) << "node " << u;
  }
  // A sparse random graph: Leiden never leaves a community in pieces (Louvain may),
  // states the modularity of its partition, and does at least as well as Louvain.
  const auto g = make(2000, random_edges(2000, 6000, 7));
  const auto leiden = communities(g, CommunityMethod::leiden).value();
  const auto louvain = communities(g, CommunityMethod::louvain).value();
  EXPECT_GE(leiden.modularity, louvain.modularity);
  EXPECT_NEAR(modularity(g, leiden.of).value(), leiden.modularity, 1e-12);
  EXPECT_NEAR(modularity(g, louvain.of).value(), louvain.modularity, 1e-12);
  EXPECT_EQ(communities_in_pieces(g, leiden), 0U);
  // Any numbering of the communities states the same modularity.
  std::vector<std::uint32_t> renamed(leiden.of);
  for (auto& c : renamed) c = 4'000'000'000U - c;
  EXPECT_NEAR(modularity(g, renamed).value(), leiden.modularity, 1e-12);
}

// Beyond a million edges Louvain runs once, Leiden starts from every node
// alone and runs while a run gains 1 %, and passes over a graph larger than
// the caches visit nodes in node order from a random one: the partitions
// must be as sound as on a small graph. The scale is lowered to walk those
// ways on 120,000 edges (the benchmark takes them on ten million).
TEST(Graph, ALargeGraphsCommunitiesAreSoundAndLeidenDoesBetterThanLouvain) {
  const auto g = make(20'000, random_edges(20'000, 120'000, 11));
  const detail::Scale scale{.large_edges = 100'000, .cached_edges = 200'000};
  ASSERT_GT(g.edges(), scale.large_edges);
  ASSERT_GT(2 * g.edges(), scale.cached_edges);
  const auto leiden = detail::communities(g, CommunityMethod::leiden, false, 1, 1, scale).value();
  const auto louvain = detail::communities(g, CommunityMethod::louvain, false, 1, 1, scale).value();
  EXPECT_GT(leiden.modularity, louvain.modularity);
  EXPECT_GT(louvain.modularity, 0.2) << "a random graph of mean degree 12 still has communities to find";
  EXPECT_NEAR(modularity(g, leiden.of).value(), leiden.modularity, 1e-9);
  EXPECT_NEAR(modularity(g, louvain.of).value(), louvain.modularity, 1e-9);
  EXPECT_EQ(communities_in_pieces(g, leiden), 0U);
  EXPECT_EQ(detail::communities(g, CommunityMethod::leiden, false, 1, 1, scale)->of, leiden.of)
      << "the same seed, the same partition";
}

TEST(Graph, LeidenSplitsACommunityInPiecesThatLouvainKeeps) {
  // Two cliques of 5 without an edge between them, started as one community:
  // no single node gains by leaving it, so Louvain keeps it (modularity 0);
  // Leiden's refinement finds the two cliques and separates them (0.5).
  std::vector<Edge> edges;
  for (Node c = 0; c < 2; ++c) {
    for (Node i = 0; i < 5; ++i) {
      for (Node j = i + 1; j < 5; ++j) edges.push_back({5 * c + i, 5 * c + j});
    }
  }
  const auto g = make(10, edges);
  const auto rows = detail::rows(g, false);
  const std::vector<std::uint32_t> one(10, 0);
  const auto louvain = detail::optimise(rows, one, 1, detail::Refine::no, 1);
  EXPECT_EQ(louvain.of, one);
  EXPECT_NEAR(louvain.modularity, 0, 1e-12);
  EXPECT_NEAR(detail::modularity(rows, louvain.of, 1), 0, 1e-12);
  const auto leiden = detail::optimise(rows, one, 1, detail::Refine::yes, 1);
  EXPECT_EQ(leiden.of, (std::vector<std::uint32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_NEAR(leiden.modularity, 0.5, 1e-12);
  EXPECT_NEAR(detail::modularity(rows, leiden.of, 1), 0.5, 1e-12);
}

TEST(Graph, ShortestPathsAreAllOfThemWithinTheHopsAndTheLimit) {
  // A square 0-1-2-3-0 and a tail 2-4; 5 alone.
  const auto g = make(6, {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {2, 4}});
  using P = std::vector<std::vector<Node>>;
  EXPECT_EQ(shortest_paths(g, 0, 2, 6, 100).value(), (P{{0, 1, 2}, {0, 3, 2}}));
  EXPECT_EQ(shortest_paths(g, 0, 4, 6, 100).value(), (P{{0, 1, 2, 4}, {0, 3, 2, 4}}));
  EXPECT_EQ(shortest_paths(g, 0, 4, 6, 1).value().size(), 1U);
  EXPECT_TRUE(shortest_paths(g, 0, 4, 2, 100).value().empty()) << "three hops away";
  EXPECT_TRUE(shortest_paths(g, 0, 5, 6, 100).value().empty()) << "not connected: no path, no error";
  EXPECT_EQ(shortest_paths(g, 1, 1, 6, 100).value(), (P{{1}}));
  EXPECT_EQ(shortest_paths(g, 0, 9, 6, 100).error().code, ErrorCode::not_found);
}

TEST(EdgeList, NodesAreNamedAsReadAndEveryBadRowIsNamed) {
  std::istringstream good("\xEF\xBB\xBFSource,Target,Weight\n\"Atta, Mohamed\",Jarrah,5\nJarrah,Hanjour,1\n\n");
  std::vector<LineError> errors;
  auto list = read_edge_list(good, [&](const LineError& e) { errors.push_back(e); });
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(list->names, (std::vector<std::string>{"Atta, Mohamed", "Jarrah", "Hanjour"}));
  ASSERT_EQ(list->edges.size(), 2U);
  EXPECT_EQ(list->edges[1].a, 1U);
  EXPECT_DOUBLE_EQ(list->edges[0].weight, 5);
  EXPECT_TRUE(list->weighted);

  std::istringstream bad("source,target,weight\na,b,1\na,,2\nc,d,heavy\ne,f,-1\n\"g,h,1\n");
  errors.clear();
  auto refused = read_edge_list(bad, [&](const LineError& e) { errors.push_back(e); });
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("rows are no edge"), std::string::npos) << refused.error().message;
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0].line, 3U);
  EXPECT_EQ(errors[0].field, "target");
  EXPECT_EQ(errors[1].field, "weight");
  EXPECT_EQ(errors[2].line, 5U);
  EXPECT_EQ(errors[3].line, 6U) << "a quote never closed";

  std::istringstream headless("a,b\nb,c\n");
  auto no_columns = read_edge_list(headless, [](const LineError&) {});
  ASSERT_FALSE(no_columns);
  ASSERT_EQ(no_columns.error().fields.size(), 2U) << "both columns named";
  std::istringstream empty("");
  EXPECT_FALSE(read_edge_list(empty, [](const LineError&) {}));
  std::istringstream header_only("source,target\n\n");
  auto nothing = read_edge_list(header_only, [](const LineError&) {});
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message.find("no edge"), std::string::npos);
}

}  // namespace
}  // namespace ariadne::graph
